package outbox_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/outbox"
	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
)

// The note outbox refuses is the one steps writes.
func TestDraftNoteIsTheOneStepsWrites(t *testing.T) {
	if outbox.DraftNoteStart != steps.DraftNoteStart {
		t.Fatalf("outbox.DraftNoteStart %q != steps.DraftNoteStart %q", outbox.DraftNoteStart, steps.DraftNoteStart)
	}
	if outbox.PasswordSecret != steps.SecretSMTPPassword {
		t.Fatalf("outbox.PasswordSecret %q != steps.SecretSMTPPassword %q", outbox.PasswordSecret, steps.SecretSMTPPassword)
	}
}

func writeEML(t *testing.T, dir, body string) (string, []byte) {
	t.Helper()
	msg, err := mail.Compose(mail.Message{
		From:    mail.Address{Name: "Kari", Email: "kari@konsulent.no"},
		To:      []mail.Address{{Email: "tjenesteeier@altinn.no"}},
		Subject: "Registrering – Blåbær", Body: body,
	})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "registrering.eml")
	if err := os.WriteFile(p, msg, 0o600); err != nil {
		t.Fatal(err)
	}
	return p, msg
}

func TestReadChecksTheFile(t *testing.T) {
	dir := t.TempDir()
	p, msg := writeEML(t, dir, "Hei\n")
	d, err := outbox.Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if d.From != "kari@konsulent.no" || strings.Join(d.To, ",") != "tjenesteeier@altinn.no" || d.Subject != "Registrering – Blåbær" || d.MessageID == "" || string(d.Msg) != string(msg) || d.Path != p {
		t.Fatalf("draft: %+v", d)
	}
	for _, c := range []struct {
		name, content, nb, en string
	}{
		{"x.eml", "hello", "er ikke en e-post programmet kan sende", "is not an e-mail the program can send"},
		{"missing.eml", "", "", ""},
	} {
		path := filepath.Join(dir, c.name)
		if c.content != "" {
			os.WriteFile(path, []byte(c.content), 0o600)
		}
		_, err := outbox.Read(path)
		oe, ok := err.(*outbox.Error)
		if !ok || !oe.NothingTried() {
			t.Fatalf("%s: %T %v", c.name, err, err)
		}
		nb, en := outbox.Explain(err, "nb"), outbox.Explain(err, "en")
		if nb == en || !strings.Contains(nb, c.nb) || !strings.Contains(en, c.en) || !strings.Contains(en, path) {
			t.Errorf("%s:\n nb %s\n en %s", c.name, nb, en)
		}
	}
	note, _ := writeEML(t, t.TempDir(), outbox.DraftNoteStart+"\nsign first]\n\nHei\n")
	_, err = outbox.Read(note)
	if oe, ok := err.(*outbox.Error); !ok || oe.Kind != outbox.KindDraftNote || !strings.Contains(outbox.Explain(err, "nb"), "SLETT FØR SENDING") {
		t.Fatalf("draft note: %v", err)
	}
}

func TestServerNamesHostPortAndSecurity(t *testing.T) {
	for _, c := range []struct {
		smtp profile.SMTP
		want string
	}{
		{profile.SMTP{Host: "smtp.example.no"}, "smtp.example.no:587 (starttls)"},
		{profile.SMTP{Host: "smtp.example.no", Security: "tls"}, "smtp.example.no:465 (tls)"},
		{profile.SMTP{Host: "127.0.0.1", Security: "none"}, "127.0.0.1:25 (none)"},
		{profile.SMTP{Host: "::1", Port: 2525, Security: "none"}, "[::1]:2525 (none)"},
	} {
		got, err := outbox.Settings{Profile: profile.Profile{SMTP: c.smtp}}.Server()
		if err != nil || got != c.want {
			t.Errorf("%+v: %q %v, want %q", c.smtp, got, err, c.want)
		}
	}
	_, err := outbox.Settings{ProfilePath: "/x/profile.yaml"}.Server()
	if oe, ok := err.(*outbox.Error); !ok || oe.Kind != outbox.KindNoServer || !strings.Contains(oe.Text("en"), "profile set smtp.host HOST") || !strings.Contains(oe.Text("nb"), "profile set smtp.host VERT") {
		t.Fatalf("no host: %v", err)
	}
}

func TestRecordKeepsReplyAndCopy(t *testing.T) {
	s := session.New("x", time.Now())
	at := time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)
	r := outbox.Receipt{SentAt: at, From: "a@b.no", To: []string{"c@d.no"}, MessageID: "<m@x>", Server: "h:587", Reply: "250 2.0.0 Ok", Copy: "/x/sendt/a.eml"}
	outbox.Record(s, "/x/a.eml", r)
	r.To[0] = "changed@d.no"
	want := session.SentMail{File: "/x/a.eml", SentAt: at, From: "a@b.no", To: []string{"c@d.no"}, MessageID: "<m@x>", Server: "h:587", Reply: "250 2.0.0 Ok", Copy: "/x/sendt/a.eml"}
	if len(s.Sent) != 1 || s.Sent[0].To[0] != "c@d.no" || s.Sent[0].Reply != want.Reply || s.Sent[0].Copy != want.Copy || s.Sent[0].File != want.File {
		t.Fatalf("recorded %+v", s.Sent)
	}
}
