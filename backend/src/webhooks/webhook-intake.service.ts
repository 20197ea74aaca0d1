import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { Installation } from '../installations/installation.entity';
import { JobsService } from '../jobs/jobs.service';
import { LEAD_SYNC_QUEUE, LeadSyncJob } from '../sync/lead-sync.job';
import { parseKommoWebhook } from './kommo-webhook.payload';

export type IntakeResult =
  | { outcome: 'accepted'; deliveryId: string; leads: number; queued: number }
  | { outcome: 'unparseable'; deliveryId: string; error: string }
  | { outcome: 'foreign_account'; deliveryId: string };

/**
 * Stores the raw delivery and queues one job per new lead change, in one transaction: either
 * Kommo's delivery is kept with all its work, or the request fails and Kommo sends it again.
 */
@Injectable()
export class WebhookIntakeService {
  private readonly logger = new Logger(WebhookIntakeService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
  ) {}

  async accept(installation: Installation, body: string, contentType: string | undefined) {
    const parsed = parseKommoWebhook(body);
    const foreign =
      !parsed.error &&
      (parsed.accountId !== null
        ? parsed.accountId !== installation.accountId
        : parsed.subdomain !== installation.subdomain);
    const error = parsed.error ?? (foreign ? 'The body names another Kommo account' : null);

    return this.dataSource.transaction(async (manager): Promise<IntakeResult> => {
      // Prepared: at hundreds of hooks a second, planning these was a good part of the work.
      const [{ id }] = await preparedQuery<{ id: string }>(
        manager,
        `INSERT INTO webhook_deliveries (installation_id, body, content_type, parse_error, lead_count)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        // Postgres text cannot hold NUL; the stored copy marks where one was.
        [
          installation.id,
          body.replace(/\0/g, '\\0'),
          contentType ?? null,
          error,
          parsed.leads.length,
        ],
      );
      if (parsed.error) return { outcome: 'unparseable', deliveryId: id, error: parsed.error };
      if (foreign) {
        this.logger.warn({ accountId: installation.accountId }, 'webhook for another account');

        return { outcome: 'foreign_account', deliveryId: id };
      }

      // Kommo retries, and sends status and update hooks for one change: one row per change.
      const fresh = await preparedQuery<{ id: string; lead_id: string; modified_at: string }>(
        manager,
        `INSERT INTO lead_changes (installation_id, lead_id, modified_at, delivery_id)
         SELECT $1, lead_id, modified_at, $4
         FROM unnest($2::bigint[], $3::bigint[]) AS t(lead_id, modified_at)
         ON CONFLICT DO NOTHING
         RETURNING id, lead_id, modified_at`,
        [
          installation.id,
          parsed.leads.map((lead) => lead.leadId),
          parsed.leads.map((lead) => lead.modifiedAt),
          id,
        ],
      );
      await this.jobs.insert<LeadSyncJob>(
        LEAD_SYNC_QUEUE,
        fresh.map((row) => ({
          installationId: installation.id,
          leadId: Number(row.lead_id),
          modifiedAt: Number(row.modified_at),
        })),
        manager,
      );

      return {
        outcome: 'accepted',
        deliveryId: id,
        leads: parsed.leads.length,
        queued: fresh.length,
      };
    });
  }
}
