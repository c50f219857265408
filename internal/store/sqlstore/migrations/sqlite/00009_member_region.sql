-- +goose Up
-- The part of the bloc a member belongs to, as the bloc groups its members
-- (the year-end report lists them by region).
ALTER TABLE memberships ADD COLUMN region TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE memberships DROP COLUMN region;
