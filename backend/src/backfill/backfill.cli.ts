import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { ConfigError, loadConfig } from '../config/app-config';
import { openDatabase } from '../database/database-url';
import { parseArgs, runBackfillCli, USAGE } from './backfill-cli';

/**
 * `pnpm --filter @heap-sync/backend backfill -- --account <id> [--dry-run]`: the app's own
 * context as a worker, so it also delivers to Heap when no server runs. Ctrl-C stops at a page
 * boundary; the same command continues from there.
 *
 * Known shortcoming: this process paces its Kommo calls on its own. Next to a running server
 * the two together can exceed Kommo's 7 requests a second and meet 429s (retried, but slower):
 * give the command a lower KOMMO_MAX_RPS, e.g. 3, while a server runs.
 */
async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if ('error' in options) {
    process.stderr.write(`${options.error}\n${USAGE}\n`);

    return 2;
  }
  // Quiet by default: the progress bar and the report are the output.
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const database = await openDatabase(config);
  try {
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ ...config, databaseUrl: database.url, role: 'worker' }),
      { bufferLogs: true },
    );
    app.useLogger(app.get(Logger));
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', () => {
        resolve();
        process.once('SIGINT', () => process.exit(130));
      });
    });
    try {
      return await runBackfillCli(app, options, {
        write: (text) => process.stdout.write(text),
        bar: process.stderr,
        stopped,
      });
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : (error as Error).message;
    process.stderr.write(`Backfill failed: ${message}\n`);
    process.exit(1);
  },
);
