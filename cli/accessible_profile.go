package cli

// Accessible mode offers the profile on the first run, as the terminal
// UI's picker does: the same keys, asked as line prompts, each checked by
// the profile's own rules, and the SMTP password kept only in the keyring
// (or the secrets file).

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// offerProfile asks, on the first run (no profile file, and the offer
// never made), whether to fill in the profile now, and asks it. The offer
// is remembered in preferences.json, as the picker remembers its own.
// Only a person at a terminal is asked: answers piped from a file (a
// consultant's script) must not meet a question they were not written
// for.
func offerProfile(opts *wizardOptions, st *store.Store, p *ui.Prompter) error {
	if opts.ProfilePath == nil || !opts.InIsTerminal {
		return nil
	}
	path, err := opts.ProfilePath()
	if err != nil {
		return nil
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	prefs, err := st.LoadPreferences()
	if err != nil || prefs.ProfileHintShown {
		return nil
	}
	prefs.ProfileHintShown = true
	if err := st.SavePreferences(prefs); err != nil {
		p.Say(localized(err, opts.Lang))
	}
	yes, err := p.YesNo(opts.t("Du har ingen profil ennå. Fylle den inn nå?", "You have no profile yet. Fill it in now?"),
		fmt.Sprintf(opts.t("Navnet ditt, e-posten, telefonen, firmaet og e-postserveren (SMTP) skrives én gang, i %s, og hver ny økt får dem som standard. Nei: gjør det senere med `altinn-onboard profile set`.",
			"Your name, e-mail, phone, company and mail server (SMTP) are typed once, in %s, and every new session gets them as defaults. No: do it later with `altinn-onboard profile set`."), termtext.Line(path)), nil)
	if err != nil || !yes {
		return err
	}
	return askProfile(opts, p, path)
}

// askProfile asks the profile's keys, saves the file (0600) and asks the
// SMTP password when there is a user name.
func askProfile(opts *wizardOptions, p *ui.Prompter, path string) error {
	var cur profile.Profile
	set := func(key string) func(string) error {
		return func(v string) error {
			if strings.TrimSpace(v) == "" {
				return nil
			}
			next, problems := cur.Set(key, v)
			if len(problems) > 0 {
				return errors.New(problems.Text(opts.formsLang()))
			}
			cur = next
			return nil
		}
	}
	// The wizard's form's fields; an empty line leaves one unset.
	for _, q := range steps.ProfileFields {
		if strings.HasPrefix(q.Key, "smtp.") && q.Key != "smtp.host" && cur.SMTP.Host == "" {
			continue // no server: nothing more about it
		}
		if err := p.Line(opts.t(q.NB, q.EN), opts.t(q.AboutNB, q.AboutEN)+".", "", set(q.Key)); err != nil {
			return err
		}
		if q.Key == "smtp.port" {
			if err := askSecurity(opts, p, &cur); err != nil {
				return err
			}
		}
	}
	if err := profile.Save(path, cur); err != nil {
		return err
	}
	p.Say(fmt.Sprintf(opts.t("Profilen er lagret i %s. Nye økter får navnet, e-posten, telefonen, kopiadressen og utdatamappen herfra som standard.",
		"The profile is saved in %s. New sessions get the name, e-mail, phone, copy address and output folder from it as defaults."), termtext.Line(path)))
	if cur.SMTP.User == "" || opts.ProfileKeyring == nil {
		return nil
	}
	secrets := opts.ProfileKeyring()
	return p.Secret(opts.t("SMTP-passord", "SMTP password"),
		opts.t("Lagres bare i nøkkelringen (eller den krypterte hemmelighetsfilen), aldri i profilen.", "Kept only in the keyring (or the encrypted secrets file), never in the profile."), false,
		func(v string) error {
			if v == "" {
				return errors.New(opts.t("skriv passordet, eller avbryt og lagre det senere med `altinn-onboard secrets set smtp-password --profile`",
					"type the password, or stop and store it later with `altinn-onboard secrets set smtp-password --profile`"))
			}
			if err := secrets.SetProfileSecret(steps.SecretSMTPPassword, v); err != nil {
				return errors.New(localized(err, opts.Lang))
			}
			return nil
		})
}

// askSecurity asks how the connection to the SMTP server is encrypted.
func askSecurity(opts *wizardOptions, p *ui.Prompter, cur *profile.Profile) error {
	choices := make([]ui.Option, len(steps.ProfileSecurities))
	for i, c := range steps.ProfileSecurities {
		choices[i] = ui.Option{Label: opts.t(c.NB, c.EN)}
	}
	return p.Choice(opts.t("Kryptering", "Encryption"), "", choices, 0, func(i int) error {
		next, problems := cur.Set("smtp.security", steps.ProfileSecurities[i].Value)
		if len(problems) > 0 {
			return errors.New(problems.Text(opts.formsLang()))
		}
		*cur = next
		return nil
	})
}
