package cli

// The Norwegian help of the lookup command and its flags (see help_nb.go).

func init() {
	for path, h := range map[string]helpText{
		"lookup": {"Slå opp en virksomhet i Enhetsregisteret: navn, forretningsadresse, konkurs eller under avvikling", `Slå opp et organisasjonsnummer i Enhetsregisteret (Brønnøysundregistrene,
åpne data, uten innlogging): først blant enhetene, så blant underenhetene.
Viser navnet, forretningsadressen, og om enheten er konkurs, under
avvikling eller slettet. Nummeret kontrolleres først (9 siffer, MOD11;
«0192:» og mellomrom godtas).

Registeret er https://data.brreg.no, eller https://data.ppe.brreg.no med
--environment tt02 (de syntetiske virksomhetene i TT02; om alle finnes der,
er ikke dokumentert). ALTINN_ONBOARD_BRREG_URL overstyrer begge. Svarene
tas vare på i et døgn i datamappen (når den finnes); --offline svarer
bare derfra.

Avslutningsstatus: 0 funnet; 3 finnes ikke eller er slettet; 1 registeret
kunne ikke spørres (nett, tidsavbrudd, et rart svar, --offline uten svar
lagret); 2 ikke et gyldig organisasjonsnummer.`},
	} {
		commandsNB[path] = h
	}
	for key, usage := range map[string]string{
		"lookup --environment": "registeret for dette miljøet: prod (data.brreg.no) eller tt02 (data.ppe.brreg.no)",
		"lookup --offline":     "ikke spør registeret; svar bare fra dagens lagrede svar",
	} {
		flagHelpNB[key] = usage
	}
}
