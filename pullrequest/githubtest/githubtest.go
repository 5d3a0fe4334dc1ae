// Package githubtest is a stand-in for the GitHub REST API on loopback,
// for tests of roster's pull-request gate and reminders: one repository
// o/r, GitHub's JSON shapes (trimmed to the fields that matter), its
// pagination, its 250-commit cap on a pull request's commits, and its
// error bodies.
package githubtest

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

// The stand-in's fixed values.
const (
	// Token is the token the client sends; a test checks it never
	// reaches output.
	Token = "ghs_s3cretTOKENvalue0123456789"
	// Self is the login roster's comments are made as.
	Self = pullrequest.ActionsLogin
	// HeadSHA, OldSHA and BaseSHA are a pull request's head, an earlier
	// head and its base.
	HeadSHA = "hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh"
	OldSHA  = "oooooooooooooooooooooooooooooooooooooooo"
	BaseSHA = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
)

// Obj is a JSON object as the stand-in keeps and answers it.
type Obj = map[string]any

// Server is the stand-in: its state is exported for tests to set up and
// read, under Mu.
type Server struct {
	T      *testing.T
	Prefix string // "/api/v3" for a GitHub Enterprise root

	Mu         sync.Mutex
	Pulls      map[int]Obj
	Commits    map[int][]Obj
	Reviews    map[int][]Obj
	CommentsOf map[int][]Obj // issue (and pull request) comments, by number
	Issues     []Obj
	Perms      map[string]Obj // login -> permission answer
	NextID     int64

	Requests []string // "METHOD /path?query", every request
	Agents   []string // the User-Agent of every request
	Writes   []string // "METHOD /path", every write
	// Fault, when set, may answer a request instead of the stand-in
	// (returning true).
	Fault func(w http.ResponseWriter, r *http.Request, n int) bool
	// As is the login the token writes every comment and issue as: a
	// user for a personal token, whom GET /user answers; "NAME[bot]"
	// for an app's installation token, which GET /user refuses, as it
	// refuses an Actions token ("": Self).
	As string
}

// writer is the login the token writes as.
func (g *Server) writer() string {
	if g.As != "" {
		return g.As
	}
	return Self
}

// New returns an empty stand-in for t.
func New(t *testing.T) *Server {
	return &Server{T: t, Pulls: map[int]Obj{}, Commits: map[int][]Obj{}, Reviews: map[int][]Obj{},
		CommentsOf: map[int][]Obj{}, Perms: map[string]Obj{}, NextID: 1000}
}

// Serve starts the stand-in and returns a client of it.
func (g *Server) Serve() (*pullrequest.Client, *httptest.Server) {
	srv := httptest.NewServer(g)
	g.T.Cleanup(srv.Close)
	return &pullrequest.Client{API: srv.URL + g.Prefix, Repo: "o/r", Token: Token}, srv
}

// User is a user object as GitHub embeds it; a login ending in [bot] is
// a bot.
func User(login string) Obj {
	typ := "User"
	if strings.HasSuffix(login, "[bot]") {
		typ = "Bot"
	}
	return Obj{"login": login, "id": len(login) * 7919, "node_id": "U_" + login, "type": typ, "site_admin": false,
		"html_url": "https://github.com/" + login}
}

// PR sets up pull request n by author, with head HeadSHA, and commits by
// the given logins ("" for a commit whose email matches no account), the
// last one being the head.
func (g *Server) PR(n int, author string, commitAuthors ...string) {
	g.Pulls[n] = Obj{
		"url": fmt.Sprintf("https://api.github.com/repos/o/r/pulls/%d", n), "id": 500 + n, "number": n,
		"state": "open", "locked": false, "title": "Add ada to security-reports", "user": User(author),
		"body": "", "merged": false, "draft": false,
		"head": Obj{"label": author + ":feature", "ref": "feature", "sha": HeadSHA, "user": User(author),
			"repo": Obj{"id": 9, "name": "r", "full_name": author + "/r", "private": false}},
		"base": Obj{"label": "o:main", "ref": "main", "sha": BaseSHA, "user": User("o"),
			"repo": Obj{"id": 8, "name": "r", "full_name": "o/r", "private": false, "default_branch": "main"}},
		"author_association": "CONTRIBUTOR", "commits": len(commitAuthors),
	}
	var cs []Obj
	for i, login := range commitAuthors {
		sha := fmt.Sprintf("%040d", i+1)
		if i == len(commitAuthors)-1 {
			sha = HeadSHA
		}
		cs = append(cs, Commit(sha, login, login))
	}
	g.Commits[n] = cs
}

