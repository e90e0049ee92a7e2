package ui

import (
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// After the user left a session for the picker and opened another, a late
// check or write of the first (numbered like the second's first
// snapshots, had numbering started again) is dropped, not taken for the
// second's.
func TestLateMessagesOfASessionLeftAreDropped(t *testing.T) {
	a := New(Options{Lang: "nb"})
	a.saver.take(&session.Session{})
	a.saver.take(&session.Session{}) // the session left's snapshots: 1, 2
	a.saver = a.saver.carry()
	a.leftSeq = 2
	if got := a.saver.take(&session.Session{}).seq; got != 3 {
		t.Fatalf("the next session's first snapshot is %d, want 3", got)
	}
	a.sess = nil
	for _, msg := range []any{checkedMsg{seq: 2}, quickSavedMsg{seq: 2}, savedMsg{}} {
		if _, dropped := a.handleSwitch(msg); !dropped {
			t.Errorf("%T of the session left was not dropped", msg)
		}
	}
	a.sess = &session.Session{}
	if _, dropped := a.handleSwitch(checkedMsg{seq: 3}); dropped {
		t.Error("a check of the open session was dropped")
	}
	if _, dropped := a.handleSwitch(checkedMsg{seq: 2}); !dropped {
		t.Error("a late check of the session left was taken")
	}
}
