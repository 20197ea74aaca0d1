import { INestApplicationContext } from '@nestjs/common';
import { BackfillProgressDto, SYNC_KINDS } from '@heap-sync/shared';
import { Presets, SingleBar } from 'cli-progress';
import { InstallationsService } from '../installations/installations.service';
import { SettingsService } from '../installations/settings.service';
import { BackfillService } from './backfill.service';
import { BackfillsRepository } from './backfills.repository';

export const USAGE =
  'Usage: pnpm --filter @heap-sync/backend backfill -- --account <id> [--dry-run]';

export interface CliOptions {
  accountId: number;
  dryRun: boolean;
}

export interface CliOutput {
  /** The report and messages (stdout). */
  write(text: string): void;
  /** Where the progress bar goes (stderr), drawn only on a terminal. */
  bar: NodeJS.WritableStream & { isTTY?: boolean };
  /** Resolves when the user asks to stop (Ctrl-C). */
  stopped: Promise<void>;
  pollMs?: number;
}

/** `--account 42`, `--account=42`, `--dry-run`; a bare `--` (from pnpm) is ignored. */
export function parseArgs(argv: string[]): CliOptions | { error: string } {
  let accountId: number | null = null;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    if (flag === '--') continue;
    if (flag === '--dry-run') dryRun = true;
    else if (flag === '--account') {
      const value = inline ?? argv[++i];
      accountId = /^\d+$/.test(value ?? '') ? Number(value) : null;
      if (accountId === null) return { error: '--account needs a Kommo account id' };
    } else return { error: `Unknown argument ${argv[i]}` };
  }

  return accountId === null ? { error: '--account is required' } : { accountId, dryRun };
}

/**
 * Starts the account's backfill, or joins the one that is running (so a stopped run continues),
 * and follows it with a progress bar until its events are delivered. Returns the exit code.
 */
export async function runBackfillCli(
  app: INestApplicationContext,
  options: CliOptions,
  out: CliOutput,
): Promise<number> {
  const installation = await app.get(InstallationsService).findByAccountId(options.accountId);
  if (!installation || installation.status !== 'active') {
    out.write(`No active installation for Kommo account ${options.accountId}\n`);

    return 1;
  }
  if (!(await app.get(SettingsService).forSync(installation.id))) {
    out.write('The account has no settings yet: save them in the widget first\n');

    return 1;
  }

  const service = app.get(BackfillService);
  const { backfill, created } = await service.start(installation.id, {
    dryRun: options.dryRun,
    trigger: 'cli',
    userId: null,
  });
  if (!created && backfill.dryRun !== options.dryRun) {
    out.write(`A ${backfill.dryRun ? 'dry run' : 'backfill'} of this account is running\n`);

    return 1;
  }
  const what = options.dryRun ? 'Dry run' : 'Backfill';
  out.write(`${what} ${backfill.id} ${created ? 'started' : 'continues'}\n`);

  const progress = await follow(app, installation.id, backfill.id, out);
  if (!progress) {
    out.write('Stopped. Run the same command to continue; a running server continues it too.\n');

    return 130;
  }
  out.write(formatReport(progress));

  return progress.status === 'done' ? 0 : 1;
}

/** Polls until the backfill ends and its records are delivered, or the user stops it. */
async function follow(
  app: INestApplicationContext,
  installationId: string,
  id: string,
  out: CliOutput,
): Promise<BackfillProgressDto | null> {
  const repo = app.get(BackfillsRepository);
  const service = app.get(BackfillService);
  const bar = new SingleBar(
    {
      stream: out.bar,
      format: '{bar} {value}/{of} deals | {rate}/min | {left} left | Heap: {heap}',
      noTTYOutput: false,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let stop = false;
  void out.stopped.then(() => (stop = true));
  bar.start(1, 0, { of: '?', rate: '-', left: '?', heap: '-' });
  try {
    for (;;) {
      const progress = await service.progress((await repo.find(installationId, id))!);
      // Kommo gives no total up front: until one is known the bar shows a page more to come.
      bar.setTotal(progress.dealsTotal ?? progress.dealsDone + 250);
      bar.update(progress.dealsDone, {
        of: progress.dealsTotal ?? '?',
        rate: progress.dealsPerMinute ?? '-',
        left: progress.secondsLeft === null ? '?' : `${progress.secondsLeft}s`,
        heap: progress.delivery
          ? `${progress.delivery.synced} sent, ${progress.delivery.pending} pending`
          : 'dry run',
      });
      const delivered = !progress.delivery || progress.delivery.pending === 0;
      if (progress.status === 'failed' || (progress.status === 'done' && delivered)) {
        return progress;
      }
      // Deciding is over: what is left is delivery, which any worker finishes.
      if (stop) return progress.status === 'done' ? progress : null;
      await new Promise((resolve) => setTimeout(resolve, out.pollMs ?? 500));
    }
  } finally {
    bar.stop();
  }
}

export function formatReport(progress: BackfillProgressDto): string {
  const { report } = progress;
  const verb = progress.dryRun ? 'would send' : 'sent';
  const lines = [
    `${progress.dryRun ? 'Dry run' : 'Backfill'} ${progress.status}: ${progress.dealsDone} deals` +
      ` read in ${progress.kommoRequests} Kommo requests`,
    `Events ${verb}: ${SYNC_KINDS.map((kind) => `${kind} ${report.send[kind]}`).join(', ')}`,
    `Already in Heap: ${report.alreadySynced}`,
    ...reasons('Skipped', report.skipped),
    ...reasons('Invalid', report.invalid),
  ];
  if (progress.delivery) {
    const { synced, pending, failed } = progress.delivery;
    lines.push(`Heap delivery: ${synced} synced, ${pending} pending, ${failed} failed`);
  }
  if (progress.errors.count > 0) {
    lines.push(`Errors: ${progress.errors.count}, last: ${progress.errors.last}`);
  }
  if (progress.dryRun && report.samples.length > 0) {
    lines.push('Sample payloads:', ...report.samples.map((sample) => JSON.stringify(sample)));
  }

  return `${lines.join('\n')}\n`;
}

function reasons(label: string, counts: Record<string, number>): string[] {
  return Object.entries(counts).map(([reason, count]) => `${label}: ${count} (${reason})`);
}
