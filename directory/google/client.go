// Package google is roster's client of Google: the Admin SDK Directory
// API (group members), the Groups Settings API and the Admin Reports API,
// with credentials, domain-wide delegation, a client-side rate limit and
// retries. It is the only package that imports the Google SDK; every
// error it returns is a *directory.APIError wrapping one of directory's
// sentinel errors, classified once, here.
package google

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
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
// sync. Settings, groups themselves and the audit log need their own.
// Each service's calls carry a token of their own scope only, minted on
// the first call: domain-wide delegation refuses a whole token when one
// of its scopes is not granted, so a missing optional grant (the audit
// log, creating groups) never stops a sync.
const (
	ScopeRead     = admin.AdminDirectoryGroupMemberReadonlyScope
	ScopeWrite    = admin.AdminDirectoryGroupMemberScope
	ScopeSettings = groupssettings.AppsGroupsSettingsScope
	ScopeReports  = reports.AdminReportsAuditReadonlyScope
	// ScopeGroup creates groups (groups.insert).
	ScopeGroup = admin.AdminDirectoryGroupScope
	// ScopeGroupRead reads a group itself (groups.get: its id, to match
	// the ids groups_enterprise logs); the member scopes do not cover it.
	ScopeGroupRead = admin.AdminDirectoryGroupReadonlyScope
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

// DefaultCallTimeout is how long one try of one call may take, answer
// body included, before it counts as unanswered and is retried; the
// retry budget comes on top.
const DefaultCallTimeout = 30 * time.Second

// DefaultMaxInFlight bounds the calls on the wire at once: enough to
// reach DefaultRate when a call takes half a second (38 calls/s x 0.5 s),
// with room left when a few calls stall.
const DefaultMaxInFlight = 20

// DefaultReadTimeout bounds one read as a whole: every page of a
// listing (members.list, activities.list) with its retries, or one get
// (members.get, settings.get, groups.get) with its own. Neither the call
// timeout nor the page budget bounds a listing by itself: an endpoint
// that sends a page every 29 s, each with a new token, keeps within
// both for 20 hours. Google sends up to 200 members a page, so a
// 10,000-member group is 50 pages; Google answers one in well under a
// second, and at a slow 5 s a page it is still read in about 4 minutes,
// with one call's whole retry budget (3 minutes of waiting) on top. A
// group of 100,000 (500 pages) takes about 4 minutes at half a second a
// page. Ten minutes leaves room for all of these; a read past it is an
// endpoint too slow to plan from, and fails its list alone.
const DefaultReadTimeout = 10 * time.Minute

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
	// Scopes says what the members calls may do: with ScopeWrite they
	// carry a token of that scope, else of ScopeRead. The other services
	// always use their own scope, each in its own token: ScopeSettings,
	// ScopeReports, ScopeGroup (CreateGroup), ScopeGroupRead (Group).
	Scopes []string
	// ClientID is the OAuth client ID Google knows the credentials by,
	// what the Admin console's domain-wide delegation page lists and the
	// audit log names in actor.applicationInfo. Empty: the key file's
	// client_id, or for keyless delegation the impersonated service
	// account's, looked up through the IAM API (ClientID method).
	ClientID string
	// CallTimeout bounds each try of each call, the answer's body
	// included (0: DefaultCallTimeout); the retry budget comes on top. It
	// also bounds each token request.
	CallTimeout time.Duration
	// CallTimeoutText and ReadTimeoutText are CallTimeout and
	// ReadTimeout as the user wrote them ("1500ms", "90m"), for the
	// messages that name them; "" writes the duration.
	CallTimeoutText, ReadTimeoutText string
	// MaxInFlight bounds the calls on the wire at once, whichever groups
	// they are for (0: DefaultMaxInFlight). A call waiting out a backoff
	// holds no place.
	MaxInFlight int
	// Rate limits calls per second (0: DefaultRate); Burst is the number
	// of calls allowed at once (0: one second's worth).
	Rate  float64
	Burst int
	// Retry tunes backoff; zero values take the defaults.
	Retry Retry
	// ReadTimeout bounds one read, all its pages and retries included
	// (0: DefaultReadTimeout): a read past it fails (ErrUnavailable),
	// its list alone.
	ReadTimeout time.Duration
	// MaxPages bounds one listing (0: DefaultMaxPages).
	MaxPages int
	// HTTPClient replaces the transport (tests); credentials are then the
	// caller's business.
	HTTPClient *http.Client
	Logger     *slog.Logger
	UserAgent  string
	// Now is roster's own clock (nil: time.Now), against which an
	// answer's Date is checked before a read is dated by it.
	Now func() time.Time

	// impersonationClient, for tests in this package, replaces the HTTP
	// client the impersonation flow uses to reach the IAM Credentials
	// API, whose address the SDK does not let anyone change.
	impersonationClient *http.Client
	// iamEndpointForTests replaces the IAM API's root.
	iamEndpointForTests string
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
	ceiling := r.ceiling(attempt)
	// Full jitter: concurrent workers that failed together do not retry
	// together.
	return r.Base/2 + time.Duration(rand.Int64N(int64(ceiling)))
}

