import type { HeapPropertyValue } from '@heap-sync/shared';
import { HeapValidationError } from './heap-error';

/** One event for Heap's Track API; the client maps the names to Heap's snake_case fields. */
export interface HeapTrackEvent {
  identity: string;
  event: string;
  /** ISO-8601; Heap places the event at this time instead of the arrival time. */
  timestamp: string;
  /** Repeats with the same key are dropped by Heap, which makes retries safe. */
  idempotencyKey: string;
  properties: Record<string, HeapPropertyValue>;
}

export interface HeapUserProperties {
  identity: string;
  properties: Record<string, HeapPropertyValue>;
}

// Limits from Heap's Track and Add User Properties references (heap-api.md §2).
const MAX_EVENT_NAME = 1024;
const MAX_IDENTITY = 255;
const MAX_PROPERTY = 1024;
// Any casing of `id`, and `user_id`, are reserved names in Heap's user properties.
const RESERVED_KEY = /^(id|user_id)$/i;
const PLACEHOLDER_IDENTITY = /^(0+|null|undefined|none|n\/?a|-+)$/i;
const PLACEHOLDER_EMAIL_USER = /^(no[-_.]?e?[-_.]?mail|none|null|unknown|n\/?a)$/i;

/**
 * Heap stores strings and numbers only: booleans become "true"/"false", arrays Heap's own
 * `a||b`, and nulls are dropped rather than sent as the text "null" (heap-api.md B9).
 */
export function toHeapProperties(
  input: Record<string, unknown>,
): Record<string, HeapPropertyValue> {
  const output: Record<string, HeapPropertyValue> = {};

  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      const items = value.filter((item) => item !== null && item !== undefined);
      if (items.length > 0) output[key] = items.map((item) => scalar(key, item)).join('||');
      continue;
    }
    output[key] = scalar(key, value);
  }

  return output;
}

function scalar(key: string, value: unknown): HeapPropertyValue {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidNumber(key);

    return value;
  }

  throw new HeapValidationError(
    `properties.${shortName(key)}`,
    `Property "${shortName(key)}" is not a string, number or boolean`,
  );
}

/** The reason an identity must not go to Heap, or null when it is usable. */
export function identityProblem(identity: string): string | null {
  if (!identity.trim()) return 'The Heap identity is empty';
  // "0" and friends would merge unrelated people into one Heap user (heap-api.md B3).
  if (isPlaceholderIdentity(identity)) return 'The Heap identity is a placeholder value';
  if (identity.length > MAX_IDENTITY) {
    return `The Heap identity is ${identity.length} characters; Heap accepts at most 255`;
  }

  return null;
}

/** Values CRM users type when they have no real one: "", "0", "n/a", "noemail@…". */
export function isPlaceholderIdentity(value: string): boolean {
  const trimmed = value.trim();
  const at = trimmed.lastIndexOf('@');

  return (
    !trimmed ||
    PLACEHOLDER_IDENTITY.test(trimmed) ||
    (at >= 0 && PLACEHOLDER_EMAIL_USER.test(trimmed.slice(0, at)))
  );
}

export function validateHeapEvent(event: HeapTrackEvent): void {
  validateIdentity(event.identity);
  if (!event.event?.trim()) throw new HeapValidationError('event', 'The event name is empty');
  if (event.event.length > MAX_EVENT_NAME) {
    throw new HeapValidationError('event', 'The event name is longer than 1024 characters');
  }
  if (Number.isNaN(Date.parse(event.timestamp))) {
    throw new HeapValidationError('timestamp', 'The event timestamp is not an ISO-8601 date');
  }
  if (!event.idempotencyKey?.trim()) {
    throw new HeapValidationError('idempotency_key', 'The idempotency key is empty');
  }
  validateProperties('Event', event.properties);
}

export function validateUserProperties(user: HeapUserProperties): void {
  validateIdentity(user.identity);
  validateProperties('User', user.properties);
}

function validateIdentity(identity: unknown): void {
  if (typeof identity !== 'string') {
    throw new HeapValidationError('identity', 'The Heap identity is missing');
  }
  const problem = identityProblem(identity);
  if (problem) throw new HeapValidationError('identity', problem);
}

function validateProperties(kind: 'Event' | 'User', properties: unknown): void {
  // An array or null here is answered with "properties should be object" (heap-api.md B5).
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw new HeapValidationError('properties', `${kind} properties must be an object`);
  }

  for (const [key, value] of Object.entries(properties)) {
    const name = shortName(key);
    const field = `properties.${name}`;
    if (!key.trim()) throw new HeapValidationError(field, `${kind} property name is empty`);
    if (key.length >= MAX_PROPERTY) {
      throw new HeapValidationError(field, `${kind} property name "${name}" is too long`);
    }
    if (RESERVED_KEY.test(key)) {
      throw new HeapValidationError(field, `${kind} property "${key}" is a name Heap reserves`);
    }
    if (typeof value === 'number' && !Number.isFinite(value)) throw invalidNumber(key);
    if (typeof value === 'string' && value.length >= MAX_PROPERTY) {
      throw new HeapValidationError(
        field,
        `${kind} property "${name}" is ${value.length} characters; Heap accepts up to 1023`,
      );
    }
    if (typeof value !== 'number' && typeof value !== 'string') {
      throw new HeapValidationError(field, `${kind} property "${name}" is not a string or number`);
    }
  }
}

/**
 * A readable, deterministic key: `kommo:1:lead:2:won:1700000000`. Parts are URI-encoded so a
 * colon inside a part can never make two different inputs collide.
 */
export function idempotencyKey(parts: ReadonlyArray<string | number>): string {
  if (parts.length === 0) throw new Error('An idempotency key needs at least one part');

  return parts
    .map((part) => {
      if (typeof part === 'number' && !Number.isFinite(part)) {
        throw new Error('An idempotency key part is not a finite number');
      }
      if (part === '') throw new Error('An idempotency key part is empty');

      return encodeURIComponent(String(part));
    })
    .join(':');
}

function invalidNumber(key: string): HeapValidationError {
  const name = shortName(key);

  return new HeapValidationError(`properties.${name}`, `Property "${name}" is not a finite number`);
}

function shortName(key: string): string {
  return key.length > 40 ? `${key.slice(0, 39)}…` : key;
}
