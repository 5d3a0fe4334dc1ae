package google_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/internal/testkey"
)

// fastRetry keeps fault tests quick; the policy's shape is what matters.
var fastRetry = google.Retry{Attempts: 12, Base: time.Millisecond, Max: 20 * time.Millisecond}

type fixture struct {
	emu    *emulator.Server
	srv    *httptest.Server
	client *google.Client
}

func newFixture(t *testing.T, opts emulator.Options, cfg google.Config) *fixture {
	t.Helper()
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	cfg.Endpoint = srv.URL
	if cfg.Rate == 0 {
		cfg.Rate = 100000
	}
	if cfg.Retry == (google.Retry{}) {
		cfg.Retry = fastRetry
	}
	client, err := google.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{emu: emu, srv: srv, client: client}
}

func people(n int) []emulator.Member {
	out := make([]emulator.Member, n)
	for i := range out {
		out[i] = emulator.Member{Email: fmt.Sprintf("p%05d@example.org", i)}
	}
	return out
}

func TestMembersPages(t *testing.T) {
	for _, n := range []int{0, 1, 199, 200, 201, 5000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			f := newFixture(t, emulator.Options{}, google.Config{})
			if err := f.emu.AddGroup("g@example.org", people(n)...); err != nil {
				t.Fatal(err)
			}
			got, err := f.client.Members(context.Background(), "g@example.org")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Fatalf("got %d members, want %d", len(got), n)
			}
			seen := make(map[string]bool)
			for _, m := range got {
				if seen[m.Email] || m.ID == "" || m.Role != directory.RoleMember {
					t.Fatalf("bad or repeated member %+v", m)
				}
				seen[m.Email] = true
			}
			want := int64(max(1, (n+199)/200))
			if calls := f.emu.Counters()["members.list"]; calls != want {
				t.Errorf("listing %d members took %d calls, want ceil(n/200) = %d", n, calls, want)
			}
			if calls := f.emu.Counters()["members.get"]; calls != 0 {
				t.Errorf("listing made %d per-member GETs", calls)
			}
		})
	}
}

func TestErrorsAreTyped(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, emulator.Options{State: &emulator.State{NoAccount: []string{"ghost@gmail.com"}, Aliases: map[string]string{"mc.alias@example.org": "Mixed.Case@Example.org"}}}, google.Config{})
	if err := f.emu.AddGroup("g@example.org",
		emulator.Member{Email: "Mixed.Case@Example.org", Role: "OWNER"},
		emulator.Member{Email: "twin.name@gmail.com"}); err != nil {
		t.Fatal(err)
	}
	live, err := f.client.Members(ctx, "g@example.org")
	if err != nil {
		t.Fatal(err)
	}
	mixedID := live[0].ID
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"list a missing group", func() error { _, err := f.client.Members(ctx, "nope@example.org"); return err }, directory.ErrGroupNotFound},
		{"add to a missing group", func() error {
			_, err := f.client.Add(ctx, "nope@example.org", "a@example.org", directory.RoleMember)
			return err
		}, directory.ErrGroupNotFound},
		{"add an existing member", func() error {
			_, err := f.client.Add(ctx, "g@example.org", "mixed.case@example.org", directory.RoleMember)
			return err
		}, directory.ErrAlreadyMember},
		{"add a googlemail twin", func() error {
			_, err := f.client.Add(ctx, "g@example.org", "twinname@googlemail.com", directory.RoleMember)
			return err
		}, directory.ErrAlreadyMember},
		{"add an address with no account", func() error {
			_, err := f.client.Add(ctx, "g@example.org", "ghost@gmail.com", directory.RoleMember)
			return err
		}, directory.ErrNoAccount},
		{"add a malformed address", func() error {
			_, err := f.client.Add(ctx, "g@example.org", "not-an-address", directory.RoleMember)
			return err
		}, directory.ErrInvalid},
		{"add the group to itself", func() error {
			_, err := f.client.Add(ctx, "g@example.org", "G@example.org", directory.RoleMember)
			return err
		}, directory.ErrInvalid},
		{"remove by another spelling", func() error { return f.client.Remove(ctx, "g@example.org", "mixed.case@example.org") }, directory.ErrMemberNotFound},
		{"remove an unknown id", func() error { return f.client.Remove(ctx, "g@example.org", "12345") }, directory.ErrMemberNotFound},
		{"re-role an unknown id", func() error { return f.client.SetRole(ctx, "g@example.org", "12345", directory.RoleOwner) }, directory.ErrMemberNotFound},
		{"get by another spelling is not found, as on Google", func() error { _, err := f.client.Member(ctx, "g@example.org", "MIXED.CASE@example.org"); return err }, directory.ErrMemberNotFound},
		{"get by the stored spelling works", func() error { _, err := f.client.Member(ctx, "g@example.org", "Mixed.Case@Example.org"); return err }, nil},
		{"get by an alias finds the primary", func() error {
			m, err := f.client.Member(ctx, "g@example.org", "mc.alias@example.org")
			if err == nil && m.Email != "Mixed.Case@Example.org" {
				return fmt.Errorf("found %s", m.Email)
			}
			return err
		}, nil},
		{"add an alias of a member", func() error {
			_, err := f.client.Add(ctx, "g@example.org", "mc.alias@example.org", directory.RoleMember)
			return err
		}, directory.ErrAlreadyMember},
		{"get an address with no account (400 required) is not found", func() error { _, err := f.client.Member(ctx, "g@example.org", "ghost@gmail.com"); return err }, directory.ErrMemberNotFound},
		{"remove an address with no account (400 required) is not found", func() error { return f.client.Remove(ctx, "g@example.org", "ghost@gmail.com") }, directory.ErrMemberNotFound},
		{"re-role by id works", func() error { return f.client.SetRole(ctx, "g@example.org", mixedID, directory.RoleManager) }, nil},
		{"remove by id works", func() error { return f.client.Remove(ctx, "g@example.org", mixedID) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if err != nil && directory.IsRetryable(err) {
				t.Errorf("%v is retryable", err)
			}
		})
	}
}

