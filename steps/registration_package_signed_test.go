package steps

import (
	"bytes"
	"context"
	"errors"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/mail/mailtest"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
)

// signedSession is a session whose step 1 package is made (docx) in dir.
func signedSession(t *testing.T, dir string) *session.Session {
	t.Helper()
	s := &session.Session{Answers: sessiontest.Answers()}
	files, err := WriteRegistrationPackage(context.Background(), &s.Answers, PackageOptions{Now: now}, dir)
	if err != nil {
		t.Fatal(err)
	}
	s.ReplaceFiles(RegistrationKinds, files)
	return s
}

// A signed PDF that is not the program's copy: a signer's PDF.
var signedPDF = []byte("%PDF-1.7\n% signert av Åse Ødegård\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// The e-mail ready to send is the draft's e-mail without the note to the
// sender: same recipient and subject, the order form and the signed file
// attached (its bytes unchanged), and no unsigned self-declaration.
func TestSignedRegistrationEmail(t *testing.T) {
	dir := t.TempDir()
	s := signedSession(t, dir)
	signed := writeFile(t, filepath.Join(t.TempDir(), "signert.pdf"), signedPDF)

	f, err := WriteSignedRegistration(s, signed, dir, now)
	if err != nil {
		t.Fatal(err)
	}
	if f.Kind != KindSignedEmail || filepath.Base(f.Path) != "registrering-blabaer-regnskap-pro-signert.eml" || f.MadeFrom == "" || f.MadeFrom != s.Files[0].MadeFrom {
		t.Fatalf("recorded %+v", f)
	}
	if fi, err := os.Stat(f.Path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the e-mail: %v %v", fi, err)
	}
	raw, _ := os.ReadFile(f.Path)
	var draftPath, orderPath string
	for _, g := range s.Files {
		switch g.Kind {
		case "eml":
			draftPath = g.Path
		case "bestilling":
			orderPath = g.Path
		}
	}
	draftRaw, _ := os.ReadFile(draftPath)
	got, draft := mailtest.Parse(t, raw), mailtest.Parse(t, draftRaw)

	if mailtest.Subject(t, got.Header) != mailtest.Subject(t, draft.Header) || mailtest.Subject(t, got.Header) != "Blåbær Regnskap Pro" {
		t.Errorf("subject %q, the draft's %q", mailtest.Subject(t, got.Header), mailtest.Subject(t, draft.Header))
	}
	for _, k := range []string{"To", "Cc", "From"} {
		if !mailtest.Equal(mailtest.Addrs(t, got.Header, k), mailtest.Addrs(t, draft.Header, k)) {
			t.Errorf("%s: %v, the draft's %v", k, mailtest.Addrs(t, got.Header, k), mailtest.Addrs(t, draft.Header, k))
		}
	}
	if !strings.Contains(string(draft.Text.Body), DraftNoteStart) {
		t.Fatal("the draft has no note: the test checks nothing")
	}
	body := string(got.Text.Body)
	if strings.Contains(body, DraftNoteStart) || strings.Contains(body, "SLETT") {
		t.Errorf("the e-mail ready to send has the note to the sender:\n%s", body)
	}
	if !strings.HasPrefix(body, "Hei,") || !strings.Contains(body, "Egenerklæring – datasystem – Blåbær Regnskap Pro (signert).pdf") {
		t.Errorf("body:\n%s", body)
	}
	if len(got.Atts) != 2 {
		t.Fatalf("%d attachments", len(got.Atts))
	}
	order, _ := os.ReadFile(orderPath)
	wants := []struct {
		name, ctype string
		data        []byte
	}{
		{"Bestilling – nytt datasystem – Blåbær Regnskap Pro.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", order},
		{"Egenerklæring – datasystem – Blåbær Regnskap Pro (signert).pdf", "application/pdf", signedPDF},
	}
	for i, w := range wants {
		a := got.Atts[i]
		_, params, _ := mime.ParseMediaType(a.Header.Get("Content-Disposition"))
		ct, _, _ := mime.ParseMediaType(a.Header.Get("Content-Type"))
		if params["filename"] != w.name || ct != w.ctype || !bytes.Equal(a.Body, w.data) {
			t.Errorf("attachment %d: %q %s (%d bytes, equal %v)", i, params["filename"], ct, len(a.Body), bytes.Equal(a.Body, w.data))
		}
	}
	// Opened in a mail program it is still a message to send (X-Unsent:
	// Outlook would otherwise only forward it, "VS:" added to the
	// subject); mail.Send takes the mark out on the way.
	if got.Header.Get("X-Unsent") != "1" {
		t.Errorf("X-Unsent = %q", got.Header.Get("X-Unsent"))
	}
}

// A scan as PNG or JPEG is attached as the image it is, named by its
// content.
func TestSignedRegistrationTakesScans(t *testing.T) {
	dir := t.TempDir()
	s := signedSession(t, dir)
	for _, c := range []struct {
		data       []byte
		ext, type_ string
	}{
		{[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR scan"), "png", "image/png"},
		{[]byte("\xff\xd8\xff\xe0\x00\x10JFIF scan"), "jpg", "image/jpeg"},
	} {
		// The name says PDF; the content decides.
		signed := writeFile(t, filepath.Join(t.TempDir(), "skann.pdf"), c.data)
		f, err := WriteSignedRegistration(s, signed, dir, now)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := os.ReadFile(f.Path)
		att := mailtest.Parse(t, raw).Atts[1]
		_, params, _ := mime.ParseMediaType(att.Header.Get("Content-Disposition"))
		ct, _, _ := mime.ParseMediaType(att.Header.Get("Content-Type"))
		if ct != c.type_ || !strings.HasSuffix(params["filename"], "(signert)."+c.ext) || !bytes.Equal(att.Body, c.data) {
			t.Errorf("%s: %s %q", c.ext, ct, params["filename"])
		}
	}
}

// A file that is not a signed self-declaration is refused at once, with
// a message naming it in both languages; nothing is written and the file
// is kept.
func TestSignedRegistrationRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	s := signedSession(t, dir)
	in := t.TempDir()
	var unsignedDocx string
	for _, f := range s.Files {
		if f.Kind == "egenerklaering" {
			unsignedDocx = f.Path
		}
	}
	unsignedCopy, _ := os.ReadFile(unsignedDocx)
	fifo := filepath.Join(in, "fifo.pdf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(in, "lenke.pdf")
	os.Symlink(writeFile(t, filepath.Join(in, "ekte.pdf"), signedPDF), link)
	big := filepath.Join(in, "stor.pdf")
	fh, _ := os.Create(big)
	fh.Write([]byte("%PDF-1.7\n"))
	fh.Truncate(MaxSignedSize + 1)
	fh.Close()

	cases := []struct{ path, nb, en string }{
		{writeFile(t, filepath.Join(in, "tom.pdf"), nil), "er tom", "is empty"},
		{writeFile(t, filepath.Join(in, "tekst.pdf"), []byte("bare tekst")), "er verken PDF, PNG eller JPEG", "is neither PDF, PNG nor JPEG"},
		{writeFile(t, filepath.Join(in, "egen.docx"), unsignedCopy), "er et Word-dokument", "is a Word document"},
		{fifo, "navngitt rør (FIFO)", "named pipe (FIFO)"},
		{link, "er en symbolsk lenke", "is a symbolic link"},
		{big, "er større enn 15 MiB", "is larger than 15 MiB"},
		{filepath.Join(in, "finnes-ikke.pdf"), "finnes ikke", "does not exist"},
	}
	for _, c := range cases {
		_, err := WriteSignedRegistration(s, c.path, dir, now)
		var fe *SignedFileError
		if !errors.As(err, &fe) {
			t.Fatalf("%s: %v", c.path, err)
		}
		if nb := fe.Text("nb"); !strings.Contains(nb, c.path) || !strings.Contains(nb, c.nb) {
			t.Errorf("nb: %s", nb)
		}
		if en := fe.Text("en"); !strings.Contains(en, c.path) || !strings.Contains(en, c.en) {
			t.Errorf("en: %s", en)
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, SignedEmailName(s.Answers.System.Name))); !os.IsNotExist(err) {
		t.Fatalf("an e-mail was written: %v", err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was not kept")
	}
}

// The unsigned PDF copy the program made is not taken as signed.
func TestSignedRegistrationRefusesTheUnsignedCopy(t *testing.T) {
	dir := t.TempDir()
	s := signedSession(t, dir)
	pdf := filepath.Join(dir, "egenerklaering-blabaer-regnskap-pro.pdf")
	writeFile(t, pdf, signedPDF)
	s.Files = append(s.Files, session.GeneratedFile{Kind: "egenerklaering", Path: pdf, MadeFrom: s.Files[0].MadeFrom})
	copyPath := writeFile(t, filepath.Join(t.TempDir(), "kopi.pdf"), signedPDF)
	_, err := WriteSignedRegistration(s, copyPath, dir, now)
	var fe *SignedFileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Text("en"), "is the unsigned PDF copy the program made") {
		t.Fatalf("%v", err)
	}
}

// Without step 1's files, or with files made from earlier answers, there
// is nothing to attach the signed file to: the user is told what to do.
func TestSignedRegistrationNeedsCurrentDocuments(t *testing.T) {
	signed := writeFile(t, filepath.Join(t.TempDir(), "signert.pdf"), signedPDF)
	empty := &session.Session{Answers: sessiontest.Answers()}
	_, err := WriteSignedRegistration(empty, signed, t.TempDir(), now)
	var pe *SignedPackageError
	if !errors.As(err, &pe) || pe.Stale || !strings.Contains(pe.Text("nb"), "lag dokumentene og e-posten i steg 1 først") {
		t.Fatalf("no package: %v", err)
	}

	dir := t.TempDir()
	s := signedSession(t, dir)
	f, err := WriteSignedRegistration(s, signed, dir, now)
	if err != nil {
		t.Fatal(err)
	}
	s.ReplaceFiles([]string{KindSignedEmail}, []session.GeneratedFile{f})
	s.Answers.System.Version = "9.9"
	if !registrationStale(s) {
		t.Fatal("a changed answer leaves the documents current")
	}
	if _, err := WriteSignedRegistration(s, signed, dir, now); !errors.As(err, &pe) || !pe.Stale || !strings.Contains(pe.Text("en"), "made from earlier answers") {
		t.Fatalf("stale package: %v", err)
	}
	// The signed e-mail alone out of date is out of date too.
	s.Answers.System.Version = sessiontest.Answers().System.Version
	if registrationStale(s) {
		t.Fatal("the answers back as they were, still stale")
	}
	for i := range s.Files {
		if s.Files[i].Kind == KindSignedEmail {
			s.Files[i].MadeFrom = "0000"
		}
	}
	if !registrationStale(s) {
		t.Fatal("a signed e-mail made from other answers is not out of date")
	}
}
