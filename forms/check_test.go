package forms

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
)

// problemsOf is what Check finds in *a.
func problemsOf(a *session.Answers) Problems {
	_, p := Check(*a)
	return p
}

// tricky are values every field is tried with: good ones, blank ones,
// ones a rule normalises, and ones some rule refuses.
var tricky = []string{
	"", " ", "\t", "\u200b", "\u00a0x\u00a0", "ok", " Blåbær AS ", "Blåbær & Søn <AS>",
	"123456785", "123 456 785", "123456789", "0150", "150", "01 50", "4936", " 4936 ", "1", "x1", "３",
	"ola@firma.no", " ola@firma.no ", "åse@fjordsøl.no", "ase@fjordsøl.no", "ola@localhost", "Ola <ola@firma.no>",
	"91234567", "+47 912 34 567", "0047 91234567", "+46 8 123 456 78", "1234",
	"2026-11-25", "2026-13-01", "25.11.2026",
	"accounting", "Payroll", " other ", "ftp", "soap", "tt02", "PROD", "org", "person",
	"a\nb", "a\r\nb", "a\tb", "a\x00b", "\x1b]0;title\x07", "\x1b[2J", "a\u0085b", "a\u2028b", "a\u202eb", "\xff",
	strings.Repeat("x", 50), strings.Repeat("x", 51), strings.Repeat("x", 100), strings.Repeat("x", 101),
	strings.Repeat("ø", MaxShortText), strings.Repeat("ø", MaxShortText+1), strings.Repeat("x", 1001),
	strings.Repeat("y", MaxLongText+1),
}

func randomString(r *rand.Rand) string {
	if r.IntN(4) == 0 {
		// Glue two tricky values together, so rules meet mixtures too.
		return tricky[r.IntN(len(tricky))] + tricky[r.IntN(len(tricky))]
	}
	return tricky[r.IntN(len(tricky))]
}

func randomList(r *rand.Rand, from []string) []string {
	switch r.IntN(4) {
	case 0:
		return nil
	case 1:
		return []string{}
	}
	n := 1 + r.IntN(3)
	out := make([]string, n)
	for i := range out {
		if r.IntN(5) == 0 {
			out[i] = randomString(r)
		} else {
			out[i] = from[r.IntN(len(from))]
		}
	}
	return out
}

func randomBool(r *rand.Rand) *bool {
	switch r.IntN(3) {
	case 0:
		return nil
	case 1:
		return session.Bool(true)
	}
	return session.Bool(false)
}

func randomPerson(r *rand.Rand) session.Person {
	return session.Person{Name: randomString(r), Email: randomString(r), Phone: randomString(r)}
}

// randomAnswers fills every answer with a random tricky value; a quarter
// of them start from complete, valid answers.
func randomAnswers(r *rand.Rand) session.Answers {
	if r.IntN(4) == 0 {
		a := sessiontest.Answers()
		a.Contact.Email = " " + a.Contact.Email + " "
		a.TechnicalContact.Phone = "92 34 56 78"
		a.System.Services[0].Code = " 4936 "
		return a
	}
	a := session.Answers{
		Vendor:  session.Vendor{OrgNumber: randomString(r), Name: randomString(r), Address: randomString(r), PostalCode: randomString(r), City: randomString(r)},
		Contact: randomPerson(r),
		System: session.System{
			Name: randomString(r), Version: randomString(r), Description: randomString(r), Category: randomString(r),
			Interfaces: randomList(r, session.Interfaces), AuthMethods: randomList(r, session.AuthMethods),
			Environments: randomList(r, session.Environments),
		},
		Declaration: session.Declaration{SignsForUsers: randomBool(r), UsesPrefill: randomBool(r),
			StoresUserCredentials: randomBool(r), SecurityMeasures: randomString(r)},
		Signer: session.Signer{Name: randomString(r), Role: randomString(r), Place: randomString(r), Date: randomString(r)},
		Cc:     randomString(r),
	}
	if r.IntN(2) == 0 {
		p := randomPerson(r)
		a.TechnicalContact = &p
	}
	for range r.IntN(4) {
		a.System.Services = append(a.System.Services, session.Service{
			Code: randomString(r), Edition: randomString(r), Name: randomString(r), Owner: randomString(r),
			Environments: randomList(r, session.Environments),
		})
	}
	return a
}

