package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/roster-dev/roster/history/historytest"
)

const reviewHeader = `schema = 1

[lists.reports]
address = "security@example.org"
policy = "p"

[lists.announce]
address = "announce@example.org"
policy = "q"

[policies.p]
vetting_methods = ["video-call"]
vetted_by = "member"

[policies.q]
vetting_methods = ["video-call"]
vetted_by = "member"
`

func reviewMember(email, github, lists string) string {
	return fmt.Sprintf("\n[[member]]\nemail = %q\ngithub = %q\nlists = { %s }\nvetting = [{ by = \"x@example.org\", on = 2026-01-01, method = \"video-call\" }]\n", email, github, lists)
}

// reviewRepo has ada (owner of reports, github ada-x) and grace (owner of
// announce, github grace-x) committed on main.
func reviewRepo(t *testing.T) (*historytest.Repo, string) {
	r := historytest.New(t)
	base := reviewHeader + reviewMember("ada@example.org", "ada-x", `reports = "owner", announce = "member"`) + reviewMember("grace@example.org", "grace-x", `announce = "owner"`)
	r.Commit("members.toml", base, "Create the lists (#1)")
	return r, base
}

func TestReview(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(string) string
		approved []string
		exit     int
		want     []string
	}{
		{"nothing changed", func(s string) string { return s }, nil, 0, []string{"No list changes"}},
		{"an addition without approval", func(s string) string {
			return s + reviewMember("lin@example.org", "lin-x", `reports = "member"`)
		}, nil, 1, []string{"list reports: NOT APPROVED", "@ada-x", "+ lin@example.org (member)"}},
		{"approved by an owner of the list", func(s string) string {
			return s + reviewMember("lin@example.org", "lin-x", `reports = "member"`)
		}, []string{"@ADA-X"}, 0, []string{"list reports: approved by @ADA-X"}},
		{"approved by an owner of another list only", func(s string) string {
			return s + reviewMember("lin@example.org", "lin-x", `reports = "member"`)
		}, []string{"grace-x"}, 1, []string{"NOT APPROVED"}},
		{"an owner the change adds cannot approve it", func(s string) string {
			return s + reviewMember("mallory@example.org", "mallory-x", `reports = "owner"`)
		}, []string{"mallory-x"}, 1, []string{"NOT APPROVED", "+ mallory@example.org (owner)"}},
		{"a new vetting record touches the member's lists", func(s string) string {
			return strings.Replace(s, `vetting = [{ by = "x@example.org", on = 2026-01-01, method = "video-call" }]`+"\n\n[[member]]\nemail = \"grace", `vetting = [{ by = "x@example.org", on = 2026-01-01, method = "video-call" }, { by = "grace-x", on = 2026-11-01, method = "video-call" }]`+"\n\n[[member]]\nemail = \"grace", 1)
		}, []string{"ada-x", "grace-x"}, 0, []string{"vetting of ada@example.org: by grace-x on 2026-11-01", "list announce: approved by @grace-x", "list reports: approved by @ada-x"}},
		{"a policy change touches its lists", func(s string) string {
			return strings.Replace(s, "[policies.p]\n", "[policies.p]\nmax_members = 3\n", 1)
		}, nil, 1, []string{"policy p changed", "list reports: NOT APPROVED"}},
		{"a role change", func(s string) string {
			return strings.Replace(s, `lists = { reports = "owner", announce = "member" }`, `lists = { reports = "owner", announce = "owner" }`, 1)
		}, []string{"grace-x"}, 0, []string{"~ ada@example.org (member -> owner)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, base := reviewRepo(t)
			writeFile(t, filepath.Join(r.Dir, "members.toml"), []byte(tt.edit(base)))
			args := []string{"review", "--base", "HEAD"}
			for _, a := range tt.approved {
				args = append(args, "--approved-by", a)
			}
			res := runRoster(t, r.Dir, args...)
			if res.code != tt.exit {
				t.Errorf("exit %d, want %d\n%s%s", res.code, tt.exit, res.stdout, res.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, res.stdout)
				}
			}
		})
	}
}

// fakeGitHub is a stand-in for the GitHub REST API: a pull request's
// reviews, and its comments.
type fakeGitHub struct {
	mu       sync.Mutex
	reviews  []map[string]any
	comments []map[string]any
	posts    int
	patches  int
	auth     []string
}

