package cli

// `sandbox`: a local fake of Maskinporten and the Altinn Authentication
// APIs on 127.0.0.1 (internal/sandbox), for rehearsing the Altinn 3 path
// offline, with altinn-onboard or with the vendor's own system.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
)

// sandboxDefaultAddr is where the sandbox listens unless told: a fixed
// port, so the printed variables stay right from one run to the next.
const sandboxDefaultAddr = "127.0.0.1:8470"

type sandboxOptions struct {
	*IO

	Addr           string
	StatePath      string
	ExpireAs       string
	RequestTimeout time.Duration
	TokenLifetime  time.Duration
	RejectSub      bool
	Resources      []string
	AccessPackages []string
	Clients        []string
	EnvFile        string

	// Context is what the sandbox runs until: SIGINT or SIGTERM in the
	// program, a test's cancel in tests.
	Context func() (context.Context, context.CancelFunc)
	// started, when set, is told the server once it listens (tests).
	started func(*sandbox.Server)
}

func newCmdSandbox(f *Factory, runF func(*sandboxOptions) error) *cobra.Command {
	opts := &sandboxOptions{IO: f.IO, Context: func() (context.Context, context.CancelFunc) {
		return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	}}
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Run a local fake of Maskinporten and Altinn's system register and system-user APIs, to rehearse offline",
		Long: `Run, on this machine only (127.0.0.1), a local fake of the services a
software vendor meets on the Altinn 3 path:

  - Maskinporten: metadata, JWKS and /token with the JWT-bearer grant and
    its checks (aud = the issuer, iat within 10 s, exp - iat <= 120 s,
    single-use jti, registered scopes, system-user tokens)
  - Altinn's system register, system-user requests, change requests and
    system-user look-ups, with the real services' validations, status
    codes and error bodies
  - the customer's approval page at the confirm URL, where you approve
    or reject as the customer would
  - its own page, /sandbox/, where you register a Maskinporten client
    with your public key (what Digdir's self-service portal does)

It prints the environment variables that point altinn-onboard (or your
own system under development) at it, and runs until Ctrl+C (SIGINT) or
SIGTERM. It is not Altinn: nothing done here reaches the real services.

Its pages speak --lang (nb or en); the services answer in English, as
the real ones do.

Requests still New after --request-timeout expire: they get status
Timedout, or with --expire-as gone they disappear (reads answer 404);
Altinn's own behaviour is uncertain, so rehearse both.`,
		Example: `  altinn-onboard sandbox
  altinn-onboard sandbox --client 991825827=public.jwks
  altinn-onboard sandbox --state sandbox.json --expire-as gone --request-timeout 10m
  altinn-onboard sandbox --addr 127.0.0.1:0 --env-file sandbox.env &   # then: . ./sandbox.env`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return sandboxRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Addr, "addr", sandboxDefaultAddr, "HOST:PORT to listen on; a loopback address only (127.0.0.1, ::1, localhost); port 0 picks a free one")
	fl.StringVar(&opts.StatePath, "state", "", "keep the sandbox's clients, systems, requests and system users in this file between runs (default: in memory only)")
	fl.StringVar(&opts.ExpireAs, "expire-as", "timedout", "what a request that times out becomes: timedout (status Timedout) or gone (removed; reads answer 404)")
	fl.DurationVar(&opts.RequestTimeout, "request-timeout", 10*24*time.Hour, "how long a request may stay New before it expires; 0: never")
	fl.DurationVar(&opts.TokenLifetime, "token-lifetime", 120*time.Second, "lifetime (expires_in) of the access tokens Maskinporten issues")
	fl.BoolVar(&opts.RejectSub, "reject-sub", false, `refuse grants with a "sub" claim, as Digdir's rule on unknown claims says (Altinn's own examples send it)`)
	fl.StringArrayVar(&opts.Resources, "resource", nil, "add a resource to the fake resource registry: ID or ID=TYPE (repeatable)")
	fl.StringArrayVar(&opts.AccessPackages, "access-package", nil, "add an access package to the fake catalogue: URN, or URN=standard|agent|both|none (repeatable)")
	fl.StringArrayVar(&opts.Clients, "client", nil, "register a Maskinporten client at the start: ORGNR=FILE, FILE holding its public key (JWKS, JWK or PEM); prints its client_id (repeatable)")
	fl.StringVar(&opts.EnvFile, "env-file", "", "once listening, write the export lines to this file too (for scripts: . ./FILE)")
	return cmd
}

