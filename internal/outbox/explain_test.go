package outbox_test

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/altinn-onboard/altinn-onboard/internal/outbox"
	"github.com/altinn-onboard/altinn-onboard/mail"
)

// Every failure is explained in both languages, with what identifies it
// (the refused address, the fingerprint) in each.
func TestExplainSaysCauseAndFixInBothLanguages(t *testing.T) {
	se := &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	fp := "sha256:" + strings.Repeat("AB:", 31) + "AB"
	for _, c := range []struct {
		err  error
		want []string
	}{
		{fmt.Errorf("smtp h:587: auth: %w", mail.ErrAuthFailed), []string{"smtp-password --profile"}},
		{&mail.RefusedError{Role: mail.RoleSender, Addresses: []string{"kari@x.no"}, Errs: []*smtp.SMTPError{se}}, []string{"kari@x.no", "smtp.user"}},
		{&mail.RefusedError{Role: mail.RoleRecipient, Addresses: []string{"a@x.no", "b@x.no"}, Errs: []*smtp.SMTPError{se, se}}, []string{"a@x.no, b@x.no"}},
		{&mail.RefusedError{Role: mail.RoleMessage, Errs: []*smtp.SMTPError{se}}, []string{"550"}},
		{&mail.UntrustedCertError{Host: "h", Fingerprint: fp, Names: []string{"h"}, NotAfter: time.Now()}, []string{"smtp.trusted_cert " + fp, "smtp.ca_file"}},
		{&mail.UntrustedCertError{Host: "h", Fingerprint: fp, Pinned: "sha256:old", Names: []string{"h"}}, []string{fp, "sha256:old"}},
		{fmt.Errorf("smtp h:587: %w", context.DeadlineExceeded), []string{"--timeout"}},
		{fmt.Errorf("smtp h:587: connecting: %w", syscall.ECONNREFUSED), []string{"smtp.port"}},
		{fmt.Errorf("something else"), []string{"smtp.security"}},
	} {
		nb, en := outbox.Explain(c.err, "nb"), outbox.Explain(c.err, "en")
		if nb == en || !strings.HasPrefix(nb, "e-posten ble ikke sendt; ") || !strings.HasPrefix(en, "the e-mail was not sent; ") {
			t.Errorf("%v:\n nb %s\n en %s", c.err, nb, en)
		}
		for _, w := range c.want {
			if !strings.Contains(nb, w) || !strings.Contains(en, w) {
				t.Errorf("%v: lacks %q:\n nb %s\n en %s", c.err, w, nb, en)
			}
		}
	}
	if got := outbox.Explain(nil, "nb"); got != "" {
		t.Errorf("Explain(nil) = %q", got)
	}
}
