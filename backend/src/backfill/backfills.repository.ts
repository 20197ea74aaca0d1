import { Injectable } from '@nestjs/common';
import {
  BackfillDelivery,
  BackfillReport,
  BackfillStatus,
  BackfillTrigger,
  SYNC_KINDS,
  SyncKind,
} from '@heap-sync/shared';
import { DataSource, EntityManager } from 'typeorm';
import { emptyReport } from './backfill-report';
import type { StatusFilter } from './status-filters';

export interface Backfill {
  id: string;
  installationId: string;
  dryRun: boolean;
  trigger: BackfillTrigger;
  status: BackfillStatus;
  filters: StatusFilter[][] | null;
  groupIndex: number;
  nextPage: number;
  dealsDone: number;
  dealsTotal: number | null;
  report: BackfillReport;
  kommoRequests: number;
  runMs: number;
  errorCount: number;
  lastError: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Where a slice stopped: the next page to read, and what was counted up to there. */
export interface Checkpoint {
  groupIndex: number;
  nextPage: number;
  dealsDone: number;
  report: BackfillReport;
  kommoRequests: number;
  runMs: number;
}

const COLUMNS = `id, installation_id, dry_run, trigger, status, filters, group_index, next_page,
  deals_done, deals_total, report, kommo_requests, run_ms, error_count, last_error, created_at,
  started_at, finished_at`;

/** Backfill rows. Every method takes the installation id: rows never cross tenants. */
@Injectable()
export class BackfillsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new queued backfill, or null when the installation already has an active one. */
  async create(
    manager: EntityManager,
    input: {
      installationId: string;
      dryRun: boolean;
      trigger: BackfillTrigger;
      userId: number | null;
    },
  ): Promise<Backfill | null> {
    const rows = await manager.query(
      `INSERT INTO backfills (installation_id, dry_run, trigger, status, requested_by_user_id, report)
       VALUES ($1, $2, $3, 'queued', $4, $5)
       ON CONFLICT (installation_id) WHERE status IN ('queued', 'running') DO NOTHING
       RETURNING ${COLUMNS}`,
      [input.installationId, input.dryRun, input.trigger, input.userId, emptyReport()],
    );

    return rows[0] ? toBackfill(rows[0]) : null;
  }

  async active(installationId: string): Promise<Backfill | null> {
    return this.one(
      `SELECT ${COLUMNS} FROM backfills
       WHERE installation_id = $1 AND status IN ('queued', 'running')`,
      [installationId],
    );
  }

  async find(installationId: string, id: string): Promise<Backfill | null> {
    return this.one(`SELECT ${COLUMNS} FROM backfills WHERE installation_id = $1 AND id = $2`, [
      installationId,
      id,
    ]);
  }

  async latest(installationId: string, dryRun: boolean): Promise<Backfill | null> {
    return this.one(
      `SELECT ${COLUMNS} FROM backfills WHERE installation_id = $1 AND dry_run = $2
       ORDER BY created_at DESC LIMIT 1`,
      [installationId, dryRun],
    );
  }

