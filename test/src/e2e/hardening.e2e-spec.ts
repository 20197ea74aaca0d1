import request from 'supertest';
import { installConfiguredAccount } from '../support/crm-fixtures';
import { Stack, startStack } from '../support/stack';
import { TEST_CLIENT_SECRET } from '../support/test-app';
import { signWidgetToken } from '../support/widget-token';

const ACCOUNT = 5001;

/** Malformed and hostile requests get a clear 4xx, never a 500, and change nothing. */
describe('hostile input', () => {
  let s: Stack;
  const http = () => request(s.app.app.getHttpServer());

  beforeAll(async () => {
    s = await startStack();
    await installConfiguredAccount(s, ACCOUNT, 'acme');
  });
  afterAll(() => s.close());

  it('answers an oversized JSON body with 413', async () => {
    const response = await http()
      .put('/api/widget/settings')
      .set('X-Auth-Token', await s.token(ACCOUNT))
      .set('Content-Type', 'application/json')
      .send(`{"heapAppId":"${'1'.repeat(1_100_000)}"}`);

    expect(response.status).toBe(413);
    expect(response.body.code).toBe('http_413');
  });

  it('answers a body that claims gzip but is not with 400', async () => {
    const response = await http()
      .put('/api/widget/settings')
      .set('X-Auth-Token', await s.token(ACCOUNT))
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{"heapAppId":"1"}');

    expect(response.status).toBe(400);
  });

  it('shows the error page for repeated OAuth parameters instead of failing', async () => {
    const response = await http().get(
      '/api/kommo/oauth/callback?code=a&code=b&referer=acme.kommo.com&from_widget=1',
    );

    expect(response.status).toBe(400);
    expect(response.text).toContain('Incomplete request');
    const denied = await http().get(
      '/api/kommo/oauth/callback?error=access_denied&state=a&state=b',
    );
    expect(denied.status).toBe(400);
    expect(denied.text).toContain('Access was not granted');
  });

  it('refuses a malformed record id with 400', async () => {
    const response = await http()
      .post('/api/widget/deals/1/sync/not-a-uuid/retry')
      .set('X-Auth-Token', await s.token(ACCOUNT));

    expect(response.status).toBe(400);
  });

  it('stores a webhook body holding a NUL byte and still answers 200', async () => {
    const destination = s.kommo.webhooks
      .get(ACCOUNT)!
      .find((hook) => hook.destination.startsWith(s.app.config.publicUrl))!.destination;
    const response = await http()
      .post(new URL(destination).pathname)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(`leads[update][0][id]=77\u0000&account[id]=${ACCOUNT}`);

    expect(response.status).toBe(200);
    const [row] = await s.app.dataSource.query(
      'SELECT body FROM webhook_deliveries WHERE id = $1',
      [response.body.deliveryId],
    );
    expect(row.body).toBe(`leads[update][0][id]=77\\0&account[id]=${ACCOUNT}`);
  });

  it('does not read an "is_admin": "false" claim as admin', async () => {
    const forged = await signWidgetToken({
      accountId: ACCOUNT,
      audience: s.app.config.publicUrl,
      secret: TEST_CLIENT_SECRET,
      isAdmin: 'false' as unknown as boolean,
    });

    const response = await http()
      .put('/api/widget/settings')
      .set('X-Auth-Token', forged)
      .send({ heapAppId: '999' });
    expect(response.status).toBe(403);
  });

  it('refuses a token that lives longer than Kommo issues them', async () => {
    const token = await signWidgetToken({
      accountId: ACCOUNT,
      isAdmin: true,
      audience: s.app.config.publicUrl,
      secret: TEST_CLIENT_SECRET,
      lifetimeSeconds: 365 * 24 * 3600,
    });

    const response = await http().get('/api/widget/settings').set('X-Auth-Token', token);
    expect(response.status).toBe(401);
    expect(response.body.message).toContain('longer');
  });

  it('does not advertise the framework', async () => {
    const response = await http().get('/health');

    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
