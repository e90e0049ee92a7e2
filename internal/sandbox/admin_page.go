package sandbox

import (
	"html/template"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// clientForm is the page's registration form: what was typed, and the
// problem with it.
type clientForm struct {
	ClientID, Name, OrgNo, Scopes, Key string
	Field, Error                       string
}

// adminRequest is a row of the page's request table.
type adminRequest struct {
	ID, Kind, SystemID, Customer, ExternalRef, Status, URL string
}

var adminTexts = map[string]texts{
	"nb": {
		"title": "Altinn-sandkasse", "env": "Miljøvariabler", "envIntro": "Pek altinn-onboard (eller ditt eget system) hit med:",
		"clients": "Maskinporten-klienter", "clientsIntro": "I Altinn lager du klienten i Digdirs selvbetjeningsportal. Her registrerer du den i sandkassen: den offentlige nøkkelen, organisasjonen og scopene.",
		"clientID": "client_id (tom: en ny UUID)", "name": "Navn (valgfritt)", "org": "Organisasjonsnummer", "scopes": "Scopes (ett per linje)",
		"key": "Offentlig nøkkel: JWK, JWKS eller PEM (offentlig nøkkel eller sertifikat)", "register": "Registrer klienten",
		"registered": "Klienten er registrert. client_id:", "noClients": "Ingen klienter ennå.", "kids": "Nøkler (kid)",
		"systems": "Systemer i systemregisteret", "noSystems": "Ingen systemer ennå.", "deleted": "slettet",
		"requests": "Forespørsler", "noRequests": "Ingen forespørsler ennå.", "kind": "Type", "customer": "Kunde",
		"ref": "Ekstern referanse", "status": "Status", "open": "Åpne siden kunden ser",
		"systemusers": "Systembrukere", "noSystemUsers": "Ingen systembrukere ennå.", "delete": "Slett (som kunden)",
		"catalogue": "Ressurser og tilgangspakker sandkassen kjenner", "resources": "Ressurser", "packages": "Tilgangspakker",
		"assignable": "standard", "delegable": "agent",
	},
	"en": {
		"title": "Altinn sandbox", "env": "Environment variables", "envIntro": "Point altinn-onboard (or your own system) here with:",
		"clients": "Maskinporten clients", "clientsIntro": "In Altinn you make the client in Digdir's self-service portal. Here you register it in the sandbox: the public key, the organisation and the scopes.",
		"clientID": "client_id (empty: a new UUID)", "name": "Name (optional)", "org": "Organisation number", "scopes": "Scopes (one per line)",
		"key": "Public key: JWK, JWKS or PEM (public key or certificate)", "register": "Register the client",
		"registered": "The client is registered. client_id:", "noClients": "No clients yet.", "kids": "Keys (kid)",
		"systems": "Systems in the system register", "noSystems": "No systems yet.", "deleted": "deleted",
		"requests": "Requests", "noRequests": "No requests yet.", "kind": "Kind", "customer": "Customer",
		"ref": "External reference", "status": "Status", "open": "Open the customer's page",
		"systemusers": "System users", "noSystemUsers": "No system users yet.", "delete": "Delete (as the customer)",
		"catalogue": "Resources and access packages the sandbox knows", "resources": "Resources", "packages": "Access packages",
		"assignable": "standard", "delegable": "agent",
	},
}

var adminTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("admin").Funcs(template.FuncMap{
		"join": strings.Join,
		"kids": func(c Client) string {
			var ids []string
			for _, k := range c.Keys.Keys {
				ids = append(ids, k.KeyID)
			}
			return strings.Join(ids, ", ")
		},
	}).Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{index .T "title"}}</title><style>` + pageStyle + `</style></head>
