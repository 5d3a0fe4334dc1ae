package pullrequest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/pullrequest"
	"github.com/roster-dev/roster/pullrequest/githubtest"
)

// onPath returns a fault that answers the first n requests whose path
// ends in suffix with answer, and lets the others through.
func onPath(suffix string, n int, answer func(w http.ResponseWriter, r *http.Request)) func(http.ResponseWriter, *http.Request, int) bool {
	seen := 0
	return func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if !strings.HasSuffix(r.URL.Path, suffix) || seen >= n {
			return false
		}
		seen++
		answer(w, r)
		return true
	}
}

func count(requests []string, prefix string) int {
	n := 0
	for _, r := range requests {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

func TestRateLimitThenSuccess(t *testing.T) {
	t.Parallel() // each case waits out a Retry-After of a second
	for _, tc := range []struct {
		name    string
		status  int
		headers map[string]string
		body    githubtest.Obj
	}{
		{name: "429 with Retry-After", status: http.StatusTooManyRequests,
			headers: map[string]string{"Retry-After": "1"},
			body:    githubtest.Obj{"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}},
		{name: "403 secondary limit with Retry-After", status: http.StatusForbidden,
			headers: map[string]string{"Retry-After": "1"},
			body: githubtest.Obj{"message": "You have exceeded a secondary rate limit.",
				"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}},
		{name: "403 primary limit, remaining 0, reset now", status: http.StatusForbidden,
			headers: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(time.Now().Unix(), 10)},
			body: githubtest.Obj{"message": "API rate limit exceeded for installation ID 1.",
				"documentation_url": "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			gh := githubtest.New(t)
			gh.PR(7, "ada", "ada")
			gh.Fault = onPath("/pulls/7", 1, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.headers {
					w.Header().Set(k, v)
				}
				githubtest.Answer(w, tc.status, tc.body)
			})
			c, _ := gh.Serve()
			start := time.Now()
			pr, err := c.PullRequest(context.Background(), 7)
			if err != nil {
				t.Fatal(err)
			}
			if pr.HeadSHA != githubtest.HeadSHA {
				t.Errorf("head %s", pr.HeadSHA)
			}
			if took := time.Since(start); took < 900*time.Millisecond {
				t.Errorf("tried again after %s, before the wait GitHub asked for", took)
			}
			if n := count(gh.Requests, "GET /repos/o/r/pulls/7"); n != 3 { // 2 tries of the PR, 1 of its commits
				t.Errorf("%d requests, want the refused one, its retry and the commits: %v", n, gh.Requests)
			}
		})
	}
}

func TestRateLimitIsBounded(t *testing.T) {
	for _, tc := range []struct {
		name     string
		status   int
		headers  map[string]string
		body     githubtest.Obj
		maxWait  time.Duration
		requests int
		says     string
	}{
		{name: "a wait past the cap fails at once, saying when to run again", status: http.StatusTooManyRequests,
			headers: map[string]string{"Retry-After": "3600"}, body: githubtest.Obj{"message": "slow down"},
			requests: 1, says: "run again then"},
		{name: "a primary limit resetting in an hour fails at once", status: http.StatusForbidden,
			headers: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)},
			body:    githubtest.Obj{"message": "API rate limit exceeded"}, requests: 1, says: "run again then"},
		{name: "a secondary limit without a wait asks for a minute, past a 10s cap", status: http.StatusForbidden,
			body: githubtest.Obj{"message": "You have exceeded a secondary rate limit.",
				"documentation_url": "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"},
			maxWait: 10 * time.Second, requests: 1, says: "longer than the 10s"},
		{name: "retries stop after MaxRetries", status: http.StatusTooManyRequests,
			headers: map[string]string{"Retry-After": "0"}, body: githubtest.Obj{"message": "slow down"},
			requests: 4, says: "gave up after 4 tries"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			gh := githubtest.New(t)
			gh.PR(7, "ada", "ada")
			gh.Fault = onPath("/pulls/7", 100, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.headers {
					w.Header().Set(k, v)
				}
				githubtest.Answer(w, tc.status, tc.body)
			})
			c, _ := gh.Serve()
			c.MaxWait = tc.maxWait
			start := time.Now()
			_, err := c.PullRequest(context.Background(), 7)
			if !errors.Is(err, pullrequest.ErrRateLimited) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("err %v, want a rate limit error that says %q", err, tc.says)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %s", took)
			}
			if len(gh.Requests) != tc.requests {
				t.Errorf("%d requests, want %d: %v", len(gh.Requests), tc.requests, gh.Requests)
			}
		})
	}
}

