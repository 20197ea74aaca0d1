/**
 * Counts weighted hits inside a sliding time window. Only admitted hits are kept, so a client
 * that keeps hammering is let through again once its earlier successes leave the window.
 */
export class SlidingWindow {
  private hits: Array<{ at: number; weight: number }> = [];

  constructor(
    private readonly windowMs: number,
    private readonly limit: number,
  ) {}

  canAcquire(now: number, weight = 1): boolean {
    const since = now - this.windowMs;
    this.hits = this.hits.filter((hit) => hit.at > since);
    const used = this.hits.reduce((sum, hit) => sum + hit.weight, 0);

    return used + weight <= this.limit;
  }

  tryAcquire(now: number, weight = 1): boolean {
    if (!this.canAcquire(now, weight)) return false;
    this.hits.push({ at: now, weight });

    return true;
  }
}

/** Largest number of timestamps that fall inside any window of `windowMs` (inclusive start). */
export function maxInWindow(timestamps: number[], windowMs = 1000): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }

  return best;
}
