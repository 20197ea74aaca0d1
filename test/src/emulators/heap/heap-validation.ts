import { isRecord } from '../shared/http';

/**
 * Heap answers a bad body with a plain-text 400 naming the failing path in AJV wording, e.g.
 * `postBody.events[0].properties should be object` (iagomelanias/heap-php#4). Every check
 * returns such a message, or null when the value is fine.
 */
export type PropertyValue = string | number;

const MAX_TEXT = 1023;
// HD track-1: an ISO-8601 date-time such as 2017-03-10T22:21:56+00:00.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

const member = (key: string) =>
  /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `['${key.replace(/'/g, "\\'")}']`;

export const required = (path: string, key: string) =>
  `${path} should have required property '${key}'`;

export function checkText(value: unknown, path: string, max: number): string | null {
  if (typeof value !== 'string') return `${path} should be string`;
  if (value.length === 0) return `${path} should NOT be shorter than 1 characters`;
  if (value.length > max) return `${path} should NOT be longer than ${max} characters`;

  return null;
}

/** identity: case-sensitive, 1–255 chars; a number is taken as its text (heap-node did). */
export function checkIdentity(value: unknown, path: string): string | null {
  if (typeof value === 'number') return null;
  if (typeof value !== 'string') return `${path} should be string,number`;

  return checkText(value, path, 255);
}

export function checkTimestamp(value: unknown, path: string): string | null {
  if (value === undefined) return null;
  const valid = typeof value === 'string' && DATE_TIME.test(value) && !isNaN(Date.parse(value));

  return valid ? null : `${path} should match format "date-time"`;
}

export function checkAppId(body: Record<string, unknown>): string | null {
  if (body.app_id === undefined) return required('postBody', 'app_id');
  if (typeof body.app_id === 'number') return null;

  return checkText(body.app_id, 'postBody.app_id', 255);
}

/**
 * Values are strings or numbers under 1,024 chars; arrays are stored joined with `||` and cut at
 * 1,024 (HD track-1). Booleans, null and nested objects are refused, as Heap's own clients did.
 */
export function checkProperties(
  value: unknown,
  path: string,
): { error: string } | { properties: Record<string, PropertyValue> } {
  if (!isRecord(value)) return { error: `${path} should be object` };
  const properties: Record<string, PropertyValue> = {};
  for (const [key, raw] of Object.entries(value)) {
    const at = `${path}${member(key)}`;
    if (key.length > MAX_TEXT) {
      return { error: `${path} should NOT have property names longer than ${MAX_TEXT} characters` };
    }
    if (Array.isArray(raw)) {
      if (!raw.every((item) => typeof item === 'string' || typeof item === 'number')) {
        return { error: `${at} should be string,number` };
      }
      properties[key] = raw.join('||').slice(0, MAX_TEXT + 1);
      continue;
    }
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      return { error: `${at} should be string,number` };
    }
    if (typeof raw === 'string' && raw.length > MAX_TEXT) {
      return { error: `${at} should NOT be longer than ${MAX_TEXT} characters` };
    }
    properties[key] = raw;
  }

  return { properties };
}

export function checkBatch(value: unknown, path: string): string | null {
  if (!Array.isArray(value)) return `${path} should be array`;
  if (value.length === 0) return `${path} should NOT have fewer than 1 items`;
  if (value.length > 1000) return `${path} should NOT have more than 1000 items`;

  return null;
}
