package cli

// The Norwegian help of the profile's commands and flags (see help_nb.go).

func init() {
	for path, h := range map[string]helpText{
		"profile": {"Vis og endre profilen din: dine egne opplysninger og SMTP-serveren, standardverdier for hver ny økt", `Profilen holder det du ellers ville skrevet for hver kunde: navnet,
e-postadressen, telefonnummeret og firmaet ditt, en standard
kopiadresse (cc), standardmappen for filene og hvordan SMTP-serveren din
nås. Hver ny økt (veiviserens og ` + "`sessions new`" + `) får navnet, e-postadressen
og telefonnummeret ditt som kontaktperson, og kopiadressen og mappen, der
økten ikke har egne; svarene en økt har, erstattes aldri.

Profilen er filen profile.yaml i konfigurasjonsmappen din
($XDG_CONFIG_HOME/altinn-onboard, ellers ~/.config/altinn-onboard på Linux),
0600 i en 0700-mappe. SMTP-passordet er ikke der: lagre det i
OS-nøkkelringen med ` + "`altinn-onboard secrets set smtp-password --profile`" + `.

Nøklene: ` + profileKeysHelp + `.`},
		"profile show": {"Vis profilen din og hvor den ligger", `Vis hver nøkkel i profilen og verdien, filen den ligger i, og hvor
SMTP-passordet oppbevares (aldri selve passordet). En fil som mangler, er
en tom profil. Avslutningsstatus: 0 vist; 1 filen kan ikke leses (den
blir liggende som den er; meldingen sier hvilken fil og hva som er galt).`},
		"profile set": {"Sett én verdi i profilen din", `Sett én verdi i profilen din, sjekket først: e-postadresser og
telefonnumre slik skjemaene tar dem, fulle stier for output_dir og
smtp.ca_file (en PEM-fil med sertifikatutstederne SMTP-serveren din skal
stoles på med, for et firmas egen CA), smtp.trusted_cert (SHA-256-
fingeravtrykket, sha256:HEKS med eller uten kolon, til ett selvsignert
serversertifikat du har sjekket og valgt å stole på), smtp.port 1–65535, smtp.security
tls (port 465), starttls (port 587) eller none (ukryptert, bare til
127.0.0.1, ::1 eller localhost), secrets_file en full sti eller ordet
«default» (secrets.age i datamappen): hemmelighetene lagres da i den
passordkrypterte filen i stedet for i OS-nøkkelringen, som med
--secrets-file, som går foran (det gjør også $` + EnvSecretsFile + `). En tom VERDI
fjerner nøkkelen.

Nøklene: ` + profileKeysHelp + `.

Avslutningsstatus: 0 satt; 2 ukjent nøkkel eller en verdi som avvises
(meldingen sier hvilken nøkkel; ingenting endres); 1 alt annet, som en
profilfil som ikke kan leses.`},
		"profile unset": {"Fjern én verdi fra profilen din", `Fjern én verdi fra profilen din; nye økter får da ingen standardverdi
for den. Økter laget før beholder det de har.

Nøklene: ` + profileKeysHelp + `.

Avslutningsstatus: 0 fjernet (eller den var ikke satt); 2 ukjent nøkkel;
1 alt annet.`},
	} {
		commandsNB[path] = h
	}
	for flag, usage := range map[string]string{
		"profile show --json":      "skriv JSON",
		"secrets set --profile":    "profilens hemmelighet (smtp-password), ikke en økts",
		"secrets delete --profile": "profilens hemmelighet (smtp-password), ikke en økts",
	} {
		flagHelpNB[flag] = usage
	}
}
