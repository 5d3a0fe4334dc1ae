package google

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
)

// scopeOf reads the scope claim of a JWT-bearer assertion.
func scopeOf(t *testing.T, assertion string) string {
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 {
		t.Errorf("assertion %q is no JWT", assertion)
		return ""
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		payload, _ = base64.URLEncoding.DecodeString(parts[1])
	}
	var claims struct {
		Scope string `json:"scope"`
	}
	_ = json.Unmarshal(payload, &claims)
	return claims.Scope
}

// TestEachServiceAsksForItsOwnScope: every service's calls carry a
// token of that service's scope alone, minted on its first call, so a
// scope the Admin console has not granted (here the audit log's) fails
// only its own calls.
func TestEachServiceAsksForItsOwnScope(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		scope := scopeOf(t, r.PostForm.Get("assertion"))
		mu.Lock()
		asked = append(asked, scope)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if scope == ScopeReports {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"unauthorized_client","error_description":"Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested."}`)
			return
		}
		fmt.Fprint(w, `{"access_token":"t","token_type":"Bearer","expires_in":3600}`)
	}))
	t.Cleanup(tokens.Close)
	// An https endpoint whose certificate the client does not trust: the
	// calls get their tokens, then fail fast without reaching anything.
	api := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(api.Close)
	ctx := context.Background()
	c, err := New(ctx, Config{Endpoint: api.URL, CredentialsFile: keyFile(t, tokens.URL, nil), Subject: "admin@example.org",
		Scopes: []string{ScopeWrite, ScopeSettings}, Retry: Retry{Attempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(asked) != 0 {
		t.Fatalf("New minted tokens for %v before any call", asked)
	}
	_, errMembers := c.Members(ctx, "g@example.org")
	_, _ = c.Settings(ctx, "g@example.org")
	_, _ = c.CreateGroup(ctx, "new@example.org", "", "")
	_, _ = c.Group(ctx, "g@example.org")
	_, errLog := c.Activities(ctx, directory.AppAdmin, "g@example.org", time.Time{})
	slices.Sort(asked)
	want := []string{ScopeGroup, ScopeWrite, ScopeGroupRead, ScopeReports, ScopeSettings}
	slices.Sort(want)
	if !slices.Equal(asked, want) {
		t.Errorf("token requests asked for %q, want one each of %q", asked, want)
	}
	if !errors.Is(errLog, directory.ErrAuth) || !strings.Contains(errLog.Error(), ScopeReports) {
		t.Errorf("the audit log without its scope: %v", errLog)
	}
	if errMembers == nil || strings.Contains(errMembers.Error(), "unauthorized_client") {
		t.Errorf("members calls must not depend on the audit log's grant: %v", errMembers)
	}
}

// iamStandIn plays Google for keyless delegation: the IAM Credentials
// API's signJwt (answering signFail if set), the token endpoint's
// exchange of the signed JWT (refusing the scopes in denied), and the
// IAM API's serviceAccounts.get (answering clientID, or 403 if "",
// after unavailable[0] answers of 503, when given).
func iamStandIn(t *testing.T, signFail string, denied []string, clientID string, unavailable ...int) *http.Client {
	t.Helper()
	var gets atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, ":signJwt"):
			if signFail != "" {
				w.WriteHeader(http.StatusForbidden)
				fmt.Fprint(w, signFail)
				return
			}
			var req struct {
				Payload string `json:"payload"`
			}
			data, _ := io.ReadAll(r.Body)
			_ = json.Unmarshal(data, &req)
			jwt := "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(req.Payload)) + ".c2ln"
			_ = json.NewEncoder(w).Encode(map[string]string{"keyId": "k", "signedJwt": jwt})
		case r.URL.Path == "/token":
			_ = r.ParseForm()
			if slices.Contains(denied, "503:"+scopeOf(t, r.PostForm.Get("assertion"))) {
				// The token service failing for this one exchange.
				w.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprint(w, `{"error":"temporarily_unavailable"}`)
				return
			}
			if slices.Contains(denied, scopeOf(t, r.PostForm.Get("assertion"))) {
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprint(w, `{"error":"unauthorized_client","error_description":"Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested."}`)
				return
			}
			fmt.Fprint(w, `{"access_token":"t","token_type":"Bearer","expires_in":3600}`)
		case strings.Contains(r.URL.Path, "/serviceAccounts/") && r.Method == http.MethodGet:
			if n := gets.Add(1); len(unavailable) > 0 && int(n) <= unavailable[0] {
				w.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprint(w, `{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}}`)
				return
			}
			if clientID == "endless" {
				// An answer that does not end: the cap cuts it.
				fmt.Fprint(w, `{"email": "`)
				chunk := bytes.Repeat([]byte("x"), 1<<16)
				for range 64 * MaxCredentialBytes / len(chunk) {
					if _, err := w.Write(chunk); err != nil {
						return
					}
					endlessSent.Add(int64(len(chunk)))
				}
				return
			}
			if clientID == "" {
				w.WriteHeader(http.StatusForbidden)
				fmt.Fprint(w, `{"error":{"code":403,"message":"Permission 'iam.serviceAccounts.get' denied","status":"PERMISSION_DENIED"}}`)
				return
			}
			_ = json.NewEncoder(w).Encode(map[string]string{"email": "roster@p.iam.gserviceaccount.com", "uniqueId": clientID, "oauth2ClientId": clientID})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return &http.Client{Transport: redirect(srv.URL)}
}