// sandboxError is what `sandbox` says went wrong, in both languages.
type sandboxError struct{ nb, en string }

func (e *sandboxError) Error() string { return e.en }

func (e *sandboxError) Text(lang string) string {
	if lang == "en" {
		return e.en
	}
	return e.nb
}

// badSandboxInput is a flag that is wrong: exit status 2.
func badSandboxInput(nb, en string) error {
	return &exitError{2, &sandboxError{nb, en}}
}

// sandboxClientKeyLimit is the largest public-key file --client reads:
// five RSA keys with certificate chains fit many times over.
const sandboxClientKeyLimit = 256 << 10

// sandboxClient is a --client to register: its flag value, organisation
// number and public key.
type sandboxClient struct {
	flag, orgNo string
	key         []byte
}

// sandboxClients reads the --client values: ORGNR=FILE, the file read
// through safefile (a FIFO, a folder or a huge file is refused, named).
func sandboxClients(values []string) ([]sandboxClient, error) {
	var out []sandboxClient
	for _, v := range values {
		org, path, ok := strings.Cut(v, "=")
		org, path = strings.TrimSpace(org), strings.TrimSpace(path)
		if !ok || org == "" || path == "" {
			return nil, badSandboxInput(
				fmt.Sprintf("--client må være ORGNR=FIL (filen med den offentlige nøkkelen), ikke %q", v),
				fmt.Sprintf("--client must be ORGNR=FILE (the file with the public key), not %q", v))
		}
		data, err := safefile.Read(path, sandboxClientKeyLimit)
		if err != nil {
			return nil, &exitError{2, err}
		}
		out = append(out, sandboxClient{v, org, data})
	}
	return out, nil
}

// registerSandboxClients registers the --client keys and returns what to
// print about them. A client of the same organisation with the same keys
// (from the state file of an earlier run) is kept, not made again.
func registerSandboxClients(srv *sandbox.Server, clients []sandboxClient) ([]sandbox.Client, error) {
	var out []sandbox.Client
	for _, c := range clients {
		keys, err := sandbox.ParseClientKey(c.key)
		if err == nil {
			if old, ok := sameClient(srv.Clients(), c.orgNo, keys); ok {
				out = append(out, old)
				continue
			}
		}
		quoted, _ := json.Marshal(string(c.key))
		reg, err := srv.RegisterClient(sandbox.ClientRegistration{OrgNo: c.orgNo, Key: quoted, Name: "--client"})
		if err != nil {
			var le localizedError
			if !errors.As(err, &le) {
				return nil, err
			}
			return nil, badSandboxInput("--client "+c.flag+": "+le.Text("nb"), "--client "+c.flag+": "+le.Text("en"))
		}
		out = append(out, *reg)
	}
	return out, nil
}

// sameClient is a registered client of org with exactly these key ids.
func sameClient(have []sandbox.Client, org string, keys jose.JSONWebKeySet) (sandbox.Client, bool) {
	for _, c := range have {
		if c.OrgNo != org || len(c.Keys.Keys) != len(keys.Keys) {
			continue
		}
		same := true
		for _, k := range keys.Keys {
			if len(c.Keys.Key(k.KeyID)) == 0 {
				same = false
			}
		}
		if same {
			return c, true
		}
	}
	return sandbox.Client{}, false
}

