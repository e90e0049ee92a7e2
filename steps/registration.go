package steps

import (
	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/brreg"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Screen IDs of step 1, saved in the session's cursor: keep them stable.
const (
	ScreenVendor      = "vendor"
	ScreenContact     = "contact"
	ScreenTechnical   = "technical_contact"
	ScreenSystem      = "system"
	ScreenChoices     = "choices"
	ScreenServices    = "services"
	ScreenDeclaration = "declaration"
	ScreenSigner      = "signer"
	ScreenReview      = "review"
)

// registrationScreenOf says which screen of step 1 holds an answer path.
func registrationScreenOf(path string) string {
	switch {
	case hasPrefix(path, "vendor"):
		return ScreenVendor
	case hasPrefix(path, "contact"):
		return ScreenContact
	case hasPrefix(path, "technical_contact"):
		return ScreenTechnical
	case hasPrefix(path, "system.name", "system.version", "system.description", "system.category"):
		return ScreenSystem
	case hasPrefix(path, "system.interfaces", "system.auth_methods", "system.environments"):
		return ScreenChoices
	case hasPrefix(path, "system.services"):
		return ScreenServices
	case hasPrefix(path, "declaration"):
		return ScreenDeclaration
	case hasPrefix(path, "signer"):
		return ScreenSigner
	case hasPrefix(path, "cc"):
		return ScreenReview
	}
	return ""
}

// Registration is step 1: register the datasystem and sign the
// self-declaration (domain.md, "The six onboarding steps").
func Registration(d Deps) ui.Step {
	st := ui.Step{
		ID:    session.StepRegistration,
		Title: func(lang string) string { return ui.T(lang, "Registrering", "Registration") },
		Screens: []ui.ScreenSpec{
			vendorLookup(d, formSpec(ScreenVendor, "Leverandør", "Vendor", vendorIntro, forms.VendorForm)),
			formSpec(ScreenContact, "Kontaktperson", "Contact person", nil, forms.ContactForm),
			formSpec(ScreenTechnical, "Teknisk kontakt", "Technical contact", nil, forms.TechnicalContactForm),
			formSpec(ScreenSystem, "Datasystemet", "The datasystem", nil, forms.SystemForm),
			formSpec(ScreenChoices, "Grensesnitt og miljøer", "Interfaces and environments", nil, forms.ChoicesForm),
			{
				ID:    ScreenServices,
				Title: func(lang string) string { return ui.T(lang, "Tjenester", "Services") },
				New:   d.screen(newServicesScreen),
			},
			formSpec(ScreenDeclaration, "Egenerklæring", "Self-declaration", func(ctx *ui.Context) string {
				return ctx.T(
					"Egenerklæringen gjelder signering og preutfylling. Ved signering sender systemet brukerens fødselsnummer, Altinn-passord og engangskode til Altinn; dere forplikter dere til aldri å lagre dem.",
					"The self-declaration covers signing and prefill. When signing, the system passes the user's national identity number, Altinn password and one-time code to Altinn; you commit to never storing them.")
			}, forms.DeclarationForm),
			formSpec(ScreenSigner, "Underskriver", "Signer", nil, forms.SignerForm),
			{
				ID:    ScreenReview,
				Title: func(lang string) string { return ui.T(lang, "Gjennomgang", "Review") },
				New:   d.screen(newReviewScreen),
			},
		},
		Problems:  registrationProblems,
		Remaining: registrationRemaining,
	}
	// Opening any of its screens marks the step not done when its
	// documents have gone out of date (see reconcileRegistration).
	for i := range st.Screens {
		build := st.Screens[i].New
		st.Screens[i].New = func(ctx *ui.Context, field string) ui.Screen {
			reconcileRegistration(ctx.Session, d.now())
			return build(ctx, field)
		}
	}
	return st
}

// registrationProblems are the answers' problems, and the documents
// when they are out of date.
func registrationProblems(ctx *ui.Context) []ui.Problem {
	out := problemsFor(ctx, registrationScreenOf)
	if registrationStale(ctx.Session) {
		out = append(out, staleProblem(ctx))
	}
	return out
}

// registrationRemaining is what is open in step 1 when its answers are
// complete: the documents and the e-mail.
func registrationRemaining(ctx *ui.Context) string {
	if len(ctx.Session.FilesOf(RegistrationKinds...)) == 0 {
		return ctx.T("dokumentene og e-posten er ikke laget", "the documents and the e-mail are not made")
	}
	return ""
}

// vendorIntro begins step 1.
func vendorIntro(ctx *ui.Context) string {
	return stepOf(ctx, session.StepRegistration) + ctx.T(
		"Registrer datasystemet. Du fyller ut bestillingen og egenerklæringen én gang; altinn-onboard lager dokumentene og e-posten til sluttbrukersystem@altinn.no.",
		"Register the datasystem. You fill in the order form and the self-declaration once; altinn-onboard makes the documents and the e-mail to sluttbrukersystem@altinn.no.")
}

// vendorLookup offers, under the vendor's organisation number, what
// Enhetsregisteret has for it (the register for PROD: a vendor is a real
// organisation).
func vendorLookup(d Deps, spec ui.ScreenSpec) ui.ScreenSpec {
	plain := spec.New
	spec.New = func(ctx *ui.Context, field string) ui.Screen {
		if d.Lookup == nil || ctx.Accessible {
			return plain(ctx, field)
		}
		build := func(field string, notes map[string]func(int) string) *ui.FormScreen {
			o := formOptions(ctx)
			o.Notes = notes
			f := forms.VendorForm(&ctx.Session.Answers, o)
			if field != "" {
				forms.FocusField(f, field)
			}
			return ui.NewFormScreen(f, vendorIntro(ctx))
		}
		v := &ctx.Session.Answers.Vendor
		return withOrgLookup(ctx, d.Lookup, session.EnvProd, field, "vendor.org_number", build,
			func() string { return v.OrgNumber },
			func(u brreg.Unit) []fillTarget {
				return append([]fillTarget{{ctx.T("Navn", "Name"), &v.Name, u.Name}},
					addressTargets(ctx.Lang, u.BusinessAddress, &v.Address, &v.PostalCode, &v.City)...)
			})
	}
	return spec
}
