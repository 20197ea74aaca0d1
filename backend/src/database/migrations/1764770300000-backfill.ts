import { MigrationInterface, QueryRunner } from 'typeorm';

export class Backfill1764770300000 implements MigrationInterface {
  name = 'Backfill1764770300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE backfills (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        installation_id uuid NOT NULL REFERENCES installations(id) ON DELETE CASCADE,
        dry_run boolean NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('settings', 'widget', 'cli')),
        status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        requested_by_user_id bigint,
        -- Status filter groups, fixed by the first slice so a restart pages the same lists.
        filters jsonb,
        group_index integer NOT NULL DEFAULT 0,
        next_page integer NOT NULL DEFAULT 1,
        deals_done integer NOT NULL DEFAULT 0,
        deals_total integer,
        report jsonb NOT NULL,
        kommo_requests integer NOT NULL DEFAULT 0,
        run_ms bigint NOT NULL DEFAULT 0,
        -- A slice holds the lease while it works, so two workers never page one backfill.
        lease_until timestamptz,
        error_count integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX backfills_installation ON backfills (installation_id, created_at)`,
    );
    await db.query(
      `CREATE UNIQUE INDEX backfills_one_active ON backfills (installation_id)
       WHERE status IN ('queued', 'running')`,
    );
    await db.query(
      `ALTER TABLE sync_records ADD COLUMN backfill_id uuid
       REFERENCES backfills(id) ON DELETE SET NULL`,
    );
    await db.query(
      `CREATE INDEX sync_records_backfill ON sync_records (backfill_id)
       WHERE backfill_id IS NOT NULL`,
    );
    await db.query(`
      CREATE TABLE reconcile_cursors (
        installation_id uuid PRIMARY KEY REFERENCES installations(id) ON DELETE CASCADE,
        -- Unix seconds: deals updated before this were read by a finished run.
        read_until bigint,
        started_at timestamptz,
        finished_at timestamptz,
        leads_read integer NOT NULL DEFAULT 0,
        last_error text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE reconcile_cursors`);
    await db.query(`ALTER TABLE sync_records DROP COLUMN backfill_id`);
    await db.query(`DROP TABLE backfills`);
  }
}
