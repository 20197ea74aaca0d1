import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { InstallationsService } from '../installations/installations.service';
import { SettingsService } from '../installations/settings.service';
import { JobsService } from '../jobs/jobs.service';
import { KommoApiError } from '../kommo/api/kommo-api.error';
import { LeadSyncJobHandler } from '../sync/lead-sync.job';
import { WonLostLeadsReader } from './won-lost-leads.reader';

export const RECONCILE_TICK_QUEUE = 'reconcile.tick';
export const RECONCILE_QUEUE = 'reconcile.run';

export interface ReconcileJob {
  installationId: string;
}

export interface ReconcileResult {
  leadsRead: number;
  /** Changes this run found that Heap had not heard of. */
  events: number;
  kommoRequests: number;
}

/** Kommo's clock is not ours and updated_at counts whole seconds: windows overlap by this. */
const OVERLAP_SECONDS = 300;
/** How far back a first run reads; older changes are the backfill's. */
const FIRST_WINDOW_SECONDS = 24 * 3600;

/**
 * Kommo sends no webhook when a field is cleared, and webhooks get lost. Every
 * RECONCILE_INTERVAL_MINUTES, each active, configured installation re-reads its won and lost
 * deals changed since its last run and feeds them to the live decision, which sends only what
 * Heap has not heard of.
 */
@Injectable()
export class ReconcileJobHandler implements OnModuleInit {
  private readonly logger = new Logger(ReconcileJobHandler.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly reader: WonLostLeadsReader,
    private readonly sync: LeadSyncJobHandler,
    private readonly installations: InstallationsService,
    private readonly settings: SettingsService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    jobs.defineQueue({ name: RECONCILE_TICK_QUEUE, retryLimit: 0 });
    // A missed run is not urgent: the next one reads from the same cursor.
    jobs.defineQueue({ name: RECONCILE_QUEUE, retryLimit: 3 });
  }

  async onModuleInit(): Promise<void> {
    this.jobs.handle(RECONCILE_TICK_QUEUE, () => this.tick().then(() => undefined), 1);
    this.jobs.handle<ReconcileJob>(
      RECONCILE_QUEUE,
      (job) => this.run(job.data.installationId).then(() => undefined),
      1,
    );
    // Every minute, so any interval works; each installation runs once per interval.
    if (this.jobs.isWorker && this.config.reconcileIntervalMinutes > 0) {
      await this.jobs.schedule(RECONCILE_TICK_QUEUE, '* * * * *');
    }
  }

  /** Queues a run for each installation whose last one started an interval ago or more. */
  async tick(minutes = this.config.reconcileIntervalMinutes): Promise<number> {
    if (minutes === 0) return 0;

    await this.dataSource.query(
      `INSERT INTO reconcile_cursors (installation_id)
       SELECT s.installation_id FROM installation_settings s ON CONFLICT DO NOTHING`,
    );
    const due: { installation_id: string }[] = await this.dataSource.query(
      `WITH due AS (
         UPDATE reconcile_cursors c SET started_at = now(), updated_at = now()
         FROM installations i
         WHERE i.id = c.installation_id AND i.status = 'active'
           AND (c.started_at IS NULL OR c.started_at <= now() - make_interval(mins => $1))
         RETURNING c.installation_id
       ) SELECT * FROM due`,
      [minutes],
    );
    await this.jobs.insert<ReconcileJob>(
      RECONCILE_QUEUE,
      due.map((row) => ({ installationId: row.installation_id })),
    );

    return due.length;
  }

  /** Kommo errors propagate (the queue retries), except refusals that retrying cannot fix. */
  async run(installationId: string): Promise<ReconcileResult> {
    const result: ReconcileResult = { leadsRead: 0, events: 0, kommoRequests: 0 };
    const installation = await this.installations.findById(installationId);
    const settings = await this.settings.forSync(installationId);
    if (installation?.status !== 'active' || !settings) return result;

    const startedAt = Math.floor(Date.now() / 1000);
    const [cursor] = await this.dataSource.query(
      `SELECT read_until FROM reconcile_cursors WHERE installation_id = $1`,
      [installationId],
    );
    const from = cursor?.read_until
      ? Number(cursor.read_until) - OVERLAP_SECONDS
      : startedAt - FIRST_WINDOW_SECONDS;

    try {
      const { groups, requests } = await this.reader.filters(installationId, settings);
      result.kommoRequests += requests;
      for (const group of groups) {
        for (let page = 1, more = true; more; page++) {
          const read = await this.reader.page(installationId, group, page, from);
          const { leads, contacts } = read;
          const decisions = await this.sync.decideLeads(installation, settings, leads, contacts);
          result.leadsRead += leads.length;
          result.events += decisions.filter((decision) => decision.action === 'send').length;
          result.kommoRequests += read.requests;
          more = read.hasNext;
        }
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.saveCursor(installationId, null, result.leadsRead, message);
      if (error instanceof KommoApiError && !error.retryable) return result;
      throw error;
    }

    await this.saveCursor(installationId, startedAt, result.leadsRead, null);
    if (result.events > 0) {
      this.logger.log({ installationId, events: result.events }, 'reconciliation found changes');
    }

    return result;
  }

  /** A failed run keeps the old cursor, so the next one reads the missed window too. */
  private async saveCursor(
    installationId: string,
    readUntil: number | null,
    leadsRead: number,
    error: string | null,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO reconcile_cursors (installation_id, read_until, finished_at, leads_read, last_error)
       VALUES ($1, $2, now(), $3, $4)
       ON CONFLICT (installation_id) DO UPDATE SET
         read_until = coalesce(EXCLUDED.read_until, reconcile_cursors.read_until),
         finished_at = now(), leads_read = EXCLUDED.leads_read,
         last_error = EXCLUDED.last_error, updated_at = now()`,
      [installationId, readUntil, leadsRead, error?.slice(0, 500) ?? null],
    );
  }
}
