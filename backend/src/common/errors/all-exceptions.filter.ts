import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ApiErrorBody } from '@heap-sync/shared';
import type { Response } from 'express';
import { AppException } from './app.exception';

/** Turns coded exceptions into their status; anything unexpected becomes a 500 with an error id. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (!response.headersSent) response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof AppException) {
      return {
        statusCode: exception.status,
        code: exception.code,
        message: exception.message,
        fieldErrors: exception.fieldErrors,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'string') {
        return { statusCode: status, code: `http_${status}`, message: response };
      }
      // Keep what the exception carries (the readiness check's per-indicator details, say).
      const { message, ...rest } = response as { message?: unknown };

      return {
        ...rest,
        statusCode: status,
        code: `http_${status}`,
        message: String(message ?? exception.message),
      };
    }

    const errorId = randomUUID();
    this.logger.error({ errorId, err: exception }, 'unexpected error');

    return { statusCode: 500, code: 'internal', message: 'Unexpected error', errorId };
  }
}
