package altinn3

import (
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// Backoff spaces out status polls: Initial, then doubling, at most Max.
// A customer approves in minutes or days, so polling starts brisk and
// settles to one call a minute.
type Backoff struct {
	Initial time.Duration
	Max     time.Duration
}

// DefaultPoll is the backoff of status polls.
var DefaultPoll = Backoff{Initial: 2 * time.Second, Max: time.Minute}

// Delay is the wait before poll number attempt (0 is the first wait).
func (b Backoff) Delay(attempt int) time.Duration {
	if b.Initial <= 0 {
		b = DefaultPoll
	}
	d := b.Initial
	for i := 0; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	if b.Max > 0 && d > b.Max {
		d = b.Max
	}
	return d
}

// Decided reports whether a request's status is final: anything but New
// (and not yet known).
func Decided(status string) bool {
	return status != "" && status != session.RequestNew
}

// StatusText is a request status in words, in lang.
func StatusText(status, lang string) string {
	m, ok := statusTexts[status]
	if !ok {
		return status
	}
	return m.text(lang == "en")
}

var statusTexts = map[string]msg{
	"":                      {"ikke sendt", "not sent"},
	session.RequestNew:      {"venter på kunden", "waiting for the customer"},
	session.RequestAccepted: {"godkjent", "accepted"},
	session.RequestRejected: {"avvist av kunden", "rejected by the customer"},
	session.RequestDenied:   {"avslått", "denied"},
	session.RequestTimedout: {"utløpt", "timed out"},
	session.RequestGone:     {"borte (utløpt eller slettet)", "gone (expired or deleted)"},
}
