package altinn3

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// Each error body of altinn3-api.md §3.2, as the services send them.
func TestAltinnErrorBodies(t *testing.T) {
	c := testClient(&fakeSleep{})
	for _, tc := range []struct {
		name     string
		status   int
		body     string
		kind     Kind
		code     string
		problems []string // codes of the problems
		title    string   // part of Title
		nb, en   string   // part of the advice in each language
	}{
		{"validation problem", 400, `{"type":"urn:altinn:error:STD-00000","title":"One or more validation errors occurred.","status":400,"code":"STD-00000","traceId":"00-abc-def-00","statusDescription":"Bad Request","validationErrors":[{"code":"AUTH.VLD-00002","title":"The system id already exists","paths":["/registersystemrequest/systemid"]},{"code":"AUTH.VLD-00017","title":"One or more resources specified in rights is of resource type which is not delegable.","paths":["/registersystemrequest/rights/resource"],"ResourceIds Not Delegable : ":"ttd-am-k6"}]}`,
			KindValidation, "STD-00000", []string{"AUTH.VLD-00002", "AUTH.VLD-00017"}, "validation errors", "ID-er brukes aldri om igjen", "IDs are never reused"},
		{"problem", 404, `{"type":"urn:altinn:error:AUTH-00011","title":"The Id does not refer to a Registered System.","status":404,"code":"AUTH-00011","traceId":"00-1-2-00","statusDescription":"Not Found"}`,
			KindNotFound, "AUTH-00011", nil, "Registered System", "registrer systemet først", "register the system first"},
		{"problem with extension", 400, `{"type":"urn:altinn:error:AUTH-00063","title":"One or more accesspackage is not found in the referenced system in the System Register.","status":400,"code":"AUTH-00063","NotFoundPackages":"urn:altinn:accesspackage:x"}`,
			KindValidation, "AUTH-00063", nil, "accesspackage", "oppdater systemet først", "update the system first"},
		{"AUTH-00023 on 401", 401, `{"type":"urn:altinn:error:AUTH-00023","title":"Can't resolve the Organisation Number for the Vendor from the Token.","status":401,"code":"AUTH-00023"}`,
			KindUnauthorized, "AUTH-00023", nil, "Vendor", "consumer", "consumer"},
		{"RFC 9110 validation problem", 400, `{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"errors":{"return":["System not found"]},"traceId":"00-x-y-00"}`,
			KindValidation, "", []string{""}, "validation errors", "", ""},
		{"plain text 404", 404, `System with ID '123456785_x' not found.`, KindNotFound, "", nil, "not found", "riktig miljø", "right environment"},
		{"plain text 409", 409, `The System already exist: 123456785_x`, KindConflict, "", nil, "already exist", "Det finnes allerede", "It exists already"},
		{"plain text deleted", 400, `Cannot update a system marked as deleted.`, KindValidation, "", nil, "marked as deleted", "", ""},
		{"empty 401", 401, ``, KindUnauthorized, "", nil, "", "Tokenet ble ikke godtatt", "The token was not accepted"},
		{"empty 403", 403, ``, KindForbidden, "", nil, "", ScopeSystemRegisterWrite, ScopeSystemRegisterWrite},
		{"empty 404", 404, ``, KindNotFound, "", nil, "", "kjenner ikke", "does not know"},
		{"410", 410, `{"type":"urn:altinn:error:x","title":"Virksomhetsbruker is no longer available","status":410}`, KindGone, "x", nil, "no longer", "lenger", "no longer"},
		{"500 text", 500, `An error occurred`, KindServer, "", nil, "An error", "Feilen er hos tjenesten", "The fault is the service's"},
		{"JSON string", 400, `"Unable to update system"`, KindValidation, "", nil, "Unable to update", "", ""},
		{"redirect", 302, ``, KindUnexpected, "", nil, "", "ALTINN_ONBOARD_", "ALTINN_ONBOARD_"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := request{op: OpRegisterSystem, method: "POST", url: "https://platform.tt02.altinn.no/authentication/api/v1/systemregister/vendor", scope: ScopeSystemRegisterWrite}
			e := c.failure(r, &response{status: tc.status, body: []byte(tc.body)})
			if e.Kind != tc.kind || e.Code != tc.code || e.Status != tc.status {
				t.Fatalf("kind %v code %q status %d", e.Kind, e.Code, e.Status)
			}
			var codes []string
			for _, p := range e.Problems {
				codes = append(codes, p.Code)
			}
			if !slices.Equal(codes, tc.problems) {
				t.Fatalf("problems %v, want %v", codes, tc.problems)
			}
			if !strings.Contains(e.Title, tc.title) {
				t.Fatalf("title %q", e.Title)
			}
			nb, en := e.Text("nb"), e.Text("en")
			if !strings.Contains(nb, tc.nb) || !strings.Contains(en, tc.en) || nb == en {
				t.Fatalf("texts:\nnb: %s\nen: %s", nb, en)
			}
			if !strings.HasPrefix(nb, "Klarte ikke å registrere systemet") || !strings.HasPrefix(en, "Failed registering the system") {
				t.Fatalf("texts do not say what failed:\n%s\n%s", nb, en)
			}
			if rec := e.Remote(); rec.Status != tc.status || rec.Code != tc.code {
				t.Fatalf("Remote %+v", rec)
			}
		})
	}
}

