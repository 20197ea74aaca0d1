import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Peak resident memory of one process. Linux keeps the peak itself (VmHWM in /proc/<pid>/status);
 * elsewhere `ps` is sampled twice a second, which can miss a short spike.
 */
export class PeakRss {
  private sampledKb = 0;
  private readonly timer: NodeJS.Timeout | null = null;

  constructor(private readonly pid: number) {
    if (existsSync(`/proc/${pid}/status`)) return;
    this.timer = setInterval(() => void this.sample(), 500);
    this.timer.unref();
  }

  /** Megabytes; read before the process exits. */
  async peakMb(): Promise<number | null> {
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8').catch(() => null);
    const hwm = status && /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (hwm) return round(Number(hwm[1]) / 1024);
    await this.sample();

    return this.sampledKb ? round(this.sampledKb / 1024) : null;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async sample(): Promise<void> {
    try {
      const { stdout } = await run('ps', ['-o', 'rss=', '-p', String(this.pid)]);
      this.sampledKb = Math.max(this.sampledKb, Number(stdout.trim()) || 0);
    } catch {
      // the process is gone; the last sample stands
    }
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
