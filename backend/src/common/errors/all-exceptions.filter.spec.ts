import { ArgumentsHost, BadRequestException } from '@nestjs/common';
import { HeapError } from '../../heap/heap-error';
import { KommoApiError, KommoErrorCategory } from '../../kommo/api/kommo-api.error';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { AppErrorCode, AppException } from './app.exception';

function answer(exception: unknown) {
  const sent: { status?: number; body?: Record<string, unknown> } = {};
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;

      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);

  return sent;
}

describe('AllExceptionsFilter', () => {
  it('maps coded exceptions with their field errors', () => {
    const sent = answer(
      new AppException(AppErrorCode.ValidationFailed, 'Bad', { heapAppId: 'Digits only' }),
    );

    expect(sent).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        code: 'validation_failed',
        message: 'Bad',
        fieldErrors: { heapAppId: 'Digits only' },
      },
    });
  });

  it('reports Kommo failures as the upstream’s, never as 500', () => {
    expect(answer(new KommoApiError(KommoErrorCategory.Temporary, 'ECONNRESET')).status).toBe(502);
    expect(answer(new KommoApiError(KommoErrorCategory.Revoked, 'x')).body).toMatchObject({
      statusCode: 409,
      code: 'installation_needs_reauth',
    });
    expect(answer(new HeapError('temporary', 503, 'Heap answered 503')).status).toBe(502);
  });

  it('keeps Nest HTTP exceptions and hides unexpected errors behind an error id', () => {
    expect(answer(new BadRequestException('nope')).body).toMatchObject({
      statusCode: 400,
      code: 'http_400',
      message: 'nope',
    });
    const unexpected = answer(new Error('database password is hunter2'));
    expect(unexpected.status).toBe(500);
    expect(unexpected.body!.message).toBe('Unexpected error');
    expect(JSON.stringify(unexpected.body)).not.toContain('hunter2');
    expect(unexpected.body!.errorId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
