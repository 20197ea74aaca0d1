import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BackfillStatusResponse } from '@heap-sync/shared';
import { Client } from 'pg';
import request from 'supertest';
import { BackfillJobHandler } from '../../../backend/src/backfill/backfill.job';
import { BackfillService } from '../../../backend/src/backfill/backfill.service';
import { BackfillsRepository } from '../../../backend/src/backfill/backfills.repository';
import { ReconcileJobHandler } from '../../../backend/src/backfill/reconcile.job';
import { spawnBackend } from '../support/backend-process';
import { CrmFixture, installConfiguredAccount } from '../support/crm-fixtures';
import { eventually, Stack, startStack } from '../support/stack';
import {
  startTestApp,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  TEST_ENCRYPTION_KEY,
  TestApp,
} from '../support/test-app';

const CLI = path.resolve(__dirname, '../../../backend/dist/backfill/backfill.cli.js');
/**
 * Close to Kommo's 7 rps: at 7 the limiter starts calls 143 ms apart, and arrival jitter now and
 * then puts an eighth into the emulator's strict one-second window (a 429, then a 1 s pause).
 * No scheduled reconciliation: the tests trigger it, and count Kommo requests.
 */
// A closed app can leave a Heap delivery job marked active (seen: its send failing with "Driver
// not Connected" while the app shut down); the queue retries it once JOB_EXPIRE_SECONDS pass,
// so the suite shortens that from the default 5 minutes.
const ENV = { KOMMO_MAX_RPS: '6.5', RECONCILE_INTERVAL_MINUTES: '0', JOB_EXPIRE_SECONDS: '10' };
const DAY = 24 * 3600;
const appIdOf = (accountId: number) => String(accountId * 10);

async function call(
  s: Stack,
  accountId: number,
  method: 'get' | 'post',
  options: { dryRun?: boolean; admin?: boolean } = {},
) {
  const token = await s.token(accountId, { isAdmin: options.admin ?? true });
  const req = request(s.app.url)[method]('/api/widget/backfill').set('X-Auth-Token', token);

  return method === 'post' ? req.send({ dryRun: options.dryRun }) : req;
}

const status = async (s: Stack, accountId: number): Promise<BackfillStatusResponse> =>
  (await call(s, accountId, 'get')).body;

/** Waits for the latest run (or dry run) to be done and, for a real run, delivered to Heap. */
function finished(s: Stack, accountId: number, dryRun = false, timeoutMs = 60000) {
  return eventually(
    `the ${dryRun ? 'dry run' : 'backfill'} of ${accountId}`,
    async () => {
      const latest = (await status(s, accountId))[dryRun ? 'dryRun' : 'run'];
      const delivered = !latest?.delivery || latest.delivery.pending === 0;

      return latest?.status === 'done' && delivered ? latest : undefined;
    },
    timeoutMs,
  );
}

/** Installs and saves the settings; the first save backfills an account with no deals yet. */
async function install(s: Stack, accountId: number): Promise<CrmFixture> {
  const fixture = await installConfiguredAccount(s, accountId, `a${accountId}`, appIdOf(accountId));
  expect(await finished(s, accountId)).toMatchObject({ trigger: 'settings', dealsDone: 0 });

  return fixture;
}

/** Won deals closed a month ago, each with its own main contact. */
function seedWon(
  s: Stack,
  fixture: CrmFixture,
  count: number,
  email = (leadId: number, _index: number) => `c${leadId}@example.com`,
): number[] {
  const closed = Math.floor(Date.now() / 1000) - 30 * DAY;

  return Array.from({ length: count }, (_, index) => {
    const lead = s.kommo.addLead(fixture.accountId, {
      price: 100 + (index % 50),
      status_id: 142,
      pipeline_id: fixture.pipelineId,
      closed_at: closed + index,
      updated_at: closed + index + 60,
      custom_fields_values: [{ field_id: fixture.planFieldId, values: [{ value: 'Growth' }] }],
    });
    const contact = s.kommo.addContact(fixture.accountId, {
      name: `Customer ${index}`,
      custom_fields_values: [
        { field_code: 'EMAIL', values: [{ value: email(lead.id, index), enum_code: 'WORK' }] },
      ],
    });
    s.kommo.linkContact(fixture.accountId, lead.id, contact.id, true);

    return lead.id;
  });
}

type TrackBody = { app_id: string; events?: { idempotency_key: string }[] };

const trackBodies = (s: Stack, appId: string) =>
  s.heap.requests
    .filter((req) => req.path === '/api/track')
    .map((req) => req.body as TrackBody)
    .filter((body) => body.app_id === appId);

