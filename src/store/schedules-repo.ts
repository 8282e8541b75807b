// Schedules and their run history. Definitions are written at once (they are rare and a reply depends
// on them); a schedule's runs keep one row per tick, so `show` can say what happened and when.
import type { Via } from '../core/ports.ts';
import type { Db } from './database.ts';
import { fromJsonColumn } from './json-column.ts';

export type ScheduleState = 'active' | 'paused' | 'awaiting_approval' | 'not_approved';
export type ScheduleRunState = 'running' | 'ran' | 'skipped_overlap' | 'refused' | 'missed' | 'interrupted';

/** What a person sets: everything a changed schedule needs a new authorization for, and its channel. */
export interface ScheduleDefinition {
  name: string;
  cron: string;
  timezone: string;
  target: string;
  command: string;
  params: Record<string, unknown>;
  channelId: string | null;
}

export interface ScheduleRecord extends ScheduleDefinition {
  id: number;
  ownerId: string;
  ownerName: string;
  via: Via;
  state: ScheduleState;
  authorizationId: number | null;
  createdAt: number;
  updatedAt: number;
  armedAt: number | null;
  lastFiredAt: number | null;
}

export interface ScheduleRunRecord {
  id: number;
  scheduleId: number;
  firedAt: number;
  state: ScheduleRunState;
  runBy: string | null;
  requestId: number | null;
  tally: Record<string, number> | null;
  error: string | null;
  ticks: number;
  finishedAt: number | null;
}

interface Row {
  id: number;
  name: string;
  cron: string;
  timezone: string;
  target: string;
  command: string;
  params: string;
  channel_id: string | null;
  owner_id: string;
  owner_name: string;
  via: Via;
  state: ScheduleState;
  authorization_id: number | null;
  created_at: number;
  updated_at: number;
  armed_at: number | null;
  last_fired_at: number | null;
}

interface RunRow {
  id: number;
  schedule_id: number;
  fired_at: number;
  state: ScheduleRunState;
  run_by: string | null;
  request_id: number | null;
  tally: string | null;
  error: string | null;
  ticks: number;
  finished_at: number | null;
}

const toRecord = (r: Row): ScheduleRecord => ({
  id: r.id,
  name: r.name,
  cron: r.cron,
  timezone: r.timezone,
  target: r.target,
  command: r.command,
  params: (fromJsonColumn(r.params) ?? {}) as Record<string, unknown>,
  channelId: r.channel_id,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  via: r.via,
  state: r.state,
  authorizationId: r.authorization_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  armedAt: r.armed_at,
  lastFiredAt: r.last_fired_at,
});

const toRun = (r: RunRow): ScheduleRunRecord => ({
  id: r.id,
  scheduleId: r.schedule_id,
  firedAt: r.fired_at,
  state: r.state,
  runBy: r.run_by,
  requestId: r.request_id,
  tally: (fromJsonColumn(r.tally) as Record<string, number> | undefined) ?? null,
  error: r.error,
  ticks: r.ticks,
  finishedAt: r.finished_at,
});

export interface NewSchedule extends ScheduleDefinition {
  ownerId: string;
  ownerName: string;
  via: Via;
  state: ScheduleState;
  authorizationId: number | null;
  armedAt: number | null;
  at: number;
}

/** A new definition, owner and authorization for an existing schedule. */
export type ScheduleChange = Omit<NewSchedule, 'name'>;

export interface NewScheduleRun {
  scheduleId: number;
  firedAt: number;
  state: ScheduleRunState;
  runBy?: string | null | undefined;
  requestId?: number | null | undefined;
  error?: string | null | undefined;
  ticks?: number | undefined;
  finishedAt?: number | null | undefined;
}

/** The columns a definition, its owner and its authorization fill (add and change alike). */
function columns(s: ScheduleChange) {
  return {
    cron: s.cron,
    timezone: s.timezone,
    target: s.target,
    command: s.command,
    params: JSON.stringify(s.params),
    channel_id: s.channelId,
    owner_id: s.ownerId,
    owner_name: s.ownerName,
    via: s.via,
    state: s.state,
    authorization_id: s.authorizationId,
    armed_at: s.armedAt,
    at: s.at,
  };
}

