import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  HeapEmulator,
  KommoEmulator,
  startHeapEmulator,
  startKommoEmulator,
} from '../../../test/src/emulators';
import { BACKEND_MAIN } from '../../../test/src/support/backend-process';
import { freePort } from '../../../test/src/support/free-port';
import { signWidgetToken } from '../../../test/src/support/widget-token';
import { BenchConfig } from '../config';
import { LOGS_DIR, PROFILES_DIR } from './paths';
import { PostgresServer } from './postgres';
import { ServerProcess, startServerProcess } from './server-process';

export interface BenchStack {
  kommo: KommoEmulator;
  heap: HeapEmulator;
  backend: ServerProcess;
  publicUrl: string;
  databaseUrl: string;
  role: 'all' | 'web';
  /** A signed admin widget token, as Kommo's `$authorizedAjax` sends it. */
  token(accountId: number): Promise<string>;
  close(): Promise<void>;
}

/**
 * The built backend as operators run it (NODE_ENV=production, a real Postgres) between the Kommo
 * and Heap emulators, each answering after the configured latency. One per scenario, on a new
 * database, so one scenario's backlog never slows the next.
 */
export async function startBenchStack(
  config: BenchConfig,
  postgres: PostgresServer,
  label: string,
  role: 'all' | 'web',
): Promise<BenchStack> {
  const clientId = randomUUID();
  const clientSecret = randomBytes(24).toString('hex');
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const kommo = await startKommoEmulator({
    clientId,
    clientSecret,
    redirectUri: `${publicUrl}/api/kommo/oauth/callback`,
    rateLimitPerSecond: 7,
    latencyMs: config.kommoLatencyMs,
  });
  const heap = await startHeapEmulator({ latencyMs: config.heapLatencyMs });
  const database = await postgres.createDatabase(label);
  const profile = config.cpuProfile
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${PROFILES_DIR}`,
        `--cpu-prof-name=${label}-backend.cpuprofile`,
      ]
    : [];

  let backend: ServerProcess;
  try {
    backend = await startServerProcess({
      label: 'backend',
      nodeArgs: [...profile, BACKEND_MAIN],
      port,
      readyPath: '/health/ready',
      logFile: path.join(LOGS_DIR, `${label}-backend.log`),
      env: {
        NODE_ENV: 'production',
        PORT: String(port),
        PUBLIC_URL: publicUrl,
        DATABASE_URL: database.url,
        KOMMO_CLIENT_ID: clientId,
        KOMMO_CLIENT_SECRET: clientSecret,
        KOMMO_API_BASE_URL: kommo.url,
        HEAP_API_BASE_URL: heap.url,
        TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: config.logLevel,
        APP_ROLE: role,
        // Reconciliation runs on the quarter hour: it would land in some runs and not others.
        RECONCILE_INTERVAL_MINUTES: '0',
        ...(config.kommoMaxRps ? { KOMMO_MAX_RPS: String(config.kommoMaxRps) } : {}),
      },
    });
  } catch (error) {
    await Promise.allSettled([kommo.close(), heap.close(), database.drop()]);
    throw error;
  }

  return {
    kommo,
    heap,
    backend,
    publicUrl,
    databaseUrl: database.url,
    role,
    token: (accountId) =>
      signWidgetToken({ accountId, isAdmin: true, audience: publicUrl, secret: clientSecret }),
    close: async () => {
      await backend.stop();
      await Promise.allSettled([kommo.close(), heap.close()]);
      await database.drop();
    },
  };
}
