// Package auth holds the cryptography of signing in: password hashes
// (argon2id, golang.org/x/crypto) and random secrets for sessions and API
// tokens, stored only as their SHA-256.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's costs: OWASP's recommended 19 MiB, 2 passes, one
// lane — about 30 ms on this project's machines.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultParams are the production costs.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// ErrMismatch is a password that does not match its hash.
var ErrMismatch = errors.New("mật khẩu không đúng")

// Hash returns the PHC string of password: $argon2id$v=19$m=…,t=…,p=…$salt$key.
func Hash(password string, p Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify checks password against a PHC string, in constant time.
func Verify(password, phc string) error {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return fmt.Errorf("mã băm mật khẩu không đọc được")
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return fmt.Errorf("mã băm mật khẩu không đọc được: %w", err)
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return fmt.Errorf("mã băm mật khẩu không đọc được")
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

// Secret returns a new random secret (32 bytes, URL-safe text) with a
// prefix naming what it is ("thd_" for API tokens).
func Secret(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret is how a secret is stored and looked up: its SHA-256. A
// secret is random and long, so no slow hash is needed.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
