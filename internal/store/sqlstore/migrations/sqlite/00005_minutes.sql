-- +goose Up
-- What the minutes of the year-end meeting record beyond the settings:
-- end time, secretary, absent members, voting method and counting
-- committee (a JSON document, see domain.Minutes).
ALTER TABLE bloc_years ADD COLUMN minutes TEXT NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE bloc_years DROP COLUMN minutes;
