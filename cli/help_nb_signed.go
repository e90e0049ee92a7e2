package cli

// The Norwegian help of what sends the composed e-mails: fill
// --signed-declaration, --send on the composing commands, and testing
// order (see help_nb.go).

const fillSignedHelpNB = `

Med --signed-declaration FIL (egenerklæringen signert: en PDF, eller en
skanning som PDF, PNG eller JPEG) skrives også registrering-<navn>-signert.eml:
den samme e-posten uten merknaden til avsenderen, med bestillingen og den
signerte filen vedlagt i stedet for den usignerte egenerklæringen. Den kan
programmet sende: --send sender den slik ` + "`send`" + ` gjør (viser hva som går til
hvem og spør først; --yes sender uten å spørre). Utkastet sendes aldri.`

const requestSendHelpNB = `

--send sender e-postene --eml skriver, én og én, slik ` + "`send`" + ` gjør (viser hva
som går til hvem og spør for hver; --yes sender uten å spørre).`

func init() {
	for path, extra := range map[string]string{"fill": fillSignedHelpNB, "systemuser request": requestSendHelpNB} {
		h := commandsNB[path]
		h.long += extra
		commandsNB[path] = h
	}
	commandsNB["testing"] = helpText{"Steg 5, testing i TT02: bestillingen av testbrukere", ""}
	commandsNB["testing order"] = helpText{"Skriv e-posten som bestiller testbrukere fra Altinn (.eml), og send den med --send", `Skriv e-posten i steg 5 som bestiller testbrukere for TT02 fra
sluttbrukersystem@altinn.no, slik veiviserens «Bestilling av testbrukere»
gjør: fra kontaktpersonen, med leverandøren, systemet, tjenestene som skal
testes og antall testpersoner og testorganisasjoner. Den skrives som
testbrukere-<navn>.eml (0600) i --out, eller i øktens mappe for filene, og
registreres i økten. --persons og --organisations setter antallene som
bestilles (lagres i økten; veiviseren spør om dem).

--send sender den gjennom SMTP-serveren i profilen slik ` + "`send`" + ` gjør (viser
hva som går til hvem og spør først; --yes sender uten å spørre). Uten
--send åpner du den i e-postprogrammet og sender den derfra.

Avslutningsstatus: 0 skrevet (og sendt); 2 noe må rettes først (svarene
e-posten trenger, listet med nøkkelstiene; ingen terminal å spørre i og
ikke --yes); 1 sendingen feilet.`}
	for key, usage := range map[string]string{
		"fill --signed-declaration":     "den signerte egenerklæringen (PDF, eller skannet som PDF, PNG eller JPEG): lag også e-posten om registreringen klar til å sendes med den",
		"fill --send":                   "send også e-posten som er klar til å sendes (trenger --signed-declaration) gjennom SMTP-serveren i profilen (som send-kommandoen: viser hva som går til hvem og spør først)",
		"fill --yes":                    "med --send: send uten å spørre",
		"fill --again":                  "med --send: send selv om denne e-posten er sendt før (som send --again)",
		"systemuser request --again":    "med --send: send selv om e-posten er sendt før (som send --again)",
		"testing order --again":         "med --send: send selv om denne e-posten er sendt før (som send --again)",
		"systemuser request --send":     "send også kundenes e-poster (trenger --eml) gjennom SMTP-serveren i profilen (som send-kommandoen: viser hva som går til hvem og spør for hver)",
		"systemuser request --yes":      "med --send: send uten å spørre",
		"testing order --session":       "økten (navn eller ID) svarene hentes fra",
		"testing order --persons":       "antall testpersoner som bestilles (lagres i økten)",
		"testing order --organisations": "antall testorganisasjoner som bestilles (lagres i økten)",
		"testing order --out":           "mappen e-posten skrives i (standard: øktens mappe for filene)",
		"testing order --send":          "send også e-posten gjennom SMTP-serveren i profilen (som send-kommandoen: viser hva som går til hvem og spør først)",
		"testing order --yes":           "med --send: send uten å spørre",
	} {
		flagHelpNB[key] = usage
	}
}
