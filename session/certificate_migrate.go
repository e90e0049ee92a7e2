package session

import (
	"slices"
	"strings"
)

// moveCertificate gives an older session's single enterprise certificate
// (authentication.certificate_path, certificate_env and the facts of its
// last check, certificate) to the environment or environments it fits,
// in a document as read from a file (issue 11 §5: one certificate per
// session although TT02 and PROD were both chosen). It fits
//
//   - the environment it was said to be for (certificate_env), else
//   - the one its last check found (a test CA's is TT02's, another PROD's),
//     else
//   - every environment chosen in step 1 (both when none is): the user is
//     told, and the check of each says whether it fits.
//
// authentication.certificate_moved names them, for the step to say so. It
// reports whether doc changed. A certificate the document already has for
// an environment is kept.
func moveCertificate(doc map[string]any) bool {
	au, ok := doc["authentication"].(map[string]any)
	if !ok {
		return false
	}
	path, hasPath := au["certificate_path"]
	env, hasEnv := au["certificate_env"]
	facts, hasFacts := au["certificate"]
	if !hasPath && !hasEnv && !hasFacts {
		return false
	}
	delete(au, "certificate_path")
	delete(au, "certificate_env")
	delete(au, "certificate")
	p, _ := path.(string)
	if strings.TrimSpace(p) == "" {
		return true
	}
	f, _ := facts.(map[string]any)
	if fp, _ := f["path"].(string); f != nil && strings.TrimSpace(fp) != strings.TrimSpace(p) {
		f = nil // the facts of another file
	}
	var envs []string
	if e, _ := env.(string); slices.Contains(Environments, strings.ToLower(strings.TrimSpace(e))) {
		envs = []string{strings.ToLower(strings.TrimSpace(e))}
	} else if test, ok := f["test_ca"].(bool); ok {
		envs = []string{EnvProd}
		if test {
			envs = []string{EnvTT02}
		}
	} else {
		envs = chosenEnvironments(doc)
	}
	certs, _ := au["certificates"].(map[string]any)
	if certs == nil {
		certs = map[string]any{}
	}
	var moved []any
	for _, e := range envs {
		if _, taken := certs[e]; taken {
			continue
		}
		c := map[string]any{"path": p}
		if f != nil {
			c["checked"] = f
		}
		certs[e] = c
		moved = append(moved, e)
	}
	au["certificates"] = certs
	if len(moved) > 0 {
		au["certificate_moved"] = moved
	}
	return true
}

// chosenEnvironments are the environments step 1 chose in doc, in the
// order of Environments; all of them when it chose none.
func chosenEnvironments(doc map[string]any) []string {
	var chosen []string
	if a, ok := doc["answers"].(map[string]any); ok {
		if s, ok := a["system"].(map[string]any); ok {
			list, _ := s["environments"].([]any)
			for _, e := range Environments {
				if slices.Contains(list, any(e)) {
					chosen = append(chosen, e)
				}
			}
		}
	}
	if len(chosen) == 0 {
		return slices.Clone(Environments)
	}
	return chosen
}