func TestListingsRefuseBadPagination(t *testing.T) {
	link := func(r *http.Request, page string, rel string) string {
		q := r.URL.Query()
		q.Set("page", page)
		return fmt.Sprintf(`<http://%s%s?%s>; rel="%s"`, r.Host, r.URL.Path, q.Encode(), rel)
	}
	reviews := func(n int) []githubtest.Obj {
		var out []githubtest.Obj
		for i := range n {
			out = append(out, githubtest.Obj{"id": i, "user": githubtest.User("bot"), "state": "COMMENTED", "commit_id": githubtest.HeadSHA, "submitted_at": "2026-01-02T03:04:05Z"})
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		fault func(w http.ResponseWriter, r *http.Request) bool
		says  string
	}{
		{name: "a next link that repeats", says: "page 2 again", fault: func(w http.ResponseWriter, r *http.Request) bool {
			// Page 2 says its next page is page 2.
			w.Header().Set("Link", link(r, "2", "next"))
			githubtest.Answer(w, http.StatusOK, reviews(100))
			return true
		}},
		{name: "a next link back to page 1", says: "page 1 again", fault: func(w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Query().Get("page") == "1" {
				w.Header().Set("Link", link(r, "2", "next"))
			} else {
				w.Header().Set("Link", link(r, "1", "next"))
			}
			githubtest.Answer(w, http.StatusOK, reviews(100))
			return true
		}},
		{name: "a next link that skips a page", says: "not 2", fault: func(w http.ResponseWriter, r *http.Request) bool {
			w.Header().Set("Link", link(r, "3", "next"))
			githubtest.Answer(w, http.StatusOK, reviews(100))
			return true
		}},
		{name: "a next link with no page number", says: "partial listing", fault: func(w http.ResponseWriter, r *http.Request) bool {
			w.Header().Set("Link", fmt.Sprintf(`<http://%s%s?cursor=abc>; rel="next"`, r.Host, r.URL.Path))
			githubtest.Answer(w, http.StatusOK, reviews(100))
			return true
		}},
		{name: "an enormous page: more items than asked for", says: "101 items on a page of at most 100", fault: func(w http.ResponseWriter, r *http.Request) bool {
			githubtest.Answer(w, http.StatusOK, reviews(101))
			return true
		}},
		{name: "an enormous page: a body past the cap", says: "response body too large (over 1048576 bytes)", fault: func(w http.ResponseWriter, r *http.Request) bool {
			w.WriteHeader(http.StatusOK)
			io.WriteString(w, `[{"id":1,"body":"`)
			chunk := strings.Repeat("x", 1<<16)
			for range 1 << 5 {
				if _, err := io.WriteString(w, chunk); err != nil {
					return true
				}
			}
			io.WriteString(w, `"}]`)
			return true
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gh := githubtest.New(t)
			gh.PR(7, "ada", "ada")
			gh.Fault = func(w http.ResponseWriter, r *http.Request, _ int) bool {
				return strings.HasSuffix(r.URL.Path, "/reviews") && tc.fault(w, r)
			}
			c, _ := gh.Serve()
			c.MaxRetries = -1
			c.MaxResponseBytes = 1 << 20
			ctx := context.Background()
			pr, err := c.PullRequest(ctx, 7)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Approvals(ctx, pr)
			if err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("err %v, want one that says %q", err, tc.says)
			}
			if n := count(gh.Requests, "GET /repos/o/r/pulls/7/reviews"); n > 3 {
				t.Errorf("%d requests of reviews", n)
			}
		})
	}
}

