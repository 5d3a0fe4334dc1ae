package pullrequest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roster-dev/roster/pullrequest"
)

// A stand-in for the GitHub REST API, on loopback, for one repository
// o/r: the shapes of GitHub's answers (trimmed to the fields that
// matter), its pagination (per_page up to 100, default 30, and a Link
// header with rel="next" / "last" / "first" / "prev"), its 250-commit cap
// on a pull request's commits, and its error bodies.

const (
	token  = "ghs_s3cretTOKENvalue0123456789"
	self   = pullrequest.ActionsLogin
	headSH = "hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh"
	oldSH  = "oooooooooooooooooooooooooooooooooooooooo"
	baseSH = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
)

type obj = map[string]any

type github struct {
	t      *testing.T
	prefix string // "/api/v3" for a GitHub Enterprise root

	mu       sync.Mutex
	pulls    map[int]obj
	commits  map[int][]obj
	reviews  map[int][]obj
	comments map[int][]obj // issue (and pull request) comments, by number
	issues   []obj
	perms    map[string]obj // login -> permission answer
	nextID   int64

	requests []string // "METHOD /path?query", every request
	writes   []string // "METHOD /path", every write
	// fault, when set, may answer a request instead of the stand-in
	// (returning true).
	fault func(w http.ResponseWriter, r *http.Request, n int) bool
}

func newGitHub(t *testing.T) *github {
	return &github{t: t, pulls: map[int]obj{}, commits: map[int][]obj{}, reviews: map[int][]obj{},
		comments: map[int][]obj{}, perms: map[string]obj{}, nextID: 1000}
}

// serve starts the stand-in and returns a client of it.
func (g *github) serve() (*pullrequest.Client, *httptest.Server) {
	srv := httptest.NewServer(g)
	g.t.Cleanup(srv.Close)
	return &pullrequest.Client{API: srv.URL + g.prefix, Repo: "o/r", Token: token}, srv
}

func user(login string) obj {
	typ := "User"
	if strings.HasSuffix(login, "[bot]") {
		typ = "Bot"
	}
	return obj{"login": login, "id": len(login) * 7919, "node_id": "U_" + login, "type": typ, "site_admin": false,
		"html_url": "https://github.com/" + login}
}

// pr sets up pull request n by author, with head headSH, and commits by
// the given logins ("" for a commit whose email matches no account), the
// last one being the head.
func (g *github) pr(n int, author string, commitAuthors ...string) {
	g.pulls[n] = obj{
		"url": fmt.Sprintf("https://api.github.com/repos/o/r/pulls/%d", n), "id": 500 + n, "number": n,
		"state": "open", "locked": false, "title": "Add ada to security-reports", "user": user(author),
		"body": "", "merged": false, "draft": false,
		"head": obj{"label": author + ":feature", "ref": "feature", "sha": headSH, "user": user(author),
			"repo": obj{"id": 9, "name": "r", "full_name": author + "/r", "private": false}},
		"base": obj{"label": "o:main", "ref": "main", "sha": baseSH, "user": user("o"),
			"repo": obj{"id": 8, "name": "r", "full_name": "o/r", "private": false}},
		"author_association": "CONTRIBUTOR", "commits": len(commitAuthors),
	}
	var cs []obj
	for i, login := range commitAuthors {
		sha := fmt.Sprintf("%040d", i+1)
		if i == len(commitAuthors)-1 {
			sha = headSH
		}
		cs = append(cs, commit(sha, login, login))
	}
	g.commits[n] = cs
}

// commit is one entry of /pulls/{n}/commits: author and committer are
// the GitHub accounts (null when git's email matches none).
func commit(sha, author, committer string) obj {
	account := func(login string) any {
		if login == "" {
			return nil
		}
		return user(login)
	}
	email := func(login string) string {
		if login == "" {
			return "someone@unlinked.example"
		}
		return login + "@users.noreply.github.com"
	}
	return obj{
		"sha": sha, "node_id": "C_" + sha,
		"commit": obj{
			"author":    obj{"name": author, "email": email(author), "date": "2026-01-02T03:04:05Z"},
			"committer": obj{"name": committer, "email": email(committer), "date": "2026-01-02T03:04:05Z"},
			"message":   "change", "tree": obj{"sha": "t" + sha[1:]}, "comment_count": 0,
			"verification": obj{"verified": false, "reason": "unsigned"},
		},
		"url":       "https://api.github.com/repos/o/r/commits/" + sha,
		"html_url":  "https://github.com/o/r/commit/" + sha,
		"author":    account(author),
		"committer": account(committer),
		"parents":   []obj{{"sha": baseSH}},
	}
}

