import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { JobsService } from '../jobs/jobs.service';
import { KommoApiError } from '../kommo/api/kommo-api.error';
import { SegmentClaimsRepository } from './segment-claims.repository';
import { SegmentRecordsRepository } from './segment-records.repository';
import { SegmentRulesService } from './segment-rules.service';
import { SegmentTaskPlanner } from './segment-task-planner';
import { SegmentTaskWriter } from './segment-task-writer';

export const SEGMENT_TASKS_QUEUE = 'segments.tasks';
/** At 6 requests per second a job of this size ends well within the queue's 5-minute expiry. */
export const USERS_PER_JOB = 250;

export interface SegmentTasksJob {
  installationId: string;
  syncId: string;
  recordIds: string[];
}

/** Another run holds the sync; retrying later is all there is to do. */
class SyncBusyError extends Error {}

/**
 * Turns the users of one job into Kommo tasks: plan (contact, deal, claim), then write. Every
 * step is idempotent, so a retry after a 429 or a crash continues where the last try stopped.
 * Runs of one sync take turns (an advisory lock), which keeps an expired-but-running try and
 * its retry from posting the same claims.
 */
@Injectable()
export class SegmentTasksJobHandler implements OnModuleInit {
  private readonly logger = new Logger(SegmentTasksJobHandler.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly rules: SegmentRulesService,
    private readonly records: SegmentRecordsRepository,
    private readonly claims: SegmentClaimsRepository,
    private readonly planner: SegmentTaskPlanner,
    private readonly writer: SegmentTaskWriter,
    private readonly dataSource: DataSource,
  ) {
    // 15 retries with doubling delays from SYNC_RETRY_DELAY_SECONDS, as the deal sync does.
    jobs.defineQueue({ name: SEGMENT_TASKS_QUEUE, retryLimit: 15 });
  }

  onModuleInit(): void {
    // One job at a time per process: Kommo's rate limit, not the CPU, sets the pace.
    this.jobs.handle<SegmentTasksJob>(SEGMENT_TASKS_QUEUE, (job) => this.run(job), 1);
  }

  async run(job: PgBoss.JobWithMetadata<SegmentTasksJob>): Promise<void> {
    const { installationId, syncId, recordIds } = job.data;
    const lastTry = job.retryCount >= job.retryLimit;

    await this.withSyncLock(syncId, async () => {
      const users = await this.records.pending(installationId, recordIds);
      if (users.length === 0) return;
      const ids = users.map((user) => user.id);
      const rule = await this.rules.forSync(installationId, syncId);
      if (!rule) return this.records.fail(installationId, ids, 'The segment rule was removed');

      try {
        const fresh = users.filter((user) => user.segmentTaskId === null);
        if (fresh.length > 0) await this.planner.plan(installationId, rule, fresh);
        await this.writer.createFor(installationId, ids);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const retryable = !(error instanceof KommoApiError) || error.retryable;
        this.logger.warn({ installationId, syncId, users: ids.length, lastTry, reason }, 'failed');
        if (retryable && !lastTry) {
          await this.records.note(installationId, ids, `Will retry: ${reason}`);
          throw error;
        }
        await this.giveUp(installationId, ids, reason);
      }
    });
  }

  /** Final: the users fail with the reason, and claims Kommo never confirmed are let go. */
  private async giveUp(installationId: string, ids: string[], reason: string): Promise<void> {
    const claims = await this.claims.creatingFor(installationId, ids);
    await this.records.fail(installationId, ids, reason);
    await this.claims.release(
      installationId,
      claims.map((claim) => claim.id),
    );
  }

  private async withSyncLock(syncId: string, work: () => Promise<void>): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const key = `segment-sync:${syncId}`;
      const [{ locked }] = await runner.query(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [key],
      );
      if (!locked) throw new SyncBusyError(`Sync ${syncId} is being processed`);
      try {
        await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
      }
    } finally {
      await runner.release();
    }
  }
}
