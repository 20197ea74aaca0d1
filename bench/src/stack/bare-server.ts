import path from 'node:path';
import { freePort } from '../../../test/src/support/free-port';
import { BENCH_ROOT, LOGS_DIR } from './paths';
import { ServerProcess, startServerProcess } from './server-process';

/** The minimal NestJS app, in production mode, as the intake scenario's yardstick. */
export async function startBareServer(): Promise<ServerProcess & { webhookUrl: string }> {
  const port = await freePort();
  const server = await startServerProcess({
    label: 'bare NestJS app',
    nodeArgs: ['--import', 'tsx', path.join(BENCH_ROOT, 'src', 'bare', 'bare-app.ts')],
    cwd: BENCH_ROOT,
    env: { NODE_ENV: 'production', PORT: String(port) },
    port,
    readyPath: '/ready',
    logFile: path.join(LOGS_DIR, 'intake-bare.log'),
  });

  return { ...server, webhookUrl: `${server.url}/webhook` };
}