// review adds a submitted review of pull request n, a minute after the
// previous one.
func (g *github) review(n int, login, state, sha string) {
	g.nextID++
	at := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC).Add(time.Duration(len(g.reviews[n])) * time.Minute)
	g.reviews[n] = append(g.reviews[n], obj{
		"id": g.nextID, "node_id": fmt.Sprintf("PRR_%d", g.nextID), "user": user(login), "body": "",
		"state": state, "html_url": fmt.Sprintf("https://github.com/o/r/pull/%d#pullrequestreview-%d", n, g.nextID),
		"pull_request_url":   fmt.Sprintf("https://api.github.com/repos/o/r/pulls/%d", n),
		"author_association": "MEMBER", "submitted_at": at.Format(time.RFC3339), "commit_id": sha,
	})
}

// perm sets what GET .../collaborators/{login}/permission answers.
func (g *github) perm(login, permission, role string) {
	g.perms[strings.ToLower(login)] = obj{"permission": permission, "role_name": role, "user": user(login)}
}

// comment adds a comment on issue or pull request n.
func (g *github) comment(n int, login, body string) int64 {
	g.nextID++
	g.comments[n] = append(g.comments[n], obj{
		"id": g.nextID, "node_id": fmt.Sprintf("IC_%d", g.nextID), "user": user(login), "body": body,
		"html_url":   fmt.Sprintf("https://github.com/o/r/pull/%d#issuecomment-%d", n, g.nextID),
		"issue_url":  fmt.Sprintf("https://api.github.com/repos/o/r/issues/%d", n),
		"created_at": "2026-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z", "author_association": "MEMBER",
	})
	return g.nextID
}

// issue adds an issue (or, with pr, a pull request as /issues lists it).
func (g *github) issue(n int, login, title, body, state string, labels []string, pr bool) {
	var ls []obj
	for _, l := range labels {
		ls = append(ls, obj{"id": len(l), "name": l, "color": "ededed", "default": false})
	}
	is := obj{"id": 7000 + n, "number": n, "title": title, "body": body, "state": state, "user": user(login),
		"labels": ls, "html_url": fmt.Sprintf("https://github.com/o/r/issues/%d", n), "comments": 0, "locked": false}
	if pr {
		is["pull_request"] = obj{"url": fmt.Sprintf("https://api.github.com/repos/o/r/pulls/%d", n)}
	}
	g.issues = append(g.issues, is)
}

var (
	rePull       = regexp.MustCompile(`^/repos/o/r/pulls/(\d+)$`)
	rePullList   = regexp.MustCompile(`^/repos/o/r/pulls/(\d+)/(commits|reviews)$`)
	rePerm       = regexp.MustCompile(`^/repos/o/r/collaborators/([^/]+)/permission$`)
	reComments   = regexp.MustCompile(`^/repos/o/r/issues/(\d+)/comments$`)
	reComment    = regexp.MustCompile(`^/repos/o/r/issues/comments/(\d+)$`)
	reIssues     = regexp.MustCompile(`^/repos/o/r/issues$`)
	reIssue      = regexp.MustCompile(`^/repos/o/r/issues/(\d+)$`)
	errNotFound  = obj{"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"}
	errForbidden = obj{"message": "Resource not accessible by integration", "documentation_url": "https://docs.github.com/rest", "status": "403"}
)

