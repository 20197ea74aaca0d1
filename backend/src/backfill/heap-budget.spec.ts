import { APP_EVENTS_PER_MINUTE, HeapBudget, IDENTITY_EVENTS_PER_MINUTE } from './heap-budget';

const people = (count: number, prefix = 'u') =>
  Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('HeapBudget', () => {
  it('lets events through while the app and every identity have room', () => {
    const budget = new HeapBudget();

    expect(budget.waitMs('1', people(250), 0)).toBe(0);
    budget.take('1', people(250), 0);
    expect(budget.waitMs('1', people(250, 'v'), 1000)).toBe(0);
  });

  it('waits for the oldest events of the app to leave the minute', () => {
    const budget = new HeapBudget();
    budget.take('1', people(APP_EVENTS_PER_MINUTE - 100), 1_000);
    budget.take('1', people(100, 'late'), 5_000);

    expect(budget.waitMs('1', people(50, 'new'), 10_000)).toBe(51_000);
    expect(budget.waitMs('2', people(50, 'new'), 10_000)).toBe(0);
    expect(budget.waitMs('1', people(50, 'new'), 61_001)).toBe(0);
  });

  it('waits when one identity would get more than its share of the minute', () => {
    const budget = new HeapBudget();
    const same = Array.from({ length: IDENTITY_EVENTS_PER_MINUTE }, () => 'reseller@example.com');
    budget.take('1', same, 0);

    expect(budget.waitMs('1', ['reseller@example.com'], 20_000)).toBe(40_000);
    expect(budget.waitMs('1', ['someone@example.com'], 20_000)).toBe(0);
  });
});
