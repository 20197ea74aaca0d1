import { MigrationInterface, QueryRunner } from 'typeorm';

export class Installations1764770000000 implements MigrationInterface {
  name = 'Installations1764770000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE installations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id bigint NOT NULL UNIQUE,
        origin text NOT NULL,
        subdomain text,
        status text NOT NULL CHECK (status IN ('active', 'needs_reauth', 'uninstalled')),
        status_reason text,
        installed_by_user_id bigint,
        timezone text NOT NULL DEFAULT 'UTC',
        webhook_token_hash text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        uninstalled_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE oauth_tokens (
        installation_id uuid PRIMARY KEY REFERENCES installations(id) ON DELETE CASCADE,
        key_id text NOT NULL,
        access_token_enc text NOT NULL,
        refresh_token_enc text NOT NULL,
        expires_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1,
        last_used_at timestamptz NOT NULL DEFAULT now(),
        refreshed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE oauth_states (
        state_hash text PRIMARY KEY,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE oauth_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key_id text NOT NULL,
        code_enc text NOT NULL,
        -- The token pair right after the exchange, sealed, so a failure later loses nothing.
        tokens_enc text,
        origin text NOT NULL,
        from_widget boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'exchanged', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        installation_id uuid REFERENCES installations(id) ON DELETE SET NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE installation_settings (
        installation_id uuid PRIMARY KEY REFERENCES installations(id) ON DELETE CASCADE,
        settings jsonb NOT NULL,
        updated_by_user_id bigint,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE widget_token_uses (
        jti text PRIMARY KEY,
        installation_id uuid NOT NULL REFERENCES installations(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX widget_token_uses_expires_at ON widget_token_uses (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'widget_token_uses',
      'installation_settings',
      'oauth_codes',
      'oauth_states',
      'oauth_tokens',
      'installations',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
