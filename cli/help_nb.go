package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// The commands' help is written in English where each command is made;
// this file holds the Norwegian, by command path (without the program's
// name; "" is the program itself) and by flag. localizeHelp puts it in
// place when the user's language is Norwegian. Command names and flags
// are a contract and stay as they are; only what they are said to do is
// translated. A test requires every command and flag to have its
// Norwegian text.

type helpText struct{ short, long string }

// secretsMark stands for the list of known secrets in commandsNB (the
// tracks give it, so commandHelpNB puts it in).
const secretsMark = "{{secrets}}"

// commandHelpNB is the Norwegian help of each command.
func commandHelpNB(f *Factory) map[string]helpText {
	secrets := "Kjente hemmeligheter:\n" + knownSecretsHelpIn(f.Tracks(steps.Deps{}), "nb")
	out := make(map[string]helpText, len(commandsNB))
	for path, h := range commandsNB {
		h.long = strings.ReplaceAll(h.long, secretsMark, secrets)
		out[path] = h
	}
	return out
}

// commandsNB is the Norwegian help of each command, by path.
var commandsNB = map[string]helpText{
	"": {"Koble et datasystem (sluttbrukersystem) til Altinn, steg for steg", `altinn-onboard leder en programvareleverandør, eller en konsulent som
arbeider for en, gjennom å koble et datasystem (sluttbrukersystem) til
Altinn: bestilling og egenerklæring, e-posten om registreringen,
API-nøkler, autentisering, tjenester, testing i TT02 og produksjonssetting.
Svarene lagres underveis; hemmeligheter ligger bare i nøkkelringen til
operativsystemet.

Merk: Altinn II, der denne seks-stegsflyten hører hjemme, ble stengt
19. juni 2026 (siste innsending 31. mai 2026). Sjekk dagens status på
samarbeid.digdir.no.`},

	"completion": {"Lag skriptet for autofullføring i et skall", `Lag skriptet for autofullføring av altinn-onboard i det valgte skallet.
Se hjelpen til hvert underkommando for hvordan skriptet tas i bruk.`},
	"completion bash":       {"Lag skriptet for autofullføring i bash", "Lag skriptet for autofullføring i bash. Det trenger pakken bash-completion.\n\nFor denne økten i skallet:\n\n\tsource <(altinn-onboard completion bash)\n\nFor hver ny økt, én gang (Linux):\n\n\taltinn-onboard completion bash > /etc/bash_completion.d/altinn-onboard\n\nStart et nytt skall for at det skal virke."},
	"completion fish":       {"Lag skriptet for autofullføring i fish", "Lag skriptet for autofullføring i fish.\n\nFor denne økten i skallet:\n\n\taltinn-onboard completion fish | source\n\nFor hver ny økt, én gang:\n\n\taltinn-onboard completion fish > ~/.config/fish/completions/altinn-onboard.fish\n\nStart et nytt skall for at det skal virke."},
	"completion powershell": {"Lag skriptet for autofullføring i PowerShell", "Lag skriptet for autofullføring i PowerShell.\n\nFor denne økten i skallet:\n\n\taltinn-onboard completion powershell | Out-String | Invoke-Expression\n\nFor hver ny økt: legg utdataene fra kommandoen over i PowerShell-profilen din."},
	"completion zsh":        {"Lag skriptet for autofullføring i zsh", "Lag skriptet for autofullføring i zsh.\n\nEr autofullføring ikke slått på i zsh ennå, gjør det én gang:\n\n\techo \"autoload -U compinit; compinit\" >> ~/.zshrc\n\nFor denne økten i skallet:\n\n\tsource <(altinn-onboard completion zsh)\n\nFor hver ny økt, én gang (Linux):\n\n\taltinn-onboard completion zsh > \"${fpath[1]}/_altinn-onboard\"\n\nStart et nytt skall for at det skal virke."},
	"help":                  {"Hjelp om en kommando", "Hjelp om en hvilken som helst kommando: skriv altinn-onboard help [kommando ...]."},

	"customers": {"Kundene i en Altinn 3-økt: legg til, vis, importer", ""},
	"customers add": {"Legg til en kunde (eller endre den med samme organisasjonsnummer)", `Legg til en kunde som skal få en systembruker: organisasjonsnummeret
(kontrollert med MOD11; «0192:» og mellomrom godtas), navnet, e-posten til
kontaktpersonen (til e-posten med forespørselen), en ekstern referanse
(når leverandøren har flere systembrukere for samme kunde), og --agent for
en systembruker for klientforhold (klientdelegering med tilgangspakker,
for regnskapsførere som handler for klientene sine) i stedet for en
standard systembruker (systemets rettigheter).

Avslutningsstatus: 0 lagt til; 2 en verdi må rettes (ingenting endret).`},
	"customers import": {"Legg til mange kunder fra en CSV- eller YAML-fil (alle eller ingen)", `Legg til kunder fra en fil: CSV (en overskriftsrad som navngir kolonnene
org_number, name, email, external_ref, agent; komma eller semikolon) eller
YAML (en liste med kunder med de nøklene, eller en nøkkel «customers:» som
holder en). En kunde som allerede er i økten, endres (forespørselen
beholdes).

Hver feil rad meldes med linje og kolonne (eller nøkkel), og da lagres
ingenting.

Avslutningsstatus: 0 importert; 2 filen eller en rad må rettes (ingenting lagret).`},
	"customers list": {"Vis kundene med status for forespørslene om systembruker", ""},

	"doctor": {"Sjekk at altinn-onboard kan virke på denne maskinen, og si hvordan det som ikke virker, rettes", `Sjekker, én linje hver (OK eller PROBLEM, med hva som må gjøres):

  - nøkkelringen: lagrer, leser og sletter en oppføring som kastes etterpå,
    «altinn-onboard / doctor-<tilfeldig>/...» (ingenting av ditt røres)
    — eller, med --secrets-file, den krypterte hemmelighetsfilen, og sier
    tydelig at hemmelighetene ligger der
  - datamappen: at den kan skrives i og er privat (0700)
  - øktene: hvor mange, og hver øktfil som ikke kan leses
  - malene som brukes: de innebygde, eller mappen din (--templates, og
    mappene øktene er satt til å bruke)
  - LibreOffice, som bare trengs for .doc og .pdf
  - Altinn 3-adressene som brukes for TT02 og PROD (Maskinporten,
    plattformen, godkjenningssiden), hvilke ALTINN_ONBOARD_*_URL-variabler
    som har endret dem, og om de svarer (ikke med --offline)
  - versjonene av Go og operativsystemet

Avslutningsstatus: 1 når noe vesentlig svikter: datamappen, nøkkelringen
(API-nøkler og passord lagres ingen andre steder, så uten den kan ikke
veiviserens steg 2–6 lagre dem; steg 1 og «fill» virker likevel) eller
malene; ellers 0. Mangler LibreOffice, kan en øktfil ikke leses eller er
malmappen til én økt ødelagt, meldes det som PROBLEM med hva som må
gjøres, men avslutningsstatusen blir 0.`},

	"environment": {"Velg Altinn-miljøet (tt02 eller prod) for en Altinn 3-økt", ""},
	"environment set": {"Velg miljøet økten arbeider mot", `Velg miljøet økten arbeider mot: tt02 (Altinns testmiljø, standard) eller
prod. Første gang en økt settes til prod, må --confirm-prod si at du mener
det; etter det huskes det. Det som er registrert eller forespurt i ett
miljø, beholdes og blandes ikke med det andre miljøets.

Adressene kan endres med ALTINN_ONBOARD_MASKINPORTEN_URL,
ALTINN_ONBOARD_PLATFORM_URL og ALTINN_ONBOARD_APPROVAL_URL (en sandkasse,
en mellomtjener); «altinn-onboard doctor» viser hvilke som brukes.

Avslutningsstatus: 0 satt; 2 feil navn, eller prod uten --confirm-prod.`},
	"environment show": {"Vis miljøet til økten og adressene som brukes", ""},

	"fill": {"Lag bestillingen, egenerklæringen og e-posten om registreringen fra en svarfil", `Lag registreringspakken i steg 1 uten veiviseren: bestillingen og
egenerklæringen som dokumenter, og e-posten om registreringen til
sluttbrukersystem@altinn.no (.eml) med begge vedlagt.

Svarene kommer fra en YAML- eller JSON-fil (se examples/answers.yaml og
README.md) eller fra en lagret økt (--session). Alle problemer i svarene
meldes på én gang, med nøkkelstien; da blir avslutningsstatusen 2, og
ingenting skrives.

Dokumentene er laget etter mønster av Altinns skjemaer, men er ikke like:
sammenlign dem med skjemaet Altinn ber om i dag.`},

	"man": {"Skriv man-sidene i MAPPE (til pakking)", ""},

	"maskinporten":        {"Maskinporten-klienten i en Altinn 3-økt: nøkkel, klient-ID, scopes, tokener", ""},
	"maskinporten client": {"Lagre klient-ID-en selvbetjeningsportalen ga", ""},
	"maskinporten client set": {"Lagre klient-ID-en (en UUID) selvbetjeningsportalen ga klienten", `Lagre klient-ID-en (en UUID) selvbetjeningsportalen ga klienten. Den blir
også en av systemets klient-ID-er i systemregisteret (i stedet for den
forrige).

Avslutningsstatus: 0 lagret; 2 ikke en UUID.`},
	"maskinporten key": {"Lag eller vis nøkkelparet til klienten", ""},
	"maskinporten key new": {"Lag nøkkelparet til klienten og skriv ut den offentlige JWK-en", `Lag et RSA-2048-nøkkelpar med en nøkkel-ID (kid) for Maskinporten-klienten
til økten, eller, med --p12, ta nøkkelen fra et virksomhetssertifikat. Den
private nøkkelen lagres bare i nøkkelringen. Den offentlige nøkkelen
skrives ut som en JWK (JSON) på standard ut; --out skriver den som en JWKS
og --pem som PEM, formene selvbetjeningsportalen tar imot.

En .p12-nøkkels kid er RFC 7638-tommelavtrykket av sertifikatets nøkkel
(samme sertifikat gir samme kid), og JWK-en har sertifikatkjeden som x5c.
Last opp JWKS-en til klienten: grantene navngir da nøkkelen med kid. En
klient som bruker selve virksomhetssertifikatet, uten opplastet nøkkel,
får granter som har kjeden (x5c) i stedet; programmet prøver kid først,
så x5c (og holder seg til det som virket mens det kjører).

Passordet til .p12-filen leses fra terminalen uten ekko, fra standard inn
når den er et rør, eller fra $ALTINN_ONBOARD_P12_PASSWORD. Det er aldri et
flagg (et flagg vises i prosesslisten).

En økt som har en nøkkel, beholder den uten --replace: en ny nøkkel gjør
at klienten slutter å virke til den offentlige delen er lastet opp.

Avslutningsstatus: 0 laget; 2 noe må rettes (et flagg, filen, passordet,
en nøkkel som finnes fra før); 1 nøkkelringen eller en fil kunne ikke
skrives.`},
	"maskinporten key show": {"Vis den offentlige nøkkelen til klienten, og om den private nøkkelen er i nøkkelringen", ""},
	"maskinporten scopes":   {"Velg scopes klienten ber om i tillegg til leverandørens tre", ""},
	"maskinporten scopes set": {"Velg klientens egne scopes (tjenesteeiernes API-er); ingen: bare leverandørens tre", `Velg scopes for tjenesteeiernes API-er som klienten kaller, og som det
bes om i systembrukertokener, i tillegg til de tre
altinn:authentication-scopene en leverandør alltid ber om. Ingen scopes
tømmer listen.`},
	"maskinporten token": {"Hent et token fra Maskinporten og vis hva det gir (klienttesten)", `Hent et token fra Maskinporten og vis hva det gir: scopene, når det går ut,
og hvilke av scopene det ble bedt om som mangler. Uten --customer tester
dette klienten (leverandørens tre altinn:authentication-scopes og
klientens egne); med --customer hentes kundens systembrukertoken (kunden
må ha godtatt forespørselen).

Selve tokenet vises aldri, med mindre --print-token skriver det ut (alene
på standard ut, eller i JSON-dokumentet): da står det i terminalen din og
i alle logger som tar vare på den.

Avslutningsstatus: 0 et token; 2 noe må gjøres først (nøkkel, klient-ID,
kunden); 1 Maskinporten avviste (koden og hva som må rettes, vises).`},

	"resume": {"Åpne veiviseren rett i en lagret økt", ""},

	"sandbox": {"Kjør en lokal etterligning av Maskinporten og Altinns systemregister og systembruker-API-er, for å øve uten nett", `Kjør, bare på denne maskinen (127.0.0.1), en lokal etterligning av
tjenestene en programvareleverandør møter på veien til Altinn 3:

  - Maskinporten: metadata, JWKS og /token med JWT-bearer-granten og
    kontrollene (aud = utstederen, iat innen 10 s, exp - iat <= 120 s,
    jti bare én gang, registrerte scopes, systembrukertokener)
  - Altinns systemregister, forespørsler om systembruker,
    endringsforespørsler og oppslag av systembrukere, med de ekte
    tjenestenes kontroller, statuskoder og feilsvar
  - kundens godkjenningsside på bekreftelsesadressen, der du godtar eller
    avviser slik kunden ville gjort
  - sin egen side, /sandbox/, der du registrerer en Maskinporten-klient med
    den offentlige nøkkelen din (det Digdirs selvbetjeningsportal gjør)

Den skriver ut miljøvariablene som peker altinn-onboard (eller ditt eget
system under utvikling) mot den, og kjører til Ctrl+C (SIGINT) eller
SIGTERM. Den er ikke Altinn: ingenting som gjøres her, når de ekte
tjenestene.

Sidene følger --lang (nb eller en); tjenestene svarer på engelsk, slik de
ekte gjør.

Forespørsler som fortsatt er New etter --request-timeout, går ut: de får
status Timedout, eller med --expire-as gone forsvinner de (oppslag svarer
404); hva Altinn selv gjør, er usikkert, så øv på begge.`},

	"secrets": {"Vis, lagre og slett hemmelighetene til en økt i nøkkelringen (vises aldri)", `Hemmelighetene til en økt (API-nøkler og passord) ligger bare i
operativsystemets nøkkelring (Secret Service på Linux, Nøkkelring på macOS,
Legitimasjonsbehandling på Windows), tjeneste «` + store.KeyringService + `», konto
«<økt-id>/<navn>». Øktfilen noterer bare at en hemmelighet finnes og hvor.
Verdiene vises aldri.

På en maskin uten nøkkelring (en tjener uten Secret Service) kan du be om
en kryptert fil i stedet: --secrets-file STI (eller $` + EnvSecretsFile + `),
for eksempel --secrets-file ~/.local/share/altinn-onboard/` + store.SecretsFileName + `, én fil per
datamappe. Den krypteres med et passord (age, scrypt) som spørres om én
gang per kjøring uten ekko (to ganger når filen lages) og ikke lagres noe
sted; skript kan gi det i $` + EnvSecretsPassphrase + `, men miljøvariabler
kan lekke (til andre prosesser du kjører, kjernedumper, skallhistorikk), så
bruk helst spørsmålet. Uten passordet kan hemmelighetene ikke hentes tilbake.

` + secretsMark},
	"secrets delete": {"Slett en hemmelighet i en økt fra nøkkelringen", `Slett en hemmelighet i en økt fra nøkkelringen, og øktens notat om den.

` + secretsMark + `
Avslutningsstatus: 0 slettet, eller den var ikke lagret (det sies; det
som ble bedt om, gjelder, så et skript kan slette to ganger); 2 ukjent
navn på hemmeligheten; 1 alt annet, som at ingen økt har det navnet (som
for sessions delete), eller feil i nøkkelringen. Med --profile i stedet
for --session: profilens smtp-password.`},
	"secrets list": {"Vis hvilke hemmeligheter som er lagret og hvor (aldri verdiene)", `Vis, for én økt (--session) eller alle økter, hver hemmelighet sporet
deres bruker: om den er lagret i nøkkelringen, og hvor (tjeneste og
konto). Verdiene vises aldri. Kommandoen spør nøkkelringen, som kan be
deg låse den opp.`},
	"secrets set": {"Lagre en hemmelighet i en økt i nøkkelringen", `Lagre en hemmelighet i en økt i nøkkelringen, og noter i økten at den
finnes. Verdien leses fra terminalen uten ekko (skrives to ganger), eller
fra standard inn når den er et rør eller en fil, uten linjeskift til slutt,
for eksempel

    printf '%s\n' "$API_KEY" | altinn-onboard secrets set rest-api-key-tt02 --session "Kunde Blåbær"

Bare ett linjeskift til slutt (\n eller \r\n) fjernes; en tom verdi, eller
en med linjeskift inni, avvises. Verdien vises aldri og skrives aldri til
en fil. ` + steps.SecretSystemPassword + ` må følge Altinns regel: minst 7 tegn, med
både bokstaver og sifre.

` + secretsMark + `
Med --profile i stedet for --session er hemmeligheten profilens, og
brukes for alle økter: smtp-password, passordet til SMTP-serveren din
(profilens smtp.user), i nøkkelringoppføringen ` + store.KeyringService + ` / ` + store.ProfileScope + `/smtp-password.

Avslutningsstatus: 0 lagret; 2 ukjent navn eller en verdi som ikke kan
brukes (ingenting lagret); 1 alt annet (som feil i nøkkelringen).`},

	"sessions": {"Vis, eksporter, importer, gi nytt navn til og slett lagrede økter", ""},
	"sessions delete": {"Slett en økt og hemmelighetene dens i nøkkelringen", `Slett en økt og hemmelighetene dens i nøkkelringen. I en terminal spør
den først; gi --yes for å slette uten å spørre. Avslutningsstatus: 0
slettet, eller du svarte nei; 2 ingen bekreftelse (standard inn er ikke en
terminal, eller tok slutt uten svar, og ingen --yes); 1 alt annet, som at
ingen økt har det navnet.`},
	"sessions export": {"Skriv en økt som JSON som trygt kan sendes på e-post (ingen hemmeligheter, ingen lokale stier)", ""},
	"sessions import": {"Importer en eksportert økt som en ny økt (overskriver aldri)", ""},
	"sessions list":   {"Vis de lagrede øktene, nyeste først", ""},
	"sessions new": {"Lag en økt uten veiviseren og skriv ut ID-en", `Lag en økt uten veiviseren, for eksempel én per kunde i et skript. Med
--answers kommer registreringssvarene (steg 1) fra en svarfil, samme YAML
eller JSON som «fill --answers» leser (se examples/answers.yaml); alle
problemer i den meldes på én gang med nøkkelstien, og da lages ingen økt.

ID-en til den nye økten skrives alene på standard ut, så et skript kan ta
vare på den:

    id=$(altinn-onboard sessions new "Kunde Blåbær" --answers blabaer.yaml)

Alt annet går til standard feil.

For en Altinn 3-økt (--track altinn3) trenger svarfilen av
registreringssvarene bare vendor (name, org_number) og, til kundenes
e-poster, contact (name, email); delen «altinn3:» har maskinporten
(client_id, scopes), system (id_name, name og description med nb/nn/en,
rights, access_packages, client_ids, redirect_urls, visible) og customers
(org_number, name, email, external_ref, agent), hver kontrollert med
nøkkelstien («altinn3.customers[2].email»).

Økten følger sporet --track navngir (altinn3, altinn2; standard altinn3).

Avslutningsstatus: 0 laget; 2 navnet er ugyldig eller tatt, eller svarene
må rettes (ingenting laget); 1 alt annet.`},
	"sessions rename": {"Gi en økt et nytt navn", `Gi en økt et nytt navn. Avslutningsstatus: 0 når navnet er byttet; 2 når
det nye navnet er tomt, ikke én linje, for langt eller tatt av en annen
økt (store og små bokstaver regnes som like); 1 for andre feil, som at
ingen økt har det navnet.`},

	"system": {"Systemet i Altinns systemregister: sett, registrer, vis, sammenlign", ""},
	"system diff": {"Les systemet tilbake fra registeret og vis hvordan økten skiller seg fra det", `Les systemet tilbake fra systemregisteret og vis hva en oppdatering ville
endret: hvert felt som er ulikt, med + for det som ville blitt lagt til og
− for det som ville blitt fjernet.

Avslutningsstatus: 0 lest (likt eller ikke: se utdataene); 1 registeret
avviste eller kunne ikke nås.`},
	"system register": {"Opprett systemet i systemregisteret, eller oppdater det etter å ha vist hva som endres", `Opprett systemet i Altinns systemregister. Har registeret det fra før,
vises forskjellen mellom det registeret har og det økten sier, og du blir
spurt før oppdateringen: en oppdatering erstatter hele definisjonen.
--yes oppdaterer uten å spørre (for skript); uten en terminal å spørre i
og uten --yes sendes ingenting.

Alt registeret kontrollerer, kontrolleres her først, i samme rekkefølge;
et problem meldes med nøkkelstien og registerets kode.

Avslutningsstatus: 0 opprettet, oppdatert eller allerede likt; 2 noe må
rettes først, eller en oppdatering som trenger --yes; 1 registeret avviste
eller kunne ikke nås (koden og hva som må gjøres, vises).`},
	"system set": {"Velg hva systemet får og hva det heter, i økten", `Velg øktens definisjon av systemet. Hvert listeflagg kan gis flere ganger,
og hvert kall erstatter listene det navngir (og lar de andre være):
--right (en ressurs-ID i ressursregisteret), --access-package (en URN,
urn:altinn:accesspackage:…), --redirect-url (https), --client-id.
--name-nb/-nn/-en og --description-nb/-nn/-en er tekstene Altinn viser;
--id-name er delen av system-ID-en etter «<orgnr>_» (standard: laget av
--name-nb). --vendor-org og --vendor-name er leverandørens;
--contact-name og --contact-email dens kontaktperson, som kundenes
e-poster (systemuser request --eml) kommer fra.

Ingenting sendes: det gjør «system register». Det registeret ville avvist,
meldes med nøkkelstien og koden, og da endres ingenting.

Avslutningsstatus: 0 satt; 2 en verdi må rettes (ingenting endret).`},
	"system show": {"Vis systemet i økten, det registeret sist hadde, og det den lokale kontrollen finner", ""},

	"systemuser":      {"Systembrukere for kundene: forespør, status, vis", ""},
	"systemuser list": {"Vis systembrukerne til systemet, slik registeret har dem", ""},
	"systemuser request": {"Send kundenes forespørsler om systembruker og skriv ut hver bekreftelsesadresse", `Send en forespørsel om systembruker for kunden (--customer) eller for alle
kundene (--all): en standard systembruker med systemets rettigheter, eller
for en --agent-kunde en systembruker for klientforhold med
tilgangspakkene. En forespørsel som alt er sendt, leses og sendes ikke på
nytt. --renew sender på nytt der den siste ble avvist, nektet eller har
gått ut.

Bekreftelsesadressen til hver kunde skrives ut: der godtar kunden.
--eml MAPPE skriver også, for hver kunde, e-posten som ber kontaktpersonen
godta (MAPPE/systembruker-<orgnr>.eml, fra kontaktpersonen i økten);
ingenting sendes på e-post.

Økten noterer hver forespørsel når svaret kommer, og lagres for hver
tiendedel av veien (straks når et kall feiler), så en feil midtveis tas
opp igjen ved å kjøre kommandoen på nytt: en forespørsel som et krasj
mistet notatet om, sendes igjen, og registeret svarer med forespørselen
det har (en gjentatt forespørsel er ikke en ny).

Avslutningsstatus: 0 sendt; 2 noe må rettes først (systemet er ikke
registrert, en ukjent kunde, en e-postadresse mangler); 1 en tjeneste
avviste eller kunne ikke nås.`},
	"systemuser status": {"Les status for kundenes forespørsler; --wait spør til hver er avgjort", `Les status for hver kundes forespørsel om systembruker (eller den
--customer navngir): New (venter på kunden), Accepted, Rejected, Denied,
Timedout, eller borte (utløpt eller slettet). Med --wait (for eksempel
--wait 30m) spørres det igjen, sjeldnere og sjeldnere (fra hvert 2.
sekund til én gang i minuttet), til hver er avgjort eller tiden er ute;
framdriften går til standard feil.

Avslutningsstatus: 0 lest (uten --wait; se statusene), eller med --wait
har hver forespørsel det ble spurt om, en endelig status (godtatt,
avvist, nektet, utløpt eller borte); 3 --wait gikk ut mens noen fortsatt
ventet på kunden (New): standard feil navngir dem og sier hvordan du
venter lenger, og statusene skrives ut som vanlig (--json: ett dokument,
der «pending» lister dem); 2 noe må rettes først; 1 tjenesten avviste
eller kunne ikke nås.`},

	"templates": {"Vis feltene malene kan bruke, og sjekk dine egne .docx-maler", `Dokumentene fylles ut fra .docx-maler med plassholdere som {{snake_case}}.
De innebygde malene følger med programmet; legg dine egne bestilling.docx
og/eller egenerklaering.docx i en mappe og oppgi den med --templates (for
eksempel det offisielle skjemaet lagret som .docx med plassholderne
skrevet inn).`},
	"templates check": {"Vis plassholderne i en .docx: funnet, ukjente, delt over flere tekstbiter", `Vis plassholderne i en .docx: funnet, ukjente, delt over flere
tekstbiter, feilskrevne, og dem den innebygde malen med samme navn har.
Avslutningsstatus: 0 når malen kan brukes; 1 når den har problemer eller
ikke kan leses; 2 når den ikke har noen plassholdere i det hele tatt.`},
	"templates fields": {"Vis alle plassholderne en mal kan bruke", ""},

	"version": {"Skriv ut versjonen, commit og Go-versjonen", ""},
}

