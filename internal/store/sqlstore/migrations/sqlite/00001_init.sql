-- +goose Up
-- Organisations keep every name they ever had; documents pick the one valid
-- at their date. entity is 'bloc', 'bloc_parent', 'bloc_department',
-- 'unit' or 'unit_province'.
CREATE TABLE blocs (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE
);

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL DEFAULT '',
    merged_into TEXT NOT NULL DEFAULT '',
    merged_on   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE names (
    entity     TEXT    NOT NULL,
    owner_id   INTEGER NOT NULL,
    valid_from TEXT    NOT NULL DEFAULT '',
    full_name  TEXT    NOT NULL,
    short_name TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (entity, owner_id, valid_from)
);

CREATE TABLE memberships (
    bloc_id    INTEGER NOT NULL REFERENCES blocs(id),
    year       INTEGER NOT NULL,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    ord        INTEGER NOT NULL DEFAULT 0,
    head_name  TEXT    NOT NULL DEFAULT '',
    head_title TEXT    NOT NULL DEFAULT '',
    staff      INTEGER,
    PRIMARY KEY (bloc_id, year, unit_id),
    UNIQUE (unit_id, year)
);

-- Year roles and settings; lists and maps are JSON documents.
CREATE TABLE bloc_years (
    bloc_id          INTEGER NOT NULL REFERENCES blocs(id),
    year             INTEGER NOT NULL,
    leader_id        INTEGER REFERENCES units(id),
    deputy_id        INTEGER REFERENCES units(id),
    host_id          INTEGER REFERENCES units(id),
    conference_date  TEXT NOT NULL DEFAULT '',
    conference_time  TEXT NOT NULL DEFAULT '',
    conference_place TEXT NOT NULL DEFAULT '',
    chairs           TEXT NOT NULL DEFAULT '[]',
    guests           TEXT NOT NULL DEFAULT '[]',
    doc_numbers      TEXT NOT NULL DEFAULT '{}',
    award_rule       TEXT NOT NULL DEFAULT '{}',
    demo             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bloc_id, year)
);

-- Money and other decimals are stored exactly as thousandths (INTEGER);
-- NULL means not reported.
CREATE TABLE indicators (
    unit_id                   INTEGER NOT NULL REFERENCES units(id),
    year                      INTEGER NOT NULL,
    period                    TEXT    NOT NULL CHECK (period IN ('year', 'h1')),
    new_projects              INTEGER,
    capital_increase_projects INTEGER,
    registered_capital_milli  INTEGER,
    fdi_capital_milli         INTEGER,
    export_import_milli       INTEGER,
    revenue_milli             INTEGER,
    budget_milli              INTEGER,
    workers                   INTEGER,
    staff                     INTEGER,
    demo                      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, year, period)
);

CREATE TABLE movements (
    id          INTEGER PRIMARY KEY,
    bloc_id     INTEGER NOT NULL REFERENCES blocs(id),
    year        INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    period      TEXT    NOT NULL DEFAULT '',
    launched_by TEXT    NOT NULL DEFAULT ''
);

-- A criteria set is versioned as a whole; body is the JSON of the tree.
CREATE TABLE criteria_sets (
    id          INTEGER PRIMARY KEY,
    bloc_id     INTEGER NOT NULL REFERENCES blocs(id),
    year        INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    fingerprint TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    UNIQUE (bloc_id, year, version)
);

CREATE TABLE scores (
    set_id     INTEGER NOT NULL REFERENCES criteria_sets(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    code       TEXT    NOT NULL,
    self_milli INTEGER,
    bloc_milli INTEGER,
    remark     TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (set_id, unit_id, code)
);

CREATE TABLE score_sheets (
    set_id       INTEGER NOT NULL REFERENCES criteria_sets(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    submitted_at TEXT    NOT NULL,
    demo         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (set_id, unit_id)
);

CREATE TABLE votes (
    bloc_id   INTEGER NOT NULL REFERENCES blocs(id),
    year      INTEGER NOT NULL,
    subject   TEXT    NOT NULL,
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    votes_for INTEGER NOT NULL DEFAULT 0,
    against   INTEGER NOT NULL DEFAULT 0,
    voters    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bloc_id, year, subject, unit_id)
);

CREATE TABLE award_decisions (
    bloc_id INTEGER NOT NULL REFERENCES blocs(id),
    year    INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    kind    TEXT    NOT NULL,
    source  TEXT    NOT NULL DEFAULT 'decided',
    PRIMARY KEY (bloc_id, year, unit_id)
);

-- unit_id 0 holds the bloc's own texts.
CREATE TABLE narratives (
    bloc_id INTEGER NOT NULL REFERENCES blocs(id),
    year    INTEGER NOT NULL,
    unit_id INTEGER NOT NULL DEFAULT 0,
    key     TEXT    NOT NULL,
    body    TEXT    NOT NULL,
    PRIMARY KEY (bloc_id, year, unit_id, key)
);

-- +goose Down
DROP TABLE narratives;
DROP TABLE award_decisions;
DROP TABLE votes;
DROP TABLE score_sheets;
DROP TABLE scores;
DROP TABLE criteria_sets;
DROP TABLE movements;
DROP TABLE indicators;
DROP TABLE bloc_years;
DROP TABLE memberships;
DROP TABLE names;
DROP TABLE units;
DROP TABLE blocs;
