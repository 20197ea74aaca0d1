import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

type StoreCallback = (error: Error | null, state?: string) => void;
type VerifyCallback = (error: Error | null, ok: boolean, state?: string) => void;

const STATE_TTL_MINUTES = 20;
const hash = (state: string) => createHash('sha256').update(state).digest('hex');

/**
 * passport-oauth2 state store kept in Postgres: opaque random states, stored only as hashes,
 * valid for as long as Kommo's authorization code, and deleted on first use.
 */
@Injectable()
export class OAuthStateStore {
  constructor(private readonly dataSource: DataSource) {}

  store(_req: unknown, _meta: unknown, callback: StoreCallback): void {
    this.issue().then(
      (state) => callback(null, state),
      (error: Error) => callback(error),
    );
  }

  verify(_req: unknown, state: string, _meta: unknown, callback: VerifyCallback): void {
    this.consume(state).then(
      (ok) => callback(null, ok, state),
      (error: Error) => callback(error, false),
    );
  }

  async issue(): Promise<string> {
    const state = randomBytes(24).toString('base64url');
    await this.dataSource.query(
      `INSERT INTO oauth_states (state_hash, expires_at)
       VALUES ($1, now() + make_interval(mins => $2))`,
      [hash(state), STATE_TTL_MINUTES],
    );

    return state;
  }

  /** True once per issued, unexpired state; replays and unknown states get false. */
  async consume(state: string | undefined): Promise<boolean> {
    if (!state || state.length > 200) return false;
    // Wrapped in a SELECT: TypeORM returns [rows, count] for a bare DELETE ... RETURNING.
    const rows: unknown[] = await this.dataSource.query(
      `WITH used AS (
         DELETE FROM oauth_states WHERE state_hash = $1 AND expires_at > now() RETURNING 1
       ) SELECT * FROM used`,
      [hash(state)],
    );
    await this.dataSource.query(`DELETE FROM oauth_states WHERE expires_at <= now()`);

    return rows.length === 1;
  }
}
