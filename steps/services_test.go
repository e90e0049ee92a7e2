package steps

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// startForm runs a form screen's Init as the program would.
func startForm(t *testing.T, s ui.Screen) ui.Screen {
	t.Helper()
	cmd := s.Init()
	if cmd == nil {
		return s
	}
	return driveForm(t, s, tea.BatchMsg{cmd})
}

var (
	svEnter = tea.KeyMsg{Type: tea.KeyEnter}
	svTab   = tea.KeyMsg{Type: tea.KeyTab}
	svDown  = tea.KeyMsg{Type: tea.KeyDown}
	svUp    = tea.KeyMsg{Type: tea.KeyUp}
)

func svContext(lang string) *ui.Context { return svContextIn(lang, "") }

// svContextIn is svContext with the session's files going under out.
func svContextIn(lang, out string) *ui.Context {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	return onTrack(&ui.Context{Session: session.New("Kunde Blåbær", now), Lang: lang, NoColor: true, Width: 110, Height: 40},
		Deps{Now: func() time.Time { return now }, OutputBase: out})
}

func svScreen(t *testing.T, step ui.Step, id string, ctx *ui.Context, field string) ui.Screen {
	t.Helper()
	for _, sc := range step.Screens {
		if sc.ID == id {
			s := sc.New(ctx, field)
			s.SetSize(ctx.Width, ctx.Height)
			return s
		}
	}
	t.Fatalf("step %s has no screen %q", step.ID, id)
	return nil
}

// addService adds a service through the editor's form, as a user types it.
func svAdd(t *testing.T, s ui.Screen, code, edition, name, owner string) ui.Screen {
	t.Helper()
	s = driveForm(t, s, keys("a"))
	if !s.Editing() {
		t.Fatalf("a did not open the service form:\n%s", s.View())
	}
	for _, v := range []string{code, edition, name, owner} {
		if v != "" {
			s = driveForm(t, s, keys(v))
		}
		s = driveForm(t, s, svEnter)
	}
	if s.Editing() {
		t.Fatalf("the service form did not close:\n%s", s.View())
	}
	return s
}

func svCodes(sess *session.Session) []string {
	var out []string
	for _, s := range sess.Answers.System.Services {
		out = append(out, s.Code)
	}
	return out
}

func svChecklist(sess *session.Session) []string {
	var out []string
	for _, r := range sess.Testing.Checklist {
		out = append(out, r.Code+"/"+r.Edition)
	}
	return out
}

