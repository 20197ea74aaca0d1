import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import qs from 'qs';
import { KommoEmulator } from './kommo-emulator';
import { accessTokenFor, apiGet, apiSend, CLIENT, Json, startTestKommo } from './spec-helpers';

const ACCOUNT = 31000005;

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for our backend: records every call and answers with `status`. */
async function startReceiver(answer: { status: number; delayMs?: number }) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      setTimeout(() => res.writeHead(answer.status).end(), answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));

  return { received, url, close, answer };
}

const parse = (body: string) => qs.parse(body, { depth: 32, arrayLimit: 100 }) as Json;

describe('Kommo emulator outgoing calls', () => {
  let kommo: KommoEmulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let token: string;

  beforeEach(async () => {
    kommo = await startTestKommo({ rateLimitPerSecond: 1000 });
    kommo.addAccount({ id: ACCOUNT, subdomain: 'acme' });
    receiver = await startReceiver({ status: 200 });
    token = await accessTokenFor(kommo, ACCOUNT);
  });
  afterEach(async () => {
    await kommo.close();
    await receiver.close();
  });

  const subscribe = (path: string, settings: string[]) =>
    apiSend(kommo, token, 'POST', '/api/v4/webhooks', {
      destination: `${receiver.url}${path}`,
      settings,
    });

  it('sends status and update events for a stage change in one unsigned form POST', async () => {
    await subscribe('/both', ['status_lead', 'update_lead']);
    await subscribe('/updates', ['update_lead']);
    const lead = kommo.addLead(ACCOUNT, { name: 'Pro', price: 1200 });
    const previousStage = lead.status_id;

    const updated = await kommo.updateLead(ACCOUNT, lead.id, { status_id: 142 });

    const both = receiver.received.find((call) => call.url === '/both')!;
    const updates = receiver.received.find((call) => call.url === '/updates')!;
    expect(receiver.received).toHaveLength(2);
    expect(both.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(both.headers['user-agent']).toBe('amoCRM-WebHook-client/1.0');
    expect(both.headers.authorization).toBeUndefined();
    const body = parse(both.body);
    expect(body.leads.status[0]).toMatchObject({
      id: String(lead.id),
      status_id: '142',
      old_status_id: String(previousStage),
    });
    expect(body.leads.update[0]).toMatchObject({ id: String(lead.id), price: '1200' });
    expect(body.account).toEqual({
      subdomain: 'acme',
      id: String(ACCOUNT),
      _links: { self: kommo.url },
    });
    expect(Object.keys(parse(updates.body).leads)).toEqual(['update']);
    expect(updated.closed_at).not.toBeNull();
    expect(kommo.webhookDeliveries.map((d) => [d.status, d.valid])).toEqual([
      [200, true],
      [200, true],
    ]);
  });

  it('sends add_lead only when asked and nothing for unsubscribed events', async () => {
    await subscribe('/adds', ['add_lead']);
    kommo.addLead(ACCOUNT, { name: 'Quiet' });
    const loud = kommo.addLead(ACCOUNT, { name: 'Loud' }, { sendWebhooks: true });
    await kommo.updateLead(ACCOUNT, loud.id, { price: 5 });
    await kommo.settleWebhooks();

    expect(receiver.received).toHaveLength(1);
    expect(parse(receiver.received[0].body).leads.add[0].name).toBe('Loud');
  });

  it('disables a hook after more than 100 invalid answers in two hours', async () => {
    receiver.answer.status = 500;
    await subscribe('/broken', ['update_lead']);
    const lead = kommo.addLead(ACCOUNT, {});
    for (let i = 0; i < 101; i++) await kommo.updateLead(ACCOUNT, lead.id, { price: i });
    const listed = await apiGet(kommo, token, '/api/v4/webhooks');

    expect(receiver.received).toHaveLength(101);
    expect(listed.json._embedded.webhooks[0].disabled).toBe(true);
    await kommo.updateLead(ACCOUNT, lead.id, { price: 1000 });
    expect(receiver.received).toHaveLength(101);
  });

  it('counts an answer slower than 2 s as invalid', async () => {
    receiver.answer.delayMs = 2500;
    const delivery = await kommo.deliverWebhook(`${receiver.url}/slow`, 'account%5Bid%5D=1');

    expect(delivery.status).toBe(0);
    expect(delivery.valid).toBe(false);
    expect(delivery.ms).toBeGreaterThanOrEqual(1900);
  });

  it('revokes tokens and then calls the disconnect hook with a valid signature', async () => {
    const answer = await kommo.sendDisconnectHook(`${receiver.url}/kommo/disconnect`, ACCOUNT);
    const call = new URL(receiver.received[0].url, receiver.url);
    const expected = createHmac('sha256', CLIENT.clientSecret)
      .update(`${CLIENT.clientId}|${ACCOUNT}`)
      .digest('hex');

    expect(answer.status).toBe(200);
    expect(receiver.received[0].headers['user-agent']).toBe('amoService-oAuth-Code-Sender/1.0');
    expect(Object.fromEntries(call.searchParams)).toEqual({
      client_uuid: CLIENT.clientId,
      account_id: String(ACCOUNT),
      signature: expected,
    });
    expect((await apiGet(kommo, token, '/api/v4/account')).status).toBe(401);
  });

  it('sends the install call with a code that exchanges for tokens', async () => {
    const install = await startTestKommo({ redirectUri: `${receiver.url}/kommo/callback` });
    install.addAccount({ id: ACCOUNT, subdomain: 'acme' });
    const answer = await install.sendInstallRedirect(ACCOUNT);
    const call = new URL(receiver.received[0].url, receiver.url);
    const exchange = await fetch(`${install.url}/oauth2/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
        redirect_uri: `${receiver.url}/kommo/callback`,
        grant_type: 'authorization_code',
        code: call.searchParams.get('code'),
      }),
    });
    await install.close();

    expect(answer.status).toBe(200);
    expect(call.pathname).toBe('/kommo/callback');
    expect(call.searchParams.get('referer')).toBe('acme.kommo.com');
    expect(call.searchParams.get('from_widget')).toBe('1');
    expect(exchange.status).toBe(200);
  });
});
