import { Injectable } from '@nestjs/common';
import {
  SEGMENT_USER_STATES,
  SegmentSyncDto,
  SegmentUserRecordDto,
  SegmentUserState,
} from '@heap-sync/shared';
import { DataSource } from 'typeorm';

const SYNC_SELECT = `
  SELECT s.*,
    (SELECT count(*) FROM segment_sync_pages p WHERE p.sync_id = s.id)::int AS pages_received,
    (SELECT coalesce(jsonb_object_agg(c.state, c.n), '{}') FROM
      (SELECT state, count(*)::int AS n FROM segment_sync_users u
       WHERE u.sync_id = s.id GROUP BY state) c) AS counts
  FROM segment_syncs s`;

/** What the widget lists: syncs with their counts, and the per-user records of one sync. */
@Injectable()
export class SegmentSyncsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(installationId: string, limit = 50): Promise<SegmentSyncDto[]> {
    const rows = await this.dataSource.query(
      `${SYNC_SELECT} WHERE s.installation_id = $1 ORDER BY s.created_at DESC, s.id LIMIT $2`,
      [installationId, limit],
    );

    return rows.map(toSyncDto);
  }

  async one(installationId: string, syncId: string): Promise<SegmentSyncDto | null> {
    if (!/^[0-9a-f-]{36}$/i.test(syncId)) return null;
    const [row] = await this.dataSource.query(
      `${SYNC_SELECT} WHERE s.installation_id = $1 AND s.id = $2`,
      [installationId, syncId],
    );

    return row ? toSyncDto(row) : null;
  }

  async records(
    installationId: string,
    syncId: string,
    page: { state?: SegmentUserState; limit: number; offset: number },
  ): Promise<{ records: SegmentUserRecordDto[]; total: number }> {
    const where = `u.installation_id = $1 AND u.sync_id = $2 AND ($3::text IS NULL OR u.state = $3)`;
    const params = [installationId, syncId, page.state ?? null];
    const rows = await this.dataSource.query(
      `SELECT u.*, t.kommo_task_id, t.responsible_user_id FROM segment_sync_users u
       LEFT JOIN segment_tasks t ON t.id = u.segment_task_id
       WHERE ${where} ORDER BY u.page_number, u.identity_key LIMIT $4 OFFSET $5`,
      [...params, page.limit, page.offset],
    );
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM segment_sync_users u WHERE ${where}`,
      params,
    );

    return { records: rows.map(toRecordDto), total };
  }
}

const numberOrNull = (value: unknown) => (value === null ? null : Number(value));

function toSyncDto(row: Record<string, unknown>): SegmentSyncDto {
  const found = row.counts as Partial<Record<SegmentUserState, number>>;
  const counts = Object.fromEntries(
    SEGMENT_USER_STATES.map((state) => [state, found[state] ?? 0]),
  ) as Record<SegmentUserState, number>;
  const pagesReceived = Number(row.pages_received);
  const totalPages = Number(row.total_pages);

  return {
    id: row.id as string,
    source: row.source as SegmentSyncDto['source'],
    externalId: row.external_id as string,
    heapSegmentId: Number(row.heap_segment_id),
    segmentName: row.segment_name as string,
    ruleId: (row.rule_id as string | null) ?? null,
    totalPages,
    pagesReceived,
    usersRemoved: Number(row.users_removed),
    note: (row.note as string | null) ?? null,
    counts,
    status: pagesReceived < totalPages ? 'receiving' : counts.pending > 0 ? 'processing' : 'done',
    createdAt: (row.created_at as Date).toISOString(),
    updatedAt: (row.updated_at as Date).toISOString(),
  };
}

function toRecordDto(row: Record<string, unknown>): SegmentUserRecordDto {
  return {
    id: row.id as string,
    identity: row.identity as string,
    state: row.state as SegmentUserState,
    reason: (row.reason as string | null) ?? null,
    contactId: numberOrNull(row.contact_id),
    leadId: numberOrNull(row.lead_id),
    kommoTaskId: numberOrNull(row.kommo_task_id),
    responsibleUserId: numberOrNull(row.responsible_user_id),
    attempts: Number(row.attempts),
    updatedAt: (row.updated_at as Date).toISOString(),
  };
}
