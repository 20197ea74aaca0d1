import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { InstallationSettings } from '@heap-sync/shared';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { InstallationsService } from '../installations/installations.service';
import { SettingsService } from '../installations/settings.service';
import { JobsService } from '../jobs/jobs.service';
import { KommoApiError } from '../kommo/api/kommo-api.error';
import { LeadSyncJobHandler } from '../sync/lead-sync.job';
import { mainContactId, resolveIdentity } from '../sync/mapping/lead-mapping';
import { addDecisions } from './backfill-report';
import { Backfill, BackfillsRepository, Checkpoint } from './backfills.repository';
import { HeapBudget } from './heap-budget';
import { LeadPage, WonLostLeadsReader } from './won-lost-leads.reader';

export const BACKFILL_QUEUE = 'backfill.run';

export interface BackfillJob {
  installationId: string;
  backfillId: string;
}

/** One job works this long at most, then queues the rest: other accounts get their turn. */
const SLICE_MS = 60_000;
/** A continuation queued while this process stops waits a little, so the next process takes it. */
const RESUME_DELAY_SECONDS = 3;

/**
 * Pages through an account's won and lost deals and feeds each page to the live sync's decision,
 * so the same idempotency keys and deal states apply and nothing is sent twice. Progress is
 * checkpointed after every page; a retry or a continuation resumes at the next one.
 *
 * Known shortcomings. Pages are numbered: when a deal leaves the won and lost stages during a
 * backfill, the deals after it move up one place and the first one of the next page is not read;
 * a later run (or a change of that deal) catches it. User properties are last-write-wins and
 * pages go by deal id, not close time: a contact whose older deal has the higher id can end with
 * that deal's properties (a lost deal's `churned` over a later win) when the two deals' records
 * reach Heap in different bulk requests.
 */
