-- +goose Up
-- The awards the members themselves received in a year or its first half
-- (from the Prime Minister, the ministry, their province): the year-end
-- report lists them, a board's half-year report its own.
CREATE TABLE honours (
    id        INTEGER PRIMARY KEY,
    bloc_id   INTEGER NOT NULL REFERENCES blocs(id),
    year      INTEGER NOT NULL,
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    period    TEXT    NOT NULL,              -- year, h1
    form      TEXT    NOT NULL,              -- "Bằng khen của Thủ tướng Chính phủ"
    recipient TEXT    NOT NULL DEFAULT '',   -- empty: the board itself; else who ("ông Nguyễn Văn A, Phó Trưởng ban", "05 cá nhân")
    decision  TEXT    NOT NULL DEFAULT ''    -- "Quyết định số 123/QĐ-TTg ngày 01/3/2024"
);
CREATE INDEX honours_by_year ON honours (bloc_id, year, unit_id, id);

-- +goose Down
DROP TABLE honours;
