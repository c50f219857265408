-- +goose Up
-- A year's plan (the targets a board registers at its start) is a third
-- period of the key indicators, beside the year and its first half: the
-- reports say how much of it was reached. SQLite cannot change a CHECK, so
-- the table is rebuilt with the same rows.
CREATE TABLE indicators_new (
    unit_id                   INTEGER NOT NULL REFERENCES units(id),
    year                      INTEGER NOT NULL,
    period                    TEXT    NOT NULL CHECK (period IN ('year', 'h1', 'plan')),
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
INSERT INTO indicators_new SELECT unit_id, year, period, new_projects, capital_increase_projects, registered_capital_milli, fdi_capital_milli,
    export_import_milli, revenue_milli, budget_milli, workers, staff, demo FROM indicators;
DROP TABLE indicators;
ALTER TABLE indicators_new RENAME TO indicators;

-- +goose Down
DELETE FROM indicators WHERE period = 'plan';
