import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startHeapEmulator } from '../emulators/heap';
import { KommoEmulator, startKommoEmulator } from '../emulators/kommo';
import { spawnBackend, waitForOk } from '../support/backend-process';
import { CrmFixture, installConfiguredAccount } from '../support/crm-fixtures';
import { createTestDatabase } from '../support/test-database';
import { signWidgetToken } from '../support/widget-token';
import { freePort } from '../support/free-port';
import { eventually, Stack, startStack } from '../support/stack';
import { startTestApp, TEST_CLIENT_ID, TEST_CLIENT_SECRET, TestApp } from '../support/test-app';

/** Every idempotency key Heap was sent, once per time it was sent. */
function sentKeys(stack: Stack): string[] {
  return stack.heap.requests.flatMap((request) => {
    const body = request.body as {
      events?: { idempotency_key: string }[];
      idempotency_key?: string;
    };
    if (!request.path.startsWith('/api/track')) return [];

    return (body.events ?? [body]).map((event) => event.idempotency_key!);
  });
}

async function winDeals(kommo: KommoEmulator, acme: CrmFixture, n: number) {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const { leadId } = acme.addDeal({
      email: `w${i}-${randomBytes(3).toString('hex')}@example.com`,
    });
    await kommo.updateLead(acme.accountId, leadId, {
      status_id: 142,
      updated_at: acme.tick(),
    });
    ids.push(leadId);
  }

  return ids;
}

describe('several processes on one database', () => {
  let s: Stack;
  let worker: TestApp;

  beforeAll(async () => {
    s = await startStack();
    worker = await startTestApp(
      {
        APP_ROLE: 'worker',
        SYNC_RETRY_DELAY_SECONDS: '1',
        KOMMO_API_BASE_URL: s.kommo.url,
        HEAP_API_BASE_URL: s.heap.url,
        PUBLIC_URL: s.app.config.publicUrl,
      },
      0,
      s.app.database,
    );
  });
  afterAll(async () => {
    await worker.close();
    await s.close();
  });

  it('sends every event exactly once with two workers', async () => {
    const acme = await installConfiguredAccount(s, 3001, 'acme');
    const ids = await winDeals(s.kommo, acme, 120);

    await eventually('120 won events', () => s.heap.events.length === 120, 60000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const keys = sentKeys(s);
    expect(keys).toHaveLength(120);
    expect(new Set(keys).size).toBe(120);
    expect(new Set(s.heap.events.map((e) => e.properties.deal_id))).toEqual(new Set(ids));
    const [{ n }] = await s.app.dataSource.query(
      `SELECT count(*)::int AS n FROM sync_records WHERE state = 'synced'`,
    );
    expect(n).toBe(120);
  }, 90000);
});

describe('a backend killed mid-job', () => {
  it('delivers every event exactly once after a restart', async () => {
    const kommoPort = await freePort();
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const kommo = await startKommoEmulator({
      clientId: TEST_CLIENT_ID,
      clientSecret: TEST_CLIENT_SECRET,
      redirectUri: `${publicUrl}/api/kommo/oauth/callback`,
      port: kommoPort,
    });
    const heap = await startHeapEmulator();
    const database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      PORT: String(port),
      PUBLIC_URL: publicUrl,
      KOMMO_CLIENT_ID: TEST_CLIENT_ID,
      KOMMO_CLIENT_SECRET: TEST_CLIENT_SECRET,
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 42).toString('base64'),
      KOMMO_API_BASE_URL: kommo.url,
      HEAP_API_BASE_URL: heap.url,
      SYNC_RETRY_DELAY_SECONDS: '1',
      JOB_EXPIRE_SECONDS: '5',
      LOG_LEVEL: 'warn',
    };
    const target = {
      kommo,
      app: { url: publicUrl },
      token: (accountId: number) =>
        signWidgetToken({
          accountId,
          isAdmin: true,
          audience: publicUrl,
          secret: TEST_CLIENT_SECRET,
        }),
    };
    const synced = async () => {
      const db = new Client({ connectionString: database.url });
      await db.connect();
      const { rows } = await db.query(
        `SELECT state, count(*)::int AS n FROM sync_records GROUP BY state`,
      );
      await db.end();

      return Object.fromEntries(rows.map((row) => [row.state, row.n]));
    };

    const activeJobs = async () => {
      const db = new Client({ connectionString: database.url });
      await db.connect();
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE state = 'active'`,
      );
      await db.end();

      return rows[0].n as number;
    };

    let backend = spawnBackend(env);
    try {
      await waitForOk(`${publicUrl}/health/ready`);
      const acme = await installConfiguredAccount(target, 3002, 'acme');
      heap.setLatency(1500);
      const ids = await winDeals(kommo, acme, 30);

      await eventually('a Heap request in flight', () => heap.requests.length > 0, 20000);
      backend.child.kill('SIGKILL');
      expect(await backend.exited).toBeNull();
      // The kill really interrupted work: a job is still marked active by the dead process.
      expect(await activeJobs()).toBeGreaterThan(0);
      heap.setLatency(0);
      backend = spawnBackend(env);
      await waitForOk(`${publicUrl}/health/ready`);

      await eventually('30 won events after the restart', () => heap.events.length === 30, 60000);
      expect(new Set(heap.events.map((e) => e.properties.deal_id))).toEqual(new Set(ids));
      expect(
        await eventually(
          'all synced',
          async () => {
            const states = await synced();

            return states.synced === 30 ? states : undefined;
          },
          30000,
        ),
      ).toEqual({ synced: 30 });
    } finally {
      backend.child.kill('SIGTERM');
      await backend.exited;
      await kommo.close();
      await heap.close();
      await database.drop();
    }
  }, 150000);
});
