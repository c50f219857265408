-- +goose Up
-- Links to set a forgotten password: single-use, short-lived, kept only
-- as the hash of the secret the message carried.
CREATE TABLE password_resets (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    used_at    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX password_resets_by_user ON password_resets (user_id);

-- Reminders sent: one per deadline (what is due, its date) and board,
-- claimed before the message leaves, so that no board is reminded twice
-- of one deadline however many replicas or clicks try.
CREATE TABLE reminders (
    bloc       TEXT    NOT NULL,
    year       INTEGER NOT NULL,
    due        TEXT    NOT NULL, -- domain.Due key
    due_date   TEXT    NOT NULL, -- YYYY-MM-DD
    unit       TEXT    NOT NULL,
    sent_at    TEXT    NOT NULL,
    sent_by    TEXT    NOT NULL,
    recipients INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bloc, year, due, due_date, unit)
);

-- +goose Down
DROP TABLE reminders;
DROP TABLE password_resets;
