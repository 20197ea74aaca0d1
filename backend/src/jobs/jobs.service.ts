import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import PgBoss from 'pg-boss';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { preparedQuery } from '../database/prepared-query';

export type JobHandler<T> = (job: PgBoss.JobWithMetadata<T>) => Promise<void>;
/** Gets up to `batch` jobs at once; throwing fails (and so retries) all of them. */
export type BatchHandler<T> = (jobs: PgBoss.JobWithMetadata<T>[]) => Promise<void>;

interface QueueDefinition {
  name: string;
  /** Retries for jobs of this queue; 0 means one attempt. */
  retryLimit: number;
  retryDelaySeconds?: number;
  /** Exponential backoff with jitter (pg-boss doubles the delay and adds up to 100%). */
  retryBackoff?: boolean;
}

/**
 * Durable jobs on pg-boss in the same Postgres. Queues are created by every role (anyone may
 * enqueue); handlers run only in `worker` and `all` processes. Stopping waits for running jobs.
 */
@Injectable()
export class JobsService implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly boss: PgBoss;
  private readonly queues: QueueDefinition[] = [];
  private readonly handlers: { name: string; handler: BatchHandler<unknown>; batch: number }[] = [];
  /** This process's workers per queue, and the queues a running handler has added jobs to. */
  private readonly workerIds = new Map<string, string[]>();
  private readonly queuedByHandler = new AsyncLocalStorage<Set<string>>();
  private started = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const worker = config.role !== 'web';
    this.boss = new PgBoss({
      connectionString: config.databaseUrl,
      max: 5,
      supervise: worker,
      schedule: worker,
      maintenanceIntervalSeconds: Math.max(1, Math.min(60, config.jobs.expireSeconds)),
    });
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'job queue error'));
  }

  get isWorker(): boolean {
    return this.config.role !== 'web';
  }

  /** Declare a queue; call from a module's constructor or onModuleInit before start. */
  defineQueue(definition: QueueDefinition): void {
    this.queues.push(definition);
  }

  /** Register a handler; it runs only in worker processes. A thrown error means "retry". */
  handle<T>(name: string, handler: JobHandler<T>, batch = this.config.workerConcurrency): void {
    this.handleBatch<T>(name, (jobs) => Promise.all(jobs.map((job) => handler(job))).then(), batch);
  }

  /** Register a handler that takes jobs in batches (bulk API calls); worker processes only. */
  handleBatch<T>(name: string, handler: BatchHandler<T>, batch: number): void {
    this.handlers.push({ name, handler: handler as BatchHandler<unknown>, batch });
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    for (const queue of this.queues) {
      await this.boss.createQueue(queue.name, {
        name: queue.name,
        retryLimit: queue.retryLimit,
        retryDelay: queue.retryDelaySeconds ?? this.config.jobs.retryDelaySeconds,
        retryBackoff: queue.retryBackoff ?? true,
        expireInSeconds: this.config.jobs.expireSeconds,
        retentionDays: 14,
      });
    }
    this.started = true;
  }

  /** Called by AppModule after every module has registered; starts polling in workers. */
  async startWorkers(): Promise<void> {
    if (!this.isWorker) return;
    for (const { name, handler, batch } of this.handlers) {
      const id = await this.boss.work(
        name,
        { batchSize: batch, pollingIntervalSeconds: 0.5, includeMetadata: true },
        (jobs) => this.run(name, jobs, handler),
      );
      this.workerIds.set(name, [...(this.workerIds.get(name) ?? []), id]);
    }
  }

  /** Enqueue, optionally inside the caller's transaction so the job exists only if it commits. */
  async send<T extends object>(
    name: string,
    data: T,
    options: PgBoss.SendOptions & { manager?: EntityManager } = {},
  ): Promise<string | null> {
    const { manager, ...sendOptions } = options;
    const db = manager ? this.transactional(manager) : undefined;
    this.queuedByHandler.getStore()?.add(name);

    return this.boss.send(name, data, { ...sendOptions, ...(db ? { db } : {}) });
  }

  /** Many jobs in one statement, optionally inside the caller's transaction. */
  async insert<T extends object>(name: string, data: T[], manager?: EntityManager): Promise<void> {
    if (data.length === 0) return;
    const jobs = data.map((item) => ({ name, data: item }));
    this.queuedByHandler.getStore()?.add(name);
    if (!manager) return this.boss.insert(jobs);

    await this.boss.insert(jobs, { db: this.transactional(manager) });
  }

  schedule(name: string, cron: string, data: object = {}): Promise<void> {
    return this.boss.schedule(name, cron, data, { tz: 'UTC' });
  }

  /**
   * Workers drain before any module's shutdown hook runs: the database pool closes in one, and a
   * job still writing then would fail and run again. The queue's own pool stays open a little
   * longer, for requests that enqueue while the HTTP server finishes them.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: 20000 });
  }

  async onApplicationShutdown(): Promise<void> {
    const db = this.boss.getDb() as PgBoss.Db & { opened?: boolean; close(): Promise<void> };
    if (db.opened) await db.close();
  }

  /**
   * pg-boss runs its SQL on the caller's connection, so the job commits with the caller. Its
   * insert is one long statement whose planning costs more than running it: prepared, it is
   * planned once per connection.
   */
  private transactional(manager: EntityManager) {
    return {
      executeSql: async (text: string, values: unknown[]) => ({
        rows: await preparedQuery(manager, text, values),
      }),
    };
  }

  private async run<T>(
    name: string,
    jobs: PgBoss.JobWithMetadata<T>[],
    handler: BatchHandler<T>,
  ): Promise<void> {
    const queued = new Set<string>();
    try {
      await this.queuedByHandler.run(queued, () => handler(jobs));
    } catch (error) {
      this.logger.warn(
        { queue: name, jobs: jobs.length, attempt: jobs[0]?.retryCount + 1, err: describe(error) },
        'jobs failed; the queue retries them',
      );
      throw error;
    } finally {
      // The handler's transactions have committed: the next step starts now, not at its next
      // poll (up to half a second later on every hop from webhook to Heap).
      for (const queue of queued) {
        for (const id of this.workerIds.get(queue) ?? []) this.boss.notifyWorker(id);
      }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
