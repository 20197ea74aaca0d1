import { Reply } from '../shared/http';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const hal = (json: unknown, status = 200): Reply => ({
  status,
  json,
  contentType: 'application/hal+json',
});

export const noContent = (): Reply => ({ status: 204 });

/** API v4 error body (KD http-codes): title, type on httpstatus.es, status, detail. */
export function problem(status: number, detail: string, extra: object = {}): Reply {
  return {
    status,
    contentType: 'application/problem+json',
    json: {
      title: TITLES[status] ?? 'Error',
      type: `https://httpstatus.es/${status}`,
      status,
      detail,
      ...extra,
    },
  };
}

export interface FieldError {
  code: string;
  path: string;
  detail: string;
}

/** 400 with `validation-errors`, one entry per rejected element of the request array (§7). */
export function validationFailed(failures: Array<{ index: number; errors: FieldError[] }>): Reply {
  const validationErrors = failures.map((failure) => ({
    request_id: String(failure.index),
    errors: failure.errors,
  }));

  return problem(400, 'Request validation failed', { 'validation-errors': validationErrors });
}

// What a banned IP sees (php#434): nginx's own page, so clients fail with "not json".
const BAN_PAGE = [
  '<html>',
  '<head><title>403 Forbidden</title></head>',
  '<body>',
  '<center><h1>403 Forbidden</h1></center>',
  '<hr><center>nginx</center>',
  '</body>',
  '</html>',
  '',
].join('\r\n');

export const bannedPage = (): Reply => ({ status: 403, text: BAN_PAGE, contentType: 'text/html' });
