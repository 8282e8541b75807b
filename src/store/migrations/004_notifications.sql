-- Notifications: the outbox of Discord posts, each stored before it is sent so that nothing is lost while
-- Discord is away or mserver restarts; and the alert state per agent that must outlive a restart, so
-- that a restart neither re-alerts nor forgets an agent it reported offline.

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,   -- the order of posting, per channel
  channel_kind    TEXT,                  -- alerts | payouts | keys | approvals; NULL when given a channel id
  channel_id      TEXT NOT NULL,         -- resolved when enqueued
  payload         TEXT NOT NULL,         -- JSON {content?, embeds?}: what is posted
  dedupe_key      TEXT UNIQUE,           -- a notification that must exist once (the alert of one key_update)
  reply_to        TEXT,                  -- dedupe_key of the message this one answers, posted as a reply
  nonce           TEXT NOT NULL,         -- Discord's nonce with enforce_nonce: a repeated create returns the first post
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  sent_at         INTEGER,
  message_id      TEXT,                  -- Discord's id of the post
  failed_at       INTEGER                -- refused for good (a 4xx no retry can mend); kept with last_error
);
CREATE INDEX outbox_pending ON outbox (channel_id, id) WHERE sent_at IS NULL AND failed_at IS NULL;

CREATE TABLE alert_state (
  kind       TEXT NOT NULL,              -- payout | host
  agent_id   TEXT NOT NULL,
  state      TEXT NOT NULL,              -- JSON owned by the rules in src/core/notifications/
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (kind, agent_id)
);
