import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Installation } from '../../installations/installation.entity';
import { InstallationsService } from '../../installations/installations.service';
import { TokenCipher } from '../../installations/token-cipher';
import { classifyTokenResponse, KommoApiError, KommoErrorCategory } from '../api/kommo-api.error';
import { KommoHttp } from '../api/kommo-http';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

export interface CurrentToken {
  accessToken: string;
  version: number;
}

interface TokenRow {
  key_id: string;
  access_token_enc: string;
  refresh_token_enc: string;
  expires_at: Date;
  version: number;
}

/** Refresh this long before expiry, so a request never starts with a token about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * The one read-through store of Kommo tokens. Refresh tokens rotate and a spent one is revoked, so
 * refreshes are serialised per account with a Postgres advisory lock, and the new pair is
 * committed before anyone uses it.
 */
@Injectable()
export class KommoTokenStore {
  private readonly logger = new Logger(KommoTokenStore.name);
  private readonly inFlight = new Map<string, Promise<CurrentToken>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: TokenCipher,
    private readonly http: KommoHttp,
    private readonly installations: InstallationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Exchanges an authorization code at the account's own token endpoint. */
  exchangeCode(origin: string, code: string): Promise<TokenPair> {
    return this.grant(origin, { grant_type: 'authorization_code', code });
  }

  async save(manager: EntityManager, installationId: string, pair: TokenPair): Promise<void> {
    const access = this.cipher.seal(pair.accessToken);
    const refresh = this.cipher.seal(pair.refreshToken);
    await manager.query(
      `INSERT INTO oauth_tokens (installation_id, key_id, access_token_enc, refresh_token_enc, expires_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (installation_id) DO UPDATE SET
         key_id = EXCLUDED.key_id, access_token_enc = EXCLUDED.access_token_enc,
         refresh_token_enc = EXCLUDED.refresh_token_enc, expires_at = EXCLUDED.expires_at,
         version = oauth_tokens.version + 1, refreshed_at = now(), last_used_at = now()`,
      [installationId, access.keyId, access.value, refresh.value, pair.expiresAt],
    );
  }

  async delete(manager: EntityManager, installationId: string): Promise<void> {
    await manager.query('DELETE FROM oauth_tokens WHERE installation_id = $1', [installationId]);
  }

  /** A usable access token, refreshed first when it is about to expire. */
  async current(installation: Installation): Promise<CurrentToken> {
    const row = await this.read(this.dataSource.manager, installation.id);
    if (row.expires_at.getTime() - Date.now() > REFRESH_MARGIN_MS) {
      return { accessToken: this.open(row, 'access'), version: row.version };
    }

    return this.refresh(installation, row.version);
  }

  /**
   * Refreshes unless someone already replaced the pair we saw (`seenVersion`). One refresh per
   * account at a time: in-process callers share a promise, other processes wait on the lock.
   */
  refresh(installation: Installation, seenVersion: number): Promise<CurrentToken> {
    const running = this.inFlight.get(installation.id);
    if (running) return running;

    const work = this.refreshLocked(installation, seenVersion).finally(() =>
      this.inFlight.delete(installation.id),
    );
    this.inFlight.set(installation.id, work);

    return work;
  }

  /** Rotates the pair now, whatever its expiry (the keep-alive job). */
  async keepAlive(installation: Installation): Promise<void> {
    const row = await this.read(this.dataSource.manager, installation.id);
    await this.refresh(installation, row.version);
  }

  /** Installations whose refresh token has not been rotated for `days` (keep-alive job). */
  async idleSince(days: number): Promise<string[]> {
    const rows: { installation_id: string }[] = await this.dataSource.query(
      `SELECT t.installation_id FROM oauth_tokens t
       JOIN installations i ON i.id = t.installation_id
       WHERE i.status = 'active' AND t.refreshed_at < now() - make_interval(days => $1)`,
      [days],
    );

    return rows.map((row) => row.installation_id);
  }

  private async refreshLocked(installation: Installation, seenVersion: number) {
    let terminal: KommoApiError | undefined;
    const result = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `kommo-refresh:${installation.id}`,
      ]);
      const row = await this.read(manager, installation.id);
      if (row.version !== seenVersion) {
        return { accessToken: this.open(row, 'access'), version: row.version };
      }
      try {
        const pair = await this.grantWithRetry(installation.origin, this.open(row, 'refresh'));
        await this.save(manager, installation.id, pair);

        return { accessToken: pair.accessToken, version: row.version + 1 };
      } catch (error) {
        if (!(error instanceof KommoApiError) || error.category !== KommoErrorCategory.Revoked) {
          throw error;
        }
        terminal = error;

        return undefined;
      }
    });
    if (terminal) {
      await this.installations.markNeedsReauth(installation.id, terminal.message);
      this.logger.warn({ accountId: installation.accountId }, 'refresh refused; needs re-auth');
      throw terminal;
    }

    return result!;
  }

  /** The old refresh token stays valid until the new pair is used, so a network error retries. */
  private async grantWithRetry(origin: string, refreshToken: string): Promise<TokenPair> {
    try {
      return await this.grant(origin, { grant_type: 'refresh_token', refresh_token: refreshToken });
    } catch (error) {
      if (!(error instanceof KommoApiError) || !error.retryable) throw error;

      return this.grant(origin, { grant_type: 'refresh_token', refresh_token: refreshToken });
    }
  }

  private async grant(origin: string, fields: Record<string, string>): Promise<TokenPair> {
    const response = await this.http.send(origin, {
      method: 'POST',
      path: '/oauth2/access_token',
      body: {
        client_id: this.config.kommo.clientId,
        client_secret: this.config.kommo.clientSecret,
        redirect_uri: this.config.kommo.redirectUri,
        ...fields,
      },
    });
    if (response.status !== 200) throw classifyTokenResponse(response);

    const body = JSON.parse(response.body) as {
      access_token: string;
      refresh_token: string;
      expires_in: number;
    };

    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: new Date(Date.now() + body.expires_in * 1000),
    };
  }

  private async read(manager: EntityManager, installationId: string): Promise<TokenRow> {
    const rows: TokenRow[] = await manager.query(
      `SELECT key_id, access_token_enc, refresh_token_enc, expires_at, version
       FROM oauth_tokens WHERE installation_id = $1`,
      [installationId],
    );
    if (!rows[0]) {
      throw new KommoApiError(KommoErrorCategory.Revoked, 'No Kommo tokens: authorize again');
    }

    return rows[0];
  }

  private open(row: TokenRow, which: 'access' | 'refresh'): string {
    const value = which === 'access' ? row.access_token_enc : row.refresh_token_enc;

    return this.cipher.open({ keyId: row.key_id, value });
  }
}
