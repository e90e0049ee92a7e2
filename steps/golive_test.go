package steps

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/templates/docxtext"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

var goLiveNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func goLiveCtx(t *testing.T, lang string) *ui.Context {
	t.Helper()
	sess := session.New("Blåbær – kunde 1", goLiveNow)
	sess.Answers = sessiontest.Answers()
	sess.Settings.OutputDir = filepath.Join(t.TempDir(), "ut")
	sess.Files = []session.GeneratedFile{{Kind: "bestilling", Path: "/tmp/bestilling-blabaer.docx", CreatedAt: goLiveNow}}
	return onTrack(&ui.Context{Session: sess, Lang: lang, NoColor: true, Width: 80, Height: 24}, Deps{Now: func() time.Time { return goLiveNow }})
}

func goLiveScreen(t *testing.T, ctx *ui.Context, id, field string) ui.Screen {
	t.Helper()
	for _, sc := range trackStep(t, ctx, session.StepGoLive).Screens {
		if sc.ID == id {
			s := sc.New(ctx, field)
			s.SetSize(78, 17) // the body of an 80×24 terminal
			if cmd := s.Init(); cmd != nil {
				s = drive(t, s, cmd())
			}
			return s
		}
	}
	t.Fatalf("no screen %s", id)
	return nil
}

func glEnter() tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyEnter} }
func glDown() tea.KeyMsg  { return tea.KeyMsg{Type: tea.KeyDown} }

func glPlain(s ui.Screen) string { return ansi.Strip(s.View()) }

// glFits checks what the frame shows of s in the body of an 80×24
// terminal (17 lines, scrolled to the focus): the selected item and the
// parts (a message) are in view, and the top is the title or the mark
// that says there is more above (the screen no longer cuts its lines to
// fit: the frame scrolls).
func glFits(t *testing.T, s ui.Screen, parts ...string) {
	t.Helper()
	shown := ansi.Strip(ui.Shown(s.View(), 17))
	if n := strings.Count(shown, "\n") + 1; n > 17 {
		t.Fatalf("%d lines shown in a body of 17:\n%s", n, shown)
	}
	if !strings.HasPrefix(shown, "Sjekkliste for hele onboardingen") && !strings.HasPrefix(shown, "↑ mer") {
		t.Fatalf("the top shows neither the title nor that there is more above:\n%s", shown)
	}
	flat := strings.Join(strings.Fields(shown), " ")
	for _, p := range append([]string{"▶"}, parts...) {
		if !strings.Contains(flat, strings.Join(strings.Fields(p), " ")) {
			t.Fatalf("%q is not in view at 80×24:\n%s", p, shown)
		}
	}
}

func glWant(t *testing.T, s ui.Screen, parts ...string) {
	t.Helper()
	v := glPlain(s)
	flat := strings.Join(strings.Fields(v), " ")
	for _, p := range parts {
		if !strings.Contains(flat, strings.Join(strings.Fields(p), " ")) {
			t.Fatalf("screen lacks %q:\n%s", p, v)
		}
	}
}