export function createSchedulesRepo(db: Db) {
  const insert = db.prepare(`
    INSERT INTO schedules (name, cron, timezone, target, command, params, channel_id, owner_id, owner_name, via, state,
                           authorization_id, created_at, updated_at, armed_at)
    VALUES (@name, @cron, @timezone, @target, @command, @params, @channel_id, @owner_id, @owner_name, @via, @state,
            @authorization_id, @at, @at, @armed_at)`);
  const change = db.prepare(`
    UPDATE schedules SET cron = @cron, timezone = @timezone, target = @target, command = @command, params = @params,
      channel_id = @channel_id, owner_id = @owner_id, owner_name = @owner_name, via = @via, state = @state,
      authorization_id = @authorization_id, armed_at = @armed_at, updated_at = @at
    WHERE id = @id`);
  const get = db.prepare('SELECT * FROM schedules WHERE id = ?');
  const byName = db.prepare('SELECT * FROM schedules WHERE name = ?');
  const byAuthorization = db.prepare('SELECT * FROM schedules WHERE authorization_id = ?');
  const list = db.prepare('SELECT * FROM schedules ORDER BY name');
  const setState = db.prepare('UPDATE schedules SET state = @state, armed_at = COALESCE(@armed_at, armed_at), updated_at = @at WHERE id = @id');
  const fired = db.prepare('UPDATE schedules SET last_fired_at = @at WHERE id = @id');
  // Not updated_at: an armed job compares it to know whether its definition changed, and a renewed
  // approval changes nothing the job runs.
  const setAuthorization = db.prepare('UPDATE schedules SET authorization_id = @authorization_id WHERE id = @id');
  const remove = db.prepare('DELETE FROM schedules WHERE id = ?');
  const insertRun = db.prepare(`
    INSERT INTO schedule_runs (schedule_id, fired_at, state, run_by, request_id, error, ticks, finished_at)
    VALUES (@schedule_id, @fired_at, @state, @run_by, @request_id, @error, @ticks, @finished_at)`);
  const setRunRequest = db.prepare('UPDATE schedule_runs SET request_id = @request_id WHERE id = @id');
  const finishRun = db.prepare(
    'UPDATE schedule_runs SET state = @state, tally = @tally, error = @error, finished_at = @finished_at WHERE id = @id',
  );
  const runs = db.prepare('SELECT * FROM schedule_runs WHERE schedule_id = ? ORDER BY id DESC LIMIT ?');
  const latestRuns = db.prepare('SELECT * FROM schedule_runs WHERE id IN (SELECT MAX(id) FROM schedule_runs GROUP BY schedule_id)');
  const interrupt = db.prepare("UPDATE schedule_runs SET state = 'interrupted', finished_at = ? WHERE state = 'running'");

  return {
    add(s: NewSchedule): number {
      return Number(insert.run({ ...columns(s), name: s.name }).lastInsertRowid);
    },
    change(id: number, s: ScheduleChange): void {
      change.run({ ...columns(s), id });
    },
    get(id: number): ScheduleRecord | undefined {
      const row = get.get(id) as Row | undefined;
      return row ? toRecord(row) : undefined;
    },
    /** Names are unique whatever their case. */
    byName(name: string): ScheduleRecord | undefined {
      const row = byName.get(name) as Row | undefined;
      return row ? toRecord(row) : undefined;
    },
    byAuthorization(requestId: number): ScheduleRecord | undefined {
      const row = byAuthorization.get(requestId) as Row | undefined;
      return row ? toRecord(row) : undefined;
    },
    list(): ScheduleRecord[] {
      return (list.all() as Row[]).map(toRecord);
    },
    /** `armedAt` is kept when not given. */
    setState(id: number, state: ScheduleState, at: number, armedAt?: number): void {
      setState.run({ id, state, at, armed_at: armedAt ?? null });
    },
    /** A renewed standing approval replaces the old one; the definition and its arming stay. */
    setAuthorization(id: number, authorizationId: number): void {
      setAuthorization.run({ id, authorization_id: authorizationId });
    },
    fired(id: number, at: number): void {
      fired.run({ id, at });
    },
    remove(id: number): boolean {
      return remove.run(id).changes === 1;
    },
    addRun(r: NewScheduleRun): number {
      return Number(
        insertRun.run({
          schedule_id: r.scheduleId,
          fired_at: r.firedAt,
          state: r.state,
          run_by: r.runBy ?? null,
          request_id: r.requestId ?? null,
          error: r.error ?? null,
          ticks: r.ticks ?? 1,
          finished_at: r.finishedAt ?? null,
        }).lastInsertRowid,
      );
    },
    setRunRequest(runId: number, requestId: number): void {
      setRunRequest.run({ id: runId, request_id: requestId });
    },
    finishRun(runId: number, r: { state: ScheduleRunState; tally?: Record<string, number> | undefined; error?: string | undefined; finishedAt: number }): void {
      finishRun.run({ id: runId, state: r.state, tally: r.tally ? JSON.stringify(r.tally) : null, error: r.error ?? null, finished_at: r.finishedAt });
    },
    /** Newest first. */
    runs(scheduleId: number, limit = 10): ScheduleRunRecord[] {
      return (runs.all(scheduleId, limit) as RunRow[]).map(toRun);
    },
    /** The newest run of each schedule, by schedule id. */
    latestRuns(): Map<number, ScheduleRunRecord> {
      return new Map((latestRuns.all() as RunRow[]).map((r) => [r.schedule_id, toRun(r)]));
    },
    /** Runs that were going when mserver stopped; returns how many. */
    markInterrupted(at: number): number {
      return interrupt.run(at).changes;
    },
  };
}

export type SchedulesRepo = ReturnType<typeof createSchedulesRepo>;
