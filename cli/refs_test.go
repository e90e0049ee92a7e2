package cli

import (
	"strings"
	"testing"
)

// A secret typed where a session (or a command) belongs must not come
// back in the error: it would sit in the terminal's scrollback and in CI
// logs.
func TestUnknownReferenceIsNotEchoed(t *testing.T) {
	const secret = "sk-live-CANARY-9f8e7d6c5b4a"
	dir, _, _ := newTestSession(t, "Kunde Blåbær")
	for _, args := range [][]string{
		{"secrets", "set", "rest-api-key-tt02", "--session", secret},
		{"secrets", "delete", "rest-api-key-tt02", "--session", secret},
		{"secrets", "list", "--session", secret},
		{"sessions", "delete", "--yes", secret},
		{"sessions", "rename", secret, "Ny"},
		{"sessions", "export", secret},
		{"fill", "--session", secret, "--out", t.TempDir()},
		{"resume", secret},
		{secret},
		{"--keyring-timeout", secret, "version"},
	} {
		for _, lang := range []string{"en", "nb"} {
			code, out, stderr := runCLI(t, dir, "value\n", append([]string{"--lang", lang}, args...)...)
			if code == 0 {
				t.Errorf("%v: exit 0", args)
			}
			if strings.Contains(out+stderr, "CANARY") {
				t.Errorf("%v (%s) echoes the secret:\n%s%s", args, lang, out, stderr)
			}
			start := map[string]string{"en": `"sk-…" (the start of what you gave)`, "nb": `«sk-…» (starten av det du skrev)`}[lang]
			if !strings.Contains(stderr, start) {
				t.Errorf("%v (%s): stderr does not quote the start %s:\n%s", args, lang, start, stderr)
			}
		}
	}
	// A short reference, or one that names a session, is repeated whole.
	_, _, stderr := runCLI(t, dir, "", "sessions", "export", "Kun")
	if !strings.Contains(stderr, `no session matches "Kun": give a session's name or ID`) {
		t.Errorf("short reference: %s", stderr)
	}
}