// keylessDoctor runs Diagnose for keyless delegation against an
// emulated domain with one group whose settings are pinned.
func keylessDoctor(t *testing.T, iam *http.Client, targets ...Target) []directory.Check {
	t.Helper()
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	api := httptest.NewServer(emu)
	t.Cleanup(api.Close)
	base, _ := tokenServer(t, 200, `{"access_token":"ambient","token_type":"Bearer","expires_in":3600}`)
	if len(targets) == 0 {
		targets = []Target{{Group: "security@example.org", Settings: true}}
	}
	return Diagnose(context.Background(), Config{Endpoint: api.URL, CredentialsFile: keyFile(t, base.URL, nil), Subject: "admin@example.org",
		ImpersonateServiceAccount: "roster@p.iam.gserviceaccount.com", Retry: Retry{Base: time.Millisecond}, impersonationClient: iam}, targets)
}

func find(checks []directory.Check, name, contains string) (directory.Check, bool) {
	for _, c := range checks {
		if c.Name == name && strings.Contains(c.Detail, contains) {
			return c, true
		}
	}
	return directory.Check{}, false
}

// TestDoctorNamesTheImpersonatedAccountsClientID: with keyless
// delegation, a refused scope is to be granted to the impersonated
// service account's client ID, not the caller's.
func TestDoctorNamesTheImpersonatedAccountsClientID(t *testing.T) {
	checks := keylessDoctor(t, iamStandIn(t, "", []string{ScopeReports, ScopeSettings}, "555"))
	for _, scope := range []string{ScopeSettings, ScopeReports} {
		c, ok := find(checks, "token", scope)
		if !ok || !strings.Contains(c.Detail, "refused (unauthorized_client") || !strings.Contains(c.Fix, "add "+scope+" to client ID 555") {
			t.Errorf("%s: %+v", scope, c)
		}
	}
	if c, _ := find(checks, "token", ScopeSettings); c.Status != directory.Fail {
		t.Errorf("pinned settings without their scope fail: %+v", c)
	}
	if c, _ := find(checks, "token", ScopeReports); c.Status != directory.Warn {
		t.Errorf("the audit log is optional: %+v", c)
	}
	if c, ok := find(checks, "token", ScopeRead); !ok || c.Status != directory.Pass {
		t.Errorf("the granted scopes pass: %+v", checks)
	}
	// The IAM API unavailable for a moment: asked again.
	checks = keylessDoctor(t, iamStandIn(t, "", []string{ScopeSettings}, "555", 2))
	if c, _ := find(checks, "token", ScopeSettings); !strings.Contains(c.Fix, "add "+ScopeSettings+" to client ID 555") {
		t.Errorf("after two 503s from the IAM API: %+v", c)
	}
	checks = keylessDoctor(t, iamStandIn(t, "", []string{ScopeSettings}, "555", clientIDAttempts))
	if c, _ := find(checks, "token", ScopeSettings); !strings.Contains(c.Fix, "the client ID of roster@p.iam.gserviceaccount.com") {
		t.Errorf("the IAM API unavailable on every try: %+v", c)
	}
	// Without the IAM API, doctor says where to find the ID.
	checks = keylessDoctor(t, iamStandIn(t, "", []string{ScopeWrite}, ""))
	if c, _ := find(checks, "token", ScopeWrite); !strings.Contains(c.Fix, "the client ID of roster@p.iam.gserviceaccount.com") || !strings.Contains(c.Fix, "Unique ID") {
		t.Errorf("unknown client ID: %+v", c)
	}
}

