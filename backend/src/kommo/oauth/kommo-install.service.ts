import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Installation } from '../../installations/installation.entity';
import { InstallationsService } from '../../installations/installations.service';
import { TokenCipher } from '../../installations/token-cipher';
import { JobsService } from '../../jobs/jobs.service';
import { KommoApiError, KommoErrorCategory } from '../api/kommo-api.error';
import { KommoHttp } from '../api/kommo-http';
import { KommoTokenStore, TokenPair } from '../tokens/kommo-token-store';
import { KommoWebhookSubscriber } from './kommo-webhook.subscriber';

export const EXCHANGE_CODE_QUEUE = 'kommo.exchange-code';
/** Kommo's authorization codes live 20 minutes. */
const CODE_LIFETIME_MINUTES = 20;
/** Kommo gives the install call 3 seconds; answer within that even if the exchange is slow. */
const INLINE_EXCHANGE_MS = 2000;

interface KommoAccount {
  id: number;
  subdomain: string;
  current_user_id: number;
  _embedded?: { datetime_settings?: { timezone?: string } };
}

interface CodeRow {
  id: string;
  key_id: string;
  code_enc: string;
  tokens_enc: string | null;
  origin: string;
  status: string;
  expired: boolean;
}

export type InstallOutcome =
  | { state: 'installed'; installation: Installation }
  | { state: 'pending' }
  | { state: 'failed'; reason: string };

/** Turns an authorization code into an active installation, and never loses the code. */
@Injectable()
export class KommoInstallService implements OnModuleInit {
  private readonly logger = new Logger(KommoInstallService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: TokenCipher,
    private readonly http: KommoHttp,
    private readonly tokens: KommoTokenStore,
    private readonly installations: InstallationsService,
    private readonly subscriber: KommoWebhookSubscriber,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Every 20 s until the code expires: a slow or failing exchange is retried in a job.
    jobs.defineQueue({
      name: EXCHANGE_CODE_QUEUE,
      retryLimit: 60,
      retryDelaySeconds: 20,
      retryBackoff: false,
    });
  }

  onModuleInit(): void {
    this.jobs.handle<{ codeId: string }>(EXCHANGE_CODE_QUEUE, async (job) => {
      try {
        await this.complete(job.data.codeId);
      } catch (error) {
        // A refused or expired code is final and recorded on its row; only retry the rest.
        if (error instanceof KommoApiError && !error.retryable) return;
        throw error;
      }
    });
  }

