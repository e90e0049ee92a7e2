package cli

// The Norwegian help of `send` and its flags (see help_nb.go).

func init() {
	commandsNB["send"] = helpText{"Send en e-post programmet har laget (.eml) gjennom SMTP-serveren i profilen din", `Send en e-post programmet har laget (en .eml-fil, som e-posten om
registreringen) gjennom SMTP-serveren i profilen din (smtp.host,
smtp.port, smtp.security, smtp.user; se ` + "`altinn-onboard profile`" + `), med passordet
fra OS-nøkkelringen (` + "`altinn-onboard secrets set smtp-password --profile`" + `).
Den viser avsenderen, mottakerne og emnet og spør først, om ikke --yes er
gitt. Utkastmerket X-Unsent fjernes underveis; filen blir liggende som den
er. Etterpå vises serverens svar, og en kopi av nøyaktig det som ble sendt
legges i mappen «sendt» ved siden av filen.

Serverens sertifikat sjekkes alltid; for en server med firmaets egen CA,
sett smtp.ca_file. Et selvsignert sertifikat brukes bare når du har valgt
det: i en terminal vises navnene, fingeravtrykket og utløpsdatoen, og du
blir spurt om du vil stole på det fra nå av (svaret huskes som
smtp.trusted_cert i profilen); uten terminal sier meldingen hvilken
` + "`altinn-onboard profile set smtp.trusted_cert sha256:…`" + ` du kan kjøre når du har
sjekket fingeravtrykket. Et sertifikat som er byttet senere, avvises igjen.

Er filen laget av en økt, registrerer økten sendingen (når, fra, til hvem,
Message-ID, serverens svar og hvor kopien ligger). En e-post økten har
sendt før, sendes igjen først etter et nytt spørsmål, eller, uten
terminal, med --yes --again.

Avslutningsstatus: 0 sendt; 2 ingenting ble prøvd (ingen terminal å spørre
i og ingen --yes, du svarte nei, profilen mangler SMTP-innstillingene,
eller filen er ikke en e-post); 1 sendingen feilet (meldingen sier hva
serveren svarte, årsaken og hva du kan gjøre; filen er uendret).`}
	for flag, usage := range map[string]string{
		"send --yes":     "send uten å spørre",
		"send --again":   "send selv om denne e-posten er sendt før",
		"send --timeout": "gi opp serveren etter så lang tid uten svar",
	} {
		flagHelpNB[flag] = usage
	}
}
