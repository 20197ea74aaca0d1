// Each entity kind gets its own id range, so a lead id passed where a contact id belongs
// finds nothing instead of silently matching.
const STARTS = {
  lead: 10_000_001,
  contact: 20_000_001,
  note: 30_000_001,
  task: 40_000_001,
  webhook: 5_000_001,
  pipeline: 7_000_001,
  status: 60_000_001,
  field: 900_001,
  enum: 800_001,
} as const;

export type IdKind = keyof typeof STARTS;

export class IdSequence {
  private readonly current = new Map<IdKind, number>();

  next(kind: IdKind): number {
    const value = this.current.get(kind) ?? STARTS[kind];
    this.current.set(kind, value + 1);

    return value;
  }
}
