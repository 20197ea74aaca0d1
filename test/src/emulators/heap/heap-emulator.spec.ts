import { HeapEmulator, startHeapEmulator } from './heap-emulator';

const APP = '3000610572';

describe('Heap emulator', () => {
  let heap: HeapEmulator;
  let clock: number;

  beforeEach(async () => {
    clock = Date.UTC(2026, 10, 2, 10, 0, 0);
    heap = await startHeapEmulator({ now: () => clock });
  });
  afterEach(() => heap.close());

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${heap.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

    return { status: response.status, text: await response.text() };
  };
  const track = (event: Record<string, unknown>) =>
    post('/api/track', { app_id: APP, identity: 'ana@example.com', event: 'Deal Won', ...event });

  it('accepts a single track with 200 {} and stores it', async () => {
    const answer = await track({
      properties: { plan: 'pro', amount: 1200, tags: ['vip', 'eu'] },
      timestamp: '2026-11-02T10:00:00+00:00',
      idempotency_key: 'kommo:1:lead:7:won:1793613600',
    });

    expect(answer).toEqual({ status: 200, text: '{}' });
    expect(heap.events).toEqual([
      {
        appId: APP,
        identity: 'ana@example.com',
        userId: null,
        event: 'Deal Won',
        properties: { plan: 'pro', amount: 1200, tags: 'vip||eu' },
        timestamp: '2026-11-02T10:00:00+00:00',
        idempotencyKey: 'kommo:1:lead:7:won:1793613600',
        sessionId: null,
        receivedAt: clock,
      },
    ]);
  });

  it.each([
    [{ properties: [] }, 'postBody.events[0].properties should be object'],
    [{ properties: { vip: true } }, 'postBody.events[0].properties.vip should be string,number'],
    [
      { properties: { 'deal stage': null } },
      "postBody.events[0].properties['deal stage'] should be string,number",
    ],
    [
      { properties: { nested: { a: 1 } } },
      'postBody.events[0].properties.nested should be string,number',
    ],
    [
      { properties: { note: 'x'.repeat(1024) } },
      'postBody.events[0].properties.note should NOT be longer than 1023 characters',
    ],
    [{ identity: '' }, 'postBody.events[0].identity should NOT be shorter than 1 characters'],
    [
      { identity: 'a'.repeat(256) },
      'postBody.events[0].identity should NOT be longer than 255 characters',
    ],
    [{ identity: undefined }, "postBody.events[0] should have required property 'identity'"],
    [{ event: '' }, 'postBody.events[0].event should NOT be shorter than 1 characters'],
    [
      { event: 'e'.repeat(1025) },
      'postBody.events[0].event should NOT be longer than 1024 characters',
    ],
    [{ timestamp: '02/11/2026' }, 'postBody.events[0].timestamp should match format "date-time"'],
    [{ app_id: undefined }, "postBody should have required property 'app_id'"],
  ])('answers 400 in plain text for %j', async (override, message) => {
    const answer = await track(override);

    expect(answer).toEqual({ status: 400, text: message });
    expect(heap.events).toHaveLength(0);
  });

  it('answers 400 for a body that is not JSON and keeps serving', async () => {
    const broken = await post('/api/track', '{"app_id":');
    const fine = await track({});

    expect(broken.status).toBe(400);
    expect(fine.status).toBe(200);
    expect(heap.requests.map((request) => request.status)).toEqual([400, 200]);
  });

  it('accepts a repeated idempotency_key but stores the event once', async () => {
    const first = await track({ idempotency_key: 'k1', properties: { amount: 1 } });
    const again = await track({ idempotency_key: 'k1', properties: { amount: 2 } });
    await post('/api/track', {
      app_id: APP,
      events: [
        { identity: 'ana@example.com', event: 'Deal Won', idempotency_key: 'k1' },
        { identity: 'ana@example.com', event: 'Deal Won', idempotency_key: 'k2' },
      ],
    });

    expect([first.status, again.status]).toEqual([200, 200]);
    expect(heap.events.map((event) => [event.idempotencyKey, event.properties])).toEqual([
      ['k1', { amount: 1 }],
      ['k2', {}],
    ]);
    expect(heap.duplicateEvents).toHaveLength(2);
  });

  it('refuses more than 1000 events or users in one bulk body', async () => {
    const events = Array.from({ length: 1001 }, (_, i) => ({
      identity: `u${i}`,
      event: 'Deal Won',
    }));
    const users = Array.from({ length: 1001 }, (_, i) => ({
      identity: `u${i}`,
      properties: { a: 1 },
    }));

    expect(await post('/api/track', { app_id: APP, events })).toEqual({
      status: 400,
      text: 'postBody.events should NOT have more than 1000 items',
    });
    expect(await post('/api/add_user_properties', { app_id: APP, users })).toEqual({
      status: 400,
      text: 'postBody.users should NOT have more than 1000 items',
    });
    expect((await post('/api/track', { app_id: APP, events: events.slice(0, 1000) })).status).toBe(
      200,
    );
  });

  it('throttles the 31st single track per identity in 30 s, not other identities', async () => {
    const statuses = [];
    for (let i = 0; i < 31; i++) statuses.push((await track({})).status);
    const other = await track({ identity: 'li@example.com' });
    clock += 30_000;
    const later = await track({});

    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(other.status).toBe(200);
    expect(later.status).toBe(200);
    expect(heap.events).toHaveLength(32);
  });

  it('throttles bulk track past 1000 events a minute for one identity', async () => {
    const batch = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ identity: 'ana@example.com', event: `E${i}` }));
    const first = await post('/api/track', { app_id: APP, events: batch(1000) });
    const over = await post('/api/track', { app_id: APP, events: batch(1) });

    expect(first.status).toBe(200);
    expect(over).toEqual({ status: 429, text: 'Too Many Requests' });
    expect(heap.events).toHaveLength(1000);
  });

  it('merges user properties per app and identity, last write wins', async () => {
    await post('/api/add_user_properties', {
      app_id: APP,
      identity: 'ana@example.com',
      properties: { plan: 'free', mrr: 0 },
    });
    await post('/api/add_user_properties', {
      app_id: APP,
      users: [{ identity: 'ana@example.com', properties: { plan: 'pro' } }],
    });
    const invalid = await post('/api/add_user_properties', {
      app_id: APP,
      identity: 'ana@example.com',
    });

    expect(heap.userProperties.get(APP)?.get('ana@example.com')).toEqual({ plan: 'pro', mrr: 0 });
    expect(invalid).toEqual({
      status: 400,
      text: "postBody should have required property 'properties'",
    });
  });

  it('moves events of an SDK user_id to the identity, once per user_id', async () => {
    await post('/api/track', { app_id: APP, user_id: '4242', event: 'Visited pricing' });
    await post('/api/v1/identify', { app_id: APP, user_id: '4242', identity: 'ana@example.com' });
    await post('/api/v1/identify', { app_id: APP, user_id: '4242', identity: 'other@example.com' });

    expect(heap.events[0].identity).toBe('ana@example.com');
    expect(heap.identifies.map((record) => record.applied)).toEqual([true, false]);
  });

  it('fails the next calls as told, then answers normally', async () => {
    heap.failNext({ status: 503, times: 2, path: '/api/track' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await track({})).status);

    expect(statuses).toEqual([503, 503, 200]);
    expect(heap.events).toHaveLength(1);
  });

  it('can refuse app ids it does not know', async () => {
    const strict = await startHeapEmulator({ rejectUnknownAppIds: true, knownAppIds: [APP] });
    const answer = await fetch(`${strict.url}/api/track`, {
      method: 'POST',
      body: JSON.stringify({ app_id: '999', identity: 'a', event: 'b' }),
    });
    await strict.close();

    expect(answer.status).toBe(400);
  });
});
