import { loadConfig } from '../config/app-config';
import { TokenCipher } from './token-cipher';

const keyA = Buffer.alloc(32, 1).toString('base64');
const keyB = Buffer.alloc(32, 2).toString('hex');

describe('TokenCipher', () => {
  const cipherA = new TokenCipher(loadConfig({ TOKEN_ENCRYPTION_KEY: keyA }));

  it('round-trips and never stores the plaintext', () => {
    const sealed = cipherA.seal('access-token-value');

    expect(sealed.value).not.toContain('access-token-value');
    expect(Buffer.from(sealed.value.split('.')[2], 'base64').toString()).not.toContain('access');
    expect(cipherA.open(sealed)).toBe('access-token-value');
  });

  it('uses a fresh IV each time', () => {
    expect(cipherA.seal('same').value).not.toBe(cipherA.seal('same').value);
  });

  it('reads rows sealed with a previous key after rotation and seals with the new one', () => {
    const old = cipherA.seal('refresh-token');
    const rotated = new TokenCipher(
      loadConfig({ TOKEN_ENCRYPTION_KEY: keyB, TOKEN_ENCRYPTION_PREVIOUS_KEYS: keyA }),
    );

    expect(rotated.open(old)).toBe('refresh-token');
    expect(rotated.seal('x').keyId).not.toBe(old.keyId);
  });

  it('rejects a tampered ciphertext', () => {
    const sealed = cipherA.seal('secret');
    const [iv, tag, body] = sealed.value.split('.');
    const flipped = Buffer.from(body, 'base64');
    flipped[0] ^= 1;

    expect(() =>
      cipherA.open({ ...sealed, value: [iv, tag, flipped.toString('base64')].join('.') }),
    ).toThrow();
  });

  it('names a missing key id', () => {
    const other = new TokenCipher(loadConfig({ TOKEN_ENCRYPTION_KEY: keyB }));

    expect(() => other.open(cipherA.seal('x'))).toThrow(/No encryption key with id/);
  });
});
