/** What a caller can do about a failed Kommo call; jobs branch on this, never on messages. */
export enum KommoErrorCategory {
  /** Network trouble, a timeout or a 5xx: retry later. */
  Temporary = 'temporary',
  /** 429: retry after `retryAfterMs`. */
  RateLimited = 'rate_limited',
  /** The tokens are revoked or expired for good: the account must authorize again. */
  Revoked = 'revoked',
  /** 402/403, or the IP is banned: retrying will not help soon. */
  Forbidden = 'forbidden',
  /** 404, or a 204 where an entity was expected. */
  NotFound = 'not_found',
  /** 400/422: our request is wrong; retrying sends the same thing. */
  Invalid = 'invalid',
}

export class KommoApiError extends Error {
  constructor(
    readonly category: KommoErrorCategory,
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'KommoApiError';
  }

  get retryable(): boolean {
    return (
      this.category === KommoErrorCategory.Temporary ||
      this.category === KommoErrorCategory.RateLimited
    );
  }
}

export interface RecordedResponse {
  status: number;
  contentType: string | null;
  body: string;
}

/** Problem+json bodies carry `title`/`detail`, validation errors and, on 429, `retry_after`. */
function parseJson(body: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(body);

    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

function summary(json: Record<string, unknown> | null, status: number): string {
  const detail = json && (json.hint ?? json.detail ?? json.title);
  const paths = validationPaths(json);
  const base = typeof detail === 'string' ? detail : `HTTP ${status}`;

  return (paths ? `${base} (${paths})` : base).slice(0, 300);
}

function validationPaths(json: Record<string, unknown> | null): string | null {
  const groups = json?.['validation-errors'];
  if (!Array.isArray(groups)) return null;
  const paths = groups.flatMap((group: { errors?: { path?: string; code?: string }[] }) =>
    (group.errors ?? []).map((error) => `${error.path ?? '?'}: ${error.code ?? 'invalid'}`),
  );

  return paths.join('; ') || null;
}

/** Kommo bans an IP with an nginx HTML page instead of problem+json. */
export function isBan(response: RecordedResponse): boolean {
  return response.status === 403 && parseJson(response.body) === null;
}

/** Classifies a non-2xx answer of the REST API (the token endpoint has its own rules). */
export function classifyApiResponse(response: RecordedResponse): KommoApiError {
  const { status } = response;
  const json = parseJson(response.body);
  const message = summary(json, status);

  if (status === 401) return new KommoApiError(KommoErrorCategory.Revoked, message, status);
  if (status === 429) {
    const seconds = Number(json?.retry_after);
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;

    return new KommoApiError(KommoErrorCategory.RateLimited, message, status, retryAfterMs);
  }
  if (isBan(response)) {
    return new KommoApiError(KommoErrorCategory.Forbidden, 'Kommo banned this IP (HTML 403)', 403);
  }
  if (status === 402 || status === 403) {
    return new KommoApiError(KommoErrorCategory.Forbidden, message, status);
  }
  if (status === 404) return new KommoApiError(KommoErrorCategory.NotFound, message, status);
  if (status === 400 || status === 405 || status === 422) {
    return new KommoApiError(KommoErrorCategory.Invalid, message, status);
  }

  return new KommoApiError(KommoErrorCategory.Temporary, message, status);
}

const TERMINAL_HINT = /revoked|expired|invalid|decrypt|not linked|not issued/i;

/**
 * The token endpoint answers problem+json with a `hint` and no RFC 6749 `error` field. A 400/401
 * naming a revoked, expired or invalid grant, or a bad client, is final: the account must
 * authorize again. Anything else may pass on retry.
 */
export function classifyTokenResponse(response: RecordedResponse): KommoApiError {
  const { status } = response;
  const json = parseJson(response.body);
  const message = summary(json, status);
  const text = [json?.hint, json?.title, json?.detail].filter(Boolean).join(' ');

  if ((status === 400 || status === 401) && (TERMINAL_HINT.test(text) || status === 401)) {
    return new KommoApiError(KommoErrorCategory.Revoked, message, status);
  }
  if (status === 429) return classifyApiResponse(response);
  if (isBan(response)) return classifyApiResponse(response);
  if (status >= 400 && status < 500) {
    return new KommoApiError(KommoErrorCategory.Invalid, message, status);
  }

  return new KommoApiError(KommoErrorCategory.Temporary, message, status);
}

/** fetch rejects on network failures and aborts; both are worth a retry. */
export function classifyNetworkError(error: unknown): KommoApiError {
  const name = (error as Error)?.name;
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  const reason = name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : (cause ?? name);

  return new KommoApiError(KommoErrorCategory.Temporary, `Kommo request failed: ${reason}`);
}
