package steps

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
