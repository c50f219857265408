-- +goose Up
-- What each board writes of its half-year (period 'h1') and its year
-- ('year'), by field: a JSON object field key -> text. One row per board
-- and period, with where the texts stand (draft, sent, returned).
CREATE TABLE board_texts (
    bloc_id      INTEGER NOT NULL REFERENCES blocs(id),
    year         INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    period       TEXT    NOT NULL,
    fields       TEXT    NOT NULL DEFAULT '{}',
    state        TEXT    NOT NULL DEFAULT 'draft',
    illustrative INTEGER NOT NULL DEFAULT 0,
    updated_at   TEXT    NOT NULL DEFAULT '',
    updated_by   TEXT    NOT NULL DEFAULT '',
    sent_at      TEXT    NOT NULL DEFAULT '',
    sent_by      TEXT    NOT NULL DEFAULT '',
    comment      TEXT    NOT NULL DEFAULT '',
    returned_at  TEXT    NOT NULL DEFAULT '',
    returned_by  TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (bloc_id, year, unit_id, period)
);

-- A unit's mid-year texts were narratives of the unit (so-ket for its
-- results): they become its half-year texts, sent, field by field. The
-- narratives rows are kept as they were.
INSERT INTO board_texts (bloc_id, year, unit_id, period, fields, state)
SELECT bloc_id, year, unit_id, 'h1',
       json_group_object(CASE key WHEN 'so-ket' THEN 'thi-dua' ELSE key END, body), 'sent'
FROM narratives
WHERE unit_id <> 0 AND key IN ('so-ket', 'han-che', 'nguyen-nhan', 'phuong-huong', 'kien-nghi')
GROUP BY bloc_id, year, unit_id;

-- +goose Down
DROP TABLE board_texts;