// quotaBackoff is backoff for a rate limit, Google's per-minute quota:
// at least half the ceiling, so that the tries outlast the minute that
// refused them (the default ten span at least two minutes,
// where full jitter could spend them all inside it), still jittered.
func (r Retry) quotaBackoff(attempt int) time.Duration {
	ceiling := r.ceiling(attempt)
	return ceiling/2 + time.Duration(rand.Int64N(int64(ceiling/2)+1))
}

// ceiling is the largest wait before try number attempt+1.
func (r Retry) ceiling(attempt int) time.Duration {
	ceiling := r.Base << min(attempt-1, 20)
	if ceiling > r.Max || ceiling <= 0 {
		ceiling = r.Max
	}
	return ceiling
}

// Client reads and changes groups through Google's APIs. It is safe for
// concurrent use: calls for different groups go out side by side, bound
// only by the rate limiter and MaxInFlight; nothing waits for another
// call's answer.
type Client struct {
	members     *admin.MembersService
	groupsRead  *admin.GroupsService // ScopeGroupRead
	groupsWrite *admin.GroupsService // ScopeGroup
	settings    *groupssettings.GroupsService
	activity    *reports.ActivitiesService
	limiter     *rate.Limiter
	inFlight    chan struct{}
	callTimeout time.Duration
	// callText is callTimeout as the messages write it: as given.
	callText    string
	readTimeout time.Duration
	readText    string // readTimeout as the messages write it
	retry       Retry
	maxPages    int
	// maxActivities bounds the activities one audit-log read looks at
	// (maxActivitiesPerRead; a test lowers it).
	maxActivities int
	log           *slog.Logger

	// who resolves the OAuth client ID the calls are made with, once.
	who func(context.Context) (string, error)

	calls, retries, refused, timedOut atomic.Int64

	// known are the groups read this run, by the address or id asked
	// (lower case): a run asks about one group for more than one reason
	// (is it another list's group, what is its id for the audit log), and
	// neither changes while it runs.
	// readAt is when, by Google's clock (its answer's Date), each
	// group's members were last read, by address asked, lower case.
	readAt struct {
		sync.Mutex
		at map[string]time.Time
		// skewed says an answer's Date was behind roster's clock (now), said
		// once a run.
		skewed bool
	}
	now func() time.Time

	known struct {
		sync.Mutex
		groups map[string]directory.Group
		failed map[string]error // reads that failed after their tries
	}
}

var (
	_ directory.Provider         = (*Client)(nil)
	_ directory.SettingsProvider = (*Client)(nil)
	_ directory.ActivityProvider = (*Client)(nil)
	_ directory.GroupCreator     = (*Client)(nil)
	_ directory.GroupReader      = (*Client)(nil)
	_ directory.GroupLister      = (*Client)(nil)
)

