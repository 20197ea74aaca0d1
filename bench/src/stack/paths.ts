import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const BENCH_ROOT = path.resolve(__dirname, '..', '..');
export const RESULTS_DIR = path.join(BENCH_ROOT, 'results');
export const LOGS_DIR = path.join(RESULTS_DIR, 'logs');
export const PROFILES_DIR = path.join(RESULTS_DIR, 'profiles');

export function ensureResultDirs(): void {
  for (const dir of [RESULTS_DIR, LOGS_DIR, PROFILES_DIR]) mkdirSync(dir, { recursive: true });
}
