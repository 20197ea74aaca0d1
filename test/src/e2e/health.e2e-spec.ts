import request from 'supertest';
import { MIGRATIONS } from '../../../backend/src/database/migrations';
import { startTestApp, TestApp } from '../support/test-app';

describe('health and docs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness', async () => {
    const response = await request(t.app.getHttpServer()).get('/health').expect(200);

    expect(response.body).toEqual({ status: 'ok' });
  });

  it('is ready once the database answers and every migration is applied', async () => {
    const response = await request(t.app.getHttpServer()).get('/health/ready').expect(200);

    expect(response.body.details).toEqual({
      database: { status: 'up' },
      migrations: { status: 'up' },
    });
    const applied = await t.dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((row: { name: string }) => row.name)).toEqual(
      MIGRATIONS.map((migration) => new migration().name),
    );
    expect(applied[0].name).toBe('Installations1764770000000');
  });

  it('is not ready while a migration is pending', async () => {
    await t.dataSource.query(`DELETE FROM migrations WHERE name = 'Sync1764770100000'`);
    const response = await request(t.app.getHttpServer()).get('/health/ready').expect(503);

    expect(response.body.details.migrations).toEqual({ status: 'down', pending: true });
    await t.dataSource.query(
      `INSERT INTO migrations (timestamp, name) VALUES (1764770100000, 'Sync1764770100000')`,
    );
  });

  it('serves the OpenAPI document and its UI', async () => {
    const document = await request(t.app.getHttpServer()).get('/docs-json').expect(200);
    expect(document.body.info.title).toBe('Heap Sync for Kommo');
    expect(Object.keys(document.body.paths)).toContain('/health/ready');

    const ui = await request(t.app.getHttpServer()).get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