// The extension members of a validation error reach the message (which
// resource was not delegable).
func TestValidationExtensionIsShown(t *testing.T) {
	e := testClient(&fakeSleep{}).failure(request{op: OpRegisterSystem}, &response{status: 400,
		body: []byte(`{"code":"STD-00000","validationErrors":[{"code":"AUTH.VLD-00003","title":"t","paths":["/p"],"ResourceIds Not Found : ":"ske-ukjent"}]}`)})
	if p := e.Problems[0]; p.Detail != "ResourceIds Not Found: ske-ukjent" || !strings.Contains(e.Text("en"), "ske-ukjent") {
		t.Fatalf("detail %q\n%s", p.Detail, e.Text("en"))
	}
}

// Service text is shown on one line, without control characters.
func TestServiceTextIsNeutralised(t *testing.T) {
	e := testClient(&fakeSleep{}).failure(request{op: OpReadSystem}, &response{status: 500, body: []byte("boom\x1b]0;owned\x07\nline2\u202e")})
	if txt := e.Text("en"); strings.ContainsAny(txt, "\x1b\x07\u202e") || !strings.Contains(txt, "boom ]0;owned line2") {
		t.Fatalf("%q", txt)
	}
}

// Every Maskinporten error of altinn3-api.md §8.4, as its error body.
func TestMaskinportenErrors(t *testing.T) {
	for _, tc := range []struct {
		body   string
		want   MPCase
		nb, en string
	}{
		{`{"error":"invalid_grant","error_description":"Invalid assertion. Client authentication failed. (MP-100)"}`, MPClientAuth, "klient-ID-en", "client ID"},
		{`{"error":"invalid_grant","error_description":"Invalid assertion. Client authentication failed. Invalid JWT claim aud (MP-110)"}`, MPAudience, "aud", "aud"},
		{`{"error":"invalid_grant","error_description":"Invalid assertion. Client authentication failed. The JWT is signed with an invalid certificate. (MP-120)"}`, MPCertificate, "Virksomhetssertifikatet", "enterprise certificate"},
		{`{"error":"invalid_grant","error_description":"Invalid assertion. Client authentication failed. Expired key (MP-121)"}`, MPKeyExpired, "utløpt", "expired"},
		{`{"error":"invalid_request","error_description":"Invalid assertion. Invalid parameter value"}`, MPInvalidRequest, "felt Maskinporten ikke kjenner", "claim Maskinporten does not know"},
		{`{"error":"invalid_scope","error_description":"Token request contains invalid scopes for client"}`, MPInvalidScope, "selvbetjeningsportalen", "self-service portal"},
		{`{"error":"invalid_scope","error_description":"Token request contains scopes with integration types only allowed for user login"}`, MPScopeLoginOnly, "innlogging", "user login"},
		{`{"error":"invalid_grant","error_description":"Validation of JWT Bearer grant failed: Grant is used before"}`, MPJTIReused, "jti", "jti"},
		{`{"error":"invalid_client","error_description":"Authentication of client by JWT failed: Client not found"}`, MPUnknownClient, "samme miljø", "same environment"},
		{`{"error":"invalid_grant","error_description":"Authentication of client by JWT failed: JWT is expired"}`, MPExpired, "klokke", "clock"},
		{`{"error":"invalid_grant","error_description":"Validation of JWT failed: Failed to extract certificate from jwt"}`, MPCertificate, "x5c", "x5c"},
		{`{"error":"invalid_grant","error_description":"Validation of JWT failed: Could not validate JWT Signature"}`, MPSignature, "kid", "kid"},
		{`{"error":"invalid_altinn_customer_configuration","error_description":"System user not found (MP-303)","error_uri":"https://docs.altinn.studio/x"}`, MPCustomerConfig, "eksterne referansen", "external reference"},
		// The error value of MP-303 is uncertain (§13.4): the description alone is enough.
		{`{"error":"invalid_grant","error_description":"MP-303: no system user"}`, MPCustomerConfig, "systemuser_org", "systemuser_org"},
		{`{"error":"server_error","error_description":"something else"}`, MPOther, "selvbetjeningsportalen", "self-service portal"},
	} {
		t.Run(string(tc.want)+" "+tc.body[10:30], func(t *testing.T) {
			c := testClient(&fakeSleep{})
			e := c.tokenFailure(request{op: OpToken, method: "POST", url: "https://test.maskinporten.no/token"},
				&response{status: 400, header: http.Header{}, body: []byte(tc.body)}, testNow)
			if e.Kind != KindMaskinporten || e.MP != tc.want {
				t.Fatalf("kind %v case %q", e.Kind, e.MP)
			}
			nb, en := e.Text("nb"), e.Text("en")
			if !strings.Contains(nb, tc.nb) || !strings.Contains(en, tc.en) {
				t.Fatalf("advice:\nnb: %s\nen: %s", nb, en)
			}
			if !strings.Contains(en, "Failed getting a token from Maskinporten (HTTP 400, ") {
				t.Fatalf("en: %s", en)
			}
		})
	}
}