/** Every idempotency key Heap was sent for the app, once per time it was sent. */
const sentKeys = (s: Stack, appId: string) =>
  trackBodies(s, appId).flatMap((body) =>
    (body.events ?? [body as unknown as { idempotency_key: string }]).map(
      (event) => event.idempotency_key,
    ),
  );

const eventsOf = (s: Stack, appId: string) => s.heap.events.filter((e) => e.appId === appId);

const kommoCalls = (s: Stack, accountId: number, since: number) =>
  s.kommo.requests.slice(since).filter((req) => req.accountId === accountId);

async function installationId(app: TestApp, accountId: number): Promise<string> {
  const [row] = await app.dataSource.query(`SELECT id FROM installations WHERE account_id = $1`, [
    accountId,
  ]);

  return row.id;
}

describe('backfill', () => {
  const BIG = 4001;
  const SMALL = 4003;
  let s: Stack;

  beforeAll(async () => {
    s = await startStack({ env: ENV });
  });
  afterAll(() => s.close());

  it('sends 10 000 won deals once, in bulk, within 10% of the fewest Kommo requests', async () => {
    const big = await install(s, BIG);
    const ids = seedWon(s, big, 10_000);
    const appId = appIdOf(BIG);

    // The dry run reads everything and sends nothing.
    let since = s.kommo.requests.length;
    let started = Date.now();
    expect((await call(s, BIG, 'post', { dryRun: true })).status).toBe(202);
    expect((await call(s, BIG, 'post')).status).toBe(409);
    expect((await call(s, BIG, 'post', { admin: false })).status).toBe(403);
    const dry = await finished(s, BIG, true);
    const dryMs = Date.now() - started;
    const dryCalls = kommoCalls(s, BIG, since).length;
    expect(trackBodies(s, appId)).toHaveLength(0);
    expect(dry).toMatchObject({ dealsDone: 10_000, dealsTotal: 10_000, dealsTotalExact: true });
    expect(dry.report.send).toEqual({ won: 10_000, plan_changed: 0, lost: 0 });
    expect(dry.report.samples).toHaveLength(5);
    expect(dry.report.samples[0]).toMatchObject({
      identity: `c${ids[0]}@example.com`,
      event: 'crm_deal_won',
      eventProperties: { plan: 'Growth', deal_id: ids[0] },
    });

    since = s.kommo.requests.length;
    started = Date.now();
    expect((await call(s, BIG, 'post')).status).toBe(202);
    const run = await finished(s, BIG, false, 90000);
    const runMs = Date.now() - started;

    // Paging allows no fewer than 40 lead pages and 40 contact pages, 250 a page.
    const calls = kommoCalls(s, BIG, since);
    const minimum = 10_000 / 250 + 10_000 / 250;
    expect(calls.length).toBeLessThanOrEqual(minimum * 1.1);
    expect(calls.every((req) => req.method === 'GET')).toBe(true);
    const refused = calls.filter((req) => req.status === 429).length;
    expect(run.kommoRequests).toBe(calls.length);

    const events = eventsOf(s, appId);
    expect(events).toHaveLength(10_000);
    expect(new Set(events.map((event) => event.properties.deal_id))).toEqual(new Set(ids));
    expect(sentKeys(s, appId)).toHaveLength(10_000);
    const bodies = trackBodies(s, appId);
    expect(bodies.every((body) => body.events!.length <= 1000)).toBe(true);
    // Each event is stamped with its deal's close time.
    const deal = s.kommo.store.account(BIG).leads.get(ids[123])!;
    const event = events.find((e) => e.properties.deal_id === ids[123])!;
    expect(event.timestamp).toBe(new Date(deal.closed_at! * 1000).toISOString());

    // The dry run counted exactly what the real run sent; the widget shows the whole run.
    expect(run.report.send).toEqual(dry.report.send);
    expect(run.report.skipped).toEqual(dry.report.skipped);
    expect(run).toMatchObject({
      dealsDone: 10_000,
      dealsTotal: 10_000,
      secondsLeft: 0,
      delivery: { pending: 0, synced: 10_000, failed: 0 },
      errors: { count: 0, last: null },
    });
    expect(run.dealsPerMinute).toBeGreaterThan(0);
    // Historical deals get no note: that would cost Kommo one request per 50 deals.
    expect(calls.some((req) => req.path.includes('/notes'))).toBe(false);

    const userCalls = s.heap.requests.filter(
      (req) => req.path === '/api/add_user_properties' && (req.body as TrackBody).app_id === appId,
    );
    console.log(
      `10 000 deals. Dry run: ${dryCalls} Kommo requests, ${dryMs} ms. Backfill: ` +
        `${calls.length} Kommo requests (minimum ${minimum}, ${refused} refused with 429), ` +
        `${bodies.length} Heap track ` +
        `requests of at most ${Math.max(...bodies.map((b) => b.events!.length))} events, ` +
        `${userCalls.length} user-property requests, ${runMs} ms`,
    );
  }, 150000);

  it('runs a dry run and a backfill from the CLI; reconciliation catches unannounced changes', async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run pnpm build`);
    const small = await install(s, SMALL);
    const appId = appIdOf(SMALL);
    const [upgraded, , , noEmail] = seedWon(s, small, 4, (leadId, index) =>
      index === 3 ? 'n/a' : `s${leadId}@example.com`,
    );
    const open = small.addDeal({ email: 'open@example.com' }).leadId;
    const cli = async (...args: string[]) => {
      const env = {
        ...ENV,
        DATABASE_URL: s.app.database.url,
        KOMMO_API_BASE_URL: s.kommo.url,
        HEAP_API_BASE_URL: s.heap.url,
        PUBLIC_URL: s.app.config.publicUrl,
        KOMMO_CLIENT_ID: TEST_CLIENT_ID,
        KOMMO_CLIENT_SECRET: TEST_CLIENT_SECRET,
        TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      };
      const child = spawnBackend(env, [CLI, ...args]);

      return { code: await child.exited, output: child.output() };
    };

    const dry = await cli('--account', String(SMALL), '--dry-run');
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.output).toContain('Events would send: won 3, plan_changed 0, lost 0');
    expect(dry.output).toContain('Skipped: 1 (The main contact has no email)');
    expect(dry.output).toContain('Sample payloads:');
    expect(trackBodies(s, appId)).toHaveLength(0);

    // pnpm passes the `--` through.
    const real = await cli('--', '--account', String(SMALL));
    expect(real).toMatchObject({ code: 0 });
    expect(real.output).toContain('Events sent: won 3, plan_changed 0, lost 0');
    expect(real.output).toContain('Heap delivery: 3 synced, 0 pending, 0 failed');
    expect(eventsOf(s, appId)).toHaveLength(3);

    // Changes no webhook announces: a plan edited on a won deal, a deal won.
    const plan = { field_id: small.planFieldId, values: [{ value: 'Scale' }] };
    const quiet = { sendWebhooks: false };
    await s.kommo.updateLead(SMALL, upgraded, { custom_fields_values: [plan] }, quiet);
    await s.kommo.updateLead(SMALL, open, { status_id: 142 }, quiet);
    const since = s.kommo.requests.length;
    const reconcile = s.app.app.get(ReconcileJobHandler);
    const id = await installationId(s.app, SMALL);
    expect(await reconcile.run(id)).toMatchObject({ leadsRead: 2, events: 2, kommoRequests: 3 });
    expect(kommoCalls(s, SMALL, since)).toHaveLength(3);
    await eventually('the plan change and the new won deal', () => eventsOf(s, appId).length === 5);
    expect(eventsOf(s, appId).find((e) => e.event === 'crm_plan_upgraded')).toMatchObject({
      identity: `s${upgraded}@example.com`,
      properties: { from_plan: 'Growth', to_plan: 'Scale', deal_id: upgraded },
    });
    expect(eventsOf(s, appId).find((e) => e.properties.deal_id === open)).toMatchObject({
      event: 'crm_deal_won',
      identity: 'open@example.com',
    });
    // The next run reads on from where this one ended and finds nothing new.
    expect(await reconcile.run(id)).toMatchObject({ events: 0 });
    // The schedule's minute tick queues each configured account once per interval.
    const [{ configured }] = await s.app.dataSource.query(
      `SELECT count(*)::int AS configured FROM installation_settings`,
    );
    expect(await reconcile.tick(15)).toBe(configured);
    expect(await reconcile.tick(15)).toBe(0);

    // The skipped deal gets a contact with an email. The deal itself did not change, so only a
    // backfill sees it, and sends it under the key it was skipped with.
    const contact = s.kommo.addContact(SMALL, {
      name: 'Fixed',
      custom_fields_values: [{ field_code: 'EMAIL', values: [{ value: 'fixed@example.com' }] }],
    });
    s.kommo.linkContact(SMALL, noEmail, contact.id, true);
    expect((await call(s, SMALL, 'post')).status).toBe(202);
    expect((await finished(s, SMALL)).report.send.won).toBe(1);
    await eventually('the fixed deal', () =>
      eventsOf(s, appId).some((e) => e.identity === 'fixed@example.com'),
    );
    expect(eventsOf(s, appId)).toHaveLength(6);
  }, 90000);
});

describe('a backfill interrupted', () => {
  const ACCOUNT = 4002;
  const appId = appIdOf(ACCOUNT);
  let s: Stack;
  let second: TestApp | undefined;
  let backfillId: string;

  beforeAll(async () => {
    s = await startStack({ env: ENV });
  });
  // The stack's app is closed halfway; the second one runs on its database until the end.
  afterAll(async () => {
    if (second) await second.close();
    else await s.app.app.close().catch(() => undefined);
    await s.app.database.drop();
    await s.kommo.close();
    await s.heap.close();
  });

  it('continues after the app stops halfway, and sends nothing twice', async () => {
    const fixture = await install(s, ACCOUNT);
    const ids = seedWon(s, fixture, 3_000);
    const since = s.kommo.requests.length;
    backfillId = (await call(s, ACCOUNT, 'post')).body.id;

    await eventually(
      'a third of the deals',
      async () => (await status(s, ACCOUNT)).run!.dealsDone >= 1000,
      30000,
    );
    const first = s.app;
    await first.app.close();
    const stoppedAt = await dealsDone(first.database.url, backfillId);
    expect(stoppedAt).toBeLessThan(3000);
    second = await startTestApp(
      {
        ...ENV,
        PUBLIC_URL: first.config.publicUrl,
        KOMMO_API_BASE_URL: s.kommo.url,
        HEAP_API_BASE_URL: s.heap.url,
        SYNC_RETRY_DELAY_SECONDS: '1',
      },
      Number(new URL(first.url).port),
      first.database,
    );
    s.app = second;

    const run = await finished(s, ACCOUNT);
    expect(run).toMatchObject({ id: backfillId, dealsDone: 3000, dealsTotal: 3000 });
    expect(run.report.send.won).toBe(3000);
    const events = eventsOf(s, appId);
    expect(events).toHaveLength(3000);
    expect(new Set(events.map((event) => event.properties.deal_id))).toEqual(new Set(ids));
    expect(sentKeys(s, appId)).toHaveLength(3000);
    // 12 lead pages and 12 contact pages at least, and the pipelines.
    const calls = kommoCalls(s, ACCOUNT, since).length;
    expect(calls).toBeLessThanOrEqual(24 * 1.1);
    console.log(`Stopped after ${stoppedAt} of 3 000 deals; ${calls} Kommo requests in all`);
  }, 90000);

  it('sends nothing when run again', async () => {
    const heapCalls = s.heap.requests.length;
    expect((await call(s, ACCOUNT, 'post')).status).toBe(202);
    const rerun = await finished(s, ACCOUNT);

    expect(rerun.report).toMatchObject({
      send: { won: 0, plan_changed: 0, lost: 0 },
      alreadySynced: 3000,
    });
    expect(s.heap.requests.slice(heapCalls)).toHaveLength(0);
  }, 60000);

  it('sends nothing twice when a killed run decides again pages it had not checkpointed', async () => {
    const id = await installationId(s.app, ACCOUNT);
    // As if the first run had died after deciding pages 3 to 12 without saving where it was.
    await s.app.dataSource.query(
      `UPDATE backfills SET status = 'running', group_index = 0, next_page = 3,
         deals_done = 500, finished_at = NULL WHERE id = $1`,
      [backfillId],
    );
    await s.app.app.get(BackfillJobHandler).runSlice({ installationId: id, backfillId });

    const repo = s.app.app.get(BackfillsRepository);
    const replayed = await s.app.app
      .get(BackfillService)
      .progress((await repo.find(id, backfillId))!);
    expect(replayed).toMatchObject({ status: 'done', dealsDone: 3000 });
    // What it sent is counted from its records, so the replay changes nothing there.
    expect(replayed.report.send.won).toBe(3000);
    expect(replayed.report.alreadySynced).toBe(2500);
    expect(sentKeys(s, appId)).toHaveLength(3000);
  }, 60000);
});

async function dealsDone(databaseUrl: string, backfillId: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT deals_done FROM backfills WHERE id = $1`, [
      backfillId,
    ]);

    return rows[0].deals_done;
  } finally {
    await client.end();
  }
}