func TestListingsHaveAPageBudget(t *testing.T) {
	gh := githubtest.New(t)
	gh.PR(7, "ada", "ada")
	for range 250 {
		gh.Review(7, "bot", "COMMENTED", githubtest.HeadSHA)
	}
	c, _ := gh.Serve()
	c.MaxPages = 2
	pr, err := c.PullRequest(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Approvals(context.Background(), pr)
	if err == nil || !strings.Contains(err.Error(), "more than 2 pages") {
		t.Fatalf("err %v, want the page budget", err)
	}
	if n := count(gh.Requests, "GET /repos/o/r/pulls/7/reviews"); n != 2 {
		t.Errorf("%d pages read, want 2", n)
	}
}

func TestTokenNeverInErrors(t *testing.T) {
	echo := func(status int) func(http.ResponseWriter, *http.Request, int) bool {
		return func(w http.ResponseWriter, r *http.Request, _ int) bool {
			auth := r.Header.Get("Authorization")
			w.Header().Set("X-Echo", auth)
			githubtest.Answer(w, status, githubtest.Obj{"message": "Bad githubtest.Token " + auth + " in\x1b[31m request", "errors": []githubtest.Obj{{"message": auth}},
				"documentation_url": "https://docs.github.com/rest?t=" + strings.TrimPrefix(auth, "Bearer ")})
			return true
		}
	}
	garbage := func(w http.ResponseWriter, r *http.Request, _ int) bool {
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, `{"number": "`+r.Header.Get("Authorization")+`"`)
		return true
	}
	calls := map[string]func(c *pullrequest.Client) error{
		"pull request": func(c *pullrequest.Client) error { _, err := c.PullRequest(context.Background(), 7); return err },
		"comment": func(c *pullrequest.Client) error {
			_, err := c.UpsertComment(context.Background(), 7, githubtest.Self, marker, "plan")
			return err
		},
	}
	for _, status := range []int{401, 403, 404, 422, 500} {
		for name, call := range calls {
			t.Run(fmt.Sprintf("%s %d", name, status), func(t *testing.T) {
				gh := githubtest.New(t)
				gh.Fault = echo(status)
				c, _ := gh.Serve()
				c.MaxRetries = -1
				err := call(c)
				if err == nil {
					t.Fatal("no error")
				}
				if strings.Contains(err.Error(), githubtest.Token) || strings.Contains(err.Error(), "\x1b") {
					t.Errorf("error %q holds the githubtest.Token or a terminal escape", err)
				}
				if !strings.Contains(err.Error(), strconv.Itoa(status)) {
					t.Errorf("error %q does not give the status", err)
				}
			})
		}
	}
	t.Run("nor in the log of retries", func(t *testing.T) {
		gh := githubtest.New(t)
		gh.Fault = echo(http.StatusBadGateway)
		c, _ := gh.Serve()
		var log strings.Builder
		c.Log = slog.New(slog.NewTextHandler(&log, nil))
		c.MaxWait = 10 * time.Millisecond
		_, err := c.PullRequest(context.Background(), 7)
		if err == nil || !strings.Contains(err.Error(), "gave up after 4 tries") {
			t.Fatalf("err %v, want 4 tries", err)
		}
		if !strings.Contains(log.String(), "trying again") || strings.Contains(log.String(), githubtest.Token) {
			t.Errorf("log %q: want the retries, without the githubtest.Token", log.String())
		}
	})
	t.Run("a token of one letter is no secret", func(t *testing.T) {
		// No token GitHub issues is this short (a stand-in's): marking
		// every "t" of the message would leave nothing to read.
		gh := githubtest.New(t)
		gh.Fault = echo(http.StatusUnauthorized)
		c, _ := gh.Serve()
		c.Token = "t"
		c.MaxRetries = -1
		_, err := c.PullRequest(context.Background(), 7)
		if err == nil || strings.Contains(err.Error(), "[token]") || !strings.Contains(err.Error(), "the token was refused") {
			t.Errorf("err %v", err)
		}
	})
	t.Run("a token with a newline, sent and marked trimmed", func(t *testing.T) {
		// A token read from a file ends in a newline; the server echoes
		// the one it was sent.
		gh := githubtest.New(t)
		gh.Fault = echo(http.StatusUnauthorized)
		c, _ := gh.Serve()
		c.Token = githubtest.Token + "\n\t "
		c.MaxRetries = -1
		_, err := c.PullRequest(context.Background(), 7)
		if err == nil || strings.Contains(err.Error(), githubtest.Token) || !strings.Contains(err.Error(), "[token]") {
			t.Errorf("err %v", err)
		}
	})
	t.Run("an unreadable answer", func(t *testing.T) {
		gh := githubtest.New(t)
		gh.Fault = garbage
		c, _ := gh.Serve()
		c.MaxRetries = -1
		_, err := c.PullRequest(context.Background(), 7)
		if err == nil || strings.Contains(err.Error(), githubtest.Token) {
			t.Errorf("err %v", err)
		}
	})
}

