import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** One place for the connection settings of the app, the migration CLI and the tests. */
export function typeormOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}