// Commit is one entry of /pulls/{n}/commits: author and committer are
// the GitHub accounts (null when git's email matches none).
func Commit(sha, author, committer string) Obj {
	account := func(login string) any {
		if login == "" {
			return nil
		}
		return User(login)
	}
	email := func(login string) string {
		if login == "" {
			return "someone@unlinked.example"
		}
		return login + "@users.noreply.github.com"
	}
	return Obj{
		"sha": sha, "node_id": "C_" + sha,
		"commit": Obj{
			"author":    Obj{"name": author, "email": email(author), "date": "2026-01-02T03:04:05Z"},
			"committer": Obj{"name": committer, "email": email(committer), "date": "2026-01-02T03:04:05Z"},
			"message":   "change", "tree": Obj{"sha": "t" + sha[1:]}, "comment_count": 0,
			"verification": Obj{"verified": false, "reason": "unsigned"},
		},
		"url":       "https://api.github.com/repos/o/r/commits/" + sha,
		"html_url":  "https://github.com/o/r/commit/" + sha,
		"author":    account(author),
		"committer": account(committer),
		"parents":   []Obj{{"sha": BaseSHA}},
	}
}

// Verify marks every commit of pull request n as signed by a key of its
// committer's account, as GitHub reports a verified signature.
func (g *Server) Verify(n int) {
	g.Mu.Lock()
	defer g.Mu.Unlock()
	for _, c := range g.Commits[n] {
		c["commit"].(Obj)["verification"] = Obj{"verified": true, "reason": "valid"}
	}
}

// Unlinked makes commit i of pull request n (from 0) one whose author
// and committer wrote email in git, an email GitHub links to no account
// (anyone can type any email, a member's included).
func (g *Server) Unlinked(n, i int, email string) {
	g.Mu.Lock()
	defer g.Mu.Unlock()
	c := g.Commits[n][i]
	c["author"], c["committer"] = nil, nil
	for _, k := range []string{"author", "committer"} {
		c["commit"].(Obj)[k].(Obj)["email"] = email
	}
}

// Message sets the message of commit i of pull request n (from 0), as
// git recorded it: its trailers (Co-authored-by) are in it.
func (g *Server) Message(n, i int, message string) {
	g.Mu.Lock()
	defer g.Mu.Unlock()
	g.Commits[n][i]["commit"].(Obj)["message"] = message
}

// Review adds a submitted review of pull request n, a minute after the
// previous one.
func (g *Server) Review(n int, login, state, sha string) {
	g.NextID++
	at := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC).Add(time.Duration(len(g.Reviews[n])) * time.Minute)
	g.Reviews[n] = append(g.Reviews[n], Obj{
		"id": g.NextID, "node_id": fmt.Sprintf("PRR_%d", g.NextID), "user": User(login), "body": "",
		"state": state, "html_url": fmt.Sprintf("https://github.com/o/r/pull/%d#pullrequestreview-%d", n, g.NextID),
		"pull_request_url":   fmt.Sprintf("https://api.github.com/repos/o/r/pulls/%d", n),
		"author_association": "MEMBER", "submitted_at": at.Format(time.RFC3339), "commit_id": sha,
	})
}

// Perm sets what GET .../collaborators/{login}/permission answers.
func (g *Server) Perm(login, permission, role string) {
	g.Perms[strings.ToLower(login)] = Obj{"permission": permission, "role_name": role, "user": User(login)}
}

// Comment adds a comment on issue or pull request n.
func (g *Server) Comment(n int, login, body string) int64 {
	g.NextID++
	g.CommentsOf[n] = append(g.CommentsOf[n], Obj{
		"id": g.NextID, "node_id": fmt.Sprintf("IC_%d", g.NextID), "user": User(login), "body": body,
		"html_url":   fmt.Sprintf("https://github.com/o/r/pull/%d#issuecomment-%d", n, g.NextID),
		"issue_url":  fmt.Sprintf("https://api.github.com/repos/o/r/issues/%d", n),
		"created_at": "2026-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z", "author_association": "MEMBER",
	})
	return g.NextID
}

