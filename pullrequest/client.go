// Package pullrequest is roster's client of the GitHub REST API, built on
// go-github. It reads facts and writes two things, and decides nothing:
//
//   - the facts of a pull request: its author, head and base, and who
//     wrote and committed each of its commits (PullRequest);
//   - the reviews that approve its head, with the reason every other
//     approval does not count (Approvals);
//   - roster's one comment on it, found again among the token's own
//     comments by a hidden marker and updated in place (UpsertComment);
//   - the reminder issue of `roster audit --github-issue`, created,
//     updated or closed (SyncReminder).
//
// Who must approve a change is the gate's pure function, elsewhere; the
// PR's author and commit authors come back with the approvals so that it
// can leave them out.
//
// The token goes only to the API root given (https, or http on loopback)
// and never appears in an error. Every listing reads all its pages up to a
// budget, every call has a timeout, and rate-limit answers are waited out
// a bounded number of times.
package pullrequest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/go-github/v84/github"
	"github.com/roster-dev/roster/internal/bodylimit"
	"github.com/roster-dev/roster/internal/visible"
)

// Defaults for the Client's zero fields.
const (
	// DefaultTimeout bounds one HTTP exchange, body included.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxPages bounds one listing: 100 pages of 100 reviews,
	// comments or issues. A listing that goes on is an error, never a
	// partial answer.
	DefaultMaxPages = 100
	// DefaultMaxRetries is how many times a rate-limited call is tried
	// again (and a GET that failed in transit or with a 5xx).
	DefaultMaxRetries = 3
	// DefaultMaxWait caps one wait before a retry. GitHub asks for at
	// least a minute after a secondary rate limit without Retry-After; a
	// longer wait (a primary limit resetting in half an hour) is an
	// error saying when to run again, not a stalled job.
	DefaultMaxWait = 60 * time.Second
	// DefaultReadTimeout bounds one listing as a whole: all its pages,
	// retries and waits. Retry-After and the page budget alone would
	// let an endpoint that answers a page a minute hold a job for
	// hours; as a read of Google's, it fails instead, saying so.
	DefaultReadTimeout = 10 * time.Minute
)

// MaxResponseBytes bounds one response body. A page of 100 comments of
// GitHub's maximum 65,536 characters, JSON-escaped, stays below it.
const MaxResponseBytes = 32 << 20

// perPage is GitHub's largest page.
const perPage = 100

// ActionsLogin is the login of an Actions GITHUB_TOKEN: the author of
// every comment and issue that token writes.
const ActionsLogin = "github-actions[bot]"

// Errors a caller may test with errors.Is.
var (
	// ErrRateLimited: GitHub kept refusing for its rate limit, or asked
	// for a wait longer than MaxWait.
	ErrRateLimited = errors.New("GitHub API rate limit")
	// ErrTooManyCommits: the pull request has more commits than GitHub
	// lists (250), so who wrote them is not known.
	ErrTooManyCommits = errors.New("pull request has more commits than GitHub lists")
	// ErrChanged: the pull request changed while it was read (a push
	// between two calls); running again reads it whole.
	ErrChanged = errors.New("pull request changed while it was read")
)

// DefaultUserAgent is the User-Agent of a Client that sets none.
const DefaultUserAgent = "roster (+https://github.com/roster-dev/roster)"

// Client talks to one repository. Set its fields before the first call
// and do not change them afterwards; zero values take the defaults. A
// Client is safe for concurrent use.
type Client struct {
	// API is the REST root, $GITHUB_API_URL in Actions:
	// https://api.github.com, or a GitHub Enterprise Server's
	// https://HOST/api/v3. Plain http is refused except on loopback.
	API string
	// Repo is "owner/name", $GITHUB_REPOSITORY in Actions.
	Repo string
	// Token is $GITHUB_TOKEN; it is sent only to requests under API.
	Token string
	// HTTP, when set, lends its Transport (a proxy, tests); its Timeout,
	// CheckRedirect and Jar are not used.
	HTTP *http.Client

	Timeout    time.Duration // per HTTP exchange (0: DefaultTimeout)
	MaxPages   int           // per listing (0: DefaultMaxPages)
	MaxRetries int           // per call (0: DefaultMaxRetries; <0: none)
	MaxWait    time.Duration // per wait (0: DefaultMaxWait)
	// ReadTimeout bounds each listing, all its pages, retries and waits
	// (0: DefaultReadTimeout).
	ReadTimeout time.Duration
	// Log receives retries and waits (nil: discarded). The token never
	// reaches it.
	Log *slog.Logger
	// UserAgent names the caller, with its version, to GitHub ("":
	// DefaultUserAgent).
	UserAgent string
	// MaxResponseBytes bounds one response body (0: MaxResponseBytes).
	MaxResponseBytes int64

	once        sync.Once
	gh          *github.Client
	owner, name string
	maxBody     int64
	initErr     error
}

