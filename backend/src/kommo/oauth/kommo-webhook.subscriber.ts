import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { InstallationsService } from '../../installations/installations.service';
import { KommoApiClient } from '../api/kommo-api.client';

/** The deal events the sync needs: stage changes, and edits such as the plan field. */
export const WEBHOOK_EVENTS = ['status_lead', 'update_lead'];

interface WebhookList {
  _embedded?: { webhooks?: { destination: string }[] };
}

/**
 * Points the account's CRM webhooks at a fresh per-installation URL. Earlier subscriptions of
 * ours (an older token) are removed first, so a re-install never leaves duplicates behind.
 */
@Injectable()
export class KommoWebhookSubscriber {
  constructor(
    private readonly api: KommoApiClient,
    private readonly installations: InstallationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get destinationPrefix(): string {
    return `${this.config.publicUrl}/api/kommo/webhooks/`;
  }

  async subscribe(installationId: string): Promise<void> {
    const existing = await this.api.get<WebhookList>(installationId, '/api/v4/webhooks');
    for (const webhook of existing?._embedded?.webhooks ?? []) {
      if (webhook.destination.startsWith(this.destinationPrefix)) {
        await this.api.delete(installationId, '/api/v4/webhooks', {
          destination: webhook.destination,
        });
      }
    }

    const token = await this.installations.rotateWebhookToken(installationId);
    await this.api.post(installationId, '/api/v4/webhooks', {
      destination: `${this.destinationPrefix}${token}`,
      settings: WEBHOOK_EVENTS,
      sort: 10,
    });
  }
}
