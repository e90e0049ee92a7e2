package ui_test

import (
	"bytes"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/altinn-onboard/altinn-onboard/internal/teadrive"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/templates/docxtext"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// user drives a running program as a person would: type, press a key,
// and wait until the screen shows what should come next.
type user struct {
	t  *testing.T
	tm *teatest.TestModel
}

func (u *user) typ(s string) { typeText(u.tm, s) }

func (u *user) key(k tea.KeyType) { u.tm.Send(tea.KeyMsg{Type: k}) }

// waitFor waits until new output contains every one of the texts.
func (u *user) waitFor(texts ...string) {
	u.t.Helper()
	var seen []byte
	teatest.WaitFor(u.t, u.tm.Output(), func(b []byte) bool {
		seen = b
		for _, s := range texts {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(teadrive.DefaultTimeout), teatest.WithCheckInterval(10*time.Millisecond))
	if os.Getenv("FLOW_DEBUG") != "" {
		u.t.Logf("waited for %q; saw %q", texts, seen)
	}
}

// answer types a value, presses Enter and waits for the next field.
func (u *user) answer(value, next string) {
	u.t.Helper()
	u.typ(value)
	u.key(tea.KeyEnter)
	u.waitFor(next)
}

func start(t *testing.T, o ui.Options) *user {
	tm := teatest.NewTestModel(t, ui.New(o), teatest.WithInitialTermSize(100, 30))
	return &user{t: t, tm: tm}
}

func (u *user) quit() *ui.App {
	u.t.Helper()
	u.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	app := u.tm.FinalModel(u.t, teatest.WithFinalTimeout(teadrive.DefaultTimeout)).(*ui.App)
	if err := app.Close(); err != nil {
		u.t.Fatal(err)
	}
	return app
}

// The whole of step 1 as a new user: create a session, fill in answers
// with æøå, get a wrong org number refused and corrected, quit half-way,
// resume on the same field, finish, review and make the package.
func TestFlowStep1NewQuitResumeGenerate(t *testing.T) {
	st := newStore(t)
	st.Now = time.Now
	out := t.TempDir()
	o := options(st)
	o.Now = time.Now
	withDeps(&o, steps.Deps{Now: time.Now, OutputBase: out})

	u := start(t, o)
	u.waitFor("Navn på den nye økten")
	u.answer("Kunde Ærlig", "Organisasjonsnummer")
	u.typ("123456789")
	u.key(tea.KeyEnter)
	u.waitFor("123456789 er ikke et gyldig organisasjonsnummer")
	u.key(tea.KeyBackspace)
	u.answer("5", "┃ Navn")
	u.answer("Blåbær & Søn <AS>", "┃ Adresse")
	u.answer("Storgata 1", "┃ Postnummer")
	u.answer("9008", "┃ Poststed")
	u.answer("Tromsø", "Kontaktperson")
	u.answer("Åse Ødegård", "┃ E-post")
	u.typ("ase@blab") // half-way through a field
	u.waitFor("ase@blab")
	app := u.quit()

	s := saved(t, st, "Kunde Ærlig")
	if s.Answers.Vendor.OrgNumber != "123456785" || s.Answers.Vendor.Name != "Blåbær & Søn <AS>" || s.Answers.Vendor.City != "Tromsø" {
		t.Fatalf("vendor not saved: %+v", s.Answers.Vendor)
	}
	if s.Answers.Contact.Email != "ase@blab" {
		t.Fatalf("half-typed e-mail not saved: %q", s.Answers.Contact.Email)
	}
	if s.Cursor != (session.Cursor{Step: session.StepRegistration, Screen: steps.ScreenContact, Field: "contact.email"}) {
		t.Fatalf("cursor = %+v", s.Cursor)
	}
	if app.Lock() == nil {
		t.Fatal("no lock was held")
	}

	// Come back: the picker offers the session; enter resumes on the field.
	u = start(t, o)
	u.waitFor("Kunde Ærlig", "Blåbær & Søn <AS> (123 456 785)") // grouped, as documents write it
	u.key(tea.KeyEnter)
	u.waitFor("┃ E-post", "ase@blab")
	u.answer("aer.no", "┃ Telefon")
	u.answer("912 34 567", "Har dere en egen teknisk kontakt")
	u.key(tea.KeyDown) // "Samme som kontaktpersonen"
	u.key(tea.KeyEnter)
	u.waitFor("Systemnavn")
	u.answer("Blåbær Regnskap Pro", "┃ Versjon")
	u.answer("2026.11", "┃ Kort beskrivelse")
	u.answer("Regnskap for små bedrifter", "┃ Kategori")
	u.key(tea.KeyDown) // Regnskap
	u.key(tea.KeyEnter)
	u.waitFor("Grensesnitt, innlogging og miljøer")
	u.answer(" ", "┃ Autentisering") // SOAP
	u.answer(" ", "┃ Miljøer")       // SystemID + passord
	u.answer(" ", "Tjenester systemet skal bruke")
	u.typ("a")
	u.waitFor("Tjeneste 1")
	u.answer("4936", "┃ Utgavekode")
	u.answer("1", "┃ Tjenestenavn")
	u.answer("A-melding", "┃ Tjenesteeier")
	u.answer("Skatteetaten", "4936")
	u.key(tea.KeyTab)
	u.waitFor("Signerer systemet på vegne av brukerne?")
	u.key(tea.KeyDown) // Ja
	u.key(tea.KeyEnter)
	u.waitFor("┃ Henter systemet")
	u.key(tea.KeyDown)
	u.key(tea.KeyDown) // Nei
	u.key(tea.KeyEnter)
	u.waitFor("┃ Lagrer systemet")
	u.key(tea.KeyDown)
	u.key(tea.KeyDown) // Nei
	u.key(tea.KeyEnter)
	u.waitFor("┃ Sikkerhetstiltak")
	u.typ("Tilgangsstyring per bruker.")
	u.tm.Send(tea.KeyMsg{Type: tea.KeyEnter, Alt: true}) // a new line
	u.answer("All trafikk over HTTPS.", "Den som signerer")
	u.answer("Åse Ødegård", "┃ Rolle")
	u.answer("Daglig leder", "┃ Sted")
	u.answer("Tromsø", "┃ Dato")
	u.typ("2026-11-25")
	u.key(tea.KeyEnter)
	u.waitFor("Gjennomgang av steg 1", "alt er fylt ut")
	u.key(tea.KeyEnter) // "Lag dokumentene og e-posten"
	u.waitFor("Laget 3 filer")
	u.quit()

	s = saved(t, st, "Kunde Ærlig")
	if len(s.Files) != 3 {
		t.Fatalf("files not recorded: %+v", s.Files)
	}
	if got := s.Answers.Declaration.SecurityMeasures; got != "Tilgangsstyring per bruker.\nAll trafikk over HTTPS." {
		t.Fatalf("security measures = %q", got)
	}
	dir := filepath.Join(out, "kunde-aerlig")
	order := readDocx(t, filepath.Join(dir, "bestilling-blabaer-regnskap-pro.docx"))
	for _, want := range []string{"Blåbær & Søn <AS>", "123 456 785", "Storgata 1", "9008", "Tromsø", "Åse Ødegård",
		"ase@blabaer.no", "+47 912 34 567", "Blåbær Regnskap Pro", "2026.11", "4936", "A-melding", "Daglig leder"} {
		if !strings.Contains(order, want) {
			t.Errorf("order form lacks %q", want)
		}
	}
	decl := readDocx(t, filepath.Join(dir, "egenerklaering-blabaer-regnskap-pro.docx"))
	if !strings.Contains(decl, "Tilgangsstyring per bruker.") || !strings.Contains(decl, "All trafikk over HTTPS.") {
		t.Errorf("self-declaration lacks the security measures:\n%s", decl)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "registrering-blabaer-regnskap-pro.eml"))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if from, _ := mail.ParseAddress(msg.Header.Get("From")); from == nil || from.Address != "ase@blabaer.no" {
		t.Errorf("From = %q", msg.Header.Get("From"))
	}
}

func readDocx(t *testing.T, path string) string {
	t.Helper()
	s, err := docxtext.File(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