func TestTokenGoesOnlyToTheRoot(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the githubtest.Token reached another server: %s %s", r.Method, r.URL)
		}
		githubtest.Answer(w, http.StatusOK, []githubtest.Obj{})
	}))
	defer other.Close()

	t.Run("a redirect to another host is refused", func(t *testing.T) {
		gh := githubtest.New(t)
		gh.Fault = func(w http.ResponseWriter, r *http.Request, _ int) bool {
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
			return true
		}
		c, _ := gh.Serve()
		_, err := c.PullRequest(context.Background(), 7)
		if err == nil || !strings.Contains(err.Error(), "redirect refused") {
			t.Errorf("err %v, want the redirect refused", err)
		}
		if len(gh.Requests) != 1 {
			t.Errorf("requests %v, want one, not retried", gh.Requests)
		}
	})
	t.Run("a next link to another host is read from the root", func(t *testing.T) {
		gh := githubtest.New(t)
		gh.PR(7, "ada", "ada")
		gh.Fault = func(w http.ResponseWriter, r *http.Request, _ int) bool {
			if !strings.HasSuffix(r.URL.Path, "/reviews") || r.URL.Query().Get("page") != "1" {
				return false
			}
			w.Header().Set("Link", fmt.Sprintf(`<%s%s?page=2&per_page=100>; rel="next"`, other.URL, r.URL.Path))
			githubtest.Answer(w, http.StatusOK, []githubtest.Obj{})
			return true
		}
		c, _ := gh.Serve()
		pr, err := c.PullRequest(context.Background(), 7)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Approvals(context.Background(), pr); err != nil {
			t.Fatal(err)
		}
		if count(gh.Requests, "GET /repos/o/r/pulls/7/reviews?page=2") != 1 {
			t.Errorf("page 2 not read from the root: %v", gh.Requests)
		}
	})
	t.Run("plain http off loopback is refused before any call", func(t *testing.T) {
		c := &pullrequest.Client{API: "http://api.example.net", Repo: "o/r", Token: githubtest.Token}
		if _, err := c.PullRequest(context.Background(), 7); err == nil || !strings.Contains(err.Error(), "https") {
			t.Errorf("err %v, want https required", err)
		}
	})
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("%d requests reached another server", n)
	}
}

