import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ApiErrorBody } from '@heap-sync/shared';
import type { Response } from 'express';
import { HeapError } from '../../heap/heap-error';
import { KommoApiError, KommoErrorCategory } from '../../kommo/api/kommo-api.error';
import { AppException } from './app.exception';

/** A Kommo failure during a request is the upstream's, not ours: say which, never 500. */
const KOMMO_STATUS: Record<KommoErrorCategory, { status: number; code: string; message: string }> =
  {
    [KommoErrorCategory.Temporary]: {
      status: 502,
      code: 'kommo_unavailable',
      message: 'Kommo did not answer; try again',
    },
    [KommoErrorCategory.RateLimited]: {
      status: 503,
      code: 'kommo_rate_limited',
      message: 'Kommo asked us to slow down; try again in a minute',
    },
    [KommoErrorCategory.Revoked]: {
      status: 409,
      code: 'installation_needs_reauth',
      message: 'The Kommo connection must be authorized again',
    },
    [KommoErrorCategory.Forbidden]: {
      status: 502,
      code: 'kommo_forbidden',
      message: 'Kommo refused the request',
    },
    [KommoErrorCategory.NotFound]: {
      status: 404,
      code: 'kommo_not_found',
      message: 'Not found in Kommo',
    },
    [KommoErrorCategory.Invalid]: {
      status: 502,
      code: 'kommo_rejected',
      message: 'Kommo rejected the request',
    },
  };

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

    if (exception instanceof KommoApiError) {
      const mapped = KOMMO_STATUS[exception.category];

      return { statusCode: mapped.status, code: mapped.code, message: mapped.message };
    }
    if (isClientError(exception)) {
      return {
        statusCode: exception.status,
        code: `http_${exception.status}`,
        message: exception.expose ? exception.message : 'The request could not be read',
      };
    }
    if (exception instanceof HeapError) {
      return { statusCode: 502, code: 'heap_unavailable', message: exception.message };
    }

    const errorId = randomUUID();
    this.logger.error({ errorId, err: exception }, 'unexpected error');

    return { statusCode: 500, code: 'internal', message: 'Unexpected error', errorId };
  }
}

/** body-parser and raw-body throw http-errors objects: a 4xx status and whether to show it. */
function isClientError(
  error: unknown,
): error is { status: number; expose: boolean; message: string } {
  const status = (error as { status?: unknown })?.status;

  return typeof status === 'number' && status >= 400 && status < 500;
}