// Issue adds an issue (or, with pr, a pull request as /issues lists it).
func (g *Server) Issue(n int, login, title, body, state string, labels []string, pr bool) {
	is := Obj{"id": 7000 + n, "number": n, "title": title, "body": body, "state": state, "user": User(login),
		"labels": labelObjects(labels), "html_url": fmt.Sprintf("https://github.com/o/r/issues/%d", n), "comments": 0, "locked": false}
	if pr {
		is["pull_request"] = Obj{"url": fmt.Sprintf("https://api.github.com/repos/o/r/pulls/%d", n)}
	}
	g.Issues = append(g.Issues, is)
}

// labelObjects is labels as GitHub shows them on an issue.
func labelObjects(labels []string) []Obj {
	var ls []Obj
	for _, l := range labels {
		ls = append(ls, Obj{"id": len(l), "name": l, "color": "ededed", "default": false})
	}
	return ls
}

var (
	rePull     = regexp.MustCompile(`^/repos/o/r/pulls/(\d+)$`)
	rePullList = regexp.MustCompile(`^/repos/o/r/pulls/(\d+)/(commits|reviews)$`)
	rePerm     = regexp.MustCompile(`^/repos/o/r/collaborators/([^/]+)/permission$`)
	reComments = regexp.MustCompile(`^/repos/o/r/issues/(\d+)/comments$`)
	reComment  = regexp.MustCompile(`^/repos/o/r/issues/comments/(\d+)$`)
	reIssues   = regexp.MustCompile(`^/repos/o/r/issues$`)
	reIssue    = regexp.MustCompile(`^/repos/o/r/issues/(\d+)$`)
)

// ErrNotFound is the body of GitHub's 404, new for each answer.
func ErrNotFound() Obj {
	return Obj{"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"}
}

// ErrForbidden is the body of GitHub's 403 to an integration, new for
// each answer.
func ErrForbidden() Obj {
	return Obj{"message": "Resource not accessible by integration", "documentation_url": "https://docs.github.com/rest", "status": "403"}
}

