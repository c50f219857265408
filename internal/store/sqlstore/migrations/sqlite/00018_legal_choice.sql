-- +goose Up
-- The legal bases a bloc-year adds to, or removes from, the dated set its
-- documents cite (JSON: {"added": […], "removed": […]}).
ALTER TABLE bloc_years ADD COLUMN legal TEXT NOT NULL DEFAULT '{}';

-- +goose Down
SELECT 1;
