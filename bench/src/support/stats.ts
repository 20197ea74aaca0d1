export interface Summary {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Exact percentiles (nearest rank) of every sample, rounded to 0.1 ms. */
export function summarize(samples: number[]): Summary | null {
  if (samples.length === 0) return null;
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number) => round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]);
  const total = sorted.reduce((sum, value) => sum + value, 0);

  return {
    count: sorted.length,
    p50: rank(0.5),
    p90: rank(0.9),
    p95: rank(0.95),
    p99: rank(0.99),
    max: round(sorted[sorted.length - 1]),
    mean: round(total / sorted.length),
  };
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;

  return Math.round(value * scale) / scale;
}
