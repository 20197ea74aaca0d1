import { createHmac } from 'node:crypto';
import { verifyHeapSignature } from './heap-signature';

const secret = 'whsec-0123456789';
const body = '{"action_type":"segment.users.sync"}';
const now = 1_793_613_600_123;
const sign = (ts: number, text = body, key = secret) =>
  `ts:${ts},hmac:${createHmac('sha256', key).update(`${ts}${text}`).digest('hex')}`;

describe('verifyHeapSignature', () => {
  it('accepts the HMAC of the millisecond timestamp followed by the raw body', () => {
    expect(verifyHeapSignature(sign(now - 1000), body, secret, now)).toEqual({ ok: true });
    expect(verifyHeapSignature(sign(now + 4000), body, secret, now)).toEqual({ ok: true });
  });

  it('rejects another key, another body and a tampered digest', () => {
    expect(verifyHeapSignature(sign(now, body, 'other'), body, secret, now).ok).toBe(false);
    expect(verifyHeapSignature(sign(now), `${body} `, secret, now).ok).toBe(false);
    const flipped = sign(now).replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    expect(verifyHeapSignature(flipped, body, secret, now)).toEqual({
      ok: false,
      reason: 'The Heap-Hash signature does not match',
    });
  });

  it('rejects timestamps older than 60 s or more than 5 s ahead', () => {
    expect(verifyHeapSignature(sign(now - 60_001), body, secret, now)).toEqual({
      ok: false,
      reason: 'The Heap-Hash timestamp is too old',
    });
    expect(verifyHeapSignature(sign(now + 5_001), body, secret, now).ok).toBe(false);
  });

  it('rejects a missing or malformed header', () => {
    expect(verifyHeapSignature(undefined, body, secret, now).ok).toBe(false);
    expect(verifyHeapSignature(`ts:${now},hmac:abc`, body, secret, now).ok).toBe(false);
    expect(verifyHeapSignature(`hmac:${'0'.repeat(64)}`, body, secret, now).ok).toBe(false);
  });
});
