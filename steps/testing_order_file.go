package steps

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// TestUserOrderInput is what the test-user order is made from: copies of
// s's answers and test settings, with the checklist as step 5 shows it.
func TestUserOrderInput(s *session.Session) (session.Answers, session.Testing) {
	a := s.Answers.Clone()
	tst := s.Testing
	tst.Checklist = Checklist(s)
	return a, tst
}

// WriteTestUserOrder composes the test-user order (TestUserOrderEmail)
// and writes it as testbrukere-<slug>.eml (0600) into dir, made 0700 when
// missing (an existing folder keeps its mode). The wizard's step 5 and
// `testing order` both write it here; the caller records the file
// returned (Kind KindTestUserEmail).
func WriteTestUserOrder(a session.Answers, tst session.Testing, dir string, now time.Time) (session.GeneratedFile, error) {
	msg, err := TestUserOrderEmail(&a, &tst, now)
	if err != nil {
		return session.GeneratedFile{}, err
	}
	path, err := writeEMLInto(dir, "testbrukere-"+Slug(a.System.Name)+".eml", msg)
	if err != nil {
		return session.GeneratedFile{}, err
	}
	return session.GeneratedFile{Kind: KindTestUserEmail, Path: path, CreatedAt: now.UTC()}, nil
}

// writeEMLInto writes a composed e-mail as dir/name (0600, atomically),
// making dir 0700 when missing (an existing folder keeps its mode), and
// returns its full path.
func writeEMLInto(dir, name string, msg []byte) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if _, err := atomicfile.MakeDir(dir); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	if err := mail.WriteEML(path, msg); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return path, nil
}
