// Disk full, seen early (issue 15): the free space of the database's file system, checked at every
// retention sweep. Below DISK_WARN_FREE_MB: one alert in the alerts channel and one log line, once a day
// (UTC) while it lasts; the outbox's dedupe key keeps it to one a day across restarts too.
import { statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Clock } from '../core/ports.ts';
import type { Outbox } from './outbox.ts';

export interface DiskWatchDeps {
  databasePath: string;
  warnFreeMb: number;
  intervalMs: number;
  outbox: Pick<Outbox, 'enqueueNotice'>;
  clock: Clock;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Free bytes of the file system holding `dir` (tests give their own). */
  freeBytes?: (dir: string) => number;
}

export interface DiskWatch {
  /** One check now; returns the free MB seen. */
  check(): number | undefined;
  stop(): void;
}

const systemFreeBytes = (dir: string) => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};

export function startDiskWatch(deps: DiskWatchDeps): DiskWatch {
  const dir = dirname(resolve(deps.databasePath));
  const freeBytes = deps.freeBytes ?? systemFreeBytes;
  let warnedDay: string | undefined;

  function check(): number | undefined {
    if (deps.warnFreeMb === 0 || deps.databasePath === ':memory:') return undefined;
    let freeMb: number;
    try {
      freeMb = Math.floor(freeBytes(dir) / 1048576);
    } catch (err) {
      deps.log.error({ err, dir }, 'free disk space could not be read');
      return undefined;
    }
    if (freeMb >= deps.warnFreeMb) {
      if (warnedDay !== undefined) deps.log.info({ freeMb, dir }, 'disk space is above DISK_WARN_FREE_MB again');
      warnedDay = undefined;
      return freeMb;
    }
    const day = new Date(deps.clock.now()).toISOString().slice(0, 10);
    if (warnedDay === day) return freeMb;
    warnedDay = day;
    deps.log.warn({ freeMb, warnBelowMb: deps.warnFreeMb, dir }, 'disk space low: when the disk is full every command is refused and alerts stop');
    deps.outbox.enqueueNotice('alerts', { facts: { kind: 'disk_low', freeMb, warnMb: deps.warnFreeMb, path: deps.databasePath } }, { dedupeKey: `disk-low:${day}` });
    return freeMb;
  }

  const timer = setInterval(check, deps.intervalMs);
  timer.unref();
  const first = setTimeout(check, 0);
  first.unref();
  return {
    check,
    stop() {
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}
