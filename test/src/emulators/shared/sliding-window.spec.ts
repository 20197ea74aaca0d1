import { maxInWindow, SlidingWindow } from './sliding-window';

describe('SlidingWindow', () => {
  it('admits up to the limit inside the window and again once hits leave it', () => {
    const window = new SlidingWindow(1000, 2);

    expect([0, 10, 20].map((at) => window.tryAcquire(at))).toEqual([true, true, false]);
    expect(window.tryAcquire(999)).toBe(false);
    expect(window.tryAcquire(1000)).toBe(true);
  });

  it('weighs hits for event counts', () => {
    const window = new SlidingWindow(60_000, 1000);

    expect(window.tryAcquire(0, 999)).toBe(true);
    expect(window.canAcquire(1, 2)).toBe(false);
    expect(window.tryAcquire(1, 1)).toBe(true);
  });
});

describe('maxInWindow', () => {
  it('finds the busiest second', () => {
    expect(maxInWindow([0, 100, 999, 1000, 1500, 1600, 1700])).toBe(5);
    expect(maxInWindow([0, 1000, 2000])).toBe(1);
    expect(maxInWindow([])).toBe(0);
  });
});
