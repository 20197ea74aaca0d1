import { IncomingCall, isRecord, parseJson, Reply } from '../../shared/http';
import { Lookup, TokenGrant, TokenRegistry, ACCESS_TOKEN_TTL_SECONDS } from './token-registry';

export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface TokenRequestRecord {
  at: number;
  grantType: string | null;
  accountId: number | null;
  status: number;
  hint: string | null;
}

const PROBLEM_TYPE = 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson';
const INVALID_REQUEST = {
  title: 'Некорректный запрос',
  detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
};
const INVALID_CLIENT = { title: 'Некорректный клиент', detail: 'Авторизация клиента не прошла' };

function oauthProblem(status: number, kind: typeof INVALID_REQUEST, hint?: string): Reply {
  const hintPart = hint ? { hint } : {};
  const json = { ...hintPart, title: kind.title, type: PROBLEM_TYPE, status, detail: kind.detail };

  return { status, json, contentType: 'application/problem+json' };
}

// KR get-token documents a JSON body; the official PHP client (league/oauth2-client) posts a
// form, so both are read.
function readParams(call: IncomingCall): Record<string, unknown> | null {
  const type = String(call.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(call.body.toString('utf8')));
  }
  const parsed = parseJson(call.body);

  return parsed.ok && isRecord(parsed.value) ? parsed.value : null;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

export function handleTokenRequest(
  call: IncomingCall,
  registry: TokenRegistry,
  config: OAuthClientConfig,
  nowMs: number,
): { reply: Reply; record: Omit<TokenRequestRecord, 'at'> } {
  const params = readParams(call) ?? {};
  const grantType = text(params.grant_type);
  const byCode = grantType === 'authorization_code';
  const code = text(params.code);
  const refreshToken = text(params.refresh_token);
  const accountId = byCode
    ? code && registry.accountOfCode(code)
    : refreshToken && registry.accountOfRefresh(refreshToken);
  const finish = (reply: Reply) => {
    const hint =
      isRecord(reply.json) && typeof reply.json.hint === 'string' ? reply.json.hint : null;

    const record = { grantType, accountId: accountId || null, status: reply.status, hint };

    return { reply, record };
  };

  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return finish(oauthProblem(400, INVALID_REQUEST, 'Check the `grant_type` parameter'));
  }
  if (!text(params.client_id)) {
    return finish(oauthProblem(400, INVALID_REQUEST, 'Check the `client_id` parameter'));
  }
  const redirectUri = text(params.redirect_uri);
  const redirectMismatch = (byCode || redirectUri !== null) && redirectUri !== config.redirectUri;
  if (
    params.client_id !== config.clientId ||
    params.client_secret !== config.clientSecret ||
    redirectMismatch
  ) {
    return finish(oauthProblem(401, INVALID_CLIENT));
  }

  if (byCode ? !code : !refreshToken) {
    const name = byCode ? 'code' : 'refresh_token';

    return finish(oauthProblem(400, INVALID_REQUEST, `Check the \`${name}\` parameter`));
  }
  const result: Lookup<TokenGrant> = byCode
    ? registry.redeemCode(code as string)
    : registry.refresh(refreshToken as string);
  if (!result.ok) {
    // Code problems answer 400, refresh-token problems 401 (§2.4).
    return finish(oauthProblem(byCode ? 400 : 401, INVALID_REQUEST, result.hint));
  }

  return finish({
    status: 200,
    json: {
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      server_time: Math.floor(nowMs / 1000),
      access_token: result.value.accessToken,
      refresh_token: result.value.refreshToken,
    },
  });
}
