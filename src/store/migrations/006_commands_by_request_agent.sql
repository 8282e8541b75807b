-- The per-agent index (agent_id, sent_at) took one new entry per agent on every broadcast, at a place of
-- its own: once the history filled it, a broadcast to 10,000 agents rewrote some 10,000 of its pages
-- (tens of MB of WAL), and the insert grew slower with every broadcast kept. Entries keyed by request
-- first are appended at the end instead. History by agent, person or command walks the requests from the
-- newest and looks each one up here; the unfiltered history reads the table backwards (rowid order is
-- the order commands were sent); byRequest lists a request's commands in agent order from this index.
DROP INDEX commands_agent;
DROP INDEX commands_request;
CREATE INDEX commands_request_agent ON commands (request_id, agent_id);
