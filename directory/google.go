package directory

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	"golang.org/x/time/rate"
	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/googleapi"
	groupssettings "google.golang.org/api/groupssettings/v1"
	"google.golang.org/api/impersonate"
	"google.golang.org/api/option"
)

// Scopes roster asks for: read-only for plan and audit, member writes for
// sync. Settings need their own scope (apps.groups.settings).
const (
	ScopeRead     = admin.AdminDirectoryGroupMemberReadonlyScope
	ScopeWrite    = admin.AdminDirectoryGroupMemberScope
	ScopeSettings = groupssettings.AppsGroupsSettingsScope
)

// DefaultEndpoint is the root URL of the Admin SDK.
const DefaultEndpoint = "https://admin.googleapis.com/"

// DefaultRate is the client-side limit, in calls per second: 95% of
// Google's default quota of 2,400 calls a minute per user, so that a full
// run stays under it while reaching it within a few percent.
const DefaultRate = 38.0

// GoogleConfig configures a Google client.
type GoogleConfig struct {
	// Endpoint is the API root URL, like the default
	// "https://admin.googleapis.com/". Plain http is accepted only for
	// loopback addresses (the emulator), and then no credentials are
	// loaded or sent.
	Endpoint string
	// CredentialsFile is a service-account JSON key. Empty means
	// application-default credentials.
	CredentialsFile string
	// Subject is the admin to impersonate through domain-wide delegation.
	Subject string
	// ImpersonateServiceAccount, when set, signs domain-wide delegation
	// as that service account through the IAM Credentials API, using the
	// ambient credentials (GKE Workload Identity, GitHub OIDC through
	// Workload Identity Federation): no key file exists to leak.
	ImpersonateServiceAccount string
	// Scopes to request; ScopeRead for reading only.
	Scopes []string
	// Rate limits calls per second (0: DefaultRate); Burst is the number
	// of calls allowed at once (0: one second's worth).
	Rate  float64
	Burst int
	// Retry tunes backoff; zero values take the defaults.
	Retry Retry
	// HTTPClient replaces the transport (tests); credentials are then the
	// caller's business.
	HTTPClient *http.Client
	Logger     *slog.Logger
	UserAgent  string
}

// Retry is the backoff policy for retryable errors: full-jitter
// exponential backoff from Base, capped at Max, at most Attempts tries in
// all; a Retry-After header longer than the backoff is honoured.
type Retry struct {
	Attempts int
	Base     time.Duration
	Max      time.Duration
}

func (r Retry) withDefaults() Retry {
	if r.Attempts <= 0 {
		r.Attempts = 8
	}
	if r.Base <= 0 {
		r.Base = 250 * time.Millisecond
	}
	if r.Max <= 0 {
		r.Max = 20 * time.Second
	}
	return r
}

// backoff returns the wait before try number attempt+1.
func (r Retry) backoff(attempt int) time.Duration {
	ceiling := r.Base << min(attempt-1, 20)
	if ceiling > r.Max || ceiling <= 0 {
		ceiling = r.Max
	}
	// Full jitter: concurrent workers that failed together do not retry
	// together.
	return time.Duration(rand.Int64N(int64(ceiling))) + r.Base/2
}

// Stats counts what a client did, for summaries and benchmarks.
type Stats struct {
	Calls   int64 // HTTP calls made, including retries
	Retries int64
	// Refused counts calls refused for rate or quota (then retried or not).
	Refused int64
}

// Google reads and changes groups through the Admin SDK Directory API.
type Google struct {
	members  *admin.MembersService
	settings *groupssettings.GroupsService
	limiter  *rate.Limiter
	retry    Retry
	log      *slog.Logger

	calls, retries, refused atomic.Int64
}

var (
	_ Provider         = (*Google)(nil)
	_ SettingsProvider = (*Google)(nil)
)

// CheckEndpoint validates an endpoint URL and returns it with a trailing
// slash (without one the client drops the path prefix). insecure is true
// for a plain-http loopback endpoint, which gets no credentials.
func CheckEndpoint(raw string) (endpoint string, insecure bool, err error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", false, fmt.Errorf("endpoint %q is not a URL; write it like https://admin.googleapis.com/ or http://127.0.0.1:8089/", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return "", false, fmt.Errorf("refusing plain-HTTP endpoint %s: credentials and member lists may only travel unencrypted to a loopback address (127.0.0.1, ::1, localhost); use https", raw)
		}
		insecure = true
	default:
		return "", false, fmt.Errorf("endpoint %q: scheme must be https (or http on loopback)", raw)
	}
	if u.User != nil {
		return "", false, fmt.Errorf("endpoint must not carry a user or password")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), insecure, nil
}

