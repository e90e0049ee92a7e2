package steps

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

func TestTestingFactsScreen(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"nb", []string{"Steg 5 av 6", "https://tt02.altinn.no", "«Altinn kodebrev»", "fiktive testpersoner og testvirksomheter",
			"Buypass' eller Commfides' test-CA", "sluttbrukersystem@altinn.no"}},
		{"en", []string{"Step 5 of 6", "https://tt02.altinn.no", "\"Altinn kodebrev\"", "fictitious test persons and test organisations",
			"Buypass' or Commfides' test CAs", "sluttbrukersystem@altinn.no"}},
	} {
		ctx := svContext(c.lang)
		s := svScreen(t, trackStep(t, ctx, session.StepTesting), ScreenTT02Facts, ctx, "")
		wantScreen(t, s, c.want...)
		s = drive(t, s, svEnter)
		if !s.Done() {
			t.Fatal("enter did not go on")
		}
	}
}

func TestTestUsersForm(t *testing.T) {
	t.Parallel()
	ctx := svContext("nb")
	tst := &ctx.Session.Testing
	s := startForm(t, svScreen(t, trackStep(t, ctx, session.StepTesting), ScreenTestUsers, ctx, ""))
	wantScreen(t, s, "Antall testpersoner", "Antall testorganisasjoner", "aldri ekte personer")
	if s.Field() != "testing.test_persons" {
		t.Fatalf("field %q", s.Field())
	}
	s = driveForm(t, s, keys("tre"), svEnter)
	wantScreen(t, s, "Skriv et helt tall")
	s = driveForm(t, s, tea.KeyMsg{Type: tea.KeyCtrlU}, keys("0"), svEnter, keys("0"), svEnter)
	wantScreen(t, s, "Bestill minst én testperson eller én testorganisasjon")
	if s.Done() {
		t.Fatal("an order of nothing was accepted")
	}
	s = driveForm(t, s, tea.KeyMsg{Type: tea.KeyBackspace}, keys("2"), svEnter)
	if !s.Done() {
		t.Fatalf("not done:\n%s", s.View())
	}
	if tst.TestPersons != 0 || tst.TestOrganisations != 2 {
		t.Fatalf("saved %d persons, %d organisations", tst.TestPersons, tst.TestOrganisations)
	}

	// Resume on the second field, with the saved numbers shown.
	tst.TestPersons = 4
	s = startForm(t, svScreen(t, trackStep(t, ctx, session.StepTesting), ScreenTestUsers, ctx, "testing.test_organisations"))
	if s.Field() != "testing.test_organisations" {
		t.Fatalf("resumed on %q", s.Field())
	}
	wantScreen(t, s, "> 4", "> 2")
}

// A session whose answers are complete: three services, one of them for
// PROD only.
func tsSession(lang string) *ui.Context { return tsSessionIn(lang, "") }

// tsSessionIn is tsSession with the session's files going under out.
func tsSessionIn(lang, out string) *ui.Context {
	ctx := svContextIn(lang, out)
	ctx.Session.Answers = sessiontest.Answers()
	ctx.Session.Answers.System.Services[1].Environments = []string{session.EnvProd}
	return ctx
}

