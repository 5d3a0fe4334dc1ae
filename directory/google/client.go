// Package google is roster's client of Google: the Admin SDK Directory
// API (group members), the Groups Settings API and the Admin Reports API,
// with credentials, domain-wide delegation, a client-side rate limit and
// retries. It is the only package that imports the Google SDK; every
// error it returns is a *directory.APIError wrapping one of directory's
// sentinel errors, classified once, here.
package google

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
	admin "google.golang.org/api/admin/directory/v1"
	reports "google.golang.org/api/admin/reports/v1"
	groupssettings "google.golang.org/api/groupssettings/v1"
	"google.golang.org/api/option"

	"github.com/roster-dev/roster/directory"
)

// Scopes roster asks for: read-only for plan and audit, member writes for
// sync. Settings and the audit log need their own scopes.
const (
	ScopeRead     = admin.AdminDirectoryGroupMemberReadonlyScope
	ScopeWrite    = admin.AdminDirectoryGroupMemberScope
	ScopeSettings = groupssettings.AppsGroupsSettingsScope
	ScopeReports  = reports.AdminReportsAuditReadonlyScope
)

// DefaultRate is the client-side limit, in calls per second: 95% of
// Google's default quota of 2,400 calls a minute per user, so that a full
// run stays under it while reaching it within a few percent.
const DefaultRate = 38.0

// MaxWait caps any single wait between tries: the exponential backoff's
// ceiling and a server's Retry-After alike. Google's guidance is a
// maximum backoff of 32 to 64 seconds; a Retry-After of an hour is not
// honoured as such.
const MaxWait = 60 * time.Second

// DefaultMaxPages bounds the pages of one members.list: 2,500 pages of 200
// are half a million members. A listing that goes on past it is an error,
// never an endless loop.
const DefaultMaxPages = 2500

// Config configures a Client.
type Config struct {
	// Endpoint is the API root URL, like the default
	// "https://admin.googleapis.com/". Plain http is accepted only for
	// loopback addresses (the emulator), and then no credentials are
	// loaded or sent.
	Endpoint string
	// CredentialsFile is a JSON credential file (usually a
	// service-account key); CredentialsSource says how it was named
	// ("$GOOGLE_APPLICATION_CREDENTIALS"). Empty means
	// application-default credentials.
	CredentialsFile   string
	CredentialsSource string
	// Subject is the admin to act for through domain-wide delegation.
	Subject string
	// ImpersonateServiceAccount, when set, signs domain-wide delegation
	// as that service account through the IAM Credentials API, using the
	// found credentials (GKE Workload Identity, GitHub OIDC through
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
	// MaxPages bounds one listing (0: DefaultMaxPages).
	MaxPages int
	// HTTPClient replaces the transport (tests); credentials are then the
	// caller's business.
	HTTPClient *http.Client
	Logger     *slog.Logger
	UserAgent  string

	// impersonationClient, for tests in this package, replaces the HTTP
	// client the impersonation flow uses to reach the IAM Credentials
	// API, whose address the SDK does not let anyone change.
	impersonationClient *http.Client
}

// Retry is the backoff policy for retryable errors: truncated
// exponential backoff with full jitter from Base, each wait capped at Max
// (and at MaxWait), at most Attempts tries and Budget of waiting in all
// per call. A Retry-After header longer than the backoff is honoured up
// to the cap.
type Retry struct {
	Attempts int
	Base     time.Duration
	Max      time.Duration
	Budget   time.Duration
}

