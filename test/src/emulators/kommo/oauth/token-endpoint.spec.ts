import { KommoEmulator } from '../kommo-emulator';
import { apiGet, CLIENT, postToken, startTestKommo } from '../spec-helpers';

const OAUTH_TYPE = 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson';

describe('Kommo emulator token endpoint', () => {
  let kommo: KommoEmulator;
  let clock: number;

  beforeEach(async () => {
    clock = Date.UTC(2026, 10, 2, 10, 0, 0);
    kommo = await startTestKommo({ now: () => clock });
    kommo.addAccount({ id: 31000001, subdomain: 'acme' });
  });
  afterEach(() => kommo.close());

  it('exchanges a code for a JWT-shaped access token and a refresh token', async () => {
    const code = kommo.issueAuthCode(31000001);
    const answer = await postToken(kommo, { grant_type: 'authorization_code', code });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 86400 });
    expect(answer.body.server_time).toBe(Math.floor(clock / 1000));
    const [, payload] = (answer.body.access_token as string).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({ aud: CLIENT.clientId, account_id: 31000001, sub: '1' });
    expect(claims.exp - claims.iat).toBe(86400);
    expect(kommo.tokenRequests).toEqual([
      expect.objectContaining({
        grantType: 'authorization_code',
        accountId: 31000001,
        status: 200,
      }),
    ]);
  });

  it('accepts the form-encoded body the official PHP client sends', async () => {
    const body = new URLSearchParams({
      ...{ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret },
      ...{ redirect_uri: CLIENT.redirectUri, grant_type: 'authorization_code' },
      code: kommo.issueAuthCode(31000001),
    });
    const response = await fetch(`${kommo.url}/oauth2/access_token`, { method: 'POST', body });

    expect(response.status).toBe(200);
  });

  it('answers 400 with league-style hints for used, expired and unknown codes', async () => {
    const code = kommo.issueAuthCode(31000001);
    await postToken(kommo, { grant_type: 'authorization_code', code });
    const reused = await postToken(kommo, { grant_type: 'authorization_code', code });
    const stale = kommo.issueAuthCode(31000001);
    clock += 20 * 60 * 1000;
    const expired = await postToken(kommo, { grant_type: 'authorization_code', code: stale });
    const unknown = await postToken(kommo, { grant_type: 'authorization_code', code: 'nope' });

    expect(reused).toEqual({
      status: 400,
      body: {
        hint: 'Authorization code has been revoked',
        title: 'Некорректный запрос',
        type: OAUTH_TYPE,
        status: 400,
        detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
      },
    });
    expect(expired.body.hint).toBe('Authorization code has expired');
    expect(unknown.body.hint).toBe('Cannot decrypt the authorization code');
  });

  it.each([
    ['client id', { client_id: 'someone-else' }],
    ['client secret', { client_secret: 'wrong' }],
    ['redirect uri with a trailing slash', { redirect_uri: `${CLIENT.redirectUri}/` }],
  ])('answers 401 "Некорректный клиент" for a wrong %s', async (_, override) => {
    const code = kommo.issueAuthCode(31000001);
    const answer = await postToken(kommo, { grant_type: 'authorization_code', code, ...override });

    expect(answer).toEqual({
      status: 401,
      body: {
        title: 'Некорректный клиент',
        type: OAUTH_TYPE,
        status: 401,
        detail: 'Авторизация клиента не прошла',
      },
    });
  });

  it('keeps the old refresh token usable until the new pair is first used', async () => {
    const code = kommo.issueAuthCode(31000001);
    const first = await postToken(kommo, { grant_type: 'authorization_code', code });
    const oldRefresh = first.body.refresh_token as string;

    const second = await postToken(kommo, {
      grant_type: 'refresh_token',
      refresh_token: oldRefresh,
    });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(oldRefresh);
    // The answer was "lost": the old token still works (KD oauth-20 grace window).
    const retry = await postToken(kommo, {
      grant_type: 'refresh_token',
      refresh_token: oldRefresh,
    });
    expect(retry.status).toBe(200);

    const used = await apiGet(kommo, retry.body.access_token as string, '/api/v4/account');
    expect(used.status).toBe(200);
    const reuse = await postToken(kommo, {
      grant_type: 'refresh_token',
      refresh_token: oldRefresh,
    });
    expect(reuse).toEqual({
      status: 401,
      body: {
        hint: 'Token has been revoked',
        title: 'Некорректный запрос',
        type: OAUTH_TYPE,
        status: 401,
        detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
      },
    });
  });

  it('ends the grace window when the new refresh token is used', async () => {
    const code = kommo.issueAuthCode(31000001);
    const first = await postToken(kommo, { grant_type: 'authorization_code', code });
    const second = await postToken(kommo, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token as string,
    });
    await postToken(kommo, {
      grant_type: 'refresh_token',
      refresh_token: second.body.refresh_token as string,
    });
    const spent = await postToken(kommo, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token as string,
    });

    expect(spent.status).toBe(401);
    expect(spent.body.hint).toBe('Token has been revoked');
  });

  it('rejects expired access tokens and revoked refresh tokens', async () => {
    const code = kommo.issueAuthCode(31000001);
    const pair = await postToken(kommo, { grant_type: 'authorization_code', code });
    kommo.expireAccessTokens(31000001);
    const expired = await apiGet(kommo, pair.body.access_token as string, '/api/v4/account');
    kommo.revokeRefreshTokens(31000001);
    const refresh = await postToken(kommo, {
      grant_type: 'refresh_token',
      refresh_token: pair.body.refresh_token as string,
    });

    expect(expired.status).toBe(401);
    expect(expired.contentType).toBe('application/problem+json');
    expect(expired.json).toMatchObject({ title: 'Unauthorized', status: 401 });
    expect(refresh.status).toBe(401);
    expect(refresh.body.hint).toBe('Token has been revoked');
  });

  it('expires access tokens after 24 hours on the emulator clock', async () => {
    const code = kommo.issueAuthCode(31000001);
    const pair = await postToken(kommo, { grant_type: 'authorization_code', code });
    clock += 86_400_000;

    const answer = await apiGet(kommo, pair.body.access_token as string, '/api/v4/account');
    expect(answer.status).toBe(401);
  });

  it('answers 400 instead of crashing on a body that is not JSON', async () => {
    const response = await fetch(`${kommo.url}/oauth2/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"grant_type":',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ hint: 'Check the `grant_type` parameter' });
  });
});
