import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

const REQUEST_ID = /^[\w.-]{1,64}$/;
/** Webhook URLs carry their credential in the path; logs show the route, not the token. */
const TOKEN_IN_PATH = /^(\/api\/(?:kommo\/webhooks|heap\/segments)\/)[^/?]+/;

export const loggablePath = (url: string) =>
  url.split('?')[0].replace(TOKEN_IN_PATH, '$1[redacted]');

/** Paths and keys that may hold a credential anywhere in a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-auth-token"]',
  'req.headers.cookie',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.code',
  '*.token',
];

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          transport:
            config.env === 'development'
              ? { target: 'pino-pretty', options: { singleLine: true } }
              : undefined,
          genReqId: (req: IncomingMessage) => {
            const given = req.headers['x-request-id'];

            return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
          },
          // Method and path only: query strings carry OAuth codes and states, headers carry tokens.
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              path: loggablePath(req.url),
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          customLogLevel: (_req, res, error) =>
            error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        },
      }),
    }),
  ],
})
export class LoggingModule {}