// endlessSent counts what iamStandIn's endless answer sent.
var endlessSent atomic.Int64

// TestAnEndlessIAMAnswerIsCut: the IAM API's answer is bounded as the
// Directory's are, tighter (MaxCredentialBytes): one that never ends is
// cut, and doctor says where to find the client ID instead.
func TestAnEndlessIAMAnswerIsCut(t *testing.T) {
	endlessSent.Store(0) // the only test that reads it: -count=N runs it again
	checks := keylessDoctor(t, iamStandIn(t, "", []string{ScopeWrite}, "endless"))
	if c, _ := find(checks, "token", ScopeWrite); !strings.Contains(c.Fix, "the client ID of roster@p.iam.gserviceaccount.com") {
		t.Errorf("after an endless IAM answer: %+v", c)
	}
	// What the kernel's socket buffers took before roster hung up comes
	// on top of what it read.
	if n := endlessSent.Load(); n > 16*MaxCredentialBytes {
		t.Errorf("read %d bytes of an endless answer", n)
	}
}

// TestDoctorSaysWhyImpersonationIsRefused: when roster may not sign as
// the service account at all, one line says why and what fixes it.
func TestDoctorSaysWhyImpersonationIsRefused(t *testing.T) {
	for name, tt := range map[string]struct{ body, detail, fix string }{
		"API disabled": {`{"error":{"code":403,"message":"IAM Service Account Credentials API has not been used in project 42 before or it is disabled.","status":"PERMISSION_DENIED","details":[{"reason":"SERVICE_DISABLED"}]}}`,
			"not enabled", "gcloud services enable iamcredentials.googleapis.com"},
		"no Token Creator": {`{"error":{"code":403,"message":"Permission 'iam.serviceAccounts.signJwt' denied on resource (or it may not exist).","status":"PERMISSION_DENIED"}}`,
			"may not sign as roster@p.iam.gserviceaccount.com", "roles/iam.serviceAccountTokenCreator on roster@p.iam.gserviceaccount.com"},
	} {
		t.Run(name, func(t *testing.T) {
			checks := keylessDoctor(t, iamStandIn(t, tt.body, nil, "555"))
			c, ok := find(checks, "impersonation", tt.detail)
			if !ok || c.Status != directory.Fail || !strings.Contains(c.Fix, tt.fix) {
				t.Fatalf("no impersonation line saying %q with fix %q:\n%+v", tt.detail, tt.fix, checks)
			}
			if _, ok := find(checks, "token", ""); ok {
				t.Errorf("token lines after a refused impersonation: %+v", checks)
			}
		})
	}
}

