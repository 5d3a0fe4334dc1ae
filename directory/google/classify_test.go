package google

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"

	"github.com/roster-dev/roster/directory"
)

func TestClassify(t *testing.T) {
	gerr := func(code int, reason, msg string) error {
		return &googleapi.Error{Code: code, Message: msg, Errors: []googleapi.ErrorItem{{Reason: reason, Message: msg}}}
	}
	tests := []struct {
		name string
		kind callKind
		err  error
		want error
	}{
		{"duplicate on insert", callInsert, gerr(409, "duplicate", "Member already exists."), directory.ErrAlreadyMember},
		{"missing group on insert", callInsert, gerr(404, "notFound", "Resource Not Found: groupKey"), directory.ErrGroupNotFound},
		{"insert of an address with no account", callInsert, gerr(404, "notFound", "Resource Not Found: x@gmail.com"), directory.ErrNoAccount},
		{"delete of a member already gone", callDelete, gerr(404, "notFound", "Resource Not Found: memberKey"), directory.ErrMemberNotFound},
		{"list of a missing group", callList, gerr(404, "notFound", "Not Found"), directory.ErrGroupNotFound},
		{"settings of a missing group", callSettingsGet, gerr(404, "notFound", "Not Found"), directory.ErrGroupNotFound},
		{"invalid input", callInsert, gerr(400, "invalid", "Invalid Input: memberKey"), directory.ErrInvalid},
		{"required memberKey on insert: no account", callInsert, gerr(400, "required", "Missing required field: memberKey"), directory.ErrNoAccount},
		{"required memberKey on delete: not a member", callDelete, gerr(400, "required", "Missing required field: memberKey"), directory.ErrMemberNotFound},
		{"required memberKey on get: not a member", callGet, gerr(400, "required", "Missing required field: memberKey"), directory.ErrMemberNotFound},
		{"required memberKey on patch: not a member", callPatch, gerr(400, "required", "Missing required field: memberKey"), directory.ErrMemberNotFound},
		{"cycle", callInsert, gerr(400, "conditionNotMet", "Cyclic memberships not allowed"), directory.ErrInvalid},
		{"not an admin", callList, gerr(403, "forbidden", "Not Authorized to access this resource/api"), directory.ErrForbidden},
		{"per-user rate", callList, gerr(403, "userRateLimitExceeded", "User Rate Limit Exceeded"), directory.ErrRateLimited},
		{"rate", callList, gerr(403, "rateLimitExceeded", "Rate Limit Exceeded"), directory.ErrRateLimited},
		{"quota", callList, gerr(403, "quotaExceeded", "Quota exceeded"), directory.ErrQuota},
		// The day's quota: not retried within a run, nor read as a
		// permission refused.
		{"daily limit", callList, gerr(403, "dailyLimitExceeded", "Daily Limit Exceeded"), directory.ErrDailyLimit},
		{"daily limit, no project", callList, gerr(403, "dailyLimitExceededUnreg", "Daily Limit for Unauthenticated Use Exceeded."), directory.ErrDailyLimit},
		{"a per-day quota, as a 429", callList, gerr(429, "rateLimitExceeded", "Quota exceeded for quota metric 'Queries' and limit 'Queries per day' of service 'admin.googleapis.com' for consumer 'project_number:1'."), directory.ErrDailyLimit},
		{"a per-day quota, as a user rate", callList, gerr(403, "userRateLimitExceeded", "Quota exceeded for quota metric 'Queries' and limit 'Queries per day' of service 'admin.googleapis.com'"), directory.ErrDailyLimit},
		{"a per-minute quota, as a 429", callList, gerr(429, "rateLimitExceeded", "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com'"), directory.ErrRateLimited},
		{"429", callList, gerr(429, "rateLimitExceeded", "Rate Limit Exceeded"), directory.ErrRateLimited},
		{"500", callList, gerr(500, "backendError", "Backend Error"), directory.ErrUnavailable},
		{"503", callList, gerr(503, "backendError", "Backend Error"), directory.ErrUnavailable},
		{"401", callList, gerr(401, "authError", "Invalid Credentials"), directory.ErrAuth},
		{"connection dropped", callInsert, &url.Error{Op: "Post", URL: "http://127.0.0.1/", Err: io.EOF}, directory.ErrUnavailable},
		{"body cut", callInsert, fmt.Errorf("read: %w", io.ErrUnexpectedEOF), directory.ErrUnavailable},
		{"malformed key", callList, &url.Error{Op: "Get", URL: "https://admin.googleapis.com/", Err: &credentialError{err: errors.New("private key should be a PEM or plain PKCS1 or PKCS8; parse error: asn1: structure error")}}, directory.ErrAuth},
		{"impersonation refused", callList, &url.Error{Op: "Get", URL: "https://admin.googleapis.com/", Err: &credentialError{impersonate: "sa@p.iam.gserviceaccount.com", err: errors.New("impersonate: status code 403: {\"error\": {\"code\": 403, \"status\": \"PERMISSION_DENIED\"}}")}}, directory.ErrAuth},
		{"token endpoint timed out", callList, &url.Error{Op: "Get", URL: "https://admin.googleapis.com/", Err: &credentialError{err: errors.New(`oauth2: cannot fetch token: Post "https://oauth2.googleapis.com/token": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`)}}, directory.ErrUnavailable},
		{"token endpoint i/o timeout", callList, &url.Error{Op: "Get", URL: "https://admin.googleapis.com/", Err: &credentialError{err: errors.New(`oauth2: cannot fetch token: Post "https://oauth2.googleapis.com/token": dial tcp 142.250.0.1:443: i/o timeout`)}}, directory.ErrUnavailable},
		{"impersonation outage", callList, &url.Error{Op: "Get", URL: "https://admin.googleapis.com/", Err: &credentialError{impersonate: "sa@p.iam.gserviceaccount.com", err: errors.New("impersonate: status code 503: unavailable")}}, directory.ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classify(tt.kind, "op", tt.err)
			if !errors.Is(got, tt.want) {
				t.Errorf("classify(%v) = %v, want %v", tt.err, got, tt.want)
			}
			if directory.IsRetryable(got) != directory.IsRetryable(tt.want) {
				t.Errorf("retryable = %v for %v", directory.IsRetryable(got), got)
			}
		})
	}
}