// flagHelpNB is the Norwegian usage of each flag: by "command path
// --name" where one flag name means different things in different
// commands, else by "--name".
var flagHelpNB = map[string]string{
	"--data-dir":        "datamappen med sessions/ (standard: $" + store.EnvHome + ", ellers plattformens mappe for brukerdata)",
	"--lang":            "språket i meldingene: nb (norsk bokmål) eller en (engelsk)",
	"--keyring-timeout": "gi opp et kall til nøkkelringen etter så lang tid",
	"--secrets-file":    "lagre hemmelighetene i denne passordkrypterte filen i stedet for i nøkkelringen, for maskiner uten nøkkelring (også $" + EnvSecretsFile + "; passordet spørres om, eller leses fra $" + EnvSecretsPassphrase + ")",
	"--accessible":      "enkle linjespørsmål for skjermlesere og enkle terminaler (også ACCESSIBLE=1)",
	"--no-descriptions": "ikke ta med beskrivelser i autofullføringen",
	"--json":            "skriv ett JSON-dokument på standard ut",
	"--offline":         "ikke slå opp organisasjonsnumre i Enhetsregisteret",
	"--session":         "økten (navn eller ID) kommandoen gjelder",

	"customers add --agent":        "en systembruker for klientforhold (klientdelegering)",
	"customers add --email":        "e-postadressen til kundens kontaktperson",
	"customers add --external-ref": "den eksterne referansen til systembrukeren",
	"customers add --name":         "kundens navn",

	"doctor --offline":   "vis Altinn 3-adressene som brukes, uten å spørre om de svarer",
	"doctor --templates": "sjekk også denne mappen med dine egne maler (bestilling.docx, egenerklaering.docx)",

	"environment set --confirm-prod": "bekreft, én gang per økt, at den kan arbeide mot PROD",

	"fill --answers":   "svarfilen (YAML eller JSON)",
	"fill --format":    "dokumentformater, kommaseparert: docx, doc, pdf (doc og pdf trenger LibreOffice)",
	"fill --out":       "mappen dokumentene og e-posten skrives i (lages med 0700)",
	"fill --session":   "ta svarene fra denne lagrede økten i stedet",
	"fill --templates": "mappe med dine egne bestilling.docx og/eller egenerklaering.docx",

	"maskinporten key new --out":       "skriv også den offentlige nøkkelen som en JWKS til FIL",
	"maskinporten key new --p12":       "bruk nøkkelen i dette virksomhetssertifikatet (.p12/.pfx)",
	"maskinporten key new --pem":       "skriv også den offentlige nøkkelen som PEM til FIL",
	"maskinporten key new --replace":   "erstatt nøkkelen økten har",
	"maskinporten key show --out":      "skriv den offentlige nøkkelen som en JWKS til FIL",
	"maskinporten token --customer":    "hent systembrukertokenet til denne kunden (organisasjonsnummer)",
	"maskinporten token --print-token": "skriv ut selve tokenet (det er en hemmelighet)",

	"sandbox --access-package":  "legg en tilgangspakke til den etterlignede katalogen: URN, eller URN=standard|agent|both|none (kan gjentas)",
	"sandbox --addr":            "VERT:PORT å lytte på; bare en loopback-adresse (127.0.0.1, ::1, localhost); port 0 velger en ledig",
	"sandbox --client":          "registrer en Maskinporten-klient ved start: ORGNR=FIL, der FIL har den offentlige nøkkelen (JWKS, JWK eller PEM); skriver ut client_id (kan gjentas)",
	"sandbox --env-file":        "skriv også export-linjene til denne filen når den lytter (for skript: . ./FIL)",
	"sandbox --expire-as":       "hva en forespørsel som går ut, blir: timedout (status Timedout) eller gone (fjernet; oppslag svarer 404)",
	"sandbox --reject-sub":      "avvis granter med et «sub»-krav, slik Digdirs regel om ukjente krav sier (Altinns egne eksempler sender det)",
	"sandbox --request-timeout": "hvor lenge en forespørsel kan være New før den går ut; 0: aldri",
	"sandbox --resource":        "legg en ressurs til det etterlignede ressursregisteret: ID eller ID=TYPE (kan gjentas)",
	"sandbox --state":           "ta vare på sandkassens klienter, systemer, forespørsler og systembrukere i denne filen mellom kjøringer (standard: bare i minnet)",
	"sandbox --token-lifetime":  "levetiden (expires_in) til tilgangstokenene Maskinporten utsteder",

	"secrets delete --session": "økten (navn eller ID)",
	"secrets list --json":      "skriv JSON",
	"secrets list --session":   "bare denne økten (navn eller ID); standard alle økter",
	"secrets set --session":    "økten (navn eller ID)",

	"sessions delete --yes":    "ikke spør om bekreftelse (trengs når standard inn ikke er en terminal)",
	"sessions export --output": "skriv til denne filen (0600) i stedet for standard ut",
	"sessions list --json":     "skriv JSON (øktene og filene som ikke kunne leses)",
	"sessions new --answers":   "svarfilen (YAML eller JSON; - leser standard inn)",
	"sessions new --track":     "sporet økten følger (standard altinn3)",

	"system register --yes":       "oppdater uten å spørre når registeret er ulikt",
	"system set --access-package": "en URN for en tilgangspakke (gjenta; erstatter listen)",
	"system set --client-id":      "en Maskinporten-klient-ID for systemet (gjenta; erstatter listen)",
	"system set --contact-email":  "e-postadressen til kontaktpersonen",
	"system set --contact-name":   "leverandørens kontaktperson, som kundenes e-poster kommer fra",
	"system set --description-en": "beskrivelsen av systemet på engelsk",
	"system set --description-nb": "beskrivelsen av systemet på bokmål",
	"system set --description-nn": "beskrivelsen av systemet på nynorsk",
	"system set --id-name":        "navnedelen av system-ID-en (etter <orgnr>_), uten mellomrom",
	"system set --name-en":        "navnet på systemet på engelsk",
	"system set --name-nb":        "navnet på systemet på bokmål",
	"system set --name-nn":        "navnet på systemet på nynorsk",
	"system set --redirect-url":   "en tillatt adresse å sende tilbake til, https (gjenta; erstatter listen)",
	"system set --right":          "en rettighet: en ressurs-ID (gjenta for flere; erstatter listen)",
	"system set --vendor-name":    "leverandørens navn",
	"system set --vendor-org":     "leverandørens organisasjonsnummer",
	"system set --visible":        "vises i Altinns portal så brukere selv kan opprette: true eller false",

	"systemuser request --all":      "alle kundene i økten",
	"systemuser request --customer": "kunden (organisasjonsnummer)",
	"systemuser request --eml":      "skriv kundenes e-poster som .eml-filer i MAPPE",
	"systemuser request --renew":    "send på nytt der den siste forespørselen ble avvist, nektet eller gikk ut",
	"systemuser status --customer":  "bare denne kunden (organisasjonsnummer)",
	"systemuser status --wait":      "spør igjen til hver forespørsel er avgjort, høyst så lenge (f.eks. 10m)",
}

