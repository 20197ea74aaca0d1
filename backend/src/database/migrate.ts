import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/app-config';
import { openDatabase } from './database-url';
import { typeormOptions } from './typeorm-options';

/** `pnpm migration:run`: applies pending migrations to DATABASE_URL or the embedded database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  const source = new DataSource({ ...typeormOptions(database.url), migrationsRun: false });
  try {
    await source.initialize();
    const applied = await source.runMigrations({ transaction: 'each' });
    console.warn(`migrations applied: ${applied.map((m) => m.name).join(', ') || 'none pending'}`);
  } finally {
    await source.destroy().catch(() => undefined);
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : (error as Error).stack);
  process.exit(1);
});
