-- +goose Up
-- Next year's settings that only hold the leader and deputy elected at
-- this year's conference do not open next year: a year exists when
-- someone opens it (its members, or its settings put for it).
ALTER TABLE bloc_years ADD COLUMN election_only INTEGER NOT NULL DEFAULT 0;
-- Rows made so far by the conference form alone: no members, nothing
-- but the roles set.
UPDATE bloc_years SET election_only = 1
WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.bloc_id = bloc_years.bloc_id AND m.year = bloc_years.year)
  AND conference_date = '' AND expected_date = '' AND conference_place = '' AND guidance = '' AND regulation = ''
  AND doc_numbers IN ('{}', 'null', '') AND chairs IN ('[]', 'null', '');

-- +goose Down
SELECT 1;
