import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { AppConfig } from './config/app-config';
import { InstallationsService } from './installations/installations.service';

/** Kommo serves accounts from these domains; the widget's requests come from them. */
const KOMMO_ORIGIN = /^https:\/\/[a-z0-9-]+\.(kommo\.com|amocrm\.com|amocrm\.ru)$/;

/** Raw-body routes: their bodies are parsed (or verified) by the handlers themselves. */
export const RAW_BODY_ROUTES = ['/api/kommo/webhooks', '/api/heap/segments'];
const WEBHOOKS = '/api/kommo/webhooks';

/** Everything main.ts and the e2e suites both need, so tests run the app exactly as deployed. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new AllExceptionsFilter());

  app.getHttpAdapter().getInstance().disable('x-powered-by');
  // Unknown webhook URLs are refused before their body is read: up to 16 MB of it is allowed,
  // and nobody unauthenticated should make us buffer that.
  const installations = app.get(InstallationsService);
  app.use(WEBHOOKS, (req: Request, res: Response, next: NextFunction) => {
    installations.findByWebhookToken(req.path.slice(1)).then((installation) => {
      // The controller takes it from here rather than reading it a second time.
      res.locals.installation = installation;
      if (installation && installation.status !== 'uninstalled') return next();
      res.status(404).json({ statusCode: 404, code: 'not_found', message: 'Unknown webhook URL' });
    }, next);
  });
  // A mass status change can carry thousands of leads; Kommo disables a hook that gets 413s.
  app.use(WEBHOOKS, express.text({ type: () => true, limit: '16mb' }));
  // A Heap segment page is a few hundred identities.
  app.use('/api/heap/segments', express.text({ type: () => true, limit: '2mb' }));
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
