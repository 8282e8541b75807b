-- A request can ask for permission instead of a run: a schedule is authorized once, when it is created
-- or changed, and its runs act under that grant. `purpose` says what the grant is for (NULL: a run).
ALTER TABLE requests ADD COLUMN purpose TEXT;