func TestRefusalsNameThePermission(t *testing.T) {
	refuse := func(suffix, method string, status int) func(http.ResponseWriter, *http.Request, int) bool {
		return func(w http.ResponseWriter, r *http.Request, _ int) bool {
			if r.Method != method || !strings.HasSuffix(r.URL.Path, suffix) {
				return false
			}
			if status == http.StatusNotFound {
				githubtest.Answer(w, status, githubtest.ErrNotFound())
			} else {
				githubtest.Answer(w, status, githubtest.ErrForbidden())
			}
			return true
		}
	}
	for _, tc := range []struct {
		name   string
		fault  func(http.ResponseWriter, *http.Request, int) bool
		call   func(*pullrequest.Client) error
		status int
		says   []string
		not    []string
	}{
		{name: "reading the pull request", fault: refuse("/pulls/7", "GET", 403), status: 403,
			call: readPR, says: []string{"GET repos/o/r/pulls/7", "permissions: pull-requests: read"}},
		{name: "reading its commits", fault: refuse("/commits", "GET", 404), status: 404,
			call: readPR, says: []string{"not found", "contents: read"}},
		{name: "reading reviews", fault: refuse("/reviews", "GET", 403), status: 403,
			call: readApprovals, says: []string{"pull-requests: read"}},
		{name: "writing the comment", fault: refuse("/comments", "POST", 403), status: 403,
			call: func(c *pullrequest.Client) error {
				_, err := c.UpsertComment(context.Background(), 7, githubtest.Self, marker, "plan")
				return err
			}, says: []string{"pull-requests: write", "pull_request_target"}},
		// A bad token is not a missing permission.
		{name: "a bad githubtest.Token", fault: nil, status: 401,
			call: readPR, says: []string{"Bad credentials", "GITHUB_TOKEN", "expired"}, not: []string{"permissions"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gh := githubtest.New(t)
			gh.PR(7, "ada", "ada")
			gh.Review(7, "grace", "APPROVED", githubtest.HeadSHA)
			gh.Fault = tc.fault
			c, _ := gh.Serve()
			if tc.status == 401 {
				c.Token = "ghs_expired"
			}
			err := tc.call(c)
			var apiErr *pullrequest.APIError
			if !errors.As(err, &apiErr) || apiErr.Status != tc.status {
				t.Fatalf("err %v, want an APIError with status %d", err, tc.status)
			}
			for _, s := range tc.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%q does not say %q", err, s)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(err.Error(), s) {
					t.Errorf("%q says %q", err, s)
				}
			}
		})
	}
}

func readPR(c *pullrequest.Client) error {
	_, err := c.PullRequest(context.Background(), 7)
	return err
}

func readApprovals(c *pullrequest.Client) error {
	pr, err := c.PullRequest(context.Background(), 7)
	if err != nil {
		return err
	}
	_, err = c.Approvals(context.Background(), pr)
	return err
}

func TestTimeoutsAndServerErrors(t *testing.T) {
	t.Parallel()
	t.Run("a call that hangs times out", func(t *testing.T) {
		t.Parallel()
		gh := githubtest.New(t)
		gh.PR(7, "ada", "ada")
		release := make(chan struct{})
		defer close(release)
		gh.Fault = func(w http.ResponseWriter, r *http.Request, _ int) bool {
			gh.Mu.Unlock() // let the retry in while this one hangs
			defer gh.Mu.Lock()
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return true
		}
		c, _ := gh.Serve()
		c.Timeout, c.MaxRetries = 100*time.Millisecond, -1
		_, err := c.PullRequest(context.Background(), 7)
		if err == nil || !strings.Contains(err.Error(), "no answer within 100ms") {
			t.Errorf("err %v, want a timeout", err)
		}
	})
	t.Run("a GET is tried again after a 502", func(t *testing.T) {
		t.Parallel()
		gh := githubtest.New(t)
		gh.PR(7, "ada", "ada")
		gh.Fault = onPath("/pulls/7", 1, func(w http.ResponseWriter, r *http.Request) {
			githubtest.Answer(w, http.StatusBadGateway, githubtest.Obj{"message": "Server Error"})
		})
		c, _ := gh.Serve()
		c.MaxWait = 10 * time.Millisecond // the backoff's first wait, a second, capped: the retry is the point
		if _, err := c.PullRequest(context.Background(), 7); err != nil {
			t.Fatal(err)
		}
		if n := count(gh.Requests, "GET /repos/o/r/pulls/7"); n != 3 { // 2 tries of the PR, 1 of its commits
			t.Errorf("%d requests, want the failed one, its retry and the commits: %v", n, gh.Requests)
		}
	})
	t.Run("a POST is not tried again after a 502", func(t *testing.T) {
		t.Parallel()
		gh := githubtest.New(t)
		gh.Fault = func(w http.ResponseWriter, r *http.Request, _ int) bool {
			if r.Method != http.MethodPost {
				return false
			}
			githubtest.Answer(w, http.StatusBadGateway, githubtest.Obj{"message": "Server Error"})
			return true
		}
		c, _ := gh.Serve()
		_, err := c.UpsertComment(context.Background(), 7, githubtest.Self, marker, "plan")
		if err == nil || !strings.Contains(err.Error(), "502") {
			t.Errorf("err %v, want the 502", err)
		}
		if n := count(gh.Requests, "POST"); n != 1 {
			t.Errorf("%d POSTs, want 1: a retry could post the comment twice", n)
		}
	})
}

