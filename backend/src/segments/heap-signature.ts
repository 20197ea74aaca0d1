import { createHmac, timingSafeEqual } from 'node:crypto';

/** Heap's reference validator allows 60 s of age; we allow 5 s of clock skew the other way. */
export const MAX_AGE_MS = 60_000;
export const MAX_FUTURE_MS = 5_000;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const HEADER = /^ts:(\d{1,16}),hmac:([0-9a-f]{64})$/i;

/**
 * Checks `Heap-Hash: ts:<ms>,hmac:<hex>`: hex HMAC-SHA256 of the timestamp text followed by the
 * raw body, keyed by the webhook secret (heap-api.md §12.1). The digest is compared in constant
 * time and only after the timestamp passed, so a replayed old request costs no hashing.
 */
export function verifyHeapSignature(
  header: string | undefined,
  rawBody: string,
  secret: string,
  nowMs: number,
): SignatureCheck {
  const match = HEADER.exec((header ?? '').trim());
  if (!match) return { ok: false, reason: 'The Heap-Hash header is missing or malformed' };

  const [, ts, hmac] = match;
  const age = nowMs - Number(ts);
  if (age > MAX_AGE_MS) return { ok: false, reason: 'The Heap-Hash timestamp is too old' };
  if (age < -MAX_FUTURE_MS)
    return { ok: false, reason: 'The Heap-Hash timestamp is in the future' };

  const expected = createHmac('sha256', secret).update(`${ts}${rawBody}`).digest();
  const given = Buffer.from(hmac, 'hex');
  if (!timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'The Heap-Hash signature does not match' };
  }

  return { ok: true };
}
