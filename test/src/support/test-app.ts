import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AppModule } from '../../../backend/src/app.module';
import { AppConfig, loadConfig } from '../../../backend/src/config/app-config';
import { configureApp } from '../../../backend/src/configure-app';
import { createTestDatabase, TestDatabase } from './test-database';

export const TEST_CLIENT_ID = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';
export const TEST_CLIENT_SECRET = 'test-client-secret-0123456789abcdef';
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 42).toString('base64');

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  database: TestDatabase;
  dataSource: DataSource;
  url: string;
  close(): Promise<void>;
}

/** The real AppModule on a fresh database, listening on a free loopback port. */
export async function startTestApp(
  env: NodeJS.ProcessEnv = {},
  port = 0,
  shared?: TestDatabase,
): Promise<TestApp> {
  // A second app on the same database (another worker) leaves dropping it to the first.
  const database = shared ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    KOMMO_CLIENT_ID: TEST_CLIENT_ID,
    KOMMO_CLIENT_SECRET: TEST_CLIENT_SECRET,
    TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    PUBLIC_URL: 'http://127.0.0.1:1',
    ...env,
    DATABASE_URL: database.url,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config)],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    bufferLogs: true,
  });
  configureApp(app, config);
  await app.listen(port, '127.0.0.1');
  const { port: bound } = app.getHttpServer().address() as { port: number };

  return {
    app,
    config,
    database,
    dataSource: app.get(DataSource),
    url: `http://127.0.0.1:${bound}`,
    close: async () => {
      await app.close();
      if (!shared) await database.drop();
    },
  };
}
