-- +goose Up
-- People who sign in, what they may do (grants), their sessions and API
-- tokens, failed log-ins (for throttling, shared by every replica) and the
-- audit log. Secrets are stored only as hashes.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE, -- lower case
    display_name  TEXT    NOT NULL DEFAULT '',
    password_hash TEXT    NOT NULL,        -- argon2id, PHC string
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT    NOT NULL,
    password_at   TEXT    NOT NULL
);

-- role: admin; secretariat of (bloc, year); board of unit; viewer.
CREATE TABLE grants (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role    TEXT    NOT NULL CHECK (role IN ('admin', 'secretariat', 'board', 'viewer')),
    bloc    TEXT    NOT NULL DEFAULT '',
    year    INTEGER NOT NULL DEFAULT 0,
    unit    TEXT    NOT NULL DEFAULT '',
    UNIQUE (user_id, role, bloc, year, unit)
);

CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY, -- SHA-256 of the cookie's value
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL,
    seen_at    TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,    -- absolute expiry
    address    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    grant_id   INTEGER NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
    name       TEXT    NOT NULL DEFAULT '',
    token_hash TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL,
    used_at    TEXT    NOT NULL DEFAULT '',
    revoked_at TEXT    NOT NULL DEFAULT ''
);

-- key is 'user:<name>' or 'addr:<address>'.
CREATE TABLE login_failures (
    key      TEXT    PRIMARY KEY,
    failures INTEGER NOT NULL,
    first_at TEXT    NOT NULL
);

CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    at      TEXT    NOT NULL,
    actor   TEXT    NOT NULL DEFAULT '', -- username, '' for nobody signed in
    action  TEXT    NOT NULL,
    bloc    TEXT    NOT NULL DEFAULT '',
    year    INTEGER NOT NULL DEFAULT 0,
    unit    TEXT    NOT NULL DEFAULT '',
    target  TEXT    NOT NULL DEFAULT '',
    address TEXT    NOT NULL DEFAULT '',
    outcome TEXT    NOT NULL DEFAULT 'ok'
);
CREATE INDEX audit_by_bloc ON audit (bloc, year, id);

-- +goose Down
DROP TABLE audit;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE grants;
DROP TABLE users;
