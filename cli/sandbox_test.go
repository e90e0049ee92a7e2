package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// runSandbox runs `sandbox ARGS` in-process until stop is called; ready
// gets the server once it listens. It returns the command's error and
// output once it has stopped.
func runSandbox(t *testing.T, lang string, args []string, ready func(srv *sandbox.Server, stop func())) (out, errOut string, err error) {
	t.Helper()
	var outb, errb bytes.Buffer
	f := newFactory(&IO{In: strings.NewReader(""), Out: &outb, Err: &errb, Lang: lang}, testBuild)
	cmd := newCmdSandbox(f, func(o *sandboxOptions) error {
		ctx, cancel := context.WithCancel(context.Background())
		o.Context = func() (context.Context, context.CancelFunc) { return ctx, cancel }
		o.started = func(srv *sandbox.Server) { ready(srv, cancel) }
		return sandboxRun(o)
	})
	cmd.SetArgs(args)
	cmd.SetOut(&outb)
	cmd.SetErr(&errb)
	err = cmd.Execute()
	return outb.String(), errb.String(), err
}

func TestSandboxCommandRunsAndStops(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, "sandbox.env")
	statePath := filepath.Join(dir, "state.json")
	var url string
	out, errOut, err := runSandbox(t, "en", []string{"--addr", "127.0.0.1:0", "--state", statePath, "--env-file", envFile,
		"--expire-as", "gone", "--resource", "my-resource=AltinnApp", "--access-package", "urn:altinn:accesspackage:mine=agent"},
		func(srv *sandbox.Server, stop func()) {
			defer stop()
			url = srv.URL()
			// The exported variables point altinn-onboard at this sandbox.
			data, err := os.ReadFile(envFile)
			if err != nil {
				t.Errorf("env file: %v", err)
				return
			}
			env := map[string]string{}
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				kv, ok := strings.CutPrefix(line, "export ")
				name, value, _ := strings.Cut(kv, "=")
				if !ok {
					t.Errorf("env file line %q", line)
				}
				env[name] = value
			}
			ep, err := altinn3.EndpointsFor(session.EnvTT02, func(k string) string { return env[k] })
			if err != nil || len(ep.Overridden) != 3 {
				t.Errorf("endpoints from %v: %+v %v", env, ep, err)
				return
			}
			resp, err := http.Get(ep.Maskinporten + ".well-known/oauth-authorization-server")
			if err != nil {
				t.Errorf("metadata: %v", err)
				return
			}
			defer resp.Body.Close()
			var meta struct{ Issuer string }
			if json.NewDecoder(resp.Body).Decode(&meta); meta.Issuer != ep.Maskinporten {
				t.Errorf("issuer %q, want the exported %q", meta.Issuer, ep.Maskinporten)
			}
			// The flags reached the sandbox: the catalogue has the
			// resource and the package.
			resp2, err := http.Get(srv.AdminURL())
			if err != nil {
				t.Errorf("admin page: %v", err)
				return
			}
			defer resp2.Body.Close()
			var page bytes.Buffer
			page.ReadFrom(resp2.Body)
			for _, want := range []string{"my-resource", "urn:altinn:accesspackage:mine"} {
				if !strings.Contains(page.String(), want) {
					t.Errorf("the sandbox page does not list %s", want)
				}
			}
		})
	if err != nil {
		t.Fatalf("sandbox: %v\n%s", err, errOut)
	}
	for _, want := range []string{
		"The Altinn sandbox runs at " + url + " (this machine only)",
		"export ALTINN_ONBOARD_MASKINPORTEN_URL=" + url + "/maskinporten/\n",
		"export ALTINN_ONBOARD_PLATFORM_URL=" + url + "\n",
		"export ALTINN_ONBOARD_APPROVAL_URL=" + url + "\n",
		url + "/sandbox/",
		"State kept in", statePath,
		"The sandbox has stopped.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if fi, err := os.Stat(statePath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("state file: %v %v", fi, err)
	}
	// It has stopped: nothing answers at its address any more.
	if resp, err := http.Get(url + "/maskinporten/jwk"); err == nil {
		resp.Body.Close()
		t.Errorf("the stopped sandbox still answers")
	}
}

