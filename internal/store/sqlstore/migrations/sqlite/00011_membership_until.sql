-- +goose Up
-- A member that left during a year (a board merged into another on 1 July
-- 2025) is kept as that year's member until its last day: it has the
-- half-year's documents, not the year's.
ALTER TABLE memberships ADD COLUMN until TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE memberships DROP COLUMN until;
