import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../../backend/src/database/embedded-postgres';
import { freePort } from '../../../test/src/support/free-port';
import { postgresCpuMs } from './cpu-time';

export interface PostgresServer {
  /** Where the server came from, for the report. */
  kind: 'given' | 'embedded';
  /** CPU time the server has used so far, in ms; null for a given server (it may be remote). */
  cpuMs(): number | null;
  /** A new, empty database; the backend migrates it when it boots. */
  createDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }>;
  stop(): Promise<void>;
}

/** The given server (BENCH_DATABASE_URL or DATABASE_URL), or an embedded one in a temp folder. */
export async function startPostgres(givenUrl: string | undefined): Promise<PostgresServer> {
  if (givenUrl)
    return onServer(
      givenUrl,
      'given',
      () => null,
      async () => undefined,
    );

  const dir = await mkdtemp(path.join(tmpdir(), 'heap-sync-bench-pg-'));
  // Run as root, Postgres runs as its own user and must be able to enter this folder.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, 'data'),
    port: await freePort(),
    database: 'bench_admin',
    persistent: false,
  });

  return onServer(
    server.url,
    'embedded',
    () => postgresCpuMs(dir),
    async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  );
}

function onServer(
  adminUrl: string,
  kind: PostgresServer['kind'],
  cpuMs: () => number | null,
  stop: () => Promise<void>,
): PostgresServer {
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  return {
    kind,
    cpuMs,
    async createDatabase(label) {
      const name = `bench_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
      await admin(`CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;

      return {
        url: url.toString(),
        drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      };
    },
    stop,
  };
}
