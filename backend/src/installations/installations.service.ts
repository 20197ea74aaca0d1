import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Installation } from './installation.entity';

export interface InstallInput {
  accountId: number;
  origin: string;
  subdomain: string | null;
  installedByUserId: number | null;
  timezone: string;
}

export const hashWebhookToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Installation rows. Lookups that come from outside (webhooks, widget) go through here. */
@Injectable()
export class InstallationsService {
  constructor(@InjectRepository(Installation) private readonly repo: Repository<Installation>) {}

  findById(id: string): Promise<Installation | null> {
    return this.repo.findOneBy({ id });
  }

  findByAccountId(accountId: number): Promise<Installation | null> {
    return this.repo.findOneBy({ accountId });
  }

  /** The webhook URL carries a random token; only its hash is stored. */
  findByWebhookToken(token: string): Promise<Installation | null> {
    if (!/^[\w-]{20,100}$/.test(token)) return Promise.resolve(null);

    return this.repo.findOneBy({ webhookTokenHash: hashWebhookToken(token) });
  }

  /** Creates the tenant, or brings an existing one (and its settings) back to active. */
  async upsertActive(input: InstallInput, manager: EntityManager): Promise<Installation> {
    await manager.query(
      `INSERT INTO installations (account_id, origin, subdomain, status, installed_by_user_id, timezone)
       VALUES ($1, $2, $3, 'active', $4, $5)
       ON CONFLICT (account_id) DO UPDATE SET
         origin = EXCLUDED.origin, subdomain = EXCLUDED.subdomain, status = 'active',
         status_reason = NULL, installed_by_user_id = EXCLUDED.installed_by_user_id,
         timezone = EXCLUDED.timezone, uninstalled_at = NULL, updated_at = now()`,
      [input.accountId, input.origin, input.subdomain, input.installedByUserId, input.timezone],
    );

    return manager.getRepository(Installation).findOneByOrFail({ accountId: input.accountId });
  }

  /** A new random webhook token; the previous one stops working at once. */
  async rotateWebhookToken(installationId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.repo.update({ id: installationId }, { webhookTokenHash: hashWebhookToken(token) });

    return token;
  }

  async markNeedsReauth(installationId: string, reason: string): Promise<void> {
    await this.repo.update(
      { id: installationId, status: 'active' },
      { status: 'needs_reauth', statusReason: reason.slice(0, 300) },
    );
  }

  async markUninstalled(installationId: string, manager: EntityManager): Promise<void> {
    await manager.update(
      Installation,
      { id: installationId },
      { status: 'uninstalled', uninstalledAt: new Date(), webhookTokenHash: null },
    );
  }
}
