package altinn3

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Client is the one HTTP client of the Altinn 3 track: timeouts on every
// call, no redirects followed (a bearer token never goes to a host it was
// not meant for), a User-Agent, bounded answers, and retries only for
// calls that are safe to repeat (GETs, and the POST of a system-user
// request, which the register answers with the existing request).
type Client struct {
	HTTP      *http.Client
	UserAgent string
	// MaxAttempts bounds the tries of a call that is safe to repeat
	// (DefaultMaxAttempts when 0). Other calls are made once.
	MaxAttempts int
	// Now and Sleep are the clock; tests replace them so nothing waits.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

const (
	// DefaultMaxAttempts is how often a repeatable call is tried.
	DefaultMaxAttempts = 3
	// DefaultTimeout bounds one call, answer included.
	DefaultTimeout = 30 * time.Second
	// maxBody bounds an answer read into memory.
	maxBody = 1 << 20
	// maxRetryAfter bounds how long a Retry-After can make us wait.
	maxRetryAfter = 10 * time.Second
)

// NewClient returns a Client with the default timeouts that names itself
// "altinn-onboard/<version>".
func NewClient(version string) *Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSHandshakeTimeout = 10 * time.Second
	tr.ResponseHeaderTimeout = 20 * time.Second
	return &Client{
		HTTP: &http.Client{
			Transport: tr,
			Timeout:   DefaultTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		UserAgent: "altinn-onboard/" + version,
	}
}

// SleepContext waits d, or until ctx is done.
func SleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	return SleepContext(ctx, d)
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{Timeout: DefaultTimeout, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// request is one call.
type request struct {
	op          Op
	method, url string
	body        []byte
	contentType string
	bearer      string
	// repeatable: safe to send again after a network failure or a
	// transient server error.
	repeatable bool
	// scope is the scope the endpoint requires, for the 403 advice.
	scope string
}

// response is an answer, read whole.
type response struct {
	status int
	header http.Header
	body   []byte
}

// jsonRequest returns a request with body marshalled as JSON.
func jsonRequest(op Op, method, url string, body any) (request, error) {
	r := request{op: op, method: method, url: url}
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return r, err
		}
		r.body, r.contentType = data, "application/json"
	}
	return r, nil
}

// send makes the call, retrying a repeatable one; any answer is returned
// (the caller decides what a status means), and only a call that got no
// answer is an error (KindNetwork).
func (c *Client) send(ctx context.Context, r request) (*response, error) {
	attempts := 1
	if r.repeatable {
		attempts = c.MaxAttempts
		if attempts <= 0 {
			attempts = DefaultMaxAttempts
		}
	}
	var lastErr error
	for i := 1; ; i++ {
		resp, err := c.once(ctx, r)
		retry := i < attempts && ctx.Err() == nil
		if err == nil && !(retry && transient(resp.status)) {
			return resp, nil
		}
		if errors.Is(err, errTooLarge) {
			return nil, &Error{Op: r.op, Kind: KindUnexpected, Method: r.method, URL: r.url, Attempts: i, Err: err}
		}
		if err != nil {
			lastErr = err
			if !retry {
				return nil, &Error{Op: r.op, Kind: KindNetwork, Method: r.method, URL: r.url, Attempts: i, Err: lastErr}
			}
		}
		wait := backoffDelay(i)
		if err == nil {
			if ra := retryAfter(resp.header.Get("Retry-After")); ra > 0 {
				wait = ra
			}
		}
		if serr := c.sleep(ctx, wait); serr != nil {
			if err == nil {
				return resp, nil
			}
			return nil, &Error{Op: r.op, Kind: KindNetwork, Method: r.method, URL: r.url, Attempts: i, Err: lastErr}
		}
	}
}

