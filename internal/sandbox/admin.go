package sandbox

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strings"
)

// The sandbox's own page and API: register Maskinporten clients (the
// real ones are made in Digdir's self-service portal), see what the
// sandbox holds, decide requests as the customer, and extend the
// catalogue. Under /sandbox/, a path no real service uses.

func (s *Sandbox) adminRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /sandbox/{$}", s.handleAdminPage)
	m.HandleFunc("POST /sandbox/clients", s.handleAdminClientForm)
	m.HandleFunc("POST /sandbox/systemusers/delete", s.handleAdminDeleteSystemUserForm)

	m.HandleFunc("GET /sandbox/api/clients", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Clients())
	})
	m.HandleFunc("POST /sandbox/api/clients", s.jsonAPI(s.apiRegisterClient))
	m.HandleFunc("POST /sandbox/api/decisions", s.jsonAPI(s.apiDecide))
	m.HandleFunc("DELETE /sandbox/api/systemusers/{id}", func(w http.ResponseWriter, r *http.Request) {
		if err := s.DeleteSystemUser(r.PathValue("id")); err != nil {
			writeJSON(w, http.StatusNotFound, apiError{"id", err.Error()})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	m.HandleFunc("POST /sandbox/api/resources", s.jsonAPI(s.apiAddResource))
	m.HandleFunc("POST /sandbox/api/accesspackages", s.jsonAPI(s.apiAddPackage))
}

// apiError is the sandbox API's error body.
type apiError struct {
	Field string `json:"field,omitempty"`
	Error string `json:"error"`
}

// jsonAPI takes only JSON bodies: a form on another site cannot send
// one, so a web page cannot drive the sandbox behind the user's back.
func (s *Sandbox) jsonAPI(h func(w http.ResponseWriter, body []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if ct != "application/json" {
			writeJSON(w, http.StatusUnsupportedMediaType, apiError{Error: "send a JSON body with Content-Type: application/json"})
			return
		}
		var body json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeJSON(w, http.StatusBadRequest, apiError{Error: "the body is not JSON: " + err.Error()})
			return
		}
		h(w, body)
	}
}

func (s *Sandbox) apiRegisterClient(w http.ResponseWriter, body []byte) {
	var reg ClientRegistration
	if err := json.Unmarshal(body, &reg); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Error: err.Error()})
		return
	}
	c, err := s.RegisterClient(reg)
	var fe *FieldError
	switch {
	case errors.As(err, &fe):
		writeJSON(w, http.StatusBadRequest, apiError{fe.Field, fe.EN})
	case err != nil:
		writeJSON(w, http.StatusInternalServerError, apiError{Error: err.Error()})
	default:
		writeJSON(w, http.StatusCreated, c)
	}
}

// decision is a decision posted to the API.
type decision struct {
	Kind   string `json:"kind"` // "request" (default), "agentrequest", "changerequest"
	ID     string `json:"id"`
	Action string `json:"action"`
}

func (s *Sandbox) apiDecide(w http.ResponseWriter, body []byte) {
	var d decision
	if err := json.Unmarshal(body, &d); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Error: err.Error()})
		return
	}
	if d.Kind == "" {
		d.Kind = kindRequest
	}
	redirect, err := s.Decide(d.Kind, strings.ToLower(d.ID), d.Action)
	switch {
	case errors.Is(err, errNotFound):
		writeJSON(w, http.StatusNotFound, apiError{"id", err.Error()})
	case errors.Is(err, errNotNew):
		writeJSON(w, http.StatusConflict, apiError{"id", err.Error()})
	case errors.Is(err, errAction):
		writeJSON(w, http.StatusBadRequest, apiError{"action", "action must be approve, reject, escalate, deny, expire or remove"})
	case err != nil:
		writeJSON(w, http.StatusInternalServerError, apiError{Error: err.Error()})
	default:
		writeJSON(w, http.StatusOK, map[string]string{"redirect": redirect})
	}
}

