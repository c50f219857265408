-- +goose Up
-- The version of the blocs' and units' names and kinds, advanced by every
-- write of them in its own transaction: every document names them, so a
-- cached document's key holds it with its bloc-year's versions.
CREATE TABLE org_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO org_state (id, version) VALUES (1, 0);

-- +goose Down
DROP TABLE org_state;