func (c *Client) once(ctx context.Context, r request) (*response, error) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, body)
	if err != nil {
		return nil, err
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	req.Header.Set("Accept", "application/json")
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	if r.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+r.bearer)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, scrubURLError(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxBody {
		return nil, errTooLarge
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// errTooLarge: an answer over maxBody.
var errTooLarge = fmt.Errorf("the answer is larger than %d bytes", maxBody)

// scrubURLError keeps the cause of a failed call and drops the URL
// wrapper (the Error carries the URL once).
func scrubURLError(err error) error {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if inner := ue.Unwrap(); inner != nil {
			return inner
		}
	}
	return err
}

// transient statuses are worth a second try of a repeatable call.
func transient(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoffDelay is the wait after the n-th failed try: 250 ms, 500 ms,
// 1 s, … at most 4 s.
func backoffDelay(n int) time.Duration {
	d := 250 * time.Millisecond
	for i := 1; i < n && d < 4*time.Second; i++ {
		d *= 2
	}
	return min(d, 4*time.Second)
}

func retryAfter(v string) time.Duration {
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
		return min(time.Duration(n)*time.Second, maxRetryAfter)
	}
	return 0
}

// IsNetwork reports whether err is a call that got no answer.
func IsNetwork(err error) bool {
	e, ok := AsError(err)
	return ok && e.Kind == KindNetwork
}

// isTimeout reports a timeout, for the network advice.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// problemBody is every error shape of §3.2 at once: Altinn's problem
// details (code, validationErrors), ASP.NET's validation problem (errors).
type problemBody struct {
	Type             string                       `json:"type"`
	Title            string                       `json:"title"`
	Status           int                          `json:"status"`
	Detail           string                       `json:"detail"`
	Code             string                       `json:"code"`
	TraceID          string                       `json:"traceId"`
	ValidationErrors []map[string]json.RawMessage `json:"validationErrors"`
	Errors           map[string][]string          `json:"errors"`
}

// failure turns an answer that is not a success into an *Error.
func (c *Client) failure(r request, resp *response) *Error {
	e := &Error{Op: r.op, Method: r.method, URL: r.url, Status: resp.status, Scope: r.scope}
	switch {
	case resp.status == http.StatusUnauthorized:
		e.Kind = KindUnauthorized
	case resp.status == http.StatusForbidden:
		e.Kind = KindForbidden
	case resp.status == http.StatusNotFound:
		e.Kind = KindNotFound
	case resp.status == http.StatusConflict:
		e.Kind = KindConflict
	case resp.status == http.StatusGone:
		e.Kind = KindGone
	case resp.status >= 500:
		e.Kind = KindServer
	case resp.status == http.StatusBadRequest:
		e.Kind = KindValidation
	default:
		e.Kind = KindUnexpected
	}
	readProblem(e, resp.body)
	return e
}

// readProblem fills e from an error body: problem details, ASP.NET's
// validation problem, or plain text.
func readProblem(e *Error, body []byte) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return
	}
	var p problemBody
	if trimmed[0] == '{' && json.Unmarshal(trimmed, &p) == nil {
		e.Code, e.Title, e.TraceID = p.Code, p.Title, p.TraceID
		if p.Detail != "" {
			e.Title = strings.TrimSpace(e.Title + " " + p.Detail)
		}
		for _, v := range p.ValidationErrors {
			e.Problems = append(e.Problems, validationProblem(v))
		}
		keys := make([]string, 0, len(p.Errors))
		for k := range p.Errors {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			e.Problems = append(e.Problems, Problem{Title: strings.Join(p.Errors[k], " "), Paths: []string{k}})
		}
		if e.Code == "" && strings.HasPrefix(p.Type, "urn:altinn:error:") {
			e.Code = strings.TrimPrefix(p.Type, "urn:altinn:error:")
		}
		return
	}
	var s string
	if trimmed[0] == '"' && json.Unmarshal(trimmed, &s) == nil {
		e.Title = s
		return
	}
	e.Title = string(trimmed)
	if strings.Contains(strings.ToLower(e.Title), "already exist") {
		e.Kind = KindConflict
	}
}

// validationProblem reads one entry of validationErrors: code, title,
// paths, and any extension members as the detail.
func validationProblem(v map[string]json.RawMessage) Problem {
	var p Problem
	var extras []string
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		raw := v[k]
		switch strings.ToLower(k) {
		case "code":
			_ = json.Unmarshal(raw, &p.Code)
		case "title", "detail":
			_ = json.Unmarshal(raw, &p.Title)
		case "paths":
			_ = json.Unmarshal(raw, &p.Paths)
		default:
			var s string
			if json.Unmarshal(raw, &s) != nil {
				s = string(raw)
			}
			extras = append(extras, strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(k), ":"))+": "+s)
		}
	}
	p.Detail = strings.Join(extras, "; ")
	return p
}
