-- +goose Up
-- The documents a bloc-year's papers cite: the ministry's guidance letter of
-- the year and the bloc's own regulation (free text, as cited).
ALTER TABLE bloc_years ADD COLUMN guidance TEXT NOT NULL DEFAULT '';
ALTER TABLE bloc_years ADD COLUMN regulation TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE bloc_years DROP COLUMN regulation;
ALTER TABLE bloc_years DROP COLUMN guidance;
