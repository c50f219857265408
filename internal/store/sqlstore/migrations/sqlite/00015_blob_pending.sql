-- +goose Up
-- Blobs noted before they are stored and before any record names them:
-- the only files the start-up sweep may delete (those still unnamed a day
-- later). noted_at is Unix time in seconds, compared as a number.
CREATE TABLE blob_pending (
    sha256   TEXT    PRIMARY KEY,
    noted_at INTEGER NOT NULL
);

-- +goose Down
DROP TABLE blob_pending;
