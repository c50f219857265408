-- +goose Up
-- When a year's reports are due to the bloc (a JSON document, see
-- domain.Deadlines); the covenant signed the year before states them.
ALTER TABLE bloc_years ADD COLUMN deadlines TEXT NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE bloc_years DROP COLUMN deadlines;
