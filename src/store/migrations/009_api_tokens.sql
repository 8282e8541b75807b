-- API tokens belong to a person (a Discord member, or the operator at the console). Only a hash of the
-- token is kept: the token itself is shown once when it is made. A revoked token keeps its row (the
-- audit trail names it), so names are unique only among tokens not revoked.
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  level TEXT NOT NULL CHECK (level IN ('viewer', 'operator', 'admin')),
  approver INTEGER NOT NULL DEFAULT 0,
  owner_id TEXT NOT NULL,
  owner_name TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER,
  last_used_at INTEGER
);
CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens (name) WHERE revoked_at IS NULL;

-- The first answer to a POST with an Idempotency-Key, per token, kept 24 h: a retry gets it again and
-- nothing is sent twice. `status` 0 marks a key whose first request is still being answered.
CREATE TABLE idempotency_keys (
  token_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  body_digest TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (token_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
