package cli

// `maskinporten`: the vendor's Maskinporten client. The key pair is made
// here (or taken from an enterprise certificate); the private key goes to
// the OS keyring only, the public key is printed and written for upload
// to Digdir's self-service portal, whose client ID is then recorded.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// EnvP12Password is where a script gives the .p12 file's password (never
// a flag: a flag's value shows in the process list).
const EnvP12Password = "ALTINN_ONBOARD_P12_PASSWORD"

func newCmdMaskinporten(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "maskinporten",
		Short: "The Maskinporten client of an Altinn 3 session: key, client ID, scopes, tokens",
	}
	key := &cobra.Command{Use: "key", Short: "Make or show the client's key pair"}
	key.AddCommand(newCmdMaskinportenKeyNew(f, nil), newCmdMaskinportenKeyShow(f, nil))
	client := &cobra.Command{Use: "client", Short: "Record the client ID the self-service portal gave"}
	client.AddCommand(newCmdMaskinportenClientSet(f, nil))
	scopes := &cobra.Command{Use: "scopes", Short: "Set the scopes the client asks for beyond the vendor's three"}
	scopes.AddCommand(newCmdMaskinportenScopesSet(f, nil))
	cmd.AddCommand(key, client, scopes, newCmdMaskinportenToken(f, nil))
	return cmd
}

// ---------------------------------------------------------------------
// maskinporten key new

type keyNewOptions struct {
	a3Options
	Getenv  func(string) string
	OutFile string // JWKS file
	PEMFile string // public PEM file
	P12     string // enterprise certificate file
	Replace bool
}

