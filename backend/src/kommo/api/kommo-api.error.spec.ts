import {
  classifyApiResponse,
  classifyNetworkError,
  classifyTokenResponse,
  KommoErrorCategory,
} from './kommo-api.error';

const problem = (status: number, extra: object) => ({
  status,
  contentType: 'application/problem+json',
  body: JSON.stringify({ type: 'https://httpstatus.es/' + status, status, ...extra }),
});

describe('classifyApiResponse', () => {
  it('reads retry_after from a 429', () => {
    const error = classifyApiResponse(
      problem(429, {
        title: 'Too Many Requests',
        detail: 'You have sent too many requests',
        retry_after: 300,
      }),
    );

    expect(error.category).toBe(KommoErrorCategory.RateLimited);
    expect(error.retryAfterMs).toBe(300000);
    expect(error.retryable).toBe(true);
  });

  it('treats an HTML 403 as a ban and a JSON 403 as forbidden', () => {
    const ban = classifyApiResponse({
      status: 403,
      contentType: 'text/html',
      body: '<html><head><title>403 Forbidden</title></head><body><center>nginx</center></body></html>',
    });
    expect(ban.category).toBe(KommoErrorCategory.Forbidden);
    expect(ban.message).toContain('banned');

    expect(classifyApiResponse(problem(403, { title: 'Forbidden' })).message).toBe('Forbidden');
  });

  it('names the failing paths of a 400 validation error', () => {
    const error = classifyApiResponse(
      problem(400, {
        title: 'Bad Request',
        detail: 'Request validation failed',
        'validation-errors': [
          {
            request_id: '0',
            errors: [{ code: 'NotSupportedChoice', path: 'custom_fields_values.0.field_id' }],
          },
        ],
      }),
    );

    expect(error.category).toBe(KommoErrorCategory.Invalid);
    expect(error.message).toBe(
      'Request validation failed (custom_fields_values.0.field_id: NotSupportedChoice)',
    );
  });

  it('maps 401, 404, 402 and 5xx', () => {
    expect(classifyApiResponse(problem(401, { title: 'Unauthorized' })).category).toBe('revoked');
    expect(classifyApiResponse(problem(404, { title: 'Not Found' })).category).toBe('not_found');
    expect(classifyApiResponse(problem(402, { title: 'Payment Required' })).category).toBe(
      'forbidden',
    );
    expect(classifyApiResponse({ status: 502, contentType: null, body: '' }).category).toBe(
      'temporary',
    );
  });
});

describe('classifyTokenResponse', () => {
  it('treats a revoked refresh token as final', () => {
    const error = classifyTokenResponse(
      problem(401, {
        hint: 'Token has been revoked',
        title: 'Некорректный запрос',
        detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
      }),
    );

    expect(error.category).toBe(KommoErrorCategory.Revoked);
    expect(error.message).toBe('Token has been revoked');
  });

  it('treats an expired authorization code as final', () => {
    expect(
      classifyTokenResponse(problem(400, { hint: 'Authorization code has expired' })).category,
    ).toBe(KommoErrorCategory.Revoked);
  });

  it('leaves a 500 from the token endpoint retryable', () => {
    expect(classifyTokenResponse({ status: 500, contentType: null, body: '' }).retryable).toBe(
      true,
    );
  });
});

describe('classifyNetworkError', () => {
  it('marks timeouts and refused connections temporary', () => {
    const timeout = Object.assign(new Error('aborted'), { name: 'TimeoutError' });
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED' },
    });

    expect(classifyNetworkError(timeout).message).toBe('Kommo request failed: timed out');
    expect(classifyNetworkError(refused).message).toBe('Kommo request failed: ECONNREFUSED');
    expect(classifyNetworkError(refused).category).toBe(KommoErrorCategory.Temporary);
  });
});