func (g *fakeGitHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.auth = append(g.auth, r.Header.Get("Authorization"))
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == "GET" && strings.HasSuffix(r.URL.Path, "/pulls/7/reviews"):
		json.NewEncoder(w).Encode(g.reviews)
	case r.Method == "GET" && strings.HasSuffix(r.URL.Path, "/issues/7/comments"):
		json.NewEncoder(w).Encode(g.comments)
	case r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/issues/7/comments"):
		var body map[string]any
		data, _ := io.ReadAll(r.Body)
		json.Unmarshal(data, &body)
		g.posts++
		body["id"] = 1000 + len(g.comments)
		g.comments = append(g.comments, body)
		w.WriteHeader(201)
		json.NewEncoder(w).Encode(body)
	case r.Method == "PATCH" && strings.HasPrefix(r.URL.Path, "/repos/o/r/issues/comments/"):
		var body map[string]any
		data, _ := io.ReadAll(r.Body)
		json.Unmarshal(data, &body)
		g.patches++
		for _, c := range g.comments {
			if fmt.Sprint(c["id"]) == strings.TrimPrefix(r.URL.Path, "/repos/o/r/issues/comments/") {
				c["body"] = body["body"]
			}
		}
		json.NewEncoder(w).Encode(body)
	default:
		w.WriteHeader(404)
		fmt.Fprint(w, `{"message":"Not Found"}`)
	}
}

// TestReviewOnAPullRequest: approvals come from the pull request's
// reviews (the latest review of each person counts), and the review is
// one comment, updated in place on every push.
func TestReviewOnAPullRequest(t *testing.T) {
	r, base := reviewRepo(t)
	writeFile(t, filepath.Join(r.Dir, "members.toml"), []byte(base+reviewMember("lin@example.org", "lin-x", `reports = "member"`)))
	gh := &fakeGitHub{
		comments: []map[string]any{{"id": 1, "body": "LGTM from a human"}},
		reviews: []map[string]any{
			{"user": map[string]any{"login": "grace-x"}, "state": "APPROVED"},
			{"user": map[string]any{"login": "ada-x"}, "state": "APPROVED"},
			{"user": map[string]any{"login": "ada-x"}, "state": "CHANGES_REQUESTED"},
		},
	}
	srv := httptest.NewServer(gh)
	defer srv.Close()
	vars := map[string]string{"GITHUB_API_URL": srv.URL, "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "t0ken"}
	writeFile(t, filepath.Join(r.Dir, "plan.md"), []byte("### roster plan\n\n**reports**: + lin\n"))
	res := runRosterEnv(t, r.Dir, vars, "review", "--base", "HEAD", "--github-pr", "7", "--comment", "--plan", "plan.md")
	if res.code != 1 || !strings.Contains(res.stdout, "NOT APPROVED") {
		t.Fatalf("ada withdrew her approval: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	gh.reviews = append(gh.reviews, map[string]any{"user": map[string]any{"login": "ada-x"}, "state": "APPROVED"}, map[string]any{"user": map[string]any{"login": "ada-x"}, "state": "COMMENTED"})
	res = runRosterEnv(t, r.Dir, vars, "review", "--base", "HEAD", "--github-pr", "7", "--comment", "--plan", "plan.md")
	if res.code != 0 {
		t.Fatalf("ada approved again: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if gh.posts != 1 || gh.patches != 1 || len(gh.comments) != 2 {
		t.Errorf("%d posts, %d patches, %d comments: want one comment, updated", gh.posts, gh.patches, len(gh.comments))
	}
	body := fmt.Sprint(gh.comments[1]["body"])
	for _, want := range []string{"<!-- roster:review -->", "✅ approved by @ada-x", "+ lin@example.org (member)", "### roster plan"} {
		if !strings.Contains(body, want) {
			t.Errorf("the comment lacks %q:\n%s", want, body)
		}
	}
	for _, a := range gh.auth {
		if a != "Bearer t0ken" {
			t.Errorf("a request carried %q", a)
		}
	}
	if res := runRosterEnv(t, r.Dir, map[string]string{"GITHUB_API_URL": "http://api.example.net", "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "t"}, "review", "--base", "HEAD", "--github-pr", "7"); res.code != 1 || !strings.Contains(res.stderr, "https") {
		t.Errorf("a token over plain http: exit %d %s", res.code, res.stderr)
	}
}