// snapshot is an independent deep copy (not Clone, which Check uses).
func snapshot(a session.Answers) session.Answers {
	var c session.Answers
	deepCopy(reflect.ValueOf(&c).Elem(), reflect.ValueOf(a))
	return c
}

func deepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if !src.IsNil() {
			dst.Set(reflect.New(src.Type().Elem()))
			deepCopy(dst.Elem(), src.Elem())
		}
	case reflect.Slice:
		if !src.IsNil() {
			dst.Set(reflect.MakeSlice(src.Type(), src.Len(), src.Len()))
			for i := range src.Len() {
				deepCopy(dst.Index(i), src.Index(i))
			}
		}
	case reflect.Struct:
		for i := range src.NumField() {
			deepCopy(dst.Field(i), src.Field(i))
		}
	default:
		dst.Set(src)
	}
}

// sameAnswers compares answers exactly, through pointers and lists.
func sameAnswers(t *testing.T, a, b session.Answers) bool {
	t.Helper()
	return reflect.DeepEqual(a, b)
}

// scribble changes every value of a the check could share with its input.
func scribble(a *session.Answers) {
	if a.TechnicalContact != nil {
		a.TechnicalContact.Email = "scribbled"
	}
	for _, l := range [][]string{a.System.Interfaces, a.System.AuthMethods, a.System.Environments} {
		for i := range l {
			l[i] = "scribbled"
		}
	}
	for i := range a.System.Services {
		a.System.Services[i].Code = "scribbled"
		for j := range a.System.Services[i].Environments {
			a.System.Services[i].Environments[j] = "scribbled"
		}
	}
	for _, p := range []*bool{a.Declaration.SignsForUsers, a.Declaration.UsesPrefill, a.Declaration.StoresUserCredentials} {
		if p != nil {
			*p = !*p
		}
	}
}

// Check never changes its input, and its result shares nothing with it:
// changing the result (every slice element, every pointer) leaves the
// input as it was.
func TestCheckNeverMutates(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(8, 4))
	for i := range 2000 {
		in := randomAnswers(r)
		before := snapshot(in)
		out, _ := Check(in)
		if !sameAnswers(t, in, before) {
			t.Fatalf("case %d: Check changed its input:\n%#v\n%#v", i, in, before)
		}
		scribble(&out)
		if !sameAnswers(t, in, before) {
			t.Fatalf("case %d: Check's result shares a slice or pointer with its input", i)
		}
		// A second check of the result changes nothing more.
		again, _ := Check(out)
		_ = again
	}
}

// Check's result is normalised: checking it again finds the same problems
// and gives the same value.
func TestCheckIsIdempotent(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(9, 9))
	for i := range 2000 {
		out, p1 := Check(randomAnswers(r))
		out2, p2 := Check(out)
		if !emptyListsOnly(out, out2) {
			t.Fatalf("case %d: checking the result changes it", i)
		}
		if len(p1) != len(p2) {
			t.Fatalf("case %d: %d problems, then %d:\n%s\n--\n%s", i, len(p1), len(p2), p1.Text(EN), p2.Text(EN))
		}
	}
}

func TestCheckFullAnswers(t *testing.T) {
	t.Parallel()
	a := sessiontest.Answers()
	a.Contact.Phone = "912 34 567"
	a.Vendor.OrgNumber = "123 456 785"
	a.System.Category = " Accounting "
	out, p := Check(a)
	if len(p) > 0 {
		t.Fatalf("full answers refused:\n%s", p.Text(EN))
	}
	if out.Contact.Phone != "+4791234567" || out.Vendor.OrgNumber != "123456785" || out.System.Category != "accounting" {
		t.Errorf("not normalised: %q %q %q", out.Contact.Phone, out.Vendor.OrgNumber, out.System.Category)
	}
	if a.Contact.Phone != "912 34 567" {
		t.Error("the input was normalised")
	}
}

