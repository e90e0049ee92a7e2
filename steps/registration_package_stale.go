package steps

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Step 1's documents and e-mail record what they were made from
// (session.GeneratedFile.MadeFrom): a digest of the checked answers they
// show. When an answer changes after they were made, they are out of
// date: step 1 has a problem saying so (the stepper marks it, the review
// offers to make them again) and is no longer done.

// answersDigest is the digest of checked answers: the SHA-256 of their
// JSON, which Go writes the same way every time.
func answersDigest(checked session.Answers) string {
	data, err := json.Marshal(checked)
	if err != nil { // plain data: cannot happen
		return ""
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// registrationStale says step 1's files were made from answers other
// than the session's (as forms.Check normalises them). Files that
// recorded nothing (made by an older version) are taken as current.
func registrationStale(s *session.Session) bool {
	var current string
	for _, f := range s.FilesOf(RegistrationKinds...) {
		if f.MadeFrom == "" {
			continue
		}
		if current == "" {
			checked, _ := forms.Check(s.Answers)
			current = answersDigest(checked)
		}
		if f.MadeFrom != current {
			return true
		}
	}
	return false
}

// fieldDocuments is the problem's field: not an answer, the documents.
const fieldDocuments = "documents"

// staleProblem is step 1's problem when its files are out of date.
func staleProblem(ctx *ui.Context) ui.Problem {
	return ui.Problem{Screen: ScreenReview, Field: fieldDocuments, Message: ctx.T(
		"Dokumentene og e-posten er laget fra eldre svar: lag dem på nytt",
		"The documents and the e-mail were made from earlier answers: make them again")}
}

// reconcileRegistration marks step 1 not done when its files are out of
// date. Called where step 1's screens are made, so a change the user
// moves on from is saved with the step not done.
func reconcileRegistration(s *session.Session, now time.Time) {
	if s.StepStatus(session.StepRegistration) == session.Done && registrationStale(s) {
		s.SetStepStatus(session.StepRegistration, session.InProgress, now)
	}
}

// OutOfDate says f, one of the session's files, was made from answers
// other than the session's: a step-1 file made before an answer changed.
// Such an e-mail is not sent (the documents in it say something else
// than the answers now do); the user makes the documents again first.
func OutOfDate(s *session.Session, f session.GeneratedFile) bool {
	if f.MadeFrom == "" {
		return false
	}
	for _, k := range RegistrationKinds {
		if f.Kind == k {
			checked, _ := forms.Check(s.Answers)
			return f.MadeFrom != answersDigest(checked)
		}
	}
	return false
}

// OutOfDateText says why an out-of-date e-mail is not sent, in lang.
func OutOfDateText(lang, name string) string {
	return fmt.Sprintf(ui.T(lang,
		"%s er laget fra eldre svar; ingenting ble sendt. Lag dokumentene på nytt (steg 1), signer den nye egenerklæringen og legg den ved igjen",
		"%s was made from earlier answers; nothing was sent. Make the documents again (step 1), sign the new self-declaration and attach it again"), name)
}
