package cli

// fill --signed-declaration FILE: the registration e-mail ready to send,
// with the signed self-declaration (steps.WriteSignedRegistration), made
// after the documents in the same folder; --send sends it.

import (
	"errors"
	"os"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
)

const fillSignedHelp = `

With --signed-declaration FILE (the self-declaration signed: a PDF, or a
scan as PDF, PNG or JPEG) it also writes registrering-<name>-signert.eml:
the same e-mail without the note to the sender, with the order form and the
signed file attached instead of the unsigned self-declaration. That one the
program can send: --send sends it as ` + "`send`" + ` does (shows what goes to whom
and asks first; --yes sends without asking). The draft is never sent.`

// fillSignedCheck refuses, before anything is written, --send without
// --signed-declaration, --send with no terminal and no --yes, and a
// signed file the program would not attach.
func fillSignedCheck(opts *fillOptions) error {
	if err := opts.send.check(opts.IO); err != nil {
		return err
	}
	if opts.send.Send && opts.Signed == "" {
		return &exitError{2, errors.New(opts.t(
			"--send sender e-posten med den signerte egenerklæringen: gi den med --signed-declaration FIL (utkastet med den usignerte sendes aldri); ingenting ble laget eller sendt",
			"--send sends the e-mail with the signed self-declaration: give it with --signed-declaration FILE (the draft with the unsigned one is never sent); nothing was made or sent"))}
	}
	if opts.Signed != "" {
		if err := steps.CheckSignedDeclaration(opts.Signed); err != nil {
			return &exitError{2, err}
		}
	}
	return nil
}

// fillSigned makes the e-mail ready to send from the package just made
// (files), when --signed-declaration is given.
func fillSigned(opts *fillOptions, src *fillSource, files []session.GeneratedFile) ([]session.GeneratedFile, error) {
	if opts.Signed == "" {
		if src.sess != nil {
			removeEarlierSigned(src.sess)
		}
		return nil, nil
	}
	made := &session.Session{Answers: *src.answers, Files: files}
	f, err := steps.WriteSignedRegistration(made, opts.Signed, opts.OutDir, opts.Now())
	var fe *steps.SignedFileError
	if errors.As(err, &fe) {
		return nil, &exitError{2, err}
	}
	if err != nil {
		return nil, err
	}
	return []session.GeneratedFile{f}, nil
}

// removeEarlierSigned removes the e-mail ready to send that the session
// recorded, when the documents are made again without it: it carries the
// earlier order form and signature, and could be sent. Only a plain file
// is removed, never a link followed.
func removeEarlierSigned(s *session.Session) {
	for _, f := range s.FilesOf(steps.KindSignedEmail) {
		if fi, err := os.Lstat(f.Path); err == nil && fi.Mode().IsRegular() {
			os.Remove(f.Path)
		}
	}
}
