package cli

import (
	"encoding/json"
	"net"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// A registered system that the session now describes differently is
// updated only after the difference is shown and the user agrees: on a
// terminal by answering yes, in a script by --yes; without either,
// nothing is sent and the exit status is 2.
func TestSystemRegisterAsksBeforeUpdate(t *testing.T) {
	kr := keyringtest.Require(t)
	h := newA3Harness(t, kr)
	h.newSession("S")
	h.client("S")
	var reg registerJSON
	h.mustJSON(&reg, "system", "register", "--session", "S")
	if reg.Result != "created" {
		t.Fatalf("%+v", reg)
	}
	h.must("system", "set", "--session", "S", "--name-en", "Blueberry Ledger", "--right", "ske-krav-og-betalinger", "--right", "testressurs")

	var diff diffJSON
	h.mustJSON(&diff, "system", "diff", "--session", "S")
	if diff.Same || len(diff.Changes) != 2 {
		t.Fatalf("diff: %+v", diff)
	}

	// No terminal, no --yes: refused, nothing sent.
	code, _, errOut := h.run("system", "register", "--session", "S")
	if code != 2 || !strings.Contains(errOut, "add --yes") || !strings.Contains(errOut, `"Blueberry Accounting Pro" → "Blueberry Ledger"`) ||
		!strings.Contains(errOut, "+ testressurs") || !strings.Contains(errOut, "replaces the whole definition") {
		t.Fatalf("no tty: exit %d\n%s", code, errOut)
	}
	// A terminal, and the answer no.
	h.tty, h.in = true, "n\n"
	code, _, errOut = h.run("system", "register", "--session", "S")
	if code != 2 || !strings.Contains(errOut, "Update the system in the register? [y/N]") || !strings.Contains(errOut, "nothing was sent") {
		t.Fatalf("answer no: exit %d\n%s", code, errOut)
	}
	h.mustJSON(&diff, "system", "diff", "--session", "S")
	if len(diff.Changes) != 2 {
		t.Fatalf("something was sent: %+v", diff)
	}
	// The answer yes.
	h.tty, h.in = true, "y\n"
	code, out, errOut := h.run("system", "register", "--session", "S")
	if code != 0 || !strings.Contains(out, "Updated the system") {
		t.Fatalf("answer yes: exit %d\n%s\n%s", code, out, errOut)
	}
	h.mustJSON(&diff, "system", "diff", "--session", "S")
	if !diff.Same {
		t.Fatalf("after the update: %+v", diff)
	}
	// --yes, for scripts; and nothing to do when the register agrees.
	h.must("system", "set", "--session", "S", "--description-en", "Ledgers")
	h.mustJSON(&reg, "system", "register", "--session", "S", "--yes")
	if reg.Result != "updated" || len(reg.Changes) != 1 || reg.Changes[0].Path != altinn3.PathDescription+".en" {
		t.Fatalf("--yes: %+v", reg)
	}
	h.mustJSON(&reg, "system", "register", "--session", "S")
	if reg.Result != "unchanged" {
		t.Fatalf("again: %+v", reg)
	}
	var show systemJSON
	h.mustJSON(&show, "system", "show", "--session", "S")
	if show.Registered == nil || show.Registered.Definition.Description.EN != "Ledgers" || !strings.HasPrefix(show.SystemID, a3Vendor+"_") {
		t.Fatalf("show: %+v", show)
	}
}

// A service that fails exits 1 with its code and what to do; the
// session records what came back.
func TestServiceFailureExits1(t *testing.T) {
	kr := keyringtest.Require(t)
	h := newA3Harness(t, kr)
	h.newSession("S")
	h.client("S")

	// A client ID Maskinporten does not know.
	h.must("maskinporten", "client", "set", "6f1c2a57-0b7e-4c1e-9a43-7f0e8e2d9b10", "--session", "S")
	code, out, errOut := h.run("maskinporten", "token", "--session", "S", "--json")
	var doc jsonError
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 1 || doc.Error.Exit != 1 || doc.Error.Code == "" ||
		!strings.Contains(errOut, "Maskinporten") {
		t.Fatalf("unknown client: exit %d (%v)\n%s\n%s", code, err, out, errOut)
	}
	if lt := h.load("S").Altinn3.Maskinporten.LastTest; lt == nil || lt.OK || lt.Error == nil || lt.Error.Code == "" {
		t.Fatalf("the session did not record the refusal: %+v", lt)
	}

	// The platform does not answer.
	h.newSession("S2")
	h.client("S2")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h.env[altinn3.EnvPlatformURL] = "http://" + ln.Addr().String() + "/"
	ln.Close()
	code, _, errOut = h.run("system", "register", "--session", "S2")
	if code != 1 || !strings.Contains(errOut, "No answer from the service") {
		t.Fatalf("no platform: exit %d\n%s", code, errOut)
	}
}
