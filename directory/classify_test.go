package directory

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"
)

func TestClassify(t *testing.T) {
	gerr := func(code int, reason, msg string) error {
		return &googleapi.Error{Code: code, Message: msg, Errors: []googleapi.ErrorItem{{Reason: reason, Message: msg}}}
	}
	tests := []struct {
		op   string
		err  error
		want error
	}{
		{"members.insert g x", gerr(409, "duplicate", "Member already exists."), ErrAlreadyMember},
		{"members.insert g x", gerr(404, "notFound", "Resource Not Found: groupKey"), ErrGroupNotFound},
		{"members.insert g x@gmail.com", gerr(404, "notFound", "Resource Not Found: x@gmail.com"), ErrNoAccount},
		{"members.delete g 1", gerr(404, "notFound", "Resource Not Found: memberKey"), ErrMemberNotFound},
		{"members.list g", gerr(404, "notFound", "Not Found"), ErrGroupNotFound},
		{"members.insert g x", gerr(400, "invalid", "Invalid Input: memberKey"), ErrInvalid},
		{"members.insert g x", gerr(400, "required", "Missing required field: memberKey"), ErrInvalid},
		{"members.insert g g", gerr(400, "conditionNotMet", "Cyclic memberships not allowed"), ErrInvalid},
		{"members.list g", gerr(403, "forbidden", "Not Authorized to access this resource/api"), ErrForbidden},
		{"members.list g", gerr(403, "userRateLimitExceeded", "User Rate Limit Exceeded"), ErrRateLimited},
		{"members.list g", gerr(403, "rateLimitExceeded", "Rate Limit Exceeded"), ErrRateLimited},
		{"members.list g", gerr(403, "quotaExceeded", "Quota exceeded"), ErrQuota},
		{"members.list g", gerr(429, "rateLimitExceeded", "Rate Limit Exceeded"), ErrRateLimited},
		{"members.list g", gerr(500, "backendError", "Backend Error"), ErrUnavailable},
		{"members.list g", gerr(503, "backendError", "Backend Error"), ErrUnavailable},
		{"members.insert g x", &url.Error{Op: "Post", URL: "http://127.0.0.1/", Err: io.EOF}, ErrUnavailable},
		{"members.insert g x", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), ErrUnavailable},
	}
	for _, tt := range tests {
		got := classify(tt.op, tt.err)
		if !errors.Is(got, tt.want) {
			t.Errorf("classify(%s, %v) = %v, want %v", tt.op, tt.err, got, tt.want)
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
	h.Set("Retry-After", "soon")
	if got := retryAfter(h); got != 0 {
		t.Errorf("garbage: %v", got)
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	r := Retry{Attempts: 10, Base: 100 * time.Millisecond, Max: time.Second}
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

func TestClassifyAuthFailuresAreFinal(t *testing.T) {
	refused := &url.Error{Op: "Get", URL: "https://admin.googleapis.com/", Err: &oauth2.RetrieveError{
		Response: &http.Response{StatusCode: 400}, ErrorCode: "invalid_grant", ErrorDescription: "Invalid JWT Signature."}}
	if got := classify("members.list g", refused); !errors.Is(got, ErrAuth) || IsRetryable(got) || !strings.Contains(got.Error(), "invalid_grant") {
		t.Errorf("a refused token: %v", got)
	}
	flaky := &url.Error{Op: "Get", URL: "https://admin.googleapis.com/", Err: &oauth2.RetrieveError{Response: &http.Response{StatusCode: 503}}}
	if got := classify("members.list g", flaky); !IsRetryable(got) {
		t.Errorf("a 503 from the token endpoint: %v", got)
	}
	untrusted := &url.Error{Op: "Get", URL: "https://127.0.0.1/", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}
	if got := classify("members.list g", untrusted); !errors.Is(got, ErrAuth) || IsRetryable(got) {
		t.Errorf("an untrusted certificate: %v", got)
	}
}