func TestChecklistFollowsServices(t *testing.T) {
	t.Parallel()
	ctx := tsSession("nb")
	sess := ctx.Session
	sess.Answers.Declaration.SignsForUsers = session.Bool(false)
	step := trackStep(t, ctx, session.StepTesting)
	s := svScreen(t, step, ScreenTT02Checklist, ctx, "")
	if got := svChecklist(sess); !slices.Equal(got, []string{"4936/1", "3124/140507"}) {
		t.Fatalf("checklist %v", got)
	}
	wantScreen(t, s, "Sjekkliste for TT02", "Tjeneste Innsending Kvittering", "4936/1 A-melding [ ] [ ]", "3124/140507 Årsregnskap", "0 av 2 tjenester", "Signering er ikke med")
	wantScreenNot(t, s, "5703", "Kvittering Signering")

	// Tick submission and receipt of the first service, submission of the second.
	s = drive(t, s, tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyRight})
	s = drive(t, s, keys("x"))
	if s.Field() != "testing.checklist[0].receipt" {
		t.Fatalf("field %q", s.Field())
	}
	s = drive(t, s, svDown)
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyLeft})
	s = drive(t, s, keys("x"))
	want := []session.ServiceTest{{Code: "4936", Edition: "1", Submission: true, Receipt: true}, {Code: "3124", Edition: "140507", Submission: true}}
	if !slices.Equal(sess.Testing.Checklist, want) {
		t.Fatalf("checklist %+v", sess.Testing.Checklist)
	}
	wantScreen(t, s, "4936/1 A-melding [x] [x]", "1 av 2 tjenester ferdig testet")

	// Problems: the untested receipt, the test users.
	msgs := tsMessages(step.Problems(ctx))
	for _, w := range []string{"3124/140507 Årsregnskap <\"test\">: ikke testet i TT02: kvittering", "Bestill minst én testperson", "Testbrukerne er ikke bestilt"} {
		if !strings.Contains(msgs, w) {
			t.Errorf("problems lack %q:\n%s", w, msgs)
		}
	}
	if strings.Contains(msgs, "4936/1") {
		t.Errorf("a tested service is a problem:\n%s", msgs)
	}

	// The system signs for users: signing joins the list, and is missing.
	sess.Answers.Declaration.SignsForUsers = session.Bool(true)
	s = svScreen(t, step, ScreenTT02Checklist, ctx, "testing.checklist[1].signing")
	wantScreen(t, s, "Innsending Kvittering Signering", "4936/1 A-melding [x] [x] [ ]")
	if s.Field() != "testing.checklist[1].signing" {
		t.Fatalf("resumed on %q", s.Field())
	}
	if msgs := tsMessages(step.Problems(ctx)); !strings.Contains(msgs, "4936/1 A-melding: ikke testet i TT02: signering") {
		t.Errorf("signing not asked for:\n%s", msgs)
	}

	// Step 4 removes a service and adds one: the checklist follows, ticks kept.
	t4 := svScreen(t, trackStep(t, ctx, session.StepServices), ScreenServiceTable, ctx, "system.services[2]")
	t4 = drive(t, t4, keys("x"))
	t4 = svAdd(t, t4, "2000", "10", "Ny tjeneste", "")
	_ = t4
	want = []session.ServiceTest{{Code: "4936", Edition: "1", Submission: true, Receipt: true}, {Code: "2000", Edition: "10"}}
	if !slices.Equal(sess.Testing.Checklist, want) {
		t.Fatalf("checklist %+v", sess.Testing.Checklist)
	}

	// Everything done: the checklist's tab marks step 5 done.
	for i := range sess.Testing.Checklist {
		r := &sess.Testing.Checklist[i]
		r.Submission, r.Receipt, r.Signing = true, true, true
	}
	sess.Testing.TestPersons, sess.Testing.TestUsersOrdered = 3, true
	if p := step.Problems(ctx); len(p) != 0 {
		t.Fatalf("problems left: %+v", p)
	}
	s = svScreen(t, step, ScreenTT02Checklist, ctx, "")
	s = drive(t, s, svTab)
	if !s.Done() || sess.StepStatus(session.StepTesting) != session.Done {
		t.Fatalf("done %v, status %s", s.Done(), sess.StepStatus(session.StepTesting))
	}
}

func tsMessages(ps []ui.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Message + "\n")
	}
	return b.String()
}

