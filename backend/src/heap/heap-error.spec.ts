import {
  classifyHeapStatus,
  HeapError,
  heapErrorFromException,
  heapErrorFromResponse,
  HeapValidationError,
} from './heap-error';

describe('heapErrorFromResponse', () => {
  it.each([200, 202, 204])('treats %i as success whatever the body', (status) => {
    expect(heapErrorFromResponse({ status, body: '' })).toBeNull();
    expect(heapErrorFromResponse({ status, body: '{}' })).toBeNull();
  });

  it("keeps Heap's plain-text reason for a 400 (heap-php#4)", () => {
    const error = heapErrorFromResponse({
      status: 400,
      body: 'postBody.events[0].properties should be object',
    })!;

    expect(error).toBeInstanceOf(HeapError);
    expect(error.category).toBe('invalid');
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'Heap rejected the data (400 Bad Request): postBody.events[0].properties should be object',
    );
  });

  it('truncates a long 400 body and redacts the app_id and identities it echoes', () => {
    const body = `bad identity jane@example.com for app 1234567890 ${'x'.repeat(600)}`;
    const error = heapErrorFromResponse({ status: 400, body }, ['1234567890', 'jane@example.com'])!;
    const detail = error.message.split(': ').slice(1).join(': ');

    expect(detail).toHaveLength(300);
    expect(detail.startsWith('bad identity [redacted] for app [redacted] xxx')).toBe(true);
    expect(detail.endsWith('…')).toBe(true);
  });

  it('flattens an HTML 400 page to its text', () => {
    const error = heapErrorFromResponse({
      status: 400,
      body: '<html><body><h1>Bad Request</h1>\n<p>Malformed JSON</p></body></html>',
    })!;

    expect(error.message).toBe(
      'Heap rejected the data (400 Bad Request): Bad Request Malformed JSON',
    );
  });

  it('reports other 4xx as final without the body', () => {
    const error = heapErrorFromResponse({ status: 413, body: '<html>too big</html>' })!;

    expect(error.category).toBe('invalid');
    expect(error.message).toBe('Heap answered 413 Payload Too Large');
  });

  it('classes 429 as rate limited', () => {
    const error = heapErrorFromResponse({ status: 429, body: 'Too Many Requests' })!;

    expect(error.category).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('Heap is throttling requests (429 Too Many Requests)');
  });

  it.each([
    [503, 'Heap answered 503 Service Unavailable'],
    [500, 'Heap answered 500 Internal Server Error'],
    [408, 'Heap answered 408 Request Timeout'],
    [301, 'Heap answered 301 Moved Permanently'],
  ])('classes %i as temporary', (status, message) => {
    const error = heapErrorFromResponse({ status, body: '<html>upstream error</html>' })!;

    expect(error.category).toBe('temporary');
    expect(error.status).toBe(status);
    expect(error.message).toBe(message);
  });
});

describe('classifyHeapStatus', () => {
  it('maps statuses to categories', () => {
    expect([200, 204, 400, 401, 404, 408, 422, 429, 500, 502].map(classifyHeapStatus)).toEqual([
      null,
      null,
      'invalid',
      'invalid',
      'invalid',
      'temporary',
      'invalid',
      'rate_limited',
      'temporary',
      'temporary',
    ]);
  });
});

describe('heapErrorFromException', () => {
  it('reports a refused connection by its code only', () => {
    // The shape undici throws: a TypeError whose cause is the socket error.
    const cause = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:443'), {
      code: 'ECONNREFUSED',
      address: '10.0.0.7',
    });
    const error = heapErrorFromException(new TypeError('fetch failed', { cause }), 10000);

    expect(error.category).toBe('temporary');
    expect(error.status).toBeNull();
    expect(error.message).toBe('Could not reach Heap (ECONNREFUSED)');
  });

  it('reports a timeout from AbortSignal.timeout', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const error = heapErrorFromException(timeout, 10000);

    expect(error.category).toBe('temporary');
    expect(error.message).toBe('Heap did not answer within 10000 ms');
  });

  it('passes a HeapError through and copes with odd throwables', () => {
    const validation = new HeapValidationError('identity', 'The Heap identity is empty');

    expect(heapErrorFromException(validation, 1)).toBe(validation);
    expect(heapErrorFromException('boom', 1).message).toBe('Could not reach Heap');
  });
});
