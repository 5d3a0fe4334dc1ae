package google

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"golang.org/x/oauth2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/testkey"
)

// tokenServer is a stand-in OAuth token endpoint answering every request
// with status and body, counting the requests.
func tokenServer(t *testing.T, status int, body string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func keyFile(t *testing.T, tokenURI string, edit func(map[string]string)) string {
	t.Helper()
	data, _, err := testkey.ServiceAccount(tokenURI)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		data, _ = json.Marshal(m)
	}
	path := filepath.Join(t.TempDir(), "key.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A non-loopback endpoint that is never reached: every test here fails
// at the token, before any API call.
const unreachable = "https://admin.example.invalid/"

func TestSubjectIsRefusedForCredentialsThatDropIt(t *testing.T) {
	for _, kind := range []string{"authorized_user", "external_account", "impersonated_service_account", "external_account_authorized_user"} {
		t.Run(kind, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "adc.json")
			if err := os.WriteFile(path, []byte(`{"type":"`+kind+`"}`), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := New(context.Background(), Config{Endpoint: unreachable, CredentialsFile: path, Subject: "admin@example.org", Scopes: []string{ScopeRead}})
			if err == nil || !strings.Contains(err.Error(), "--impersonate-service-account") || !strings.Contains(err.Error(), "--subject admin@example.org cannot be used") {
				t.Fatalf("got %v", err)
			}
		})
	}
	// Without --subject, and with keyless delegation, they are accepted.
	path := filepath.Join(t.TempDir(), "adc.json")
	if err := os.WriteFile(path, []byte(`{"type":"authorized_user","client_id":"x","client_secret":"y","refresh_token":"z"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(context.Background(), Config{Endpoint: unreachable, CredentialsFile: path, Scopes: []string{ScopeRead}}); err != nil {
		t.Errorf("no subject: %v", err)
	}
}

func TestCredentialFailuresFailAtOnce(t *testing.T) {
	ctx := context.Background()
	t.Run("scope not granted", func(t *testing.T) {
		srv, n := tokenServer(t, 401, `{"error":"unauthorized_client","error_description":"Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested."}`)
		c, err := New(ctx, Config{Endpoint: unreachable, CredentialsFile: keyFile(t, srv.URL, nil), Subject: "admin@example.org", Scopes: []string{ScopeWrite}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Members(ctx, "g@example.org")
		if !errors.Is(err, directory.ErrAuth) || !strings.Contains(err.Error(), "Domain-wide delegation") || !strings.Contains(err.Error(), "client ID 123456789") {
			t.Fatalf("got %v", err)
		}
		if n.Load() != 1 {
			t.Errorf("the token endpoint was asked %d times; a refusal is not retried", n.Load())
		}
	})
	t.Run("malformed private key", func(t *testing.T) {
		srv, _ := tokenServer(t, 200, `{}`)
		path := keyFile(t, srv.URL, func(m map[string]string) {
			m["private_key"] = "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n"
		})
		c, err := New(ctx, Config{Endpoint: unreachable, CredentialsFile: path, Subject: "admin@example.org", Scopes: []string{ScopeRead}})
		if err == nil {
			_, err = c.Members(ctx, "g@example.org")
		}
		if !errors.Is(err, directory.ErrAuth) || directory.IsRetryable(err) || !strings.Contains(err.Error(), "create a new key") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a JSON file that is no credential", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "key.json")
		if err := os.WriteFile(path, []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := New(ctx, Config{Endpoint: unreachable, CredentialsFile: path, Subject: "admin@example.org", Scopes: []string{ScopeRead}})
		if err == nil || !strings.Contains(err.Error(), "without a \"type\"") || !strings.Contains(err.Error(), "Add key > JSON") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("token endpoint outage is retried", func(t *testing.T) {
		srv, n := tokenServer(t, 503, `{"error":"backend"}`)
		c, err := New(ctx, Config{Endpoint: unreachable, CredentialsFile: keyFile(t, srv.URL, nil), Subject: "admin@example.org", Scopes: []string{ScopeRead},
			Retry: Retry{Attempts: 3, Base: time.Millisecond, Max: 2 * time.Millisecond}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Members(ctx, "g@example.org")
		if !errors.Is(err, directory.ErrUnavailable) || n.Load() < 2 {
			t.Fatalf("got %v after %d token requests", err, n.Load())
		}
	})
	t.Run("impersonation refused by IAM", func(t *testing.T) {
		tokens, _ := tokenServer(t, 200, `{"access_token":"base","token_type":"Bearer","expires_in":3600}`)
		var signs atomic.Int32
		iam := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, ":signJwt") {
				signs.Add(1)
				w.WriteHeader(http.StatusForbidden)
				fmt.Fprint(w, `{"error":{"code":403,"message":"Permission 'iam.serviceAccounts.signJwt' denied","status":"PERMISSION_DENIED"}}`)
				return
			}
			http.NotFound(w, r)
		}))
		defer iam.Close()
		cfg := Config{Endpoint: unreachable, CredentialsFile: keyFile(t, tokens.URL, nil), Subject: "admin@example.org",
			ImpersonateServiceAccount: "roster@p.iam.gserviceaccount.com", Scopes: []string{ScopeRead},
			impersonationClient: &http.Client{Transport: redirect(iam.URL)}}
		c, err := New(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Members(ctx, "g@example.org")
		if !errors.Is(err, directory.ErrAuth) || !strings.Contains(err.Error(), "roles/iam.serviceAccountTokenCreator on roster@p.iam.gserviceaccount.com") {
			t.Fatalf("got %v", err)
		}
		if signs.Load() != 1 {
			t.Errorf("signJwt asked %d times; a refusal is not retried", signs.Load())
		}
	})
	t.Run("401 from the API", func(t *testing.T) {
		var calls atomic.Int32
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error":{"code":401,"message":"Request had invalid authentication credentials.","errors":[{"reason":"authError","message":"Invalid Credentials"}]}}`)
		}))
		defer api.Close()
		c, err := New(ctx, Config{Endpoint: api.URL, HTTPClient: api.Client()})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Members(ctx, "g@example.org"); !errors.Is(err, directory.ErrAuth) || calls.Load() != 1 {
			t.Fatalf("got %v after %d calls", err, calls.Load())
		}
	})
}

