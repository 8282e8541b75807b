-- Notices, transport-neutral (architecture point 3): every notification mserver decides to give, as its
-- facts, whether or not Discord is on. The API and the dashboard read these and write them in the
-- reader's language; the outbox keeps Discord's own rendered rows as before. Pruned by retention
-- (RETENTION_NOTICES_DAYS).
CREATE TABLE notices (
  id          INTEGER PRIMARY KEY,        -- newest first by id: ids grow with time
  at          INTEGER NOT NULL,
  kind        TEXT NOT NULL,              -- host_events, duplicate_key, ... (src/core/notice.ts)
  level       TEXT NOT NULL CHECK (level IN ('info', 'warning', 'critical')),
  channel     TEXT NOT NULL,              -- alerts | payouts | keys: the first channel it went to
  agent_id    TEXT,                       -- the one agent it is about; NULL for none or several
  facts       TEXT NOT NULL,              -- JSON: NoticeFacts
  dedupe_key  TEXT UNIQUE                 -- a notice enqueued twice (or to two channels) is one row
);
CREATE INDEX notices_level ON notices (level, id);
CREATE INDEX notices_agent ON notices (agent_id, id) WHERE agent_id IS NOT NULL;
CREATE INDEX notices_at ON notices (at);
