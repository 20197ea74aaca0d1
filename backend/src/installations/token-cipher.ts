import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, EncryptionKey } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export interface Sealed {
  keyId: string;
  /** `iv.tag.ciphertext`, each base64. */
  value: string;
}

/**
 * AES-256-GCM for secrets at rest. Each row stores the id of the key that sealed it, so a new
 * TOKEN_ENCRYPTION_KEY can be rolled out while older rows are still read with the previous keys.
 */
@Injectable()
export class TokenCipher {
  private readonly keys: Map<string, Buffer>;
  private readonly current: EncryptionKey;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.current = config.encryption.current;
    this.keys = new Map(
      [config.encryption.current, ...config.encryption.previous].map((k) => [k.id, k.key]),
    );
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plaintext: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64'));

    return { keyId: this.current.id, value: parts.join('.') };
  }

  open(sealed: Sealed): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new Error(`No encryption key with id ${sealed.keyId} is configured`);

    const [iv, tag, body] = sealed.value.split('.').map((part) => Buffer.from(part, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);

    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