// redirect sends every request to a stand-in, whatever host it names:
// the IAM Credentials API's address is fixed in the SDK.
type redirect string

func (to redirect) RoundTrip(r *http.Request) (*http.Response, error) {
	u, _ := url.Parse(string(to))
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = u.Scheme, u.Host, u.Host
	return http.DefaultTransport.RoundTrip(r2)
}

// TestAKeylessFailureNamesTheImpersonatedAccount: with
// --impersonate-service-account, a token that cannot be had for a reason
// other than a refusal (no network) names the account impersonated, not
// the caller's client ID, which is no grant anyone must make.
func TestAKeylessFailureNamesTheImpersonatedAccount(t *testing.T) {
	e := &credentialError{cred: &Credential{Source: "key.json", ClientID: "123456789"}, impersonate: "roster@p.iam.gserviceaccount.com",
		err: errors.New("dial tcp: lookup iamcredentials.googleapis.com: no such host")}
	got := e.explain()
	if strings.Contains(got, "123456789") || !strings.Contains(got, "roster@p.iam.gserviceaccount.com") || !strings.Contains(got, "no such host") {
		t.Errorf("explain() = %q", got)
	}
}

// neverSource is a token source that answers only once released.
type neverSource struct{ release chan struct{} }

func (b neverSource) Token() (*oauth2.Token, error) {
	<-b.release
	return &oauth2.Token{AccessToken: "late"}, nil
}

// TestAMetadataTokenHasADeadline: the metadata server is asked through
// a client of its own, beyond the deadline the other token requests
// carry; a server that never answers fails the token within the call
// timeout instead of hanging every call behind it.
func TestAMetadataTokenHasADeadline(t *testing.T) {
	src := neverSource{release: make(chan struct{})}
	defer close(src.release)
	if _, err := (deadlineTokenSource{src: src, timeout: 50 * time.Millisecond}).Token(); err == nil || !strings.Contains(err.Error(), "metadata server gave no token") {
		t.Errorf("%v", err)
	}
}