// usageTemplateNB is cobra's usage template in Norwegian.
const usageTemplateNB = `Bruk:{{if .Runnable}}
  {{nbUsage .UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [kommando]{{end}}{{if gt (len .Aliases) 0}}

Andre navn:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Eksempler:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Kommandoer:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flagg:
{{.LocalFlags.FlagUsages | nbUsage | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Felles flagg:
{{.InheritedFlags.FlagUsages | nbUsage | trimTrailingWhitespaces}}{{end}}{{if .HasHelpSubCommands}}

Flere hjelpeemner:{{range .Commands}}{{if .IsAdditionalHelpTopicCommand}}
  {{rpad .CommandPath .CommandPathPadding}} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableSubCommands}}

Skriv «{{.CommandPath}} [kommando] --help» for mer om en kommando.{{end}}
`

// nbUsage says the words cobra and pflag add to a usage line or flag
// list in Norwegian: "[flags]" and "(default …)".
var nbUsage = strings.NewReplacer(" [flags]", " [flagg]", " (default ", " (standard ").Replace

func init() { cobra.AddTemplateFunc("nbUsage", nbUsage) }

// The English texts are kept in each command's and flag's annotations, so
// the help can be put back in English (the man pages are made in English
// whatever the language).
const (
	annShortEN = "altinn-onboard/short-en"
	annLongEN  = "altinn-onboard/long-en"
	annUsageEN = "altinn-onboard/usage-en"
)

