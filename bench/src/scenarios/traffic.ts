import { HeapEmulator, KommoEmulator } from '../../../test/src/emulators';
import { waitUntil } from '../support/time';

export interface TrafficCounts {
  kommoRequests: number;
  kommo429: number;
  heapRequests: number;
  heapRequestsByPath: Record<string, number>;
  /** Events Heap acknowledged but dropped as repeats of an idempotency key. */
  heapDuplicateEvents: number;
}

/** What the backend asked of Kommo and Heap from now on. */
export function trafficSince(kommo: KommoEmulator, heap: HeapEmulator): () => TrafficCounts {
  const kommoFrom = kommo.requests.length;
  const heapFrom = heap.requests.length;
  const duplicatesFrom = heap.duplicateEvents.length;

  return () => {
    const kommoRequests = kommo.requests.slice(kommoFrom);
    const heapRequests = heap.requests.slice(heapFrom);
    const byPath: Record<string, number> = {};
    for (const request of heapRequests) byPath[request.path] = (byPath[request.path] ?? 0) + 1;

    return {
      kommoRequests: kommoRequests.length,
      kommo429: kommoRequests.filter((request) => request.status === 429).length,
      heapRequests: heapRequests.length,
      heapRequestsByPath: byPath,
      heapDuplicateEvents: heap.duplicateEvents.length - duplicatesFrom,
    };
  };
}

/** When Heap first received each deal's won event, read from the emulator as events arrive. */
export class WonArrivals {
  readonly at = new Map<number, number>();
  private read = 0;

  constructor(private readonly heap: HeapEmulator) {}

  update(): Map<number, number> {
    const events = this.heap.events;
    for (; this.read < events.length; this.read++) {
      const event = events[this.read];
      const dealId = Number(event.properties.deal_id);
      if (event.event === 'crm_deal_won' && !this.at.has(dealId)) {
        this.at.set(dealId, event.receivedAt);
      }
    }

    return this.at;
  }

  /** True once every deal arrived; false when the timeout passes first. */
  waitFor(dealIds: number[], timeoutMs: number): Promise<boolean> {
    return waitUntil(
      () => {
        const arrived = this.update();

        return dealIds.every((id) => arrived.has(id));
      },
      timeoutMs,
      250,
    );
  }
}
