-- The dashboard (issue 17). A session survives a restart, but only a SHA-256 of its id (the cookie) is
-- kept, so a copy of the database opens no session. The CSRF token is not a credential on its own (it
-- is useless without the cookie) and is kept as is, so the page can be given it again.
CREATE TABLE web_sessions (
  -- AUTOINCREMENT: an id is never reused, since a session is its own Idempotency-Key scope (-id).
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  hash        TEXT NOT NULL UNIQUE,
  csrf        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('console', 'discord')),
  actor_id    TEXT NOT NULL,
  actor_name  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);

-- One-time login links printed by the console's `web-login` (hashes only). A used link keeps its row
-- until it expires, so a second click is told "used" rather than "invalid".
CREATE TABLE web_login_links (
  hash        TEXT PRIMARY KEY,
  actor_id    TEXT NOT NULL,
  actor_name  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
);
CREATE INDEX web_login_links_expires ON web_login_links (expires_at);