// ---- the forms and the check agree ----

// setAnswer puts v at an answers-file path of a (yaml keys, list
// indexes), making pointers and list elements on the way.
func setAnswer(t *testing.T, a *session.Answers, path string, v any) {
	t.Helper()
	cur := reflect.ValueOf(a).Elem()
	parts := strings.Split(path, ".")
	for i, part := range parts {
		name, index := part, -1
		if m := regexp.MustCompile(`^(.*)\[([0-9]+)\]$`).FindStringSubmatch(part); m != nil {
			name = m[1]
			index, _ = strconv.Atoi(m[2])
		}
		if cur.Kind() == reflect.Pointer {
			if cur.IsNil() {
				cur.Set(reflect.New(cur.Type().Elem()))
			}
			cur = cur.Elem()
		}
		idx, ok := yamlFields(cur.Type())[name]
		if !ok {
			t.Fatalf("%s: no field %s", path, name)
		}
		cur = cur.Field(idx)
		if index >= 0 {
			for cur.Len() <= index {
				cur.Set(reflect.Append(cur, reflect.Zero(cur.Type().Elem())))
			}
			cur = cur.Index(index)
		}
		if i == len(parts)-1 {
			if cur.Kind() == reflect.Pointer && cur.Type().Elem().Kind() == reflect.Struct {
				t.Fatalf("%s: not a value", path)
			}
			if v == nil {
				cur.Set(reflect.Zero(cur.Type()))
			} else {
				cur.Set(reflect.ValueOf(v))
			}
		}
	}
}

// checkMessage is the message Check gives for the field with key k: the
// first problem at k or at an element of it, as MessagesByKey picks it.
func checkMessage(p Problems, key string, l Lang) string {
	return MessagesByKey(p, l)[key]
}

