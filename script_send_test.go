package main

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdSMTP is a real SMTP server that is not ours for the scripts: Debian's
// python3-aiosmtpd (cli/testdata/aiosmtpd_server.py), on 127.0.0.1 with
// STARTTLS required and AUTH, its certificate signed by a CA made here.
//
//	smtp start USER PASSWORD   starts it for the script's lifetime and sets
//	                           $SMTP_PORT and $SMTP_CA (the CA's PEM file)
//	smtp count N               N messages were delivered
//	smtp message N             puts delivered message N, as received, into stdout
//	smtp envelope N            puts its envelope ("from A", "to B C") into stdout
//	smtp same N FILE           message N is FILE byte for byte but for the
//	                           X-Unsent draft mark (which FILE must have)
//
// Guard the script with [!aiosmtpd] skip: without python3-aiosmtpd it
// skips, and with CI=true fails.
func cmdSMTP(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: smtp start|count|message|envelope|same ...")
	}
	mailbox := ts.MkAbs(".smtp-mailbox")
	read := func(n, ext string) []byte {
		if _, err := strconv.Atoi(n); err != nil {
			ts.Fatalf("smtp: %q is not a number", n)
		}
		b, err := os.ReadFile(filepath.Join(mailbox, n+ext))
		ts.Check(err)
		return b
	}
	switch {
	case args[0] == "start" && len(args) == 3 && !neg:
		smtpStart(ts, mailbox, args[1], args[2])
	case args[0] == "count" && len(args) == 2:
		n := 0
		for ; ; n++ {
			if _, err := os.Stat(filepath.Join(mailbox, strconv.Itoa(n+1)+".eml")); err != nil {
				break
			}
		}
		if (strconv.Itoa(n) == args[1]) == neg {
			ts.Fatalf("smtp: %d message(s) delivered (want %s, negated %v)", n, args[1], neg)
		}
	case args[0] == "message" && len(args) == 2 && !neg:
		ts.Stdout().Write(read(args[1], ".eml"))
	case args[0] == "envelope" && len(args) == 2 && !neg:
		ts.Stdout().Write(read(args[1], ".env"))
	case args[0] == "same" && len(args) == 3 && !neg:
		got := read(args[1], ".eml")
		file, err := os.ReadFile(ts.MkAbs(args[2]))
		ts.Check(err)
		want := bytes.Replace(file, []byte("\r\nX-Unsent: 1\r\n"), []byte("\r\n"), 1)
		if bytes.Equal(want, file) {
			ts.Fatalf("smtp: %s has no X-Unsent line: the comparison checks nothing", args[2])
		}
		if !bytes.Equal(got, want) {
			ts.Fatalf("smtp: message %s (%d bytes) is not %s without X-Unsent (%d bytes)", args[1], len(got), args[2], len(want))
		}
	default:
		ts.Fatalf("usage: smtp start USER PASSWORD | count N | message N | envelope N | same N FILE")
	}
}

// aiosmtpdWorks says whether Debian's python3-aiosmtpd can be started.
func aiosmtpdWorks() error {
	if err := exec.Command("/usr/bin/python3", "-c", "import aiosmtpd").Run(); err != nil {
		return fmt.Errorf("needs python3-aiosmtpd (apt-get install python3-aiosmtpd): %v", err)
	}
	return nil
}

// smtpStart starts aiosmtpd and stops it when the script ends.
func smtpStart(ts *testscript.TestScript, mailbox, user, password string) {
	if err := aiosmtpdWorks(); err != nil {
		ts.Fatalf("%v (guard the script with [!aiosmtpd] skip)", err)
	}
	ts.Check(os.MkdirAll(mailbox, 0o700))
	caFile, cert, key := smtpCerts(ts, ts.MkAbs(".smtp-certs"))
	script, err := filepath.Abs(filepath.Join("cli", "testdata", "aiosmtpd_server.py"))
	ts.Check(err)
	cmd := exec.Command("/usr/bin/python3", script, cert, key, mailbox, user)
	cmd.Env = append(os.Environ(), "SMTP_TEST_PASSWORD="+password)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	ts.Check(cmd.Start())
	ts.Defer(func() {
		stdin.Close() // the server ends when its input closes
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	port, perr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || perr != nil {
		ts.Fatalf("aiosmtpd did not start: %v %v\n%s", err, perr, stderr.String())
	}
	ts.Setenv("SMTP_PORT", strconv.Itoa(port))
	ts.Setenv("SMTP_CA", caFile)
}

// smtpCerts makes a CA and a certificate for 127.0.0.1 signed by it, as
// PEM files in dir.
func smtpCerts(ts *testscript.TestScript, dir string) (caFile, certFile, keyFile string) {
	ts.Check(os.MkdirAll(dir, 0o700))
	now := time.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ts.Check(err)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Script CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	ts.Check(err)
	ca, err := x509.ParseCertificate(caDER)
	ts.Check(err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ts.Check(err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	ts.Check(err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	ts.Check(err)
	write := func(name, typ string, b []byte) string {
		p := filepath.Join(dir, name)
		ts.Check(os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}), 0o600))
		return p
	}
	return write("ca.pem", "CERTIFICATE", caDER), write("server.pem", "CERTIFICATE", der), write("server.key", "EC PRIVATE KEY", keyDER)
}