func TestClassifySaysWhatToDo(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{&credentialError{impersonate: "sa@p.iam.gserviceaccount.com", err: errors.New("impersonate: status code 403: denied")}, "roles/iam.serviceAccountTokenCreator on sa@p.iam.gserviceaccount.com"},
		{&credentialError{impersonate: "sa@p.iam.gserviceaccount.com", err: errors.New(`impersonate: status code 403: {"error":{"code":403,"message":"Permission 'iam.serviceAccounts.signJwt' denied on resource (or it may not exist).","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"IAM_PERMISSION_DENIED"}]}}`)}, "grant them roles/iam.serviceAccountTokenCreator on sa@p.iam.gserviceaccount.com"},
		{&credentialError{impersonate: "sa@p.iam.gserviceaccount.com", err: errors.New(`impersonate: status code 403: {"error":{"code":403,"message":"IAM Service Account Credentials API has not been used in project 42 before or it is disabled.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_DISABLED"}]}}`)}, "enable iamcredentials.googleapis.com"},
		{&credentialError{impersonate: "sa@p.iam.gserviceaccount.com", scopes: []string{ScopeWrite}, err: errors.New(`impersonate: status code 401: {"error":"unauthorized_client","error_description":"Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested."}`)}, "grant them to the client ID of sa@p.iam.gserviceaccount.com"},
		{&credentialError{cred: &Credential{Source: "--credentials key.json", ClientID: "1234"}, scopes: []string{ScopeWrite}, err: &oauth2.RetrieveError{Response: &http.Response{StatusCode: 401}, ErrorCode: "unauthorized_client"}}, "Domain-wide delegation, grant them to --credentials key.json, client ID 1234"},
		{&credentialError{err: errors.New("private key should be a PEM")}, "create a new key"},
		{&googleapi.Error{Code: 403, Message: "Not Authorized to access this resource/api", Errors: []googleapi.ErrorItem{{Reason: "forbidden"}}}, "Groups Admin role"},
		{&googleapi.Error{Code: 403, Message: "Daily Limit Exceeded", Errors: []googleapi.ErrorItem{{Reason: "dailyLimitExceeded"}}}, "daily quota for this API is spent"},
		{&googleapi.Error{Code: 400, Message: "Missing required field: memberKey", Errors: []googleapi.ErrorItem{{Reason: "required"}}}, "no Google account, or the group does not allow external members"},
	} {
		if got := classify(callInsert, "op", tt.err).Error(); !strings.Contains(got, tt.want) {
			t.Errorf("%v:\n got %s\nwant it to say %q", tt.err, got, tt.want)
		}
	}
}

