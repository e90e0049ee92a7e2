package main

// Script commands for the sandbox (testdata/script/sandbox*.txtar): the
// scripts start `altinn-onboard sandbox --env-file FILE` in the
// background and talk to it without curl.
//
//	sandboxenv FILE   waits until FILE (written by sandbox --env-file) is there, and sets
//	                  the variables its export lines name in the script's environment
//	httpget URL       GETs URL and prints "STATUS" and the body into stdout

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func cmdSandboxEnv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sandboxenv FILE")
	}
	path := ts.MkAbs(args[0])
	var data []byte
	for deadline := time.Now().Add(scriptTimeout); ; time.Sleep(20 * time.Millisecond) {
		var err error
		if data, err = os.ReadFile(path); err == nil {
			break
		}
		if time.Now().After(deadline) {
			ts.Fatalf("%s did not appear within %v: did the sandbox start? (%v)", path, scriptTimeout, err)
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "export ")
		if !ok {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			ts.Fatalf("%s: not NAME=VALUE: %q", path, sc.Text())
		}
		if strings.HasPrefix(value, "'") {
			value = strings.ReplaceAll(strings.Trim(value, "'"), `'\''`, "'")
		}
		ts.Setenv(name, value)
		n++
	}
	if n == 0 {
		ts.Fatalf("%s has no export lines:\n%s", path, data)
	}
}

func cmdHTTPGet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: httpget URL")
	}
	c := &http.Client{Timeout: scriptTimeout}
	resp, err := c.Get(args[0])
	ts.Check(err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	ts.Check(err)
	fmt.Fprintf(ts.Stdout(), "%d\n%s\n", resp.StatusCode, body)
}
