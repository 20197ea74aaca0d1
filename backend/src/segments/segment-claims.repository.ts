import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TaskTarget } from './contact-matching';

/** One task we mean to have in Kommo: the request we send, and what Kommo gave back. */
export interface SegmentClaim {
  id: string;
  contactId: number;
  state: 'creating' | 'created';
  entityType: 'leads' | 'contacts';
  entityId: number;
  responsibleUserId: number;
  taskTypeId: number;
  text: string;
  completeTill: number;
  kommoTaskId: number | null;
  postedAt: Date | null;
}

export interface NewClaim extends TaskTarget {
  text: string;
  taskTypeId: number;
  completeTill: number;
}

const COLUMNS = `id, contact_id, state, entity_type, entity_id, responsible_user_id, task_type_id,
  text, complete_till, kommo_task_id, posted_at`;

/**
 * Rows of segment_tasks. The partial unique index allows one open row per contact and segment,
 * so a claim is taken before Kommo is called and two syncs can never both create the task.
 */
@Injectable()
export class SegmentClaimsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async open(
    installationId: string,
    segmentId: number,
    contactIds: number[],
  ): Promise<SegmentClaim[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM segment_tasks WHERE installation_id = $1 AND heap_segment_id = $2
         AND contact_id = ANY($3::bigint[]) AND closed_at IS NULL`,
      [installationId, segmentId, contactIds],
    );

    return rows.map(toClaim);
  }

  /** Inserts what is free; returns the new claims by contact id. */
  async claim(
    manager: EntityManager,
    installationId: string,
    segmentId: number,
    claims: NewClaim[],
  ): Promise<Map<number, string>> {
    const column = <K extends keyof NewClaim>(key: K) => claims.map((claim) => claim[key]);
    const rows: { id: string; contact_id: string }[] = await manager.query(
      `INSERT INTO segment_tasks (installation_id, heap_segment_id, contact_id, state, lead_id,
         entity_type, entity_id, responsible_user_id, task_type_id, text, complete_till)
       SELECT $1, $2, t.contact_id, 'creating', t.lead_id, t.entity_type, t.entity_id,
         t.responsible_user_id, t.task_type_id, t.text, t.complete_till
       FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::bigint[], $7::bigint[],
         $8::int[], $9::text[], $10::bigint[])
         AS t(contact_id, lead_id, entity_type, entity_id, responsible_user_id, task_type_id,
           text, complete_till)
       ON CONFLICT (installation_id, heap_segment_id, contact_id) WHERE closed_at IS NULL
       DO NOTHING RETURNING id, contact_id`,
      [
        installationId,
        segmentId,
        column('contactId'),
        column('leadId'),
        column('entityType'),
        column('entityId'),
        column('responsibleUserId'),
        column('taskTypeId'),
        column('text'),
        column('completeTill'),
      ],
    );

    return new Map(rows.map((row) => [Number(row.contact_id), row.id]));
  }

  /** Claims not yet in Kommo whose records (among `recordIds`) still wait for them. */
  async creatingFor(installationId: string, recordIds: string[]): Promise<SegmentClaim[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM segment_tasks WHERE installation_id = $1 AND state = 'creating'
         AND id IN (SELECT segment_task_id FROM segment_sync_users
                    WHERE installation_id = $1 AND id = ANY($2::uuid[]) AND state = 'pending')`,
      [installationId, recordIds],
    );

    return rows.map(toClaim);
  }

  async markPosted(installationId: string, ids: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE segment_tasks SET posted_at = now(), updated_at = now()
       WHERE installation_id = $1 AND id = ANY($2::uuid[])`,
      [installationId, ids],
    );
  }

  async markCreated(
    manager: EntityManager,
    installationId: string,
    created: { claimId: string; taskId: number }[],
  ): Promise<void> {
    await manager.query(
      `UPDATE segment_tasks s SET state = 'created', kommo_task_id = t.task_id, updated_at = now()
       FROM unnest($2::uuid[], $3::bigint[]) AS t(id, task_id)
       WHERE s.installation_id = $1 AND s.id = t.id`,
      [installationId, created.map((c) => c.claimId), created.map((c) => c.taskId)],
    );
  }

  /** The task was completed or deleted in Kommo: the contact may get a new one. */
  async close(installationId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE segment_tasks SET closed_at = now(), updated_at = now()
       WHERE installation_id = $1 AND id = ANY($2::uuid[]) AND closed_at IS NULL`,
      [installationId, ids],
    );
  }

  /** Gives up claims that never made it to Kommo, so a later sync can try again. */
  async release(installationId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `DELETE FROM segment_tasks WHERE installation_id = $1 AND id = ANY($2::uuid[])
         AND state = 'creating'`,
      [installationId, ids],
    );
  }
}

function toClaim(row: Record<string, unknown>): SegmentClaim {
  const id = (value: unknown) => (value === null ? null : Number(value));

  return {
    id: row.id as string,
    contactId: Number(row.contact_id),
    state: row.state as SegmentClaim['state'],
    entityType: row.entity_type as SegmentClaim['entityType'],
    entityId: Number(row.entity_id),
    responsibleUserId: Number(row.responsible_user_id),
    taskTypeId: Number(row.task_type_id),
    text: row.text as string,
    completeTill: Number(row.complete_till),
    kommoTaskId: id(row.kommo_task_id),
    postedAt: (row.posted_at as Date | null) ?? null,
  };
}
