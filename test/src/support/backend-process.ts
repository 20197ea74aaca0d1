import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const BACKEND_MAIN = path.resolve(__dirname, '../../../backend/dist/main.js');

export interface BackendProcess {
  child: ChildProcess;
  output: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs the built backend as operators do: `node backend/dist/main.js` with the given env, or
 * another of its scripts (`args`: the script and its arguments).
 */
export function spawnBackend(
  env: NodeJS.ProcessEnv,
  args = [BACKEND_MAIN],
  options: { ownProcessGroup?: boolean } = {},
): BackendProcess {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own group, so a test can signal the whole group as a terminal's Ctrl-C does.
    detached: options.ownProcessGroup ?? false,
  });
  let output = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => {
    output += chunk;
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  return { child, output: () => output, stderr: () => stderr, exited };
}

/** Polls a URL until it answers 200 or the deadline passes. */
export async function waitForOk(url: string, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** The pid of the postmaster holding an embedded data folder, or null when none runs. */
export function postmasterOf(dir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 0);

    return pid;
  } catch {
    return null;
  }
}
