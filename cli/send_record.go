package cli

// Recording what `send` sent in the session that made the .eml, and
// asking before the same e-mail goes out twice.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/internal/outbox"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// sendRecord is the session that made the file being sent, held under its
// lock from before the question until the sending is recorded.
type sendRecord struct {
	st   *store.Store
	sess *session.Session
	lock *store.Lock
	file string // the path the session recorded for the file
}

// sendRecorder finds the session that made opts.File (nil if none did) and
// locks it, so the wizard cannot overwrite the record.
func sendRecorder(opts *sendOptions) (*sendRecord, error) {
	abs, err := filepath.Abs(opts.File)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, err
	}
	st, err := opts.OpenStore()
	if err != nil {
		return nil, err
	}
	sums, _, err := st.List()
	if err != nil {
		return nil, err
	}
	for _, sum := range sums {
		s, err := st.Load(sum.ID)
		if err != nil {
			continue // a session that cannot be read made nothing we know of
		}
		path := madeBy(s, abs, fi)
		if path == "" {
			continue
		}
		for _, f := range s.Files {
			if f.Path == path && steps.OutOfDate(s, f) {
				return nil, &exitError{2, errors.New(steps.OutOfDateText(opts.Lang, termtext.Line(opts.File)))}
			}
		}
		sess, lock, err := st.LoadLocked(s.ID)
		if err != nil {
			var locked *store.LockedError
			if errors.As(err, &locked) {
				return nil, &exitError{2, fmt.Errorf(opts.t(
					"%s; ingenting ble sendt. Økten «%s» laget e-posten og skal registrere sendingen: lukk den der den er åpen og prøv igjen",
					"%s; nothing was sent. The session %q made the e-mail and is to record the sending: close it where it is open and try again"),
					locked.Text(opts.Lang), termtext.Line(s.Name))}
			}
			return nil, err
		}
		return &sendRecord{st: st, sess: sess, lock: lock, file: path}, nil
	}
	return nil, nil
}

// madeBy is the path s recorded for the file abs (fi), or "".
func madeBy(s *session.Session, abs string, fi os.FileInfo) string {
	for _, f := range s.Files {
		if f.Path == "" {
			continue
		}
		if filepath.Clean(f.Path) == abs {
			return f.Path
		}
		if other, err := os.Stat(f.Path); err == nil && os.SameFile(fi, other) {
			return f.Path
		}
	}
	return ""
}

func (r *sendRecord) release() {
	if r != nil {
		r.lock.Release()
	}
}

// sentBefore is the last sending of the same e-mail (same Message-ID or
// same file), or nil.
func (r *sendRecord) sentBefore(messageID string) *session.SentMail {
	if r == nil {
		return nil
	}
	return r.sess.SentBefore(r.file, messageID)
}

// record adds the sending m to the session and saves it. The e-mail is
// sent by then: a failure to save says so, and what was sent.
func (r *sendRecord) record(opts *sendOptions, m outbox.Receipt) error {
	if r == nil {
		return nil
	}
	outbox.Record(r.sess, r.file, m)
	if err := r.st.Save(r.sess); err != nil {
		return fmt.Errorf(opts.t("e-posten ble sendt (%s, Message-ID %s), men økten «%s» kunne ikke lagre det: %w",
			"the e-mail was sent (%s, Message-ID %s), but the session %q could not record it: %w"),
			m.SentAt.Format("2006-01-02 15:04 UTC"), termtext.Line(m.MessageID), termtext.Line(r.sess.Name), err)
	}
	fmt.Fprintf(opts.Out, opts.t("Registrert i økten «%s».\n", "Recorded in the session %q.\n"), termtext.Line(r.sess.Name))
	return nil
}

// sendAgainConfirm asks before an e-mail goes out a second time, even
// with --yes; without a terminal only --again sends it.
func sendAgainConfirm(opts *sendOptions, prev *session.SentMail) error {
	when := prev.SentAt.Local().Format("02.01.2006 15:04")
	to := termtext.Line(strings.Join(prev.To, ", "))
	if !opts.InIsTerminal {
		return &exitError{2, fmt.Errorf(opts.t(
			"denne e-posten ble sendt %s til %s; ingenting ble sendt nå. Skal den sendes igjen, legg til --yes --again",
			"this e-mail was sent on %s to %s; nothing was sent now. To send it again, add --yes --again"), when, to)}
	}
	fmt.Fprintf(opts.Err, opts.t("Denne e-posten ble sendt %s til %s; send den igjen? [j/N] ", "This e-mail was sent on %s to %s; send it again? [y/N] "), when, to)
	var line string
	fmt.Fscanln(opts.In, &line)
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "j", "ja", "y", "yes":
		return nil
	}
	return &exitError{2, errors.New(opts.t("ikke sendt", "not sent"))}
}

// registration says the file is one of step 1's (the registration
// e-mail to Altinn II, which has closed).
func (r *sendRecord) registration() bool { return steps.IsRegistrationFile(r.sess, r.file) }
