import { maxInWindow } from '../shared/sliding-window';
import { KommoEmulator } from './kommo-emulator';
import { accessTokenFor, apiGet, startTestKommo } from './spec-helpers';

const ACCOUNT = 31000004;

describe('Kommo emulator gateway', () => {
  let kommo: KommoEmulator;

  beforeEach(async () => {
    kommo = await startTestKommo({ retryAfterSeconds: 2 });
    kommo.addAccount({ id: ACCOUNT, subdomain: 'acme' });
  });
  afterEach(() => kommo.close());

  it('answers 429 with retry_after once a burst passes 7 requests in a second', async () => {
    const token = await accessTokenFor(kommo, ACCOUNT);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => apiGet(kommo, token, '/api/v4/account')),
    );
    const statuses = answers.map((answer) => answer.status);
    const throttled = answers.find((answer) => answer.status === 429)!;

    // The token exchange above was the first of the 7 allowed in this second.
    expect(statuses.filter((status) => status === 200)).toHaveLength(6);
    expect(statuses.filter((status) => status === 429)).toHaveLength(6);
    expect(throttled.contentType).toBe('application/problem+json');
    expect(throttled.json).toMatchObject({
      title: 'Too Many Requests',
      type: 'https://httpstatus.es/429',
      status: 429,
      retry_after: 2,
    });
    const admitted = kommo.requests.filter((r) => r.status !== 429).map((r) => r.at);
    expect(maxInWindow(admitted)).toBe(7);
    expect(maxInWindow(kommo.requests.map((r) => r.at))).toBe(13);
    expect(
      kommo.requests
        .filter((r) => r.path === '/api/v4/account')
        .every((r) => r.accountId === ACCOUNT),
    ).toBe(true);
  });

  it('admits requests again once the window has moved on', async () => {
    const token = await accessTokenFor(kommo, ACCOUNT);
    for (let i = 0; i < 6; i++) await apiGet(kommo, token, '/api/v4/account');
    expect((await apiGet(kommo, token, '/api/v4/account')).status).toBe(429);

    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect((await apiGet(kommo, token, '/api/v4/account')).status).toBe(200);
  });

  it('answers every call with nginx HTML 403 while banned, token endpoint included', async () => {
    const token = await accessTokenFor(kommo, ACCOUNT);
    kommo.setBanned(true);
    const api = await apiGet(kommo, token, '/api/v4/account');
    const oauth = await fetch(`${kommo.url}/oauth2/access_token`, { method: 'POST', body: '{}' });

    expect(api.status).toBe(403);
    expect(api.contentType).toBe('text/html');
    expect(api.text).toContain('<center><h1>403 Forbidden</h1></center>');
    expect(() => JSON.parse(api.text)).toThrow();
    expect(oauth.status).toBe(403);

    kommo.setBanned(false);
    expect((await apiGet(kommo, token, '/api/v4/account')).status).toBe(200);
  });

  it('injects failures a given number of times on matching paths', async () => {
    const token = await accessTokenFor(kommo, ACCOUNT);
    kommo.failNext({ method: 'GET', pathPrefix: '/api/v4/leads', status: 503, times: 2 });

    const statuses = [];
    for (const path of ['/api/v4/account', '/api/v4/leads', '/api/v4/leads', '/api/v4/leads']) {
      statuses.push((await apiGet(kommo, token, path)).status);
    }
    expect(statuses).toEqual([200, 503, 503, 204]);
  });

  it('answers 401 problem+json without a bearer token and 404/405 off the map', async () => {
    const token = await accessTokenFor(kommo, ACCOUNT);
    const anonymous = await apiGet(kommo, '', '/api/v4/account');
    const unknown = await apiGet(kommo, token, '/api/v4/nothing-here');
    const wrongMethod = await fetch(`${kommo.url}/api/v4/account`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    });

    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({
      title: 'Unauthorized',
      type: 'https://httpstatus.es/401',
    });
    expect(unknown.status).toBe(404);
    expect(wrongMethod.status).toBe(405);
  });
});
