/**
 * Runs the embedded Postgres in a process group of its own. A Ctrl-C in the terminal signals the
 * whole foreground group; Postgres would take it as "fast shutdown" and drop the database while
 * the backend is still finishing in-flight requests and jobs. Here only the backend gets it, and
 * it sends "stop" when its work is done. If the backend dies, the IPC channel closes and the
 * cluster is stopped as well, so no Postgres is left behind.
 */
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres';

export type EmbeddedPostgresMessage =
  { type: 'ready'; url: string; shared: boolean } | { type: 'failed'; message: string };

let handle: EmbeddedPostgresHandle | undefined;
let stopping = false;

async function stopAndExit(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await handle?.stop().catch(() => undefined);
  process.exit(code);
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}');
  try {
    handle = await startEmbeddedPostgres(options);
    process.send?.({ type: 'ready', url: handle.url, shared: handle.shared });
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    process.send?.({ type: 'failed', message }, () => process.exit(1));
  }
}

process.on('message', (message) => message === 'stop' && void stopAndExit(0));
process.on('disconnect', () => void stopAndExit(0));
process.on('SIGTERM', () => void stopAndExit(0));
process.on('SIGINT', () => undefined);
void main();
