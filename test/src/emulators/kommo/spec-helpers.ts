import { KommoEmulator, startKommoEmulator } from './kommo-emulator';

export const CLIENT = {
  clientId: 'c0ffee00-0000-4000-8000-000000000001',
  clientSecret: 'emulator-secret',
  redirectUri: 'https://sync.example.test/kommo/callback',
};

export const startTestKommo = (options: Partial<Parameters<typeof startKommoEmulator>[0]> = {}) =>
  startKommoEmulator({ ...CLIENT, ...options });

// Specs read deep into HAL bodies; a loose type keeps those reads short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** POSTs to the token endpoint with the registered client unless fields override it. */
export async function postToken(
  kommo: KommoEmulator,
  fields: Record<string, string>,
): Promise<TokenAnswer> {
  const response = await fetch(`${kommo.url}/oauth2/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      redirect_uri: CLIENT.redirectUri,
      ...fields,
    }),
  });

  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function accessTokenFor(kommo: KommoEmulator, accountId: number, userId?: number) {
  const code = kommo.issueAuthCode(accountId, userId);
  const answer = await postToken(kommo, { grant_type: 'authorization_code', code });

  return answer.body.access_token as string;
}

export async function apiGet(kommo: KommoEmulator, token: string, pathAndQuery: string) {
  const response = await fetch(`${kommo.url}${pathAndQuery}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  const isJson = text !== '' && Boolean(contentType?.includes('json'));

  return {
    status: response.status,
    contentType,
    text,
    json: isJson ? (JSON.parse(text) as Json) : null,
  };
}

export async function apiSend(
  kommo: KommoEmulator,
  token: string,
  method: string,
  path: string,
  body: unknown,
) {
  const response = await fetch(`${kommo.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();

  return { status: response.status, json: text ? (JSON.parse(text) as Json) : null };
}