// CheckAPI refuses an API root that would carry the token in clear to
// another machine, or that is not a plain root URL.
func CheckAPI(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("GitHub API %q is not an http(s) URL", printable(raw))
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("GitHub API %s: give the root only, with no credentials, query or fragment", printable(u.Redacted()))
	}
	if u.Scheme != "https" && !loopback(u.Hostname()) {
		return fmt.Errorf("GitHub API %s: the token is sent only over https (or to loopback)", printable(raw))
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

var (
	ownerRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
	nameRE  = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	// loginRE admits GitHub logins, managed users' "name_short" and apps'
	// "slug[bot]"; nothing in it can climb a URL path.
	loginRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*(\[bot\])?$`)
)

func (c *Client) init() error {
	c.once.Do(func() { c.initErr = c.setup() })
	return c.initErr
}

func (c *Client) setup() error {
	if err := CheckAPI(c.API); err != nil {
		return err
	}
	owner, name, ok := strings.Cut(c.Repo, "/")
	if !ok || !ownerRE.MatchString(owner) || !nameRE.MatchString(name) || name == "." || name == ".." {
		return fmt.Errorf("GitHub repository %q is not owner/name (GITHUB_REPOSITORY)", printable(c.Repo))
	}
	root, _ := url.Parse(c.API)
	if !strings.HasSuffix(root.Path, "/") {
		// go-github resolves paths against BaseURL; without the slash a
		// GitHub Enterprise root would lose its /api/v3.
		root.Path += "/"
	}
	root.RawPath = ""
	maxBody := c.MaxResponseBytes
	if maxBody <= 0 {
		maxBody = MaxResponseBytes
	}
	next := http.DefaultTransport
	if c.HTTP != nil && c.HTTP.Transport != nil {
		next = c.HTTP.Transport
	}
	hc := &http.Client{
		Transport: &transport{root: root, token: strings.TrimSpace(c.Token), next: next, maxBody: maxBody},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return fmt.Errorf("%w: more than 5", errRedirect)
			}
			if !under(req.URL, root) {
				return fmt.Errorf("%w: %s is not under the API root", errRedirect, printable(req.URL.Redacted()))
			}
			return nil
		},
	}
	gh := github.NewClient(hc)
	gh.BaseURL = root
	gh.UserAgent = c.UserAgent
	if gh.UserAgent == "" {
		gh.UserAgent = DefaultUserAgent
	}
	// go-github would refuse calls on its own while it believes a limit
	// is exhausted; call does the waiting, bounded and logged.
	gh.DisableRateLimitCheck = true
	c.gh, c.owner, c.name, c.maxBody = gh, owner, name, maxBody
	return nil
}

// under reports whether u is at or below the API root: same scheme, host
// and port, and path prefix.
func under(u, root *url.URL) bool {
	return u.Scheme == root.Scheme && strings.EqualFold(u.Host, root.Host) &&
		strings.HasPrefix(u.Path, root.Path)
}

// transport adds the token to requests under the root, and no other, and
// bounds every response body.
type transport struct {
	root    *url.URL
	token   string
	next    http.RoundTripper
	maxBody int64
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Del("Authorization")
	if t.token != "" && under(r.URL, t.root) {
		r.Header.Set("Authorization", "Bearer "+t.token)
	}
	resp, err := t.next.RoundTrip(r)
	if resp != nil && resp.Body != nil {
		resp.Body = bodylimit.Wrap(resp.Body, t.maxBody)
	}
	return resp, err
}

var errRedirect = errors.New("redirect refused")

// The workflow permissions each kind of call needs, for the hint of a
// 401, 403 or 404.
const (
	permPRRead      = "pull-requests: read"
	permPRCommits   = "pull-requests: read and contents: read"
	permCollab      = "contents: read"
	permPRWrite     = "pull-requests: write"
	permIssuesWrite = "issues: write"
)

// op names one API call in messages and says what it needs.
type op struct {
	method string
	path   string // relative to the root, as GitHub documents it
	perm   string
	page   int
}

func (o op) String() string {
	s := o.method + " " + o.path
	if o.page > 0 {
		s += " (page " + strconv.Itoa(o.page) + ")"
	}
	return s
}

// APIError is an answer of the GitHub API that refused a call, with the
// workflow permission that would let it through when that is the likely
// cause.
type APIError struct {
	Method  string
	Path    string // relative to the API root
	Status  int
	Message string // GitHub's message, printable, without the token
	Hint    string // what to change, may be empty
}

// Error is the call and GitHub's answer.
func (e *APIError) Error() string {
	s := fmt.Sprintf("GitHub API %s %s: HTTP %d", e.Method, e.Path, e.Status)
	if e.Message != "" {
		s += " " + e.Message
	}
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

func hint(o op, status int) string {
	need := fmt.Sprintf("the workflow job needs `permissions: %s`", o.perm)
	switch status {
	case http.StatusUnauthorized:
		// 401 is bad credentials, never a missing permission (403):
		// naming one would send the user to the workflow's permissions.
		return "the token was refused as invalid, expired or revoked: pass the job's GITHUB_TOKEN, or a valid token"
	case http.StatusForbidden:
		if o.method != http.MethodGet {
			// GitHub gives a pull_request run from a fork a read-only token
			// whatever the workflow asks for.
			return need + " (a pull_request run from a fork gets a read-only token: run the gate on pull_request_target)"
		}
		return need
	case http.StatusNotFound:
		return "not found, or hidden from this token: " + need
	}
	return ""
}

// call runs one API call under a timeout, waiting out rate limits and
// retrying a failed GET, each a bounded number of times.
func (c *Client) call(ctx context.Context, o op, fn func(context.Context) (*github.Response, error)) error {
	if err := c.init(); err != nil {
		return err
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	retries := c.MaxRetries
	if retries == 0 {
		retries = DefaultMaxRetries
	}
	maxWait := c.MaxWait
	if maxWait <= 0 {
		maxWait = DefaultMaxWait
	}
	for attempt := 0; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, timeout)
		resp, err := fn(actx)
		timedOut := errors.Is(actx.Err(), context.DeadlineExceeded)
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("GitHub API %s: %w", o, context.Cause(ctx))
		}
		var status int
		var header http.Header
		if resp != nil && resp.Response != nil {
			status, header = resp.StatusCode, resp.Header
		}
		var uerr *url.Error
		if errors.As(err, &uerr) {
			// The exchange itself failed (connection, redirect refused):
			// a status that came with it is not GitHub's answer.
			status = 0
		}
		var wait time.Duration
		var failure error
		limited, asked := rateLimited(status, header, err)
		switch {
		case errors.Is(err, bodylimit.ErrTooLarge):
			return fmt.Errorf("GitHub API %s: %w (over %d bytes)", o, bodylimit.ErrTooLarge, c.maxBody)
		case errors.Is(err, errRedirect):
			return fmt.Errorf("GitHub API %s: %s", o, c.scrub(err.Error()))
		case limited:
			wait = asked
			if asked < 0 {
				// Neither Retry-After nor a reset: GitHub asks for at least
				// a minute, then longer each time.
				wait = time.Minute << min(attempt, 4)
			}
			failure = fmt.Errorf("GitHub API %s: HTTP %d: %w", o, status, ErrRateLimited)
			if wait > maxWait {
				return fmt.Errorf("%w: GitHub asks to wait %s (until %s), longer than the %s roster waits; run again then",
					failure, wait.Round(time.Second), time.Now().Add(wait).UTC().Format(time.RFC3339), maxWait)
			}
		case status >= 300 && status < 500:
			return c.refusal(o, resp, err)
		default:
			// A 5xx, a timeout, a broken connection or a cut body: worth
			// another try when the call changes nothing.
			switch {
			case timedOut:
				failure = fmt.Errorf("GitHub API %s: no answer within %s", o, timeout)
			case status >= 500:
				failure = c.refusal(o, resp, err)
			case status != 0:
				failure = fmt.Errorf("GitHub API %s: unreadable answer: %s", o, c.scrub(err.Error()))
			default:
				failure = fmt.Errorf("GitHub API %s: %s", o, c.scrub(err.Error()))
			}
			if o.method != http.MethodGet {
				return failure
			}
			wait = min(time.Second<<attempt, maxWait)
		}
		if retries < 0 || attempt >= retries {
			if attempt == 0 {
				return failure
			}
			return fmt.Errorf("%w (gave up after %d tries)", failure, attempt+1)
		}
		c.logger().Warn("GitHub API: waiting before trying again", "call", o.String(), "attempt", attempt+1, "wait", wait.Round(time.Millisecond), "err", failure)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("GitHub API %s: %w", o, context.Cause(ctx))
		case <-t.C:
		}
	}
}

// rateLimited reports whether an answer is GitHub's rate limit and how
// long it asks to wait (-1: it does not say). GitHub's rules: a 403 or 429
// with x-ratelimit-remaining: 0 waits for x-ratelimit-reset; a
// Retry-After is honoured first; a secondary limit without either waits a
// minute or more.
func rateLimited(status int, h http.Header, err error) (bool, time.Duration) {
	if status != http.StatusForbidden && status != http.StatusTooManyRequests {
		return false, -1
	}
	if v := h.Get("Retry-After"); v != "" {
		if s, perr := strconv.Atoi(strings.TrimSpace(v)); perr == nil && s >= 0 {
			return true, time.Duration(s) * time.Second
		}
		if t, perr := http.ParseTime(v); perr == nil {
			return true, max(time.Until(t), 0)
		}
		return true, -1
	}
	if h.Get("X-Ratelimit-Remaining") == "0" {
		if s, perr := strconv.ParseInt(h.Get("X-Ratelimit-Reset"), 10, 64); perr == nil {
			// "Not until after" the reset: a second's margin for clocks.
			return true, max(time.Until(time.Unix(s, 0)), 0) + time.Second
		}
		return true, -1
	}
	var abuse *github.AbuseRateLimitError
	if status == http.StatusTooManyRequests || errors.As(err, &abuse) {
		return true, -1
	}
	return false, -1
}

// refusal turns an HTTP error answer into an *APIError, keeping none of
// go-github's error (whose text carries GitHub's message verbatim).
func (c *Client) refusal(o op, resp *github.Response, err error) error {
	e := &APIError{Method: o.method, Path: o.path, Status: resp.StatusCode}
	var er *github.ErrorResponse
	if errors.As(err, &er) {
		e.Message = er.Message
	}
	e.Message = c.scrub(e.Message)
	if len(e.Message) > 300 {
		e.Message = e.Message[:300] + "…"
	}
	e.Hint = hint(o, e.Status)
	return e
}

// scrub removes the token from a text GitHub (or a proxy) sent back, and
// anything a terminal would act on.
func (c *Client) scrub(s string) string {
	return printable(redact(s, c.Token))
}

// redact replaces token in s, as written and URL-escaped, with
// "[token]", once: a text redacted already (an error scrubbed, then
// sealed) keeps its marks as they are, whatever letters the token
// shares with them.
func redact(s, token string) string {
	if len(strings.TrimSpace(token)) < minSecret {
		// No token GitHub issues is this short (theirs are 40
		// characters and more): a stand-in's "t" or "x" is no secret,
		// and replacing each of its letters would garble every message.
		return s
	}
	// As given, and as sent: the transport trims a token's blanks (a
	// newline from a file), which a server may echo.
	pairs := []string{token, tokenMark, url.QueryEscape(token), tokenMark}
	if t := strings.TrimSpace(token); t != token && t != "" {
		pairs = append(pairs, t, tokenMark, url.QueryEscape(t), tokenMark)
	}
	r := strings.NewReplacer(pairs...)
	parts := strings.Split(s, tokenMark)
	for i, p := range parts {
		parts[i] = r.Replace(p)
	}
	return strings.Join(parts, tokenMark)
}

// minSecret is the shortest token redact hides.
const minSecret = 8

// tokenMark stands for the token in whatever roster prints.
const tokenMark = "[token]"

// seal is the last step of every exported method: whatever an error says,
// the token is not in it.
func (c *Client) seal(err error) error {
	if err == nil || c.Token == "" {
		return err
	}
	if msg := redact(err.Error(), c.Token); msg != err.Error() {
		return errors.New(msg)
	}
	return err
}

func (c *Client) logger() *slog.Logger {
	if c.Log != nil {
		return c.Log
	}
	return slog.New(slog.DiscardHandler)
}

// printable is s as one readable line, whatever GitHub or a URL put in
// it (visible.Line).
func printable(s string) string { return visible.Line(s) }

// listAll reads every page of a listing, in order, from page 1. It stops
// at the last page (no rel="next"), and refuses a next link that repeats
// or skips a page, a page longer than asked for, and more than MaxPages.
func listAll[T any](ctx context.Context, c *Client, o op, fetch func(ctx context.Context, page int) ([]T, *github.Response, error)) ([]T, error) {
	maxPages := c.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	ctx, readTimeout, timedOut, cancel := c.readDeadline(ctx)
	defer cancel()
	all, err := listPages(ctx, c, o, maxPages, fetch)
	if err != nil && timedOut() {
		return nil, fmt.Errorf("GitHub API %s: the listing took longer than %s, all its pages, retries and waits (GitHub answers too slowly, or asks to wait too often); run again later: %w", o, readTimeout, err)
	}
	return all, err
}

// readDeadline gives ctx the deadline of one read (ReadTimeout, or
// DefaultReadTimeout), and reports whether that deadline, not the
// caller's, ended it.
func (c *Client) readDeadline(parent context.Context) (ctx context.Context, timeout time.Duration, timedOut func() bool, cancel context.CancelFunc) {
	timeout = c.ReadTimeout
	if timeout <= 0 {
		timeout = DefaultReadTimeout
	}
	ctx, cancel = context.WithTimeoutCause(parent, timeout, errListingTimeout)
	return ctx, timeout, func() bool { return parent.Err() == nil && context.Cause(ctx) == errListingTimeout }, cancel
}

// errListingTimeout is the cause of a listing's deadline.
var errListingTimeout = errors.New("the listing's deadline passed")

// listPages is listAll's reading, under its deadline.
func listPages[T any](ctx context.Context, c *Client, o op, maxPages int, fetch func(ctx context.Context, page int) ([]T, *github.Response, error)) ([]T, error) {
	var all []T
	for page := 1; ; {
		po := o
		po.page = page
		var items []T
		var resp *github.Response
		err := c.call(ctx, po, func(ctx context.Context) (*github.Response, error) {
			var err error
			items, resp, err = fetch(ctx, page)
			return resp, err
		})
		if err != nil {
			return nil, err
		}
		if len(items) > perPage {
			return nil, fmt.Errorf("GitHub API %s: %d items on a page of at most %d", po, len(items), perPage)
		}
		all = append(all, items...)
		next, more := nextPage(resp.Header)
		if !more {
			if last, ok := lastPage(resp.Header); ok && (last == 0 || last > page) {
				return nil, fmt.Errorf("GitHub API %s: page %d names page %d as the last and no next page; refusing a partial listing", po, page, last)
			}
			return all, nil
		}
		switch {
		case next == page+1:
		case next > 0 && next <= page:
			return nil, fmt.Errorf("GitHub API %s: the next link points to page %d again; refusing to loop", po, next)
		case next > 0:
			return nil, fmt.Errorf("GitHub API %s: the next link points to page %d, not %d; refusing a partial listing", po, next, page+1)
		default:
			return nil, fmt.Errorf("GitHub API %s: the next link has no page number; refusing a partial listing", po)
		}
		if page >= maxPages {
			return nil, fmt.Errorf("GitHub API %s: more than %d pages of %d; refusing to read further", o, maxPages, perPage)
		}
		page++
	}
}
