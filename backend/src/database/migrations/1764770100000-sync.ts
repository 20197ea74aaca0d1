import { MigrationInterface, QueryRunner } from 'typeorm';

export class Sync1764770100000 implements MigrationInterface {
  name = 'Sync1764770100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        installation_id uuid NOT NULL REFERENCES installations(id) ON DELETE CASCADE,
        body text NOT NULL,
        content_type text,
        parse_error text,
        lead_count integer NOT NULL DEFAULT 0,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX webhook_deliveries_installation ON webhook_deliveries (installation_id, received_at)`,
    );
    await db.query(`
      CREATE TABLE lead_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        installation_id uuid NOT NULL REFERENCES installations(id) ON DELETE CASCADE,
        lead_id bigint NOT NULL,
        modified_at bigint NOT NULL,
        delivery_id uuid REFERENCES webhook_deliveries(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (installation_id, lead_id, modified_at)
      )`);
    await db.query(`
      CREATE TABLE deal_states (
        installation_id uuid NOT NULL REFERENCES installations(id) ON DELETE CASCADE,
        lead_id bigint NOT NULL,
        outcome text CHECK (outcome IN ('won', 'lost')),
        last_plan text,
        last_modified_at bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (installation_id, lead_id)
      )`);
    await db.query(`
      CREATE TABLE sync_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        installation_id uuid NOT NULL REFERENCES installations(id) ON DELETE CASCADE,
        lead_id bigint NOT NULL,
        kind text NOT NULL CHECK (kind IN ('won', 'plan_changed', 'lost')),
        state text NOT NULL CHECK (state IN ('pending', 'synced', 'skipped', 'invalid', 'failed')),
        idempotency_key text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        sent jsonb,
        occurred_at timestamptz NOT NULL,
        note_created_at timestamptz,
        synced_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (installation_id, idempotency_key)
      )`);
    await db.query(
      `CREATE INDEX sync_records_lead ON sync_records (installation_id, lead_id, created_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['sync_records', 'deal_states', 'lead_changes', 'webhook_deliveries']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
