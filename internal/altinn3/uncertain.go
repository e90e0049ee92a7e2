package altinn3

// Uncertainty is a fact the sources disagree on (altinn3-api.md §13, §1):
// the code accepts either behaviour, and this sentence says so, for the
// screens and the commands to show where it matters.
type Uncertainty struct {
	ID     string
	nb, en string
}

// Text is the sentence in lang ("en" English, else bokmål).
func (u Uncertainty) Text(lang string) string {
	if lang == "en" {
		return u.en
	}
	return u.nb
}

var (
	// UncertainExpiry: how and when an unanswered request expires (§13.1,
	// C4). A request with status Timedout and one the register no longer
	// knows (404) are both shown as expired ("gone").
	UncertainExpiry = Uncertainty{"request-expiry",
		"Når en ubesvart forespørsel utløper, er usikkert: Altinns dokumentasjon sier etter 10 dager, koden viser noe annet. Programmet regner både status Timedout og en forespørsel Altinn ikke lenger kjenner som utløpt; send da en ny.",
		"When an unanswered request expires is uncertain: Altinn's documentation says after 10 days, its code shows otherwise. The program takes both the status Timedout and a request Altinn no longer knows as expired; then send a new one."}
	// UncertainTokenLifetime: 120 s or 599 s (§13.2). The program uses the
	// expires_in of each answer.
	UncertainTokenLifetime = Uncertainty{"token-lifetime",
		"Hvor lenge et token varer, er usikkert (120 eller 599 sekunder i kildene); programmet bruker det Maskinporten oppgir i hvert svar (expires_in).",
		"How long a token lasts is uncertain (120 or 599 seconds in the sources); the program uses what Maskinporten states in each answer (expires_in)."}
	// UncertainSub: whether Maskinporten refuses sub in the grant (§13.3).
	// The program leaves it out, which both readings accept.
	UncertainSub = Uncertainty{"grant-sub",
		"Om Maskinporten godtar feltet sub i grant-en, er usikkert (Digdir avviser ukjente felt, Altinns eksempler sender det); programmet sender det ikke.",
		"Whether Maskinporten accepts the sub claim in the grant is uncertain (Digdir refuses unknown claims, Altinn's examples send it); the program does not send it."}
	// UncertainErrorCodes: which error value Maskinporten sends for most
	// failures, MP-303 included (§13.4). The program reads the value and the
	// description.
	UncertainErrorCodes = Uncertainty{"maskinporten-error-codes",
		"Hvilken feilkode Maskinporten sender for de fleste feil (også MP-303), er usikkert; programmet kjenner feilen igjen på koden eller på beskrivelsen.",
		"Which error code Maskinporten sends for most failures (MP-303 included) is uncertain; the program recognises the failure by its code or by its description."}
	// UncertainOrgIDCase: "ID" or "id" inside systemuser_org of a token
	// (§13.5). Both are read.
	UncertainOrgIDCase = Uncertainty{"systemuser-org-id-case",
		"Om tokenet skriver «ID» eller «id» i systemuser_org, er usikkert; programmet leser begge.",
		"Whether the token writes \"ID\" or \"id\" in systemuser_org is uncertain; the program reads both."}
	// UncertainProdApproval: the PROD approval host is inferred (§13.7).
	// The confirm URL is always the one the register gives.
	UncertainProdApproval = Uncertainty{"prod-approval-host",
		"Adressen til godkjenningssiden i PROD (am.ui.altinn.no) er utledet, ikke bekreftet; programmet viser alltid lenken Altinn selv gir for hver forespørsel.",
		"The address of the approval page in PROD (am.ui.altinn.no) is inferred, not confirmed; the program always shows the link Altinn itself gives for each request."}
	// UncertainAudience: the docs write aud with and without a trailing
	// slash, or as the token URL (C10). The program uses the issuer from
	// Maskinporten's metadata, and the documented issuer if that is not
	// available.
	UncertainAudience = Uncertainty{"grant-audience",
		"Kildene skriver aud ulikt (med eller uten skråstrek, eller token-adressen); programmet bruker utstederen fra Maskinportens metadata.",
		"The sources write aud differently (with or without a trailing slash, or the token URL); the program uses the issuer from Maskinporten's metadata."}
	// UncertainCreated: the register's answer to a new request may carry
	// "0001-01-01T00:00:00" as its creation time (§5.3, inferred from the
	// code). Such a time is taken as unknown, and the next status read
	// fills it.
	UncertainCreated = Uncertainty{"request-created",
		"Altinn kan svare en ny forespørsel uten riktig opprettelsestid; programmet henter den ved neste statusoppslag.",
		"Altinn may answer a new request without a proper creation time; the program takes it from the next status read."}
	// UncertainDenied: docs say Denied is not in use (C4); it is shown as
	// a final status anyway.
	UncertainDenied = Uncertainty{"status-denied",
		"Altinn sier statusen Denied ikke er i bruk; kommer den likevel, viser programmet den som et endelig avslag.",
		"Altinn says the status Denied is not in use; if it comes anyway, the program shows it as a final refusal."}
)

// Uncertainties are all of them, for a help screen or `doctor`.
var Uncertainties = []Uncertainty{
	UncertainExpiry, UncertainTokenLifetime, UncertainSub, UncertainErrorCodes, UncertainOrgIDCase,
	UncertainProdApproval, UncertainAudience, UncertainCreated, UncertainDenied,
}