func TestRetryableErrorsWithoutRetries(t *testing.T) {
	f := newFixture(t, emulator.Options{FailRate: 1, Seed: 7}, google.Config{Retry: google.Retry{Attempts: 1}})
	if err := f.emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	kinds := map[error]int{}
	for i := 0; i < 60; i++ {
		_, err := f.client.Members(context.Background(), "g@example.org")
		if !directory.IsRetryable(err) {
			t.Fatalf("call %d: %v is not retryable", i, err)
		}
		for _, k := range []error{directory.ErrRateLimited, directory.ErrUnavailable} {
			if errors.Is(err, k) {
				kinds[k]++
			}
		}
	}
	if kinds[directory.ErrRateLimited] == 0 || kinds[directory.ErrUnavailable] == 0 {
		t.Errorf("fault kinds seen: %v; want 429/403 rate limits and 503s", kinds)
	}
}

// TestFaultsBeforeAndAfterWrites adds and removes members while a third
// of calls fail before the write and a fifth lose their answer after it.
// Retries make every call succeed in effect; the live state is exact.
func TestFaultsBeforeAndAfterWrites(t *testing.T) {
	t.Parallel() // waits more than it computes: see TestMain
	ctx := context.Background()
	f := newFixture(t, emulator.Options{FailRate: 0.3, FailAfterRate: 0.2, Seed: 42}, google.Config{})
	if err := f.emu.AddGroup("g@example.org", people(50)...); err != nil {
		t.Fatal(err)
	}
	for i := 100; i < 200; i++ {
		_, err := f.client.Add(ctx, "g@example.org", fmt.Sprintf("new%03d@example.org", i), directory.RoleMember)
		// A lost answer to an insert that happened comes back as 409 on
		// the retry: done, as far as the caller is concerned.
		if err != nil && !errors.Is(err, directory.ErrAlreadyMember) {
			t.Fatalf("add %d: %v", i, err)
		}
	}
	live, err := f.client.Members(ctx, "g@example.org")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range live[:25] {
		err := f.client.Remove(ctx, "g@example.org", m.ID)
		if err != nil && !errors.Is(err, directory.ErrMemberNotFound) {
			t.Fatalf("remove %s: %v", m.Email, err)
		}
	}
	var emails []string
	for _, m := range f.emu.Members("g@example.org") {
		emails = append(emails, m.Email)
	}
	sort.Strings(emails)
	if len(emails) != 125 || emails[0] != "new100@example.org" || emails[124] != "p00049@example.org" {
		t.Fatalf("live group has %d members (%v ... %v), want 125", len(emails), emails[:1], emails[len(emails)-1:])
	}
	c := f.emu.Counters()
	if c["faults.before"] == 0 || c["faults.after"] == 0 {
		t.Errorf("faults were not injected: %v", c)
	}
	st := f.client.Stats()
	if st.Calls != c["calls"] || st.Retries == 0 {
		t.Errorf("client counted %+v, emulator %d calls", st, c["calls"])
	}
}

