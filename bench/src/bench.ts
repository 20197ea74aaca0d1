/**
 * `pnpm bench`: the built backend on a real Postgres between the Kommo and Heap emulators, loaded
 * from a separate process. Writes bench/results/latest.json and latest.md. Exits 1 only when a
 * scenario could not run; a missed target is a finding, not a failure.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BenchConfig, loadBenchConfig, ScenarioName } from './config';
import { LoadClient } from './load/load-client';
import { MachineWatch } from './report/machine';
import { renderMarkdown } from './report/markdown';
import { BenchResults } from './report/results';
import { evaluateTargets } from './report/targets';
import { runBackfill } from './scenarios/backfill.scenario';
import { runBurst } from './scenarios/burst.scenario';
import { runEndToEnd } from './scenarios/end-to-end.scenario';
import { runIntake } from './scenarios/intake.scenario';
import { ScenarioContext } from './scenarios/scenario-context';
import { ensureResultDirs, RESULTS_DIR } from './stack/paths';
import { startPostgres } from './stack/postgres';

type Measured = Omit<BenchResults, 'targets' | 'finishedAt' | 'machine'>;

const RUNNERS: Record<ScenarioName, (ctx: ScenarioContext, into: Measured) => Promise<void>> = {
  intake: async (ctx, into) => void (into.intake = await runIntake(ctx)),
  'end-to-end': async (ctx, into) => void (into.endToEnd = await runEndToEnd(ctx)),
  burst: async (ctx, into) => void (into.burst = await runBurst(ctx)),
  backfill: async (ctx, into) => void (into.backfill = await runBackfill(ctx)),
};

async function main(): Promise<number> {
  const config = loadBenchConfig();
  ensureResultDirs();
  const machine = new MachineWatch();
  const log = (message: string) => console.log(`[bench] ${message}`);
  log(`scenarios: ${config.scenarios.join(', ')}${config.quick ? ' (quick)' : ''}`);

  const postgres = await startPostgres(config.databaseUrl);
  const load = new LoadClient();
  const measured: Measured = {
    startedAt: new Date().toISOString(),
    quick: config.quick,
    settings: settingsOf(config, postgres.kind),
    errors: {},
  };
  try {
    for (const name of config.scenarios) {
      try {
        await RUNNERS[name]({ config, postgres, load, log }, measured);
      } catch (error) {
        measured.errors[name] = (error as Error).stack ?? String(error);
        console.error(`[bench] ${name} failed: ${(error as Error).message}`);
      }
    }
  } finally {
    load.close();
    await postgres.stop();
  }

  const results: BenchResults = {
    ...measured,
    machine: machine.finish(),
    finishedAt: new Date().toISOString(),
    targets: evaluateTargets(measured),
  };
  await writeFile(path.join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderMarkdown(results);
  await writeFile(path.join(RESULTS_DIR, 'latest.md'), markdown);
  console.log(`\n${markdown}`);
  log(`written to ${path.relative(process.cwd(), RESULTS_DIR)}/latest.{json,md}`);

  return Object.keys(results.errors).length ? 1 : 0;
}

function settingsOf(config: BenchConfig, postgres: 'given' | 'embedded'): BenchResults['settings'] {
  return {
    kommoLatencyMs: config.kommoLatencyMs,
    heapLatencyMs: config.heapLatencyMs,
    kommoMaxRps: config.kommoMaxRps ?? 6,
    logLevel: config.logLevel,
    postgres,
  };
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`[bench] failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
