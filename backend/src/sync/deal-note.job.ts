import { Injectable, OnModuleInit } from '@nestjs/common';
import type { SentPayload } from '@heap-sync/shared';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { JobsService } from '../jobs/jobs.service';
import { KommoApiClient } from '../kommo/api/kommo-api.client';
import { noteText } from './mapping/heap-payloads';

export const DEAL_NOTE_QUEUE = 'sync.note';
/** Kommo accepts up to 250 entities per request and recommends at most 50. */
const BATCH = 50;

export interface DealNoteJob {
  installationId: string;
  recordId: string;
}

/**
 * One note per successful sync on the deal, saying what Heap received. Known shortcoming: if the
 * process dies after Kommo stored the notes but before we mark them, the retry adds them again.
 */
@Injectable()
export class DealNoteJobHandler implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly api: KommoApiClient,
    private readonly dataSource: DataSource,
  ) {
    jobs.defineQueue({ name: DEAL_NOTE_QUEUE, retryLimit: 15 });
  }

  onModuleInit(): void {
    this.jobs.handleBatch<DealNoteJob>(DEAL_NOTE_QUEUE, (jobs) => this.process(jobs), BATCH);
  }

  async process(jobs: PgBoss.JobWithMetadata<DealNoteJob>[]): Promise<void> {
    const groups = new Map<string, string[]>();
    for (const { data } of jobs) {
      groups.set(data.installationId, [...(groups.get(data.installationId) ?? []), data.recordId]);
    }
    for (const [installationId, ids] of groups) {
      const rows: { id: string; lead_id: string; sent: SentPayload }[] =
        await this.dataSource.query(
          `SELECT id, lead_id, sent FROM sync_records
         WHERE installation_id = $1 AND id = ANY($2::uuid[]) AND state = 'synced'
           AND note_created_at IS NULL`,
          [installationId, ids],
        );
      if (rows.length === 0) continue;

      await this.api.post(
        installationId,
        '/api/v4/leads/notes',
        rows.map((row) => ({
          entity_id: Number(row.lead_id),
          note_type: 'common',
          params: { text: noteText(row.sent) },
        })),
      );
      await this.dataSource.query(
        `UPDATE sync_records SET note_created_at = now()
         WHERE installation_id = $1 AND id = ANY($2::uuid[])`,
        [installationId, rows.map((row) => row.id)],
      );
    }
  }
}
