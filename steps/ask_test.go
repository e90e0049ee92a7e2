package steps

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// A track's steps supply their questions: a form screen is asked from its
// form, a page of text is said, a screen with Ask is asked by it; the
// step is reviewed and, as in the app, marked done when left with no
// problems. Nothing of the Altinn II track is needed.
func TestAskStepsOfAnotherTrack(t *testing.T) {
	asked := false
	track := ui.Track{ID: "fake", Steps: []ui.Step{{
		ID:    "one",
		Title: func(string) string { return "Første" },
		Screens: []ui.ScreenSpec{
			{ID: "info", Title: func(string) string { return "Om steget" },
				New: func(ctx *ui.Context, _ string) ui.Screen {
					return ui.NewInfoScreen(ctx, "Les dette.\n\nTrykk enter for å gå videre.")
				}},
			formSpec("contact", "Kontakt", "Contact", nil, forms.ContactForm),
			{ID: "own", Title: func(string) string { return "Eget" },
				New: func(ctx *ui.Context, _ string) ui.Screen { return ui.NewInfoScreen(ctx, "") },
				Ask: func(ctx *ui.Context, p *ui.Prompter) error {
					v, err := p.YesNo("Egen handling?", "", nil)
					asked = v
					return err
				}},
		},
		DoneWhenLeft: true,
	}}}
	s := &session.Session{ID: "0123456789abcdef", Name: "Fake", Track: "fake"}
	in := "Kari Nordmann\nkari@firma.no\n91234567\nj\n9\n\n"
	var out strings.Builder
	p := ui.NewPrompter(strings.NewReader(in), &out, "nb")
	ctx := &ui.Context{Session: s, Lang: "nb", Accessible: true, Track: &track}
	if err := AskSteps(ctx, p, Deps{}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !asked || s.Answers.Contact.Email != "kari@firma.no" || s.StepStatus("one") != session.Done {
		t.Fatalf("asked %v, contact %+v, status %v\n%s", asked, s.Answers.Contact, s.StepStatus("one"), out.String())
	}
	for _, want := range []string{"## Steg 1 av 1: Første", "## Om steget\nLes dette.", "## Kontaktperson", "## Gjennomgang av steg 1", "1. Navn: Kari Nordmann",
		"Feil: skriv et nummer fra 1 til 3"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "Trykk enter") {
		t.Errorf("the terminal UI's key hint is read out:\n%s", out.String())
	}
}

// A screen that is neither a form nor a page and has no Ask is a program
// error, named, not a silent skip.
func TestAskScreenWithoutPlainVersion(t *testing.T) {
	track := ui.Track{ID: "fake", Steps: []ui.Step{{
		ID: "one", Title: func(string) string { return "Første" },
		Screens: []ui.ScreenSpec{{ID: "drawn", Title: func(string) string { return "Tegnet" },
			New: func(*ui.Context, string) ui.Screen { return drawnScreen{} }}},
	}}}
	s := &session.Session{ID: "0123456789abcdef", Name: "Fake", Track: "fake"}
	ctx := &ui.Context{Session: s, Lang: "nb", Accessible: true, Track: &track}
	err := AskSteps(ctx, ui.NewPrompter(strings.NewReader(""), &strings.Builder{}, "nb"), Deps{})
	if err == nil || !strings.Contains(err.Error(), `"drawn"`) {
		t.Fatalf("%v", err)
	}
}

type drawnScreen struct{}

func (drawnScreen) Init() tea.Cmd                         { return nil }
func (d drawnScreen) Update(tea.Msg) (ui.Screen, tea.Cmd) { return d, nil }
func (drawnScreen) View() string                          { return "" }
func (drawnScreen) SetSize(int, int)                      {}
func (drawnScreen) KeyBindings() []key.Binding            { return nil }
func (drawnScreen) Done() bool                            { return false }
func (drawnScreen) Editing() bool                         { return false }
func (drawnScreen) Field() string                         { return "" }

// Step 4's services are added, changed (with their environments) and
// removed in plain text, as in its editor.
func TestAskServicesOfStep4(t *testing.T) {
	track := AltinnII(Deps{})
	s := &session.Session{ID: "0123456789abcdef", Name: "Tjenester", Track: track.ID}
	s.Answers.System.Services = []session.Service{{Code: "4936", Edition: "1", Name: "A-melding"}}
	in := strings.Join([]string{
		"2", "5", "1", "MVA", "", "0", "2", // add 5/1 MVA: no environment refused, then PROD
		"5", "n", "", "", "", "", "", // change service 2 (not keeping): its fields kept, environments kept
		"3", "1", // remove A-melding
		"1", // go on
	}, "\n") + "\n"
	var out strings.Builder
	p := ui.NewPrompter(strings.NewReader(in), &out, "nb")
	ctx := &ui.Context{Session: s, Lang: "nb", Accessible: true, Track: &track}
	a := &asking{ctx: ctx, p: p, d: Deps{}, step: track.Steps[track.Index(session.StepServices)]}
	if err := a.screen(a.step.Screens[0]); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	list := s.Answers.System.Services
	if len(list) != 1 || list[0].Code != "5" || list[0].Name != "MVA" || !slices.Equal(list[0].Environments, []string{session.EnvProd}) {
		t.Fatalf("services %+v\n%s", list, out.String())
	}
	if !strings.Contains(out.String(), "Feil: En tjeneste må brukes i minst ett miljø") || s.StepStatus(session.StepServices) != session.Done {
		t.Fatalf("status %v\n%s", s.StepStatus(session.StepServices), out.String())
	}
}

// A step already done is offered again, not asked: "n" goes past it,
// "j" asks it with what is stored kept by empty lines.
func TestAskStepsOffersDoneStepAgain(t *testing.T) {
	mk := func() (*session.Session, ui.Track) {
		track := ui.Track{ID: "fake", Steps: []ui.Step{{
			ID: "one", Title: func(string) string { return "Første" },
			Screens: []ui.ScreenSpec{formSpec("contact", "Kontakt", "Contact", nil, forms.ContactForm)},
		}}}
		s := &session.Session{ID: "0123456789abcdef", Name: "Fake", Track: "fake"}
		s.Answers.Contact = session.Person{Name: "Kari", Email: "kari@firma.no", Phone: "91234567"}
		s.SetStepStatus("one", session.Done, time.Now())
		return s, track
	}
	for in, want := range map[string]string{
		"n\n":            "Steg 1 av 1, Første, er ferdig. Gå gjennom det igjen? (j/n)",
		"j\nj\n\n":       "Dette er lagret:\nNavn: Kari\nE-post: kari@firma.no",
		"j\nn\n\n\n\n\n": "Lagret svar: kari@firma.no. Tom linje beholder det.", // name, e-mail, phone kept; the review
	} {
		s, track := mk()
		var out strings.Builder
		ctx := &ui.Context{Session: s, Lang: "nb", Accessible: true, Track: &track}
		if err := AskSteps(ctx, ui.NewPrompter(strings.NewReader(in), &out, "nb"), Deps{}); err != nil {
			t.Fatalf("%q: %v\n%s", in, err, out.String())
		}
		if !strings.Contains(out.String(), want) || s.Answers.Contact.Email != "kari@firma.no" {
			t.Errorf("%q: the output lacks %q\n%s", in, want, out.String())
		}
		if in == "n\n" && strings.Contains(out.String(), "## Kontaktperson") {
			t.Errorf("a done step was asked when the user said no:\n%s", out.String())
		}
	}
}
