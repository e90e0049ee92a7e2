package sandbox

import (
	"errors"
	"net/http"
	"testing"
)

// Closing a server twice returns (the fixture's cleanup closes a server a
// test may have closed already); it used to wait for ever on the second.
func TestCloseTwice(t *testing.T) {
	srv, err := Start("127.0.0.1:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("first Close: %v", err)
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if resp, err := http.Get(srv.URL() + "/maskinporten/jwk"); err == nil {
		resp.Body.Close()
		t.Fatalf("the closed server still answers: %s", resp.Status)
	}
}

// The sandbox issues tokens to whoever asks: it listens on loopback only.
func TestListenLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:0", "[::]:0", "example.org:0"} {
		if ln, err := Listen(addr); !errors.Is(err, ErrNotLoopback) {
			if ln != nil {
				ln.Close()
			}
			t.Errorf("Listen(%q) = %v, want ErrNotLoopback", addr, err)
		}
	}
	if _, err := Listen("127.0.0.1"); err == nil || errors.Is(err, ErrNotLoopback) {
		t.Errorf("no port: %v", err)
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:0", ":0"} {
		ln, err := Listen(addr)
		if err != nil {
			t.Errorf("Listen(%q): %v", addr, err)
			continue
		}
		ln.Close()
	}
}