func TestRetryAfterHeader(t *testing.T) {
	h := http.Header{}
	h.Set("Retry-After", "7")
	if got := retryAfter(h); got != 7*time.Second {
		t.Errorf("seconds: %v", got)
	}
	h.Set("Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
	if got := retryAfter(h); got < 59*time.Minute {
		t.Errorf("date: %v", got)
	}
	h.Set("Retry-After", "360000000000")
	if got := retryAfter(h); got != 24*time.Hour {
		t.Errorf("absurd: %v", got)
	}
	h.Set("Retry-After", "soon")
	if got := retryAfter(h); got != 0 {
		t.Errorf("garbage: %v", got)
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	r := Retry{Attempts: 10, Base: 100 * time.Millisecond, Max: time.Second}.withDefaults()
	for attempt := 1; attempt < 30; attempt++ {
		for i := 0; i < 50; i++ {
			d := r.backoff(attempt)
			ceiling := min(r.Base<<min(attempt-1, 20), r.Max) + r.Base/2
			if d < r.Base/2 || d > ceiling {
				t.Fatalf("attempt %d: backoff %v outside [%v, %v]", attempt, d, r.Base/2, ceiling)
			}
		}
	}
}

// TestQuotaBackoffOutlastsTheMinute: the default tries on a rate limit
// wait at least two minutes in all, past the minute Google
// counts its quota over, each wait within [ceiling/2, ceiling].
func TestQuotaBackoffOutlastsTheMinute(t *testing.T) {
	r := Retry{}.withDefaults()
	for run := 0; run < 50; run++ {
		var total time.Duration
		for attempt := 1; attempt < r.Attempts; attempt++ {
			d, ceiling := r.quotaBackoff(attempt), r.ceiling(attempt)
			if d < ceiling/2 || d > ceiling {
				t.Fatalf("attempt %d: %v outside [%v, %v]", attempt, d, ceiling/2, ceiling)
			}
			total += d
		}
		if total < 2*time.Minute {
			t.Fatalf("the default tries on a rate limit waited %v in all", total)
		}
	}
}

func TestClassifyAuthFailuresAreFinal(t *testing.T) {
	refused := &url.Error{Op: "Get", URL: "https://admin.googleapis.com/", Err: &oauth2.RetrieveError{
		Response: &http.Response{StatusCode: 400}, ErrorCode: "invalid_grant", ErrorDescription: "Invalid JWT Signature."}}
	if got := classify(callList, "members.list g", refused); !errors.Is(got, directory.ErrAuth) || directory.IsRetryable(got) || !strings.Contains(got.Error(), "invalid_grant") {
		t.Errorf("a refused token: %v", got)
	}
	flaky := &url.Error{Op: "Get", URL: "https://admin.googleapis.com/", Err: &oauth2.RetrieveError{Response: &http.Response{StatusCode: 503}}}
	if got := classify(callList, "members.list g", flaky); !directory.IsRetryable(got) {
		t.Errorf("a 503 from the token endpoint: %v", got)
	}
	untrusted := &url.Error{Op: "Get", URL: "https://127.0.0.1/", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}
	if got := classify(callList, "members.list g", untrusted); !errors.Is(got, directory.ErrAuth) || directory.IsRetryable(got) {
		t.Errorf("an untrusted certificate: %v", got)
	}
}

// TestALongCallTimeoutAloneWidensTheRead: a client given a call timeout
// past a third of the default read timeout, and no read timeout, gives
// each read room for three such calls (at most a day), whoever builds
// the config: one call must never outlast the read it is in.
func TestALongCallTimeoutAloneWidensTheRead(t *testing.T) {
	for _, tc := range []struct {
		call, read, want time.Duration
	}{
		{0, 0, DefaultReadTimeout},
		{time.Minute, 0, DefaultReadTimeout},
		{20 * time.Minute, 0, time.Hour},
		{time.Hour, 0, 3 * time.Hour},
		{20 * time.Minute, 45 * time.Minute, 45 * time.Minute},
	} {
		srv := httptest.NewServer(http.NotFoundHandler())
		defer srv.Close()
		c, err := New(context.Background(), Config{Endpoint: srv.URL + "/", CallTimeout: tc.call, ReadTimeout: tc.read})
		if err != nil {
			t.Fatal(err)
		}
		if c.readTimeout != tc.want {
			t.Errorf("call %v, read %v: the read timeout is %v, want %v", tc.call, tc.read, c.readTimeout, tc.want)
		}
	}
}
