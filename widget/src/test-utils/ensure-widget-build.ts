import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const WIDGET_DIR = resolve(__dirname, '../..');
export const ZIP_PATH = join(WIDGET_DIR, 'dist/widget.zip');
export const SCRIPT_PATH = join(WIDGET_DIR, 'dist/script.js');

const BUILD_INPUTS = ['src', 'scripts', 'vite.config.ts', 'package.json', '../shared/src'].map(
  (path) => join(WIDGET_DIR, path),
);

function newestChange(path: string): number {
  const stats = statSync(path);

  if (!stats.isDirectory()) {
    return /\.spec\.tsx?$/.test(path) ? 0 : stats.mtimeMs;
  }

  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/**
 * Runs the real build (`vite build`, then scripts/package-widget.mjs) when dist/widget.zip is
 * missing or older than its sources, so the package tests never read a stale or absent archive.
 */
export function ensureWidgetBuild(): void {
  const builtAt = existsSync(ZIP_PATH) && existsSync(SCRIPT_PATH) ? statSync(ZIP_PATH).mtimeMs : 0;

  if (builtAt > Math.max(...BUILD_INPUTS.filter(existsSync).map(newestChange))) {
    return;
  }

  // Jest sets NODE_ENV=test, which would make Vite emit React's development JSX runtime.
  const env = { ...process.env, NODE_ENV: 'production' };
  const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: WIDGET_DIR, env });

  run([join(WIDGET_DIR, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error']);
  run([join(WIDGET_DIR, 'scripts/package-widget.mjs')]);
}
