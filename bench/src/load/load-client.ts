import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { LoadJob, LoadReply, PostJob, PostResult, RateJob, RateResult } from './load-protocol';

/** The parent's handle on the load driver process. */
export class LoadClient {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (reply: LoadReply) => void>();
  private nextId = 1;

  constructor() {
    this.child = fork(path.join(__dirname, 'load-driver.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (reply: LoadReply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
    this.child.on('exit', (code) => {
      for (const settle of this.pending.values()) {
        settle({ id: 0, ok: false, error: `the load driver exited (${code})` });
      }
      this.pending.clear();
    });
  }

  rate(job: Omit<RateJob, 'kind'>): Promise<RateResult> {
    return this.send({ kind: 'rate', ...job }) as Promise<RateResult>;
  }

  post(job: Omit<PostJob, 'kind'>): Promise<PostResult> {
    return this.send({ kind: 'post', ...job }) as Promise<PostResult>;
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
  }

  private send(job: LoadJob): Promise<unknown> {
    const id = this.nextId++;

    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) =>
        reply.ok ? resolve(reply.result) : reject(new Error(reply.error)),
      );
      this.child.send({ id, job });
    });
  }
}
