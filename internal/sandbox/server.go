package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is a sandbox listening on a loopback address.
type Server struct {
	*Sandbox
	ln   net.Listener
	srv  *http.Server
	done chan error

	closeOnce sync.Once
	closeErr  error
}

// ErrNotLoopback is an address the sandbox will not listen on: it issues
// tokens to whoever asks, so it listens on this machine only.
var ErrNotLoopback = errors.New("the sandbox listens on 127.0.0.1 (or ::1) only")

// Listen opens addr, which must be a loopback address ("localhost" is
// taken as 127.0.0.1); port 0 picks a free port.
func Listen(addr string) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("%q is not HOST:PORT: %w", addr, err)
	}
	if host == "localhost" || host == "" {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("%q: %w", addr, ErrNotLoopback)
	}
	return net.Listen("tcp", net.JoinHostPort(host, port))
}

// Start makes a sandbox and serves it on addr (see Listen). Tests give
// "127.0.0.1:0".
func Start(addr string, opts Options) (*Server, error) {
	ln, err := Listen(addr)
	if err != nil {
		return nil, err
	}
	return Serve(ln, opts)
}

// Serve makes a sandbox and serves it on ln, which it then owns.
func Serve(ln net.Listener, opts Options) (*Server, error) {
	sb, err := New("http://"+ln.Addr().String(), opts)
	if err != nil {
		ln.Close()
		return nil, err
	}
	s := &Server{Sandbox: sb, ln: ln, done: make(chan error, 1)}
	s.srv = &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// URL is the sandbox's address, "http://127.0.0.1:PORT".
func (s *Server) URL() string { return s.base }

// Close stops the server, letting requests in flight finish for up to
// five seconds. Closing again returns the first Close's result at once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := s.srv.Shutdown(ctx)
		if serveErr := <-s.done; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
			err = serveErr
		}
		s.closeErr = err
	})
	return s.closeErr
}
