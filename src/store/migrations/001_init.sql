-- The first schema: agents, the command audit trail, session keys, summaries and payouts, settings.
-- Times are Unix epoch milliseconds. JSON columns hold text produced by JSON.stringify.

CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE agents (
  id              TEXT PRIMARY KEY,
  host_name       TEXT,
  version         TEXT,
  containers      TEXT,              -- JSON array of container names, as last reported
  address         TEXT,
  first_seen      INTEGER NOT NULL,
  last_seen       INTEGER NOT NULL,
  connected       INTEGER NOT NULL DEFAULT 0,
  connected_at    INTEGER,
  disconnected_at INTEGER,
  last_summary    TEXT,              -- JSON of the latest summary's data
  last_summary_at INTEGER
);

-- Messages of types mserver does not handle: the last one per agent and type.
CREATE TABLE agent_messages (
  agent_id TEXT NOT NULL,
  type     TEXT NOT NULL,
  at       INTEGER NOT NULL,
  body     TEXT NOT NULL,
  count    INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (agent_id, type)
);

-- One row per request made by a person, a schedule or the system, whatever became of it. A request
-- waiting for a confirmation or an approval lives here: the buttons in Discord carry its id.
CREATE TABLE requests (
  id               INTEGER PRIMARY KEY,
  command          TEXT NOT NULL,
  target           TEXT NOT NULL,
  agents           TEXT NOT NULL,     -- JSON array of the agent ids the target named when asked
  params           TEXT NOT NULL,
  risk             TEXT NOT NULL,
  digest           TEXT NOT NULL,     -- sha256 of command, agents and params: what a decision is bound to
  actor_id         TEXT NOT NULL,
  actor_name       TEXT NOT NULL,
  via              TEXT NOT NULL,
  state            TEXT NOT NULL,
  reason           TEXT,
  approvals_needed INTEGER NOT NULL DEFAULT 0,
  expires_at       INTEGER,
  origin           TEXT,              -- JSON: where the requester is (channel, interaction), for transports
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX requests_created ON requests (created_at DESC);
CREATE INDEX requests_waiting ON requests (expires_at) WHERE state IN ('awaiting_confirmation', 'awaiting_approval');

-- Decisions on requests that need approval: one per approver.
CREATE TABLE approval_votes (
  request_id INTEGER NOT NULL REFERENCES requests (id),
  actor_id   TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  decision   TEXT NOT NULL,             -- approve | deny
  at         INTEGER NOT NULL,
  PRIMARY KEY (request_id, actor_id)
);

-- One row per command frame sent (or not sendable) to one agent.
CREATE TABLE commands (
  id          TEXT PRIMARY KEY,
  request_id  INTEGER REFERENCES requests (id),
  agent_id    TEXT NOT NULL,
  command     TEXT NOT NULL,
  params      TEXT NOT NULL,
  state       TEXT NOT NULL,
  progress    TEXT,
  sent_at     INTEGER NOT NULL,
  finished_at INTEGER,
  result      TEXT,
  error       TEXT,
  truncated   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX commands_agent ON commands (agent_id, sent_at DESC);
CREATE INDEX commands_request ON commands (request_id);
CREATE INDEX commands_open ON commands (state) WHERE state IN ('sent', 'progress');

-- Every state a command went through, with its time; late answers are kept here too.
CREATE TABLE command_events (
  id         INTEGER PRIMARY KEY,
  command_id TEXT NOT NULL,
  state      TEXT NOT NULL,
  at         INTEGER NOT NULL,
  detail     TEXT
);
CREATE INDEX command_events_command ON command_events (command_id);

-- Session keys as reported by key_update: history, never overwritten.
CREATE TABLE session_keys (
  id          INTEGER PRIMARY KEY,
  agent_id    TEXT NOT NULL,
  container   TEXT NOT NULL,
  session_key TEXT NOT NULL,
  action      TEXT,
  command_id  TEXT,
  solicited   INTEGER NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX session_keys_agent ON session_keys (agent_id, container, received_at DESC);

-- Payout state per agent, one row each time it changes (not per summary).
CREATE TABLE payout_snapshots (
  id                   INTEGER PRIMARY KEY,
  agent_id             TEXT NOT NULL,
  at                   INTEGER NOT NULL,
  stash                TEXT,
  active_era           INTEGER,
  unclaimed_count      INTEGER,
  oldest_unclaimed_era INTEGER,
  eras_left            INTEGER,
  digest               TEXT NOT NULL,
  payout_info          TEXT NOT NULL
);
CREATE INDEX payout_snapshots_agent ON payout_snapshots (agent_id, at DESC);

-- Security and policy events: refused agents, refused requests, decisions.
CREATE TABLE audit (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  request_id INTEGER,
  actor_id   TEXT,
  actor_name TEXT,
  via        TEXT,
  agent_id   TEXT,
  command    TEXT,
  detail     TEXT
);
CREATE INDEX audit_at ON audit (at DESC);
CREATE INDEX audit_request ON audit (request_id);
