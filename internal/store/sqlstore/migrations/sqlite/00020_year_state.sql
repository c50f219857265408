-- +goose Up
-- A bloc-year's life beyond its settings (domain.YearState): the version
-- of the data its documents are built from, advanced by every write of
-- that data in the write's own transaction, and whether the year is
-- closed (after its conference) with the last reopening. A row appears at
-- a year's first write; no row reads as version 0, open.
CREATE TABLE year_state (
    bloc_id       INTEGER NOT NULL REFERENCES blocs(id),
    year          INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0,
    closed_at     TEXT    NOT NULL DEFAULT '',
    closed_by     TEXT    NOT NULL DEFAULT '',
    reopened_at   TEXT    NOT NULL DEFAULT '',
    reopened_by   TEXT    NOT NULL DEFAULT '',
    reopen_reason TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (bloc_id, year)
);

-- +goose Down
DROP TABLE year_state;