  /** Persists the code first, then tries to finish inside Kommo's deadline. */
  async accept(code: string, origin: string, fromWidget: boolean): Promise<InstallOutcome> {
    const sealed = this.cipher.seal(code);
    const [{ id }] = await this.dataSource.query(
      `INSERT INTO oauth_codes (key_id, code_enc, origin, from_widget, status, expires_at)
       VALUES ($1, $2, $3, $4, 'pending', now() + make_interval(mins => $5)) RETURNING id`,
      [sealed.keyId, sealed.value, origin, fromWidget, CODE_LIFETIME_MINUTES],
    );
    const attempt = this.complete(id);
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), INLINE_EXCHANGE_MS).unref(),
    );

    try {
      const result = await Promise.race([attempt, timeout]);
      if (result !== 'timeout') return { state: 'installed', installation: result };
      attempt.catch(() => undefined);
    } catch (error) {
      if (error instanceof KommoApiError && !error.retryable) {
        return { state: 'failed', reason: error.message };
      }
    }
    await this.jobs.send(EXCHANGE_CODE_QUEUE, { codeId: id }, { startAfter: 5 });

    return { state: 'pending' };
  }

  /**
   * Exchanges a stored code, reads the account and stores the installation. Safe to run twice at
   * once (the inline attempt and the job): a lock per code lets one finish and the other return.
   */
  async complete(codeId: string): Promise<Installation> {
    const installation = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `oauth-code:${codeId}`,
      ]);
      const [row]: CodeRow[] = await manager.query(
        `SELECT id, key_id, code_enc, tokens_enc, origin, status, expires_at < now() AS expired
         FROM oauth_codes WHERE id = $1`,
        [codeId],
      );
      if (!row) throw new KommoApiError(KommoErrorCategory.NotFound, 'Unknown authorization code');
      if (row.status === 'exchanged') {
        const [done] = await manager.query(
          `SELECT installation_id FROM oauth_codes WHERE id = $1`,
          [codeId],
        );

        return manager.getRepository(Installation).findOneByOrFail({ id: done.installation_id });
      }

      return this.exchangeAndInstall(manager, row);
    });
    await this.subscriber.subscribe(installation.id).catch((error: Error) => {
      this.logger.error(
        { accountId: installation.accountId, err: error.message },
        'webhook subscription failed; re-install or retry from the widget',
      );
    });

    return installation;
  }

  private async exchangeAndInstall(manager: EntityManager, row: CodeRow): Promise<Installation> {
    const pair = row.tokens_enc ? this.unsealPair(row) : await this.exchange(manager, row);
    const account = await this.http.json<KommoAccount>(row.origin, {
      method: 'GET',
      path: '/api/v4/account',
      query: { with: 'datetime_settings' },
      accessToken: pair.accessToken,
    });
    if (!account) throw new KommoApiError(KommoErrorCategory.Temporary, 'Empty account answer');

    const installation = await this.installations.upsertActive(
      {
        accountId: account.id,
        origin: row.origin,
        subdomain: account.subdomain ?? null,
        installedByUserId: account.current_user_id ?? null,
        timezone: account._embedded?.datetime_settings?.timezone ?? 'UTC',
      },
      manager,
    );
    await this.tokens.save(manager, installation.id, pair);
    await manager.query(
      `UPDATE oauth_codes SET status = 'exchanged', installation_id = $2, code_enc = '',
         tokens_enc = NULL WHERE id = $1`,
      [row.id, installation.id],
    );
    this.logger.log({ accountId: account.id }, 'installation active');

    return installation;
  }

  private async exchange(manager: EntityManager, row: CodeRow): Promise<TokenPair> {
    const fail = async (reason: string) => {
      // Outside the transaction: the failure must stick even though the caller rolls back.
      await this.dataSource.query(
        `UPDATE oauth_codes SET status = 'failed', last_error = $2, attempts = attempts + 1
         WHERE id = $1`,
        [row.id, reason.slice(0, 300)],
      );
    };
    if (row.status === 'failed' || row.expired) {
      await fail(row.expired ? 'The authorization code expired' : 'The exchange failed before');
      throw new KommoApiError(KommoErrorCategory.Revoked, 'The authorization code is unusable');
    }

    const code = this.cipher.open({ keyId: row.key_id, value: row.code_enc });
    try {
      const pair = await this.tokens.exchangeCode(row.origin, code);
      const sealed = this.cipher.seal(JSON.stringify(pair));
      // Committed at once: a spent code cannot be exchanged again, so its tokens must survive.
      await this.dataSource.query(
        `UPDATE oauth_codes SET tokens_enc = $2, key_id = $3 WHERE id = $1`,
        [row.id, sealed.value, sealed.keyId],
      );

      return pair;
    } catch (error) {
      const retryable = error instanceof KommoApiError ? error.retryable : true;
      if (!retryable) await fail((error as Error).message);
      else {
        await this.dataSource.query(
          `UPDATE oauth_codes SET attempts = attempts + 1, last_error = $2 WHERE id = $1`,
          [row.id, (error as Error).message.slice(0, 300)],
        );
      }
      throw error;
    }
  }

  private unsealPair(row: CodeRow): TokenPair {
    const pair = JSON.parse(this.cipher.open({ keyId: row.key_id, value: row.tokens_enc! }));

    return { ...pair, expiresAt: new Date(pair.expiresAt) };
  }
}
