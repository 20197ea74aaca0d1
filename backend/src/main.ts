import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import pretty from 'pino-pretty';
import { AppModule } from './app.module';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { configureApp } from './configure-app';
import { DatabaseHandle, openDatabase } from './database/database-url';

/** A boot failure is one line on stderr that names the variable, and exit code 1. */
function fail(error: unknown): never {
  const message =
    error instanceof ConfigError
      ? `Configuration error: ${error.message}`
      : `Startup failed: ${(error as Error)?.message ?? String(error)}`;
  process.stderr.write(`${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
}

/**
 * With a development default secret anyone who reads this repository can sign widget tokens and
 * disconnect calls, so such a backend answers on loopback only.
 */
async function listen(app: NestExpressApplication, config: AppConfig): Promise<void> {
  const host = config.defaultedSecrets.length > 0 ? '127.0.0.1' : undefined;
  try {
    await (host ? app.listen(config.port, host) : app.listen(config.port));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError('PORT', `cannot be used: ${config.port} (${code ?? 'listen failed'})`);
  }
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error);
  }

  const log = pino(
    { level: config.logLevel, base: { context: 'Bootstrap' } },
    config.env === 'development' ? pretty({ sync: true, singleLine: true }) : undefined,
  );
  for (const name of config.defaultedSecrets) {
    log.warn(`${name} is not set; using a development default that production refuses`);
  }

  let database: DatabaseHandle | undefined;
  try {
    database = await openDatabase(config);
    if (database.embedded) log.info(`embedded Postgres ready in ${config.embeddedPostgres.dir}`);

    const resolved = { ...config, databaseUrl: database.url };
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(resolved), {
      bodyParser: false,
      bufferLogs: true,
    });
    configureApp(app, resolved);
    await listen(app, resolved);
    const where = config.defaultedSecrets.length
      ? '127.0.0.1 only (development secrets)'
      : 'all interfaces';
    log.info(`listening on port ${config.port} (${where}) as role "${config.role}"`);
    handleSignals(app, database, log);
  } catch (error) {
    await database?.stop().catch(() => undefined);
    fail(error);
  }
}

/**
 * First signal: stop taking requests, let in-flight requests and jobs finish, close the pool,
 * then stop the embedded database. A second signal exits at once.
 */
function handleSignals(
  app: NestExpressApplication,
  database: DatabaseHandle,
  log: pino.Logger,
): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info(`${signal} received, shutting down`);
    try {
      await app.close();
      await database.stop();
      log.info('shutdown complete');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