// New builds a client. It finds credentials unless the endpoint is a
// loopback emulator (which it refuses when nothing listens there), and
// refuses a --subject they cannot carry; no token is minted and no API
// is called until the first request. Errors
// name the credential source but never its contents.
func New(ctx context.Context, cfg Config) (*Client, error) {
	if cfg.Endpoint == "" {
		cfg.Endpoint = DefaultEndpoint
	}
	endpoint, insecure, err := CheckEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	if err := CheckListening(ctx, endpoint); err != nil {
		return nil, err
	}
	ua := cfg.UserAgent
	if ua == "" {
		ua = "roster"
	}
	callTimeout := cfg.CallTimeout
	if callTimeout <= 0 {
		callTimeout = DefaultCallTimeout
	}
	memberScope := ScopeRead
	if slices.Contains(cfg.Scopes, ScopeWrite) {
		memberScope = ScopeWrite
	}
	// Each service gets a token of its own scope, minted on its first
	// call: a scope the Admin console has not granted fails only the
	// calls that need it.
	// Every answer's size is capped (MaxResponseBytes), whatever the
	// client: the emulator's, a test's, or the one the credentials make.
	auth := func(scope string) ([]option.ClientOption, error) {
		return []option.ClientOption{option.WithHTTPClient(bounded(nil, ua))}, nil
	}
	who := func(context.Context) (string, error) { return cfg.ClientID, nil }
	switch {
	case cfg.HTTPClient != nil:
		client := bounded(cfg.HTTPClient, ua)
		auth = func(string) ([]option.ClientOption, error) {
			return []option.ClientOption{option.WithHTTPClient(client)}, nil
		}
	case insecure:
	default:
		cred, err := FindCredential(ctx, cfg)
		if err != nil {
			return nil, err
		}
		if err := cred.CheckSubject(cfg.Subject, cfg.ImpersonateServiceAccount); err != nil {
			return nil, err
		}
		auth = func(scope string) ([]option.ClientOption, error) {
			ts, err := cred.tokenSource(ctx, cfg, []string{scope})
			if err != nil {
				return nil, classify(callToken, "credentials", err)
			}
			return []option.ClientOption{option.WithHTTPClient(authorized(ts, ua))}, nil
		}
		who = onceClientID(cfg, cred)
	}
	service := func(scope, endpoint string) ([]option.ClientOption, error) {
		opts, err := auth(scope)
		if err != nil {
			return nil, err
		}
		return append(opts, option.WithUserAgent(ua), option.WithEndpoint(endpoint)), nil
	}
	directoryService := func(scope string) (*admin.Service, error) {
		opts, err := service(scope, endpoint)
		if err != nil {
			return nil, err
		}
		svc, err := admin.NewService(ctx, opts...)
		if err != nil {
			return nil, fmt.Errorf("create Directory API client: %w", err)
		}
		return svc, nil
	}
	memberSvc, err := directoryService(memberScope)
	if err != nil {
		return nil, err
	}
	groupReadSvc, err := directoryService(ScopeGroupRead)
	if err != nil {
		return nil, err
	}
	groupWriteSvc, err := directoryService(ScopeGroup)
	if err != nil {
		return nil, err
	}
	opts, err := service(ScopeReports, endpoint)
	if err != nil {
		return nil, err
	}
	repSvc, err := reports.NewService(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("create Reports API client: %w", err)
	}
	setRoot := settingsEndpoint
	if endpoint != DefaultEndpoint {
		setRoot = endpoint + "groups/v1/groups/"
	}
	if opts, err = service(ScopeSettings, setRoot); err != nil {
		return nil, err
	}
	setSvc, err := groupssettings.NewService(ctx, opts...)
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
	readTimeout := cfg.ReadTimeout
	switch {
	case readTimeout > 0:
	case callTimeout > DefaultReadTimeout/3:
		// A long call timeout alone: a read gets room for a few such
		// calls, not less than one of them.
		readTimeout = min(3*callTimeout, 24*time.Hour)
	default:
		readTimeout = DefaultReadTimeout
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	inFlight := cfg.MaxInFlight
	if inFlight <= 0 {
		inFlight = DefaultMaxInFlight
	}
	return &Client{
		members:       memberSvc.Members,
		groupsRead:    groupReadSvc.Groups,
		groupsWrite:   groupWriteSvc.Groups,
		settings:      setSvc.Groups,
		activity:      repSvc.Activities,
		limiter:       rate.NewLimiter(rate.Limit(r), burst),
		inFlight:      make(chan struct{}, inFlight),
		callTimeout:   callTimeout,
		callText:      callTimeoutText(cfg.CallTimeoutText, callTimeout),
		readTimeout:   readTimeout,
		readText:      callTimeoutText(cfg.ReadTimeoutText, readTimeout),
		retry:         cfg.Retry.withDefaults(),
		maxPages:      maxPages,
		maxActivities: maxActivitiesPerRead,
		log:           log,
		now:           now,
		who:           who,
	}, nil
}

// Stats returns what the client has done so far.
func (g *Client) Stats() directory.Stats {
	return directory.Stats{Calls: g.calls.Load(), Retries: g.retries.Load(), Refused: g.refused.Load(), TimedOut: g.timedOut.Load()}
}

// MaxInFlight is how many calls the client puts on the wire at once. A
// caller that reads many groups runs about this many readers (or reads
// under its own bound of this size): fewer leave the rate unused, more
// only queue inside the client.
func (g *Client) MaxInFlight() int { return cap(g.inFlight) }

// ClientID returns the OAuth client ID the client's calls are made with:
// the one the audit log names in actor.applicationInfo.oauthClientId for
// roster's own writes, and the one to authorise in the Admin console.
// Config.ClientID when set; else the key file's client_id; for keyless
// delegation, the impersonated service account's, looked up once through
// the IAM API (which needs that API enabled and iam.serviceAccounts.get).
// "" with a nil error when there is nothing to look it up from (a
// loopback emulator without Config.ClientID).
func (g *Client) ClientID(ctx context.Context) (string, error) { return g.who(ctx) }

// maxStuckTries is how many tries of one call may get no answer within
// the call timeout before the call is given up: a hung server answers no
// better the fourth time.
const maxStuckTries = 3

// do runs one API call of the given kind under the rate limiter,
// retrying what may succeed later (429, rate and quota 403s, 5xx, broken
// connections, tries that got no answer within the call timeout) and
// nothing else. Each try gets its own deadline; the rate limiter is not
// held while a try waits for its answer, and a try waits for a place on
// the wire only while MaxInFlight others are out.
func (g *Client) do(ctx context.Context, kind callKind, op string, call func(ctx context.Context) error) error {
	var waited time.Duration
	begin := time.Now()
	timeouts := 0
	// last is the failure of the last try: a call cut short by its
	// context after tries that failed says so (within tells a read that
	// ran out of time while failing from one that was slow).
	var last *directory.APIError
	ended := func() error {
		if last != nil {
			return fmt.Errorf("%s: %w (after: %w)", op, context.Cause(ctx), last)
		}
		return fmt.Errorf("%s: %w", op, context.Cause(ctx))
	}
	for attempt := 1; ; attempt++ {
		if err := g.limiter.Wait(ctx); err != nil {
			if ctx.Err() == nil {
				// The limiter refuses at once a wait that would outlast
				// the deadline (a read's), which has not passed yet.
				return fmt.Errorf("%s: the rate limit's wait would outlast the deadline: %w", op, context.DeadlineExceeded)
			}
			return ended()
		}
		select {
		case g.inFlight <- struct{}{}:
		case <-ctx.Done():
			return ended()
		}
		g.calls.Add(1)
		start := time.Now()
		actx, cancel := context.WithTimeout(ctx, g.callTimeout)
		err := call(actx)
		timedOut := err != nil && ctx.Err() == nil && (errors.Is(actx.Err(), context.DeadlineExceeded) || isTimeout(err))
		cancel()
		<-g.inFlight
		if err == nil {
			g.log.Debug("call", "op", op, "attempt", attempt, "took", time.Since(start).Round(time.Millisecond))
			return nil
		}
		if ctx.Err() != nil {
			return ended()
		}
		var aerr *directory.APIError
		if timedOut {
			// No answer, or half of one, within the deadline: the server
			// or the network is stuck. Whether a write happened is
			// unknown; retrying is safe as for a broken connection.
			g.timedOut.Add(1)
			msg := fmt.Sprintf("no answer within the call timeout of %s (--call-timeout gives a slow API longer)", g.callText)
			if errors.Is(err, errTokenWait) {
				msg = fmt.Sprintf("no token from the token endpoint within the call timeout of %s: Google's OAuth service, not the API, did not answer (--call-timeout gives it longer)", g.callText)
			}
			aerr = &directory.APIError{Op: op, Kind: directory.ErrUnavailable, Message: msg}
		} else {
			aerr = classify(kind, op, err)
		}
		if aerr.Refused() {
			g.refused.Add(1)
		}
		if !directory.IsRetryable(aerr) {
			g.log.Debug("call failed", "op", op, "attempt", attempt, "err", aerr)
			return aerr
		}
		wait := g.retry.backoff(attempt)
		if errors.Is(aerr, directory.ErrRateLimited) {
			wait = g.retry.quotaBackoff(attempt)
		}
		if aerr.RetryAfter > 0 {
			asked := aerr.RetryAfter
			if asked > g.retry.Max {
				g.log.Info("server asked for a long wait; capping it", "op", op, "retry_after", asked.Round(time.Second), "cap", g.retry.Max)
				asked = g.retry.Max
			}
			wait = max(wait, asked)
		}
		if timedOut || isUnreachable(err) {
			timeouts++
		}
		// Tries that got no answer at all, again and again (or could not
		// reach the server at all): it is stuck or down, not busy. Given
		// up after a few, so that a read that hangs costs its list
		// minutes, and a dead endpoint each group one write's tries, not
		// the run its whole budget for every change.
		stuck := timeouts >= maxStuckTries
		if attempt >= g.retry.Attempts || waited+wait > g.retry.Budget || stuck {
			g.log.Debug("giving up", "op", op, "attempt", attempt, "waited", waited.Round(time.Millisecond), "err", aerr)
			aerr.Message += fmt.Sprintf(" (gave up after %d tries over %s)", attempt, time.Since(begin).Round(time.Millisecond))
			aerr.NoAnswer = stuck
			aerr.GaveUp = !stuck && errors.Is(aerr, directory.ErrUnavailable)
			return aerr
		}
		g.retries.Add(1)
		last = aerr
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
			return ended()
		case <-t.C:
		}
	}
}

// callTimeoutText is a timeout as messages write it: as the user gave
// it, else the duration.
func callTimeoutText(given string, d time.Duration) string {
	if given != "" {
		return given
	}
	return d.String()
}
