-- +goose Up
-- When the year-end conference is expected while it is not held: the
-- documents are dated (and name the ministry and units) by it.
ALTER TABLE bloc_years ADD COLUMN expected_date TEXT NOT NULL DEFAULT '';

-- +goose Down
SELECT 1;