func TestServicesStepTable(t *testing.T) {
	t.Parallel()
	ctx := svContext("nb")
	sess := ctx.Session
	step := trackStep(t, ctx, session.StepServices)
	s := svScreen(t, step, ScreenServiceTable, ctx, "")
	wantScreen(t, s, "Steg 4 av 6", "https://www.altinndigital.no/datasystemer", "tjenesteeieren", "Ingen tjenester ennå")
	if p := step.Problems(ctx); len(p) != 1 || !strings.Contains(p[0].Message, "Legg til minst én tjeneste") {
		t.Fatalf("problems of an empty list: %+v", p)
	}

	s = svAdd(t, s, "4936", "1", "A-melding", "Skatteetaten")
	s = svAdd(t, s, "2000", "10", "Årsregnskap", "Brønnøysundregistrene")
	s = svAdd(t, s, "5703", "2", "Mva-melding", "")
	wantScreen(t, s, "Kode Utgave Navn Eier Miljø", "4936 1 A-melding Skatteetaten alle", "2000 10 Årsregnskap Brønnøysundregistrene alle", "5703 2 Mva-melding – alle")
	if got := svCodes(sess); !slices.Equal(got, []string{"4936", "2000", "5703"}) {
		t.Fatalf("services %v", got)
	}
	if got := svChecklist(sess); !slices.Equal(got, []string{"4936/1", "2000/10", "5703/2"}) {
		t.Fatalf("checklist %v does not follow the services", got)
	}
	if p := step.Problems(ctx); len(p) != 0 {
		t.Fatalf("problems of a good list: %+v", p)
	}

	// The cursor is on the last row added; move it up twice with K and
	// shift+↑, then down with J.
	if got := s.Field(); got != "system.services[2]" {
		t.Fatalf("field %q", got)
	}
	s = drive(t, s, keys("K"))
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyShiftUp})
	if got := svCodes(sess); !slices.Equal(got, []string{"5703", "4936", "2000"}) {
		t.Fatalf("after moving up: %v", got)
	}
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyShiftUp}) // already first: nothing
	s = drive(t, s, keys("J"))
	if got := svCodes(sess); !slices.Equal(got, []string{"4936", "5703", "2000"}) {
		t.Fatalf("after moving down: %v", got)
	}
	if got := svChecklist(sess); !slices.Equal(got, []string{"4936/1", "5703/2", "2000/10"}) {
		t.Fatalf("checklist %v does not follow the new order", got)
	}
	if got := s.Field(); got != "system.services[1]" {
		t.Fatalf("the cursor did not follow the moved row: %q", got)
	}

	// Environments: p takes PROD away (TT02 is left), t cannot take the
	// last one, then PROD only drops the service from the TT02 checklist.
	sess.Testing.Checklist[1].Submission = true
	s = drive(t, s, keys("p"))
	if got := sess.Answers.System.Services[1].Environments; !slices.Equal(got, []string{"tt02"}) {
		t.Fatalf("environments %v", got)
	}
	wantScreen(t, s, "5703 2 Mva-melding – tt02")
	s = drive(t, s, keys("t"))
	wantScreen(t, s, "minst ett miljø")
	if got := sess.Answers.System.Services[1].Environments; !slices.Equal(got, []string{"tt02"}) {
		t.Fatalf("the last environment was taken: %v", got)
	}
	s = drive(t, s, keys("p"))
	if got := sess.Answers.System.Services[1].Environments; !slices.Equal(got, []string{"tt02", "prod"}) {
		t.Fatalf("environments %v", got)
	}
	if !sess.Testing.Checklist[1].Submission {
		t.Fatal("a tick was lost when the row stayed")
	}
	s = drive(t, s, keys("t"))
	if got := svChecklist(sess); !slices.Equal(got, []string{"4936/1", "2000/10"}) {
		t.Fatalf("a PROD-only service is in the TT02 checklist: %v", got)
	}

	// Edit the first row through the same form: enter opens it.
	s = drive(t, s, svUp)
	s = driveForm(t, s, svEnter)
	if !s.Editing() || s.Field() != "system.services[0].code" {
		t.Fatalf("enter did not open row 1: editing %v, field %q", s.Editing(), s.Field())
	}
	s = driveForm(t, s, tea.KeyMsg{Type: tea.KeyBackspace}, keys("7"), svEnter)
	wantScreen(t, s, "Tjeneste 1", "Utgavekode")
	// ctrl+s keeps the change (esc would cancel it: TestServiceEditCancel).
	s.(ui.SaveHandler).HandleSave()
	if s.Editing() {
		t.Fatal("ctrl+s did not close the form inside the screen")
	}
	if sess.Answers.System.Services[0].Code != "4937" {
		t.Fatalf("edited code %q", sess.Answers.System.Services[0].Code)
	}
	if got := svChecklist(sess); !slices.Equal(got, []string{"4937/1", "2000/10"}) {
		t.Fatalf("checklist %v after a changed code", got)
	}

	// Remove the last row: it and its checklist row go.
	s = drive(t, s, svDown)
	s = drive(t, s, svDown)
	s = drive(t, s, keys("x"))
	wantScreen(t, s, "Fjernet 2000/10 Årsregnskap")
	if got := svCodes(sess); !slices.Equal(got, []string{"4937", "5703"}) {
		t.Fatalf("after remove: %v", got)
	}
	if got := svChecklist(sess); !slices.Equal(got, []string{"4937/1"}) {
		t.Fatalf("checklist after remove: %v", got)
	}

	// tab finishes the step when the list is complete.
	s = drive(t, s, svTab)
	if !s.Done() || sess.StepStatus(session.StepServices) != session.Done {
		t.Fatalf("done %v, status %s", s.Done(), sess.StepStatus(session.StepServices))
	}
}