func formMessage(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// fieldsOf are the fields of a form built here.
func fieldsOf(t *testing.T, f *huh.Form) []*field {
	t.Helper()
	fl, ok := f.GetFocusedField().(*field)
	if !ok {
		t.Fatalf("form not built by this package")
	}
	return fl.st.fields
}

// valuesFor are the values a field is tried with, in the session's form.
func valuesFor(key string, r *rand.Rand) []any {
	var out []any
	switch key {
	case "system.interfaces", "system.auth_methods", "system.environments":
		allowed, _ := setRuleFor(key)
		out = append(out, []string(nil), []string{}, []string{"ftp"}, []string{allowed.allowed[0], allowed.allowed[0]},
			[]string{allowed.allowed[len(allowed.allowed)-1]}, slices.Clone(allowed.allowed), []string{allowed.allowed[0], "x"})
		return out
	case "declaration.signs_for_users", "declaration.uses_prefill", keyStoresCredentials:
		return []any{(*bool)(nil), session.Bool(true), session.Bool(false)}
	}
	for _, s := range tricky {
		out = append(out, s)
	}
	for range 200 {
		out = append(out, randomString(r))
	}
	return out
}

// Every field of every form of step 1 (and step 2's interfaces)
// validates exactly as Check does at the field's key: for each value,
// both accept it, or both refuse it with the same message, in Norwegian
// and in English. So an answer the form accepts is an answer the check,
// the documents and the e-mail accept.
func TestFormFieldsAgreeWithCheck(t *testing.T) {
	t.Parallel()
	builds := map[string]func(a *session.Answers, o FormOptions) *huh.Form{
		"vendor": VendorForm, "contact": ContactForm, "technical": TechnicalContactForm, "system": SystemForm,
		"choices": ChoicesForm, "declaration": DeclarationForm, "signer": SignerForm, "interfaces": InterfacesForm,
		"service": func(a *session.Answers, o FormOptions) *huh.Form {
			a.System.Services = []session.Service{{}, {}, {}}
			return ServiceForm(&a.System.Services[2], 2, o)
		},
	}
	tested := map[string]bool{}
	r := rand.New(rand.NewPCG(1, 2))
	for name, build := range builds {
		for _, lang := range []Lang{NB, EN} {
			a := &session.Answers{}
			f := build(a, FormOptions{Lang: lang})
			for _, fl := range fieldsOf(t, f) {
				key := fl.GetKey()
				if key == keyTechnicalMode {
					continue
				}
				if fl.probe == nil {
					t.Errorf("%s: field %s has no rule", name, key)
					continue
				}
				tested[key] = true
				for _, v := range valuesFor(key, r) {
					var ans session.Answers
					if strings.HasPrefix(key, "technical_contact.") {
						ans.TechnicalContact = &session.Person{}
					}
					setAnswer(t, &ans, key, v)
					_, problems := Check(ans)
					want := checkMessage(problems, key, lang)
					got := formMessage(fl.probe(v))
					if got != want {
						t.Errorf("%s %s %q (%s): the form says %q, the check says %q", name, key, fmt.Sprint(v), lang, got, want)
					}
				}
			}
		}
	}
	// Every answer Check looks at has a field that was compared.
	_, all := Check(session.Answers{TechnicalContact: &session.Person{}, System: session.System{Services: []session.Service{{Owner: "\x00"}}},
		Signer: session.Signer{Date: "x"}, Cc: "x"})
	for _, fe := range all {
		k := indexes.ReplaceAllString(fieldKey(fe.Path), "[2]")
		if k == "cc" {
			continue // no form asks for it; the answers file does
		}
		if !tested[k] {
			t.Errorf("Check reports %s, but no form field %s was compared with it", fe.Path, k)
		}
	}
}

// The same for the support person of step 6, the forms of step 3 and the
// counts of step 5, against the checks of those steps.
func TestOtherFormsAgreeWithTheirChecks(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for _, lang := range []Lang{NB, EN} {
		o := FormOptions{Lang: lang}
		g := &session.GoLive{Support: &session.Person{}}
		for _, fl := range fieldsOf(t, GuideForm(g, session.Person{}, o)) {
			key := fl.GetKey()
			if !strings.HasPrefix(key, keySupport+".") || key == KeySupportMode {
				continue
			}
			for _, v := range valuesFor(key, r) {
				var p session.Person
				switch key {
				case keySupport + ".name":
					p.Name = v.(string)
				case keySupport + ".email":
					p.Email = v.(string)
				case keySupport + ".phone":
					p.Phone = v.(string)
				}
				_, problems := CheckPerson(keySupport, p)
				if got, want := formMessage(fl.probe(v)), checkMessage(problems, key, lang); got != want {
					t.Errorf("%s %q: the form says %q, the check says %q", key, v, got, want)
				}
			}
		}

		au := &session.Authentication{}
		var fields []*field
		for _, f := range []*huh.Form{SystemIDForm(au, o), RESTMechanismsForm(au, o), CertificateForm(au, session.Environments, false, o)} {
			fields = append(fields, fieldsOf(t, f)...)
		}
		for _, fl := range fields {
			key := fl.GetKey()
			if fl.probe == nil {
				t.Errorf("field %s has no rule", key)
				continue
			}
			values := valuesFor(key, r)
			if key == "authentication.rest_mechanisms" {
				values = []any{[]string(nil), []string{"x"}, []string{MechIDPorten}, []string{MechIDPorten, MechIDPorten}}
			}
			for _, v := range values {
				s := &session.Session{}
				switch key {
				case "authentication.system_id":
					s.Authentication.SystemID = v.(string)
				case "authentication.system_id_owner":
					s.Authentication.SystemIDOwner = v.(string)
				case "authentication.rest_mechanisms":
					s.Authentication.RESTMechanisms = v.([]string)
				case "authentication.enterprise_user":
					s.Authentication.EnterpriseUser = v.(string)
				case CertificatePathKey(session.EnvTT02):
					s.Authentication.Certificate(session.EnvTT02).Path = v.(string)
				case CertificatePathKey(session.EnvProd):
					s.Authentication.Certificate(session.EnvProd).Path = v.(string)
				default:
					t.Fatalf("untested field %s", key)
				}
				if got, want := formMessage(fl.probe(v)), checkMessage(CheckSession(s, altinn2Steps), key, lang); got != want {
					t.Errorf("%s %q: the form says %q, the check says %q", key, fmt.Sprint(v), got, want)
				}
			}
		}

		tst := &session.Testing{TestOrganisations: 1}
		persons := fieldsOf(t, TestUsersForm(tst, o))[0]
		for _, n := range []int{-1, 0, 1, 7, MaxTestUsers, MaxTestUsers + 1, 1 << 40} {
			s := &session.Session{Testing: session.Testing{TestPersons: n, TestOrganisations: 1}}
			if got, want := formMessage(persons.probe(strconv.Itoa(n))), checkMessage(CheckSession(s, altinn2Steps), KeyTestPersons, lang); got != want {
				t.Errorf("test persons %d: the form says %q, the check says %q", n, got, want)
			}
		}
	}
}

// emptyListsOnly reports whether a and b differ only in nil versus empty
// lists (Clone makes empty lists nil).
func emptyListsOnly(a, b session.Answers) bool {
	norm := func(x session.Answers) session.Answers {
		x = snapshot(x)
		for _, l := range []*[]string{&x.System.Interfaces, &x.System.AuthMethods, &x.System.Environments} {
			if len(*l) == 0 {
				*l = nil
			}
		}
		if len(x.System.Services) == 0 {
			x.System.Services = nil
		}
		for i := range x.System.Services {
			if len(x.System.Services[i].Environments) == 0 {
				x.System.Services[i].Environments = nil
			}
		}
		return x
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

// åse@fjordsøl.no typed into the form is refused under the field with the
// very message Check gives at contact.email (fill and the e-mail give it
// too: see TestInternationalAddressEndToEnd in package cli), and what was
// typed stays; ase@fjordsøl.no is accepted by both.
func TestFormRefusesNonASCIIBeforeTheAt(t *testing.T) {
	t.Parallel()
	for _, lang := range []Lang{NB, EN} {
		a := &session.Answers{}
		d := drive(t, ContactForm(a, FormOptions{Lang: lang}))
		d.typeText("Åse Ødegård", nil)
		d.enter()
		d.typeText("åse@fjordsøl.no", nil)
		d.enter()
		d.wantFocus("contact.email")
		_, problems := Check(*a)
		want := MessagesByKey(problems, lang)["contact.email"]
		if !strings.Contains(want, "åse@fjordsøl.no") || !strings.Contains(want, "@") {
			t.Fatalf("the check's message: %q", want)
		}
		// The field's message, unwrapped from the screen's line breaks.
		view := strings.Join(strings.Fields(d.view()), " ")
		if !strings.Contains(view, strings.Join(strings.Fields(want), " ")) {
			t.Fatalf("the form does not show the check's message %q:\n%s", want, d.view())
		}
		if a.Contact.Email != "åse@fjordsøl.no" {
			t.Fatalf("typed value lost: %q", a.Contact.Email)
		}
		a.Contact.Email = "ase@fjordsøl.no"
		if m := MessagesByKey(problemsOf(a), lang)["contact.email"]; m != "" {
			t.Fatalf("ase@fjordsøl.no refused: %s", m)
		}
	}
}

// A large answers file's worth of answers (an answers file is at most
// MaxAnswersFile bytes: some 40,000 list items) is checked in linear time.
func BenchmarkCheckManyServices(b *testing.B) {
	a := sessiontest.Answers()
	for i := range 40000 {
		a.System.Services = append(a.System.Services, session.Service{Code: "x" + strconv.Itoa(i), Edition: "", Name: "\x00"})
		a.System.Interfaces = append(a.System.Interfaces, "ftp")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, p := Check(a); len(p) < 120000 {
			b.Fatalf("%d problems", len(p))
		}
	}
}

// Whatever the answers hold, Check does not panic, leaves them as they
// were, and its problems name a path and carry a message in both
// languages with no control character in it (they are printed to
// terminals as they are).
func FuzzCheck(f *testing.F) {
	for _, s := range tricky {
		f.Add(s, s, "ola@firma.no", uint8(3))
	}
	f.Fuzz(func(t *testing.T, a1, a2, a3 string, n uint8) {
		in := sessiontest.Answers()
		in.Vendor.Name, in.Contact.Email, in.Cc = a1, a2, a3
		in.TechnicalContact.Phone = a1 + a2
		in.System.Services[1].Code, in.System.Services[2].Environments = a2, []string{a3, a1}
		in.System.Interfaces = append(in.System.Interfaces, a3)
		in.Signer.Date, in.System.Category = a3, a2
		for i := range int(n % 4) {
			in.System.Services = append(in.System.Services, session.Service{Code: a1, Name: a2 + strconv.Itoa(i)})
		}
		before := snapshot(in)
		out, problems := Check(in)
		if !sameAnswers(t, in, before) {
			t.Fatal("Check changed its input")
		}
		for _, p := range problems {
			for _, text := range []string{p.Path, p.Text(NB), p.Text(EN)} {
				if strings.IndexFunc(text, unsafeRune) >= 0 || !utf8ValidString(text) {
					t.Fatalf("unsafe text in a problem: %q", text)
				}
			}
			if p.Message(NB) == "" || p.Message(EN) == "" {
				t.Fatalf("a problem without a message: %q", p.Path)
			}
		}
		if _, again := Check(out); len(again) != len(problems) {
			t.Fatalf("%d problems, then %d", len(problems), len(again))
		}
	})
}

// altinn2Steps are the step IDs of the Altinn II track (its order is
// package steps'; CheckSession is told the IDs).
var altinn2Steps = []string{session.StepRegistration, session.StepIntegration, session.StepAuthentication,
	session.StepServices, session.StepTesting, session.StepGoLive}

func utf8ValidString(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// The check of an import: whatever a session file holds, CheckSession
// does not panic, changes nothing, and says nothing with a control
// character in it.
func FuzzCheckSession(f *testing.F) {
	full, _ := session.Encode(sessiontest.Full(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)))
	f.Add(full)
	f.Add([]byte(`{"schema_version":1,"name":"x\u001b[2J","steps":{"x\u001b":{"status":"done\u0007"}},"testing":{"test_persons":-1},"go_live":{"checklist":{"\u009b":true}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := session.Decode(data)
		if err != nil {
			return
		}
		before, _ := session.Encode(s)
		problems := CheckSession(s, altinn2Steps)
		if after, _ := session.Encode(s); string(after) != string(before) {
			t.Fatal("CheckSession changed the session")
		}
		for _, p := range problems {
			for _, text := range []string{p.Path, p.Text(NB), p.Text(EN)} {
				if strings.IndexFunc(text, unsafeRune) >= 0 || !utf8ValidString(text) {
					t.Fatalf("unsafe text in a problem: %q", text)
				}
			}
		}
	})
}

// A session saved on the overview (the stepper's last item) imports: its
// cursor names the overview, not a step. The check refused it, so a
// session exported where the wizard ends could not be imported again.
func TestCheckSessionCursorOnTheOverview(t *testing.T) {
	for _, step := range append(altinn2Steps, session.OverviewStep, "") {
		s := &session.Session{Cursor: session.Cursor{Step: step, Screen: step}}
		if p := CheckSession(s, altinn2Steps).Wrong(); len(p) > 0 {
			t.Errorf("cursor on %q: %v", step, p)
		}
	}
	s := &session.Session{Cursor: session.Cursor{Step: "elsewhere"}}
	if p := CheckSession(s, altinn2Steps).Wrong(); len(p) != 1 || p[0].Path != "cursor.step" {
		t.Errorf("cursor on an unknown step: %v", p)
	}
	// A status of the overview is not one of the track's steps.
	s = &session.Session{Steps: map[string]session.StepState{session.OverviewStep: {Status: session.Done}}}
	if p := CheckSession(s, altinn2Steps).Wrong(); len(p) != 1 || p[0].Path != "steps" {
		t.Errorf("a status of the overview: %v", p)
	}
}
