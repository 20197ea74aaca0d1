import { SlidingWindow } from '../shared/sliding-window';

// HD track-1, add-user-properties, bulk-track. Heap reportedly uses a leaky bucket; a sliding
// window over the documented period is the strict reading of the same numbers.
const SINGLE = { windowMs: 30_000, limit: 30 };
const BULK_PER_IDENTITY = { windowMs: 60_000, limit: 1000 };
const BULK_PER_APP = { windowMs: 60_000, limit: 15_000 };

export class HeapLimits {
  private readonly windows = new Map<string, SlidingWindow>();

  /** Single track and single add_user_properties: 30 requests / 30 s per identity per app. */
  allowSingle(kind: 'track' | 'user_properties', appId: string, identity: string, now: number) {
    return this.window(`${kind}|${appId}|${identity}`, SINGLE).tryAcquire(now);
  }

  /** Bulk track is all or nothing: every identity and the app must have room for its events. */
  allowBulk(appId: string, identities: string[], now: number): boolean {
    const perIdentity = new Map<string, number>();
    identities.forEach((id) => perIdentity.set(id, (perIdentity.get(id) ?? 0) + 1));
    const appWindow = this.window(`bulk|${appId}`, BULK_PER_APP);
    const checks: Array<[SlidingWindow, number]> = [
      [appWindow, identities.length],
      ...[...perIdentity].map(([id, count]): [SlidingWindow, number] => [
        this.window(`bulk|${appId}|${id}`, BULK_PER_IDENTITY),
        count,
      ]),
    ];
    if (!checks.every(([window, weight]) => window.canAcquire(now, weight))) return false;
    checks.forEach(([window, weight]) => window.tryAcquire(now, weight));

    return true;
  }

  reset(): void {
    this.windows.clear();
  }

  private window(key: string, rule: { windowMs: number; limit: number }) {
    let window = this.windows.get(key);
    if (!window) {
      window = new SlidingWindow(rule.windowMs, rule.limit);
      this.windows.set(key, window);
    }

    return window;
  }
}
