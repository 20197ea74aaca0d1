import type { ApiErrorBody } from '@heap-sync/shared';
import type { JqXhrLike } from '../kommo/kommo-types';

/** Codes the widget assigns itself when the backend gave no `ApiErrorBody`. */
export const CLIENT_ERROR_CODES = {
  network: 'network_error',
  invalidResponse: 'invalid_response',
  http: 'http_error',
} as const;

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  const body = value as Partial<ApiErrorBody> | null;

  return (
    typeof body === 'object' &&
    body !== null &&
    typeof body.statusCode === 'number' &&
    typeof body.code === 'string' &&
    typeof body.message === 'string'
  );
}

function parseBody(xhr: JqXhrLike): unknown {
  if (xhr.responseJSON !== undefined) {
    return xhr.responseJSON;
  }

  try {
    return xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
  } catch {
    return undefined;
  }
}

/** The one error every widget API call rejects with. */
export class WidgetApiError extends Error {
  override readonly name = 'WidgetApiError';

  constructor(readonly body: ApiErrorBody) {
    super(body.message);
  }

  get statusCode(): number {
    return this.body.statusCode;
  }

  get code(): string {
    return this.body.code;
  }

  get fieldErrors(): Record<string, string> {
    return this.body.fieldErrors ?? {};
  }

  get isForbidden(): boolean {
    return this.body.statusCode === 403;
  }

  static fromXhr(xhr: JqXhrLike, textStatus: string, errorThrown: string): WidgetApiError {
    const body = parseBody(xhr);

    if (isApiErrorBody(body)) {
      return new WidgetApiError(body);
    }

    const status = xhr.status || 0;

    if (status === 0) {
      return new WidgetApiError({
        statusCode: 0,
        code: CLIENT_ERROR_CODES.network,
        message: 'The Heap Sync server could not be reached',
      });
    }

    const code =
      textStatus === 'parsererror' ? CLIENT_ERROR_CODES.invalidResponse : CLIENT_ERROR_CODES.http;

    return new WidgetApiError({
      statusCode: status,
      code,
      message: `HTTP ${status} ${errorThrown || xhr.statusText || ''}`.trim(),
    });
  }

  static fromUnknown(error: unknown): WidgetApiError {
    if (error instanceof WidgetApiError) {
      return error;
    }

    return new WidgetApiError({
      statusCode: 0,
      code: CLIENT_ERROR_CODES.network,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}