  /** True once a real (not dry) backfill was started for the installation. */
  async hasRealRun(installationId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM backfills WHERE installation_id = $1 AND NOT dry_run LIMIT 1`,
      [installationId],
    );

    return rows.length > 0;
  }

  /** The deal count of the latest finished backfill, as an estimate for a running one. */
  async previousTotal(installationId: string, exceptId: string): Promise<number | null> {
    const [row] = await this.dataSource.query(
      `SELECT deals_total FROM backfills
       WHERE installation_id = $1 AND id <> $2 AND status = 'done'
       ORDER BY finished_at DESC LIMIT 1`,
      [installationId, exceptId],
    );

    return row ? Number(row.deals_total) : null;
  }

  /** Takes the lease of an unfinished backfill; null if it is finished or another slice runs. */
  async claim(installationId: string, id: string, leaseSeconds: number): Promise<Backfill | null> {
    // UPDATE ... RETURNING sits in a CTE: TypeORM returns [rows, count] for a bare one.
    return this.one(
      `WITH claimed AS (
         UPDATE backfills SET status = 'running', started_at = coalesce(started_at, now()),
           lease_until = now() + make_interval(secs => $3), updated_at = now()
         WHERE installation_id = $1 AND id = $2 AND status IN ('queued', 'running')
           AND (lease_until IS NULL OR lease_until < now())
         RETURNING ${COLUMNS}
       ) SELECT * FROM claimed`,
      [installationId, id, leaseSeconds],
    );
  }

  /** Seconds until another slice's lease ends; null once the backfill is finished. */
  async leaseLeft(installationId: string, id: string): Promise<number | null> {
    const [row] = await this.dataSource.query(
      `SELECT greatest(0, extract(epoch FROM lease_until - now())) AS left FROM backfills
       WHERE installation_id = $1 AND id = $2 AND status IN ('queued', 'running')`,
      [installationId, id],
    );

    return row ? Math.ceil(Number(row.left ?? 0)) : null;
  }

  async saveFilters(installationId: string, id: string, filters: StatusFilter[][]) {
    await this.dataSource.query(
      `UPDATE backfills SET filters = $3, updated_at = now()
       WHERE installation_id = $1 AND id = $2`,
      [installationId, id, JSON.stringify(filters)],
    );
  }

  /** Saves progress and extends the lease. */
  async checkpoint(installationId: string, id: string, at: Checkpoint, leaseSeconds: number) {
    await this.dataSource.query(
      `UPDATE backfills SET group_index = $3, next_page = $4, deals_done = $5, report = $6,
         kommo_requests = $7, run_ms = $8, lease_until = now() + make_interval(secs => $9),
         updated_at = now()
       WHERE installation_id = $1 AND id = $2`,
      [
        installationId,
        id,
        at.groupIndex,
        at.nextPage,
        at.dealsDone,
        at.report,
        at.kommoRequests,
        at.runMs,
        leaseSeconds,
      ],
    );
  }

  async release(installationId: string, id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE backfills SET lease_until = NULL, updated_at = now()
       WHERE installation_id = $1 AND id = $2`,
      [installationId, id],
    );
  }

  async recordError(installationId: string, id: string, message: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE backfills SET error_count = error_count + 1, last_error = $3, updated_at = now()
       WHERE installation_id = $1 AND id = $2`,
      [installationId, id, message.slice(0, 500)],
    );
  }

  /** Ends the backfill; a finished run knows its total, the deals it read. */
  async finish(installationId: string, id: string, status: 'done' | 'failed', error?: string) {
    await this.dataSource.query(
      `UPDATE backfills SET status = $3, finished_at = now(), lease_until = NULL,
         deals_total = CASE WHEN $3 = 'done' THEN deals_done ELSE deals_total END,
         last_error = coalesce($4, last_error), updated_at = now()
       WHERE installation_id = $1 AND id = $2`,
      [installationId, id, status, error?.slice(0, 500) ?? null],
    );
  }

  /** Where the Heap side of a real run stands, and the events its records hold per kind. */
  async delivery(installationId: string, id: string) {
    const rows: { kind: SyncKind; state: string; count: string }[] = await this.dataSource.query(
      `SELECT kind, state, count(*) AS count FROM sync_records
       WHERE installation_id = $1 AND backfill_id = $2 GROUP BY kind, state`,
      [installationId, id],
    );
    const count = (states: string[], kind?: SyncKind) =>
      rows
        .filter((row) => states.includes(row.state) && (!kind || row.kind === kind))
        .reduce((sum, row) => sum + Number(row.count), 0);
    const events = ['pending', 'synced', 'failed'];
    const delivery: BackfillDelivery = {
      pending: count(['pending']),
      synced: count(['synced']),
      failed: count(['failed']),
    };
    const sent = Object.fromEntries(SYNC_KINDS.map((kind) => [kind, count(events, kind)]));

    return { delivery, sent: sent as Record<SyncKind, number> };
  }

  private async one(sql: string, params: unknown[]): Promise<Backfill | null> {
    const rows: Row[] = await this.dataSource.query(sql, params);

    return rows[0] ? toBackfill(rows[0]) : null;
  }
}

interface Row {
  id: string;
  installation_id: string;
  dry_run: boolean;
  trigger: BackfillTrigger;
  status: BackfillStatus;
  filters: StatusFilter[][] | null;
  group_index: number;
  next_page: number;
  deals_done: number;
  deals_total: number | null;
  report: BackfillReport;
  kommo_requests: number;
  run_ms: string;
  error_count: number;
  last_error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

function toBackfill(row: Row): Backfill {
  return {
    id: row.id,
    installationId: row.installation_id,
    dryRun: row.dry_run,
    trigger: row.trigger,
    status: row.status,
    filters: row.filters,
    groupIndex: row.group_index,
    nextPage: row.next_page,
    dealsDone: row.deals_done,
    dealsTotal: row.deals_total,
    report: row.report,
    kommoRequests: row.kommo_requests,
    runMs: Number(row.run_ms),
    errorCount: row.error_count,
    lastError: row.last_error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
