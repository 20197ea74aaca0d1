import { MigrationInterface, QueryRunner } from 'typeorm';

export class Segments1764770200000 implements MigrationInterface {
  name = 'Segments1764770200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE segment_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        installation_id uuid NOT NULL REFERENCES installations(id) ON DELETE CASCADE,
        heap_segment_id bigint NOT NULL,
        segment_name text NOT NULL,
        task_text text NOT NULL,
        task_type_id integer NOT NULL,
        due_in_days integer NOT NULL CHECK (due_in_days BETWEEN 0 AND 365),
        target text NOT NULL CHECK (target IN ('deal', 'contact')),
        updated_by_user_id bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (installation_id, heap_segment_id)
      )`);
    await db.query(`
      CREATE TABLE heap_segment_endpoints (
        installation_id uuid PRIMARY KEY REFERENCES installations(id) ON DELETE CASCADE,
        token_hash text UNIQUE,
        token_nonce text,
        token_key_id text,
        secret_key_id text,
        secret_enc text,
        secret_updated_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE segment_syncs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        installation_id uuid NOT NULL REFERENCES installations(id) ON DELETE CASCADE,
        source text NOT NULL CHECK (source IN ('heap', 'csv')),
        external_id text NOT NULL,
        heap_segment_id bigint NOT NULL,
        segment_name text NOT NULL,
        rule_id uuid REFERENCES segment_rules(id) ON DELETE SET NULL,
        total_pages integer NOT NULL,
        users_removed integer NOT NULL DEFAULT 0,
        uploaded_by_user_id bigint,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (installation_id, source, external_id)
      )`);
    await db.query(
      `CREATE INDEX segment_syncs_installation ON segment_syncs (installation_id, created_at)`,
    );
    await db.query(`
      CREATE TABLE segment_sync_pages (
        sync_id uuid NOT NULL REFERENCES segment_syncs(id) ON DELETE CASCADE,
        installation_id uuid NOT NULL REFERENCES installations(id) ON DELETE CASCADE,
        page_number integer NOT NULL,
        added integer NOT NULL,
        removed integer NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sync_id, page_number)
      )`);
    await db.query(
      `CREATE INDEX segment_sync_pages_installation ON segment_sync_pages (installation_id)`,
    );
    // One open task per contact and segment; a closed row (task completed in Kommo) stays as history.
    await db.query(`
      CREATE TABLE segment_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        installation_id uuid NOT NULL REFERENCES installations(id) ON DELETE CASCADE,
        heap_segment_id bigint NOT NULL,
        contact_id bigint NOT NULL,
        state text NOT NULL CHECK (state IN ('creating', 'created')),
        entity_type text NOT NULL CHECK (entity_type IN ('leads', 'contacts')),
        entity_id bigint NOT NULL,
        lead_id bigint,
        responsible_user_id bigint NOT NULL,
        task_type_id integer NOT NULL,
        text text NOT NULL,
        complete_till bigint NOT NULL,
        kommo_task_id bigint,
        -- Set before the POST: a claim still 'creating' with this set may exist in Kommo already.
        posted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await db.query(
      `CREATE UNIQUE INDEX segment_tasks_open ON segment_tasks
         (installation_id, heap_segment_id, contact_id) WHERE closed_at IS NULL`,
    );
    await db.query(
      `CREATE INDEX segment_tasks_installation ON segment_tasks (installation_id, created_at)`,
    );
    await db.query(`
      CREATE TABLE segment_sync_users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        installation_id uuid NOT NULL REFERENCES installations(id) ON DELETE CASCADE,
        sync_id uuid NOT NULL REFERENCES segment_syncs(id) ON DELETE CASCADE,
        identity text NOT NULL,
        identity_key text NOT NULL,
        page_number integer NOT NULL,
        state text NOT NULL CHECK
          (state IN ('pending', 'created', 'already_had_task', 'no_contact', 'failed')),
        reason text,
        contact_id bigint,
        lead_id bigint,
        segment_task_id uuid REFERENCES segment_tasks(id) ON DELETE SET NULL,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (sync_id, identity_key)
      )`);
    await db.query(
      `CREATE INDEX segment_sync_users_installation ON segment_sync_users
         (installation_id, sync_id, state)`,
    );
    await db.query(
      `CREATE INDEX segment_sync_users_task ON segment_sync_users (segment_task_id)
         WHERE segment_task_id IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'segment_sync_users',
      'segment_tasks',
      'segment_sync_pages',
      'segment_syncs',
      'heap_segment_endpoints',
      'segment_rules',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
