// Package altinn3 is the core of the Altinn 3 track: a Maskinporten
// client, the system in Altinn's system register, and a system user per
// customer. The screens (steps) and the headless commands (cli) both call
// its service layer, Onboarding; neither talks HTTP or builds a grant
// itself. Nothing here touches the terminal. The facts it follows, with
// their sources, are in shared/altinn3-api.md (§ numbers below).
//
// # How a call is made
//
// Every Onboarding method reads a Snapshot, a deep copy taken where the
// session is owned, and returns an outcome whose Apply(*session.Session)
// records the result:
//
//	snap := altinn3.SnapshotOf(sess)           // in Update, or in the command
//	out, err := o.RequestSystemUser(ctx, snap, org, false) // in a tea.Cmd, or inline
//	out.Apply(sess)                            // in Update (a ui.SessionEdit), or inline; then save
//
// Apply is meaningful also when err != nil where the outcome records what
// was sent and what came back (requests, token tests), so a failure
// mid-way is kept and a resume continues from it. Errors have
// Text(lang) in Norwegian bokmål ("nb") or English ("en"): *Error (a
// remote call: kind, HTTP status, the service's code, what to fix),
// *KeyError (keys, client, environment), *EndpointError (a bad
// ALTINN_ONBOARD_*_URL), forms.Problems (answers that are wrong or
// missing, with key paths such as "altinn3.system.rights[2]"), and the
// store's and safefile's own errors.
//
// # The service layer
//
//	o := altinn3.New(altinn3.NewClient(version), keyring, os.Getenv)
//
// Environment (session.Target, TT02 or PROD; PROD confirmed once):
//   - SetEnvironment(sess, env, confirmProd, now) error: ErrProdNotConfirmed until confirmed.
//   - o.Endpoints(snap) (Endpoints, error): the URLs in use and which
//     ALTINN_ONBOARD_MASKINPORTEN_URL / _PLATFORM_URL / _APPROVAL_URL changed them (for doctor).
//
// Maskinporten client (§8):
//   - o.GenerateKey(snap) (KeyOutcome, error): RSA-2048 with a kid; the private
//     key goes to the keyring (SecretPrivateKey); KeyOutcome has JWK, JWKS
//     and PublicPEM to show or write for upload.
//   - o.LoadP12Key(snap, path, password) (KeyOutcome, error): an enterprise
//     certificate's key, with a stable kid (the key's RFC 7638 thumbprint)
//     and JWK/JWKS that carry the chain as x5c. Grants name it by kid (the
//     JWKS uploaded) or carry x5c (a client that knows the certificate
//     only): the one that worked last, else kid, then x5c (grant_header.go).
//     A key too large for the keyring (over RSA-3072) keeps the file's
//     password there instead (SecretP12Password).
//   - o.SetClient(snap, clientID) (ClientEdit, error): the portal's client ID
//     (UUID); Apply also puts it among the system's client IDs.
//   - o.SetScopes(scopes) (ClientEdit, error): the client's own scopes (service
//     owners' APIs) beyond the vendor's three (VendorScopes).
//   - o.TestClient(ctx, snap) (TokenOutcome, error): a token for the vendor's
//     scopes and the client's; Test says what was granted, the expiry and
//     which scopes are missing (each tried alone when Maskinporten refuses one).
//   - o.CustomerToken(ctx, snap, org, scopes) (TokenOutcome, error): a
//     system-user token (authorization_details urn:altinn:systemuser, the
//     customer's 0192: org and the request's external reference); MP-303
//     is explained when it fails (Error.MP == MPCustomerConfig).
//   - Tokens stay in the Onboarding's memory for their lifetime
//     (Token.Value is the only way to the token; String and JSON hide it);
//     a token the platform refuses (401) is dropped, so the next call gets
//     a new one.
//
// The system (§4):
//   - o.BuildSystem(snap) SystemRegistration: the definition to send.
//   - o.CheckSystem(ctx, snap) SystemCheck: what the register checks, in its
//     order, with its codes (CodeAdvice explains any code); NotChecked lists
//     what needs the register's own data (or a Catalogue).
//   - o.RegisterSystem(ctx, snap, confirmUpdate) (RegisterOutcome, error):
//     creates; when the register has the system already, returns
//     NeedsConfirmation with Changes (show ChangesText and ReplaceWarning)
//     and PUTs only when called again with confirmUpdate. A POST whose
//     answer was lost, or that lost a race (AUTH.VLD-00002, 409), reads
//     the system back instead.
//   - o.DiffSystem(ctx, snap) (DiffOutcome, error): reads back and compares.
//
// Customers and system users (§5, §7):
//   - o.AddCustomer(snap, customer) (CustomerEdit, error): MOD11 org number,
//     e-mail, external reference; CheckCustomer is the same check, pure.
//   - o.RequestSystemUser(ctx, snap, org, renew) (RequestOutcome, error):
//     standard (rights) or agent (access packages); a request already sent is
//     read instead of sent again; renew deletes a rejected/expired one first;
//     a customer who has the system user already (AUTH-00004: the session
//     lost the request) gets the accepted request read back.
//     RequestOutcome.Request.ConfirmURL is the link for the customer.
//   - o.RefreshStatus(ctx, snap, org) (RequestOutcome, error): one status read;
//     404 becomes session.RequestGone; Accepted fills the system user's ID.
//   - o.WaitForDecisions(ctx, snap, orgs, until, sleep, progress): the CLI's
//     poll loop, backing off by o.Poll (DefaultPoll: 2 s doubling to 1 min).
//     The UI instead runs RefreshStatus in a tea.Cmd and schedules the next
//     with tea.Tick(o.Poll.Delay(attempt)) until Decided(status).
//   - o.ListSystemUsers(ctx, snap) (UsersOutcome, error).
//   - StatusText(status, lang) names a status.
//
// # What is uncertain
//
// Where the sources disagree (§13) the code accepts both behaviours, and
// Uncertainties holds one sentence for each (nb/en) for the screens,
// doctor and the commands to show: request expiry (Timedout or 404, both
// "gone"), token lifetime (expires_in decides), sub in the grant (not
// sent), Maskinporten's error values (matched on value or description),
// "ID"/"id" in systemuser_org (both read), the PROD approval host (the
// register's confirmUrl is always used), aud (the issuer from metadata,
// the documented one without it), a new request's creation time (0001-01-01
// taken as unknown), and the status Denied (shown as final).
//
// # Lower layers
//
// The tests of the service layer run it against internal/sandbox over
// real HTTP on 127.0.0.1 (sandbox_test.go has the fixture): every step,
// every error of the shared facts, nothing lost across a restart, the
// canary (no secret on disk) and BenchmarkServiceRehearsal.
//
// Client (one HTTP client: timeouts, no redirects, User-Agent, retries
// only for GETs and the request POST), API (each endpoint), Grant and Key
// (the JWT grant with go-jose), Endpoints. Tests and the sandbox may use
// them directly.
package altinn3