// TestDoctorChecksGroupCreation: sync asks for the groups scope only to
// create a group that does not exist, so its refusal fails the list
// whose group is missing, naming the list, the scope and the client ID
// to grant it to, and nothing when every such group exists.
func TestDoctorChecksGroupCreation(t *testing.T) {
	refused := iamStandIn(t, "", []string{ScopeGroup}, "555")
	checks := keylessDoctor(t, refused, Target{Group: "new@example.org", Create: true, List: "incidents"})
	c, ok := find(checks, "group new@example.org", "sync cannot create it")
	if !ok || c.Status != directory.Fail || !strings.Contains(c.Detail, "list incidents") || !strings.Contains(c.Detail, ScopeGroup) ||
		!strings.Contains(c.Fix, "add "+ScopeGroup+" to client ID 555") {
		t.Errorf("a missing group roster cannot create: %+v", checks)
	}
	if c, ok := find(checks, "token", ScopeGroup+" (creating groups)"); !ok || c.Status != directory.Warn || !strings.Contains(c.Detail, "needed now") {
		t.Errorf("the refused token, with a group to create: %+v", checks)
	}
	// Every group there: sync never asks for the token.
	checks = keylessDoctor(t, refused, Target{Group: "security@example.org", Create: true, List: "security"})
	for _, c := range checks {
		if c.Status == directory.Fail {
			t.Errorf("a failing line with nothing to create: %+v", c)
		}
	}
	if c, ok := find(checks, "token", ScopeGroup+" (creating groups)"); !ok || c.Status != directory.Warn || !strings.Contains(c.Detail, "should one go missing") {
		t.Errorf("the refused token, with nothing to create: %+v", checks)
	}
	if c, ok := find(checks, "group security@example.org", ""); !ok || c.Status != directory.Pass {
		t.Errorf("the group is read with the token refused: %+v", checks)
	}
	checks = keylessDoctor(t, iamStandIn(t, "", nil, "555"), Target{Group: "new@example.org", Create: true})
	if c, ok := find(checks, "group new@example.org", "sync creates it"); !ok || c.Status != directory.Warn {
		t.Errorf("a group roster creates: %+v", checks)
	} else if !strings.Contains(c.Detail, "unless a user or a user's alias holds the address") {
		// No group answers there, but a user may hold the address, which
		// doctor cannot see: the line does not promise the creation.
		t.Errorf("a group roster creates, said as sure to be made: %+v", c)
	}
	// A group that could not be read may be missing: the token line
	// does not say the scope is not needed.
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	emu.SetAuth(&emulator.Auth{DeniedScopes: []string{ScopeGroup}, NotAdmin: true})
	api := httptest.NewServer(emu)
	t.Cleanup(api.Close)
	checks = Diagnose(context.Background(), Config{Endpoint: api.URL, CredentialsFile: keyFile(t, api.URL+"/token", nil), Subject: "admin@example.org",
		Retry: Retry{Base: time.Millisecond}}, []Target{{Group: "new@example.org", Create: true}})
	if c, ok := find(checks, "token", ScopeGroup+" (creating groups)"); !ok || !strings.Contains(c.Detail, "could not read whether") {
		t.Errorf("the refused token, with a group unread: %+v", checks)
	}
}