@Injectable()
export class BackfillJobHandler implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(BackfillJobHandler.name);
  private readonly slices = new Set<Promise<void>>();
  private readonly sliceMs: number;
  private readonly leaseSeconds: number;
  private stopping = false;

  constructor(
    private readonly jobs: JobsService,
    private readonly backfills: BackfillsRepository,
    private readonly reader: WonLostLeadsReader,
    private readonly sync: LeadSyncJobHandler,
    private readonly installations: InstallationsService,
    private readonly settings: SettingsService,
    private readonly budget: HeapBudget,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // A slice ends well before the queue would presume its job dead and start it again.
    this.sliceMs = Math.min(SLICE_MS, (config.jobs.expireSeconds * 1000) / 3);
    // Renewed at every page: it outlasts a slice plus one page's two slowest Kommo calls.
    this.leaseSeconds = Math.ceil(this.sliceMs / 1000 + (config.kommo.timeoutMs * 2) / 1000 + 30);
    // A Kommo outage is waited out with backoff; the checkpoint makes every retry resume.
    jobs.defineQueue({ name: BACKFILL_QUEUE, retryLimit: 10 });
  }

  onModuleInit(): void {
    this.jobs.handle<BackfillJob>(
      BACKFILL_QUEUE,
      (job) => this.runSlice(job.data, job.retryCount >= job.retryLimit),
      1,
    );
  }

  /** Runs before the pool closes: slices stop at a page boundary and queue what is left. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.slices]);
  }

  runSlice(job: BackfillJob, lastAttempt = false): Promise<void> {
    const slice = this.slice(job, lastAttempt);
    this.slices.add(slice);

    return slice.finally(() => this.slices.delete(slice));
  }

  private async slice(job: BackfillJob, lastAttempt: boolean): Promise<void> {
    if (this.stopping) return this.continueLater(job);
    const { installationId, backfillId } = job;
    const backfill = await this.backfills.claim(installationId, backfillId, this.leaseSeconds);
    if (!backfill) {
      // Finished; or a slice holds the lease: a live one queues what follows it, and a dead
      // one (its process killed) lets go when the lease runs out.
      const left = await this.backfills.leaseLeft(installationId, backfillId);
      if (left !== null) await this.jobs.send(BACKFILL_QUEUE, job, { startAfter: left + 1 });

      return;
    }

    let more: boolean;
    try {
      more = await this.work(backfill);
    } catch (error) {
      return this.failed(backfill, error, lastAttempt);
    }
    await this.backfills.release(job.installationId, job.backfillId);
    if (!more) return;
    if (this.stopping) return this.continueLater(job);
    await this.jobs.send<BackfillJob>(BACKFILL_QUEUE, job);
  }

  /** Reads and decides pages until done (false) or the slice is over (true: more to do). */
  private async work(backfill: Backfill): Promise<boolean> {
    const { installationId, id } = backfill;
    const deadline = Date.now() + this.sliceMs;
    const installation = await this.installations.findById(installationId);
    const settings = installation && (await this.settings.forSync(installationId));
    if (!installation || installation.status === 'uninstalled' || !settings) {
      const reason = settings ? 'The integration was uninstalled' : 'Heap is not configured';
      await this.backfills.finish(installationId, id, 'failed', reason);

      return false;
    }

    const at: Checkpoint = {
      groupIndex: backfill.groupIndex,
      nextPage: backfill.nextPage,
      dealsDone: backfill.dealsDone,
      report: backfill.report,
      kommoRequests: backfill.kommoRequests,
      runMs: backfill.runMs,
    };
    let filters = backfill.filters;
    if (!filters) {
      const found = await this.reader.filters(installationId, settings);
      filters = found.groups;
      at.kommoRequests += found.requests;
      await this.backfills.saveFilters(installationId, id, filters);
    }

    let mark = Date.now();
    while (at.groupIndex < filters.length) {
      if (this.stopping || Date.now() > deadline) return true;
      const page = await this.reader.page(installationId, filters[at.groupIndex], at.nextPage);
      if (!backfill.dryRun && !(await this.pace(settings, page, deadline))) return true;

      const decisions = await this.sync.decideLeads(
        installation,
        settings,
        page.leads,
        page.contacts,
        { dryRun: backfill.dryRun, backfillId: backfill.dryRun ? null : id },
      );
      const now = Date.now();
      Object.assign(at, {
        ...(page.hasNext
          ? { nextPage: at.nextPage + 1 }
          : { groupIndex: at.groupIndex + 1, nextPage: 1 }),
        dealsDone: at.dealsDone + page.leads.length,
        report: addDecisions(at.report, decisions),
        kommoRequests: at.kommoRequests + page.requests,
        runMs: at.runMs + now - mark,
      });
      mark = now;
      await this.backfills.checkpoint(installationId, id, at, this.leaseSeconds);
    }

    await this.backfills.finish(installationId, id, 'done');
    this.logger.log({ installationId, backfillId: id, deals: at.dealsDone }, 'backfill done');

    return false;
  }

  /** Waits until Heap's limits have room for this page's events; false if the slice ends first. */
  private async pace(settings: InstallationSettings, page: LeadPage, deadline: number) {
    const identities = page.leads.flatMap((lead) => {
      const contactId = mainContactId(lead);
      const found = resolveIdentity(
        contactId ? page.contacts.get(contactId) : null,
        settings.identity,
      );

      return 'identity' in found ? [found.identity] : [];
    });
    for (;;) {
      const wait = this.budget.waitMs(settings.heapAppId, identities);
      if (wait === 0) {
        this.budget.take(settings.heapAppId, identities);

        return true;
      }
      if (this.stopping || Date.now() + wait > deadline) return false;
      await sleep(Math.min(wait, 1000));
    }
  }

  /** Kommo refusing for good, or the last attempt, ends the backfill; the rest is retried. */
  private async failed(backfill: Backfill, error: unknown, lastAttempt: boolean): Promise<void> {
    const { installationId, id } = backfill;
    const message = error instanceof Error ? error.message : String(error);
    await this.backfills.recordError(installationId, id, message);
    if (lastAttempt || (error instanceof KommoApiError && !error.retryable)) {
      await this.backfills.finish(installationId, id, 'failed', message);
      this.logger.warn({ installationId, backfillId: id, err: message }, 'backfill failed');

      return;
    }
    await this.backfills.release(installationId, id);
    throw error;
  }

  private async continueLater(job: BackfillJob): Promise<void> {
    await this.jobs.send<BackfillJob>(BACKFILL_QUEUE, job, { startAfter: RESUME_DELAY_SECONDS });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
