-- +goose NO TRANSACTION
-- +goose Up
-- A dossier may come back to the content of an older version (a change
-- made, then undone): that is a new version, so the fingerprint is no
-- longer unique per bloc-year (the newest version's is what a rerun is
-- compared with). SQLite cannot drop a constraint: the table is rebuilt the
-- way its documentation gives, foreign keys off while the children point
-- at it.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE dossier_versions_new (
    id          INTEGER PRIMARY KEY,
    bloc_id     INTEGER NOT NULL REFERENCES blocs(id),
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    fingerprint TEXT    NOT NULL,
    generator   TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    run_id      INTEGER,
    zip_name    TEXT    NOT NULL,
    zip_sha256  TEXT    NOT NULL,
    zip_size    INTEGER NOT NULL,
    manifest    TEXT    NOT NULL,
    UNIQUE (bloc_id, year, number)
);
INSERT INTO dossier_versions_new SELECT id, bloc_id, year, number, fingerprint, generator, created_at, run_id, zip_name, zip_sha256, zip_size, manifest FROM dossier_versions;
DROP TABLE dossier_versions;
ALTER TABLE dossier_versions_new RENAME TO dossier_versions;
CREATE INDEX dossier_versions_by_fingerprint ON dossier_versions (bloc_id, year, fingerprint);
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
SELECT 1;
