-- +goose Up
-- For demo data: what of the year is real and where it comes from, quoted
-- by the documents' note on illustrative figures.
ALTER TABLE bloc_years ADD COLUMN demo_real TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE bloc_years DROP COLUMN demo_real;
