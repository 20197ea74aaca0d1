import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadConfig } from '../config/app-config';
import { HeapClient } from './heap-client';
import { HeapError, HeapValidationError } from './heap-error';
import { HeapTrackEvent } from './heap-rules';

interface Recorded {
  method: string;
  path: string;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

type Reply = (res: ServerResponse) => void;

const APP_ID = '3021947561';
const ok: Reply = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}');

function event(n: number): HeapTrackEvent {
  return {
    identity: `user${n}@example.com`,
    event: 'crm_deal_won',
    timestamp: '2026-11-02T10:00:00.000Z',
    idempotencyKey: `kommo:31:lead:${n}:won:1762077600`,
    properties: { plan: 'Pro', amount: 1200 },
  };
}

describe('HeapClient', () => {
  let server: Server;
  let requests: Recorded[];
  let replies: Reply[];
  let client: HeapClient;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const body = JSON.parse(raw);
        requests.push({
          method: req.method!,
          path: req.url!,
          contentType: req.headers['content-type'],
          body,
        });
        (replies.shift() ?? ok)(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const config = loadConfig({
      HEAP_API_BASE_URL: `http://127.0.0.1:${port}`,
      HEAP_TIMEOUT_MS: '300',
    });
    client = new HeapClient(config);
  });

  beforeEach(() => {
    requests = [];
    replies = [];
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('picks the regional host unless a base URL is configured', () => {
    const regional = new HeapClient(loadConfig({}));

    expect(regional.baseUrl('us')).toBe('https://heapanalytics.com');
    expect(regional.baseUrl('eu')).toBe('https://c.eu.heap-api.com');
    expect(client.baseUrl('eu')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('sends one event as a single track body', async () => {
    await client.track('us', APP_ID, [event(1)]);

    expect(requests).toEqual([
      {
        method: 'POST',
        path: '/api/track',
        contentType: 'application/json',
        body: {
          app_id: APP_ID,
          identity: 'user1@example.com',
          event: 'crm_deal_won',
          timestamp: '2026-11-02T10:00:00.000Z',
          idempotency_key: 'kommo:31:lead:1:won:1762077600',
          properties: { plan: 'Pro', amount: 1200 },
        },
      },
    ]);
  });

  it('sends several events in bulk bodies of at most 1000', async () => {
    const events = Array.from({ length: 2001 }, (_, n) => event(n));
    await client.track('eu', APP_ID, events);

    expect(requests.map((request) => request.path)).toEqual(Array(3).fill('/api/track'));
    const sent = requests.map((request) => request.body.events as Array<Record<string, unknown>>);
    expect(sent.map((batch) => batch.length)).toEqual([1000, 1000, 1]);
    expect(requests.every((request) => request.body.app_id === APP_ID)).toBe(true);
    expect(Object.keys(requests[0].body).sort()).toEqual(['app_id', 'events']);
    expect(sent[1][0]).toEqual({
      identity: 'user1000@example.com',
      event: 'crm_deal_won',
      timestamp: '2026-11-02T10:00:00.000Z',
      idempotency_key: 'kommo:31:lead:1000:won:1762077600',
      properties: { plan: 'Pro', amount: 1200 },
    });
    expect(sent[2][0].identity).toBe('user2000@example.com');
  });

  it('sends user properties single and in bulk', async () => {
    const user = (n: number) => ({ identity: `u${n}@example.com`, properties: { plan: 'Pro' } });
    await client.addUserProperties('us', APP_ID, [user(1)]);
    await client.addUserProperties('us', APP_ID, [user(1), user(2)]);
    await client.addUserProperties('us', APP_ID, []);

    expect(requests.map((request) => [request.path, request.body])).toEqual([
      [
        '/api/add_user_properties',
        { app_id: APP_ID, identity: 'u1@example.com', properties: { plan: 'Pro' } },
      ],
      [
        '/api/add_user_properties',
        {
          app_id: APP_ID,
          users: [
            { identity: 'u1@example.com', properties: { plan: 'Pro' } },
            { identity: 'u2@example.com', properties: { plan: 'Pro' } },
          ],
        },
      ],
    ]);
  });

  it('chunks user properties at 1000', async () => {
    const users = Array.from({ length: 1500 }, (_, n) => ({
      identity: `u${n}@example.com`,
      properties: { mrr: n },
    }));
    await client.addUserProperties('us', APP_ID, users);

    expect(requests.map((request) => (request.body.users as unknown[]).length)).toEqual([
      1000, 500,
    ]);
  });

  it('accepts a 204 with an empty body', async () => {
    replies.push((res) => res.writeHead(204).end());

    await expect(client.track('us', APP_ID, [event(1)])).resolves.toBe(204);
  });

  it('turns a 400 into a final error with Heap’s reason and no identity or app_id', async () => {
    replies.push((res) =>
      res
        .writeHead(400, { 'content-type': 'text/plain' })
        .end(`postBody.events[0].properties should be object (user1@example.com, ${APP_ID})`),
    );
    const error: HeapError = await client.track('us', APP_ID, [event(1)]).catch((e) => e);

    expect(error).toBeInstanceOf(HeapError);
    expect(error.category).toBe('invalid');
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      'Heap rejected the data (400 Bad Request): ' +
        'postBody.events[0].properties should be object ([redacted], [redacted])',
    );
  });

  it('stops at the failing chunk: 429 is rate limited, 503 temporary', async () => {
    replies.push(ok, (res) => res.writeHead(429).end('Too Many Requests'));
    const throttled: HeapError = await client
      .track(
        'us',
        APP_ID,
        Array.from({ length: 2500 }, (_, n) => event(n)),
      )
      .catch((e) => e);

    expect(requests).toHaveLength(2);
    expect([throttled.category, throttled.status]).toEqual(['rate_limited', 429]);

    replies.push((res) => res.writeHead(503).end('<html>Service Unavailable</html>'));
    const unavailable: HeapError = await client
      .addUserProperties('us', APP_ID, [{ identity: 'a@example.com', properties: {} }])
      .catch((e) => e);

    expect([unavailable.category, unavailable.status]).toEqual(['temporary', 503]);
    expect(unavailable.message).toBe('Heap answered 503 Service Unavailable');
  });

  it('times out a request Heap never answers', async () => {
    replies.push(() => undefined);
    const error: HeapError = await client.track('us', APP_ID, [event(1)]).catch((e) => e);

    expect([error.category, error.status]).toEqual(['temporary', null]);
    expect(error.message).toBe('Heap did not answer within 300 ms');
  });

  it('reports a refused connection as temporary', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const offline = new HeapClient(loadConfig({ HEAP_API_BASE_URL: `http://127.0.0.1:${port}` }));
    const error: HeapError = await offline.track('us', APP_ID, [event(1)]).catch((e) => e);

    expect([error.category, error.message]).toEqual([
      'temporary',
      'Could not reach Heap (ECONNREFUSED)',
    ]);
  });

  it('validates every item before sending anything', async () => {
    const bad = { ...event(2), identity: '0' };
    const error = await client.track('us', APP_ID, [event(1), bad]).catch((e) => e);

    expect(error).toBeInstanceOf(HeapValidationError);
    expect(error.field).toBe('identity');
    await expect(client.track('us', ' ', [event(1)])).rejects.toThrow('The Heap app_id is empty');
    expect(requests).toEqual([]);
  });
});