// localizeHelp puts the commands' help in lang: Norwegian from the tables
// above, English as written where each command is made. Call it once the
// tree is complete (the completion and help commands added).
func localizeHelp(root *cobra.Command, f *Factory, lang string) {
	nb := lang != "en"
	var cmds map[string]helpText
	if nb {
		cmds = commandHelpNB(f)
		root.SetUsageTemplate(usageTemplateNB)
	} else {
		root.SetUsageTemplate("")
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		path := commandKey(c)
		if c.Annotations == nil {
			c.Annotations = map[string]string{}
		}
		if _, saved := c.Annotations[annShortEN]; !saved {
			c.Annotations[annShortEN], c.Annotations[annLongEN] = c.Short, c.Long
		}
		c.Short, c.Long = c.Annotations[annShortEN], c.Annotations[annLongEN]
		if h, ok := cmds[path]; ok && nb {
			c.Short, c.Long = h.short, h.long
		}
		localizeFlags(c, path, nb)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// localizeFlags says the usage of c's own flags (those it defines, its
// persistent ones included) in Norwegian when nb is set.
func localizeFlags(c *cobra.Command, path string, nb bool) {
	set := func(fl *pflag.Flag) {
		if fl.Annotations == nil {
			fl.Annotations = map[string][]string{}
		}
		if _, saved := fl.Annotations[annUsageEN]; !saved {
			fl.Annotations[annUsageEN] = []string{fl.Usage}
		}
		fl.Usage = fl.Annotations[annUsageEN][0]
		if !nb {
			return
		}
		if fl.Name == "help" {
			fl.Usage = "hjelp for " + c.Name()
			return
		}
		if u, ok := flagHelpNB[strings.TrimSpace(path+" --"+fl.Name)]; ok {
			fl.Usage = u
		} else if u, ok := flagHelpNB["--"+fl.Name]; ok {
			fl.Usage = u
		}
	}
	c.Flags().VisitAll(func(fl *pflag.Flag) {
		// Inherited flags are said by the command that defines them.
		if c.InheritedFlags().Lookup(fl.Name) == nil {
			set(fl)
		}
	})
	c.PersistentFlags().VisitAll(set)
}

// knownSecretsHelpIn is knownSecretsHelp in lang.
func knownSecretsHelpIn(tracks ui.Tracks, lang string) string {
	var b strings.Builder
	for _, sec := range knownSecrets(tracks) {
		fmt.Fprintf(&b, "  %-26s %s\n", sec.Name, describe(sec, lang))
	}
	return b.String()
}

// commandKey is c's path without the program's name.
func commandKey(c *cobra.Command) string {
	p := c.CommandPath()
	if i := strings.IndexByte(p, ' '); i >= 0 {
		return p[i+1:]
	}
	return ""
}
