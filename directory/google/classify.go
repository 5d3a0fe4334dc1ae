package google

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/bodylimit"
)

// callKind is which API method a call is, so that one answer can mean
// different things: a 404 on members.list is a missing group, on insert
// an address with no account, on delete a member already gone.
type callKind uint8

const (
	callToken callKind = iota
	callList
	callGet
	callInsert
	callDelete
	callPatch
	callSettingsGet
	callSettingsPatch
	callActivities
	callGroupGet
	callGroupInsert
)

// classify turns whatever the client returned into an APIError wrapping
// one sentinel, once, here: the rest of roster never sees HTTP.
func classify(kind callKind, op string, err error) *directory.APIError {
	var already *directory.APIError
	if errors.As(err, &already) {
		return already
	}
	var cerr *credentialError
	if errors.As(err, &cerr) {
		// Credentials and permissions fail at once: retrying a refused
		// key or a missing IAM binding only delays the message.
		k := directory.ErrAuth
		if cerr.transient() {
			k = directory.ErrUnavailable
		}
		return &directory.APIError{Op: op, Kind: k, Message: cerr.explain()}
	}
	var rerr *oauth2.RetrieveError
	if errors.As(err, &rerr) {
		ce := &credentialError{err: rerr}
		k := directory.ErrAuth
		if ce.transient() {
			k = directory.ErrUnavailable
		}
		return &directory.APIError{Op: op, Kind: k, Message: ce.explain()}
	}
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	if errors.As(err, &certErr) || errors.As(err, &unknownAuthority) || errors.As(err, &hostname) {
		return &directory.APIError{Op: op, Kind: directory.ErrAuth, Message: "the endpoint's TLS certificate is not trusted: " + err.Error()}
	}
	if errors.Is(err, bodylimit.ErrTooLarge) {
		return &directory.APIError{Op: op, Kind: directory.ErrInvalid,
			Message: fmt.Sprintf("the answer is larger than %d MiB, far more than any page Google sends; refusing it", MaxResponseBytes>>20)}
	}
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) {
		// No HTTP answer: the connection broke or the body was cut. The
		// call may or may not have happened; retrying is safe because
		// every write is idempotent in effect (409 and 404 are successes
		// to the caller).
		if isTransport(err) {
			return &directory.APIError{Op: op, Kind: directory.ErrUnavailable, Message: err.Error()}
		}
		return &directory.APIError{Op: op, Kind: directory.ErrInvalid, Message: err.Error()}
	}
	e := &directory.APIError{Op: op, Status: gerr.Code, Message: gerr.Message}
	if len(gerr.Errors) > 0 {
		e.Reason = gerr.Errors[0].Reason
		if e.Message == "" {
			e.Message = gerr.Errors[0].Message
		}
	}
	e.RetryAfter = retryAfter(gerr.Header)
	switch {
	case gerr.Code == http.StatusUnauthorized:
		e.Kind = directory.ErrAuth
		e.Hint = "Google did not accept the token: check the credentials and that domain-wide delegation grants the scopes roster asks for ('roster doctor' tells which)"
	case gerr.Code == http.StatusNotFound && kind == callGroupInsert:
		// Nothing to find on an insert: the address's domain is no
		// domain of the customer.
		e.Kind = directory.ErrInvalid
		e.Hint = "the group's address must be in a domain of the Google Workspace account"
	case gerr.Code == http.StatusNotFound:
		switch {
		case strings.Contains(e.Message, "groupKey"), kind == callList, kind == callSettingsGet, kind == callSettingsPatch, kind == callGroupGet:
			e.Kind = directory.ErrGroupNotFound
		case kind == callInsert && !strings.Contains(e.Message, "memberKey"):
			// "Resource Not Found: x@gmail.com": the address has no account.
			e.Kind = directory.ErrNoAccount
		default:
			e.Kind = directory.ErrMemberNotFound
		}
	case gerr.Code == http.StatusBadRequest && e.Reason == "required" && strings.Contains(e.Message, "memberKey"):
		// What Google sends for a key that resolves to no account (GAM
		// reads it as "member not found"): on insert the address cannot
		// be added; anywhere else the member is not there.
		if kind == callInsert {
			e.Kind = directory.ErrNoAccount
			e.Hint = "this address has no Google account, or the group does not allow external members"
		} else {
			e.Kind = directory.ErrMemberNotFound
		}
	case gerr.Code == http.StatusConflict && kind == callGroupInsert:
		// "Entity already exists.": a group, user or alias has the address.
		e.Kind = directory.ErrGroupExists
	case gerr.Code == http.StatusConflict:
		e.Kind = directory.ErrAlreadyMember
	case (gerr.Code == http.StatusTooManyRequests || gerr.Code == http.StatusForbidden) && perDay(gerr.Message, e.Reason):
		// A day's quota, whatever the reason names it: a limit "per day"
		// (Cloud quotas say so in the message) or dailyLimitExceeded
		// (Unreg: a call with no project, the key's).
		e.Kind = directory.ErrDailyLimit
		e.Hint = dailyLimitHint
	case gerr.Code == http.StatusTooManyRequests:
		e.Kind = directory.ErrRateLimited
	case gerr.Code == http.StatusForbidden:
		switch e.Reason {
		case "userRateLimitExceeded", "rateLimitExceeded":
			e.Kind = directory.ErrRateLimited
		case "quotaExceeded":
			e.Kind = directory.ErrQuota
		default:
			e.Kind = directory.ErrForbidden
			switch kind {
			case callActivities:
				e.Hint = "reading the audit log needs the scope " + ScopeReports + " granted to the client ID and a --subject with the Reports privilege"
			case callGroupInsert:
				e.Hint = "creating a group needs the scope " + ScopeGroup + " granted to the client ID, and a --subject who may create groups (the Groups Admin role is enough)"
			case callGroupGet:
				e.Hint = "reading a group needs the scope " + ScopeGroupRead + " (or " + ScopeGroup + ") granted to the client ID"
			default:
				e.Hint = "--subject must be an admin who may manage this group (the Groups Admin role is enough), and domain-wide delegation must grant the scope"
			}
		}
	case gerr.Code >= 500:
		e.Kind = directory.ErrUnavailable
	default:
		e.Kind = directory.ErrInvalid
	}
	return e
}

