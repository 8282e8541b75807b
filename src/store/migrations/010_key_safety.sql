-- Validator safety (issue 19). Two nodes holding the same session keys equivocate and get slashed, so
-- mserver remembers which public keys each agent/container last showed it, follows each key hand-over
-- until the new keys are active, and keeps the next step of an alert as a button that survives restarts.

-- The session public keys last seen per agent and container: one row per key type (the concatenated
-- keys of rotate_keys/key_update are kept whole as `session_keys`; has_key answers name their type).
CREATE TABLE key_sightings (
  agent_id   TEXT NOT NULL,
  container  TEXT NOT NULL,
  key_type   TEXT NOT NULL,              -- session_keys | babe | gran | ... (as the agent or catalog named it)
  public_key TEXT NOT NULL,              -- lower-case 0x hex, as seen
  source     TEXT NOT NULL,              -- key_update | check_keys | has_session_keys | has_key | rotate_keys
  seen_at    INTEGER NOT NULL,
  PRIMARY KEY (agent_id, container, key_type)
);
CREATE INDEX key_sightings_key ON key_sightings (public_key);

-- A key hand-over: rotated (pending) -> session.setKeys sent (submitted) -> two sessions later (done).
CREATE TABLE key_handovers (
  id           INTEGER PRIMARY KEY,
  agent_id     TEXT NOT NULL,
  container    TEXT NOT NULL,
  session_key  TEXT NOT NULL,
  stash        TEXT,                      -- as given or reported; NULL while unknown
  state        TEXT NOT NULL,             -- pending | submitted | done | superseded
  rotated_by   TEXT NOT NULL,
  rotated_at   INTEGER NOT NULL,
  submitted_by TEXT,
  submitted_at INTEGER,
  done_at      INTEGER,
  chain_state  TEXT,                      -- NULL (no chain reader) | confirmed | mismatch | unreachable
  chain_at     INTEGER
);
CREATE INDEX key_handovers_open ON key_handovers (agent_id, container) WHERE state IN ('pending', 'submitted');

-- The buttons under an alert: the request each one builds, kept here because a button id holds 100 chars.
CREATE TABLE alert_actions (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL,               -- command | handover_submitted
  label      TEXT NOT NULL,
  command    TEXT,
  target     TEXT NOT NULL,
  params     TEXT NOT NULL,               -- JSON object
  created_at INTEGER NOT NULL
);

-- What the approver must read besides the requester's reason: the duplicate an override would run past,
-- or the hand-over a stop would cut short. Written by mserver, never by the requester.
ALTER TABLE requests ADD COLUMN warning TEXT;