func TestTestUserOrderEmail(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	ctx := tsSessionIn("nb", out)
	sess := ctx.Session
	sess.Testing.TestPersons, sess.Testing.TestOrganisations = 5, 2
	sess.Files = []session.GeneratedFile{{Kind: "eml", Path: "/tmp/registrering.eml"}}
	step := trackStep(t, ctx, session.StepTesting)

	s := svScreen(t, step, ScreenTestUserOrder, ctx, "")
	wantScreen(t, s, "Til sluttbrukersystem@altinn.no",
		"Emne Bestilling av testbrukere – Blåbær Regnskap Pro",
		"4936/1 A-melding", "3124/140507 Årsregnskap",
		"5 testpersoner, 2 testorganisasjoner",
		"▶ Lag e-posten med bestillingen", "[ ] E-posten er sendt")
	wantScreenNot(t, s, "5703", "✗")

	s = drive(t, s, svEnter)
	if len(sess.Files) != 2 || sess.Files[0].Kind != "eml" || sess.Files[1].Kind != KindTestUserEmail {
		t.Fatalf("files %+v", sess.Files)
	}
	path := sess.Files[1].Path
	if filepath.Dir(path) != filepath.Join(out, "kunde-blabaer") || filepath.Base(path) != "testbrukere-blabaer-regnskap-pro.eml" {
		t.Fatalf("written to %s", path)
	}
	wantScreen(t, s, "Skrev", filepath.Base(path), "▶ Åpne testbrukere-blabaer-regnskap-pro.eml")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}

	// Read it back with the standard library only.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "sluttbrukersystem@altinn.no" {
		t.Fatalf("To = %q (%v)", msg.Header.Get("To"), err)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Address != "ase@blabaer.example.no" || from[0].Name != "Åse Ødegård" {
		t.Fatalf("From = %q (%v)", msg.Header.Get("From"), err)
	}
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != "Bestilling av testbrukere – Blåbær Regnskap Pro" {
		t.Fatalf("Subject = %q (%v)", subject, err)
	}
	if ct, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type")); err != nil || ct != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
		t.Fatalf("Content-Type = %q", msg.Header.Get("Content-Type"))
	}
	var body io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(msg.Body)
	}
	text, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	b := strings.ReplaceAll(string(text), "\r\n", "\n")
	for _, w := range []string{
		"Blåbær & Søn <Regnskap> AS", "123 456 785", "Blåbær Regnskap Pro",
		"Tjenestekode 4936, utgavekode 1: A-melding (Skatteetaten)",
		"Tjenestekode 3124, utgavekode 140507: Årsregnskap <\"test\"> (Brønnøysundregistrene)",
		"Testpersoner:         5", "Testorganisasjoner:   2",
		"Åse Ødegård", "ase@blabaer.example.no", "+47 912 34 567",
	} {
		if !strings.Contains(b, w) {
			t.Errorf("body lacks %q:\n%s", w, b)
		}
	}
	if strings.Contains(b, "5703") {
		t.Errorf("a PROD-only service is in the order:\n%s", b)
	}

	// Sent: the next item after "Åpne" is the tick.
	s = drive(t, s, svDown)
	s = drive(t, s, svEnter)
	if !sess.Testing.TestUsersOrdered {
		t.Fatal("not marked as ordered")
	}
	wantScreen(t, s, "[x] E-posten er sendt til sluttbrukersystem@altinn.no")

	// Writing again replaces the file's record instead of adding one.
	sess.Testing.TestPersons = 7
	s = svScreen(t, step, ScreenTestUserOrder, ctx, "")
	for s.(*testOrderScreen).items[s.(*testOrderScreen).menu.Cursor].action != orderWrite {
		s = drive(t, s, svUp)
	}
	s = drive(t, s, svEnter)
	if len(sess.Files) != 2 {
		t.Fatalf("files %+v", sess.Files)
	}
	raw, _ = os.ReadFile(path)
	if !bytes.Contains(raw, []byte("Testpersoner:         7")) {
		t.Error("the file was not written again")
	}
	_ = s
}

