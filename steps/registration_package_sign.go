package steps

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/templates"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Step 1 of the onboarding is "register the datasystem and *sign* the
// self-declaration" (domain.md): the documents are made unsigned, and
// the vendor's authorised signer signs the self-declaration before the
// e-mail goes. What the user must do before sending is said to the user
// (the review, `fill`, and a note at the top of the e-mail draft that
// the user deletes), never inside the documents Altinn receives.

// HowToSign says how to sign the self-declaration, in lang.
func HowToSign(lang string) string {
	return howToSignOnly(lang) + " " + ui.T(lang,
		"Legg den signerte filen ved e-posten i stedet for den usignerte.",
		"Attach the signed file to the e-mail instead of the unsigned one.")
}

// howToSignOnly is who signs and how, without where the signed file goes.
func howToSignOnly(lang string) string {
	return ui.T(lang,
		"Egenerklæringen skal signeres av en som har fullmakt til å forplikte leverandøren: skriv den ut, signer og skann den til PDF, eller signer PDF-kopien elektronisk.",
		"The self-declaration must be signed by someone authorised to commit the vendor: print it, sign it and scan it to PDF, or sign the PDF copy electronically.")
}

// BeforeSending is what the user must do with step 1's package before
// sending it: read the documents, sign the self-declaration, and send
// the e-mail as it is.
func BeforeSending(lang string) string {
	return ui.T(lang,
		"Før du sender:\n"+
			"1. Les dokumentene. De er laget etter mønster av Altinns skjema, ikke de offisielle skjemaene: sjekk dem mot skjemaet Altinn ber om i dag.\n"+
			"2. "+HowToSign(lang)+"\n"+
			"3. Send e-posten på en av to måter:\n"+
			"   a) Selv: åpne e-posten (.eml) i e-postprogrammet, bytt den usignerte egenerklæringen med den signerte, slett merknaden øverst og send den som den er. Ikke videresend den: emnet skal være nøyaktig datasystemets navn, uten «VS:». Outlook åpner den som et utkast; i Thunderbird velger du «Rediger som ny melding», i Apple Mail «Send på nytt».\n"+
			"   b) Med programmet: gi det den signerte filen (PDF, PNG eller JPEG) – i veiviseren «Legg ved signert egenerklæring …» i gjennomgangen av steg 1, uten veiviseren `altinn-onboard fill … --signed-declaration FIL`. Det lager registrering-…-signert.eml uten merknaden, klar til å sendes, og kan sende den for deg (`altinn-onboard send FIL.eml`).",
		"Before you send:\n"+
			"1. Read the documents. They are modelled on Altinn's forms, not the official forms: check them against the form Altinn asks for today.\n"+
			"2. "+HowToSign(lang)+"\n"+
			"3. Send the e-mail one of two ways:\n"+
			"   a) Yourself: open the e-mail (.eml) in your mail program, replace the unsigned self-declaration with the signed one, delete the note at the top and send it as it is. Do not forward it: the subject must be exactly the datasystem's name, without \"FW:\". Outlook opens it as a draft; in Thunderbird choose \"Edit as New Message\", in Apple Mail \"Send Again\".\n"+
			"   b) With the program: give it the signed file (PDF, PNG or JPEG) – in the wizard \"Attach the signed self-declaration …\" in step 1's review, without the wizard `altinn-onboard fill … --signed-declaration FILE`. It makes registrering-…-signert.eml without the note, ready to send, and can send it for you (`altinn-onboard send FILE.eml`).")
}

// ClosureNote is the Altinn II closure, said once where the track's
// documents are made outside the wizard (`fill`); the wizard says it in
// the track's notice (see Notice).
func ClosureNote(lang string) string {
	return ui.T(lang,
		"Merk: Altinn II stengte 19. juni 2026 (sjekket "+templates.StatusCheckedText("nb")+"). Sjekk gjeldende status på samarbeid.digdir.no før du sender.",
		"Note: Altinn II closed on 19 June 2026 (checked "+templates.StatusCheckedText("en")+"). Confirm the current status on samarbeid.digdir.no before sending.")
}

// DraftNoteStart and draftNoteEnd mark the note to the sender at the top
// of the registration e-mail: the one part of the draft that is not for
// Altinn (`send` refuses a message that still holds it).
const (
	DraftNoteStart = "[SLETT FØR SENDING – til deg som sender:"
	draftNoteEnd   = "]"
)

