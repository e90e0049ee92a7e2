package store_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// Create gives a new session its defaults before the first save, and
// makes nothing when they cannot be had.
func TestCreateAppliesDefaults(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	st.Defaults = func(s *session.Session) error {
		s.Answers.Contact.Name = "Kari Konsulent"
		return nil
	}
	sess, err := st.Create("Kunde", session.TrackAltinn3)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := st.Load(sess.ID)
	if err != nil || saved.Answers.Contact.Name != "Kari Konsulent" {
		t.Fatalf("saved without the defaults: %+v %v", saved.Answers.Contact, err)
	}
	bad := errors.New("profile unreadable")
	st.Defaults = func(*session.Session) error { return bad }
	if _, err := st.Create("Kunde 2", session.TrackAltinn3); !errors.Is(err, bad) {
		t.Fatalf("got %v", err)
	}
	if list, _, _ := st.List(); len(list) != 1 {
		t.Fatalf("a session was made anyway: %d", len(list))
	}
}