// dailyLimitHint is what to do about a day's quota spent.
const dailyLimitHint = "the Google Cloud project's daily quota for this API is spent (other clients of the project share it); it resets at midnight Pacific time: run again then, or raise the quota in the Cloud console (APIs & Services > Quotas)"

// perDay reports whether a refusal is of a day's quota: Google's
// dailyLimitExceeded reasons, or a Cloud quota whose limit is per day
// ("limit 'Queries per day'"), whatever reason it comes with.
func perDay(message, reason string) bool {
	return strings.HasPrefix(reason, "dailyLimitExceeded") || strings.Contains(strings.ToLower(message), "per day")
}

func isTransport(err error) bool {
	var nerr net.Error
	var uerr *url.Error
	var serr *json.SyntaxError
	return errors.As(err, &nerr) || errors.As(err, &uerr) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) || errors.As(err, &serr)
}

// isTimeout reports whether err is a timeout of an HTTP client's own
// (the token request's, bounded like the call): it can fire a moment
// before the call's deadline, and is the same failure. oauth2 wraps the
// token request's error with %v, so it may be text only.
func isTimeout(err error) bool {
	var nerr net.Error
	if errors.As(err, &nerr) && nerr.Timeout() {
		return true
	}
	return strings.Contains(err.Error(), "Client.Timeout exceeded")
}

// isUnreachable reports whether err is a connection that could not be
// made (refused, no route, a name that does not resolve): no request
// reached the server, which is down rather than busy.
func isUnreachable(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// retryAfter reads a Retry-After header, in seconds or as a date. A
// negative or unreadable value is ignored; the caller caps the rest.
func retryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		if secs > int64(24*time.Hour/time.Second) {
			return 24 * time.Hour
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return min(d, 24*time.Hour)
		}
	}
	return 0
}
