package steps

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
)

// Answers at the limits of what the check accepts (longest names in
// several scripts, four-byte characters, the longest addresses with
// internationalised domains, XML and MIME specials) make the documents
// and both e-mails: an answer the check accepts is one they accept.
func TestCheckedAnswersAtTheLimitsMakeThePackage(t *testing.T) {
	t.Parallel()
	long := func(unit string, n int) string { return strings.Repeat(unit, n) }
	idn := long("a", 64) + "@" + long("ø", 20) + "." + long("å", 20) + ".no"
	cases := map[string]func(a *session.Answers){
		"emoji": func(a *session.Answers) {
			a.System.Name = long("😀", 100)
			a.Vendor.Name = long("🫐", forms.MaxShortText)
		},
		"cjk": func(a *session.Answers) {
			a.System.Name = long("漢", 100)
			a.Contact.Name = long("字", forms.MaxShortText)
		},
		"norsk": func(a *session.Answers) {
			a.System.Name = long("æøå ", 25)
			a.Contact.Name = long("Ø", forms.MaxShortText)
		},
		"specials": func(a *session.Answers) {
			a.System.Name = long(`=?"<>&;,:\/*|`, 7)
			a.Contact.Name = long(`"=?utf-8?q?x?=",<>;`, 10)
		},
		"spaces": func(a *session.Answers) {
			a.System.Name = "a" + long(" ", 98) + "b"
			a.Contact.Name = "a" + long(" ", 198) + "b"
		},
		"idn": func(a *session.Answers) {
			a.Contact.Email = idn
			a.TechnicalContact.Email = "b" + idn[1:]
			a.Cc = "c" + idn[1:]
		},
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := sessiontest.Answers()
			edit(&a)
			checked, problems := forms.Check(a)
			if len(problems) > 0 {
				t.Fatalf("the check refuses the case itself:\n%s", problems.Text(forms.EN))
			}
			if _, err := WriteRegistrationPackage(context.Background(), &checked, PackageOptions{Now: time.Now()}, filepath.Join(t.TempDir(), "ut")); err != nil {
				t.Fatalf("the package: %v", err)
			}
			tst := session.Testing{TestPersons: 1}
			if _, err := TestUserOrderEmail(&a, &tst, time.Now()); err != nil {
				t.Fatalf("the test-user order: %v", err)
			}
		})
	}
}

// The package is made from the check's normalised answers whatever it is
// given, and answers the check refuses make nothing.
func TestPackageIsMadeFromCheckedAnswers(t *testing.T) {
	t.Parallel()
	a := sessiontest.Answers()
	a.Vendor.OrgNumber = "123 456 785"
	a.Contact.Phone = "912 34 567"
	out := filepath.Join(t.TempDir(), "ut")
	files, err := WriteRegistrationPackage(context.Background(), &a, PackageOptions{Now: time.Now()}, out)
	if err != nil {
		t.Fatal(err)
	}
	if a.Vendor.OrgNumber != "123 456 785" {
		t.Error("the answers given were changed")
	}
	text := glDocxText(t, files[0].Path)
	if !strings.Contains(text, "123 456 785") || !strings.Contains(text, "+47 912 34 567") {
		t.Errorf("the order form is not made from normalised answers:\n%s", text)
	}

	a.Contact.Email = "åse@fjordsøl.no"
	bad := filepath.Join(t.TempDir(), "ut")
	_, err = WriteRegistrationPackage(context.Background(), &a, PackageOptions{Now: time.Now()}, bad)
	var problems forms.Problems
	if !errors.As(err, &problems) || problems[0].Path != "contact.email" {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("something was made: %v", err)
	}
}
