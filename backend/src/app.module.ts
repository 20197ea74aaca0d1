import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { typeormOptions } from './database/typeorm-options';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';

@Module({})
export class AppModule {
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
      ],
    };
  }
}