func (s *Sandbox) apiAddResource(w http.ResponseWriter, body []byte) {
	var res Resource
	if err := json.Unmarshal(body, &res); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Error: err.Error()})
		return
	}
	if res.Type == "" {
		res.Type = "Default"
	}
	parsed, err := ParseResource(res.ID + "=" + res.Type)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{"id", err.Error()})
		return
	}
	s.addToCatalogue(w, func() { s.st.Resources[parsed.ID] = parsed }, parsed)
}

func (s *Sandbox) apiAddPackage(w http.ResponseWriter, body []byte) {
	var p AccessPackage
	if err := json.Unmarshal(body, &p); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Error: err.Error()})
		return
	}
	if _, err := ParseAccessPackage(p.URN); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{"urn", err.Error()})
		return
	}
	s.addToCatalogue(w, func() { s.st.Packages[p.URN] = p }, p)
}

func (s *Sandbox) addToCatalogue(w http.ResponseWriter, add func(), v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	add()
	if s.changed() != nil {
		writeJSON(w, http.StatusInternalServerError, apiError{Error: errSave.Error()})
		return
	}
	writeJSON(w, http.StatusCreated, v)
}

// DeleteSystemUser deletes a system user, as the customer can in the
// portal (§1 C12: the vendor cannot): its tokens then fail with MP-303.
func (s *Sandbox) DeleteSystemUser(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	su := s.st.SystemUsers[strings.ToLower(id)]
	if su == nil || su.Deleted {
		return errNotFound
	}
	su.Deleted = true
	if s.changed() != nil {
		return errSave
	}
	return nil
}

func (s *Sandbox) handleAdminDeleteSystemUserForm(w http.ResponseWriter, r *http.Request) {
	if r.ParseForm() != nil || r.PostForm.Get("key") != s.formKey {
		s.writePage(w, http.StatusForbidden, s.t("Skjemaet er utløpt", "The form has expired"),
			s.t("Last siden på nytt og prøv igjen.", "Reload the page and try again."), "/sandbox/")
		return
	}
	if err := s.DeleteSystemUser(r.PostForm.Get("id")); err != nil {
		s.writePage(w, http.StatusNotFound, s.t("Fant ikke systembrukeren", "System user not found"), err.Error(), "/sandbox/")
		return
	}
	http.Redirect(w, r, "/sandbox/#systemusers", http.StatusSeeOther)
}

// handleAdminClientForm registers a client from the page's form. A
// mistake shows the page again with everything typed kept and the
// message next to the field.
func (s *Sandbox) handleAdminClientForm(w http.ResponseWriter, r *http.Request) {
	if r.ParseForm() != nil || r.PostForm.Get("key") != s.formKey {
		s.writePage(w, http.StatusForbidden, s.t("Skjemaet er utløpt", "The form has expired"),
			s.t("Last siden på nytt og prøv igjen.", "Reload the page and try again."), "/sandbox/")
		return
	}
	form := clientForm{
		ClientID: r.PostForm.Get("client_id"), Name: r.PostForm.Get("client_name"),
		OrgNo: r.PostForm.Get("org_no"), Scopes: r.PostForm.Get("scopes"), Key: r.PostForm.Get("public_key"),
	}
	keyJSON, _ := json.Marshal(form.Key)
	c, err := s.RegisterClient(ClientRegistration{
		ClientID: form.ClientID, Name: form.Name, OrgNo: form.OrgNo,
		Scopes: strings.Fields(form.Scopes), Key: keyJSON,
	})
	if err != nil {
		var fe *FieldError
		if !errors.As(err, &fe) {
			fe = &FieldError{"", err.Error(), err.Error()}
		}
		form.Field, form.Error = fe.Field, fe.Text(s.opts.Lang)
		s.renderAdmin(w, http.StatusBadRequest, &form, "")
		return
	}
	http.Redirect(w, r, "/sandbox/?registered="+c.ID+"#clients", http.StatusSeeOther)
}

func (s *Sandbox) handleAdminPage(w http.ResponseWriter, r *http.Request) {
	s.renderAdmin(w, http.StatusOK, &clientForm{Scopes: strings.Join(DefaultScopes, "\n")}, r.URL.Query().Get("registered"))
}
