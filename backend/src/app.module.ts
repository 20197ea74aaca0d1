import { DynamicModule, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from './config/app-config';
import { BackfillModule } from './backfill/backfill.module';
import { ConfigModule } from './config/config.module';
import { typeormOptions } from './database/typeorm-options';
import { HealthModule } from './health/health.module';
import { InstallationsModule } from './installations/installations.module';
import { JobsModule } from './jobs/jobs.module';
import { JobsService } from './jobs/jobs.service';
import { KommoModule } from './kommo/kommo.module';
import { SegmentsModule } from './segments/segments.module';
import { SyncModule } from './sync/sync.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WidgetApiModule } from './widget-api/widget-api.module';
import { LoggingModule } from './logging/logging.module';

@Module({})
export class AppModule implements OnApplicationBootstrap {
  constructor(private readonly jobs: JobsService) {}

  /** Workers start polling only once every module has registered its handlers. */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.startWorkers();
  }

  /** The config carries the database URL that boot resolved (given, or the embedded one). */
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.databaseUrl) throw new Error('AppModule needs a resolved database URL');

    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        TypeOrmModule.forRoot({
          ...typeormOptions(config.databaseUrl),
          autoLoadEntities: true,
          // Boot already proved the database answers; a failure here is not worth 9 retries.
          retryAttempts: 0,
        }),
        HealthModule,
        JobsModule,
        InstallationsModule,
        KommoModule,
        SyncModule,
        WebhooksModule,
        WidgetApiModule,
        SegmentsModule,
        BackfillModule,
      ],
    };
  }
}
