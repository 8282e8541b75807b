-- Schedules: an agent command run on a cron expression, acting for the person who set it up, under the
-- standing authorization (a request with a purpose) that the policy granted when it was created or changed.

CREATE TABLE schedules (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL COLLATE NOCASE UNIQUE,
  cron             TEXT NOT NULL,
  timezone         TEXT NOT NULL,          -- IANA zone the cron expression is read in
  target           TEXT NOT NULL,          -- as written: an agent, a list, or all (resolved at each run)
  command          TEXT NOT NULL,
  params           TEXT NOT NULL,          -- JSON object, as the catalog validated it
  channel_id       TEXT,                   -- where outcomes are posted; NULL: the alerts channel
  owner_id         TEXT NOT NULL,          -- runs act for this person
  owner_name       TEXT NOT NULL,
  via              TEXT NOT NULL,          -- where it was set up: console | discord
  state            TEXT NOT NULL,          -- active | paused | awaiting_approval | not_approved
  authorization_id INTEGER REFERENCES requests (id),
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  armed_at         INTEGER,                -- since when its ticks count: missed runs are looked for after this
  last_fired_at    INTEGER
);
CREATE INDEX schedules_authorization ON schedules (authorization_id);

-- What became of each tick: a run (with its request), an overlap skipped, a refusal, or the runs missed
-- while mserver was down (one row for the whole gap: `ticks` says how many, `finished_at` the last).
CREATE TABLE schedule_runs (
  id          INTEGER PRIMARY KEY,
  schedule_id INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
  fired_at    INTEGER NOT NULL,
  state       TEXT NOT NULL,               -- running | ran | skipped_overlap | refused | missed | interrupted
  run_by      TEXT,                        -- NULL: the cron; else who asked to run it now
  request_id  INTEGER REFERENCES requests (id),
  tally       TEXT,                        -- JSON: final state -> number of agents
  error       TEXT,
  ticks       INTEGER NOT NULL DEFAULT 1,
  finished_at INTEGER
);
CREATE INDEX schedule_runs_schedule ON schedule_runs (schedule_id, id DESC);
CREATE INDEX schedule_runs_running ON schedule_runs (state) WHERE state = 'running';