// What mail refuses is shown at the line it concerns, with a way to the
// field, and nothing is written.
func TestTestUserOrderRefused(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, lang string
		edit       func(*session.Session)
		want       []string
		jump       ui.JumpMsg
	}{
		{"line break in the contact's name", "nb",
			func(s *session.Session) { s.Answers.Contact.Name = "Åse\nBcc: ond@example.com" },
			[]string{"Fra Åse", "✗ Kontaktpersonens navn: Feltet kan bare ha én linje (fjern linjeskiftet)"},
			ui.JumpMsg{Step: session.StepRegistration, Screen: ScreenContact, Field: "contact.name"}},
		{"no test users", "en",
			func(s *session.Session) { s.Testing.TestPersons, s.Testing.TestOrganisations = 0, 0 },
			[]string{"Number 0 test persons, 0 test organisations ✗ The number of test persons: Order at least one test person or one test organisation"},
			ui.JumpMsg{Step: session.StepTesting, Screen: ScreenTestUsers, Field: "testing.test_persons"}},
		{"no services for TT02", "nb",
			func(s *session.Session) {
				for i := range s.Answers.System.Services {
					s.Answers.System.Services[i].Environments = []string{session.EnvProd}
				}
			},
			[]string{"(ingen tjenester for TT02)", "✗ Tjenestene: ingen tjenester er valgt for testing i TT02"},
			ui.JumpMsg{Step: session.StepServices, Screen: ScreenServiceTable, Field: "system.services"}},
		{"control character in a service name", "nb",
			func(s *session.Session) { s.Answers.System.Services[2].Name = "Års\x1bregnskap" },
			[]string{"✗ Tjeneste 3, navnet: Teksten inneholder et usynlig kontrolltegn (U+001B) på plass 4"},
			ui.JumpMsg{Step: session.StepServices, Screen: ScreenServiceTable, Field: "system.services[2].name"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			ctx := tsSessionIn(c.lang, out)
			ctx.Session.Testing.TestPersons = 1
			c.edit(ctx.Session)
			s := svScreen(t, trackStep(t, ctx, session.StepTesting), ScreenTestUserOrder, ctx, "")
			wantScreen(t, s, c.want...)
			// The cursor starts on the fix; enter asks the app to jump.
			var got tea.Msg
			_, cmd := s.Update(svEnter)
			if cmd != nil {
				got = cmd()
			}
			if got != c.jump {
				t.Fatalf("jump %#v, want %#v", got, c.jump)
			}
			// Writing is refused.
			s = drive(t, s, svDown)
			s = drive(t, s, svEnter)
			wantScreen(t, s, ui.T(c.lang, "Rett feilen over først", "Fix the problem above first"))
			if len(ctx.Session.Files) != 0 {
				t.Fatalf("files %+v", ctx.Session.Files)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Fatalf("something was written: %v", entries)
			}
		})
	}
}

func TestStepsHaveStableUniqueScreens(t *testing.T) {
	t.Parallel()
	for _, step := range []ui.Step{Services(Deps{}), Testing(Deps{})} {
		seen := map[string]bool{}
		for _, sc := range step.Screens {
			if sc.ID == "" || seen[sc.ID] {
				t.Errorf("step %s: screen ID %q", step.ID, sc.ID)
			}
			seen[sc.ID] = true
		}
	}
	all := AltinnII(Deps{}).Steps
	if all[3].ID != session.StepServices || all[4].ID != session.StepTesting {
		t.Fatal("steps 4 and 5 are not in the list")
	}
}

// Every screen of steps 4 and 5 fits the body of an 80×24 terminal
// (78×17), also with a long list of services, and keeps the selected row
// in view.
func TestStepScreensFit80x24(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"nb", "en"} {
		ctx := tsSessionIn(lang, t.TempDir())
		ctx.Width, ctx.Height = 78, 17
		sess := ctx.Session
		for i := range 12 {
			sess.Answers.System.Services = append(sess.Answers.System.Services,
				session.Service{Code: fmt.Sprint(7000 + i), Edition: "1", Name: fmt.Sprintf("Tjeneste nummer %d med et langt navn", i), Owner: "Statistisk sentralbyrå"})
		}
		sess.Testing.TestPersons = 2
		check := func(name string, s ui.Screen, want ...string) {
			t.Helper()
			if h := lipgloss.Height(s.View()); h > 17 {
				t.Errorf("%s %s: %d lines:\n%s", lang, name, h, ansi.Strip(s.View()))
			}
			wantScreen(t, s, want...)
		}
		for _, step := range []ui.Step{Services(Deps{}), Testing(Deps{})} {
			for _, sc := range step.Screens {
				s := sc.New(ctx, "")
				s.SetSize(78, 17)
				check(step.ID+"/"+sc.ID, startForm(t, s))
			}
		}
		s := svScreen(t, trackStep(t, ctx, session.StepServices), ScreenServiceTable, ctx, "system.services[14]")
		check("services, last row", s, "7011", ui.T(lang, "rad", "rows"))
		s = svScreen(t, trackStep(t, ctx, session.StepTesting), ScreenTT02Checklist, ctx, "testing.checklist[13].receipt")
		check("checklist, last row", s, "7011/1", ui.T(lang, "rad", "rows"))
		s = svScreen(t, trackStep(t, ctx, session.StepTesting), ScreenTestUserOrder, ctx, "")
		s = drive(t, s, svEnter)
		check("order, written", s, "testbrukere-blabaer-regnskap-pro.eml")
	}
}
