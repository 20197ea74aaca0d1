import { KommoApiClient } from '../../../backend/src/kommo/api/kommo-api.client';
import { KommoApiError, KommoErrorCategory } from '../../../backend/src/kommo/api/kommo-api.error';
import { TokenKeepaliveJob } from '../../../backend/src/kommo/tokens/token-keepalive.job';
import { Stack, startStack } from '../support/stack';

const ACCOUNT = 4001;

/** The Kommo client's behaviour at the edges: 204, 429, bans and the keep-alive refresh. */
describe('Kommo API client', () => {
  let s: Stack;
  let installationId: string;
  let api: KommoApiClient;

  beforeAll(async () => {
    s = await startStack();
    s.kommo.addAccount({ id: ACCOUNT, subdomain: 'umbrella' });
    await s.kommo.sendInstallRedirect(ACCOUNT);
    [{ id: installationId }] = await s.app.dataSource.query(
      'SELECT id FROM installations WHERE account_id = $1',
      [ACCOUNT],
    );
    api = s.app.app.get(KommoApiClient);
  });
  afterAll(() => s.close());
  const failure = <T>(call: Promise<T>) =>
    call.then(
      () => undefined,
      (e: KommoApiError) => e,
    );

  it('reads a 204 for a missing lead as null', async () => {
    await expect(api.get(installationId, '/api/v4/leads/987654321')).resolves.toBeNull();
  });

  it('classifies a validation error with its paths', async () => {
    const error = (await failure(api.post(installationId, '/api/v4/tasks', [{ text: '' }])))!;

    expect(error.category).toBe(KommoErrorCategory.Invalid);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/complete_till/);
  });

  it('honours retry_after: after a 429 the next call waits before it is sent', async () => {
    s.kommo.failNext({
      pathPrefix: '/api/v4/account',
      status: 429,
      times: 1,
      body: { title: 'Too Many Requests', status: 429, detail: 'Slow down', retry_after: 2 },
    });

    const first = (await failure(api.get(installationId, '/api/v4/account')))!;
    const limitedAt = Date.now();
    expect(first.category).toBe(KommoErrorCategory.RateLimited);
    expect(first.retryAfterMs).toBe(2000);

    await api.get(installationId, '/api/v4/account');
    const next = s.kommo.requests.filter((r) => r.at >= limitedAt);
    expect(next).toHaveLength(1);
    expect(next[0].at - limitedAt).toBeGreaterThanOrEqual(1900);
  });

  it('stops all traffic after an HTML 403 ban instead of hammering Kommo', async () => {
    s.kommo.setBanned(true);
    const banned = (await failure(api.get(installationId, '/api/v4/account')))!;
    expect(banned.category).toBe(KommoErrorCategory.Forbidden);
    expect(banned.message).toContain('banned');

    const sent = s.kommo.requests.length;
    const again = (await failure(api.get(installationId, '/api/v4/account')))!;
    expect(again.category).toBe(KommoErrorCategory.Forbidden);
    expect(s.kommo.requests.length).toBe(sent);
    s.kommo.setBanned(false);
  });
});

describe('token keep-alive', () => {
  it('refreshes only accounts whose pair is a week old', async () => {
    const s = await startStack();
    try {
      s.kommo.addAccount({ id: 4101, subdomain: 'quiet' });
      s.kommo.addAccount({ id: 4102, subdomain: 'busy' });
      await s.kommo.sendInstallRedirect(4101);
      await s.kommo.sendInstallRedirect(4102);
      await s.app.dataSource.query(
        `UPDATE oauth_tokens SET refreshed_at = now() - interval '8 days'
         WHERE installation_id = (SELECT id FROM installations WHERE account_id = 4101)`,
      );

      const refreshed = await s.app.app.get(TokenKeepaliveJob).run();

      expect(refreshed).toBe(1);
      const refreshes = s.kommo.tokenRequests.filter((r) => r.grantType === 'refresh_token');
      expect(refreshes.map((r) => r.accountId)).toEqual([4101]);
      const rows = await s.app.dataSource.query(
        `SELECT i.account_id, t.version, t.refreshed_at > now() - interval '1 minute' AS fresh
         FROM oauth_tokens t JOIN installations i ON i.id = t.installation_id ORDER BY 1`,
      );
      expect(rows).toEqual([
        { account_id: '4101', version: 2, fresh: true },
        { account_id: '4102', version: 1, fresh: true },
      ]);
    } finally {
      await s.close();
    }
  });
});
