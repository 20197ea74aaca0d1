import request from 'supertest';
import { KommoApiClient } from '../../../backend/src/kommo/api/kommo-api.client';
import { KommoErrorCategory } from '../../../backend/src/kommo/api/kommo-api.error';
import { maxInWindow } from '../emulators/kommo';
import { eventually, Stack, startStack } from '../support/stack';

const ACME = 1001;
const GLOBEX = 1002;

describe('Kommo installation', () => {
  let s: Stack;
  const db = (sql: string, params: unknown[] = []) => s.app.dataSource.query(sql, params);
  const installation = async (accountId: number) =>
    (await db('SELECT * FROM installations WHERE account_id = $1', [accountId]))[0];
  const ourHooks = (accountId: number) =>
    (s.kommo.webhooks.get(accountId) ?? []).filter((hook) =>
      hook.destination.startsWith(`${s.app.config.publicUrl}/api/kommo/webhooks/`),
    );

  beforeAll(async () => {
    s = await startStack();
    s.kommo.addAccount({ id: ACME, subdomain: 'acme', timezone: 'Europe/Madrid' });
    s.kommo.addAccount({ id: GLOBEX, subdomain: 'globex' });
  });
  afterAll(() => s.close());

  it('installs from the widget: one active installation, sealed tokens, one webhook', async () => {
    const answer = await s.kommo.sendInstallRedirect(ACME);

    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(3000);
    const row = await installation(ACME);
    expect(row).toMatchObject({
      origin: 'https://acme.kommo.com',
      subdomain: 'acme',
      status: 'active',
      timezone: 'Europe/Madrid',
    });
    const [tokens] = await db('SELECT * FROM oauth_tokens WHERE installation_id = $1', [row.id]);
    const api = s.app.app.get(KommoApiClient);
    const account = await api.get<{ id: number }>(row.id, '/api/v4/account');
    expect(account?.id).toBe(ACME);
    // The stored ciphertext holds neither token: JWTs start with "eyJ" in any encoding we use.
    expect(tokens.access_token_enc).not.toMatch(/eyJ/);
    expect(tokens.refresh_token_enc.length).toBeGreaterThan(40);
    expect(tokens.key_id).toMatch(/^[0-9a-f]{8}$/);

    const hooks = ourHooks(ACME);
    expect(hooks).toHaveLength(1);
    expect(hooks[0].settings.sort()).toEqual(['status_lead', 'update_lead']);
  });

  it('installing again updates the installation and its tokens without duplicate webhooks', async () => {
    const before = await installation(ACME);
    const [oldHook] = ourHooks(ACME);

    expect((await s.kommo.sendInstallRedirect(ACME)).status).toBe(200);
    const rows = await db('SELECT id FROM installations WHERE account_id = $1', [ACME]);
    expect(rows).toEqual([{ id: before.id }]);
    const [tokens] = await db('SELECT version FROM oauth_tokens WHERE installation_id = $1', [
      before.id,
    ]);
    expect(tokens.version).toBe(2);
    const hooks = ourHooks(ACME);
    expect(hooks).toHaveLength(1);
    expect(hooks[0].destination).not.toBe(oldHook.destination);
  });

  it('installs through the site button with a single-use state', async () => {
    const start = await request(s.app.app.getHttpServer())
      .get('/api/kommo/oauth/start')
      .expect(302);
    const authorize = new URL(start.headers.location);
    const state = authorize.searchParams.get('state')!;

    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${s.kommo.url}/oauth`);
    expect(authorize.searchParams.get('client_id')).toBe(s.app.config.kommo.clientId);
    expect(state).toMatch(/^[\w-]{24,}$/);

    expect((await s.kommo.sendInstallRedirect(GLOBEX, { state })).status).toBe(200);
    expect((await installation(GLOBEX)).status).toBe('active');

    const replay = await s.kommo.sendInstallRedirect(GLOBEX, { state });
    expect(replay.status).toBe(400);
    const unknown = await s.kommo.sendInstallRedirect(GLOBEX, {
      state: 'never-issued-state-value',
    });
    expect(unknown.status).toBe(400);
    const [codes] = await db(`SELECT count(*)::int AS n FROM oauth_codes`);
    expect(codes.n).toBe(3);
  });

  it('answers a slow exchange within 3 seconds and finishes it in a job', async () => {
    const INITECH = 1003;
    s.kommo.addAccount({ id: INITECH, subdomain: 'initech' });
    s.kommo.setLatency(2500);
    try {
      const answer = await s.kommo.sendInstallRedirect(INITECH);

      expect(answer.status).toBe(202);
      expect(answer.ms).toBeLessThan(3000);
      const [code] = await db(`SELECT status FROM oauth_codes ORDER BY received_at DESC LIMIT 1`);
      expect(code.status).toBe('pending');
      await eventually(
        'the installation',
        async () => (await installation(INITECH))?.status === 'active',
        30000,
      );
    } finally {
      s.kommo.setLatency(0);
    }
    const [code] = await db(
      `SELECT status, code_enc, tokens_enc FROM oauth_codes ORDER BY received_at DESC LIMIT 1`,
    );
    expect(code).toEqual({ status: 'exchanged', code_enc: '', tokens_enc: null });
  }, 40000);

  it('shows a clear page when the user declines', async () => {
    const response = await request(s.app.app.getHttpServer())
      .get('/api/kommo/oauth/callback')
      .query({ error: 'access_denied', client_id: s.app.config.kommo.clientId, state: 'x' })
      .expect(400);

    expect(response.headers['content-type']).toMatch(/html/);
    expect(response.text).toContain('Access was not granted');
    expect(response.text).toContain('access was declined');
  });

  it('refuses a referer that is not a Kommo account', async () => {
    const response = await request(s.app.app.getHttpServer())
      .get('/api/kommo/oauth/callback')
      .query({ code: 'abc', referer: 'evil.example.com', from_widget: '1' })
      .expect(400);

    expect(response.text).toContain('Incomplete request');
  });

  it('makes exactly one refresh request for 50 concurrent calls with an expired token', async () => {
    const { id } = await installation(ACME);
    await db(`UPDATE oauth_tokens SET expires_at = now() - interval '1 hour'`);
    s.kommo.expireAccessTokens(ACME);
    const refreshesBefore = s.kommo.tokenRequests.filter((r) => r.grantType === 'refresh_token');
    const api = s.app.app.get(KommoApiClient);

    const answers = await Promise.all(
      Array.from({ length: 50 }, () => api.get<{ id: number }>(id, '/api/v4/account')),
    );

    expect(answers.every((answer) => answer?.id === ACME)).toBe(true);
    const refreshes = s.kommo.tokenRequests.filter((r) => r.grantType === 'refresh_token');
    expect(refreshes.length - refreshesBefore.length).toBe(1);
  }, 30000);

  it('refreshes once on a 401 for a token the store still thought valid', async () => {
    const { id } = await installation(ACME);
    s.kommo.expireAccessTokens(ACME);
    const acmeTokenRequests = () => s.kommo.tokenRequests.filter((r) => r.accountId === ACME);
    const before = acmeTokenRequests().length;

    const account = await s.app.app.get(KommoApiClient).get<{ id: number }>(id, '/api/v4/account');

    expect(account?.id).toBe(ACME);
    expect(acmeTokenRequests().length - before).toBe(1);
  });

  it('keeps the burst of 100 calls under 7 requests in any second', async () => {
    const { id } = await installation(GLOBEX);
    const since = Date.now();
    await Promise.all(
      Array.from({ length: 100 }, () => s.app.app.get(KommoApiClient).get(id, '/api/v4/account')),
    );
    const times = s.kommo.requests.filter((r) => r.at >= since).map((r) => r.at);

    expect(times.length).toBeGreaterThanOrEqual(100);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(7);
    expect(s.kommo.requests.filter((r) => r.at >= since && r.status === 429)).toHaveLength(0);
  }, 60000);

  it('moves a revoked installation to needs_reauth and then fails fast without calling Kommo', async () => {
    const { id } = await installation(GLOBEX);
    s.kommo.revokeRefreshTokens(GLOBEX);
    s.kommo.expireAccessTokens(GLOBEX);
    await db(
      `UPDATE oauth_tokens SET expires_at = now() - interval '1 hour'
      WHERE installation_id = $1`,
      [id],
    );
    const api = s.app.app.get(KommoApiClient);

    await expect(api.get(id, '/api/v4/account')).rejects.toMatchObject({
      category: KommoErrorCategory.Revoked,
    });
    expect((await installation(GLOBEX)).status).toBe('needs_reauth');

    const requests = s.kommo.requests.length;
    const tokenRequests = s.kommo.tokenRequests.length;
    await expect(api.get(id, '/api/v4/account')).rejects.toMatchObject({
      category: KommoErrorCategory.Revoked,
    });
    expect(s.kommo.requests.length).toBe(requests);
    expect(s.kommo.tokenRequests.length).toBe(tokenRequests);
  });

  it('ignores a disconnect call with a wrong signature', async () => {
    const response = await request(s.app.app.getHttpServer())
      .get('/api/kommo/disconnect')
      .query({
        client_uuid: s.app.config.kommo.clientId,
        account_id: ACME,
        signature: 'ab'.repeat(32),
      })
      .expect(401);

    expect(response.body.code).toBe('unauthorized');
    expect((await installation(ACME)).status).toBe('active');
    await request(s.app.app.getHttpServer()).get('/api/kommo/disconnect').expect(401);
  });

  it('uninstalls on a signed disconnect call and comes back with its settings on re-install', async () => {
    const { id } = await installation(ACME);
    await request(s.app.app.getHttpServer())
      .put('/api/widget/settings')
      .set('X-Auth-Token', await s.token(ACME))
      .send({ heapAppId: '987654' })
      .expect(200);

    const answer = await s.kommo.sendDisconnectHook(
      `${s.app.config.publicUrl}/api/kommo/disconnect`,
      ACME,
    );

    expect(answer.status).toBe(200);
    expect(await installation(ACME)).toMatchObject({
      status: 'uninstalled',
      webhook_token_hash: null,
    });
    expect(await db('SELECT 1 FROM oauth_tokens WHERE installation_id = $1', [id])).toEqual([]);

    expect((await s.kommo.sendInstallRedirect(ACME)).status).toBe(200);
    expect((await installation(ACME)).status).toBe('active');
    const settings = await request(s.app.app.getHttpServer())
      .get('/api/widget/settings')
      .set('X-Auth-Token', await s.token(ACME))
      .expect(200);
    expect(settings.body.settings.heapAppId).toBe('987654');
  });
});
