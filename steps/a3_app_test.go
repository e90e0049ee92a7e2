package steps

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/teadrive"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// The track in the app, with keys, against the sandbox: what the service
// layer's outcomes record is saved by the app's autosave (read back from
// the data folder), and the outcome of a call is recorded even when the
// user has gone on to another screen before it came (ui.SessionEdit).
func TestA3TrackInTheApp(t *testing.T) {
	f := newA3Fixture(t, "nb")
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.Create("Øving", session.TrackAltinn3)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.deps.Secrets.DeleteAll(sess.ID, Altinn3(Deps{}).SecretNames()) })
	sess.Answers.Vendor = f.sess.Answers.Vendor
	sess.Settings.OutputDir = t.TempDir()
	if err := st.Save(sess); err != nil {
		t.Fatal(err)
	}
	app := ui.New(ui.Options{Store: st, Tracks: ui.Tracks{Altinn3(f.deps)}, Lang: "nb", NoColor: true,
		ResumeID: sess.ID, Now: time.Now, AutosaveDelay: time.Millisecond})
	var model tea.Model = app
	d := teadrive.New(t, func(m tea.Msg) tea.Cmd {
		var cmd tea.Cmd
		model, cmd = model.Update(m)
		return cmd
	})
	d.Size = tea.WindowSizeMsg{Width: 100, Height: 40}
	d.Send(d.Size)
	d.Run(model.Init())
	view := func() string { return ansi.Strip(model.View()) }
	key := func(k tea.KeyMsg) { d.Send(k) }

	if v := view(); !strings.Contains(v, "Steg 1 av 4: Maskinporten-klienten") {
		t.Fatalf("not on the track's first screen:\n%s", v)
	}
	key(tea.KeyMsg{Type: tea.KeyEnter}) // on to the client screen
	key(tea.KeyMsg{Type: tea.KeyEnter}) // the first problem: make a key
	if v := view(); !strings.Contains(v, "Nøkkelen er laget") {
		t.Fatalf("no key:\n%s", v)
	}
	saved, err := st.Load(sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	mp := saved.Altinn3.Maskinporten
	if mp.KeySource != session.KeySourceGenerated || mp.PublicKey == nil || len(saved.Files) != 2 {
		t.Fatalf("the key is not saved: %+v, files %v", mp, saved.Files)
	}
	if saved.StepStatus(StepA3Client) != session.InProgress {
		t.Fatal("the step's start is not saved")
	}

	// A test of the client started, and the user goes to the overview before
	// its answer comes: the answer is recorded and saved all the same.
	live := app.Session()
	edit, err := f.deps.Altinn3.SetClient(altinn3.SnapshotOf(live), f.registerClientOf(live))
	if err != nil {
		t.Fatal(err)
	}
	edit.Apply(live)
	snap := altinn3.SnapshotOf(live)
	outcome := a3Call("test", "", func(ctx context.Context) (altinn3.TokenOutcome, error) {
		return f.deps.Altinn3.TestClient(ctx, snap)
	})()
	d.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'5'}, Alt: true}) // the overview
	if v := view(); !strings.Contains(v, "Oversikt over onboardingen") {
		t.Fatalf("not on the overview:\n%s", v)
	}
	d.Send(outcome)
	saved, err = st.Load(sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if lt := saved.Altinn3.Maskinporten.LastTest; lt == nil || !lt.OK {
		t.Fatalf("the test's outcome is not saved: %+v", lt)
	}
}