// TestDoctorOnLoopbackNamesTheCredentialsOwnClientID: against a loopback
// emulator, the Config's client ID is the one the emulator logs
// token-less calls under (what the workspace sets); with a key, a
// refused scope is to be granted to the key's client ID all the same,
// and the endpoint line does not claim that no credentials reach the
// emulator, whose token endpoint the key may name.
func TestDoctorOnLoopbackNamesTheCredentialsOwnClientID(t *testing.T) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	emu.SetAuth(&emulator.Auth{DeniedScopes: []string{ScopeWrite}})
	api := httptest.NewServer(emu)
	t.Cleanup(api.Close)
	tests := []struct {
		name     string
		key      string // the key file; "" for none
		endpoint string // what the endpoint line says
		fix      string // a token line's fix; "" for no token lines
	}{
		{"with a key", keyFile(t, api.URL+"/token", nil), "its API calls carry no token; the credentials are only tried at their own token endpoint",
			"add " + ScopeWrite + " to client ID 123456789"},
		{"without credentials", "", "no credentials are sent to it", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checks := Diagnose(context.Background(), Config{Endpoint: api.URL, CredentialsFile: tt.key, Subject: "admin@example.org",
				ClientID: emulator.DefaultClientID, Retry: Retry{Base: time.Millisecond}}, []Target{{Group: "security@example.org"}})
			if _, ok := find(checks, "endpoint", tt.endpoint); !ok {
				t.Errorf("no endpoint line saying %q:\n%+v", tt.endpoint, checks)
			}
			c, ok := find(checks, "token", ScopeWrite)
			switch {
			case tt.fix == "" && ok:
				t.Errorf("a token line without credentials: %+v", c)
			case tt.fix != "" && (!ok || !strings.Contains(c.Fix, tt.fix)):
				t.Errorf("the refused scope's fix, want %q: %+v", tt.fix, c)
			}
		})
	}
}

// TestDoctorReadsWithAGrantedMemberToken: against a real domain (an
// https endpoint, whose calls carry tokens), one member token refused,
// doctor reads the groups with the other, as the command that holds it
// would, rather than skip them or ask again for the refused one; and
// only the member-write token's refusal fails, as sync never asks for
// the read-only one. The
// endpoint's certificate is not trusted: each read gets its token, then
// fails without reaching anything, so the token requests say which
// token the reads carried.
func TestDoctorReadsWithAGrantedMemberToken(t *testing.T) {
	for _, tt := range []struct {
		name, denied, reads string
		status              directory.CheckStatus // the refused token's line
	}{
		{"read-only refused", ScopeRead, ScopeWrite, directory.Warn},
		{"member writes refused", ScopeWrite, ScopeRead, directory.Fail},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			asked := map[string]int{}
			tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_ = r.ParseForm()
				scope := scopeOf(t, r.PostForm.Get("assertion"))
				mu.Lock()
				asked[scope]++
				mu.Unlock()
				w.Header().Set("Content-Type", "application/json")
				if scope == tt.denied {
					w.WriteHeader(http.StatusUnauthorized)
					fmt.Fprint(w, `{"error":"unauthorized_client","error_description":"Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested."}`)
					return
				}
				fmt.Fprint(w, `{"access_token":"t","token_type":"Bearer","expires_in":3600}`)
			}))
			t.Cleanup(tokens.Close)
			api := httptest.NewUnstartedServer(http.NotFoundHandler())
			api.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point
			api.StartTLS()
			t.Cleanup(api.Close)
			checks := Diagnose(context.Background(), Config{Endpoint: api.URL, CredentialsFile: keyFile(t, tokens.URL, nil), Subject: "admin@example.org",
				Retry: Retry{Base: time.Millisecond}}, []Target{{Group: "g@example.org"}})
			mu.Lock()
			defer mu.Unlock()
			// Once each in the token lines; the reads' own token is the
			// granted one's second.
			if asked[tt.reads] != 2 || asked[tt.denied] != 1 {
				t.Errorf("token requests %v: want the reads to carry a token of %s", asked, tt.reads)
			}
			c, ok := find(checks, "group g@example.org", "")
			if !ok || strings.Contains(c.Detail, "unauthorized_client") {
				t.Errorf("the group line, read with the granted token: %+v\n%+v", c, checks)
			}
			if _, ok := find(checks, "groups", ""); ok {
				t.Errorf("groups skipped with a member token granted: %+v", checks)
			}
			if c, ok := find(checks, "token", tt.denied+" ("); !ok || c.Status != tt.status {
				t.Errorf("the refused token's line, want %s: %+v", tt.status, c)
			}
		})
	}
}

