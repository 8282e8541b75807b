-- Agent identity (issue 13): each agent id is held by one credential. `kind` says how the agent proves
-- itself: 'own' (a token of its own, stored here only as its sha256), 'fleet' (the shared enrolment
-- token) or 'none' (MCLIENT_AUTH=none). `state`: pending (waits for an admin; never commanded), active,
-- revoked (its token refused), rejected (an admin said no to the enrolment).
-- A rotated token keeps working until old_expires_at or until the new one is used; fleet_until is the
-- same grace for an agent moved from the fleet token to its own.
CREATE TABLE agent_credentials (
  agent_id       TEXT PRIMARY KEY,
  state          TEXT NOT NULL CHECK (state IN ('pending', 'active', 'revoked', 'rejected')),
  kind           TEXT NOT NULL CHECK (kind IN ('own', 'fleet', 'none')),
  token_hash     TEXT UNIQUE,
  old_token_hash TEXT UNIQUE,
  old_expires_at INTEGER,
  fleet_until    INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  decided_by     TEXT,
  last_address   TEXT,
  last_seen      INTEGER
);

-- Agents known before identity shipped keep working: they are accepted, on the fleet token.
INSERT INTO agent_credentials (agent_id, state, kind, created_at, updated_at, last_address, last_seen)
  SELECT id, 'active', 'fleet', first_seen, last_seen, address, last_seen FROM agents;

-- A forgotten (decommissioned) agent leaves the lists and `all`; its history stays.
ALTER TABLE agents ADD COLUMN forgotten_at INTEGER;