func TestSandboxCommandNorwegian(t *testing.T) {
	out, _, err := runSandbox(t, "nb", []string{"--addr", "127.0.0.1:0"}, func(_ *sandbox.Server, stop func()) { stop() })
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Altinn-sandkassen kjører på http://127.0.0.1:", "bare i minnet", "Registrer Maskinporten-klienten", "Stopp med Ctrl+C.", "Sandkassen er stoppet."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// Bad input: exit status 2 and the problem named, in both languages,
// before anything listens; a file given is kept.
func TestSandboxCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	notState := filepath.Join(dir, "notstate.json")
	os.WriteFile(notState, []byte("[1,2"), 0o600)
	for _, c := range []struct {
		args   []string
		en, nb string
	}{
		{[]string{"--addr", "0.0.0.0:8470"}, `the sandbox listens on this machine only (127.0.0.1, ::1 or localhost), not "0.0.0.0:8470"`, "sandkassen lytter bare på denne maskinen"},
		{[]string{"--addr", "[::]:0"}, "listens on this machine only", "lytter bare på denne maskinen"},
		{[]string{"--addr", "example.org:8470"}, "listens on this machine only", "lytter bare på denne maskinen"},
		{[]string{"--addr", "127.0.0.1"}, `--addr must be HOST:PORT, such as 127.0.0.1:8470, not "127.0.0.1"`, "--addr må være VERT:PORT"},
		{[]string{"--expire-as", "soon"}, `--expire-as must be timedout or gone, not "soon"`, "--expire-as må være timedout eller gone"},
		{[]string{"--request-timeout", "-1s"}, "--request-timeout cannot be negative", "--request-timeout kan ikke være negativ"},
		{[]string{"--token-lifetime", "0s"}, "--token-lifetime must be at least 1s", "--token-lifetime må være minst 1s"},
		{[]string{"--resource", "bad id"}, "--resource: ", "--resource: "},
		{[]string{"--resource", "x=Unknown"}, "the resource type must be one of", "the resource type must be one of"},
		{[]string{"--access-package", "skattnaering"}, "an access package is urn:altinn:accesspackage:NAME", "urn:altinn:accesspackage:NAME"},
		{[]string{"--env-file", dir}, dir + " is a folder, not a regular file", dir + " er en mappe, ikke en vanlig fil"},
		{[]string{"--addr", "127.0.0.1:0", "--state", notState}, notState + " is not a sandbox state file", notState + " er ikke en tilstandsfil fra sandkassen"},
		{[]string{"--addr", "127.0.0.1:0", "--state", dir}, dir + " is a folder, not a regular file", dir + " er en mappe, ikke en vanlig fil"},
		{[]string{"--addr", "127.0.0.1:0", "--state", filepath.Join(dir, "nowhere", "s.json")}, "the sandbox's state cannot be written to " + filepath.Join(dir, "nowhere", "s.json"), "sandkassens tilstand kan ikke skrives til"},
	} {
		for lang, want := range map[string]string{"en": c.en, "nb": c.nb} {
			var out, errb bytes.Buffer
			code := runIn(append([]string{"--lang", lang, "sandbox"}, c.args...), strings.NewReader(""), &out, &errb, false)
			if code != 2 || !strings.Contains(errb.String(), want) {
				t.Errorf("%s %v: exit %d, stderr %q; want 2 and %q", lang, c.args, code, errb.String(), want)
			}
		}
	}
	if data, _ := os.ReadFile(notState); string(data) != "[1,2" {
		t.Errorf("the bad state file was changed: %q", data)
	}
}

// A port in use is not bad input: status 1, with what to do.
func TestSandboxCommandPortInUse(t *testing.T) {
	_, _, err := runSandbox(t, "en", []string{"--addr", "127.0.0.1:0"}, func(srv *sandbox.Server, stop func()) {
		defer stop()
		addr := strings.TrimPrefix(srv.URL(), "http://")
		var out, errb bytes.Buffer
		code := runIn([]string{"--lang", "en", "sandbox", "--addr", addr}, strings.NewReader(""), &out, &errb, false)
		if code != 1 || !strings.Contains(errb.String(), "cannot listen on "+addr) || !strings.Contains(errb.String(), "try another --addr") {
			t.Errorf("port in use: exit %d, %q", code, errb.String())
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSandboxExportsQuote(t *testing.T) {
	got := sandboxExports([]string{"A=http://127.0.0.1:1/x/", "B=http://[::1]:8470", "C=it's"})
	want := "export A=http://127.0.0.1:1/x/\nexport B='http://[::1]:8470'\nexport C='it'\\''s'\n"
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