func TestQuotaRefusalsAreRetried(t *testing.T) {
	t.Parallel() // waits more than it computes: see TestMain
	ctx := context.Background()
	// The client may go at 1000 calls/s; the domain allows 100/s.
	f := newFixture(t, emulator.Options{Quota: emulator.Quota{Calls: 100, Per: time.Second}},
		google.Config{Rate: 1000, Burst: 1000, Retry: google.Retry{Attempts: 20, Base: 5 * time.Millisecond, Max: 50 * time.Millisecond}})
	if err := f.emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		if _, err := f.client.Add(ctx, "g@example.org", fmt.Sprintf("q%03d@example.org", i), directory.RoleMember); err != nil {
			t.Fatalf("add %d: %v", i, err)
		}
	}
	c := f.emu.Counters()
	if c["refused.quota"] == 0 {
		t.Fatalf("the quota never refused a call: %v", c)
	}
	if got := f.client.Stats().Refused; got != c["refused.quota"] {
		t.Errorf("client saw %d refusals, emulator made %d", got, c["refused.quota"])
	}
	if n := len(f.emu.Members("g@example.org")); n != 300 {
		t.Errorf("%d members, want 300", n)
	}
}

func TestQuotaWithoutRetriesIsTyped(t *testing.T) {
	f := newFixture(t, emulator.Options{Quota: emulator.Quota{Calls: 1, Per: time.Minute}},
		google.Config{Rate: 1000, Retry: google.Retry{Attempts: 1}})
	if err := f.emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := f.client.Members(ctx, "g@example.org"); err != nil {
		t.Fatal(err)
	}
	// Google refuses the per-user per-minute quota with 403
	// userRateLimitExceeded: a rate limit, retried with backoff.
	if _, err := f.client.Members(ctx, "g@example.org"); !errors.Is(err, directory.ErrRateLimited) || !strings.Contains(err.Error(), "userRateLimitExceeded") {
		t.Fatalf("second call in the minute: %v, want ErrRateLimited", err)
	}
}

// refuseFirst serves an emulator with one group, g@example.org, behind
// a stand-in that answers the first call with status, a Retry-After
// header and Google's error body for reason, and lets later calls
// through. It returns the server's URL and the count of calls.
func refuseFirst(t *testing.T, status int, retryAfter, reason string) (string, *atomic.Int32) {
	t.Helper()
	return refuseFirstN(t, 1, status, retryAfter, reason)
}

