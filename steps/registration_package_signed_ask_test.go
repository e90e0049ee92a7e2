package steps

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// In accessible mode, with step 1's documents made, the review offers to
// attach the signed self-declaration by its path: a wrong file is said and
// asked again; the right one makes the e-mail ready to send, and the
// documents are not made again (which would remove it). An empty line
// goes on to making the documents, as before.
func TestAskAttachesTheSignedDeclaration(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	writeFile(t, filepath.Join(home, "notat.pdf"), []byte("ikke en pdf"))
	writeFile(t, filepath.Join(home, "signert.pdf"), signedPDF)

	for _, c := range []struct {
		in   string
		made bool
		want []string
	}{
		{"\n~/notat.pdf\n~/signert.pdf\n", true, []string{"Signert egenerklæring:", filepath.Join(home, "notat.pdf") + " er verken PDF", "Klar til å sendes, med den signerte egenerklæringen"}},
		{"\n\nn\n", false, []string{"Signert egenerklæring:", "Lage dokumentene og e-posten nå?"}},
	} {
		ctx := reviewCtx(t, "nb")
		ctx.Accessible = true
		out := t.TempDir()
		files, err := WriteRegistrationPackage(context.Background(), &ctx.Session.Answers, PackageOptions{Now: now}, out)
		if err != nil {
			t.Fatal(err)
		}
		ctx.Session.ReplaceFiles(RegistrationKinds, files)
		var said strings.Builder
		a := &asking{ctx: ctx, p: ui.NewPrompter(strings.NewReader(c.in), &said, "nb"), step: trackStep(t, ctx, session.StepRegistration),
			d: Deps{Now: func() time.Time { return now }, OutputBase: out}}
		if err := a.registrationPackage(); err != nil {
			t.Fatalf("%q: %v\n%s", c.in, err, said.String())
		}
		for _, w := range c.want {
			if !strings.Contains(said.String(), w) {
				t.Errorf("%q: the output lacks %q:\n%s", c.in, w, said.String())
			}
		}
		signed := ctx.Session.FilesOf(KindSignedEmail)
		if (len(signed) == 1) != c.made {
			t.Fatalf("%q: signed e-mail %+v", c.in, signed)
		}
		if c.made {
			if strings.Contains(said.String(), "Lage dokumentene og e-posten nå?") {
				t.Errorf("the documents were offered again after the signed e-mail was made:\n%s", said.String())
			}
			if _, err := os.Stat(signed[0].Path); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// With a mail server in the profile, the accessible mode offers to send
// the e-mail ready to send as soon as it is made, asks once, and the
// server gets it.
func TestAskAttachesAndSendsTheSignedDeclaration(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: smtpUser, Password: smtpPassword})
	d := sendSetup(t, srv, now)
	signed := writeFile(t, filepath.Join(t.TempDir(), "signert.pdf"), signedPDF)
	ctx := reviewCtx(t, "nb")
	ctx.Accessible = true
	files, err := WriteRegistrationPackage(context.Background(), &ctx.Session.Answers, PackageOptions{Now: now}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx.Session.ReplaceFiles(RegistrationKinds, files)
	var said strings.Builder
	// The review, the path, "send it now?", then the sending's own question.
	a := &asking{ctx: ctx, p: ui.NewPrompter(strings.NewReader("\n"+signed+"\nj\nj\n"), &said, "nb"), step: trackStep(t, ctx, session.StepRegistration), d: d}
	if err := a.registrationPackage(); err != nil {
		t.Fatalf("%v\n%s", err, said.String())
	}
	got := srv.Delivered(t)
	if len(got) != 1 {
		t.Fatalf("delivered %d:\n%s", len(got), said.String())
	}
	f := ctx.Session.FilesOf(KindSignedEmail)[0]
	raw, _ := os.ReadFile(f.Path)
	if !bytes.Equal(got[0].Msg, withoutDraftMark(t, raw)) || ctx.Session.SentBefore(f.Path, "") == nil {
		t.Fatalf("not the e-mail ready to send, or not recorded:\n%s", said.String())
	}
	if !strings.Contains(said.String(), "Sende registrering-blabaer-regnskap-pro-signert.eml nå, gjennom e-postserveren i profilen?") {
		t.Fatalf("not offered:\n%s", said.String())
	}
}