func newCmdMaskinportenKeyNew(f *Factory, runF func(*keyNewOptions) error) *cobra.Command {
	opts := &keyNewOptions{a3Options: newA3Options(f), Getenv: func(k string) string { return f.Getenv(k) }}
	cmd := &cobra.Command{
		Use:   "new --session NAME [--out FILE] [--pem FILE] [--p12 FILE] [--replace]",
		Short: "Make the client's key pair and print its public JWK",
		Long: `Make an RSA-2048 key pair with a key ID (kid) for the session's
Maskinporten client, or, with --p12, take the key of an enterprise
certificate. The private key goes to the OS keyring only. The public key
is printed as a JWK (JSON) on standard output; --out writes it as a JWKS
and --pem as PEM, the forms the self-service portal takes.

A .p12 key's kid is the RFC 7638 thumbprint of the certificate's key (the
same certificate gives the same kid), and its JWK carries the certificate
chain as x5c. Upload the JWKS to the client: grants then name the key by
its kid. A client that uses the enterprise certificate itself, with no
key uploaded, gets grants that carry the chain (x5c) instead; the program
tries the kid first, then x5c (and while it runs keeps to the one that
worked).

The .p12 file's password is read from the terminal without echo, or from
standard input when it is piped, or from $` + EnvP12Password + `.
It is never a flag (a flag shows in the process list).

A session that has a key keeps it unless --replace is given: a new key
stops the client working until its public part is uploaded.

Exit status: 0 made; 2 something to fix (a flag, the file, the password,
a key already there); 1 the keyring or a file could not be written.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return keyNewRun(opts)
		},
	}
	a3Flags(cmd, &opts.a3Options)
	cmd.Flags().StringVar(&opts.OutFile, "out", "", "also write the public key as a JWKS to FILE")
	cmd.Flags().StringVar(&opts.PEMFile, "pem", "", "also write the public key as PEM to FILE")
	cmd.Flags().StringVar(&opts.P12, "p12", "", "use the key of this enterprise certificate (.p12/.pfx)")
	cmd.Flags().BoolVar(&opts.Replace, "replace", false, "replace the key the session has")
	return cmd
}

func keyNewRun(opts *keyNewOptions) error {
	return opts.do(func(s *a3Session) error {
		snap := s.snapshot()
		if mp := snap.A3.Maskinporten; mp.KeySource != "" && !opts.Replace {
			return usageError(opts.t(
				"økten har allerede en nøkkel (kid %s); en ny nøkkel stopper klienten til den offentlige delen er lastet opp. Legg til --replace for å lage en ny, eller vis den du har med `maskinporten key show`",
				"the session already has a key (kid %s); a new key stops the client until its public part is uploaded. Add --replace to make a new one, or show the one it has with `maskinporten key show`"),
				termtext.Line(mp.KeyID))
		}
		o := opts.Onboarding()
		var out altinn3.KeyOutcome
		var err error
		if opts.P12 != "" {
			password, perr := p12Password(opts)
			if perr != nil {
				return perr
			}
			out, err = o.LoadP12Key(snap, opts.P12, password)
		} else {
			out, err = o.GenerateKey(snap)
		}
		if err != nil {
			return err
		}
		if err := s.save(steps.StepA3Client, out.Apply); err != nil {
			return err
		}
		if err := writePublicFiles(opts.IO, opts.OutFile, opts.PEMFile, out.JWKS, out.PublicPEM); err != nil {
			return err
		}
		jwk, err := altinn3.JWKJSON(out.JWK, out.Client.CertificateChain)
		if err != nil {
			return err
		}
		fmt.Fprintln(opts.IO.Out, string(jwk))
		if out.Certificate != "" {
			fmt.Fprintf(opts.Err, opts.t("Sertifikat: %s\n", "Certificate: %s\n"), termtext.Line(out.Certificate))
		}
		if out.Client.KeySource == session.KeySourceP12 {
			fmt.Fprintf(opts.Err, opts.t(
				"Den private nøkkelen er i nøkkelringen. Last opp den offentlige nøkkelen (JWKS med --out FIL; kid %s, laget av sertifikatets nøkkel, med sertifikatkjeden som x5c) på klienten i selvbetjeningsportalen, og skriv inn klient-ID-en med `maskinporten client set`. Bruker klienten virksomhetssertifikatet direkte, trengs ingen opplasting: da sender programmet sertifikatkjeden (x5c) i grant-en.\n",
				"The private key is in the keyring. Upload the public key (a JWKS with --out FILE; kid %s, made from the certificate's key, with the certificate chain as x5c) to the client in the self-service portal, then enter the client ID with `maskinporten client set`. If the client uses the enterprise certificate itself, no upload is needed: the program then sends the certificate chain (x5c) in the grant.\n"),
				out.JWK.Kid)
			return nil
		}
		fmt.Fprintf(opts.Err, opts.t(
			"Den private nøkkelen er i nøkkelringen. Last opp den offentlige nøkkelen (kid %s) i selvbetjeningsportalen, og skriv inn klient-ID-en med `maskinporten client set`.\n",
			"The private key is in the keyring. Upload the public key (kid %s) in the self-service portal, then enter the client ID with `maskinporten client set`.\n"),
			out.JWK.Kid)
		return nil
	})
}

// writePublicFiles writes the public key as JWKS and PEM where asked.
func writePublicFiles(s *IO, jwksPath, pemPath string, jwks, pemData []byte) error {
	for _, f := range []struct {
		path string
		data []byte
	}{{jwksPath, append(jwks, '\n')}, {pemPath, pemData}} {
		if f.path == "" {
			continue
		}
		if err := atomicfile.WriteFile(f.path, f.data); err != nil {
			return fmt.Errorf(s.t("nøkkelen er laget og lagret, men %s kunne ikke skrives (skriv den igjen med `maskinporten key show --out FIL`): %w",
				"the key is made and saved, but %s could not be written (write it again with `maskinporten key show --out FILE`): %w"), f.path, err)
		}
		fmt.Fprintf(s.Err, s.t("Skrev %s\n", "Wrote %s\n"), termtext.Line(f.path))
	}
	return nil
}

// p12Password reads the certificate file's password: from the
// environment, else from the terminal without echo, else from standard
// input.
func p12Password(opts *keyNewOptions) (string, error) {
	if v := opts.Getenv(EnvP12Password); v != "" {
		return v, nil
	}
	sec := ui.Secret{Name: "p12-password", Description: func(lang string) string {
		return ui.T(lang, "passordet til "+opts.P12, "the password of "+opts.P12)
	}}
	v, err := readSecretValue(opts.IO, sec)
	var ee *exitError
	if errors.As(err, &ee) && ee.code == 2 {
		return "", usageError(opts.t("passordet til sertifikatfilen er tomt: skriv det i terminalen, send det på standard inn, eller sett %s",
			"the certificate file's password is empty: type it in the terminal, pipe it to standard input, or set %s"), EnvP12Password)
	}
	return v, err
}

// ---------------------------------------------------------------------
// maskinporten key show

type keyShowOptions struct {
	a3Options
	OutFile string
}

type keyJSON struct {
	KeyID        string             `json:"kid"`
	Source       string             `json:"key_source"`
	CreatedAt    string             `json:"created_at,omitempty"`
	P12Path      string             `json:"p12_path,omitempty"`
	Certificates int                `json:"certificates,omitempty"`
	JWK          *altinn3.UploadJWK `json:"jwk"`
	InKeyring    bool               `json:"private_key_in_keyring"`
	ClientID     string             `json:"client_id,omitempty"`
}

func newCmdMaskinportenKeyShow(f *Factory, runF func(*keyShowOptions) error) *cobra.Command {
	opts := &keyShowOptions{a3Options: newA3Options(f)}
	cmd := &cobra.Command{
		Use:   "show --session NAME [--out FILE]",
		Short: "Show the client's public key, and whether its private key is in the keyring",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return keyShowRun(opts)
		},
	}
	a3Flags(cmd, &opts.a3Options)
	cmd.Flags().StringVar(&opts.OutFile, "out", "", "write the public key as a JWKS to FILE")
	return cmd
}

func keyShowRun(opts *keyShowOptions) error {
	return opts.do(func(s *a3Session) error {
		mp := s.sess.Altinn3.Maskinporten
		if mp.KeySource == "" || mp.PublicKey == nil {
			return altinn3.ErrNoKey
		}
		pub, err := altinn3.SessionJWK(mp)
		if err != nil {
			return err
		}
		out := keyJSON{KeyID: pub.Kid, Source: mp.KeySource, P12Path: mp.P12Path, Certificates: len(mp.CertificateChain),
			JWK: &altinn3.UploadJWK{PublicJWK: pub, X5C: mp.CertificateChain}, ClientID: mp.ClientID}
		if !mp.KeyCreatedAt.IsZero() {
			out.CreatedAt = mp.KeyCreatedAt.Format("2006-01-02T15:04:05Z07:00")
		}
		known, err := opts.Onboarding().Secrets.Known(s.sess.ID, altinn3.SecretNames)
		if err != nil {
			return err
		}
		for _, k := range known {
			out.InKeyring = out.InKeyring || k.Set
		}
		if opts.OutFile != "" {
			jwks, err := altinn3.JWKS(pub, mp.CertificateChain)
			if err != nil {
				return err
			}
			if err := writePublicFiles(opts.IO, opts.OutFile, "", jwks, nil); err != nil {
				return err
			}
		}
		if opts.JSON {
			return writeJSON(opts.IO, out)
		}
		w := opts.IO.Out
		fmt.Fprintf(w, "kid: %s\n%s: %s\n", out.KeyID, opts.t("Kilde", "Source"), out.Source)
		if out.CreatedAt != "" {
			fmt.Fprintf(w, opts.t("Laget: %s\n", "Made: %s\n"), out.CreatedAt)
		}
		if out.P12Path != "" {
			fmt.Fprintf(w, opts.t("Sertifikatfil: %s\n", "Certificate file: %s\n"), termtext.Line(out.P12Path))
		}
		fmt.Fprintf(w, opts.t("Privat nøkkel i nøkkelringen: %s\n", "Private key in the keyring: %s\n"), yesNo(opts.IO, out.InKeyring))
		jwk, err := altinn3.JWKJSON(pub, mp.CertificateChain)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, string(jwk))
		return nil
	})
}

func yesNo(s *IO, b bool) string {
	if b {
		return s.t("ja", "yes")
	}
	return s.t("nei", "no")
}

// ---------------------------------------------------------------------
// maskinporten client set

type clientSetOptions struct {
	a3Options
	ClientID string
}

func newCmdMaskinportenClientSet(f *Factory, runF func(*clientSetOptions) error) *cobra.Command {
	opts := &clientSetOptions{a3Options: newA3Options(f)}
	cmd := &cobra.Command{
		Use:   "set CLIENT_ID --session NAME",
		Short: "Record the client ID (a UUID) the self-service portal gave the client",
		Long: `Record the client ID (a UUID) the self-service portal gave the client. It
also becomes one of the system's client IDs in the system register (in
place of the one before).

Exit status: 0 recorded; 2 not a UUID.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ClientID = args[0]
			if runF != nil {
				return runF(opts)
			}
			return clientSetRun(opts)
		},
	}
	a3Flags(cmd, &opts.a3Options)
	return cmd
}

