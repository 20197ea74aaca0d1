/**
 * Starts requests at least 1000 / `perSecond` ms apart, so Kommo never sees more than that many
 * in any second whatever the network does to their spacing. Each free start goes to the waiting
 * request with the lowest priority number, chosen when the start comes due: a limiter that books
 * the next start for whichever request arrives first made a sync batch's second read (contacts,
 * right after its leads) wait behind a note, a whole start later, on every batch.
 */
export class RequestPacer {
  private readonly gapMs: number;
  private lastStart = -Infinity;
  private readonly waiting: { priority: number; start: () => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.gapMs = Math.ceil(1000 / perSecond);
  }

  /** Resolves when a request may start, and counts that start. */
  acquire(priority: number): Promise<void> {
    return new Promise((start) => {
      const after = this.waiting.findIndex((entry) => entry.priority > priority);
      this.waiting.splice(after === -1 ? this.waiting.length : after, 0, { priority, start });
      this.drain();
    });
  }

  private drain(): void {
    if (this.timer || this.waiting.length === 0) return;
    const wait = this.lastStart + this.gapMs - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.drain();
      }, wait);

      return;
    }
    this.lastStart = this.now();
    this.waiting.shift()!.start();
    this.drain();
  }
}