// glDocxText reads a .docx with archive/zip and encoding/xml only.
func glDocxText(t *testing.T, path string) string {
	t.Helper()
	s, err := docxtext.File(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// saved round-trips the session through its file format.
func glSaved(t *testing.T, s *session.Session) *session.Session {
	t.Helper()
	data, err := session.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := session.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func TestGoLiveStepShape(t *testing.T) {
	st := GoLive(Deps{})
	var ids []string
	for _, sc := range st.Screens {
		ids = append(ids, sc.ID)
		if sc.Title("nb") == sc.Title("en") && sc.ID != ScreenGuideSetup {
			t.Errorf("screen %s has no English title", sc.ID)
		}
	}
	if st.ID != session.StepGoLive || strings.Join(ids, ",") != "guide_setup,guide,checklist" || st.Problems == nil {
		t.Fatalf("step = %s %v", st.ID, ids)
	}
	if all := AltinnII(Deps{}).Steps; all[len(all)-1].ID != session.StepGoLive {
		t.Fatal("the Altinn II track does not end with go-live")
	}
}

// The setup form and the guide screen, driven by keys: the guide is made
// in both formats, recorded, and the other files are kept.
func TestGoLiveMakeGuide(t *testing.T) {
	ctx := goLiveCtx(t, "nb")
	sess := ctx.Session

	s := goLiveScreen(t, ctx, ScreenGuideSetup, "")
	glWant(t, s, "Steg 6 av 6", "Språk i brukerveiledningen", "Kontaktpersonen fra steg 1 (Åse Ødegård)")
	s = drive(t, s, glEnter())
	s = drive(t, s, glEnter())
	if !s.Done() || sess.GoLive.GuideLang != "nb" || sess.GoLive.Support != nil {
		t.Fatalf("setup: done=%v lang=%q support=%+v\n%s", s.Done(), sess.GoLive.GuideLang, sess.GoLive.Support, glPlain(s))
	}

	s = goLiveScreen(t, ctx, ScreenGuide, "")
	glWant(t, s, "Språk: norsk (bokmål)", "Kontakt i veiledningen: Åse Ødegård, ase@blabaer.example.no, +47 912 34 567",
		"▶ Lag brukerveiledningen (Markdown og Word, norsk (bokmål))", "Videre til sjekklisten")
	s = drive(t, s, glEnter())
	glWant(t, s, "Laget brukerveiledningen i "+sess.Settings.OutputDir, "Filene:",
		"Åpne brukerveiledning-blabaer-regnskap-pro.md", "Åpne brukerveiledning-blabaer-regnskap-pro.docx")

	back := glSaved(t, sess)
	if len(back.Files) != 3 || back.Files[0].Kind != "bestilling" ||
		back.Files[1].Kind != KindGuideMarkdown || back.Files[2].Kind != KindGuideDocx {
		t.Fatalf("files = %+v", back.Files)
	}
	if back.StepStatus(session.StepGoLive) != session.InProgress {
		t.Fatalf("step 6 status = %s", back.StepStatus(session.StepGoLive))
	}
	mdPath, docxPath := back.Files[1].Path, back.Files[2].Path
	if mdPath != filepath.Join(sess.Settings.OutputDir, "brukerveiledning-blabaer-regnskap-pro.md") {
		t.Fatalf("md at %s", mdPath)
	}
	for _, p := range []string{mdPath, docxPath} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", p, err, st)
		}
		if !strings.Contains(strings.Join(strings.Fields(glPlain(s)), ""), p) {
			t.Fatalf("path %s not shown:\n%s", p, glPlain(s))
		}
	}
	md, _ := os.ReadFile(mdPath)
	for _, w := range []string{"# Slik tar du i bruk «Blåbær Regnskap Pro» med Altinn", "**Profil > Avanserte innstillinger > Datasystem**",
		"5. Kryss av for at datasystemet støtter signering", "- Kontaktperson: Åse Ødegård", "- Telefon: +47 912 34 567",
		"Kontakt Blåbær & Søn \\<Regnskap> AS:"} {
		if !strings.Contains(string(md), w) {
			t.Errorf("Markdown lacks %q:\n%s", w, md)
		}
	}
	text := glDocxText(t, docxPath)
	for _, w := range []string{"Velg «Blåbær Regnskap Pro» fra listen", "Gå til Profil > Avanserte innstillinger > Datasystem.",
		"Kryss av for at datasystemet støtter signering", "Åse Ødegård", "ase@blabaer.example.no", "Kontakt Blåbær & Søn <Regnskap> AS:"} {
		if !strings.Contains(text, w) {
			t.Errorf(".docx lacks %q:\n%s", w, text)
		}
	}

	// English, with a support contact and a system that does not sign:
	// the guide's files are replaced, not added.
	sess.GoLive.GuideLang = "en"
	sess.GoLive.Support = &session.Person{Name: "Kundestøtte", Email: "hjelp@blabaer.example.no", Phone: "22 33 44 55"}
	sess.Answers.Declaration.SignsForUsers = session.Bool(false)
	s = goLiveScreen(t, ctx, ScreenGuide, "")
	glWant(t, s, "Lag brukerveiledningen (Markdown og Word, engelsk)", "Kontakt i veiledningen: Kundestøtte, hjelp@blabaer.example.no, +47 22 33 44 55")
	drive(t, s, glEnter())
	back = glSaved(t, sess)
	if len(back.Files) != 3 || !strings.HasSuffix(back.Files[1].Path, "user-guide-blabaer-regnskap-pro.md") || !strings.HasSuffix(back.Files[2].Path, ".docx") {
		t.Fatalf("files = %+v", back.Files)
	}
	md, _ = os.ReadFile(back.Files[1].Path)
	text = glDocxText(t, back.Files[2].Path)
	for _, got := range []string{string(md), text} {
		if !strings.Contains(got, "How to use “Blåbær Regnskap Pro” with Altinn") || !strings.Contains(got, "Kundestøtte") ||
			!strings.Contains(got, "+47 22 33 44 55") || strings.Contains(got, "Åse Ødegård") || strings.Contains(got, "signing") {
			t.Errorf("English guide wrong:\n%s", got)
		}
	}
}

// Without the answers it needs, the guide is not made; each missing
// answer is a jump to where it is fixed.
func TestGoLiveGuideBlocked(t *testing.T) {
	ctx := goLiveCtx(t, "en")
	ctx.Session.Answers.System.Name = ""
	ctx.Session.Answers.Declaration.SignsForUsers = nil
	s := goLiveScreen(t, ctx, ScreenGuide, "")
	glWant(t, s, "✗ system.name", "✗ declaration.signs_for_users")
	if !strings.Contains(strings.Split(glPlain(s), "▶")[1], "system.name") {
		t.Fatalf("cursor not on the first problem:\n%s", glPlain(s))
	}
	_, cmd := s.Update(glEnter())
	if j, ok := cmd().(ui.JumpMsg); !ok || j != (ui.JumpMsg{Step: session.StepRegistration, Screen: ScreenSystem, Field: "system.name"}) {
		t.Fatalf("jump = %#v", j)
	}
	s = drive(t, s, glDown())
	s = drive(t, s, glDown())
	s = drive(t, s, glEnter())
	glWant(t, s, "Fix what is marked ✗ first")
	if len(guideFiles(ctx.Session)) != 0 {
		t.Fatal("guide recorded")
	}
	if _, err := os.Stat(ctx.Session.Settings.OutputDir); !os.IsNotExist(err) {
		t.Fatalf("output folder touched: %v", err)
	}

	// A support person with a broken address blocks it too, in step 6.
	ctx = goLiveCtx(t, "nb")
	ctx.Session.GoLive.Support = &session.Person{Name: "Støtte", Email: "støtte@", Phone: "22334455"}
	s = goLiveScreen(t, ctx, ScreenGuide, "")
	_, cmd = s.Update(glEnter())
	if j, ok := cmd().(ui.JumpMsg); !ok || j.Step != session.StepGoLive || j.Screen != ScreenGuideSetup || j.Field != "go_live.support.email" {
		t.Fatalf("jump = %#v", j)
	}
}

// The checklist: steps 1–5 with their status, the go-live ticks, marking
// step 6 done while others are open, then the whole onboarding complete.
func TestGoLiveChecklist(t *testing.T) {
	ctx := goLiveCtx(t, "nb")
	sess := ctx.Session
	sess.SetStepStatus(session.StepRegistration, session.Done, goLiveNow)
	sess.SetStepStatus(session.StepIntegration, session.InProgress, goLiveNow)

	s := goLiveScreen(t, ctx, ScreenChecklist, "")
	glWant(t, s, "Sjekkliste for hele onboardingen", "✓ 1 Registrering", "ferdig", "◐ 2 Integrasjon", "pågår",
		"○ 3", "ikke startet", "[ ] Altinn har svart at datasystemet er registrert",
		"Merk steg 6 som ferdig (steg 2, 3, 4 og 5 er ikke ferdige)")
	if s.Field() != CheckRegistrationConfirmed {
		t.Fatalf("cursor on %q, want the first item not ticked", s.Field())
	}
	glFits(t, s)

	// Ticking: x, space and enter.
	s = drive(t, s, keys("x"))
	s = drive(t, s, glDown())
	s = drive(t, s, tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
	s = drive(t, s, glDown())
	s = drive(t, s, glEnter())
	glWant(t, s, "[x] Altinn har svart", "[x] Gjeldende status er sjekket på samarbeid.digdir.no", "[x] Brukerveiledningen er sendt", "[ ] Kundene vet")
	if sess.StepStatus(session.StepGoLive) != session.InProgress {
		t.Fatalf("status = %s after ticking", sess.StepStatus(session.StepGoLive))
	}

	// Not yet: one item left and no guide.
	s = drive(t, s, glDown())
	s = drive(t, s, glDown())
	s = drive(t, s, glEnter())
	glWant(t, s, "Steg 6 kan ikke merkes ferdig ennå: lag brukerveiledningen, og kryss av punktene som står igjen (1).")
	if sess.StepStatus(session.StepGoLive) == session.Done {
		t.Fatal("marked done with problems")
	}
	glFits(t, s, "Steg 6 kan ikke merkes ferdig ennå")

	// Guide made, last item ticked: step 6 is done, the onboarding not.
	sess.Files = append(sess.Files,
		session.GeneratedFile{Kind: KindGuideMarkdown, Path: "/tmp/g.md"}, session.GeneratedFile{Kind: KindGuideDocx, Path: "/tmp/g.docx"})
	s = goLiveScreen(t, ctx, ScreenChecklist, CheckCustomersInformed)
	if s.Field() != CheckCustomersInformed {
		t.Fatalf("resume on %q", s.Field())
	}
	s = drive(t, s, keys("x"))
	s = drive(t, s, glDown())
	s = drive(t, s, glEnter())
	glWant(t, s, "✓ Steg 6 er ferdig (steg 2, 3, 4 og 5 er ikke ferdige)", "Onboardingen er ikke fullført før steg 2, 3, 4 og 5 er ferdige")
	back := glSaved(t, sess)
	if back.StepStatus(session.StepGoLive) != session.Done || back.GoLive.Completed || ctx.Track.StepsDone(back) || len(goLiveProblems(ctx)) != 0 {
		t.Fatalf("after marking step 6: status=%s completed=%v complete=%v", back.StepStatus(session.StepGoLive), back.GoLive.Completed, ctx.Track.StepsDone(back))
	}
	for _, c := range goLiveChecks {
		if !back.GoLive.Checklist[c.key] {
			t.Errorf("%s not saved", c.key)
		}
	}

	// A step line jumps to its step.
	s = goLiveScreen(t, ctx, ScreenChecklist, "")
	for range 8 { // from "mark done" up to step 2
		s, _ = s.Update(tea.KeyMsg{Type: tea.KeyUp})
	}
	_, cmd := s.Update(glEnter())
	if j, ok := cmd().(ui.JumpMsg); !ok || j.Step != session.StepIntegration {
		t.Fatalf("jump = %#v", j)
	}

	// Steps 1–5 done: the whole onboarding can be marked complete.
	for _, id := range ctx.Track.StepIDs()[:5] {
		sess.SetStepStatus(id, session.Done, goLiveNow)
	}
	s = goLiveScreen(t, ctx, ScreenChecklist, "")
	glWant(t, s, "▶ Merk hele onboardingen som fullført")
	s = drive(t, s, glEnter())
	// Every step is marked done, but steps 2, 3 and 5 still have problems
	// (this session has no keys, no SystemID, no test users): the list of
	// sessions (ui.Track.Status) would not say "complete", so neither does
	// the checklist.
	glWant(t, s, "Alle steg er ferdige, men steg 2, 3 og 5 har noe å rette", "Økta står som «fullført» i listen over økter når det er rettet")
	if strings.Contains(glPlain(s), "✓ Onboardingen er fullført") {
		t.Fatalf("complete with problems left:\n%s", glPlain(s))
	}
	// With nothing left to fix, it is complete.
	fixed := *ctx.Track
	fixed.Steps = append([]ui.Step(nil), fixed.Steps...)
	for i := range fixed.Steps {
		fixed.Steps[i].Problems = nil
	}
	ctx.Track = &fixed
	s = goLiveScreen(t, ctx, ScreenChecklist, "")
	glWant(t, s, "✓ Onboardingen er fullført")
	s = drive(t, s, glEnter())
	glWant(t, s, "✓ Onboardingen er fullført", "Økta står som «fullført» i listen over økter")
	back = glSaved(t, sess)
	if !back.GoLive.Completed || !ctx.Track.StepsDone(back) {
		t.Fatalf("completed=%v complete=%v", back.GoLive.Completed, ctx.Track.StepsDone(back))
	}

	// Unticking an item opens step 6 again.
	s = goLiveScreen(t, ctx, ScreenChecklist, CheckGuideSent)
	s = drive(t, s, keys("x"))
	glWant(t, s, "Steg 6 er åpnet igjen", "[ ] Brukerveiledningen er sendt")
	back = glSaved(t, sess)
	if back.GoLive.Completed || ctx.Track.StepsDone(back) || back.StepStatus(session.StepGoLive) != session.InProgress || back.GoLive.Checklist[CheckGuideSent] {
		t.Fatalf("after unticking: %+v %s", back.GoLive, back.StepStatus(session.StepGoLive))
	}
}

func TestGoLiveChecklistEnglish(t *testing.T) {
	ctx := goLiveCtx(t, "en")
	ctx.Session.Answers.System.Services = nil
	s := goLiveScreen(t, ctx, ScreenChecklist, "")
	glWant(t, s, "Checklist of the whole onboarding", "○ 1 Registration", "not started",
		"[ ] Altinn has replied that the datasystem is registered", "Mark step 6 done (steps 1, 2, 3, 4 and 5 are not done)")
	for _, nb := range []string{"ikke", "Steg", "Merk"} {
		if strings.Contains(glPlain(s), nb) {
			t.Errorf("Norwegian %q on an English screen:\n%s", nb, glPlain(s))
		}
	}
}

func TestGoLiveProblems(t *testing.T) {
	ctx := goLiveCtx(t, "en")
	probs := goLiveProblems(ctx)
	if len(probs) != 1+len(goLiveChecks) || probs[0].Screen != ScreenGuide || probs[1].Field != CheckRegistrationConfirmed {
		t.Fatalf("problems = %+v", probs)
	}
	if !strings.Contains(probs[0].Message, "user guide has not been made") {
		t.Fatalf("message = %q", probs[0].Message)
	}
	ctx.Session.GoLive.Support = &session.Person{Name: "X", Email: "x@example.no", Phone: "1"}
	if p := goLiveProblems(ctx); p[0].Screen != ScreenGuideSetup || p[0].Field != "go_live.support.phone" {
		t.Fatalf("support problem = %+v", p[0])
	}
}

// A step's problem in the checklist is read whole, not cut with "…": the
// step's line wraps, its further lines under the step's title (a hanging
// indent), at 80×24 and narrower; the screen still fits the frame.
func TestGoLiveChecklistProblemsWrapWhole(t *testing.T) {
	for _, width := range []int{78, 58} {
		ctx := goLiveCtx(t, "nb")
		ctx.Session.Answers.Vendor.OrgNumber = "123"
		ctx.Session.SetStepStatus(session.StepIntegration, session.InProgress, goLiveNow)
		s := goLiveScreen(t, ctx, ScreenChecklist, "")
		s.SetSize(width, 17)
		view := glPlain(s)
		flat := strings.Join(strings.Fields(view), " ")
		steps, _ := otherSteps(ctx)
		wrapped := 0
		for _, st := range steps {
			probs := st.Problems(ctx)
			if len(probs) == 0 {
				continue
			}
			if msg := strings.Join(strings.Fields(probs[0].Message), " "); !strings.Contains(flat, msg) {
				t.Errorf("at width %d the problem of %s is not whole: %q\n%s", width, st.ID, msg, view)
			}
		}
		// The steps' lines: between their heading and the ticks' heading.
		from, to := strings.Index(view, "Steg 1–5"), strings.Index(view, "I drift")
		if from < 0 || to < from {
			t.Fatalf("no list of steps:\n%s", view)
		}
		if strings.Contains(view[from:to], "…") {
			t.Errorf("at width %d a step's line is cut:\n%s", width, view)
		}
		for _, l := range strings.Split(view[from:to], "\n")[1:] {
			item := strings.TrimPrefix(strings.TrimPrefix(l, "▶"), "  ")
			item = strings.TrimPrefix(item, " ")
			if l == "" || strings.HasPrefix(item, "○") || strings.HasPrefix(item, "◐") || strings.HasPrefix(item, "✓") {
				continue
			}
			wrapped++
			if !strings.HasPrefix(l, "      ") || l[6] == ' ' {
				t.Errorf("at width %d a step's further line is not under its title (6 cells in): %q\n%s", width, l, view)
			}
		}
		if wrapped == 0 {
			t.Errorf("at width %d no step's line wrapped; the test sees nothing:\n%s", width, view)
		}
		glFits(t, s)
		// Up at the first item: the title is in view.
		s = drive(t, s, tea.KeyMsg{Type: tea.KeyHome})
		if shown := ansi.Strip(ui.Shown(s.View(), 17)); !strings.HasPrefix(shown, "Sjekkliste for hele onboardingen") || !strings.Contains(shown, "▶") {
			t.Errorf("at width %d the title and the first item are not in view together:\n%s", width, shown)
		}
	}
}
