package mail

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/emersion/go-smtp"
)

// Reply is the server's final answer to a message it accepted: the code
// (250) and its text, which often holds the server's queue ID.
type Reply struct {
	Code int
	Text string
}

// String is the answer as the server wrote it, on one line: "250 2.0.0
// Ok: queued as 4F2B1".
func (r Reply) String() string {
	if r.Code == 0 && r.Text == "" {
		return ""
	}
	return strings.TrimSpace(strconv.Itoa(r.Code) + " " + strings.Join(strings.Fields(r.Text), " "))
}

// Roles of a RefusedError.
const (
	RoleSender    = "sender"    // MAIL FROM was refused
	RoleRecipient = "recipient" // one or more RCPT TO were refused
	RoleMessage   = "message"   // the message itself (after DATA) was refused
)

// RefusedError is the server refusing the sender, recipients or the
// message. Nothing was delivered.
type RefusedError struct {
	Role string
	// Addresses are the refused sender or recipients (none for
	// RoleMessage), each with the server's answer in Errs.
	Addresses []string
	Errs      []*smtp.SMTPError
}

func (e *RefusedError) Error() string {
	var b strings.Builder
	switch e.Role {
	case RoleSender:
		b.WriteString("the server refused the sender")
	case RoleRecipient:
		b.WriteString("the server refused the recipient")
		if len(e.Addresses) > 1 {
			b.WriteString("s")
		}
	default:
		b.WriteString("the server refused the message")
	}
	for i, err := range e.Errs {
		if i > 0 {
			b.WriteString(";")
		}
		if i < len(e.Addresses) {
			fmt.Fprintf(&b, " <%s>", e.Addresses[i])
		}
		fmt.Fprintf(&b, ": %s", replyText(err))
	}
	return b.String()
}

// Unwrap gives the server's answers, so errors.As finds an *smtp.SMTPError.
func (e *RefusedError) Unwrap() []error {
	errs := make([]error, len(e.Errs))
	for i, err := range e.Errs {
		errs[i] = err
	}
	return errs
}

// Temporary reports whether every refusal is temporary (4xx): trying
// again later may work.
func (e *RefusedError) Temporary() bool {
	for _, err := range e.Errs {
		if err.Code < 400 || err.Code >= 500 {
			return false
		}
	}
	return len(e.Errs) > 0
}

func replyText(e *smtp.SMTPError) string {
	s := strconv.Itoa(e.Code)
	if e.EnhancedCode != (smtp.EnhancedCode{}) && e.EnhancedCode != smtp.NoEnhancedCode {
		s += fmt.Sprintf(" %d.%d.%d", e.EnhancedCode[0], e.EnhancedCode[1], e.EnhancedCode[2])
	}
	return s + " " + strings.Join(strings.Fields(e.Message), " ")
}

// transact is MAIL, RCPT for each recipient and DATA. Every recipient is
// tried, so one answer names all the refused ones; then the transaction
// is reset and nothing is sent.
func (s *sender) transact(c *smtp.Client, from string, to []string, msg []byte) (Reply, error) {
	if err := c.Mail(from, nil); err != nil {
		return Reply{}, s.fail("MAIL FROM", refusal(RoleSender, []string{from}, err))
	}
	refused := &RefusedError{Role: RoleRecipient}
	for _, addr := range to {
		err := c.Rcpt(addr, nil)
		var se *smtp.SMTPError
		switch {
		case err == nil:
		case errors.As(err, &se):
			refused.Addresses = append(refused.Addresses, addr)
			refused.Errs = append(refused.Errs, se)
		default:
			return Reply{}, s.fail("RCPT TO <"+addr+">", err)
		}
	}
	if len(refused.Errs) > 0 {
		_ = c.Reset()
		return Reply{}, s.fail("RCPT TO", refused)
	}
	w, err := c.Data()
	if err != nil {
		return Reply{}, s.fail("DATA", refusal(RoleMessage, nil, err))
	}
	if _, err := io.Copy(w, bytes.NewReader(msg)); err != nil {
		return Reply{}, s.fail("sending the message", err)
	}
	resp, err := w.CloseWithResponse()
	if err != nil {
		return Reply{}, s.fail("end of DATA", refusal(RoleMessage, nil, err))
	}
	return Reply{Code: 250, Text: resp.StatusText}, nil
}

// refusal is err as a *RefusedError when it is the server's answer, else
// err (a network failure).
func refusal(role string, addrs []string, err error) error {
	var se *smtp.SMTPError
	if !errors.As(err, &se) {
		return err
	}
	return &RefusedError{Role: role, Addresses: addrs, Errs: []*smtp.SMTPError{se}}
}
