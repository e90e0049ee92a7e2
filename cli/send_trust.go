package cli

// A server whose certificate no trusted CA signed (a self-signed one) is
// used only after an explicit choice: asked in a terminal and remembered
// in the profile (smtp.trusted_cert), or, without a terminal, by running
// the `profile set` command the message gives after checking the
// fingerprint. A certificate that changed later is refused again.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/internal/outbox"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
)

// sendTrusting sends d; when the server's certificate is not trusted and
// there is a terminal, it shows the certificate and asks whether to trust
// it from now on, remembers a yes and sends again.
func sendTrusting(ctx context.Context, opts *sendOptions, d *outbox.Draft, set *outbox.Settings) (outbox.Receipt, error) {
	r, err := outbox.Send(ctx, d, *set)
	c, untrusted := outbox.AsUntrustedCert(err)
	if !untrusted || !opts.InIsTerminal {
		if err != nil {
			return r, sendFailure(opts, err)
		}
		return r, nil
	}
	fmt.Fprint(opts.Err, certQuestion(opts.IO, c))
	if !yes(opts.In) {
		return r, &exitError{2, errors.New(opts.t("ikke sendt: sertifikatet ble ikke godtatt", "not sent: the certificate was not accepted"))}
	}
	if err := outbox.Trust(set.ProfilePath, c); err != nil {
		return r, errors.New(outbox.Explain(err, opts.Lang) + opts.t("; ingenting ble sendt", "; nothing was sent"))
	}
	fmt.Fprintf(opts.Err, opts.t("Husket i profilen (smtp.trusted_cert = %s).\n", "Remembered in the profile (smtp.trusted_cert = %s).\n"), c.Fingerprint)
	set.Profile.SMTP.TrustedCert = c.Fingerprint
	r, err = outbox.Send(ctx, d, *set)
	if err != nil {
		return r, sendFailure(opts, err)
	}
	return r, nil
}

// certQuestion shows the certificate and asks.
func certQuestion(s *IO, c *outbox.UntrustedCert) string {
	var b strings.Builder
	if c.Changed {
		fmt.Fprintf(&b, s.t("ADVARSEL: sertifikatet til %s er byttet siden du valgte å stole på det (før: %s). Stol bare på det nye om den som driver serveren har bekreftet det.\n",
			"WARNING: the certificate of %s has changed since you chose to trust it (before: %s). Trust the new one only if whoever runs the server has confirmed it.\n"),
			termtext.Line(c.Host), c.Previous)
	} else {
		fmt.Fprintf(&b, s.t("Sertifikatet til %s er ikke utstedt av en CA programmet stoler på (selvsignert?).\n",
			"The certificate of %s is not issued by a CA the program trusts (self-signed?).\n"), termtext.Line(c.Host))
	}
	fmt.Fprintf(&b, "%s %s\n%s %s\n%s %s\n%s %s\n",
		s.t("  Server:       ", "  Server:      "), termtext.Line(c.Host),
		s.t("  Gjelder:      ", "  For:         "), termtext.Line(c.Names),
		s.t("  Fingeravtrykk:", "  Fingerprint: "), c.Fingerprint,
		s.t("  Gyldig til:   ", "  Valid until: "), c.NotAfter.UTC().Format("2006-01-02 15:04 UTC"))
	b.WriteString(s.t("Sjekk fingeravtrykket med den som driver serveren. ", "Check the fingerprint with whoever runs the server. "))
	fmt.Fprintf(&b, s.t("Stole på dette sertifikatet for %s fra nå av? [j/N] ", "Trust this certificate for %s from now on? [y/N] "), termtext.Line(c.Host))
	return b.String()
}
