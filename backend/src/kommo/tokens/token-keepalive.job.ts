import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InstallationsService } from '../../installations/installations.service';
import { JobsService } from '../../jobs/jobs.service';
import { KommoApiError } from '../api/kommo-api.error';
import { KommoTokenStore } from './kommo-token-store';

export const KEEPALIVE_QUEUE = 'kommo.token-keepalive';
const IDLE_DAYS = 7;

/**
 * Kommo revokes a refresh token that goes unused for 3 months. Once a day, every account whose
 * pair was last rotated a week ago is refreshed, so a quiet account stays connected.
 */
@Injectable()
export class TokenKeepaliveJob implements OnModuleInit {
  private readonly logger = new Logger(TokenKeepaliveJob.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly tokens: KommoTokenStore,
    private readonly installations: InstallationsService,
  ) {
    jobs.defineQueue({ name: KEEPALIVE_QUEUE, retryLimit: 3, retryDelaySeconds: 600 });
  }

  async onModuleInit(): Promise<void> {
    this.jobs.handle(KEEPALIVE_QUEUE, () => this.run().then(() => undefined), 1);
    if (this.jobs.isWorker) await this.jobs.schedule(KEEPALIVE_QUEUE, '17 3 * * *');
  }

  /** Returns how many accounts were refreshed. One account's failure does not stop the rest. */
  async run(): Promise<number> {
    let refreshed = 0;
    for (const id of await this.tokens.idleSince(IDLE_DAYS)) {
      const installation = await this.installations.findById(id);
      if (!installation) continue;
      try {
        await this.tokens.keepAlive(installation);
        refreshed++;
      } catch (error) {
        const category = error instanceof KommoApiError ? error.category : 'unexpected';
        this.logger.warn({ accountId: installation.accountId, category }, 'keep-alive failed');
      }
    }

    return refreshed;
  }
}
