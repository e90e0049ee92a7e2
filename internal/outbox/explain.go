package outbox

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"

	"github.com/emersion/go-smtp"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/mail"
)

// Explain says, in lang ("en", else Norwegian bokmål), why a sending
// failed and what to do, followed by what the server or the connection
// said. The .eml is never touched by a failure, so the text never needs
// to say more about it than that nothing was sent.
func Explain(err error, lang string) string {
	if err == nil {
		return ""
	}
	t := func(nb, en string) string {
		if lang == "en" {
			return en
		}
		return nb
	}
	var oe *Error
	if errors.As(err, &oe) {
		return oe.Text(lang)
	}
	return fmt.Sprintf("%s; %s\n%s %s", t("e-posten ble ikke sendt", "the e-mail was not sent"), fix(err, t),
		t("Serveren/forbindelsen sa:", "The server/connection said:"), termtext.Line(err.Error()))
}

// fix is the cause and what to do.
func fix(err error, t func(nb, en string) string) string {
	var (
		refused   *mail.RefusedError
		untrusted *mail.UntrustedCertError
		host      x509.HostnameError
		invalid   x509.CertificateInvalidError
		unknown   x509.UnknownAuthorityError
		se        *smtp.SMTPError
		netErr    net.Error
	)
	switch {
	case errors.Is(err, mail.ErrAuthFailed):
		return t("serveren avviste brukernavnet eller passordet: sjekk smtp.user (`altinn-onboard profile show`) og lagre passordet på nytt med `altinn-onboard secrets set smtp-password --profile`",
			"the server refused the user name or password: check smtp.user (`altinn-onboard profile show`) and store the password again with `altinn-onboard secrets set smtp-password --profile`")
	case errors.As(err, &refused):
		return refusedFix(refused, t)
	case errors.As(err, &untrusted):
		return untrustedFix(untrusted, t)
	case errors.As(err, &host):
		return fmt.Sprintf(t("serverens sertifikat gjelder %s, ikke %s: sett smtp.host til navnet i sertifikatet",
			"the server's certificate is for %s, not %s: set smtp.host to the name in the certificate"), certName(host.Certificate), termtext.Line(host.Host))
	case errors.As(err, &invalid):
		return fmt.Sprintf(t("serverens sertifikat (for %s) er ikke gyldig (utløpt eller ikke gyldig ennå?): be den som driver serveren rette det",
			"the server's certificate (for %s) is not valid (expired, or not valid yet?): ask whoever runs the server to fix it"), certName(invalid.Cert))
	case errors.As(err, &unknown):
		return fmt.Sprintf(t("serverens sertifikat (for %s) er utstedt av en CA programmet ikke stoler på: er det firmaets egen CA, sett `altinn-onboard profile set smtp.ca_file /sti/til/ca.pem`",
			"the server's certificate (for %s) is issued by a CA the program does not trust: if it is your company's own CA, set `altinn-onboard profile set smtp.ca_file /path/to/ca.pem`"), certName(unknown.Cert))
	case errors.As(err, &se) && se.Code >= 500:
		return t("serveren avviste e-posten (se svaret under): sjekk adressene i e-posten og at avsenderen er en du kan sende fra",
			"the server refused the e-mail (see its answer below): check the addresses in the e-mail and that you may send from the sender")
	case errors.As(err, &se):
		return t("serveren kunne ikke ta imot e-posten nå (se svaret under): prøv igjen senere", "the server could not take the e-mail now (see its answer below): try again later")
	case errors.Is(err, context.Canceled):
		return t("avbrutt", "interrupted")
	case errors.As(err, &netErr) && netErr.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return t("serveren svarte ikke i tide: sjekk smtp.host og smtp.port, og at nettverket slipper deg ut til den (eller øk --timeout)",
			"the server did not answer in time: check smtp.host and smtp.port, and that the network lets you reach it (or raise --timeout)")
	case errors.Is(err, syscall.ECONNREFUSED):
		return t("ingen SMTP-server svarer på den porten: sjekk smtp.host og smtp.port (587 for starttls, 465 for tls) i profilen",
			"no SMTP server answers on that port: check smtp.host and smtp.port (587 for starttls, 465 for tls) in the profile")
	}
	return t("sjekk smtp.host, smtp.port og smtp.security i profilen (`altinn-onboard profile show`)",
		"check smtp.host, smtp.port and smtp.security in the profile (`altinn-onboard profile show`)")
}

func refusedFix(e *mail.RefusedError, t func(nb, en string) string) string {
	addrs := termtext.Line(strings.Join(e.Addresses, ", "))
	later := ""
	if e.Temporary() {
		later = t(" Avvisningen er midlertidig: prøv igjen senere.", " The refusal is temporary: try again later.")
	}
	switch e.Role {
	case mail.RoleSender:
		return fmt.Sprintf(t("serveren avviste avsenderen %s: sjekk at kontoen i smtp.user kan sende fra den adressen (e-postens From), eller lag e-posten på nytt med en avsender du kan sende fra.%s",
			"the server refused the sender %s: check that the account in smtp.user may send from that address (the e-mail's From), or make the e-mail again with a sender you may send from.%s"), addrs, later)
	case mail.RoleRecipient:
		return fmt.Sprintf(t("serveren avviste mottakeren %s, så e-posten ble ikke sendt til noen: rett adressen i svarene og lag e-posten på nytt.%s",
			"the server refused the recipient %s, so the e-mail was sent to no one: correct the address in the answers and make the e-mail again.%s"), addrs, later)
	}
	return t("serveren avviste selve e-posten (innholdet eller størrelsen; se svaret under): spør den som driver serveren hva som stoppet den",
		"the server refused the e-mail itself (its content or size; see its answer below): ask whoever runs the server what stopped it") + later
}

func untrustedFix(e *mail.UntrustedCertError, t func(nb, en string) string) string {
	names := termtext.Line(strings.Join(e.Names, ", "))
	if e.Pinned != "" {
		return fmt.Sprintf(t("serverens sertifikat (for %s) er byttet siden du valgte å stole på det: fingeravtrykket er nå %s, ikke %s. Send ikke før den som driver serveren har bekreftet det nye sertifikatet; er det i orden, kjør `altinn-onboard profile set smtp.trusted_cert %s`",
			"the server's certificate (for %s) has changed since you chose to trust it: its fingerprint is now %s, not %s. Do not send until whoever runs the server has confirmed the new certificate; if it is right, run `altinn-onboard profile set smtp.trusted_cert %s`"),
			names, e.Fingerprint, e.Pinned, e.Fingerprint)
	}
	return fmt.Sprintf(t("serverens sertifikat (for %s, gyldig til %s) er ikke utstedt av en CA programmet stoler på (selvsignert?): er det firmaets egen CA, sett `altinn-onboard profile set smtp.ca_file /sti/til/ca.pem`; er serveren selvsignert, sjekk fingeravtrykket %s med den som driver den, og kjør så `altinn-onboard profile set smtp.trusted_cert %s`",
		"the server's certificate (for %s, valid until %s) is not issued by a CA the program trusts (self-signed?): if it is your company's own CA, set `altinn-onboard profile set smtp.ca_file /path/to/ca.pem`; if the server is self-signed, check the fingerprint %s with whoever runs it, then run `altinn-onboard profile set smtp.trusted_cert %s`"),
		names, e.NotAfter.UTC().Format("2006-01-02"), e.Fingerprint, e.Fingerprint)
}

func certName(c *x509.Certificate) string {
	if c == nil {
		return "?"
	}
	return termtext.Line(strings.Join(mail.CertNames(c), ", "))
}
