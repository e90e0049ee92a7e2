package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The release configuration (.goreleaser.yaml), checked without
// GoReleaser (building it takes minutes): the six targets the README and
// .ci/run promise, the version stamped into variables main really has,
// the archives carrying what the before hook makes, the hook and the
// signing script there and runnable, and nothing published by surprise.
func TestReleaseConfig(t *testing.T) {
	data, err := os.ReadFile(".goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Version int `yaml:"version"`
		Before  struct {
			Hooks []string `yaml:"hooks"`
		} `yaml:"before"`
		Builds []struct {
			Main    string   `yaml:"main"`
			Binary  string   `yaml:"binary"`
			Env     []string `yaml:"env"`
			GOOS    []string `yaml:"goos"`
			GOARCH  []string `yaml:"goarch"`
			Flags   []string `yaml:"flags"`
			LDFlags []string `yaml:"ldflags"`
		} `yaml:"builds"`
		Archives []struct {
			Files []string `yaml:"files"`
		} `yaml:"archives"`
		Checksum struct {
			Name string `yaml:"name_template"`
		} `yaml:"checksum"`
		Signs []struct {
			Args []string `yaml:"args"`
		} `yaml:"signs"`
		Release struct {
			Draft bool `yaml:"draft"`
		} `yaml:"release"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(false)
	if err := dec.Decode(&c); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if c.Version != 2 || len(c.Builds) != 1 || len(c.Archives) != 1 {
		t.Fatalf("want a version 2 configuration with one build and one archive: %+v", c)
	}
	b := c.Builds[0]
	for _, goos := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(b.GOOS, goos) {
			t.Errorf("goos lacks %s: %v", goos, b.GOOS)
		}
	}
	for _, arch := range []string{"amd64", "arm64"} {
		if !slices.Contains(b.GOARCH, arch) {
			t.Errorf("goarch lacks %s: %v", arch, b.GOARCH)
		}
	}
	if b.Main != "." || b.Binary != "altinn-onboard" || !slices.Contains(b.Env, "CGO_ENABLED=0") || !slices.Contains(b.Flags, "-trimpath") {
		t.Errorf("build: %+v", b)
	}
	// Each -X names a variable main.go declares.
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	ld := strings.Join(b.LDFlags, " ")
	for _, v := range []string{"version", "commit", "date"} {
		if !strings.Contains(ld, "-X main."+v+"=") {
			t.Errorf("ldflags do not stamp main.%s: %s", v, ld)
		}
		if !regexp.MustCompile(`(?m)^\s+` + v + `\s+=`).Match(src) {
			t.Errorf("main.go has no variable %s for the ldflags", v)
		}
	}
	files := c.Archives[0].Files
	for _, f := range []string{"README.md", "completions/*", "manpages/*"} {
		if !slices.Contains(files, f) {
			t.Errorf("archives lack %s: %v", f, files)
		}
	}
	if len(c.Before.Hooks) != 1 || c.Before.Hooks[0] != "sh scripts/release-extras" {
		t.Errorf("before hooks: %v", c.Before.Hooks)
	}
	if c.Checksum.Name == "" || len(c.Signs) != 1 || !slices.Contains(c.Signs[0].Args, "scripts/sign-checksums") {
		t.Errorf("checksums and their signature: %+v %+v", c.Checksum, c.Signs)
	}
	if !c.Release.Draft {
		t.Error("a release must be a draft until someone publishes it")
	}
	for _, script := range []string{"scripts/release-extras", "scripts/sign-checksums"} {
		fi, err := os.Stat(script)
		if err != nil || fi.Mode()&0o111 == 0 {
			t.Errorf("%s missing or not executable: %v", script, err)
		}
	}
}