func TestEnterpriseRoot(t *testing.T) {
	for _, suffix := range []string{"", "/"} {
		t.Run("root with suffix "+strconv.Quote(suffix), func(t *testing.T) {
			gh := githubtest.New(t)
			gh.Prefix = "/api/v3"
			gh.PR(7, "ada", "ada")
			gh.Review(7, "grace", "APPROVED", githubtest.HeadSHA)
			gh.Perm("grace", "write", "write")
			c, _ := gh.Serve()
			c.API += suffix
			pr, err := c.PullRequest(context.Background(), 7)
			if err != nil {
				t.Fatal(err)
			}
			a, err := c.Approvals(context.Background(), pr)
			if err != nil {
				t.Fatal(err)
			}
			if got := a.Independent(); len(got) != 1 || got[0] != "grace" {
				t.Errorf("approvers %v", got)
			}
			for _, r := range gh.Requests {
				if !strings.HasPrefix(strings.Fields(r)[1], "/api/v3/repos/o/r/") {
					t.Errorf("request %s outside the root", r)
				}
			}
		})
	}
}

func TestCheckAPI(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://api.github.com":                     true,
		"https://ghe.example.com/api/v3":             true,
		"https://ghe.example.com/api/v3/":            true,
		"http://127.0.0.1:8080":                      true,
		"http://localhost:1":                         true,
		"http://[::1]:1/api/v3":                      true,
		"http://api.example.net":                     false,
		"https://user:pw@api.github.com":             false,
		"https://api.github.com/?githubtest.Token=x": false,
		"ftp://api.github.com":                       false,
		"api.github.com":                             false,
		"":                                           false,
		"http://127.0.0.1.example.net:80/":           false,
	} {
		if err := pullrequest.CheckAPI(raw); (err == nil) != ok {
			t.Errorf("CheckAPI(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
}

func TestClientRefusesABadRepository(t *testing.T) {
	for _, repo := range []string{"", "o", "o/", "/r", "o/r/x", "o/..", "../r", "o/r?x"} {
		c := &pullrequest.Client{API: "https://api.github.com", Repo: repo}
		if _, err := c.PullRequest(context.Background(), 7); err == nil || !strings.Contains(err.Error(), "owner/name") {
			t.Errorf("repo %q: err %v, want owner/name refused", repo, err)
		}
	}
}

// TestListingsFollowEveryFormOfNext: a next link written any way RFC
// 8288 allows (rel unquoted, in another case, among other relations)
// is followed: page 2's request for changes withdraws page 1's approval.
func TestListingsFollowEveryFormOfNext(t *testing.T) {
	for _, form := range []string{`rel=next`, `REL="next"`, `rel="Next"`, `rel="next prev"`, `rel= "next"`, `title="a, b; c"; rel=next`} {
		t.Run(form, func(t *testing.T) {
			gh := githubtest.New(t)
			gh.PR(7, "ada", "ada")
			gh.Perm("grace", "write", "write")
			gh.Fault = func(w http.ResponseWriter, r *http.Request, _ int) bool {
				if !strings.HasSuffix(r.URL.Path, "/reviews") {
					return false
				}
				review := githubtest.Obj{"id": 1, "user": githubtest.User("grace"), "state": "APPROVED", "commit_id": githubtest.HeadSHA, "submitted_at": "2026-01-02T03:04:05Z"}
				if r.URL.Query().Get("page") == "2" {
					review = githubtest.Obj{"id": 2, "user": githubtest.User("grace"), "state": "CHANGES_REQUESTED", "commit_id": githubtest.HeadSHA, "submitted_at": "2026-01-02T04:04:05Z"}
				} else {
					q := r.URL.Query()
					q.Set("page", "2")
					w.Header().Set("Link", fmt.Sprintf(`<http://%s%s?%s>; %s`, r.Host, r.URL.Path, q.Encode(), form))
				}
				githubtest.Answer(w, http.StatusOK, []githubtest.Obj{review})
				return true
			}
			c, _ := gh.Serve()
			ctx := context.Background()
			pr, err := c.PullRequest(ctx, 7)
			if err != nil {
				t.Fatal(err)
			}
			a, err := c.Approvals(ctx, pr)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Counted) != 0 || len(a.NotCounted) != 1 || a.NotCounted[0].Reason != pullrequest.Withdrawn {
				t.Errorf("page 2 was not read: %+v", a)
			}
		})
	}
}

// TestAListingHasADeadline: an endpoint that asks to wait before every
// try (429, Retry-After) holds a listing no longer than its read
// timeout, whatever the retries and the page budget would allow: the
// listing fails, saying so.
func TestAListingHasADeadline(t *testing.T) {
	t.Parallel()
	gh := githubtest.New(t)
	gh.PR(7, "ada", "ada")
	gh.Fault = onPath("/pulls/7/reviews", 1<<20, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		githubtest.Answer(w, http.StatusTooManyRequests, githubtest.Obj{"message": "slow down"})
	})
	c, _ := gh.Serve()
	c.MaxRetries, c.ReadTimeout = 1000, 1500*time.Millisecond
	pr, err := c.PullRequest(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Approvals(context.Background(), pr)
	if err == nil || !strings.Contains(err.Error(), "the listing took longer than 1.5s") {
		t.Fatalf("got %v, want the listing's deadline named", err)
	}
	if n := count(gh.Requests, "GET /repos/o/r/pulls/7/reviews"); n > 3 {
		t.Errorf("%d tries within a deadline of 1.5s at one a second", n)
	}
}

// TestApproversLookUpsShareOneDeadline: every approving review costs a
// permission look-up, and anyone may approve a public pull request: a
// GitHub that asks to wait before each holds the approvals no longer
// than one read timeout in all, not one per approver.
func TestApproversLookUpsShareOneDeadline(t *testing.T) {
	t.Parallel()
	gh := githubtest.New(t)
	gh.PR(7, "mallory", "mallory")
	for i := range 13 {
		gh.Review(7, fmt.Sprintf("drive-by-%d", i), "APPROVED", githubtest.HeadSHA)
	}
	gh.Fault = onPath("/permission", 1<<20, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		githubtest.Answer(w, http.StatusTooManyRequests, githubtest.Obj{"message": "slow down"})
	})
	c, _ := gh.Serve()
	c.MaxRetries, c.ReadTimeout = 1000, 1500*time.Millisecond
	pr, err := c.PullRequest(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Approvals(context.Background(), pr)
	if err == nil || !strings.Contains(err.Error(), "13 approving reviewers took longer than 1.5s") {
		t.Fatalf("got %v, want the look-ups' deadline named", err)
	}
	if n := count(gh.Requests, "GET /repos/o/r/collaborators/"); n > 4*3 {
		t.Errorf("%d look-ups within a deadline of 1.5s, four at a time, at one a second", n)
	}
}
