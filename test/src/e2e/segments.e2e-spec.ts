import { randomUUID } from 'node:crypto';
import {
  SEGMENTS_API,
  SegmentsResponse,
  SegmentSyncDto,
  SegmentSyncRecordsResponse,
  SegmentSyncsResponse,
} from '@heap-sync/shared';
import request from 'supertest';
import {
  buildSegmentSyncPages,
  deliverSegmentSync,
  SegmentSyncPayload,
  signHeapWebhook,
} from '../emulators/heap';
import { LOST_STATUS_ID, WON_STATUS_ID } from '../emulators/kommo';
import { eventually, Stack, startStack } from '../support/stack';

const ACME = 3001;
const [ADMIN, MIA, LEO, ZOE, MAX] = [1, 11, 12, 13, 14];
const SECRET = 'heap-webhook-secret-0123';
const AT_RISK = { id: 1338065, name: 'At risk' };
const TRIAL = { id: 2002, name: 'Trial ending' };
const DAY = 86_400;
const USERS = Array.from({ length: 1200 }, (_, i) => `user${i}@customers.test`);

interface Expected {
  contactId: number;
  entityType: 'leads' | 'contacts';
  leadId: number | null;
  responsible: number;
}

describe('Heap segments to Kommo tasks', () => {
  let s: Stack;
  let webhookUrl: string;
  let ruleIds: Record<string, string>;
  /** The one matching contact of every fourth user, and the task it must get for At risk. */
  const expected = new Map<string, Expected>();
  const http = () => request(s.app.app.getHttpServer());
  const admin = async () => ({ 'X-Auth-Token': await s.token(ACME, { userId: ADMIN }) });
  const member = async () => ({
    'X-Auth-Token': await s.token(ACME, { userId: MIA, isAdmin: false }),
  });
  const count = async (table: string) =>
    (await s.app.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const tasksWith = (prefix: string) =>
    s.kommo.tasks.filter((task) => task.account_id === ACME && task.text.startsWith(prefix));
  const syncById = async (id: string): Promise<SegmentSyncDto> => {
    const res = await http()
      .get(SEGMENTS_API.syncs)
      .set(await admin())
      .expect(200);

    return (res.body as SegmentSyncsResponse).syncs.find((sync) => sync.id === id)!;
  };
  const finished = (id: string, timeoutMs = 60_000) =>
    eventually(
      `sync ${id} to finish`,
      async () => {
        const sync = await syncById(id);

        return sync?.status === 'done' ? sync : null;
      },
      timeoutMs,
    );
  const syncIdOf = async (externalId: string) =>
    (
      await s.app.dataSource.query('SELECT id FROM segment_syncs WHERE external_id = $1', [
        externalId,
      ])
    )[0].id as string;
  const deliver = (pages: SegmentSyncPayload[]) =>
    deliverSegmentSync({ url: webhookUrl, secret: SECRET, pages, maxAttempts: 1 });
  const kommoCalls = (since: number) => s.kommo.requests.filter((call) => call.at >= since);

  beforeAll(async () => {
    s = await startStack();
    s.kommo.addAccount({
      id: ACME,
      subdomain: 'acme',
      users: [ADMIN, MIA, LEO, ZOE, MAX].map((id) => ({ id, name: `U${id}`, isAdmin: id === 1 })),
    });
    expect((await s.kommo.sendInstallRedirect(ACME)).status).toBe(200);
    seedContacts();
  });
  afterAll(() => s.close());

  /**
   * 300 of the 1 200 users have a contact: a third with an open deal (and a newer lost one), a
   * third with two won deals, a third with no deal. Five more contacts only contain a user's
   * email inside a longer one, which a `query=` search finds but an exact match must not.
   */
  function seedContacts() {
    const now = Math.floor(Date.now() / 1000);
    const emailField = (value: string) => [{ field_code: 'EMAIL', values: [{ value }] }];
    const lead = (contactId: number, input: Record<string, number>) => {
      const created = s.kommo.addLead(ACME, input);
      s.kommo.linkContact(ACME, created.id, contactId);

      return created;
    };
    USERS.forEach((email, i) => {
      if (i % 4 !== 0) return;
      const contact = s.kommo.addContact(ACME, {
        name: `Customer ${i}`,
        responsible_user_id: MAX,
        custom_fields_values: emailField(email),
      });
      const kind = (i / 4) % 3;
      let chosen: { id: number; responsible_user_id: number } | null = null;
      if (kind === 0) {
        chosen = lead(contact.id, { responsible_user_id: MIA, updated_at: now - 500 });
        lead(contact.id, {
          responsible_user_id: MAX,
          status_id: LOST_STATUS_ID,
          closed_at: now - 10,
          updated_at: now - 10,
        });
      } else if (kind === 1) {
        lead(contact.id, {
          responsible_user_id: LEO,
          status_id: WON_STATUS_ID,
          closed_at: now - 900,
        });
        chosen = lead(contact.id, {
          responsible_user_id: ZOE,
          status_id: WON_STATUS_ID,
          closed_at: now - 100,
        });
      }
      expected.set(email, {
        contactId: contact.id,
        entityType: chosen ? 'leads' : 'contacts',
        leadId: chosen?.id ?? null,
        responsible: chosen?.responsible_user_id ?? MAX,
      });
    });
    for (const i of [1, 2, 3, 5, 6]) {
      s.kommo.addContact(ACME, { custom_fields_values: emailField(`old-${USERS[i]}`) });
    }
  }

  it('lets admins set the rules, the secret and see the URL; others only read', async () => {
    const asMember = await http()
      .get(SEGMENTS_API.segments)
      .set(await member())
      .expect(200);
    expect(asMember.body).toEqual({
      rules: [],
      heapWebhook: { url: null, secretSet: false, secretUpdatedAt: null },
    });
    await http()
      .put(SEGMENTS_API.rules)
      .set(await member())
      .send({ rules: [] })
      .expect(403);

    const invalid = async (rules: object[]) =>
      (
        await http()
          .put(SEGMENTS_API.rules)
          .set(await admin())
          .send({ rules })
          .expect(400)
      ).body.fieldErrors;
    expect(
      await invalid([
        { heapSegmentId: 7, segmentName: 'A', taskText: 'x', dueInDays: -1 },
        { heapSegmentId: '8', segmentName: 'B', taskText: ' ' },
      ]),
    ).toEqual({
      'rules.0.dueInDays': 'At least 0 days',
      'rules.1.heapSegmentId': 'Enter the Heap segment id (a number)',
      'rules.1.taskText': 'Enter the task text',
    });
    const twice = { heapSegmentId: 7, segmentName: 'A', taskText: 'x' };
    expect(await invalid([twice, twice])).toEqual({
      'rules.1.heapSegmentId': 'This segment already has a rule',
    });

    const rules = [
      {
        heapSegmentId: AT_RISK.id,
        segmentName: AT_RISK.name,
        taskText: 'Call {identity}: at risk in Heap',
        taskTypeId: 2,
        dueInDays: 3,
        target: 'deal',
      },
      { heapSegmentId: TRIAL.id, segmentName: TRIAL.name, taskText: 'Trial ends for {identity}' },
    ];
    await http()
      .put(SEGMENTS_API.rules)
      .set(await admin())
      .send({ rules })
      .expect(200);
    const saved = await http()
      .put(SEGMENTS_API.webhookSecret)
      .set(await admin())
      .send({ secret: SECRET })
      .expect(200);
    const body = saved.body as SegmentsResponse;

    expect(body.rules.map(({ id: _id, updatedAt: _at, ...rule }) => rule)).toEqual([
      { ...rules[0] },
      { ...rules[1], taskTypeId: 1, dueInDays: 3, target: 'deal' },
    ]);
    ruleIds = Object.fromEntries(body.rules.map((rule) => [rule.segmentName, rule.id]));
    webhookUrl = body.heapWebhook.url!;
    expect(webhookUrl).toMatch(
      new RegExp(`^${s.app.config.publicUrl}/api/heap/segments/[\\w-]{43}$`),
    );
    expect(body.heapWebhook.secretSet).toBe(true);
    const again = await http()
      .get(SEGMENTS_API.segments)
      .set(await admin())
      .expect(200);
    expect(again.body.heapWebhook.url).toBe(webhookUrl);

    const [row] = await s.app.dataSource.query('SELECT * FROM heap_segment_endpoints');
    const token = webhookUrl.split('/').pop()!;
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(SECRET);
  });

  it('answers 401 to a wrong signature or a stale timestamp and stores nothing', async () => {
    const [page] = buildSegmentSyncPages({
      segment: AT_RISK,
      users: USERS.slice(0, 10),
      pageSize: 10,
      syncTaskId: randomUUID(),
      idToken: randomUUID(),
    });
    const body = JSON.stringify(page);
    const post = (url: string, hash?: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(hash ? { 'Heap-Hash': hash } : {}) },
        body,
      });
    const now = Date.now();
    const refused = [
      await post(webhookUrl, signHeapWebhook('another-secret-value', body, now)),
      await post(webhookUrl, signHeapWebhook(SECRET, body, now - 61_000)),
      await post(webhookUrl, signHeapWebhook(SECRET, body, now + 6_000)),
      await post(webhookUrl, signHeapWebhook(SECRET, `${body} `, now)),
      await post(webhookUrl),
    ];

    expect(refused.map((res) => res.status)).toEqual([401, 401, 401, 401, 401]);
    expect((await refused[1].json()).message).toBe('The Heap-Hash timestamp is too old');
    const unknown = webhookUrl.replace(/[\w-]{43}$/, 'x'.repeat(43));
    expect((await post(unknown, signHeapWebhook(SECRET, body, now))).status).toBe(404);
    for (const table of ['segment_syncs', 'segment_sync_pages', 'segment_sync_users']) {
      expect(await count(table)).toBe(0);
    }
    expect(await count(`pgboss.job WHERE name = 'segments.tasks'`)).toBe(0);
  });

  const syncTaskId = randomUUID();
  const atRiskPages = buildSegmentSyncPages({
    segment: AT_RISK,
    users: USERS,
    removedUsers: ['left@customers.test'],
    pageSize: 401,
    syncTaskId,
    idToken: randomUUID(),
  });

  it('turns a 1 200-user sync delivered out of order into one task per matching contact', async () => {
    const t0 = Math.floor(Date.now() / 1000);
    const started = Date.now();
    const deliveries = await deliver([atRiskPages[2], atRiskPages[0], atRiskPages[1]]);
    const answeredMs = Date.now() - started;

    expect(atRiskPages).toHaveLength(3);
    expect(deliveries.map((d) => [d.pageNumber, d.statuses])).toEqual([
      [3, [200]],
      [1, [200]],
      [2, [200]],
    ]);
    expect(answeredMs).toBeLessThan(3000);
    const sync = await finished(await syncIdOf(syncTaskId));
    const t1 = Math.ceil(Date.now() / 1000);
    const doneMs = Date.now() - started;
    const requests = kommoCalls(started).length;
    console.log(
      `1 200 users: answered in ${answeredMs} ms, done in ${doneMs} ms, ${requests} calls`,
    );

    expect(sync).toMatchObject({
      source: 'heap',
      externalId: syncTaskId,
      totalPages: 3,
      pagesReceived: 3,
      usersRemoved: 1,
      counts: { pending: 0, created: 300, already_had_task: 0, no_contact: 900, failed: 0 },
    });
    const tasks = tasksWith('Call ');
    expect(tasks).toHaveLength(300);
    for (const [email, want] of expected) {
      const entityId = want.entityType === 'leads' ? want.leadId : want.contactId;
      const found = tasks.filter(
        (t) => t.entity_type === want.entityType && t.entity_id === entityId,
      );
      expect(found).toHaveLength(1);
      const [task] = found;
      expect(task).toMatchObject({
        text: `Call ${email}: at risk in Heap`,
        responsible_user_id: want.responsible,
        task_type_id: 2,
        is_completed: false,
      });
      expect(task.complete_till).toBeGreaterThanOrEqual(t0 + 3 * DAY);
      expect(task.complete_till).toBeLessThanOrEqual(t1 + 3 * DAY);
    }
    // One search per user would be 1 200 requests, about three minutes at Kommo's 7 per second.
    const calls = kommoCalls(started);
    expect(calls.length).toBeLessThan(60);
    const posts = calls.filter((call) => call.method === 'POST' && call.path === '/api/v4/tasks');
    expect(posts.length).toBeGreaterThanOrEqual(6);
  });

  it('reports users with no contact, with the reason', async () => {
    const syncId = await syncIdOf(syncTaskId);
    const res = await http()
      .get(`${SEGMENTS_API.syncRecords(syncId)}?state=no_contact&limit=3`)
      .set(await member())
      .expect(200);
    const body = res.body as SegmentSyncRecordsResponse;

    expect(body.total).toBe(900);
    expect(body.records.map((r) => [r.state, r.reason, r.kommoTaskId])).toEqual(
      Array(3).fill(['no_contact', 'No Kommo contact has this email', null]),
    );
    const created = await http()
      .get(`${SEGMENTS_API.syncRecords(syncId)}?state=created&limit=500`)
      .set(await member())
      .expect(200);
    const record = (created.body as SegmentSyncRecordsResponse).records.find(
      (r) => r.identity === USERS[0],
    )!;
    expect(record).toMatchObject({
      contactId: expected.get(USERS[0])!.contactId,
      leadId: expected.get(USERS[0])!.leadId,
      responsibleUserId: MIA,
    });
    expect(tasksWith('Call ').some((task) => task.id === record.kommoTaskId)).toBe(true);
  });

  it('creates nothing on a replay, and on a re-sync only replaces a completed task', async () => {
    const replay = await deliver(atRiskPages);
    expect(replay.map((d) => d.statuses)).toEqual([[200], [200], [200]]);
    expect(await count('segment_sync_users')).toBe(1200);
    expect(tasksWith('Call ')).toHaveLength(300);

    const done = tasksWith('Call ').find((task) => task.entity_type === 'leads')!;
    done.is_completed = true;
    const again = randomUUID();
    const resync = buildSegmentSyncPages({
      segment: AT_RISK,
      users: USERS,
      pageSize: 600,
      syncTaskId: again,
      idToken: randomUUID(),
    });
    expect((await deliver(resync)).every((d) => d.delivered)).toBe(true);
    const sync = await finished(await syncIdOf(again));

    expect(sync.counts).toEqual({
      pending: 0,
      created: 1,
      already_had_task: 299,
      no_contact: 900,
      failed: 0,
    });
    const tasks = tasksWith('Call ');
    expect(tasks).toHaveLength(301);
    expect(tasks.filter((task) => task.entity_id === done.entity_id)).toHaveLength(2);
  });

  it('processes a CSV upload the same way, matching emails exactly', async () => {
    const csv = `\uFEFFName,Email\r\nA,${USERS[1]}\r\n"B, Jr","${USERS[4]}"\r\nC,not-an-email\r\nD,${USERS[8]}\r\n`;
    const since = Date.now();
    const res = await http()
      .post(SEGMENTS_API.upload(ruleIds[TRIAL.name]))
      .set(await admin())
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(201);

    expect(res.body.accepted).toBe(4);
    const sync = await finished(res.body.sync.id);
    expect(sync.counts).toMatchObject({ created: 2, no_contact: 2, failed: 0 });
    const records = await http()
      .get(SEGMENTS_API.syncRecords(sync.id))
      .set(await admin())
      .expect(200);
    const reasons = Object.fromEntries(
      (records.body as SegmentSyncRecordsResponse).records.map((r) => [r.identity, r.reason]),
    );
    expect(reasons).toEqual({
      [USERS[1]]: 'No Kommo contact has this email',
      [USERS[4]]: null,
      [USERS[8]]: null,
      'not-an-email': 'Not an email address, so it cannot match a contact email',
    });
    const trial = tasksWith('Trial ends');
    const four = expected.get(USERS[4])!;
    expect(trial.find((task) => task.text === `Trial ends for ${USERS[4]}`)).toMatchObject({
      entity_type: 'leads',
      entity_id: four.leadId,
      responsible_user_id: ZOE,
      task_type_id: 1,
    });
    // Three users are too few for a contact scan: one exact search each, the non-email none.
    const searches = kommoCalls(since).filter((call) => call.query.query !== undefined);
    expect(searches.map((call) => call.query.query).sort()).toEqual(
      [USERS[1], USERS[4], USERS[8]].sort(),
    );
  });

  it('refuses an empty or huge CSV, an unknown rule and non-admins', async () => {
    const upload = async (body: string, ruleId = ruleIds[TRIAL.name], asAdmin = true) =>
      http()
        .post(SEGMENTS_API.upload(ruleId))
        .set(asAdmin ? await admin() : await member())
        .set('Content-Type', 'text/csv')
        .send(body);

    expect((await upload('\uFEFF\r\n')).body).toMatchObject({
      statusCode: 400,
      message: 'The file is empty',
    });
    expect((await upload('x@y.test\n'.repeat(300_000))).body).toMatchObject({
      statusCode: 400,
      message: 'The file is over 2 MB; split it',
    });
    expect((await upload('x@y.test', randomUUID())).status).toBe(404);
    expect((await upload('x@y.test', undefined, false)).status).toBe(403);
  });

  it('waits out Kommo 429s in the middle of a batch and loses nothing', async () => {
    const users = USERS.slice(400, 600);
    s.kommo.failNext({ method: 'GET', pathPrefix: '/api/v4/leads', status: 429, times: 1 });
    s.kommo.failNext({ method: 'POST', pathPrefix: '/api/v4/tasks', status: 429, times: 1 });
    const before = tasksWith('Trial ends').length;
    const started = Date.now();
    const res = await http()
      .post(SEGMENTS_API.upload(ruleIds[TRIAL.name]))
      .set(await admin())
      .set('Content-Type', 'text/csv')
      .send(`identity\n${users.join('\n')}\n`)
      .expect(201);
    const sync = await finished(res.body.sync.id);
    const tookMs = Date.now() - started;
    console.log(`CSV of 200 with two 429s: done after ${tookMs} ms`);

    expect(sync.counts).toMatchObject({ created: 50, no_contact: 150, failed: 0, pending: 0 });
    const trial = tasksWith('Trial ends');
    expect(trial.length - before).toBe(50);
    expect(new Set(trial.map((task) => `${task.entity_type}:${task.entity_id}`)).size).toBe(
      trial.length,
    );
    const calls = kommoCalls(started);
    const limited = calls.filter((call) => call.status === 429).map((c) => `${c.method} ${c.path}`);
    expect(limited).toEqual(['GET /api/v4/leads', 'POST /api/v4/tasks']);
    const lastLimit = Math.max(...calls.filter((c) => c.status === 429).map((c) => c.at));
    const posted = calls.find(
      (c) => c.method === 'POST' && c.path === '/api/v4/tasks' && c.status === 200,
    );
    expect(posted!.at - lastLimit).toBeGreaterThanOrEqual(1000);
    const records = await http()
      .get(`${SEGMENTS_API.syncRecords(sync.id)}?state=created`)
      .set(await admin())
      .expect(200);
    const attempts = (records.body as SegmentSyncRecordsResponse).records.map((r) => r.attempts);
    expect(Math.min(...attempts)).toBe(3);
  });
});