func (g *github) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.requests = append(g.requests, r.Method+" "+r.URL.RequestURI())
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-GitHub-Media-Type", "github.v3; format=json")
	w.Header().Set("X-RateLimit-Limit", "1000")
	w.Header().Set("X-RateLimit-Remaining", "998")
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
	if r.Header.Get("Authorization") != "Bearer "+token {
		answer(w, http.StatusUnauthorized, obj{"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"})
		return
	}
	if g.fault != nil && g.fault(w, r, len(g.requests)) {
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, g.prefix)
	if !ok {
		answer(w, http.StatusNotFound, errNotFound)
		return
	}
	if r.Method != http.MethodGet {
		g.writes = append(g.writes, r.Method+" "+path)
	}
	var body obj
	if r.Body != nil && r.Method != http.MethodGet {
		_ = json.NewDecoder(r.Body).Decode(&body)
	}
	num := func(m []string) int { n, _ := strconv.Atoi(m[1]); return n }
	switch m := []string(nil); {
	case r.Method == http.MethodGet && match(rePull, path, &m):
		if pr, ok := g.pulls[num(m)]; ok {
			answer(w, http.StatusOK, pr)
			return
		}
	case r.Method == http.MethodGet && match(rePullList, path, &m):
		if _, ok := g.pulls[num(m)]; ok {
			items := g.reviews[num(m)]
			if m[2] == "commits" {
				items = g.commits[num(m)]
				items = items[:min(len(items), 250)] // GitHub's cap
			}
			paginate(w, r, items)
			return
		}
	case r.Method == http.MethodGet && match(rePerm, path, &m):
		if p, ok := g.perms[strings.ToLower(m[1])]; ok {
			answer(w, http.StatusOK, p)
			return
		}
	case r.Method == http.MethodGet && match(reComments, path, &m):
		paginate(w, r, g.comments[num(m)])
		return
	case r.Method == http.MethodPost && match(reComments, path, &m):
		id := g.comment(num(m), self, body["body"].(string))
		answer(w, http.StatusCreated, g.findComment(id))
		return
	case r.Method == http.MethodPatch && match(reComment, path, &m):
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if c := g.findComment(id); c != nil {
			c["body"] = body["body"]
			answer(w, http.StatusOK, c)
			return
		}
	case r.Method == http.MethodGet && match(reIssues, path, &m):
		q := r.URL.Query()
		if q.Get("creator") != "" {
			g.t.Errorf("the issues listing was filtered by creator=%s", q.Get("creator"))
		}
		var open []obj
		for _, is := range g.issues {
			if is["state"] != "open" {
				continue
			}
			if l := q.Get("labels"); l != "" && !slices.ContainsFunc(is["labels"].([]obj), func(o obj) bool { return o["name"] == l }) {
				continue
			}
			open = append(open, is)
		}
		paginate(w, r, open)
		return
	case r.Method == http.MethodPost && match(reIssues, path, &m):
		n := 100 + len(g.issues)
		var labels []string
		ls, _ := body["labels"].([]any)
		for _, l := range ls {
			labels = append(labels, l.(string))
		}
		g.issue(n, self, body["title"].(string), body["body"].(string), "open", labels, false)
		answer(w, http.StatusCreated, g.issues[len(g.issues)-1])
		return
	case r.Method == http.MethodPatch && match(reIssue, path, &m):
		for _, is := range g.issues {
			if is["number"] == num(m) {
				for k, v := range body {
					is[k] = v
				}
				answer(w, http.StatusOK, is)
				return
			}
		}
	}
	answer(w, http.StatusNotFound, errNotFound)
}

func match(re *regexp.Regexp, path string, m *[]string) bool {
	*m = re.FindStringSubmatch(path)
	return *m != nil
}

func (g *github) findComment(id int64) obj {
	for _, cs := range g.comments {
		for _, c := range cs {
			if c["id"] == id {
				return c
			}
		}
	}
	return nil
}

func answer(w http.ResponseWriter, status int, v any) {
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// paginate answers one page of items as GitHub does: per_page (default
// 30, at most 100) and page (from 1), with a Link header naming the next,
// last, first and previous pages as absolute URLs.
func paginate(w http.ResponseWriter, r *http.Request, items []obj) {
	q := r.URL.Query()
	per, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || per <= 0 {
		per = 30
	}
	per = min(per, 100)
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page <= 0 {
		page = 1
	}
	last := max(1, (len(items)+per-1)/per)
	link := func(p int, rel string) string {
		q.Set("page", strconv.Itoa(p))
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
		return fmt.Sprintf(`<%s>; rel="%s"`, u.String(), rel)
	}
	var links []string
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"), link(page-1, "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	lo, hi := min(len(items), (page-1)*per), min(len(items), page*per)
	out := items[lo:hi]
	if out == nil {
		out = []obj{}
	}
	answer(w, http.StatusOK, out)
}
