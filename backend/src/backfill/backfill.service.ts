import { Injectable } from '@nestjs/common';
import type {
  BackfillProgressDto,
  BackfillStatusResponse,
  BackfillTrigger,
} from '@heap-sync/shared';
import { DataSource } from 'typeorm';
import { AppErrorCode, AppException } from '../common/errors/app.exception';
import { SettingsService } from '../installations/settings.service';
import { JobsService } from '../jobs/jobs.service';
import { WidgetCaller } from '../widget-api/widget-token.guard';
import { BACKFILL_QUEUE, BackfillJob } from './backfill.job';
import { progressFigures } from './backfill-progress';
import { Backfill, BackfillsRepository } from './backfills.repository';

export interface StartBackfill {
  dryRun: boolean;
  trigger: BackfillTrigger;
  userId: number | null;
}

/** Starts backfills and reports their progress; the job does the work. */
@Injectable()
export class BackfillService {
  constructor(
    private readonly backfills: BackfillsRepository,
    private readonly jobs: JobsService,
    private readonly settings: SettingsService,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Queues a backfill; `created` is false when the installation already has one running, which
   * is returned instead (one at a time, so two never page the same deals).
   */
  async start(
    installationId: string,
    input: StartBackfill,
  ): Promise<{ backfill: Backfill; created: boolean }> {
    for (;;) {
      const created = await this.dataSource.transaction(async (manager) => {
        const backfill = await this.backfills.create(manager, { installationId, ...input });
        if (backfill) {
          const job = { installationId, backfillId: backfill.id };
          await this.jobs.send<BackfillJob>(BACKFILL_QUEUE, job, { manager });
        }

        return backfill;
      });
      if (created) return { backfill: created, created: true };

      const active = await this.backfills.active(installationId);
      // Else the running one finished in between, and a new one can start now.
      if (active) return { backfill: active, created: false };
    }
  }

  /** A request from the widget (the caller checks it is an admin); 409 while one runs. */
  async startFromWidget(caller: WidgetCaller, dryRun: unknown): Promise<BackfillProgressDto> {
    if (dryRun !== undefined && typeof dryRun !== 'boolean') {
      throw new AppException(AppErrorCode.ValidationFailed, 'dryRun must be true or false', {
        dryRun: 'Must be true or false',
      });
    }
    const { installation, userId } = caller;
    if (installation.status !== 'active') {
      throw new AppException(
        AppErrorCode.InstallationInactive,
        'Reconnect the integration before a backfill',
      );
    }
    if (!(await this.settings.forSync(installation.id))) {
      throw new AppException(AppErrorCode.Conflict, 'Save the settings before a backfill');
    }
    const started = await this.start(installation.id, {
      dryRun: dryRun === true,
      trigger: 'widget',
      userId,
    });
    if (!started.created) {
      throw new AppException(AppErrorCode.Conflict, 'A backfill of this account is running');
    }

    return this.progress(started.backfill);
  }

  /** After a settings save: the first complete mapping brings the account's history to Heap. */
  async startFirst(installationId: string, userId: number): Promise<void> {
    if (await this.backfills.hasRealRun(installationId)) return;
    await this.start(installationId, { dryRun: false, trigger: 'settings', userId });
  }

  async status(installationId: string): Promise<BackfillStatusResponse> {
    const [run, dryRun] = await Promise.all([
      this.backfills.latest(installationId, false),
      this.backfills.latest(installationId, true),
    ]);

    return {
      run: run && (await this.progress(run)),
      dryRun: dryRun && (await this.progress(dryRun)),
    };
  }

  async progress(backfill: Backfill): Promise<BackfillProgressDto> {
    const { installationId, id } = backfill;
    const records = backfill.dryRun ? null : await this.backfills.delivery(installationId, id);
    const previous =
      backfill.status === 'done' ? null : await this.backfills.previousTotal(installationId, id);

    return {
      id,
      dryRun: backfill.dryRun,
      trigger: backfill.trigger,
      status: backfill.status,
      dealsDone: backfill.dealsDone,
      ...progressFigures(backfill, previous),
      kommoRequests: backfill.kommoRequests,
      // A real run counts what its records hold, exact even when a crash made it decide a page
      // twice (the second time finds the deals already synced).
      report: records ? { ...backfill.report, send: records.sent } : backfill.report,
      delivery: records?.delivery ?? null,
      errors: { count: backfill.errorCount, last: backfill.lastError },
      createdAt: backfill.createdAt.toISOString(),
      startedAt: backfill.startedAt?.toISOString() ?? null,
      finishedAt: backfill.finishedAt?.toISOString() ?? null,
    };
  }
}
