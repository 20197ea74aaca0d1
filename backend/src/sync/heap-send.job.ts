import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InstallationSettings } from '@heap-sync/shared';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { HeapClient } from '../heap/heap-client';
import { HeapError } from '../heap/heap-error';
import { SettingsService } from '../installations/settings.service';
import { JobsService } from '../jobs/jobs.service';
import { DEAL_NOTE_QUEUE, DealNoteJob } from './deal-note.job';
import { PendingRecord, SyncRecordsRepository } from './sync-records.repository';

export const HEAP_SEND_QUEUE = 'sync.send';
/** Heap takes up to 1 000 items per bulk request. */
const BATCH = 1000;

export interface HeapSendJob {
  installationId: string;
  recordId: string;
}

/**
 * Delivers pending sync records to Heap in bulk: user properties first, then the events. Events
 * carry idempotency keys and properties are last-write-wins, so a retry after a crash is safe.
 * Heap's 400 is final; 429, 5xx and network errors are retried with backoff for over 24 hours.
 */
@Injectable()
export class HeapSendJobHandler implements OnModuleInit {
  private readonly logger = new Logger(HeapSendJobHandler.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly heap: HeapClient,
    private readonly settings: SettingsService,
    private readonly records: SyncRecordsRepository,
    private readonly dataSource: DataSource,
  ) {
    jobs.defineQueue({ name: HEAP_SEND_QUEUE, retryLimit: 15 });
  }

  onModuleInit(): void {
    this.jobs.handleBatch<HeapSendJob>(HEAP_SEND_QUEUE, (jobs) => this.process(jobs), BATCH);
  }

  async process(jobs: PgBoss.JobWithMetadata<HeapSendJob>[]): Promise<void> {
    const groups = new Map<string, PgBoss.JobWithMetadata<HeapSendJob>[]>();
    for (const job of jobs) {
      groups.set(job.data.installationId, [...(groups.get(job.data.installationId) ?? []), job]);
    }
    let retry: HeapError | undefined;
    for (const [installationId, group] of groups) {
      try {
        await this.deliver(installationId, group);
      } catch (error) {
        if (!(error instanceof HeapError)) throw error;
        retry = error;
      }
    }
    if (retry) throw retry;
  }

  private async deliver(installationId: string, jobs: PgBoss.JobWithMetadata<HeapSendJob>[]) {
    const records = await this.records.pending(
      installationId,
      jobs.map((job) => job.data.recordId),
    );
    if (records.length === 0) return;
    const settings = await this.settings.forSync(installationId);
    if (!settings) {
      const ids = records.map((record) => record.id);
      await this.records.setError(installationId, ids, 'Heap is not configured', 'failed');

      return;
    }

    try {
      await this.send(settings, records);
      await this.succeeded(installationId, records);
    } catch (error) {
      if (!(error instanceof HeapError)) throw error;
      if (!error.retryable) return this.isolate(installationId, settings, records, error);

      const lastTry = jobs.every((job) => job.retryCount >= job.retryLimit);
      const ids = records.map((record) => record.id);
      await this.records.setError(
        installationId,
        ids,
        error.message,
        lastTry ? 'failed' : 'pending',
      );
      this.logger.warn({ installationId, records: ids.length, lastTry }, 'Heap unavailable');
      throw error;
    }
  }

  private async send(settings: InstallationSettings, records: PendingRecord[]): Promise<void> {
    const { heapRegion, heapAppId } = settings;
    await this.heap.addUserProperties(
      heapRegion,
      heapAppId,
      records.map(({ sent }) => ({ identity: sent.identity, properties: sent.userProperties })),
    );
    await this.heap.track(
      heapRegion,
      heapAppId,
      records.map(({ sent }) => ({
        identity: sent.identity,
        event: sent.event,
        timestamp: sent.timestamp,
        idempotencyKey: sent.idempotencyKey,
        properties: sent.eventProperties,
      })),
    );
  }

  /** A bulk 400 names no record reliably: send each alone to find the ones Heap refuses. */
  private async isolate(
    installationId: string,
    settings: InstallationSettings,
    records: PendingRecord[],
    error: HeapError,
  ): Promise<void> {
    if (records.length === 1) {
      await this.records.setError(installationId, [records[0].id], error.message, 'failed');

      return;
    }
    for (const record of records) {
      try {
        await this.send(settings, [record]);
        await this.succeeded(installationId, [record]);
      } catch (single) {
        if (!(single instanceof HeapError) || single.retryable) throw single;
        await this.records.setError(installationId, [record.id], single.message, 'failed');
      }
    }
  }

  private async succeeded(installationId: string, records: PendingRecord[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.records.markSynced(
        manager,
        installationId,
        records.map((record) => record.id),
      );
      // A backfill note on every historical deal would flood the deal feeds and cost one Kommo
      // request per 50 deals; the badge shows their sync state instead.
      await this.jobs.insert<DealNoteJob>(
        DEAL_NOTE_QUEUE,
        records
          .filter((record) => record.backfillId === null)
          .map((record) => ({ installationId, recordId: record.id })),
        manager,
      );
    });
  }
}
