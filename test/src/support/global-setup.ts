import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../../backend/src/database/embedded-postgres';
import { freePort } from './free-port';

declare global {
  var __EMBEDDED_PG_STOP__: (() => Promise<void>) | undefined;
}

/** Picks the server every suite creates its databases on. */
export default async function globalSetup(): Promise<void> {
  const given = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (given) {
    process.env.E2E_ADMIN_URL = given;

    return;
  }

  const dir = await mkdtemp(path.join(tmpdir(), 'heap-sync-e2e-pg-'));
  // When we run as root, Postgres runs as its own user and must be able to enter this folder.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, 'data'),
    port: await freePort(),
    database: 'e2e_admin',
    persistent: false,
  });
  process.env.E2E_ADMIN_URL = server.url;
  globalThis.__EMBEDDED_PG_STOP__ = server.stop;
}