// IsLoopback reports whether host names this machine only.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewGoogle builds a client. It loads credentials unless the endpoint is a
// loopback emulator; errors name the credential source but never its
// contents.
func NewGoogle(ctx context.Context, cfg GoogleConfig) (*Google, error) {
	if cfg.Endpoint == "" {
		cfg.Endpoint = DefaultEndpoint
	}
	endpoint, insecure, err := CheckEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	ua := cfg.UserAgent
	if ua == "" {
		ua = "roster"
	}
	common := []option.ClientOption{option.WithUserAgent(ua)}
	switch {
	case cfg.HTTPClient != nil:
		common = append(common, option.WithHTTPClient(cfg.HTTPClient))
	case insecure:
		common = append(common, option.WithoutAuthentication())
	case cfg.ImpersonateServiceAccount != "":
		ts, err := impersonate.CredentialsTokenSource(ctx, impersonate.CredentialsConfig{
			TargetPrincipal: cfg.ImpersonateServiceAccount,
			Scopes:          cfg.Scopes,
			Subject:         cfg.Subject,
		})
		if err != nil {
			return nil, fmt.Errorf("impersonate %s: %w", cfg.ImpersonateServiceAccount, err)
		}
		common = append(common, option.WithTokenSource(ts))
	default:
		creds, err := loadCredentials(ctx, cfg)
		if err != nil {
			return nil, err
		}
		common = append(common, option.WithCredentials(creds))
	}
	dirSvc, err := admin.NewService(ctx, append(common, option.WithEndpoint(endpoint))...)
	if err != nil {
		return nil, fmt.Errorf("create Directory API client: %w", err)
	}
	// The Groups Settings API lives under another root on Google; on an
	// emulator both are served by one host.
	settingsEndpoint := "https://www.googleapis.com/groups/v1/groups/"
	if endpoint != DefaultEndpoint {
		settingsEndpoint = endpoint + "groups/v1/groups/"
	}
	setSvc, err := groupssettings.NewService(ctx, append(common, option.WithEndpoint(settingsEndpoint))...)
	if err != nil {
		return nil, fmt.Errorf("create Groups Settings API client: %w", err)
	}
	r := cfg.Rate
	if r <= 0 {
		r = DefaultRate
	}
	burst := cfg.Burst
	if burst <= 0 {
		burst = max(1, int(r))
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Google{
		members:  dirSvc.Members,
		settings: setSvc.Groups,
		limiter:  rate.NewLimiter(rate.Limit(r), burst),
		retry:    cfg.Retry.withDefaults(),
		log:      log,
	}, nil
}

func loadCredentials(ctx context.Context, cfg GoogleConfig) (*google.Credentials, error) {
	params := google.CredentialsParams{Scopes: cfg.Scopes, Subject: cfg.Subject}
	if cfg.CredentialsFile == "" {
		creds, err := google.FindDefaultCredentialsWithParams(ctx, params)
		if err != nil {
			return nil, fmt.Errorf("no Google credentials: pass --credentials FILE (a service-account key) or set GOOGLE_APPLICATION_CREDENTIALS; for a try-out with no account use --emulator (%w)", err)
		}
		return creds, nil
	}
	data, err := os.ReadFile(cfg.CredentialsFile)
	if err != nil {
		return nil, fmt.Errorf("read credentials: %w", err)
	}
	var probe struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		// The JSON error may quote the file; say only where it broke.
		return nil, fmt.Errorf("credentials %s are not JSON; download a service-account key from the Cloud console", cfg.CredentialsFile)
	}
	if probe.Type != string(google.ServiceAccount) {
		return nil, fmt.Errorf("credentials %s are of type %q; domain-wide delegation needs a service-account key (type \"service_account\")", cfg.CredentialsFile, probe.Type)
	}
	creds, err := google.CredentialsFromJSONWithTypeAndParams(ctx, data, google.ServiceAccount, params)
	if err != nil {
		return nil, fmt.Errorf("credentials %s: %w", cfg.CredentialsFile, err)
	}
	return creds, nil
}

