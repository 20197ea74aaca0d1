import { fork } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { AppConfig, ConfigError } from '../config/app-config';
import type { EmbeddedPostgresMessage } from './embedded-postgres.process';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * With DATABASE_URL set, checks that the server answers; without it, starts the embedded cluster.
 * Either failure is a ConfigError naming the variable, so boot ends with a one-line message.
 */
export async function openDatabase(config: AppConfig): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    await checkReachable(config.databaseUrl);

    return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  }

  try {
    return await startDetached(config);
  } catch (error) {
    throw new ConfigError(
      'EMBEDDED_PG_DIR',
      `could not start the embedded Postgres in ${config.embeddedPostgres.dir} on port ` +
        `${config.embeddedPostgres.port} (EMBEDDED_PG_PORT): ${(error as Error).message}`,
    );
  }
}

/** Starts the cluster through embedded-postgres.process.ts, in a process group of its own. */
function startDetached(config: AppConfig): Promise<DatabaseHandle> {
  const child = fork(
    path.join(__dirname, 'embedded-postgres.process.js'),
    [JSON.stringify(config.embeddedPostgres)],
    { detached: true, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the Postgres process exited (${code})`)));
    child.once('message', (message: EmbeddedPostgresMessage) => {
      if (message.type === 'failed') return reject(new Error(message.message));
      resolve({
        url: message.url,
        embedded: true,
        stop: async () => {
          if (child.connected) child.send('stop');
          await exited;
        },
      });
    });
  });
}

async function checkReachable(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const { host, port } = safeHost(url);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;

    throw new ConfigError('DATABASE_URL', `is unreachable: ${host}:${port} (${reason})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Host and port only: the URL may carry a password. */
function safeHost(url: string): { host: string; port: string } {
  try {
    const parsed = new URL(url);

    return { host: parsed.hostname, port: parsed.port || '5432' };
  } catch {
    return { host: 'unknown host', port: '?' };
  }
}
