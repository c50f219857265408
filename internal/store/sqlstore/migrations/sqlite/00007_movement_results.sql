-- +goose Up
-- What the members achieved in a movement, as the year-end report states it.
ALTER TABLE movements ADD COLUMN results TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE movements DROP COLUMN results;
