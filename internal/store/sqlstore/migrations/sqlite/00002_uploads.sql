-- +goose Up
-- Every workbook received is kept byte for byte before anything is derived
-- from it, accepted or not. Blobs live behind their own table so that an
-- object store can take them over later.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size   INTEGER NOT NULL,
    data   BLOB    NOT NULL
);

CREATE TABLE uploads (
    id          INTEGER PRIMARY KEY,
    bloc_id     INTEGER NOT NULL REFERENCES blocs(id),
    year        INTEGER NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    sha256      TEXT    NOT NULL REFERENCES blobs(sha256),
    size        INTEGER NOT NULL,
    filename    TEXT    NOT NULL DEFAULT '',
    uploader    TEXT    NOT NULL DEFAULT '',
    received_at TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'received', -- received, accepted, rejected
    errors      TEXT    NOT NULL DEFAULT '[]',
    set_id      INTEGER
);
CREATE INDEX uploads_by_unit ON uploads (bloc_id, year, unit_id, id);

-- +goose Down
DROP TABLE uploads;
DROP TABLE blobs;
