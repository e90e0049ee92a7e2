package layout_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/altinn-onboard/altinn-onboard/"

// root is the module's folder.
func root(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// deps are the module's packages pkg imports, directly or not (its
// tests left out), as paths inside the module ("store", "internal/x").
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "./"+pkg)
	cmd.Dir = root(t)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps ./%s: %v\n%s", pkg, err, out)
	}
	var ours []string
	for _, p := range strings.Fields(string(out)) {
		if rest, ok := strings.CutPrefix(p, module); ok && rest != pkg {
			ours = append(ours, rest)
		}
	}
	return ours
}

// The layers: ui is the terminal and knows no track, so it imports none
// of the packages that make the Altinn tracks; the packages below it
// (store, mail, templates, session) know neither the terminal nor the
// steps.
func TestImportRules(t *testing.T) {
	for _, rule := range []struct {
		pkg       string
		forbidden []string
	}{
		{"ui", []string{"steps", "forms", "templates", "mail"}},
		{"store", []string{"ui", "steps"}},
		{"mail", []string{"ui", "steps"}},
		{"templates", []string{"ui", "steps"}},
		{"session", []string{"ui", "steps"}},
	} {
		got := deps(t, rule.pkg)
		if len(got) == 0 && rule.pkg != "session" {
			t.Fatalf("go list found no imports of ./%s: the test cannot see anything", rule.pkg)
		}
		for _, f := range rule.forbidden {
			if slices.Contains(got, f) {
				t.Errorf("%s imports %s (all it imports of the module: %s)", rule.pkg, f, strings.Join(got, ", "))
			}
		}
	}
}

// literals are the string literals of a package's Go files, tests left
// out, each with where it is.
func literals(t *testing.T, pkg string) map[string]string {
	t.Helper()
	dir := filepath.Join(root(t), pkg)
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	out := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					out[s] = fset.Position(lit.Pos()).String()
				}
			}
			return true
		})
	}
	return out
}

// ui holds no Altinn text (the notice, the tagline, "vendor (org
// number)" come from the track and the options), and mail decides none
// of Altinn's wording: "altinn" is in neither's texts, but for the
// program's own name in mail's Message-IDs and boundaries.
func TestNoAltinnWordsInUIOrMail(t *testing.T) {
	for _, pkg := range []string{"ui", "mail"} {
		for s, where := range literals(t, pkg) {
			rest := strings.ReplaceAll(strings.ToLower(s), "altinn-onboard", "")
			if strings.Contains(rest, "altinn") {
				t.Errorf("%s: %q", where, s)
			}
		}
	}
}

// The store knows no order of steps and no list of secret names: none of
// the Altinn II track's step IDs or secret names is a text in it.
func TestStoreKnowsNoTrack(t *testing.T) {
	lits := literals(t, "store")
	for _, name := range []string{
		"registration", "integration", "authentication", "services", "testing", "go_live",
		"rest-api-key-tt02", "rest-api-key-prod", "system-password", "certificate-password",
		"enterprise-user-password", "smtp-password",
	} {
		if where, ok := lits[name]; ok {
			t.Errorf("%s: %q", where, name)
		}
	}
}