// Stats returns what the client has done so far.
func (g *Google) Stats() Stats {
	return Stats{Calls: g.calls.Load(), Retries: g.retries.Load(), Refused: g.refused.Load()}
}

// do runs one API call under the rate limiter, retrying retryable errors.
func (g *Google) do(ctx context.Context, op string, call func() error) error {
	for attempt := 1; ; attempt++ {
		if err := g.limiter.Wait(ctx); err != nil {
			return fmt.Errorf("%s: %w", op, context.Cause(ctx))
		}
		g.calls.Add(1)
		start := time.Now()
		err := call()
		if err == nil {
			g.log.Debug("call", "op", op, "attempt", attempt, "took", time.Since(start).Round(time.Millisecond))
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", op, context.Cause(ctx))
		}
		aerr := classify(op, err)
		if errors.Is(aerr, ErrRateLimited) || errors.Is(aerr, ErrQuota) {
			g.refused.Add(1)
		}
		if !IsRetryable(aerr) || attempt >= g.retry.Attempts {
			g.log.Debug("call failed", "op", op, "attempt", attempt, "err", aerr)
			return aerr
		}
		g.retries.Add(1)
		wait := g.retry.backoff(attempt)
		if aerr.RetryAfter > wait {
			wait = aerr.RetryAfter
		}
		level := slog.LevelDebug
		if attempt >= 3 {
			// A problem that persists is worth seeing without --verbose.
			level = slog.LevelWarn
		}
		g.log.Log(ctx, level, "retrying", "op", op, "attempt", attempt, "err", aerr, "wait", wait.Round(time.Millisecond))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%s: %w", op, context.Cause(ctx))
		case <-t.C:
		}
	}
}

// classify turns whatever the client returned into an APIError wrapping
// one sentinel, once, here: the rest of roster never sees HTTP.
func classify(op string, err error) *APIError {
	var rerr *oauth2.RetrieveError
	if errors.As(err, &rerr) {
		// The token endpoint answered: a 4xx is a refusal of the
		// credentials (invalid_grant, unauthorized_client: check the key
		// and the domain-wide delegation), a 5xx a passing failure.
		kind := ErrAuth
		if rerr.Response != nil && rerr.Response.StatusCode >= 500 {
			kind = ErrUnavailable
		}
		why := strings.TrimSpace(rerr.ErrorCode + " " + rerr.ErrorDescription)
		if why == "" {
			// The JWT flow leaves the error unparsed; its body says it.
			why = strings.Join(strings.Fields(string(rerr.Body)), " ")
			if len(why) > 300 {
				why = why[:300] + "…"
			}
		}
		return &APIError{Op: op, Kind: kind, Message: "the token endpoint refused the credentials (" + why +
			"); check the service-account key, that domain-wide delegation grants it the scopes, and --subject"}
	}
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	if errors.As(err, &certErr) || errors.As(err, &unknownAuthority) || errors.As(err, &hostname) {
		return &APIError{Op: op, Kind: ErrAuth, Message: "the endpoint's TLS certificate is not trusted: " + err.Error()}
	}
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) {
		// No HTTP answer: the connection broke or the body was cut. The
		// call may or may not have happened; retrying is safe because
		// every write is idempotent in effect (409 and 404 are successes
		// to the caller).
		if isTransport(err) {
			return &APIError{Op: op, Kind: ErrUnavailable, Message: err.Error()}
		}
		return &APIError{Op: op, Kind: ErrInvalid, Message: err.Error()}
	}
	e := &APIError{Op: op, Status: gerr.Code, Message: gerr.Message}
	if len(gerr.Errors) > 0 {
		e.Reason = gerr.Errors[0].Reason
		if e.Message == "" {
			e.Message = gerr.Errors[0].Message
		}
	}
	e.RetryAfter = retryAfter(gerr.Header)
	switch {
	case gerr.Code == http.StatusNotFound:
		switch {
		case strings.Contains(e.Message, "groupKey"), strings.HasPrefix(op, "members.list"), strings.HasPrefix(op, "settings."):
			e.Kind = ErrGroupNotFound
		case strings.HasPrefix(op, "members.insert") && !strings.Contains(e.Message, "memberKey"):
			// "Resource Not Found: x@gmail.com": the address has no account.
			e.Kind = ErrNoAccount
		default:
			e.Kind = ErrMemberNotFound
		}
	case gerr.Code == http.StatusConflict:
		e.Kind = ErrAlreadyMember
	case gerr.Code == http.StatusTooManyRequests:
		e.Kind = ErrRateLimited
	case gerr.Code == http.StatusForbidden:
		switch e.Reason {
		case "userRateLimitExceeded", "rateLimitExceeded":
			e.Kind = ErrRateLimited
		case "quotaExceeded":
			e.Kind = ErrQuota
		default:
			e.Kind = ErrForbidden
		}
	case gerr.Code >= 500:
		e.Kind = ErrUnavailable
	default:
		e.Kind = ErrInvalid
	}
	return e
}

