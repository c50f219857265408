-- +goose Up
-- A person's e-mail address (for a forgotten password and reminders) and
-- when they last signed in (shown on the administrator's account pages).
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN last_login_at TEXT NOT NULL DEFAULT '';
-- rights counts changes of the user's grants: a change of the user made
-- on the strength of the rights read (a secretariat resets a board's
-- password) names the count it read and fails if a grant came between.
ALTER TABLE users ADD COLUMN rights INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN rights;
ALTER TABLE users DROP COLUMN last_login_at;
ALTER TABLE users DROP COLUMN email;
