package cli

// `environment`: which Altinn environment (TT02 or PROD) a session works
// against. PROD needs an explicit confirmation the first time.

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/session"
)

func newCmdEnvironment(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "environment",
		Short: "Choose the Altinn environment (tt02 or prod) of an Altinn 3 session",
	}
	cmd.AddCommand(newCmdEnvironmentSet(f, nil), newCmdEnvironmentShow(f, nil))
	return cmd
}

type environmentSetOptions struct {
	a3Options
	Env         string
	ConfirmProd bool
}

func newCmdEnvironmentSet(f *Factory, runF func(*environmentSetOptions) error) *cobra.Command {
	opts := &environmentSetOptions{a3Options: newA3Options(f)}
	cmd := &cobra.Command{
		Use:   "set tt02|prod --session NAME [--confirm-prod]",
		Short: "Set the environment the session works against",
		Long: `Set the environment the session works against: tt02 (Altinn's test
environment, the default) or prod. The first time a session is set to
prod, --confirm-prod must say that you mean it; after that it is
remembered. What was registered or requested in one environment is kept
and not mixed with the other's.

The addresses used can be changed with ALTINN_ONBOARD_MASKINPORTEN_URL,
ALTINN_ONBOARD_PLATFORM_URL and ALTINN_ONBOARD_APPROVAL_URL (a sandbox, a
proxy); ` + "`altinn-onboard doctor`" + ` shows which are in use.

Exit status: 0 set; 2 a bad name, or prod without --confirm-prod.`,
		Args:      cobra.ExactArgs(1),
		ValidArgs: session.Environments,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Env = strings.ToLower(strings.TrimSpace(args[0]))
			if runF != nil {
				return runF(opts)
			}
			return environmentSetRun(opts)
		},
	}
	a3Flags(cmd, &opts.a3Options)
	cmd.Flags().BoolVar(&opts.ConfirmProd, "confirm-prod", false, "confirm, once per session, that it may act against PROD")
	return cmd
}

type environmentJSON struct {
	Environment   string   `json:"environment"`
	ProdConfirmed bool     `json:"prod_confirmed"`
	Maskinporten  string   `json:"maskinporten_url,omitempty"`
	Platform      string   `json:"platform_url,omitempty"`
	Approval      string   `json:"approval_url,omitempty"`
	Overridden    []string `json:"overridden_by,omitempty"`
}

func environmentSetRun(opts *environmentSetOptions) error {
	return opts.do(func(s *a3Session) error {
		if opts.Env != session.EnvTT02 && opts.Env != session.EnvProd {
			return usageError(opts.t("ukjent miljø «%s»: velg tt02 eller prod", "unknown environment %q: choose tt02 or prod"), opts.Env)
		}
		if err := altinn3.SetEnvironment(s.sess, opts.Env, opts.ConfirmProd, opts.Now()); err != nil {
			if err == altinn3.ErrProdNotConfirmed {
				return usageError("%s %s", err.(*altinn3.KeyError).Text(opts.Lang), opts.t("Legg til --confirm-prod.", "Add --confirm-prod."))
			}
			return err
		}
		if err := s.st.Save(s.sess); err != nil {
			return err
		}
		return printEnvironment(&opts.a3Options, s)
	})
}

func printEnvironment(opts *a3Options, s *a3Session) error {
	snap := s.snapshot()
	out := environmentJSON{Environment: snap.Env, ProdConfirmed: snap.A3.ProdConfirmedAt != nil}
	ep, err := opts.Onboarding().Endpoints(snap)
	if err != nil {
		return err
	}
	out.Maskinporten, out.Platform, out.Approval, out.Overridden = ep.Maskinporten, ep.Platform, ep.Approval, ep.Overridden
	if opts.JSON {
		return writeJSON(opts.IO, out)
	}
	fmt.Fprintf(opts.Out, opts.t("Miljø: %s\n", "Environment: %s\n"), strings.ToUpper(out.Environment))
	fmt.Fprintf(opts.Out, "  Maskinporten: %s\n  %s: %s\n  %s: %s\n", out.Maskinporten,
		opts.t("Plattform", "Platform"), out.Platform, opts.t("Godkjenning", "Approval"), out.Approval)
	if len(out.Overridden) > 0 {
		fmt.Fprintf(opts.Out, opts.t("  Endret av: %s\n", "  Changed by: %s\n"), strings.Join(out.Overridden, ", "))
	}
	return nil
}

func newCmdEnvironmentShow(f *Factory, runF func(*a3Options) error) *cobra.Command {
	opts := newA3Options(f)
	cmd := &cobra.Command{
		Use:   "show --session NAME",
		Short: "Show the session's environment and the addresses in use",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(&opts)
			}
			return opts.do(func(s *a3Session) error { return printEnvironment(&opts, s) })
		},
	}
	a3Flags(cmd, &opts)
	return cmd
}
