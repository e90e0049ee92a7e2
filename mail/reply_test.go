package mail_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/altinn-onboard/altinn-onboard/mail"
)

// Every recipient is tried, and the error names each one the server
// refused, with its answer; nothing is delivered to the others.
func TestSendNamesEachRefusedRecipient(t *testing.T) {
	msg, from, to := composed(t) // mottak@example.no, kare@blabaer.no, c@xn--blbr-roah.no
	be := &backend{refuse: map[string]bool{"mottak@example.no": true, "c@xn--blbr-roah.no": true}}
	host, port := startServer(t, be, nil, false)
	_, err := mail.Send(context.Background(), mail.SMTPConfig{Host: host, Port: port, Security: "none", Timeout: 5 * time.Second}, from, to, msg)
	var refused *mail.RefusedError
	if !errors.As(err, &refused) || refused.Role != mail.RoleRecipient {
		t.Fatalf("err = %v, want a refused recipient", err)
	}
	if strings.Join(refused.Addresses, " ") != "mottak@example.no c@xn--blbr-roah.no" || refused.Temporary() {
		t.Errorf("refused %v (temporary %v)", refused.Addresses, refused.Temporary())
	}
	if !strings.Contains(err.Error(), "<mottak@example.no>: 550 5.1.1") || !strings.Contains(err.Error(), "no such user") {
		t.Errorf("error text %q", err)
	}
	var se *smtp.SMTPError
	if !errors.As(err, &se) || se.Code != 550 {
		t.Errorf("no SMTPError in the chain: %v", err)
	}
	if msgs, _ := be.messages(); len(msgs) != 0 {
		t.Fatalf("delivered %d messages although recipients were refused", len(msgs))
	}
}

func TestSendNamesARefusedSender(t *testing.T) {
	msg, from, to := composed(t)
	be := &backend{tempfail: map[string]bool{from: true}}
	host, port := startServer(t, be, nil, false)
	_, err := mail.Send(context.Background(), mail.SMTPConfig{Host: host, Port: port, Security: "none", Timeout: 5 * time.Second}, from, to, msg)
	var refused *mail.RefusedError
	if !errors.As(err, &refused) || refused.Role != mail.RoleSender || strings.Join(refused.Addresses, "") != from || !refused.Temporary() {
		t.Fatalf("err = %v (%+v), want a temporarily refused sender", err, refused)
	}
}
