import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime; 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms; null without /proc. */
export function cpuMs(pid: number): number | null {
  const fields = statFields(pid);

  return fields ? ticksToMs(fields[11], fields[12]) : null;
}

/**
 * CPU time of the Postgres server whose command line names `dataDir` and of all its backends,
 * live or exited (the server counts the children it has reaped), in ms; null if not found.
 */
export function postgresCpuMs(dataDir: string): number | null {
  const pids = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
  const server = pids.find((pid) => commandLine(pid).includes(dataDir));
  const fields = server === undefined ? null : statFields(server);
  if (!fields) return null;
  let total = ticksToMs(fields[11], fields[12], fields[13], fields[14]);
  for (const pid of pids) {
    const child = statFields(pid);
    if (child?.[1] === String(server)) total += ticksToMs(child[11], child[12]);
  }

  return total;
}

function ticksToMs(...ticks: string[]): number {
  return (ticks.reduce((sum, value) => sum + Number(value), 0) * 1000) / TICKS_PER_SECOND;
}

/** The fields after the command name in /proc/<pid>/stat: [0] is the state, [1] the parent. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');

    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}
