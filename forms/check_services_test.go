package forms

import (
	"slices"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
)

func TestCheckServices(t *testing.T) {
	t.Parallel()
	services := []session.Service{
		{Code: "4936", Edition: "1", Name: "A-melding", Environments: []string{session.EnvTT02}},
		{Code: " 49 36", Edition: "1", Name: "Mellomrom"},
		{Code: "2000", Edition: "", Name: "Uten utgave"},
		{Code: "5703", Edition: "2", Name: " "},
		{Code: "4936", Edition: "1", Name: "Igjen"},
		{Code: "4936", Edition: "2", Name: "Annen utgave"},
		{Code: "3124", Edition: "1", Name: "Feil miljø", Environments: []string{"test"}},
	}
	before := slices.Clone(services)
	var got []string
	msgs := map[string]string{}
	for _, fe := range CheckServices(services) {
		got = append(got, fe.Path)
		msgs[fe.Path] = Localize(fe.Err, NB)
	}
	want := []string{
		"system.services[1].code", "system.services[2].edition", "system.services[3].name",
		"system.services[6].environments[0]", "system.services[4].code",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("paths %v, want %v", got, want)
	}
	if m := msgs["system.services[4].code"]; !strings.Contains(m, "Tjenestekode 4936, utgave 1 står også i rad 1") {
		t.Errorf("duplicate message %q", m)
	}
	if !slices.EqualFunc(services, before, func(a, b session.Service) bool {
		return a.Code == b.Code && a.Edition == b.Edition && a.Name == b.Name && slices.Equal(a.Environments, b.Environments)
	}) {
		t.Error("the services were changed")
	}
	if p := CheckServices(services[:1]); len(p) != 0 {
		t.Errorf("a good row has problems: %v", p)
	}
	if p := CheckServices(nil); len(p) != 0 {
		t.Errorf("no rows, problems %v", p)
	}
}

// An empty list is a problem of the answers (Missing: not given yet), in
// both languages, so step 1's review, the overview and `fill` do not call
// a registration without services complete (issue 11 §5).
func TestCheckNoServices(t *testing.T) {
	t.Parallel()
	a := session.Answers{}
	_, p := Check(a)
	var got *FieldError
	for _, fe := range p {
		if fe.Path == "system.services" {
			got = fe
		}
	}
	if got == nil || !got.Missing || got.Message(NB) != "Legg til minst én tjeneste" || got.Message(EN) != "Add at least one service" {
		t.Fatalf("no services: %+v in %v", got, p)
	}
	a.System.Services = []session.Service{{Code: "4936", Edition: "1", Name: "A-melding"}}
	_, p = Check(a)
	for _, fe := range p {
		if strings.HasPrefix(fe.Path, "system.services") {
			t.Fatalf("one good service: %v", fe)
		}
	}
}
