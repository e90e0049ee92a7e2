package steps

import (
	"path/filepath"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// askSigned is the accessible mode's "attach the signed
// self-declaration": offered when step 1's files were made before and are
// current, as a path to type or an empty line to go on. made says the
// e-mail ready to send was made (then the documents are not offered
// again: making them again would remove it). A wrong file is said and
// asked again. When the profile names a mail server, sending it is
// offered (offerSending).
func (a *asking) askSigned() (made bool, err error) {
	ctx, t := a.ctx, a.ctx.T
	if len(ctx.Session.FilesOf("eml")) == 0 || registrationStale(ctx.Session) {
		return false, nil
	}
	var f session.GeneratedFile
	err = a.p.Line(t("Signert egenerklæring", "Signed self-declaration"), t(
		"Dokumentene er laget. Har du signert egenerklæringen, skriv stien til den signerte filen (PDF, PNG eller JPEG; ~ er hjemmemappen): da lages e-posten klar til sending. En tom linje går videre.",
		"The documents are made. If you have signed the self-declaration, type the path of the signed file (PDF, PNG or JPEG; ~ is your home folder): the e-mail ready to send is made. An empty line goes on."), "",
		func(v string) error {
			if v = expandHome(strings.TrimSpace(v)); v == "" {
				return nil
			}
			if abs, err := filepath.Abs(v); err == nil {
				v = abs
			}
			var err error
			if f, err = WriteSignedRegistration(ctx.Session, v, a.d.OutputDir(ctx.Session), a.d.now()); err != nil {
				return err
			}
			ctx.Session.ReplaceFiles([]string{KindSignedEmail}, []session.GeneratedFile{f})
			a.p.Say(SignedReady(ctx.Lang, f.Path))
			made = true
			return nil
		})
	if err != nil || !made {
		return made, err
	}
	return true, a.offerSending([]session.GeneratedFile{f}, nil)
}