// draftNote is the note at the top of the registration e-mail's draft:
// sign the self-declaration, check the documents, send as it is.
func draftNote(a session.Answers) string {
	signer := strings.TrimSpace(a.Signer.Name)
	if role := strings.TrimSpace(a.Signer.Role); role != "" && signer != "" {
		signer += " (" + role + ")"
	}
	var b strings.Builder
	b.WriteString(DraftNoteStart + "\n")
	if signer != "" {
		signer = " av " + signer
	}
	fmt.Fprintf(&b, "- Egenerklæringen skal signeres%s før du sender:\n", signer)
	b.WriteString("  skriv den ut, signer og skann den til PDF, eller signer PDF-kopien\n")
	b.WriteString("  elektronisk. Fjern den usignerte egenerklæringen fra vedleggene og\n")
	b.WriteString("  legg ved den signerte.\n")
	b.WriteString("- Sjekk dokumentene mot skjemaet Altinn ber om i dag.\n")
	fmt.Fprintf(&b, "- Send e-posten som den er, ikke videresend den: emnet skal være nøyaktig\n  «%s».\n", a.System.Name)
	b.WriteString("- Slett så denne merknaden." + draftNoteEnd + "\n\n")
	return b.String()
}

// packageItems are the review's actions that make step 1's package: make
// it (again, saying so plainly when the answers changed since), and make
// it with PDF copies for signing.
func packageItems(ctx *ui.Context) []reviewItem {
	t := ctx.T
	made := len(ctx.Session.FilesOf(RegistrationKinds...)) > 0
	label := t("Lag dokumentene og e-posten", "Make the documents and the e-mail")
	switch {
	case made && registrationStale(ctx.Session):
		// The remedy first: a narrow menu cuts the end of a label.
		label = t("⚠ Lag dokumentene på nytt: svarene er endret siden de ble laget",
			"⚠ Make the documents again: the answers changed since they were made")
	case made:
		label = t("Lag dokumentene og e-posten på nytt", "Make the documents and the e-mail again")
	}
	return []reviewItem{
		{action: actGenerate, label: label},
		{action: actSignPDF, label: t("Lag dem med PDF-kopier til signering (trenger LibreOffice)", "Make them with PDF copies for signing (needs LibreOffice)")},
	}
}

// setSummary fills the review's summary: the answers, then how to sign
// and what to do before sending, wrapped to the summary's width.
func (r *reviewScreen) setSummary() {
	w := r.summary.Width
	if r.width == 0 {
		w = max(20, r.ctx.Width)
	}
	r.summary.SetContent(r.summaryText() + "\n" + r.styles.Heading.Render(r.ctx.T("Signering og sending", "Signing and sending")) + "\n" +
		ui.Wrap(BeforeSending(r.ctx.Lang), w-2) + "\n")
}

// madeMessage says where the package went and what comes next.
func madeMessage(ctx *ui.Context, files []session.GeneratedFile) string {
	pdf := ""
	for _, f := range files {
		if f.Kind == string(templates.Egenerklaering) && strings.HasSuffix(f.Path, "."+FormatPDF) {
			pdf = filepath.Base(f.Path)
		}
	}
	msg := fmt.Sprintf(ctx.T("Laget %d filer i %s. ", "Made %d files in %s. "), len(files), filepath.Dir(files[0].Path))
	if pdf != "" {
		msg += fmt.Sprintf(ctx.T("Signer %s (skriv ut, signer og skann, eller signer PDF-en elektronisk). ",
			"Sign %s (print, sign and scan, or sign the PDF electronically). "), pdf)
	} else {
		msg += howToSignOnly(ctx.Lang) + " "
	}
	// Two ways on, said as two: here, or in the user's own mail program.
	return msg + ctx.T("Legg så den signerte filen ved her («Legg ved signert egenerklæring …») og send e-posten herfra, eller legg den ved e-posten selv i stedet for den usignerte; se «Før du sender» nederst i gjennomgangen.",
		"Then attach the signed file here (\"Attach the signed self-declaration …\") and send the e-mail from here, or attach it to the e-mail yourself instead of the unsigned one; see \"Before you send\" at the end of the review.")
}

// packageErrText is why the package could not be made, in lang; without
// LibreOffice, what to install.
func packageErrText(err error, lang string) string {
	if errors.Is(err, templates.ErrNoLibreOffice) {
		return ui.T(lang,
			"PDF-kopiene trenger LibreOffice, men verken soffice eller libreoffice ble funnet. Installer det (Debian/Ubuntu: sudo apt install libreoffice-writer-nogui; macOS: brew install --cask libreoffice; Windows: https://www.libreoffice.org/download/), eller lag dokumentene uten PDF og skriv ut .docx-filen for å signere den. Ingenting ble skrevet.",
			"The PDF copies need LibreOffice, but neither soffice nor libreoffice was found. Install it (Debian/Ubuntu: sudo apt install libreoffice-writer-nogui; macOS: brew install --cask libreoffice; Windows: https://www.libreoffice.org/download/), or make the documents without PDF and print the .docx to sign it. Nothing was written.")
	}
	return localizeErr(err, lang)
}
