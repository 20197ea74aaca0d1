import { Injectable } from '@nestjs/common';
import type { SegmentUserState } from '@heap-sync/shared';
import { DataSource, EntityManager } from 'typeorm';

export interface PendingUser {
  id: string;
  identity: string;
  /** Set once a claim was taken for this user: only the Kommo call is left. */
  segmentTaskId: string | null;
}

export interface UserOutcome {
  id: string;
  state: Exclude<SegmentUserState, 'pending'>;
  reason: string | null;
  contactId: number | null;
  leadId: number | null;
  segmentTaskId: string | null;
}

/** Per-user records of a sync (segment_sync_users); every method is scoped by installation. */
@Injectable()
export class SegmentRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The still-pending users among `ids`, counting this attempt. */
  async pending(installationId: string, ids: string[]): Promise<PendingUser[]> {
    const rows: { id: string; identity: string; segment_task_id: string | null }[] =
      await this.dataSource.query(
        // In a CTE so the driver returns the rows: a bare UPDATE gives [rows, count].
        `WITH claimed AS (
           UPDATE segment_sync_users SET attempts = attempts + 1, updated_at = now()
           WHERE installation_id = $1 AND id = ANY($2::uuid[]) AND state = 'pending'
           RETURNING id, identity, segment_task_id, page_number, identity_key)
         SELECT id, identity, segment_task_id FROM claimed ORDER BY page_number, identity_key`,
        [installationId, ids],
      );

    return rows.map((row) => ({
      id: row.id,
      identity: row.identity,
      segmentTaskId: row.segment_task_id,
    }));
  }

  /** Final outcomes, or (state pending) the claim a user now waits for. */
  async record(
    manager: EntityManager,
    installationId: string,
    outcomes: (UserOutcome | (Omit<UserOutcome, 'state'> & { state: 'pending' }))[],
  ): Promise<void> {
    if (outcomes.length === 0) return;
    const column = <K extends keyof UserOutcome>(key: K) => outcomes.map((outcome) => outcome[key]);
    await manager.query(
      `UPDATE segment_sync_users u SET state = t.state, reason = t.reason, contact_id = t.contact_id,
         lead_id = t.lead_id, segment_task_id = t.segment_task_id, updated_at = now()
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::uuid[])
         AS t(id, state, reason, contact_id, lead_id, segment_task_id)
       WHERE u.installation_id = $1 AND u.id = t.id AND u.state = 'pending'`,
      [
        installationId,
        column('id'),
        column('state'),
        column('reason').map((reason) => reason?.slice(0, 300) ?? null),
        column('contactId'),
        column('leadId'),
        column('segmentTaskId'),
      ],
    );
  }

  async createdByClaims(
    manager: EntityManager,
    installationId: string,
    claimIds: string[],
  ): Promise<void> {
    await manager.query(
      `UPDATE segment_sync_users SET state = 'created', reason = NULL, updated_at = now()
       WHERE installation_id = $1 AND segment_task_id = ANY($2::uuid[]) AND state = 'pending'`,
      [installationId, claimIds],
    );
  }

  /** Ends users that are still pending (a failure that retrying will not fix). */
  async fail(installationId: string, ids: string[], reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE segment_sync_users SET state = 'failed', reason = $3, updated_at = now()
       WHERE installation_id = $1 AND id = ANY($2::uuid[]) AND state = 'pending'`,
      [installationId, ids, reason.slice(0, 300)],
    );
  }

  async failByClaims(installationId: string, claimIds: string[], reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE segment_sync_users SET state = 'failed', reason = $3, updated_at = now()
       WHERE installation_id = $1 AND segment_task_id = ANY($2::uuid[]) AND state = 'pending'`,
      [installationId, claimIds, reason.slice(0, 300)],
    );
  }

  /** Keeps users pending (a retry follows) and shows why they wait. */
  async note(installationId: string, ids: string[], reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE segment_sync_users SET reason = $3, updated_at = now()
       WHERE installation_id = $1 AND id = ANY($2::uuid[]) AND state = 'pending'`,
      [installationId, ids, reason.slice(0, 300)],
    );
  }
}