// refuseFirstN is refuseFirst for the first n calls.
func refuseFirstN(t *testing.T, n int32, status int, retryAfter, reason string) (string, *atomic.Int32) {
	t.Helper()
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	calls := new(atomic.Int32)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= n {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"error":{"code":%d,"message":"refused","errors":[{"domain":"global","reason":%q,"message":"refused"}]}}`, status, reason)
			return
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, calls
}

// TestRetryAfterIsHonoured answers the first call with 429 and
// "Retry-After: 1", then lets calls through. It checks the lower bound
// only: a client that honours the header cannot finish within a second.
func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel() // waits more than it computes: see TestMain
	url, calls := refuseFirst(t, http.StatusTooManyRequests, "1", "rateLimitExceeded")
	client, err := google.New(context.Background(), google.Config{Endpoint: url, Retry: google.Retry{Attempts: 3, Base: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := client.Members(context.Background(), "g@example.org"); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 {
		t.Errorf("%d calls, want 2", calls.Load())
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("retried a 429 with Retry-After: 1 after %v", waited)
	}
}

// TestRetryAfterIsCapped: a server asking to wait an hour gets the cap,
// not an hour.
func TestRetryAfterIsCapped(t *testing.T) {
	t.Parallel() // waits more than it computes: see TestMain
	url, _ := refuseFirst(t, http.StatusServiceUnavailable, "3600", "backendError")
	var logs bytes.Buffer
	client, err := google.New(context.Background(), google.Config{Endpoint: url, Retry: google.Retry{Attempts: 3, Base: time.Millisecond, Max: 50 * time.Millisecond},
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := client.Members(context.Background(), "g@example.org"); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a Retry-After of an hour was honoured beyond the cap")
	}
	if !strings.Contains(logs.String(), "capping it") || !strings.Contains(logs.String(), "retry_after=1h0m0s") {
		t.Errorf("the capped wait was not logged:\n%s", logs.String())
	}
}

func TestStatePersistsAndReloads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	ctx := context.Background()
	f := newFixture(t, emulator.Options{StatePath: path}, google.Config{})
	if err := f.emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.Add(ctx, "g@example.org", "a@example.org", directory.RoleOwner); err != nil {
		t.Fatal(err)
	}
	f.emu.Close() // the last writes are saved at close
	again, err := emulator.New(emulator.Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	ms := again.Members("g@example.org")
	if len(ms) != 1 || ms[0].Email != "a@example.org" || ms[0].Role != "OWNER" {
		t.Fatalf("reloaded members %+v", ms)
	}
}

func TestEndpointRules(t *testing.T) {
	tests := []struct {
		in       string
		want     string
		insecure bool
		ok       bool
	}{
		{"https://admin.googleapis.com", "https://admin.googleapis.com/", false, true},
		{"http://127.0.0.1:8089", "http://127.0.0.1:8089/", true, true},
		{"http://[::1]:8089/", "http://[::1]:8089/", true, true},
		{"http://localhost:8089/", "http://localhost:8089/", true, true},
		{"http://127.1.2.3:8089/x", "http://127.1.2.3:8089/x/", true, true},
		{"http://admin.googleapis.com/", "", false, false},
		{"http://10.0.0.5:8089/", "", false, false},
		{"http://127.0.0.1.evil.example/", "", false, false},
		{"ftp://127.0.0.1/", "", false, false},
		{"https://user:pw@example.org/", "", false, false},
		{"127.0.0.1:8089", "", false, false},
	}
	for _, tt := range tests {
		got, insecure, err := google.CheckEndpoint(tt.in)
		if (err == nil) != tt.ok || got != tt.want || insecure != tt.insecure {
			t.Errorf("CheckEndpoint(%q) = %q, %v, %v; want %q, %v, ok=%v", tt.in, got, insecure, err, tt.want, tt.insecure, tt.ok)
		}
	}
	if _, err := google.New(context.Background(), google.Config{Endpoint: "http://10.1.2.3/"}); err == nil || !strings.Contains(err.Error(), "refusing plain-HTTP") {
		t.Errorf("NewGoogle accepted a plain-HTTP remote endpoint: %v", err)
	}
}

func TestLoopbackSendsNoCredentials(t *testing.T) {
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", filepath.Join(t.TempDir(), "missing.json"))
	f := newFixture(t, emulator.Options{}, google.Config{CredentialsFile: "/nonexistent/key.json", Subject: "admin@example.org"})
	if err := f.emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.Members(context.Background(), "g@example.org"); err != nil {
		t.Fatal(err)
	}
	if n := f.emu.Counters()["calls.with_authorization"]; n != 0 {
		t.Errorf("%d calls to a loopback endpoint carried an Authorization header", n)
	}
}

// TestCredentialsNeverLeak loads a fake service-account key whose token
// endpoint refuses it and checks that neither errors nor debug logs carry
// the private key.
func TestCredentialsNeverLeak(t *testing.T) {
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"unauthorized_client","error_description":"Client is unauthorized to retrieve access tokens using this method."}`)
	}))
	defer tokenSrv.Close()
	key, keyFile := fakeServiceAccount(t, tokenSrv.URL+"/token")
	api := httptest.NewTLSServer(http.NotFoundHandler())
	defer api.Close()

	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client, err := google.New(context.Background(), google.Config{
		Endpoint:        api.URL,
		CredentialsFile: keyFile,
		Subject:         "admin@example.org",
		Scopes:          []string{google.ScopeRead},
		Retry:           google.Retry{Attempts: 2, Base: time.Millisecond},
		Logger:          logger,
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.Members(context.Background(), "g@example.org")
	if err == nil || !strings.Contains(err.Error(), "unauthorized_client") {
		t.Fatalf("got %v, want the token endpoint's refusal", err)
	}
	out := err.Error() + logs.String()
	for _, secret := range testkey.SecretFragments(key) {
		if strings.Contains(out, secret) {
			t.Fatalf("private key material %q appears in errors or logs:\n%s", secret, out)
		}
	}
	if strings.Contains(out, "PRIVATE KEY") {
		t.Fatalf("the key's PEM header appears in errors or logs:\n%s", out)
	}
}
