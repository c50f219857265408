-- +goose Up
-- The year-end dossier (issue 11): a schedule per bloc, the record of every
-- run, and the archive of dossier versions. A version's files are blobs
-- (the same store as upload bytes); its rows are written only after every
-- blob is durable, so a version that is listed is complete.
CREATE TABLE dossier_schedules (
    bloc_id    INTEGER PRIMARY KEY REFERENCES blocs(id),
    cron       TEXT    NOT NULL,              -- five fields, in time_zone
    time_zone  TEXT    NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
    enabled    INTEGER NOT NULL DEFAULT 1,
    -- the newest scheduled time that was run (or deliberately passed):
    -- a time after it and before now was missed and is caught up once.
    last_fired TEXT    NOT NULL DEFAULT '',
    updated_at TEXT    NOT NULL,
    updated_by TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE dossier_versions (
    id          INTEGER PRIMARY KEY,
    bloc_id     INTEGER NOT NULL REFERENCES blocs(id),
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL,             -- 1, 2, … per bloc-year
    fingerprint TEXT    NOT NULL,             -- of every input: data, templates, fonts, generator
    generator   TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    run_id      INTEGER,
    zip_name    TEXT    NOT NULL,
    zip_sha256  TEXT    NOT NULL,
    zip_size    INTEGER NOT NULL,
    manifest    TEXT    NOT NULL,             -- manifest.json as in the ZIP
    UNIQUE (bloc_id, year, number),
    UNIQUE (bloc_id, year, fingerprint)
);

CREATE TABLE dossier_files (
    version_id INTEGER NOT NULL REFERENCES dossier_versions(id),
    position   INTEGER NOT NULL,
    name       TEXT    NOT NULL,              -- path inside the ZIP
    kind       TEXT    NOT NULL,
    unit       TEXT    NOT NULL DEFAULT '',
    format     TEXT    NOT NULL,
    sha256     TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    input      TEXT    NOT NULL DEFAULT '',   -- fingerprint of what it was built from
    PRIMARY KEY (version_id, position)
);
CREATE INDEX dossier_files_by_sha ON dossier_files (sha256);

CREATE TABLE dossier_runs (
    id          INTEGER PRIMARY KEY,
    bloc_id     INTEGER NOT NULL REFERENCES blocs(id),
    year        INTEGER NOT NULL,
    trigger     TEXT    NOT NULL,             -- schedule, catch-up, manual, retry, command
    attempt     INTEGER NOT NULL DEFAULT 1,
    status      TEXT    NOT NULL,             -- queued, running, succeeded, failed
    error       TEXT    NOT NULL DEFAULT '',
    requested_by TEXT   NOT NULL DEFAULT '',
    owner       TEXT    NOT NULL DEFAULT '',  -- the process that runs it
    queued_at   TEXT    NOT NULL,
    started_at  TEXT    NOT NULL DEFAULT '',
    finished_at TEXT    NOT NULL DEFAULT '',
    version_id  INTEGER REFERENCES dossier_versions(id),
    new_version INTEGER NOT NULL DEFAULT 0,
    files       INTEGER NOT NULL DEFAULT 0,
    warnings    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dossier_runs_by_year ON dossier_runs (bloc_id, year, id);

-- One runner per bloc-year across processes and replicas: whoever holds
-- an unexpired lease builds; a crashed holder's lease expires and is taken.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,
    expires_at TEXT NOT NULL                  -- RFC 3339, UTC, sortable
);

-- +goose Down
DROP TABLE leases;
DROP TABLE dossier_runs;
DROP TABLE dossier_files;
DROP TABLE dossier_versions;
DROP TABLE dossier_schedules;
