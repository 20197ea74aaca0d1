import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { AppConfig } from './config/app-config';

/** Kommo serves accounts from these domains; the widget's requests come from them. */
const KOMMO_ORIGIN = /^https:\/\/[a-z0-9-]+\.(kommo\.com|amocrm\.com|amocrm\.ru)$/;

/** Raw-body routes: their bodies are parsed (or verified) by the handlers themselves. */
export const RAW_BODY_ROUTES = ['/api/kommo/webhooks', '/api/heap/segments'];

/** Everything main.ts and the e2e suites both need, so tests run the app exactly as deployed. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new AllExceptionsFilter());

  // A mass status change can carry thousands of leads; Kommo disables a hook that gets 413s.
  app.use(RAW_BODY_ROUTES, express.text({ type: () => true, limit: '16mb' }));
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));

  app.enableCors({
    origin: (
      origin: string | undefined,
      callback: (error: Error | null, allow?: boolean) => void,
    ) =>
      callback(null, !origin || KOMMO_ORIGIN.test(origin) || config.widgetOrigins.includes(origin)),
    allowedHeaders: ['Content-Type', 'X-Auth-Token', 'X-Request-Id'],
    methods: ['GET', 'PUT', 'POST'],
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Heap Sync for Kommo')
      .setDescription('Installation, Kommo webhook intake and the widget API')
      .setVersion('0.1.0')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' }, 'widget-token')
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
}