// TestDoctorSkipsOnlyWhatARefusedTokenReads: a refused scope skips the
// reads that need its token, and only those, each said once.
func TestDoctorSkipsOnlyWhatARefusedTokenReads(t *testing.T) {
	// The settings token refused: the group is read, its settings not
	// (a loopback emulator would answer them, a real domain not).
	checks := keylessDoctor(t, iamStandIn(t, "", []string{ScopeSettings}, "555"))
	if c, ok := find(checks, "group security@example.org", ""); !ok || c.Status != directory.Pass {
		t.Errorf("the group, with the member tokens granted: %+v", checks)
	}
	if _, ok := find(checks, "settings security@example.org", ""); ok {
		t.Errorf("settings read without their token: %+v", checks)
	}
	if c, ok := find(checks, "settings", "not read for 1 group"); !ok || c.Status != directory.Skip || !strings.Contains(c.Detail, ScopeSettings) {
		t.Errorf("no line saying the settings were not read: %+v", checks)
	}
	// Both member tokens refused: no group can be read, and the line
	// says which tokens it would take.
	checks = keylessDoctor(t, iamStandIn(t, "", []string{ScopeRead, ScopeWrite}, "555"))
	if c, ok := find(checks, "groups", "could neither be had"); !ok || c.Status != directory.Skip {
		t.Errorf("no line saying why the groups were not read: %+v", checks)
	}
	if _, ok := find(checks, "group security@example.org", ""); ok {
		t.Errorf("a group read without a member token: %+v", checks)
	}
}

// TestDoctorWarnsOfAnOptionalScopeTheTokenServiceFailed: the token
// service failing for the audit log's scope alone, the others granted,
// is that scope's warning (what needs it is not checked), not a failure
// of every token that skips the groups and says a sync would not work.
func TestDoctorWarnsOfAnOptionalScopeTheTokenServiceFailed(t *testing.T) {
	checks := keylessDoctor(t, iamStandIn(t, "", []string{"503:" + ScopeReports}, "555"))
	if c, ok := find(checks, "token", ScopeReports); !ok || c.Status != directory.Warn || !strings.Contains(c.Detail, "did not answer for this scope") {
		t.Errorf("the audit log's scope: %+v", checks)
	}
	if c, ok := find(checks, "group security@example.org", ""); !ok || c.Status != directory.Pass {
		t.Errorf("the group was not read: %+v", checks)
	}
	for _, c := range checks {
		if c.Status == directory.Fail {
			t.Errorf("a failure: %+v", c)
		}
	}
}

// TestDoctorWarnsOfTheFirstScopeTheTokenServiceFailed: the token
// service failing for the member scope, the first doctor asks for, is
// that scope's line once another scope gets its token (the service
// answers); it failing for two scopes before any is granted is the
// service's, once.
func TestDoctorWarnsOfTheFirstScopeTheTokenServiceFailed(t *testing.T) {
	checks := keylessDoctor(t, iamStandIn(t, "", []string{"503:" + ScopeWrite}, "555"))
	if c, ok := find(checks, "token", ScopeWrite+" (sync"); !ok || c.Status != directory.Fail || !strings.Contains(c.Detail, "did not answer for this scope") || !strings.Contains(c.Detail, "503") {
		t.Errorf("the member scope: %+v", checks)
	}
	if c, ok := find(checks, "group security@example.org", ""); !ok || c.Status != directory.Pass {
		t.Errorf("the group was not read with the read-only token: %+v", checks)
	}
	checks = keylessDoctor(t, iamStandIn(t, "", []string{"503:" + ScopeWrite, "503:" + ScopeRead}, "555"))
	if c, ok := find(checks, "groups", "no token"); !ok || c.Status != directory.Skip {
		t.Errorf("a token service that answers no scope: %+v", checks)
	}
}
