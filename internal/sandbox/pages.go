package sandbox

import (
	"bytes"
	"html/template"
	"net/http"
	"sync"
)

// The sandbox's HTML: plain pages with forms, no JavaScript.

// approvalView is what the approval page shows.
type approvalView struct {
	Kind, ID, Key, Lang  string
	SystemID, SystemName string
	Title                string // the request's integration title
	Vendor, Customer     string
	ExternalRef          string
	Status               string
	New, Escalated       bool
	Rights, Packages     []string
	Unwanted             []string // a change request's removals
}

// texts are the pages' words in both languages.
type texts map[string]string

var pageTexts = map[string]texts{
	"nb": {
		"banner":     "Altinn-sandkasse på din egen maskin. Dette er ikke Altinn, og ingenting her gjelder ekte virksomheter.",
		"head":       "Forespørsel om systemtilgang",
		"headChange": "Forespørsel om endret systemtilgang",
		"intro":      "Leverandøren med organisasjonsnummer %s ber virksomheten %s om å gi systemet tilgang.",
		"system":     "System", "vendor": "Leverandør", "customer": "Virksomhet", "ref": "Ekstern referanse",
		"status": "Status", "rights": "Rettigheter", "packages": "Tilgangspakker", "remove": "Fjernes",
		"none": "Ingen", "escalated": "Sendt videre til tilgangsstyrer",
		"approve": "Godkjenn", "reject": "Ikke godkjenn", "escalate": "Send videre til tilgangsstyrer",
		"sandbox":      "Bare i sandkassen",
		"sandboxIntro": "Disse knappene finnes ikke i Altinn. De lar deg prøve de andre utfallene.",
		"deny":         "Sett status Denied", "expire": "La forespørselen gå ut på tid", "removeReq": "Fjern forespørselen",
		"answered": "Forespørselen er besvart.",
	},
	"en": {
		"banner":     "Altinn sandbox on your own machine. This is not Altinn, and nothing here concerns real organisations.",
		"head":       "Request for system access",
		"headChange": "Request to change system access",
		"intro":      "The vendor with organisation number %s asks the organisation %s to give the system access.",
		"system":     "System", "vendor": "Vendor", "customer": "Organisation", "ref": "External reference",
		"status": "Status", "rights": "Rights", "packages": "Access packages", "remove": "To be removed",
		"none": "None", "escalated": "Sent on to an access manager",
		"approve": "Approve", "reject": "Do not approve", "escalate": "Send on to an access manager",
		"sandbox":      "Sandbox only",
		"sandboxIntro": "These buttons do not exist in Altinn. They let you try the other outcomes.",
		"deny":         "Set status Denied", "expire": "Let the request time out", "removeReq": "Remove the request",
		"answered": "The request has been answered.",
	},
}

const pageStyle = `body{font-family:system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1a1a1a}
.banner{background:#fff4d6;border:1px solid #e0b000;padding:.5rem 1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}
button{font-size:1rem;padding:.5rem 1rem;margin:.25rem .5rem .25rem 0}
.sandbox{border-top:2px dashed #999;margin-top:2rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
.error{color:#b00020;font-weight:600}label{display:block;margin-top:.75rem;font-weight:600}
textarea,input[type=text]{width:100%;font-family:monospace}`

var approvalTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("approval").Parse(`<!doctype html>
<html lang="{{.V.Lang}}"><head><meta charset="utf-8"><title>{{index .T "head"}}</title><style>` + pageStyle + `</style></head>
<body>
<p class="banner">{{index .T "banner"}}</p>
<h1>{{if eq .V.Kind "changerequest"}}{{index .T "headChange"}}{{else}}{{index .T "head"}}{{end}}: {{.V.SystemName}}</h1>
<p>{{printf (index .T "intro") .V.Vendor .V.Customer}}</p>
<dl>
<dt>{{index .T "system"}}</dt><dd id="system">{{.V.SystemName}} ({{.V.SystemID}}){{if .V.Title}}, «{{.V.Title}}»{{end}}</dd>
<dt>{{index .T "vendor"}}</dt><dd id="vendor">{{.V.Vendor}}</dd>
<dt>{{index .T "customer"}}</dt><dd id="customer">{{.V.Customer}}</dd>
<dt>{{index .T "ref"}}</dt><dd id="external-ref">{{.V.ExternalRef}}</dd>
<dt>{{index .T "status"}}</dt><dd id="status">{{.V.Status}}{{if .V.Escalated}} ({{index .T "escalated"}}){{end}}</dd>
</dl>
<h2>{{index .T "rights"}}</h2>
<ul id="rights">{{range .V.Rights}}<li>{{.}}</li>{{else}}<li>{{index $.T "none"}}</li>{{end}}</ul>
<h2>{{index .T "packages"}}</h2>
<ul id="packages">{{range .V.Packages}}<li>{{.}}</li>{{else}}<li>{{index $.T "none"}}</li>{{end}}</ul>
{{if .V.Unwanted}}<h2>{{index .T "remove"}}</h2><ul id="unwanted">{{range .V.Unwanted}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .V.New}}
<form method="post" action="/accessmanagement/ui/systemuser/decision" id="decision">
<input type="hidden" name="kind" value="{{.V.Kind}}"><input type="hidden" name="id" value="{{.V.ID}}"><input type="hidden" name="key" value="{{.V.Key}}">
<button type="submit" name="action" value="approve" id="approve">{{index .T "approve"}}</button>
<button type="submit" name="action" value="reject" id="reject">{{index .T "reject"}}</button>
{{if ne .V.Kind "changerequest"}}<button type="submit" name="action" value="escalate" id="escalate">{{index .T "escalate"}}</button>{{end}}
</form>
{{else}}<p id="answered">{{index .T "answered"}}</p>{{end}}
<section class="sandbox">
<h2>{{index .T "sandbox"}}</h2>
<p>{{index .T "sandboxIntro"}}</p>
<form method="post" action="/accessmanagement/ui/systemuser/decision" id="sandbox-controls">
<input type="hidden" name="kind" value="{{.V.Kind}}"><input type="hidden" name="id" value="{{.V.ID}}"><input type="hidden" name="key" value="{{.V.Key}}">
{{if .V.New}}<button type="submit" name="action" value="deny" id="deny">{{index .T "deny"}}</button>
<button type="submit" name="action" value="expire" id="expire">{{index .T "expire"}}</button>{{end}}
<button type="submit" name="action" value="remove" id="remove">{{index .T "removeReq"}}</button>
</form>
</section>
</body></html>
`))
})

// renderApproval writes the approval page.
func (s *Sandbox) renderApproval(w http.ResponseWriter, v *approvalView) {
	s.render(w, http.StatusOK, approvalTemplate(), map[string]any{"V": v, "T": pageTexts[s.opts.Lang]})
}

var messageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("message").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title><style>` + pageStyle + `</style></head>
<body><p class="banner">{{.Banner}}</p><h1 id="message-title">{{.Title}}</h1><p id="message">{{.Text}}</p>
{{if .Back}}<p><a href="{{.Back}}" id="back">{{.BackText}}</a></p>{{end}}</body></html>
`))
})

// writePage writes a page with a message, and a link back when back is
// not "".
func (s *Sandbox) writePage(w http.ResponseWriter, status int, title, text, back string) {
	s.render(w, status, messageTemplate(), map[string]any{
		"Lang": s.opts.Lang, "Banner": pageTexts[s.opts.Lang]["banner"], "Title": title, "Text": text,
		"Back": back, "BackText": s.t("Tilbake", "Back"),
	})
}

// render executes a template into a buffer first, so a failure is a
// clean 500 and not half a page.
func (s *Sandbox) render(w http.ResponseWriter, status int, t *template.Template, data any) {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		writeText(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// The pages are plain HTML: no scripts, no framing by other sites.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action *; frame-ancestors 'none'")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}
