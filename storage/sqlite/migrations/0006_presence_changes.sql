-- The presence change log (package presence's ChangeFeed): one row per
-- presence write that changed an agent's Record, holding the Record as
-- JSON, numbered in commit order. Every process that opens the file reads
-- it, so a Watch sees the writes of other processes too. seq is the rowid,
-- assigned as max + 1 inside the write transaction (one writer at a time),
-- so the numbers have no gaps; writers prune all but the newest rows.
CREATE TABLE presence_changes (
	seq    INTEGER NOT NULL PRIMARY KEY,
	record TEXT    NOT NULL
) STRICT;
