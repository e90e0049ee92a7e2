package altinn3

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// needle is a secret's form to look for, and what it is.
type needle struct{ what, text string }

// privateNeedles are the forms a private key could take on disk: its PEM
// (the header, and each body line that is not public anyway), and each
// private number (D, P, Q, Dp, Dq, Qinv) in base64 (standard, URL-safe
// as in a JWK's "d"), hex and decimal, whole and as a middle piece (a
// wrapped line). The modulus N and the exponent are public: they are in
// the JWK and PEM the vendor uploads.
func privateNeedles(t *testing.T, k *Key, public ...[]byte) []needle {
	t.Helper()
	pemText, err := k.PrivatePEM()
	if err != nil {
		t.Fatal(err)
	}
	out := []needle{{"PEM header", "PRIVATE KEY"}}
	for _, line := range strings.Split(pemText, "\n") {
		if len(line) < 40 || strings.HasPrefix(line, "-----") {
			continue
		}
		isPublic := false
		for _, p := range public {
			isPublic = isPublic || bytes.Contains(p, []byte(line))
		}
		if !isPublic {
			out = append(out, needle{"PEM line", line})
		}
	}
	p := k.private
	p.Precompute()
	nums := map[string]*big.Int{"D": p.D, "P": p.Primes[0], "Q": p.Primes[1],
		"Dp": p.Precomputed.Dp, "Dq": p.Precomputed.Dq, "Qinv": p.Precomputed.Qinv}
	for name, n := range nums {
		b := n.Bytes()
		for enc, text := range map[string]string{
			"base64":    base64.StdEncoding.EncodeToString(b),
			"base64url": base64.RawURLEncoding.EncodeToString(b),
			"hex":       hex.EncodeToString(b),
			"HEX":       strings.ToUpper(hex.EncodeToString(b)),
			"decimal":   n.String(),
		} {
			out = append(out, needle{name + " " + enc, text})
			mid := len(text) / 2
			out = append(out, needle{name + " " + enc + " (piece)", text[mid-20 : mid+20]})
		}
	}
	return out
}

// tokenNeedles are the tokens and grants, whole and their signatures.
func tokenNeedles(kind string, values []string) []needle {
	var out []needle
	for _, v := range values {
		out = append(out, needle{kind, v})
		if i := strings.LastIndexByte(v, '.'); i > 0 && len(v)-i > 40 {
			out = append(out, needle{kind + " signature", v[i+1:]})
		}
	}
	return out
}

// scan returns every file under roots that holds a needle, and how many
// files it read.
func scan(t *testing.T, needles []needle, roots ...string) (found []string, files int) {
	t.Helper()
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files++
			for _, n := range needles {
				if bytes.Contains(data, []byte(n.text)) {
					found = append(found, path+": "+n.what)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return found, files
}

// The canary: a whole flow with the real keyring, the session saved by
// the store after each step as the program does, the public key written
// for upload, the sandbox keeping its state in a file. Afterwards no file
// under the test's HOME, XDG folders and temp folder, nor the session
// file, holds the private key or any token or grant.
func TestCanaryNoSecretOnDisk(t *testing.T) {
	k := keyringtest.Require(t)
	root := t.TempDir()
	dirs := map[string]string{}
	for _, name := range []string{"HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "TMPDIR"} {
		dirs[name] = filepath.Join(root, strings.ToLower(name))
		if err := os.Mkdir(dirs[name], 0o700); err != nil {
			t.Fatal(err)
		}
		t.Setenv(name, dirs[name])
	}
	dataDir, err := store.DefaultDataDir()
	if err != nil || !strings.HasPrefix(dataDir, root) {
		t.Fatalf("data dir %q: %v", dataDir, err)
	}
	st, err := store.Open(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.Create("Kanarifugl", session.TrackAltinn3)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.DeleteAll(s.ID, SecretNames) })
	tmpl := sbSession(t, sbVendor)
	s.Answers, s.Altinn3 = tmpl.Answers, tmpl.Altinn3

	f := newSandboxFixture(t, sandbox.Options{StatePath: filepath.Join(dirs["XDG_STATE_HOME"], "sandbox.json")})
	f.o = f.onboarding(k)
	save := func() {
		t.Helper()
		if err := st.Save(s); err != nil {
			t.Fatal(err)
		}
	}
	decide := func(s *session.Session, org, action string) { f.decide(s, org, action); save() }
	key := rehearse(t, f, s, decide)
	save()
	docs := filepath.Join(dirs["HOME"], "Dokumenter")
	os.Mkdir(docs, 0o700)
	os.WriteFile(filepath.Join(docs, "maskinporten-jwks.json"), key.JWKS, 0o600)
	os.WriteFile(filepath.Join(docs, "maskinporten-public.pem"), key.PublicPEM, 0o600)
	jwk, _ := json.Marshal(key.JWK)
	os.WriteFile(filepath.Join(docs, "maskinporten-jwk.json"), jwk, 0o600)

	pemText, err := k.Get(s.ID, SecretPrivateKey)
	if err != nil {
		t.Fatalf("the key is not in the keyring: %v", err)
	}
	priv, err := ParsePrivatePEM(pemText, s.Altinn3.Maskinporten.KeyID, nil)
	if err != nil {
		t.Fatal(err)
	}
	needles := privateNeedles(t, priv, key.JWKS, key.PublicPEM, jwk)
	f.mu.Lock()
	needles = append(needles, tokenNeedles("token", f.tokens)...)
	needles = append(needles, tokenNeedles("grant", f.grants)...)
	nTokens := len(f.tokens)
	f.mu.Unlock()
	if nTokens < 3 {
		t.Fatalf("only %d tokens: the flow did not run", nTokens)
	}

	// The scan can find what it looks for: a private JWK, as a careless
	// program would write it, is found outside the scanned folders.
	probe := t.TempDir()
	privJWK, _ := json.Marshal(map[string]string{"kty": "RSA", "d": base64.RawURLEncoding.EncodeToString(priv.private.D.Bytes())})
	os.WriteFile(filepath.Join(probe, "careless.json"), privJWK, 0o600)
	os.WriteFile(filepath.Join(probe, "careless.pem"), []byte(pemText), 0o600)
	f.mu.Lock()
	os.WriteFile(filepath.Join(probe, "token.txt"), []byte(f.tokens[0]), 0o600)
	f.mu.Unlock()
	if found, _ := scan(t, needles, probe); len(found) < 3 {
		t.Fatalf("the scan does not find planted secrets: %v", found)
	}
	os.RemoveAll(probe)

	var roots []string
	for _, d := range dirs {
		roots = append(roots, d)
	}
	found, files := scan(t, needles, roots...)
	for _, x := range found {
		t.Errorf("secret on disk: %s", x)
	}
	if _, err := os.Stat(st.Path(s.ID)); err != nil || files < 5 {
		t.Fatalf("scanned %d files; session file: %v", files, err)
	}
	// The session's own bytes, as written.
	data, _ := os.ReadFile(st.Path(s.ID))
	if !strings.Contains(string(data), s.Altinn3.Maskinporten.KeyID) || !strings.Contains(string(data), key.JWK.N) {
		t.Fatal("the session file does not have the public key: the scan looked at the wrong file")
	}
}
