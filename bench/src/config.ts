/** Every knob of `pnpm bench`, read once from the environment. */
export interface BenchConfig {
  quick: boolean;
  scenarios: ScenarioName[];
  kommoLatencyMs: number;
  heapLatencyMs: number;
  /** A Postgres server to create the scenarios' databases on; unset starts an embedded one. */
  databaseUrl: string | undefined;
  /** Passed to the backend as KOMMO_MAX_RPS when set; else the backend's default applies. */
  kommoMaxRps: number | undefined;
  logLevel: string;
  intakeRates: number[];
  intakeStepSeconds: number;
  /** p99 acknowledgement that ends the ramp. */
  intakeP99LimitMs: number;
  endToEndRate: number;
  endToEndSeconds: number;
  burstLeads: number;
  backfillDeals: number;
  /** Writes a V8 CPU profile of each backend process to bench/results/profiles. */
  cpuProfile: boolean;
}

export const SCENARIOS = ['intake', 'end-to-end', 'burst', 'backfill'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

const DEFAULT_RATES = [
  100, 200, 300, 400, 500, 650, 800, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 6500, 8000,
];

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = flag(env.BENCH_QUICK);
  const scenarios = list(env.BENCH_SCENARIOS) ?? [...SCENARIOS];
  const unknown = scenarios.filter((name) => !SCENARIOS.includes(name as ScenarioName));
  if (unknown.length) throw new Error(`BENCH_SCENARIOS: unknown ${unknown.join(', ')}`);

  return {
    quick,
    scenarios: scenarios as ScenarioName[],
    kommoLatencyMs: number(env, 'BENCH_KOMMO_LATENCY_MS', 50),
    heapLatencyMs: number(env, 'BENCH_HEAP_LATENCY_MS', 50),
    databaseUrl: env.BENCH_DATABASE_URL || env.DATABASE_URL || undefined,
    kommoMaxRps: env.BENCH_KOMMO_MAX_RPS ? number(env, 'BENCH_KOMMO_MAX_RPS', 6) : undefined,
    logLevel: env.BENCH_LOG_LEVEL || 'info',
    intakeRates: (list(env.BENCH_INTAKE_RATES) ?? DEFAULT_RATES.map(String)).map(Number),
    intakeStepSeconds: number(env, 'BENCH_INTAKE_STEP_SECONDS', quick ? 3 : 10),
    intakeP99LimitMs: number(env, 'BENCH_INTAKE_P99_LIMIT_MS', 250),
    endToEndRate: number(env, 'BENCH_E2E_RATE', 50),
    endToEndSeconds: number(env, 'BENCH_E2E_SECONDS', quick ? 10 : 60),
    burstLeads: number(env, 'BENCH_BURST_LEADS', 5000),
    backfillDeals: number(env, 'BENCH_BACKFILL_DEALS', quick ? 2500 : 10_000),
    cpuProfile: flag(env.BENCH_CPU_PROFILE),
  };
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`);

  return value;
}

function flag(raw: string | undefined): boolean {
  return raw !== undefined && !['', '0', 'false', 'no'].includes(raw.toLowerCase());
}

function list(raw: string | undefined): string[] | undefined {
  const items = raw
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

  return items?.length ? items : undefined;
}
