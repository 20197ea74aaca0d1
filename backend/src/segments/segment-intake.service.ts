import { Injectable, Logger } from '@nestjs/common';
import type { SegmentSyncSource } from '@heap-sync/shared';
import { DataSource, EntityManager } from 'typeorm';
import { JobsService } from '../jobs/jobs.service';
import { identityKey, SegmentPage } from './heap-segment-payload';
import { SegmentRulesService } from './segment-rules.service';
import { SEGMENT_TASKS_QUEUE, SegmentTasksJob, USERS_PER_JOB } from './segment-tasks.job';

export type IntakeResult =
  | { outcome: 'accepted'; syncId: string; queued: number }
  | { outcome: 'duplicate_page'; syncId: string }
  | { outcome: 'no_rule'; syncId: string };

export interface IntakeOptions {
  /** CSV uploads name their rule; Heap pages are matched to one by segment id. */
  ruleId?: string;
  userId?: number;
}

/**
 * Stores one page of a segment sync and queues its users, in one transaction: a page that is
 * answered 200 is never lost, and a page Heap sends again (or out of order) adds nothing twice.
 */
@Injectable()
export class SegmentIntakeService {
  private readonly logger = new Logger(SegmentIntakeService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: SegmentRulesService,
    private readonly jobs: JobsService,
  ) {}

  accept(
    installationId: string,
    source: SegmentSyncSource,
    page: SegmentPage,
    options: IntakeOptions = {},
  ): Promise<IntakeResult> {
    return this.dataSource.transaction(async (manager) => {
      const ruleId =
        options.ruleId ??
        (await this.rules.bySegment(manager, installationId, page.segment.id))?.id ??
        null;
      const sync = await this.upsertSync(manager, installationId, source, page, ruleId, options);
      const [fresh] = await manager.query(
        `INSERT INTO segment_sync_pages (sync_id, installation_id, page_number, added, removed)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING page_number`,
        [sync.id, installationId, page.pageNumber, page.added.length, page.removed],
      );
      if (!fresh) return { outcome: 'duplicate_page', syncId: sync.id };
      await manager.query(
        `UPDATE segment_syncs SET users_removed = users_removed + $2, updated_at = now()
         WHERE id = $1`,
        [sync.id, page.removed],
      );
      // Known shortcoming: users of a segment that has no rule are not kept, so adding the rule
      // later does not bring them back; Heap sends only changes, so they come again only if
      // they leave and re-enter the segment (or an admin uploads them as a CSV).
      if (!sync.rule_id) {
        this.logger.log({ installationId, segmentId: page.segment.id }, 'no rule for segment');

        return { outcome: 'no_rule', syncId: sync.id };
      }

      const unique = [...new Map(page.added.map((id) => [identityKey(id), id])).entries()];
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO segment_sync_users
           (installation_id, sync_id, identity, identity_key, page_number, state)
         SELECT $1, $2, t.identity, t.identity_key, $3, 'pending'
         FROM unnest($4::text[], $5::text[]) AS t(identity_key, identity)
         ON CONFLICT (sync_id, identity_key) DO NOTHING RETURNING id`,
        [
          installationId,
          sync.id,
          page.pageNumber,
          unique.map(([key]) => key),
          unique.map(([, identity]) => identity),
        ],
      );
      const jobs: SegmentTasksJob[] = [];
      for (let i = 0; i < rows.length; i += USERS_PER_JOB) {
        const recordIds = rows.slice(i, i + USERS_PER_JOB).map((row) => row.id);
        jobs.push({ installationId, syncId: sync.id, recordIds });
      }
      await this.jobs.insert<SegmentTasksJob>(SEGMENT_TASKS_QUEUE, jobs, manager);

      return { outcome: 'accepted', syncId: sync.id, queued: rows.length };
    });
  }

  private async upsertSync(
    manager: EntityManager,
    installationId: string,
    source: SegmentSyncSource,
    page: SegmentPage,
    ruleId: string | null,
    options: IntakeOptions,
  ): Promise<{ id: string; rule_id: string | null }> {
    const note = ruleId ? null : `No rule for Heap segment ${page.segment.id}; users were skipped`;
    const [row] = await manager.query(
      `INSERT INTO segment_syncs (installation_id, source, external_id, heap_segment_id,
         segment_name, rule_id, total_pages, uploaded_by_user_id, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (installation_id, source, external_id) DO UPDATE SET updated_at = now()
       RETURNING id, rule_id`,
      [
        installationId,
        source,
        page.externalId,
        page.segment.id,
        page.segment.name,
        ruleId,
        page.totalPages,
        options.userId ?? null,
        note,
      ],
    );

    return row;
  }
}
