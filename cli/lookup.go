package cli

// `lookup`: an organisation in Enhetsregisteret, for scripts and for a
// quick check before a number goes into a session.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/brreg"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
)

// lookupCacheDir is the cache's folder inside the data folder.
const lookupCacheDir = "cache"

type lookupOptions struct {
	*IO
	DataDir func() (string, error)
	Getenv  func(string) string
	Brreg   func(base, cacheDir string, offline bool) *brreg.Client

	OrgNumber   string
	JSON        bool
	Offline     bool
	Environment string
}

func newCmdLookup(f *Factory, runF func(*lookupOptions) error) *cobra.Command {
	opts := &lookupOptions{IO: f.IO, DataDir: f.DataDir, Getenv: f.Getenv, Brreg: newBrregClient}
	cmd := &cobra.Command{
		Use:   "lookup ORGNR [--json]",
		Short: "Look an organisation up in Enhetsregisteret: name, business address, bankrupt or under liquidation",
		Long: `Look an organisation number up in Enhetsregisteret (Brønnøysundregistrene,
open data, no login): first among the main units (enheter), then among the
sub-units (underenheter). Shows the name, the business address, and whether
the unit is bankrupt (konkurs), under liquidation (underAvvikling) or
deleted. The number is checked first (9 digits, MOD11; "0192:" and spaces
are accepted).

The register asked is https://data.brreg.no, or https://data.ppe.brreg.no
with --environment tt02 (TT02's synthetic organisations; whether every one
of them is there is not documented). ALTINN_ONBOARD_BRREG_URL overrides
both. Answers are kept for a day in the data folder (when it exists), so
--offline can still answer what was looked up today.

Exit status: 0 found; 3 not found or deleted; 1 the register could not be
asked (network, timeout, a strange answer, --offline with nothing cached);
2 not a valid organisation number.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.OrgNumber = args[0]
			if runF != nil {
				return runF(opts)
			}
			return lookupRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print one JSON document on standard output")
	cmd.Flags().BoolVar(&opts.Offline, "offline", false, "do not ask the register; answer only from today's cache")
	cmd.Flags().StringVar(&opts.Environment, "environment", session.EnvProd, "the register for this environment: prod (data.brreg.no) or tt02 (data.ppe.brreg.no)")
	return cmd
}

// newBrregClient is the program's register client.
func newBrregClient(base, cacheDir string, offline bool) *brreg.Client {
	return brreg.New(brreg.Options{BaseURL: base, CacheDir: cacheDir, Offline: offline})
}

// brregCacheDir is the lookup cache's folder when the data folder exists
// ("" otherwise: a lookup does not create the data folder).
func brregCacheDir(dataDir func() (string, error)) string {
	dir, err := dataDir()
	if err != nil {
		return ""
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return ""
	}
	return filepath.Join(dir, lookupCacheDir)
}

// lookupJSON is what `lookup --json` prints.
type lookupJSON struct {
	OrgNumber        string        `json:"organisasjonsnummer"`
	Status           brreg.Status  `json:"status"`
	Found            bool          `json:"found"`
	Deleted          bool          `json:"deleted"`
	Name             string        `json:"navn"`
	BusinessAddress  brreg.Address `json:"forretningsadresse"`
	Bankrupt         bool          `json:"konkurs"`
	UnderLiquidation bool          `json:"underAvvikling"`
	DeletedDate      string        `json:"slettedato,omitempty"`
	SubUnit          bool          `json:"underenhet"`
	Register         string        `json:"register"`
}

func lookupRun(opts *lookupOptions) error {
	org, err := forms.OrgNumber(opts.OrgNumber)
	if err != nil {
		return usageError("%s", forms.Localize(err, opts.formsLang()))
	}
	env := strings.ToLower(strings.TrimSpace(opts.Environment))
	if env != session.EnvProd && env != session.EnvTT02 {
		return usageError(opts.t("ukjent miljø «%s»: velg tt02 eller prod", "unknown environment %q: choose tt02 or prod"), opts.Environment)
	}
	c := opts.Brreg(brreg.BaseURL(opts.Getenv, env), brregCacheDir(opts.DataDir), opts.Offline)
	u, err := c.Lookup(context.Background(), org)
	if p := c.CacheProblem(); p != nil {
		opts.note(p)
	}
	if err != nil {
		return err
	}
	if opts.JSON {
		a := u.BusinessAddress
		if a.Lines == nil {
			a.Lines = []string{}
		}
		if err := writeJSON(opts.IO, lookupJSON{OrgNumber: u.OrgNumber, Status: u.Status, Found: u.Status == brreg.Found,
			Deleted: u.Status == brreg.Deleted, Name: u.Name, BusinessAddress: a, Bankrupt: u.Bankrupt,
			UnderLiquidation: u.UnderLiquidation, DeletedDate: u.DeletedDate, SubUnit: u.SubUnit, Register: c.Base()}); err != nil {
			return err
		}
	} else {
		fmt.Fprint(opts.Out, termtext.Text(u.Text(opts.Lang)))
	}
	if u.Gone() {
		return &exitError{3, errGone{u}}
	}
	return nil
}

// errGone is a number the register does not have as a living unit; the
// text is already printed, so the error says it once more, short.
type errGone struct{ u brreg.Unit }

func (e errGone) Error() string { return e.Text("en") }
func (e errGone) Text(lang string) string {
	nr := nofmt.OrgNumber(e.u.OrgNumber)
	if e.u.Status == brreg.Deleted {
		if lang == "en" {
			return nr + " is deleted in Enhetsregisteret"
		}
		return nr + " er slettet i Enhetsregisteret"
	}
	if lang == "en" {
		return nr + " is not in Enhetsregisteret"
	}
	return nr + " finnes ikke i Enhetsregisteret"
}

// wizardLookup is the wizard's link to Enhetsregisteret: one client per
// register (PROD's, TT02's), the cache in the data folder.
func wizardLookup(getenv func(string) string, dataDir string, offline bool) *steps.OrgLookup {
	var mu sync.Mutex
	clients := map[string]*brreg.Client{}
	return &steps.OrgLookup{Client: func(env string) *brreg.Client {
		base := brreg.BaseURL(getenv, env)
		mu.Lock()
		defer mu.Unlock()
		if c, ok := clients[base]; ok {
			return c
		}
		c := newBrregClient(base, filepath.Join(dataDir, lookupCacheDir), offline)
		clients[base] = c
		return c
	}}
}