func isTransport(err error) bool {
	var nerr net.Error
	var uerr *url.Error
	var serr *json.SyntaxError
	return errors.As(err, &nerr) || errors.As(err, &uerr) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) || errors.As(err, &serr)
}

func retryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

// Members lists a group's direct members: ceil(n/200) calls, one for an
// empty group, never one per member.
func (g *Google) Members(ctx context.Context, group string) ([]Member, error) {
	var out []Member
	token := ""
	for page := 1; ; page++ {
		var resp *admin.Members
		err := g.do(ctx, "members.list "+group, func() error {
			call := g.members.List(group).MaxResults(200).Context(ctx).
				Fields("nextPageToken", "members(id,email,role,type,status)")
			if token != "" {
				call = call.PageToken(token)
			}
			var err error
			resp, err = call.Do()
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, m := range resp.Members {
			out = append(out, fromAPI(m))
		}
		if resp.NextPageToken == "" || resp.NextPageToken == token {
			return out, nil
		}
		token = resp.NextPageToken
	}
}

func fromAPI(m *admin.Member) Member {
	role, ok := ParseRole(m.Role)
	if !ok {
		role = Role(m.Role)
	}
	return Member{ID: m.Id, Email: m.Email, Role: role, Type: m.Type, Status: m.Status}
}

// Member gets one member by email or id.
func (g *Google) Member(ctx context.Context, group, key string) (Member, error) {
	var m *admin.Member
	err := g.do(ctx, "members.get "+group+" "+key, func() error {
		var err error
		m, err = g.members.Get(group, key).Context(ctx).Do()
		return err
	})
	if err != nil {
		return Member{}, err
	}
	return fromAPI(m), nil
}

// Add inserts a member.
func (g *Google) Add(ctx context.Context, group, email string, role Role) (Member, error) {
	var m *admin.Member
	err := g.do(ctx, "members.insert "+group+" "+email, func() error {
		var err error
		m, err = g.members.Insert(group, &admin.Member{Email: email, Role: string(role)}).Context(ctx).Do()
		return err
	})
	if err != nil {
		return Member{}, err
	}
	return fromAPI(m), nil
}

// Remove deletes a member by id.
func (g *Google) Remove(ctx context.Context, group, memberID string) error {
	return g.do(ctx, "members.delete "+group+" "+memberID, func() error {
		return g.members.Delete(group, memberID).Context(ctx).Do()
	})
}

// SetRole patches a member's role by id.
func (g *Google) SetRole(ctx context.Context, group, memberID string, role Role) error {
	return g.do(ctx, "members.patch "+group+" "+memberID, func() error {
		_, err := g.members.Patch(group, memberID, &admin.Member{Role: string(role)}).Context(ctx).Do()
		return err
	})
}

// Settings reads a group's settings: one GET.
func (g *Google) Settings(ctx context.Context, group string) (map[string]string, error) {
	var s *groupssettings.Groups
	err := g.do(ctx, "settings.get "+group, func() error {
		var err error
		s, err = g.settings.Get(group).Context(ctx).Do()
		return err
	})
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("settings of %s: %w", group, err)
	}
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, fmt.Errorf("settings of %s: %w", group, err)
	}
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out, nil
}

// PatchSettings sends one PATCH with only the changed fields.
func (g *Google) PatchSettings(ctx context.Context, group string, changes map[string]string) error {
	raw, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	var body groupssettings.Groups
	if err := json.Unmarshal(raw, &body); err != nil {
		return fmt.Errorf("settings for %s: %w", group, err)
	}
	return g.do(ctx, "settings.patch "+group, func() error {
		_, err := g.settings.Patch(group, &body).Context(ctx).Do()
		return err
	})
}