func clientSetRun(opts *clientSetOptions) error {
	return opts.do(func(s *a3Session) error {
		edit, err := opts.Onboarding().SetClient(s.snapshot(), opts.ClientID)
		if err != nil {
			return err
		}
		if err := s.save(steps.StepA3Client, edit.Apply); err != nil {
			return err
		}
		if opts.JSON {
			return writeJSON(opts.IO, map[string]any{"client_id": edit.ClientID, "system_client_ids": s.sess.Altinn3.System.ClientIDs})
		}
		fmt.Fprintf(opts.Out, opts.t("Klient-ID: %s\n", "Client ID: %s\n"), edit.ClientID)
		return nil
	})
}

// ---------------------------------------------------------------------
// maskinporten scopes set

type scopesSetOptions struct {
	a3Options
	Scopes []string
}

func newCmdMaskinportenScopesSet(f *Factory, runF func(*scopesSetOptions) error) *cobra.Command {
	opts := &scopesSetOptions{a3Options: newA3Options(f)}
	cmd := &cobra.Command{
		Use:   "set [SCOPE...] --session NAME",
		Short: "Set the client's own scopes (the service owners' APIs); none: only the vendor's three",
		Long: `Set the scopes of the service owners' APIs the client calls, asked for in
system-user tokens, beyond the three altinn:authentication scopes a vendor
always asks for. No scopes clears the list.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Scopes = args
			if runF != nil {
				return runF(opts)
			}
			return scopesSetRun(opts)
		},
	}
	a3Flags(cmd, &opts.a3Options)
	return cmd
}

func scopesSetRun(opts *scopesSetOptions) error {
	return opts.do(func(s *a3Session) error {
		for _, sc := range opts.Scopes {
			for _, r := range sc {
				if r < 0x21 && r != ' ' || r == 0x7f || r == '"' || r == '\\' {
					return usageError(opts.t("scopet %s har et tegn et scope ikke kan ha", "the scope %s has a character a scope cannot have"), quoteRef(sc, opts.Lang))
				}
			}
		}
		edit, err := opts.Onboarding().SetScopes(opts.Scopes)
		if err != nil {
			return err
		}
		if err := s.save(steps.StepA3Client, edit.Apply); err != nil {
			return err
		}
		if opts.JSON {
			return writeJSON(opts.IO, map[string]any{"scopes": nonNil(edit.Scopes), "vendor_scopes": altinn3.VendorScopes})
		}
		if len(edit.Scopes) == 0 {
			fmt.Fprintln(opts.Out, opts.t("Ingen egne scopes: klienten ber bare om leverandørens tre.", "No scopes of its own: the client asks only for the vendor's three."))
			return nil
		}
		fmt.Fprintf(opts.Out, "Scopes: %s\n", strings.Join(edit.Scopes, " "))
		return nil
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ---------------------------------------------------------------------
// maskinporten token

type tokenOptions struct {
	a3Options
	Customer   string
	PrintToken bool
}

// tokenJSON is what a token grants; Token only with --print-token.
type tokenJSON struct {
	OK          bool     `json:"ok"`
	Environment string   `json:"environment"`
	Customer    string   `json:"customer,omitempty"`
	Granted     []string `json:"granted"`
	Missing     []string `json:"missing"`
	ExpiresIn   int      `json:"expires_in"`
	ExpiresAt   string   `json:"expires_at,omitempty"`
	Consumer    string   `json:"consumer,omitempty"`
	// A system-user token's authorization_details.
	SystemUserOrg string   `json:"systemuser_org,omitempty"`
	SystemUserIDs []string `json:"systemuser_id,omitempty"`
	SystemID      string   `json:"system_id,omitempty"`
	Token         string   `json:"token,omitempty"`
}

func newCmdMaskinportenToken(f *Factory, runF func(*tokenOptions) error) *cobra.Command {
	opts := &tokenOptions{a3Options: newA3Options(f)}
	cmd := &cobra.Command{
		Use:   "token --session NAME [--customer ORGNR] [--print-token]",
		Short: "Get a token from Maskinporten and show what it grants (the client test)",
		Long: `Get a token from Maskinporten and show what it grants: its scopes, when it
expires, and which of the scopes asked for are missing. Without
--customer this tests the client (the vendor's three altinn:authentication
scopes and the client's own); with --customer it gets the customer's
system-user token (the customer must have accepted the request).

The token itself is never shown, unless --print-token prints it (alone on
standard output, or in the JSON document): it is then in your terminal,
and in any log that keeps it.

Exit status: 0 a token; 2 something to do first (key, client ID, the
customer); 1 Maskinporten refused (its code and what to fix are shown).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return tokenRun(opts)
		},
	}
	a3Flags(cmd, &opts.a3Options)
	cmd.Flags().StringVar(&opts.Customer, "customer", "", "get the system-user token of this customer (organisation number)")
	cmd.Flags().BoolVar(&opts.PrintToken, "print-token", false, "print the token itself (it is a secret)")
	return cmd
}