func TestServicesProblemsAndResume(t *testing.T) {
	t.Parallel()
	ctx := svContext("nb")
	sess := ctx.Session
	sess.Answers.System.Services = []session.Service{
		{Code: "4936", Edition: "1", Name: "A-melding"},
		{Code: "49a6", Edition: "", Name: "Feil"},
		{Code: "2000", Edition: "10", Name: ""},
		{Code: "4936", Edition: "1", Name: "A-melding igjen"},
	}
	step := trackStep(t, ctx, session.StepServices)
	var fields []string
	for _, p := range step.Problems(ctx) {
		if p.Screen != ScreenServiceTable {
			t.Errorf("problem on screen %q", p.Screen)
		}
		fields = append(fields, p.Field)
	}
	want := []string{"system.services[1].code", "system.services[1].edition", "system.services[2].name", "system.services[3].code"}
	if !slices.Equal(fields, want) {
		t.Fatalf("problem fields %v, want %v", fields, want)
	}
	msgs := ""
	for _, p := range step.Problems(ctx) {
		msgs += p.Message + "\n"
	}
	for _, w := range []string{"Tjeneste 2 (Feil): Tjenestekoden kan bare inneholde sifre", "Tjeneste 3: Feltet må fylles ut", "står også i rad 1"} {
		if !strings.Contains(msgs, w) {
			t.Errorf("messages lack %q:\n%s", w, msgs)
		}
	}

	// The table marks the bad rows and says what is wrong with the selected one.
	s := svScreen(t, step, ScreenServiceTable, ctx, "system.services[1]")
	if s.Editing() {
		t.Fatal("a row path opened the form")
	}
	wantScreen(t, s, "Rad 2: Tjenestekoden kan bare inneholde sifre")
	if strings.Count(ansi.Strip(s.View()), "\n! ") != 2 {
		t.Errorf("rows 3 and 4 not marked:\n%s", ansi.Strip(s.View()))
	}
	drive(t, s, svTab)
	if sess.StepStatus(session.StepServices) == session.Done {
		t.Fatal("a list with problems was marked done")
	}

	// A problem's field opens the form on it.
	s = svScreen(t, step, ScreenServiceTable, ctx, "system.services[2].name")
	if !s.Editing() || s.Field() != "system.services[2].name" {
		t.Fatalf("resume: editing %v, field %q", s.Editing(), s.Field())
	}
	wantScreen(t, s, "Tjeneste 3")
}

// Step 1 shows the same editor, compact: no environments.
func TestRegistrationServicesCompact(t *testing.T) {
	t.Parallel()
	ctx := svContext("en")
	sess := ctx.Session
	s := svScreen(t, trackStep(t, ctx, session.StepRegistration), ScreenServices, ctx, "")
	s = svAdd(t, s, "4936", "1", "A-melding", "Skatteetaten")
	s = svAdd(t, s, "5703", "2", "VAT return", "")
	wantScreen(t, s, "Services the system will use", "4936 1 A-melding (Skatteetaten)", "5703 2 VAT return")
	wantScreenNot(t, s, "Environment")
	s = drive(t, s, keys("p"))
	if len(sess.Answers.System.Services[1].Environments) != 0 {
		t.Fatal("step 1 changed environments")
	}
	s = drive(t, s, keys("K"))
	if got := svCodes(sess); !slices.Equal(got, []string{"5703", "4936"}) {
		t.Fatalf("reorder in step 1: %v", got)
	}
	// What step 1 edits is what step 4 shows.
	s4 := svScreen(t, trackStep(t, ctx, session.StepServices), ScreenServiceTable, ctx, "")
	wantScreen(t, s4, "5703 2 VAT return – all", "4936 1 A-melding Skatteetaten all")
	s = drive(t, s, svTab)
	if !s.Done() || sess.StepStatus(session.StepServices) == session.Done {
		t.Fatal("step 1's tab must finish the screen and leave step 4 alone")
	}
}
