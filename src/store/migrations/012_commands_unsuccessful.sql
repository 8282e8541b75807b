-- Issue 15: the API's and the dashboard's history filtered by an outcome (`state=failed`, `timeout`,
-- `not_connected`...) served by an index rather than a walk back through every command until enough
-- failures turn up (seconds on a year of history, for a filter an operator reaches for at 3 a.m.).
-- Partial: only commands that ended without success have an entry, written when they finish; the rows
-- of a healthy broadcast (sent, then success) never touch it. Ordered by state then rowid, so one
-- outcome's newest come first.
CREATE INDEX commands_unsuccessful ON commands (state) WHERE state NOT IN ('sent', 'progress', 'success');
