-- +goose Up
-- When the bloc last changed a sheet's marks (the secretariat's "điểm
-- Khối chấm"): the dashboard warns when a board's newer upload came after.
ALTER TABLE score_sheets ADD COLUMN marked_at TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE score_sheets DROP COLUMN marked_at;
