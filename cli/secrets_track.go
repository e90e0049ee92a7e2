package cli

// The secrets of a session are its track's: the names, what each is, the
// rule its value follows (ui.Track.Secrets).

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// knownSecrets are the secrets of every track the program has, each name
// once, in the tracks' order.
func knownSecrets(tracks ui.Tracks) []ui.Secret {
	var out []ui.Secret
	seen := map[string]bool{}
	for _, t := range tracks {
		for _, sec := range t.Secrets {
			if !seen[sec.Name] {
				seen[sec.Name] = true
				out = append(out, sec)
			}
		}
	}
	return out
}

// secretOf is the secret name of the session's track, or nil.
func secretOf(tracks ui.Tracks, sess *session.Session, name string) *ui.Secret {
	if t := tracks.Find(sess.Track); t != nil {
		return t.Secret(name)
	}
	return nil
}

// secretNames are the names of the secrets sess's track keeps; for a
// track this version does not know, those the session refers to.
func secretNames(tracks ui.Tracks, sess *session.Session) []string {
	if t := tracks.Find(sess.Track); t != nil {
		return t.SecretNames()
	}
	var names []string
	for _, r := range sess.Secrets {
		if store.CheckSecretName(r.Name) == nil {
			names = append(names, r.Name)
		}
	}
	return names
}

// knownSecretsHelp lists the known secrets, one per line, for help texts
// (in English, like the rest of the command help).
func knownSecretsHelp(tracks ui.Tracks) string {
	var b strings.Builder
	for _, sec := range knownSecrets(tracks) {
		fmt.Fprintf(&b, "  %-26s %s\n", sec.Name, describe(sec, "en"))
	}
	return b.String()
}

// describe is what a secret is, in lang.
func describe(sec ui.Secret, lang string) string {
	if sec.Description == nil {
		return ""
	}
	return sec.Description(lang)
}

// unknownSecretError refuses a secret name: not one of secrets (those of
// the session's track, or of every track when no session is known yet).
// The name itself is not repeated: a user who swapped NAME and the value
// would otherwise see the secret printed (and kept in a CI log).
func unknownSecretError(s *IO, secrets []ui.Secret) error {
	var b strings.Builder
	b.WriteString(s.t("ukjent navn på hemmelighet; de kjente er:", "unknown secret name; the known ones are:"))
	for _, sec := range secrets {
		fmt.Fprintf(&b, "\n  %-26s %s", sec.Name, describe(sec, s.Lang))
	}
	return &exitError{2, errors.New(b.String())}
}

// secretNameArgs completes NAME with the secrets of the program's tracks.
func secretNameArgs(tracks ui.Tracks) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, sec := range knownSecrets(tracks) {
			out = append(out, sec.Name+"\t"+describe(sec, "en"))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// sessionSecret finds the session ref names and the secret name of its
// track. A name no track has is refused before the session is looked up.
func sessionSecret(s *IO, open func() (*store.Store, error), tracks ui.Tracks, ref, name string) (*store.Store, *session.Session, *ui.Secret, error) {
	known := knownSecrets(tracks)
	if !slices.ContainsFunc(known, func(sec ui.Secret) bool { return sec.Name == name }) {
		return nil, nil, nil, unknownSecretError(s, known)
	}
	st, sess, err := openSession(open, ref)
	if err != nil {
		return nil, nil, nil, err
	}
	sec := secretOf(tracks, sess, name)
	if sec == nil {
		var own []ui.Secret
		if t := tracks.Find(sess.Track); t != nil {
			own = t.Secrets
		}
		return nil, nil, nil, unknownSecretError(s, own)
	}
	return st, sess, sec, nil
}
