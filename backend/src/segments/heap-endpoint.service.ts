import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { hashWebhookToken } from '../installations/installations.service';
import { TokenCipher } from '../installations/token-cipher';

export interface HeapEndpoint {
  installationId: string;
  /** Null until an admin pasted Heap's webhook secret key. */
  secret: string | null;
}

interface EndpointRow {
  installation_id: string;
  token_nonce: string | null;
  token_key_id: string | null;
  secret_key_id: string | null;
  secret_enc: string | null;
  secret_updated_at: Date | null;
}

/**
 * The per-installation URL Heap posts segment syncs to, and the secret its Heap-Hash is keyed
 * with. The URL token is an HMAC of a random nonce under a key derived from the encryption key:
 * the database keeps only the nonce and the token's hash, so a copy of it opens no URL, while
 * the server can still show the URL to admins. The secret is sealed like the OAuth tokens.
 */
@Injectable()
export class HeapEndpointService {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: TokenCipher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const { current, previous } = config.encryption;
    this.currentKeyId = current.id;
    this.keys = new Map(
      [current, ...previous].map(({ id, key }) => [
        id,
        Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'heap-segment-webhook-url', 32)),
      ]),
    );
  }

  /** Null when the URL was made with an encryption key no longer configured: rotate it. */
  async url(installationId: string): Promise<string | null> {
    const row = await this.row(installationId);
    if (!row?.token_nonce) return this.rotate(installationId);
    const token = this.token(installationId, row.token_nonce, row.token_key_id!);

    return token ? this.toUrl(token) : null;
  }

  /** A new URL; the previous one stops working at once. */
  async rotate(installationId: string): Promise<string> {
    const nonce = randomBytes(16).toString('base64url');
    const token = this.token(installationId, nonce, this.currentKeyId)!;
    await this.dataSource.query(
      `INSERT INTO heap_segment_endpoints (installation_id, token_hash, token_nonce, token_key_id)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (installation_id) DO UPDATE SET token_hash = EXCLUDED.token_hash,
         token_nonce = EXCLUDED.token_nonce, token_key_id = EXCLUDED.token_key_id,
         updated_at = now()`,
      [installationId, hashWebhookToken(token), nonce, this.currentKeyId],
    );

    return this.toUrl(token);
  }

  async setSecret(installationId: string, secret: string): Promise<void> {
    const sealed = this.cipher.seal(secret);
    await this.dataSource.query(
      `INSERT INTO heap_segment_endpoints (installation_id, secret_key_id, secret_enc,
         secret_updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (installation_id) DO UPDATE SET secret_key_id = EXCLUDED.secret_key_id,
         secret_enc = EXCLUDED.secret_enc, secret_updated_at = now(), updated_at = now()`,
      [installationId, sealed.keyId, sealed.value],
    );
  }

  async secretStatus(installationId: string) {
    const row = await this.row(installationId);

    return {
      secretSet: Boolean(row?.secret_enc),
      secretUpdatedAt: row?.secret_updated_at?.toISOString() ?? null,
    };
  }

  async findByToken(token: string): Promise<HeapEndpoint | null> {
    if (!/^[\w-]{20,100}$/.test(token)) return null;
    const [row]: EndpointRow[] = await this.dataSource.query(
      `SELECT e.* FROM heap_segment_endpoints e
       JOIN installations i ON i.id = e.installation_id AND i.status <> 'uninstalled'
       WHERE e.token_hash = $1`,
      [hashWebhookToken(token)],
    );
    if (!row) return null;
    const secret = row.secret_enc
      ? this.cipher.open({ keyId: row.secret_key_id!, value: row.secret_enc })
      : null;

    return { installationId: row.installation_id, secret };
  }

  private async row(installationId: string): Promise<EndpointRow | null> {
    const [row] = await this.dataSource.query(
      'SELECT * FROM heap_segment_endpoints WHERE installation_id = $1',
      [installationId],
    );

    return row ?? null;
  }

  private token(installationId: string, nonce: string, keyId: string): string | null {
    const key = this.keys.get(keyId);

    return key
      ? createHmac('sha256', key).update(`${installationId}:${nonce}`).digest('base64url')
      : null;
  }

  private toUrl(token: string): string {
    return `${this.config.publicUrl}/api/heap/segments/${token}`;
  }
}