// sandboxSettings turns the flags into the sandbox's options, or names
// the flag that is wrong.
func sandboxSettings(opts *sandboxOptions) (sandbox.Options, error) {
	o := sandbox.Options{Lang: opts.Lang, StatePath: opts.StatePath, RejectSub: opts.RejectSub}
	if _, _, err := net.SplitHostPort(opts.Addr); err != nil {
		return o, badSandboxInput(
			fmt.Sprintf("--addr må være VERT:PORT, som %s, ikke %q", sandboxDefaultAddr, opts.Addr),
			fmt.Sprintf("--addr must be HOST:PORT, such as %s, not %q", sandboxDefaultAddr, opts.Addr))
	}
	switch strings.ToLower(strings.TrimSpace(opts.ExpireAs)) {
	case "timedout":
		o.ExpireAs = sandbox.ExpireTimedout
	case "gone":
		o.ExpireAs = sandbox.ExpireGone
	default:
		return o, badSandboxInput(
			fmt.Sprintf("--expire-as må være timedout eller gone, ikke %q", opts.ExpireAs),
			fmt.Sprintf("--expire-as must be timedout or gone, not %q", opts.ExpireAs))
	}
	switch {
	case opts.RequestTimeout < 0:
		return o, badSandboxInput("--request-timeout kan ikke være negativ (0 betyr aldri)",
			"--request-timeout cannot be negative (0 means never)")
	case opts.RequestTimeout == 0:
		o.RequestTimeout = -1 // the sandbox's "never"
	default:
		o.RequestTimeout = opts.RequestTimeout
	}
	if opts.TokenLifetime < time.Second {
		return o, badSandboxInput("--token-lifetime må være minst 1s",
			"--token-lifetime must be at least 1s")
	}
	o.TokenLifetime = opts.TokenLifetime
	for _, v := range opts.Resources {
		r, err := sandbox.ParseResource(v)
		if err != nil {
			return o, badSandboxInput("--resource: "+err.Error(), "--resource: "+err.Error())
		}
		o.Resources = append(o.Resources, r)
	}
	for _, v := range opts.AccessPackages {
		p, err := sandbox.ParseAccessPackage(v)
		if err != nil {
			return o, badSandboxInput("--access-package: "+err.Error(), "--access-package: "+err.Error())
		}
		o.AccessPackages = append(o.AccessPackages, p)
	}
	if opts.EnvFile != "" {
		// The file is replaced whole; anything but a regular file (a
		// folder, a FIFO, a link) is left alone.
		if fi, err := os.Lstat(opts.EnvFile); err == nil && !fi.Mode().IsRegular() {
			return o, &exitError{2, &safefile.Error{Path: opts.EnvFile, Kind: safefile.KindNotRegular, Mode: fi.Mode()}}
		}
	}
	return o, nil
}

func sandboxRun(opts *sandboxOptions) error {
	s := opts.IO
	o, err := sandboxSettings(opts)
	if err != nil {
		return err
	}
	clients, err := sandboxClients(opts.Clients)
	if err != nil {
		return err
	}
	ln, err := sandbox.Listen(opts.Addr)
	switch {
	case errors.Is(err, sandbox.ErrNotLoopback):
		// It hands out tokens to anyone who asks: never on the network.
		return badSandboxInput(
			fmt.Sprintf("sandkassen lytter bare på denne maskinen (127.0.0.1, ::1 eller localhost), ikke %q: den gir tokener til alle som spør", opts.Addr),
			fmt.Sprintf("the sandbox listens on this machine only (127.0.0.1, ::1 or localhost), not %q: it gives tokens to anyone who asks", opts.Addr))
	case err != nil:
		return &sandboxError{
			fmt.Sprintf("kan ikke lytte på %s: %v (bruker et annet program porten? prøv en annen --addr, eller port 0)", opts.Addr, err),
			fmt.Sprintf("cannot listen on %s: %v (is another program using the port? try another --addr, or port 0)", opts.Addr, err)}
	}
	srv, err := sandbox.Serve(ln, o)
	if err != nil {
		var le localizedError
		if errors.As(err, &le) {
			return &exitError{2, err}
		}
		return err
	}
	defer srv.Close()
	registered, err := registerSandboxClients(srv, clients)
	if err != nil {
		return err
	}

	ctx, stop := opts.Context()
	defer stop()
	printSandbox(s, srv, opts.StatePath, registered)
	if opts.EnvFile != "" {
		if err := atomicfile.WriteFile(opts.EnvFile, []byte(sandboxExports(srv.Env()))); err != nil {
			return fmt.Errorf(s.t("skriver %s: %w", "writing %s: %w"), opts.EnvFile, unwrapPath(err))
		}
	}
	if opts.started != nil {
		opts.started(srv)
	}
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		return err
	}
	fmt.Fprintln(s.Out, s.t("Sandkassen er stoppet.", "The sandbox has stopped."))
	return nil
}

