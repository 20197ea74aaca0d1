import { Injectable } from '@nestjs/common';
import type { SentPayload, SyncKind, SyncRecordDto, SyncState } from '@heap-sync/shared';
import { DataSource, EntityManager } from 'typeorm';

export interface NewSyncRecord {
  installationId: string;
  leadId: number;
  kind: SyncKind;
  state: SyncState;
  idempotencyKey: string;
  occurredAt: Date;
  sent: SentPayload | null;
  lastError: string | null;
  /** Set for records a backfill made: they show in its progress and get no deal note. */
  backfillId?: string | null;
}

interface Row {
  id: string;
  lead_id: string;
  kind: SyncKind;
  state: SyncState;
  attempts: number;
  last_error: string | null;
  sent: SentPayload | null;
  backfill_id: string | null;
  occurred_at: Date;
  created_at: Date;
  updated_at: Date;
  synced_at: Date | null;
}

export interface PendingRecord {
  id: string;
  leadId: number;
  sent: SentPayload;
  backfillId: string | null;
}

/** Sync records. Every method takes the installation id: rows never cross tenants. */
@Injectable()
export class SyncRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts unless a record with the same idempotency key exists; returns the new id or null. A
   * skipped or invalid record comes back as pending when the same change is now sendable (an
   * email added to the contact does not change the deal's key), so it is not lost.
   */
  async insert(manager: EntityManager, record: NewSyncRecord): Promise<string | null> {
    const ids = await this.insertMany(manager, [record]);

    return ids.get(record.idempotencyKey) ?? null;
  }

  /** `insert` for many records in one statement: the ids of those inserted, by key. */
  async insertMany(manager: EntityManager, records: NewSyncRecord[]): Promise<Map<string, string>> {
    if (records.length === 0) return new Map();
    const rows: { id: string; idempotency_key: string }[] = await manager.query(
      `INSERT INTO sync_records (installation_id, lead_id, kind, state, idempotency_key,
         occurred_at, sent, last_error, backfill_id)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(installation_id uuid, lead_id bigint,
         kind text, state text, idempotency_key text, occurred_at timestamptz, sent jsonb,
         last_error text, backfill_id uuid)
       ON CONFLICT (installation_id, idempotency_key) DO UPDATE SET state = EXCLUDED.state,
         sent = EXCLUDED.sent, last_error = NULL, backfill_id = EXCLUDED.backfill_id,
         updated_at = now()
       WHERE sync_records.state IN ('skipped', 'invalid') AND EXCLUDED.state = 'pending'
       RETURNING id, idempotency_key`,
      [
        JSON.stringify(
          records.map((record) => ({
            installation_id: record.installationId,
            lead_id: record.leadId,
            kind: record.kind,
            state: record.state,
            idempotency_key: record.idempotencyKey,
            occurred_at: record.occurredAt.toISOString(),
            sent: record.sent,
            last_error: record.lastError?.slice(0, 500) ?? null,
            backfill_id: record.backfillId ?? null,
          })),
        ),
      ],
    );

    return new Map(rows.map((row) => [row.idempotency_key, row.id]));
  }

  /** Pending records among `ids`, oldest change first so last-write-wins keeps the newest. */
  async pending(installationId: string, ids: string[]): Promise<PendingRecord[]> {
    // UPDATE ... RETURNING sits in a CTE: TypeORM returns [rows, count] for a bare one.
    const rows: Row[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE sync_records SET attempts = attempts + 1, updated_at = now()
         WHERE installation_id = $1 AND id = ANY($2::uuid[]) AND state = 'pending'
         RETURNING id, lead_id, sent, backfill_id, occurred_at
       ) SELECT * FROM claimed`,
      [installationId, ids],
    );

    return rows
      .sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime())
      .map((row) => ({
        id: row.id,
        leadId: Number(row.lead_id),
        sent: row.sent!,
        backfillId: row.backfill_id,
      }));
  }

  async markSynced(manager: EntityManager, installationId: string, ids: string[]): Promise<void> {
    await manager.query(
      `UPDATE sync_records SET state = 'synced', last_error = NULL, synced_at = now(),
         updated_at = now() WHERE installation_id = $1 AND id = ANY($2::uuid[])`,
      [installationId, ids],
    );
  }

  /** Keeps the record pending (a retry follows) or ends it, with a short reason. */
  async setError(
    installationId: string,
    ids: string[],
    error: string,
    state: 'pending' | 'failed' | 'invalid',
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_records SET state = $3, last_error = $4, updated_at = now()
       WHERE installation_id = $1 AND id = ANY($2::uuid[]) AND state = 'pending'`,
      [installationId, ids, state, error.slice(0, 500)],
    );
  }

  /** A failed record goes back to pending for the widget's Retry; false if it was not failed. */
  async requeue(installationId: string, leadId: number, id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH requeued AS (
         UPDATE sync_records SET state = 'pending', updated_at = now()
         WHERE installation_id = $1 AND lead_id = $2 AND id = $3 AND state = 'failed'
         RETURNING id
       ) SELECT * FROM requeued`,
      [installationId, leadId, id],
    );

    return rows.length === 1;
  }

  async forLead(installationId: string, leadId: number, limit = 20): Promise<SyncRecordDto[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT id, lead_id, kind, state, attempts, last_error, sent, occurred_at, created_at,
         updated_at, synced_at
       FROM sync_records WHERE installation_id = $1 AND lead_id = $2
       ORDER BY created_at DESC LIMIT $3`,
      [installationId, leadId, limit],
    );

    return rows.map((row) => ({
      id: row.id,
      leadId: Number(row.lead_id),
      kind: row.kind,
      state: row.state,
      attempts: row.attempts,
      lastError: row.last_error,
      sent: row.sent,
      occurredAt: row.occurred_at.toISOString(),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      syncedAt: row.synced_at?.toISOString() ?? null,
    }));
  }
}
