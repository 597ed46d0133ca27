/**
 * Where the CPU of a load run went, read from Linux's /proc: the whole
 * machine's busy time, one process's, and PostgreSQL's (every process named
 * postgres). Divided by the requests served it says what one page costs each
 * party, which on a machine of two cores shared by the server, PostgreSQL and
 * the load generator bounds the rate more than any single one of them.
 * Elsewhere than Linux the readings are null and the note leaves them out.
 */
import fs from 'node:fs';

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
const MS_PER_TICK = 10;

export interface CpuReading {
  machineMs: number;
  serverMs: number;
  postgresMs: Map<number, number>;
}

function machineBusyMs(): number {
  // cpu user nice system idle iowait irq softirq steal …: all but idle and iowait are work.
  const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const ticks = fields.map(Number);
  return (ticks.reduce((sum, t) => sum + t, 0) - ticks[3] - ticks[4]) * MS_PER_TICK;
}

/** utime + stime of a process (fields 14 and 15 of /proc/<pid>/stat, counted after the command name). */
function processMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

/** CPU time of each PostgreSQL process, by pid: a backend that ends during the run takes its time with it, so deltas are per process. */
function postgresMs(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') byPid.set(Number(entry), processMs(Number(entry)));
    } catch {
      // the process ended while the list was read
    }
  }
  return byPid;
}

export function readCpu(serverPid: number): CpuReading | null {
  if (!fs.existsSync('/proc/stat')) return null;
  return { machineMs: machineBusyMs(), serverMs: processMs(serverPid), postgresMs: postgresMs() };
}

/** What the PostgreSQL processes alive at the end spent since the start (all of it for those started since). */
function postgresSpent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** "CPU per request: server 4.1 ms, PostgreSQL 2.3 ms, whole machine 11.8 ms", or null without readings. */
export function cpuPerRequest(before: CpuReading | null, after: CpuReading | null, requests: number): string | null {
  if (!before || !after || requests <= 0) return null;
  const per = (ms: number) => `${(ms / requests).toFixed(1)} ms`;
  return `CPU per request: server ${per(after.serverMs - before.serverMs)}, PostgreSQL ${per(postgresSpent(before.postgresMs, after.postgresMs))}, whole machine ${per(after.machineMs - before.machineMs)}`;
}
