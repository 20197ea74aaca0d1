import { PropertyValue } from './heap-validation';

export interface HeapEvent {
  appId: string;
  identity: string | null;
  userId: string | null;
  event: string;
  properties: Record<string, PropertyValue>;
  /** As sent, or the arrival time when the sender gave none. */
  timestamp: string;
  idempotencyKey: string | null;
  sessionId: string | null;
  receivedAt: number;
}

export interface IdentifyRecord {
  appId: string;
  userId: string;
  identity: string;
  /** false when one of Heap's silent guard rails dropped it (HD identify-1). */
  applied: boolean;
  at: number;
}

type PropertyTable = Map<string, Map<string, Record<string, PropertyValue>>>;

const MONTH_MS = 30 * 24 * 3600 * 1000;

/** What Heap kept: events deduped per app by idempotency_key, properties last write wins. */
export class HeapStore {
  readonly events: HeapEvent[] = [];
  readonly duplicates: HeapEvent[] = [];
  readonly userProperties: PropertyTable = new Map();
  readonly accountProperties: PropertyTable = new Map();
  readonly identifies: IdentifyRecord[] = [];
  private readonly seenKeys = new Map<string, Set<string>>();

  /** A repeated idempotency_key is acknowledged but does not update data (HD track-1). */
  addEvent(event: HeapEvent): void {
    if (event.idempotencyKey !== null) {
      const seen = this.seenKeys.get(event.appId) ?? new Set<string>();
      this.seenKeys.set(event.appId, seen);
      if (seen.has(event.idempotencyKey)) {
        this.duplicates.push(event);

        return;
      }
      seen.add(event.idempotencyKey);
    }
    this.events.push(event);
  }

  mergeProperties(
    table: 'user' | 'account',
    appId: string,
    id: string,
    props: Record<string, PropertyValue>,
  ) {
    const target = table === 'user' ? this.userProperties : this.accountProperties;
    const app = target.get(appId) ?? new Map<string, Record<string, PropertyValue>>();
    target.set(appId, app);
    app.set(id, { ...app.get(id), ...props });
  }

  /** One identity per user_id, at most 10 user_ids per identity a month; both silent. */
  identify(appId: string, userId: string, identity: string, at: number): IdentifyRecord {
    const applied = this.identifies.filter((record) => record.appId === appId && record.applied);
    const owner = applied.find((record) => record.userId === userId);
    const recentIds = new Set(
      applied
        .filter((record) => record.identity === identity && record.at > at - MONTH_MS)
        .map((record) => record.userId),
    );
    const ok = owner ? owner.identity === identity : recentIds.size < 10;
    const record = { appId, userId, identity, applied: ok, at };
    this.identifies.push(record);
    if (record.applied) {
      this.events
        .filter((event) => event.appId === appId && event.userId === userId)
        .forEach((event) => (event.identity = identity));
    }

    return record;
  }

  reset(): void {
    this.events.length = 0;
    this.duplicates.length = 0;
    this.identifies.length = 0;
    this.userProperties.clear();
    this.accountProperties.clear();
    this.seenKeys.clear();
  }
}
