-- A command's first and final states are read from its own row (sent_at, state, finished_at); only
-- progress and late answers keep rows here. Drop the copies the first schema wrote.
DELETE FROM command_events WHERE state IN ('sent', 'not_connected', 'success', 'failed', 'timeout', 'disconnected', 'interrupted');
