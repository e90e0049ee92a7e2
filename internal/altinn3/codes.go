package altinn3

// codeAdvice says, for each code the system register and the system-user
// request API return to a vendor (altinn3-api.md §4.3, §5.4), what it
// means and what to fix, in both languages. The local check of a system
// definition uses the same texts for the same codes.
var codeAdvice = map[string]msg{
	// System register (§4.3).
	"AUTH.VLD-00000": {
		"Leverandøren må skrives som ISO 6523-identifikator «0192:» fulgt av organisasjonsnummeret; sjekk virksomhetens organisasjonsnummer.",
		"The vendor must be written as the ISO 6523 identifier \"0192:\" followed by the organisation number; check the vendor's organisation number."},
	"AUTH.VLD-00001": {
		"System-ID-en må begynne med leverandørens organisasjonsnummer og «_» (organisasjonsnummer_navn).",
		"The system ID must start with the vendor's organisation number and \"_\" (orgnumber_name)."},
	"AUTH.VLD-00002": {
		"System-ID-en er tatt, også av et slettet system (ID-er brukes aldri om igjen). Er systemet ditt, les det tilbake og oppdater det; ellers velg et annet navn i ID-en.",
		"The system ID is taken, also by a deleted system (IDs are never reused). If the system is yours, read it back and update it; otherwise choose another name in the ID."},
	"AUTH.VLD-00003": {
		"En eller flere rettigheter finnes ikke i Altinns ressursregister; sjekk ressurs-ID-ene (og at de finnes i dette miljøet).",
		"One or more rights are not in Altinn's resource register; check the resource IDs (and that they exist in this environment)."},
	"AUTH.VLD-00004": {
		"Klient-ID-en er allerede knyttet til et annet aktivt system; en Maskinporten-klient kan høre til bare ett system. Lag en ny klient, eller fjern ID-en fra det andre systemet.",
		"The client ID is already tied to another active system; a Maskinporten client can belong to one system only. Make a new client, or remove the ID from the other system."},
	"AUTH.VLD-00005": {
		"Omdirigeringsadresser må være fullstendige https-adresser (https://vert/sti).",
		"Redirect URLs must be absolute https addresses (https://host/path)."},
	"AUTH.VLD-00006": {
		"Samme rettighet står mer enn én gang; fjern duplikatene.",
		"The same right is listed more than once; remove the duplicates."},
	"AUTH.VLD-00007": {
		"Samme tilgangspakke står mer enn én gang; fjern duplikatene.",
		"The same access package is listed more than once; remove the duplicates."},
	"AUTH.VLD-00008": {
		"En tilgangspakke har feil format (urn:altinn:accesspackage:navn), finnes ikke, eller kan ikke delegeres.",
		"An access package has the wrong format (urn:altinn:accesspackage:name), does not exist, or cannot be delegated."},
	"AUTH.VLD-00009": {
		"Ressurs-ID-er i rettigheter må ha typen urn:altinn:resource; skriv bare ressursens ID.",
		"Resource IDs in rights must be of type urn:altinn:resource; write only the resource's ID."},
	"AUTH.VLD-00011": {
		"Samme klient-ID står mer enn én gang; fjern duplikatene.",
		"The same client ID is listed more than once; remove the duplicates."},
	"AUTH.VLD-00012": {
		"System-ID-en i innholdet er ikke den i adressen; systemets ID kan ikke endres.",
		"The system ID in the body is not the one in the address; a system's ID cannot change."},
	"AUTH.VLD-00013": {
		"System-ID-en kan ikke ha mellomrom (foran, bak eller inni).",
		"The system ID cannot contain spaces (leading, trailing or inside)."},
	"AUTH.VLD-00017": {
		"En ressurs i rettighetene er av en type som ikke kan delegeres (for eksempel Maskinporten-skjema eller Altinn 2-tjeneste); fjern den.",
		"A resource in the rights is of a type that cannot be delegated (for example a Maskinporten schema or an Altinn 2 service); remove it."},
	"AUTH.VLD-00018": {
		"Tilgangspakker for klientforhold kan ikke brukes når systemet er synlig; sett synlig til nei, eller fjern pakken.",
		"Access packages meant for client relations cannot be used when the system is visible; set visible to false, or remove the package."},

	// System-user requests (§5.4).
	"AUTH-00000": {
		"Kundens organisasjonsnummer finnes ikke i Altinns register i dette miljøet (i TT02: bruk en syntetisk virksomhet fra Tenor).",
		"The customer's organisation number is not in Altinn's register in this environment (in TT02: use a synthetic organisation from Tenor)."},
	"AUTH-00001": {
		"En rettighet finnes ikke på systemet, eller kan ikke delegeres; forespørselen kan bare be om rettigheter systemet er registrert med.",
		"A right is not on the system, or cannot be delegated; a request can only ask for rights the system is registered with."},
	"AUTH-00004": {
		"Kunden har allerede en systembruker for dette systemet (med samme eksterne referanse); bruk den, eller bruk en annen ekstern referanse.",
		"The customer already has a system user for this system (with the same external reference); use it, or use another external reference."},
	"AUTH-00006": {
		"Kunden har allerede godkjent en systembruker med disse ID-ene; bruk den.",
		"The customer has already accepted a system user with these IDs; use it."},
	"AUTH-00007": {
		"Det finnes en ventende forespørsel med disse ID-ene; bruk den, eller slett den først.",
		"A pending request with these IDs exists; reuse it, or delete it first."},
	"AUTH-00008": {
		"En forespørsel med disse ID-ene er avvist (Denied); slett den og send en ny.",
		"A request with these IDs was denied; delete it and send a new one."},
	"AUTH-00009": {
		"Kunden avslo en forespørsel med disse ID-ene; slett den og send en ny.",
		"The customer rejected a request with these IDs; delete it and send a new one."},
	"AUTH-00010": {
		"Altinn kjenner ikke forespørselen (slettet, utløpt, eller av den andre typen standard/agent); send en ny.",
		"Altinn does not know the request (deleted, expired, or of the other type, standard/agent); send a new one."},
	"AUTH-00011": {
		"System-ID-en er ikke registrert, eller systemet tilhører en annen leverandør; registrer systemet først, i samme miljø.",
		"The system ID is not registered, or the system belongs to another vendor; register the system first, in the same environment."},
	"AUTH-00012": {
		"Altinn klarte ikke å lagre forespørselen; prøv igjen om litt.",
		"Altinn could not store the request; try again in a while."},
	"AUTH-00021": {
		"Omdirigeringsadressen er ikke blant systemets tillatte adresser; bruk en av dem, eller legg den til systemet.",
		"The redirect URL is not among the system's allowed URLs; use one of them, or add it to the system."},
	"AUTH-00023": {
		"Tokenet sier ikke hvilken virksomhet klienten tilhører (consumer); bruk et Maskinporten-token fra klienten.",
		"The token does not say which organisation the client belongs to (consumer); use a Maskinporten token from the client."},
	"AUTH-00025": {
		"Forespørselen er en standard forespørsel, ikke en agentforespørsel.",
		"The request is a standard request, not an agent request."},
	"AUTH-00026": {
		"Systemet har ingen tillatte omdirigeringsadresser; legg dem til systemet, eller send uten omdirigering.",
		"The system has no allowed redirect URLs; add them to the system, or send without a redirect."},
	"AUTH-00058": {
		"En agent-systembruker må ha minst én tilgangspakke; legg tilgangspakker til systemet.",
		"An agent system user must have at least one access package; add access packages to the system."},
	"AUTH-00059": {
		"En systembruker må ha minst én rettighet eller tilgangspakke; legg dem til systemet.",
		"A system user must have at least one right or access package; add them to the system."},
	"AUTH-00063": {
		"En tilgangspakke finnes ikke på systemet i systemregisteret; oppdater systemet først.",
		"An access package is not on the system in the system register; update the system first."},
	"AUTH-00064": {
		"En tilgangspakke er ment for klientforhold og kan ikke gis en standard systembruker; bruk en agentforespørsel.",
		"An access package is meant for client relations and cannot be given to a standard system user; use an agent request."},
	"AUTH-00065": {
		"En tilgangspakke er ikke ment for klientforhold og kan ikke gis en agent-systembruker; bruk en standard forespørsel.",
		"An access package is not meant for client relations and cannot be given to an agent system user; use a standard request."},
}

// CodeAdvice is what a service code means and what to fix, in lang ("en"
// English, else bokmål); "" for a code this program does not know.
func CodeAdvice(code, lang string) string {
	if m, ok := codeAdvice[code]; ok {
		return m.text(lang == "en")
	}
	return ""
}
