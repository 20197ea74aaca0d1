import { Injectable } from '@nestjs/common';

/**
 * Heap's bulk track takes 15,000 events a minute per app_id and 1,000 per identity (heap-api.md
 * §8). A backfill keeps below both and leaves the rest of the minute to live sync.
 */
export const APP_EVENTS_PER_MINUTE = 12_000;
export const IDENTITY_EVENTS_PER_MINUTE = 900;
const MINUTE_MS = 60_000;
const SWEEP_ABOVE_KEYS = 10_000;

interface Spent {
  at: number;
  count: number;
}

/**
 * Events this process let backfills queue for Heap in the last minute, per app and identity.
 * Known shortcoming: the count is per process and ignores live sync, so several workers
 * backfilling one Heap project at once can still meet Heap's 429, which the send job retries.
 */
@Injectable()
export class HeapBudget {
  private readonly spent = new Map<string, Spent[]>();

  /** Milliseconds to wait before one event per identity may go to `appId`; 0 means now. */
  waitMs(appId: string, identities: string[], now = Date.now()): number {
    let wait = this.waitFor(`app:${appId}`, identities.length, APP_EVENTS_PER_MINUTE, now);
    for (const [identity, count] of tally(identities)) {
      const key = `identity:${appId}:${identity}`;
      wait = Math.max(wait, this.waitFor(key, count, IDENTITY_EVENTS_PER_MINUTE, now));
    }

    return wait;
  }

  take(appId: string, identities: string[], now = Date.now()): void {
    if (identities.length === 0) return;
    this.record(`app:${appId}`, identities.length, now);
    for (const [identity, count] of tally(identities)) {
      this.record(`identity:${appId}:${identity}`, count, now);
    }
    if (this.spent.size > SWEEP_ABOVE_KEYS) this.sweep(now);
  }

  private waitFor(key: string, count: number, limit: number, now: number): number {
    const entries = this.live(key, now);
    const used = entries.reduce((sum, entry) => sum + entry.count, 0);
    if (used + count <= limit) return 0;

    let freed = 0;
    for (const entry of entries) {
      freed += entry.count;
      if (used - freed + count <= limit) return entry.at + MINUTE_MS - now;
    }

    return MINUTE_MS;
  }

  private record(key: string, count: number, now: number): void {
    this.spent.set(key, [...this.live(key, now), { at: now, count }]);
  }

  private live(key: string, now: number): Spent[] {
    return (this.spent.get(key) ?? []).filter((entry) => entry.at > now - MINUTE_MS);
  }

  private sweep(now: number): void {
    for (const key of this.spent.keys()) {
      if (this.live(key, now).length === 0) this.spent.delete(key);
    }
  }
}

function tally(identities: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  identities.forEach((identity) => counts.set(identity, (counts.get(identity) ?? 0) + 1));

  return counts;
}