func tokenRun(opts *tokenOptions) error {
	return opts.do(func(s *a3Session) error {
		o := opts.Onboarding()
		snap := s.snapshot()
		var out altinn3.TokenOutcome
		var err error
		if opts.Customer != "" {
			org, cerr := customerOrg(&opts.a3Options, snap, opts.Customer)
			if cerr != nil {
				return cerr
			}
			out, err = o.CustomerToken(context.Background(), snap, org, nil)
		} else {
			out, err = o.TestClient(context.Background(), snap)
		}
		if _, remote := altinn3.AsError(err); err != nil && !remote {
			return err // nothing was asked: nothing to record
		}
		if serr := s.save(tokenStep(opts.Customer), out.Apply); serr != nil && err == nil {
			err = serr
		}
		if err != nil {
			return err
		}
		return printToken(opts, out)
	})
}

func printToken(opts *tokenOptions, out altinn3.TokenOutcome) error {
	t := out.Test
	doc := tokenJSON{OK: t.OK, Environment: t.Environment, Customer: t.Customer, Granted: nonNil(t.Granted),
		Missing: nonNil(t.Missing), ExpiresIn: t.ExpiresIn}
	if out.Token != nil {
		doc.ExpiresAt = out.Token.ExpiresAt.UTC().Format("2006-01-02T15:04:05Z")
		c := out.Token.Claims
		doc.Consumer, doc.SystemUserOrg, doc.SystemUserIDs, doc.SystemID = c.Consumer, c.SystemUserOrg, c.SystemUserIDs, c.SystemID
		if opts.PrintToken {
			doc.Token = out.Token.Value()
		}
	}
	if opts.JSON {
		return writeJSON(opts.IO, doc)
	}
	w := opts.Err
	if opts.PrintToken {
		fmt.Fprintln(opts.Out, doc.Token)
	} else {
		w = opts.Out
	}
	if t.Customer != "" {
		fmt.Fprintf(w, opts.t("Systembrukertoken for %s (%s)\n", "System-user token for %s (%s)\n"), t.Customer, strings.ToUpper(t.Environment))
	} else {
		fmt.Fprintf(w, opts.t("Token fra Maskinporten (%s)\n", "Token from Maskinporten (%s)\n"), strings.ToUpper(t.Environment))
	}
	fmt.Fprintf(w, opts.t("  Gir: %s\n", "  Grants: %s\n"), strings.Join(doc.Granted, " "))
	fmt.Fprintf(w, opts.t("  Utløper om %d s (%s)\n", "  Expires in %d s (%s)\n"), doc.ExpiresIn, doc.ExpiresAt)
	if doc.SystemUserOrg != "" {
		fmt.Fprintf(w, opts.t("  Systembruker: %s for %s (system %s)\n", "  System user: %s for %s (system %s)\n"), strings.Join(doc.SystemUserIDs, ", "), doc.SystemUserOrg, doc.SystemID)
	}
	if len(doc.Missing) > 0 {
		fmt.Fprintf(w, opts.t("  Mangler: %s (be Digdir om tilgang til dem)\n", "  Missing: %s (ask Digdir for access to them)\n"), strings.Join(doc.Missing, " "))
	}
	return nil
}

// tokenStep is the step a token is fetched in: a customer's system-user
// token is step 4's work, the client's own test step 1's.
func tokenStep(customer string) string {
	if customer != "" {
		return steps.StepA3Token
	}
	return steps.StepA3Client
}
