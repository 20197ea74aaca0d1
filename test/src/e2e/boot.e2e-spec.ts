import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { BACKEND_MAIN, postmasterOf, spawnBackend, waitForOk } from '../support/backend-process';
import { eventually } from '../support/stack';
import { freePort } from '../support/free-port';

/** Boot as an operator sees it: the built backend in its own process. */
describe('backend process', () => {
  beforeAll(() => {
    if (!existsSync(BACKEND_MAIN)) throw new Error(`${BACKEND_MAIN} is missing: run pnpm build`);
  });

  it('exits 1 with one line naming a malformed variable', async () => {
    const backend = spawnBackend({ PORT: 'not-a-port' });

    expect(await backend.exited).toBe(1);
    const lines = backend.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: PORT /);
  });

  it('exits 1 with one line naming an unreachable DATABASE_URL', async () => {
    const port = await freePort();
    const backend = spawnBackend({ DATABASE_URL: `postgres://u:secret@127.0.0.1:${port}/x` });

    expect(await backend.exited).toBe(1);
    expect(backend.stderr().trim()).toBe(
      `Configuration error: DATABASE_URL is unreachable: 127.0.0.1:${port} (ECONNREFUSED)`,
    );
    expect(backend.output()).not.toContain('secret');
  });

  it('starts again on the embedded database after being killed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heap-sync-kill-'));
    await chmod(dir, 0o755);
    const env = {
      PORT: String(await freePort()),
      EMBEDDED_PG_DIR: path.join(dir, 'pg'),
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
    try {
      const first = spawnBackend(env);
      await waitForOk(`http://127.0.0.1:${env.PORT}/health/ready`);
      first.child.kill('SIGKILL');
      await first.exited;
      // The cluster follows its backend down instead of lingering.
      await eventually(
        'the orphaned Postgres to stop',
        () => postmasterOf(env.EMBEDDED_PG_DIR) === null,
      );

      const second = spawnBackend(env);
      await waitForOk(`http://127.0.0.1:${env.PORT}/health/ready`);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180000);

  it('finishes cleanly on a Ctrl-C to the whole process group and shares the cluster meanwhile', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heap-sync-sigint-'));
    await chmod(dir, 0o755);
    const env = {
      PORT: String(await freePort()),
      EMBEDDED_PG_DIR: path.join(dir, 'pg'),
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      KOMMO_CLIENT_ID: '5b1f0c7e-93c1-4a52-9d7e-2f6b0a1c9e11',
      KOMMO_CLIENT_SECRET: 'a-real-looking-secret-of-sufficient-length',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    };
    try {
      const backend = spawnBackend(env, undefined, { ownProcessGroup: true });
      await waitForOk(`http://127.0.0.1:${env.PORT}/health/ready`);

      // A second process on the same folder (the migration CLI) uses the running cluster.
      const migrate = spawnBackend(env, [
        path.join(path.dirname(BACKEND_MAIN), 'database/migrate.js'),
      ]);
      expect(await migrate.exited).toBe(0);
      expect(migrate.output()).toContain('migrations applied: none pending');
      expect((await fetch(`http://127.0.0.1:${env.PORT}/health/ready`)).status).toBe(200);

      process.kill(-backend.child.pid!, 'SIGINT');
      expect(await backend.exited).toBe(0);
      expect(backend.output()).toContain('shutdown complete');
      expect(postmasterOf(env.EMBEDDED_PG_DIR)).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180000);

  it('keeps rows on the embedded database across a restart and stops cleanly', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heap-sync-boot-'));
    await chmod(dir, 0o755);
    const pgPort = await freePort();
    const env = {
      PORT: String(await freePort()),
      EMBEDDED_PG_DIR: path.join(dir, 'pg'),
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
    };
    const dbUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/heap_sync`;
    const run = async (work: (db: Client) => Promise<void>) => {
      const backend = spawnBackend(env);
      await waitForOk(`http://127.0.0.1:${env.PORT}/health/ready`);
      const db = new Client({ connectionString: dbUrl });
      await db.connect();
      await work(db);
      await db.end();
      backend.child.kill('SIGTERM');
      expect(await backend.exited).toBe(0);
    };

    try {
      await run(async (db) => {
        await db.query(
          `INSERT INTO installations (account_id, origin, status) VALUES (4242, 'https://a.kommo.com', 'active')`,
        );
      });
      await run(async (db) => {
        const { rows } = await db.query('SELECT origin FROM installations WHERE account_id = 4242');
        expect(rows).toEqual([{ origin: 'https://a.kommo.com' }]);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180000);
});
