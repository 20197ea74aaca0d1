import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { waitForOk } from '../../../test/src/support/backend-process';
import { sleep } from '../support/time';
import { PeakRss } from './memory';

export interface ServerProcess {
  url: string;
  pid: number;
  peakRssMb(): Promise<number | null>;
  /** The end of its log, for a failure message. */
  logTail(): string;
  stop(): Promise<void>;
}

export interface ServerSpec {
  label: string;
  nodeArgs: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  readyPath: string;
  logFile: string;
  cwd?: string;
}

/** A Node server of its own, logging to a file so its output costs this process nothing. */
export async function startServerProcess(spec: ServerSpec): Promise<ServerProcess> {
  const log = openSync(spec.logFile, 'w');
  const child = spawn(process.execPath, spec.nodeArgs, {
    cwd: spec.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...spec.env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${spec.port}`;
  const logTail = () => readFileSync(spec.logFile, 'utf8').slice(-3000);
  const memory = new PeakRss(child.pid!);
  const stop = () => stopChild(child, exited).finally(() => memory.stop());

  const died = exited.then(() => {
    throw new Error(`${spec.label} exited during boot`);
  });
  died.catch(() => undefined);
  try {
    await Promise.race([waitForOk(`${url}${spec.readyPath}`, 120_000), died]);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${logTail()}`);
  }

  return { url, pid: child.pid!, peakRssMb: () => memory.peakMb(), logTail, stop };
}

/** SIGTERM lets the backend drain and write a CPU profile; SIGKILL after 30 s. */
async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
  if (!done) {
    child.kill('SIGKILL');
    await exited;
  }
}
