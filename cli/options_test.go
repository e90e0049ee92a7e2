package cli

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// Each newCmdX only parses: with a runF it hands the options over and
// does nothing itself, so flags and arguments can be checked without
// running anything.
func TestCommandsParseIntoTheirOptions(t *testing.T) {
	f := newFactory(&IO{In: strings.NewReader(""), Out: new(bytes.Buffer), Err: new(bytes.Buffer), Lang: "en"}, testBuild)
	parse := func(t *testing.T, cmd *cobra.Command, args ...string) {
		t.Helper()
		cmd.SetArgs(args)
		cmd.SetOut(new(bytes.Buffer))
		cmd.SetErr(new(bytes.Buffer))
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	t.Run("fill", func(t *testing.T) {
		var got *fillOptions
		parse(t, newCmdFill(f, func(o *fillOptions) error { got = o; return nil }),
			"--session", "Kunde", "--out", "ut", "--templates", "maler", "--format", "docx,pdf")
		if got == nil || got.Session != "Kunde" || got.Answers != "" || got.OutDir != "ut" || got.TemplatesDir != "maler" || got.Format != "docx,pdf" {
			t.Fatalf("%+v", got)
		}
		if got.IO != f.IO || got.OpenStore == nil || got.Now == nil {
			t.Fatal("the dependencies are not the factory's")
		}
	})
	t.Run("secrets set", func(t *testing.T) {
		var got *secretsSetOptions
		parse(t, newCmdSecretsSet(f, func(o *secretsSetOptions) error { got = o; return nil }),
			steps.SecretSMTPPassword, "--session", "Kunde")
		if got == nil || got.Name != steps.SecretSMTPPassword || got.Session != "Kunde" || got.Keyring == nil {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("sessions delete", func(t *testing.T) {
		var got *sessionsDeleteOptions
		parse(t, newCmdSessionsDelete(f, func(o *sessionsDeleteOptions) error { got = o; return nil }), "-y", "Kunde")
		if got == nil || got.Ref != "Kunde" || !got.Yes {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("doctor", func(t *testing.T) {
		var got *doctorOptions
		parse(t, newCmdDoctor(f, func(o *doctorOptions) error { got = o; return nil }), "--templates", "maler")
		if got == nil || got.TemplatesDir != "maler" || got.FindLibreOffice == nil || got.Build != testBuild {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("resume", func(t *testing.T) {
		var got *wizardOptions
		parse(t, newCmdResume(f, func(o *wizardOptions) error { got = o; return nil }), "--accessible", "Kunde")
		if got == nil || got.Ref != "Kunde" || !got.Accessible || got.Tracks == nil {
			t.Fatalf("%+v", got)
		}
	})
}

// The clock is a dependency: the time a secret was stored comes from it
// (with the real keyring).
func TestSecretsSetTakesTheClock(t *testing.T) {
	kr := keyringtest.Require(t)
	dir, st, sess := newTestSession(t, "Kunde")
	t.Cleanup(func() { kr.DeleteAll(sess.ID, knownSecretNames) })
	then := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	var out, errb bytes.Buffer
	f := newFactory(&IO{In: strings.NewReader("Passord123\n"), Out: &out, Err: &errb, Lang: "en"}, testBuild)
	f.Keyring = func() store.Secrets { return kr }
	f.Now = func() time.Time { return then }
	code := run(f, []string{"--data-dir", dir, "secrets", "set", steps.SecretSystemPassword, "--session", "Kunde"})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	again, err := st.Load(sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Secrets) != 1 || !again.Secrets[0].SetAt.Equal(then) {
		t.Fatalf("secrets = %+v, want one set at %v", again.Secrets, then)
	}
}

// breakingKeyring stores in memory, and when a value is set, runs
// afterSet (which makes the session's save fail); Delete fails with
// deleteErr. The real keyring cannot fail after it stored a value.
type breakingKeyring struct {
	okKeyring
	afterSet  func()
	deleteErr error
}

func (k *breakingKeyring) Set(id, name, value string) error {
	if err := k.okKeyring.Set(id, name, value); err != nil {
		return err
	}
	k.afterSet()
	return nil
}

func (k *breakingKeyring) Delete(id, name string) error {
	if k.deleteErr != nil {
		return k.deleteErr
	}
	return k.okKeyring.Delete(id, name)
}

// A secret stored in the keyring whose session then cannot be saved is
// taken out of the keyring again (the session would not know of it, and
// deleting the session would leave it behind); if even that fails, the
// message says how to remove it. The value is never in the message.
func TestSecretsSetUndoesTheKeyringWhenTheSaveFails(t *testing.T) {
	for _, c := range []struct {
		name      string
		deleteErr error
		want      string
		left      int // entries left in the keyring
	}{
		{"taken out again", nil, "could not save the session; the secret is not stored", 0},
		{"cannot be taken out", errors.New("the keyring went away"), "remove it with `altinn-onboard secrets delete " + steps.SecretSMTPPassword + " --session ", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, st, sess := newTestSession(t, "Kunde")
			path := st.Path(sess.ID)
			kr := &breakingKeyring{deleteErr: c.deleteErr, afterSet: func() {
				// The session file becomes a folder: the save's rename fails.
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
				if err := os.Mkdir(path, 0o700); err != nil {
					t.Fatal(err)
				}
			}}
			var out, errb bytes.Buffer
			f := newFactory(&IO{In: strings.NewReader("hemmelig-verdi\n"), Out: &out, Err: &errb, Lang: "en"}, testBuild)
			f.Keyring = func() store.Secrets { return kr }
			code := run(f, []string{"--data-dir", dir, "secrets", "set", steps.SecretSMTPPassword, "--session", "Kunde"})
			if code != 1 || !strings.Contains(errb.String(), c.want) {
				t.Fatalf("exit %d, want 1 and %q:\n%s", code, c.want, errb.String())
			}
			if len(kr.m) != c.left {
				t.Fatalf("keyring holds %d entries, want %d", len(kr.m), c.left)
			}
			if strings.Contains(out.String()+errb.String(), "hemmelig-verdi") {
				t.Fatal("the value was printed")
			}
		})
	}
}

// The Factory's OpenStore tells of what it tightened, on standard error,
// in the user's language.
func TestOpenStoreTellsWhatItTightened(t *testing.T) {
	_, st, sess := newTestSession(t, "Kunde")
	if err := os.Chmod(st.Path(sess.ID), 0o644); err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	f := newFactory(&IO{Out: new(bytes.Buffer), Err: &errb, Lang: "nb"}, testBuild)
	f.dataDir = st.DataDir()
	if _, err := f.OpenStore(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(errb.String(), "Merk: ") || !strings.Contains(errb.String(), sess.ID) {
		t.Fatalf("stderr: %q", errb.String())
	}
}
