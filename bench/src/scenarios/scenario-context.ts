import { BenchConfig } from '../config';
import { LoadClient } from '../load/load-client';
import { PostgresServer } from '../stack/postgres';

export interface ScenarioContext {
  config: BenchConfig;
  postgres: PostgresServer;
  load: LoadClient;
  log(message: string): void;
}
