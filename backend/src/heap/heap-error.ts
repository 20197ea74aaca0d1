import { STATUS_CODES } from 'node:http';

/**
 * What a job does with a failed Heap call: `invalid` is final (fix the data or settings),
 * `rate_limited` and `temporary` are retried with backoff.
 */
export type HeapErrorCategory = 'invalid' | 'rate_limited' | 'temporary';

const BODY_LIMIT = 300;

/** A failed Heap call. Messages never carry the app_id or an identity. */
export class HeapError extends Error {
  constructor(
    readonly category: HeapErrorCategory,
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'HeapError';
  }

  get retryable(): boolean {
    return this.category !== 'invalid';
  }
}

/** Refused before sending; `field` names what broke the rule, e.g. `identity` or `properties.plan`. */
export class HeapValidationError extends HeapError {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super('invalid', null, reason);
    this.name = 'HeapValidationError';
  }
}

export interface HeapResponse {
  status: number;
  body: string;
}

/** The category of an HTTP status, or null when the call succeeded. */
export function classifyHeapStatus(status: number): HeapErrorCategory | null {
  if (status >= 200 && status < 300) return null;
  if (status === 429) return 'rate_limited';
  // 408 is the server giving up on a slow request, not a verdict on the payload.
  if (status === 408) return 'temporary';
  if (status >= 400 && status < 500) return 'invalid';

  // 5xx, plus 1xx/3xx that Heap never documents: retry a bounded number of times.
  return 'temporary';
}

/**
 * Turns Heap's answer into a HeapError, or null on any 2xx. `redact` lists strings that must not
 * reach the message (the app_id and identities), in case Heap echoes them in a 400 body.
 */
export function heapErrorFromResponse(
  response: HeapResponse,
  redact: string[] = [],
): HeapError | null {
  const { status } = response;
  const category = classifyHeapStatus(status);
  if (!category) return null;

  const label = `${status} ${STATUS_CODES[status] ?? 'Unknown'}`.trim();
  if (category === 'rate_limited') {
    return new HeapError(category, status, `Heap is throttling requests (${label})`);
  }
  // Heap explains a 400 in a plain-text line naming the failing path (heap-php#4).
  const detail = status === 400 ? bodyExcerpt(response.body, redact) : '';
  const message = detail
    ? `Heap rejected the data (${label}): ${detail}`
    : `Heap answered ${label}`;

  return new HeapError(category, status, message);
}

/** fetch throws for timeouts and network failures; both are worth retrying. */
export function heapErrorFromException(error: unknown, timeoutMs: number): HeapError {
  if (error instanceof HeapError) return error;
  // Checked by name: DOMException and undici's errors may come from another realm than `Error`.
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new HeapError('temporary', null, `Heap did not answer within ${timeoutMs} ms`);
  }
  // Only the error code: undici's messages can name hosts and addresses.
  const code = errorCode(error);

  return new HeapError('temporary', null, `Could not reach Heap${code ? ` (${code})` : ''}`);
}

function errorCode(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }

  return null;
}

function bodyExcerpt(body: string, redact: string[]): string {
  let text = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const secret of redact) {
    if (secret) text = text.split(secret).join('[redacted]');
  }

  return text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT - 1)}…` : text;
}