// unwrapPath is the cause of a file error without the path repeated.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// printSandbox says where everything is and how to point a program at it.
func printSandbox(s *IO, srv *sandbox.Server, statePath string, clients []sandbox.Client) {
	out := s.Out
	fmt.Fprintf(out, s.t("Altinn-sandkassen kjører på %s (bare denne maskinen). Dette er ikke Altinn.\n\n",
		"The Altinn sandbox runs at %s (this machine only). This is not Altinn.\n\n"), srv.URL())
	rows := [][2]string{
		{s.t("Maskinporten (utsteder, aud)", "Maskinporten (issuer, aud)"), srv.MaskinportenURL()},
		{s.t("Maskinporten-token", "Maskinporten token"), srv.MaskinportenURL() + "token"},
		{s.t("Altinn-plattformen", "Altinn platform"), srv.PlatformURL() + "/authentication/api/v1/"},
		{s.t("Godkjenningssiden", "Approval page"), srv.ApprovalURL() + "/accessmanagement/ui/systemuser/request?id=…"},
		{s.t("Sandkassens side", "Sandbox page"), srv.AdminURL()},
	}
	for _, r := range rows {
		fmt.Fprintf(out, "  %-30s %s\n", r[0], r[1])
	}
	if statePath != "" {
		fmt.Fprintf(out, "  %-30s %s\n", s.t("Tilstand lagres i", "State kept in"), termtext.Text(statePath))
	} else {
		fmt.Fprintf(out, "  %-30s %s\n", s.t("Tilstand", "State"), s.t("bare i minnet (--state FIL for å beholde den)", "in memory only (--state FILE to keep it)"))
	}
	fmt.Fprintln(out)
	for _, c := range clients {
		var kids []string
		for _, k := range c.Keys.Keys {
			kids = append(kids, k.KeyID)
		}
		fmt.Fprintf(out, s.t("Maskinporten-klient for %s: client_id %s (kid %s; scopes %s)\n", "Maskinporten client of %s: client_id %s (kid %s; scopes %s)\n"),
			c.OrgNo, c.ID, termtext.Text(strings.Join(kids, ", ")), strings.Join(c.Scopes, " "))
	}
	if len(clients) > 0 {
		fmt.Fprintln(out)
		fmt.Fprintln(out, s.t("Pek altinn-onboard (eller ditt eget system) hit:", "Point altinn-onboard (or your own system) here:"))
	} else {
		fmt.Fprintln(out, s.t(
			"Registrer Maskinporten-klienten din med den offentlige nøkkelen på sandkassens side (eller med\n--client ORGNR=FIL). Pek så altinn-onboard (eller ditt eget system) hit:",
			"Register your Maskinporten client with its public key on the sandbox page (or with\n--client ORGNR=FILE). Then point altinn-onboard (or your own system) here:"))
	}
	fmt.Fprintln(out)
	fmt.Fprint(out, sandboxExports(srv.Env()))
	fmt.Fprintln(out)
	fmt.Fprintln(out, s.t("Stopp med Ctrl+C.", "Stop with Ctrl+C."))
}

// sandboxExports are the environment as shell export lines, each value
// quoted when the shell would otherwise read it ([::1] is a pattern).
func sandboxExports(env []string) string {
	var b strings.Builder
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		fmt.Fprintf(&b, "export %s=%s\n", name, shellWord(value))
	}
	return b.String()
}

func shellWord(v string) string {
	safe := v != ""
	for _, c := range v {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_./:@%+=,", c)) {
			safe = false
			break
		}
	}
	if safe {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}