func (r Retry) withDefaults() Retry {
	if r.Attempts <= 0 {
		r.Attempts = 10
	}
	if r.Base <= 0 {
		r.Base = time.Second
	}
	if r.Max <= 0 || r.Max > MaxWait {
		r.Max = MaxWait
	}
	if r.Budget <= 0 {
		r.Budget = 3 * time.Minute
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
	return r.Base/2 + time.Duration(rand.Int64N(int64(ceiling)))
}

// Client reads and changes groups through Google's APIs.
type Client struct {
	members  *admin.MembersService
	settings *groupssettings.GroupsService
	activity *reports.ActivitiesService
	limiter  *rate.Limiter
	retry    Retry
	maxPages int
	log      *slog.Logger

	calls, retries, refused atomic.Int64
}

var (
	_ directory.Provider         = (*Client)(nil)
	_ directory.SettingsProvider = (*Client)(nil)
	_ directory.ActivityProvider = (*Client)(nil)
)

// New builds a client. It finds credentials unless the endpoint is a
// loopback emulator, and refuses a --subject they cannot carry; no
// token is minted and no API is called until the first request. Errors
// name the credential source but never its contents.
func New(ctx context.Context, cfg Config) (*Client, error) {
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
	// The audit log has its own token, minted only when it is read: a
	// domain that has not granted its scope still plans and syncs.
	auditLog := []option.ClientOption{option.WithUserAgent(ua)}
	switch {
	case cfg.HTTPClient != nil:
		common = append(common, option.WithHTTPClient(cfg.HTTPClient))
		auditLog = append(auditLog, option.WithHTTPClient(cfg.HTTPClient))
	case insecure:
		common = append(common, option.WithoutAuthentication())
		auditLog = append(auditLog, option.WithoutAuthentication())
	default:
		cred, err := FindCredential(ctx, cfg)
		if err != nil {
			return nil, err
		}
		if err := cred.CheckSubject(cfg.Subject, cfg.ImpersonateServiceAccount); err != nil {
			return nil, err
		}
		ts, err := cred.tokenSource(ctx, cfg, cfg.Scopes)
		if err != nil {
			return nil, classify(callToken, "credentials", err)
		}
		common = append(common, option.WithTokenSource(ts))
		rts, err := cred.tokenSource(ctx, cfg, []string{ScopeReports})
		if err != nil {
			return nil, classify(callToken, "credentials", err)
		}
		auditLog = append(auditLog, option.WithTokenSource(rts))
	}
	dirSvc, err := admin.NewService(ctx, append(common, option.WithEndpoint(endpoint))...)
	if err != nil {
		return nil, fmt.Errorf("create Directory API client: %w", err)
	}
	repSvc, err := reports.NewService(ctx, append(auditLog, option.WithEndpoint(endpoint))...)
	if err != nil {
		return nil, fmt.Errorf("create Reports API client: %w", err)
	}
	setRoot := settingsEndpoint
	if endpoint != DefaultEndpoint {
		setRoot = endpoint + "groups/v1/groups/"
	}
	setSvc, err := groupssettings.NewService(ctx, append(common, option.WithEndpoint(setRoot))...)
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
	maxPages := cfg.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	return &Client{
		members:  dirSvc.Members,
		settings: setSvc.Groups,
		activity: repSvc.Activities,
		limiter:  rate.NewLimiter(rate.Limit(r), burst),
		retry:    cfg.Retry.withDefaults(),
		maxPages: maxPages,
		log:      log,
	}, nil
}

// Stats returns what the client has done so far.
func (g *Client) Stats() directory.Stats {
	return directory.Stats{Calls: g.calls.Load(), Retries: g.retries.Load(), Refused: g.refused.Load()}
}

// do runs one API call of the given kind under the rate limiter,
// retrying what may succeed later (429, rate and quota 403s, 5xx, broken
// connections) and nothing else.
func (g *Client) do(ctx context.Context, kind callKind, op string, call func() error) error {
	var waited time.Duration
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
		aerr := classify(kind, op, err)
		if aerr.Refused() {
			g.refused.Add(1)
		}
		if !directory.IsRetryable(aerr) {
			g.log.Debug("call failed", "op", op, "attempt", attempt, "err", aerr)
			return aerr
		}
		wait := g.retry.backoff(attempt)
		if aerr.RetryAfter > 0 {
			asked := aerr.RetryAfter
			if asked > g.retry.Max {
				g.log.Info("server asked for a long wait; capping it", "op", op, "retry_after", asked.Round(time.Second), "cap", g.retry.Max)
				asked = g.retry.Max
			}
			wait = max(wait, asked)
		}
		if attempt >= g.retry.Attempts || waited+wait > g.retry.Budget {
			g.log.Debug("giving up", "op", op, "attempt", attempt, "waited", waited.Round(time.Millisecond), "err", aerr)
			aerr.Message += fmt.Sprintf(" (gave up after %d tries over %s)", attempt, waited.Round(time.Millisecond))
			return aerr
		}
		g.retries.Add(1)
		waited += wait
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