// A grant refused while the clock is off says by how much.
func TestClockSkewFromDateHeader(t *testing.T) {
	c := testClient(&fakeSleep{})
	h := http.Header{"Date": {testNow.Add(-95 * time.Second).Format(http.TimeFormat)}}
	e := c.tokenFailure(request{op: OpToken}, &response{status: 400, header: h,
		body: []byte(`{"error":"invalid_grant","error_description":"Invalid assertion"}`)}, testNow)
	if e.MP != MPClockSkew || e.Skew != 95*time.Second {
		t.Fatalf("case %q skew %v", e.MP, e.Skew)
	}
	if !strings.Contains(e.Text("en"), "1m35s off") || !strings.Contains(e.Text("nb"), "1m35s feil") {
		t.Fatalf("%s\n%s", e.Text("en"), e.Text("nb"))
	}
	// Within Maskinporten's ±10 s nothing is said of the clock.
	h = http.Header{"Date": {testNow.Add(-5 * time.Second).Format(http.TimeFormat)}}
	e = c.tokenFailure(request{op: OpToken}, &response{status: 400, header: h,
		body: []byte(`{"error":"invalid_grant","error_description":"Invalid assertion"}`)}, testNow)
	if e.Skew != 0 || e.MP == MPClockSkew {
		t.Fatalf("case %q skew %v", e.MP, e.Skew)
	}
}

// The token endpoint over real HTTP: the form it gets, and what it
// answers read back; the token never shows in String or JSON.
func TestRequestTokenOverHTTP(t *testing.T) {
	var form map[string][]string
	var ctype string
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		ctype = r.Header.Get("Content-Type")
		r.ParseForm()
		form = r.PostForm
		answer(200, `{"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJjbGllbnRfaWQiOiJjIiwiY29uc3VtZXIiOnsiYXV0aG9yaXR5IjoiaXNvNjUyMy1hY3RvcmlkLXVwaXMiLCJJRCI6IjAxOTI6MTIzNDU2Nzg1In0sImF1dGhvcml6YXRpb25fZGV0YWlscyI6W3sidHlwZSI6InVybjphbHRpbm46c3lzdGVtdXNlciIsInN5c3RlbXVzZXJfb3JnIjp7ImF1dGhvcml0eSI6ImlzbzY1MjMtYWN0b3JpZC11cGlzIiwiaWQiOiIwMTkyOjk4NzY1NDMyNSJ9LCJzeXN0ZW11c2VyX2lkIjpbInUxIl0sInN5c3RlbV9pZCI6IjEyMzQ1Njc4NV94In1dfQ.c2ln","token_type":"Bearer","expires_in":120,"scope":"a b"}`)(w, r)
	})
	tok, err := testClient(&fakeSleep{}).RequestToken(context.Background(), srv.URL, "the-grant")
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "application/x-www-form-urlencoded" || form["grant_type"][0] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || form["assertion"][0] != "the-grant" {
		t.Fatalf("form %v (%s)", form, ctype)
	}
	if !slices.Equal(tok.Scopes, []string{"a", "b"}) || tok.ExpiresIn != 120 || !tok.ExpiresAt.Equal(testNow.Add(120*time.Second)) {
		t.Fatalf("token %+v", tok)
	}
	// systemuser_org is written with a lowercase "id" here (§13.5).
	cl := tok.Claims
	if cl.ClientID != "c" || cl.Consumer != "0192:123456785" || cl.SystemUserOrg != "0192:987654325" || cl.SystemID != "123456785_x" || !slices.Equal(cl.SystemUserIDs, []string{"u1"}) {
		t.Fatalf("claims %+v", cl)
	}
	if tok.String() != "[token]" || strings.Contains(mustJSON(t, tok), "eyJ") {
		t.Fatal("the token shows")
	}
	if !tok.Valid(testNow) || tok.Valid(testNow.Add(115*time.Second)) {
		t.Fatal("Valid")
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
