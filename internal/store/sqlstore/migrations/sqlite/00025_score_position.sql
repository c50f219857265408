-- +goose Up
-- A mark's place in its sheet, in the criteria's order: sheets were read
-- back in insertion order by SQLite's rowid, which another database does
-- not have; the order is now a column of its own.
ALTER TABLE scores ADD COLUMN pos INTEGER NOT NULL DEFAULT 0;
UPDATE scores SET pos = rowid;

-- +goose Down
ALTER TABLE scores DROP COLUMN pos;
