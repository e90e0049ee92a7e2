package cli

// The profile's secrets (`secrets set|delete NAME --profile`): the SMTP
// password, which belongs to the person using the program rather than to
// a session, in the keyring entry altinn-onboard / profile/smtp-password.

import (
	"errors"
	"fmt"

	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// profileSMTPPassword is the profile's SMTP password (the name the
// Altinn II track's sessions also use for theirs).
const profileSMTPPassword = steps.SecretSMTPPassword

// profileSecrets are the secrets a profile keeps.
var profileSecrets = []ui.Secret{{
	Name: profileSMTPPassword,
	Description: func(lang string) string {
		if lang == "en" {
			return "the password of your SMTP server (the profile's smtp.user), for sending e-mails"
		}
		return "passordet til SMTP-serveren din (profilens smtp.user), for å sende e-post"
	},
}}

// sessionOrProfile requires exactly one of --session and --profile.
func sessionOrProfile(s *IO, session string, profile bool) error {
	switch {
	case session != "" && profile:
		return &exitError{2, errors.New(s.t("gi enten --session eller --profile, ikke begge", "give either --session or --profile, not both"))}
	case session == "" && !profile:
		return &exitError{2, errors.New(s.t(
			"si hvem hemmeligheten hører til: --session ØKT for en økt, eller --profile for profilens smtp-password",
			"say whose secret it is: --session SESSION for a session's, or --profile for the profile's smtp-password"))}
	}
	return nil
}

// profileSecret finds a profile secret by name; the name is not repeated
// in the error (it may be a value typed in the wrong place).
func profileSecret(s *IO, name string) (*ui.Secret, error) {
	for i := range profileSecrets {
		if profileSecrets[i].Name == name {
			return &profileSecrets[i], nil
		}
	}
	return nil, unknownSecretError(s, profileSecrets)
}

func profileSecretWhere(s *IO, ps store.ProfileSecrets, name string) string {
	if sf, ok := ps.(*store.SecretsFile); ok { // --secrets-file
		return sf.Where(s.Lang, store.ProfileScope, name)
	}
	return fmt.Sprintf(s.t("OS-nøkkelringen, oppføring %s / %s", "OS keyring, entry %s / %s"), store.KeyringService, store.ProfileAccount(name))
}

func secretsSetProfileRun(opts *secretsSetOptions) error {
	sec, err := profileSecret(opts.IO, opts.Name)
	if err != nil {
		return err
	}
	value, err := readCheckedSecret(opts.IO, *sec)
	if err != nil {
		return err
	}
	ps := opts.ProfileKeyring()
	if err := ps.SetProfileSecret(sec.Name, value); err != nil {
		return newSecretsKeyringError(opts.IO, err)
	}
	fmt.Fprintf(opts.Out, opts.t("Lagret %s for profilen i %s.\n", "Stored the profile's %s in the %s.\n"), sec.Name, profileSecretWhere(opts.IO, ps, sec.Name))
	return nil
}

func secretsDeleteProfileRun(opts *secretsDeleteOptions) error {
	sec, err := profileSecret(opts.IO, opts.Name)
	if err != nil {
		return err
	}
	ps := opts.ProfileKeyring()
	if err := ps.DeleteProfileSecret(sec.Name); err != nil {
		return newSecretsKeyringError(opts.IO, err)
	}
	fmt.Fprintf(opts.Out, opts.t("Slettet profilens %s (%s), om den var satt.\n", "Deleted the profile's %s (%s), if it was set.\n"), sec.Name, profileSecretWhere(opts.IO, ps, sec.Name))
	return nil
}