// ServeHTTP answers one request of GitHub's REST API.
func (g *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.Mu.Lock()
	defer g.Mu.Unlock()
	g.Requests = append(g.Requests, r.Method+" "+r.URL.RequestURI())
	g.Agents = append(g.Agents, r.UserAgent())
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-GitHub-Media-Type", "github.v3; format=json")
	w.Header().Set("X-RateLimit-Limit", "1000")
	w.Header().Set("X-RateLimit-Remaining", "998")
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
	if r.Header.Get("Authorization") != "Bearer "+Token {
		Answer(w, http.StatusUnauthorized, Obj{"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"})
		return
	}
	if g.Fault != nil && g.Fault(w, r, len(g.Requests)) {
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, g.Prefix)
	if !ok {
		Answer(w, http.StatusNotFound, ErrNotFound())
		return
	}
	if r.Method != http.MethodGet {
		g.Writes = append(g.Writes, r.Method+" "+path)
	}
	var body Obj
	if r.Body != nil && r.Method != http.MethodGet {
		_ = json.NewDecoder(r.Body).Decode(&body)
	}
	num := func(m []string) int { n, _ := strconv.Atoi(m[1]); return n }
	switch m := []string(nil); {
	case r.Method == http.MethodGet && match(rePull, path, &m):
		if pr, ok := g.Pulls[num(m)]; ok {
			Answer(w, http.StatusOK, pr)
			return
		}
	case r.Method == http.MethodGet && match(rePullList, path, &m):
		if _, ok := g.Pulls[num(m)]; ok {
			items := g.Reviews[num(m)]
			if m[2] == "commits" {
				items = g.Commits[num(m)]
				items = items[:min(len(items), 250)] // GitHub's cap
			}
			Paginate(w, r, items)
			return
		}
	case r.Method == http.MethodGet && match(rePerm, path, &m):
		if p, ok := g.Perms[strings.ToLower(m[1])]; ok {
			Answer(w, http.StatusOK, p)
			return
		}
	case r.Method == http.MethodGet && match(reComments, path, &m):
		Paginate(w, r, g.CommentsOf[num(m)])
		return
	case r.Method == http.MethodGet && path == "/user":
		if g.As == "" || strings.HasSuffix(g.As, "[bot]") {
			Answer(w, http.StatusForbidden, ErrForbidden())
			return
		}
		Answer(w, http.StatusOK, User(g.As))
		return
	case r.Method == http.MethodPost && match(reComments, path, &m):
		id := g.Comment(num(m), g.writer(), body["body"].(string))
		Answer(w, http.StatusCreated, g.FindComment(id))
		return
	case r.Method == http.MethodPatch && match(reComment, path, &m):
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if c := g.FindComment(id); c != nil {
			c["body"] = body["body"]
			Answer(w, http.StatusOK, c)
			return
		}
	case r.Method == http.MethodGet && match(reIssues, path, &m):
		q := r.URL.Query()
		if q.Get("creator") != "" {
			g.T.Errorf("the issues listing was filtered by creator=%s", q.Get("creator"))
		}
		var open []Obj
		for _, is := range g.Issues {
			if is["state"] != "open" {
				continue
			}
			if l := q.Get("labels"); l != "" && !slices.ContainsFunc(is["labels"].([]Obj), func(o Obj) bool { return o["name"] == l }) {
				continue
			}
			open = append(open, is)
		}
		Paginate(w, r, open)
		return
	case r.Method == http.MethodPost && match(reIssues, path, &m):
		n := 100 + len(g.Issues)
		var labels []string
		ls, _ := body["labels"].([]any)
		for _, l := range ls {
			labels = append(labels, l.(string))
		}
		g.Issue(n, g.writer(), body["title"].(string), body["body"].(string), "open", labels, false)
		Answer(w, http.StatusCreated, g.Issues[len(g.Issues)-1])
		return
	case r.Method == http.MethodPatch && match(reIssue, path, &m):
		for _, is := range g.Issues {
			if is["number"] == num(m) {
				for k, v := range body {
					is[k] = v
				}
				if ls, ok := body["labels"].([]any); ok {
					// Names in, label objects out, as GitHub answers.
					var names []string
					for _, l := range ls {
						names = append(names, l.(string))
					}
					is["labels"] = labelObjects(names)
				}
				Answer(w, http.StatusOK, is)
				return
			}
		}
	}
	Answer(w, http.StatusNotFound, ErrNotFound())
}

func match(re *regexp.Regexp, path string, m *[]string) bool {
	*m = re.FindStringSubmatch(path)
	return *m != nil
}

// FindComment returns the comment with id, on any issue, or nil.
func (g *Server) FindComment(id int64) Obj {
	for _, cs := range g.CommentsOf {
		for _, c := range cs {
			if c["id"] == id {
				return c
			}
		}
	}
	return nil
}

// Answer writes status and v as JSON.
func Answer(w http.ResponseWriter, status int, v any) {
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Paginate answers one page of items as GitHub does: per_page (default
// 30, at most 100) and page (from 1), with a Link header naming the next,
// last, first and previous pages as absolute URLs.
func Paginate(w http.ResponseWriter, r *http.Request, items []Obj) {
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
		out = []Obj{}
	}
	Answer(w, http.StatusOK, out)
}

// SetHead makes sha the head commit of pull request n (and its last
// commit's), for tests whose pull request is a real git commit.
func (g *Server) SetHead(n int, sha string) {
	g.Mu.Lock()
	defer g.Mu.Unlock()
	g.Pulls[n]["head"].(Obj)["sha"] = sha
	if cs := g.Commits[n]; len(cs) > 0 {
		cs[len(cs)-1]["sha"] = sha
	}
}

// Comments returns the bodies and authors of the comments on n.
func (g *Server) Comments(n int) []Obj {
	g.Mu.Lock()
	defer g.Mu.Unlock()
	out := make([]Obj, len(g.CommentsOf[n]))
	copy(out, g.CommentsOf[n])
	return out
}
