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
}

interface Row {
  id: string;
  lead_id: string;
  kind: SyncKind;
  state: SyncState;
  attempts: number;
  last_error: string | null;
  sent: SentPayload | null;
  occurred_at: Date;
  created_at: Date;
  updated_at: Date;
  synced_at: Date | null;
}

export interface PendingRecord {
  id: string;
  leadId: number;
  sent: SentPayload;
}

/** Sync records. Every method takes the installation id: rows never cross tenants. */
@Injectable()
export class SyncRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts unless a record with the same idempotency key exists; returns the new id or null. */
  async insert(manager: EntityManager, record: NewSyncRecord): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO sync_records
         (installation_id, lead_id, kind, state, idempotency_key, occurred_at, sent, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (installation_id, idempotency_key) DO NOTHING RETURNING id`,
      [
        record.installationId,
        record.leadId,
        record.kind,
        record.state,
        record.idempotencyKey,
        record.occurredAt,
        record.sent ? JSON.stringify(record.sent) : null,
        record.lastError?.slice(0, 500) ?? null,
      ],
    );

    return rows[0]?.id ?? null;
  }

  /** Pending records among `ids`, oldest change first so last-write-wins keeps the newest. */
  async pending(installationId: string, ids: string[]): Promise<PendingRecord[]> {
    // UPDATE ... RETURNING sits in a CTE: TypeORM returns [rows, count] for a bare one.
    const rows: Row[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE sync_records SET attempts = attempts + 1, updated_at = now()
         WHERE installation_id = $1 AND id = ANY($2::uuid[]) AND state = 'pending'
         RETURNING id, lead_id, sent, occurred_at
       ) SELECT * FROM claimed`,
      [installationId, ids],
    );

    return rows
      .sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime())
      .map((row) => ({ id: row.id, leadId: Number(row.lead_id), sent: row.sent! }));
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
