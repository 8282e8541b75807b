-- Issue 15: every chat and console query served by an index however long the history, and the indexes
-- the retention sweep walks. (auto_vacuum cannot change inside a transaction: see store/vacuum-mode.ts.)

-- History by agent walks the requests that named the agent (request_agents below; a request to `all`
-- is one row '*') and looks its command up by (request_id, agent_id): no index is keyed by agent on
-- commands, since a broadcast would then write one entry at a place of its own per agent (what 006
-- removed). Commands sent without a request (none today: the dispatcher always has one) are few:
CREATE INDEX commands_direct_agent ON commands (agent_id) WHERE request_id IS NULL;
CREATE INDEX commands_direct_command ON commands (command) WHERE request_id IS NULL;

-- History and audit by person (named by id or by the name shown in the trail), by command, or both.
CREATE INDEX requests_command ON requests (command);
CREATE INDEX requests_actor ON requests (actor_id);
CREATE INDEX requests_actor_command ON requests (actor_id, command);
CREATE INDEX requests_actor_name ON requests (actor_name COLLATE NOCASE);
CREATE INDEX requests_actor_name_command ON requests (actor_name COLLATE NOCASE, command);

-- The agents a request named, for the audit by agent (it replaces a json_each walk over every request).
-- A request to `all` names every connected agent: one row '*' stands for them.
CREATE TABLE request_agents (
  agent_id   TEXT NOT NULL,
  request_id INTEGER NOT NULL,
  PRIMARY KEY (agent_id, request_id)
) WITHOUT ROWID;
CREATE INDEX request_agents_request ON request_agents (request_id);
INSERT OR IGNORE INTO request_agents (agent_id, request_id)
  SELECT '*', id FROM requests WHERE lower(trim(target)) IN ('all', '*');
INSERT OR IGNORE INTO request_agents (agent_id, request_id)
  SELECT j.value, r.id FROM requests r, json_each(r.agents) j
  WHERE lower(trim(r.target)) NOT IN ('all', '*') AND json_valid(r.agents) AND typeof(j.value) = 'text';

-- The audit by agent, by person, by kind, by command.
CREATE INDEX audit_agent ON audit (agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX audit_actor ON audit (actor_id);
CREATE INDEX audit_actor_name ON audit (actor_name COLLATE NOCASE);
CREATE INDEX audit_kind ON audit (kind);
CREATE INDEX audit_command ON audit (command) WHERE command IS NOT NULL;

-- /keys without an agent: newest first.
CREATE INDEX session_keys_received ON session_keys (received_at DESC, id DESC);
CREATE INDEX session_keys_agent_received ON session_keys (agent_id, received_at DESC, id DESC);

-- What retention needs: each agent's newest payout snapshot (it always stays), a schedule run's
-- request (a request a kept run points to stays), unknown messages by age.
CREATE INDEX payout_snapshots_agent_id ON payout_snapshots (agent_id, id);
CREATE INDEX schedule_runs_request ON schedule_runs (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX agent_messages_at ON agent_messages (at);