<body>
<p class="banner">{{index .P "banner"}}</p>
<h1>{{index .T "title"}}</h1>
<h2 id="env">{{index .T "env"}}</h2><p>{{index .T "envIntro"}}</p>
<pre id="env-lines">{{range .Env}}export {{.}}
{{end}}</pre>
<h2 id="clients">{{index .T "clients"}}</h2><p>{{index .T "clientsIntro"}}</p>
{{if .Registered}}<p id="registered"><strong>{{index .T "registered"}} <code>{{.Registered}}</code></strong></p>{{end}}
{{if .Clients}}<table id="client-table"><tr><th>client_id</th><th>{{index .T "org"}}</th><th>Scopes</th><th>{{index .T "kids"}}</th></tr>
{{range .Clients}}<tr><td><code>{{.ID}}</code>{{if .Name}}<br>{{.Name}}{{end}}</td><td>{{.OrgNo}}</td><td>{{join .Scopes " "}}</td><td>{{kids .}}</td></tr>{{end}}
</table>{{else}}<p>{{index .T "noClients"}}</p>{{end}}
<form method="post" action="/sandbox/clients" id="client-form">
<input type="hidden" name="key" value="{{.Key}}">
{{if .Form.Error}}<p class="error" id="form-error" data-field="{{.Form.Field}}">{{.Form.Error}}</p>{{end}}
<label for="org_no">{{index .T "org"}}</label><input type="text" id="org_no" name="org_no" value="{{.Form.OrgNo}}" inputmode="numeric">
{{if eq .Form.Field "org_no"}}<p class="error">{{.Form.Error}}</p>{{end}}
<label for="public_key">{{index .T "key"}}</label><textarea id="public_key" name="public_key" rows="8">{{.Form.Key}}</textarea>
{{if eq .Form.Field "key"}}<p class="error">{{.Form.Error}}</p>{{end}}
<label for="scopes">{{index .T "scopes"}}</label><textarea id="scopes" name="scopes" rows="4">{{.Form.Scopes}}</textarea>
<label for="client_id">{{index .T "clientID"}}</label><input type="text" id="client_id" name="client_id" value="{{.Form.ClientID}}">
{{if eq .Form.Field "client_id"}}<p class="error">{{.Form.Error}}</p>{{end}}
<label for="client_name">{{index .T "name"}}</label><input type="text" id="client_name" name="client_name" value="{{.Form.Name}}">
<p><button type="submit" id="register">{{index .T "register"}}</button></p>
</form>
<h2 id="systems">{{index .T "systems"}}</h2>
{{if .Systems}}<ul id="system-list">{{range .Systems}}<li><code>{{.ID}}</code> ({{.VendorID}}){{if .Deleted}}, {{index $.T "deleted"}}{{end}}: client_id {{join .ClientID ", "}}</li>{{end}}</ul>
{{else}}<p>{{index .T "noSystems"}}</p>{{end}}
<h2 id="requests">{{index .T "requests"}}</h2>
{{if .Requests}}<table id="request-table"><tr><th>id</th><th>{{index .T "kind"}}</th><th>System</th><th>{{index .T "customer"}}</th><th>{{index .T "ref"}}</th><th>{{index .T "status"}}</th></tr>
{{range .Requests}}<tr><td><a href="{{.URL}}">{{.ID}}</a></td><td>{{.Kind}}</td><td>{{.SystemID}}</td><td>{{.Customer}}</td><td>{{.ExternalRef}}</td><td>{{.Status}}</td></tr>{{end}}
</table>{{else}}<p>{{index .T "noRequests"}}</p>{{end}}
<h2 id="systemusers">{{index .T "systemusers"}}</h2>
{{if .SystemUsers}}<table id="systemuser-table"><tr><th>id</th><th>System</th><th>{{index .T "customer"}}</th><th>{{index .T "ref"}}</th><th></th></tr>
{{range .SystemUsers}}<tr><td>{{.ID}}</td><td>{{.SystemID}}</td><td>{{.ReporteeOrgNo}}</td><td>{{.ExternalRef}}</td><td>
<form method="post" action="/sandbox/systemusers/delete"><input type="hidden" name="key" value="{{$.Key}}"><input type="hidden" name="id" value="{{.ID}}"><button type="submit">{{index $.T "delete"}}</button></form></td></tr>{{end}}
</table>{{else}}<p>{{index .T "noSystemUsers"}}</p>{{end}}
<h2 id="catalogue">{{index .T "catalogue"}}</h2>
<h3>{{index .T "resources"}}</h3><ul>{{range .Resources}}<li><code>{{.ID}}</code> ({{.Type}})</li>{{end}}</ul>
<h3>{{index .T "packages"}}</h3><ul>{{range .Packages}}<li><code>{{.URN}}</code>{{if .Assignable}} [{{index $.T "assignable"}}]{{end}}{{if .Delegable}} [{{index $.T "delegable"}}]{{end}}</li>{{end}}</ul>
</body></html>
`))
})

// renderAdmin writes the sandbox's page.
func (s *Sandbox) renderAdmin(w http.ResponseWriter, status int, form *clientForm, registered string) {
	data := map[string]any{
		"Lang": s.opts.Lang, "T": adminTexts[s.opts.Lang], "P": pageTexts[s.opts.Lang],
		"Env": s.Env(), "Key": s.formKey, "Form": form, "Registered": registered, "Clients": s.Clients(),
	}
	s.mu.Lock()
	s.sweep()
	var systems []system
	for _, sys := range s.sortedSystems() {
		systems = append(systems, *sys)
	}
	data["Systems"] = systems
	data["Requests"] = s.adminRequests()
	var users []systemUser
	for _, su := range s.sortedSystemUsers() {
		if !su.Deleted {
			users = append(users, *su)
		}
	}
	data["SystemUsers"] = users
	data["Resources"], data["Packages"] = s.catalogue()
	s.mu.Unlock()
	s.render(w, status, adminTemplate(), data)
}

// adminRequests are the live requests and change requests, newest
// first. The caller holds s.mu.
func (s *Sandbox) adminRequests() []adminRequest {
	type row struct {
		adminRequest
		created int64
	}
	var rows []row
	for _, q := range s.st.Requests {
		if q.Deleted {
			continue
		}
		kind := kindRequest
		if q.Agent {
			kind = kindAgentRequest
		}
		rows = append(rows, row{adminRequest{q.ID, kind, q.SystemID, q.PartyOrgNo, q.ExternalRef, q.Status, s.pageURL(kind, q.ID)}, q.Created.UnixNano()})
	}
	for _, c := range s.st.ChangeRequests {
		if !c.Deleted {
			rows = append(rows, row{adminRequest{c.ID, kindChangeRequest, c.SystemID, c.PartyOrgNo, c.ExternalRef, c.Status, s.pageURL(kindChangeRequest, c.ID)}, c.Created.UnixNano()})
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].created > rows[j].created })
	out := make([]adminRequest, len(rows))
	for i, r := range rows {
		out[i] = r.adminRequest
	}
	return out
}

// catalogue is the resources and packages, sorted. The caller holds s.mu.
func (s *Sandbox) catalogue() ([]Resource, []AccessPackage) {
	var res []Resource
	for _, r := range s.st.Resources {
		res = append(res, r)
	}
	sort.Slice(res, func(i, j int) bool { return res[i].ID < res[j].ID })
	var pkgs []AccessPackage
	for _, p := range s.st.Packages {
		pkgs = append(pkgs, p)
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].URN < pkgs[j].URN })
	return res, pkgs
}
