package pullrequest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/roster-dev/roster/pullrequest"
)

// pagedGitHub serves reviews and comments in pages of per_page, as the
// REST API does, and records the writes.
type pagedGitHub struct {
	reviews  []map[string]any
	comments []map[string]any
	writes   []string
	status   int // when set, every request fails with it
}

func page[T any](items []T, r *http.Request) []T {
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	lo, hi := min(len(items), (n-1)*per), min(len(items), n*per)
	return items[lo:hi]
}

func (g *pagedGitHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if g.status != 0 {
		w.WriteHeader(g.status)
		fmt.Fprint(w, `{"message":"Resource not accessible by integration"}`)
		return
	}
	switch {
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/reviews"):
		_ = json.NewEncoder(w).Encode(page(g.reviews, r))
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/comments"):
		_ = json.NewEncoder(w).Encode(page(g.comments, r))
	default:
		g.writes = append(g.writes, r.Method+" "+r.URL.Path)
		fmt.Fprint(w, `{}`)
	}
}

func reviewBy(login, state string) map[string]any {
	return map[string]any{"user": map[string]any{"login": login}, "state": state}
}

func TestApproversReadsEveryPage(t *testing.T) {
	gh := &pagedGitHub{}
	for i := 0; i < 150; i++ {
		gh.reviews = append(gh.reviews, reviewBy(fmt.Sprintf("bot-%d", i%3), "COMMENTED"))
	}
	gh.reviews[10] = reviewBy("ada", "APPROVED")
	gh.reviews[20] = reviewBy("grace", "APPROVED")
	gh.reviews[120] = reviewBy("ada", "CHANGES_REQUESTED") // on page 2: withdraws
	gh.reviews[130] = reviewBy("lin", "APPROVED")          // on page 2
	gh.reviews[140] = reviewBy("grace", "COMMENTED")       // a comment keeps an approval
	srv := httptest.NewServer(gh)
	defer srv.Close()
	c := &pullrequest.Client{API: srv.URL, Repo: "o/r"}
	got, err := c.Approvers(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"grace", "lin"}; !slices.Equal(got, want) {
		t.Errorf("approvers %v, want %v", got, want)
	}
}

func TestUpsertFindsItsCommentOnAnyPage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		at     int // where roster's comment is, -1 for nowhere
		body   string
		writes []string
	}{
		{"first comment", -1, "plan", []string{"POST /repos/o/r/issues/7/comments"}},
		{"on page 2", 130, "new plan", []string{"PATCH /repos/o/r/issues/comments/130"}},
		{"unchanged", 130, "old plan", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gh := &pagedGitHub{}
			for i := 0; i < 150; i++ {
				gh.comments = append(gh.comments, map[string]any{"id": i, "body": "a human's comment"})
			}
			if tc.at >= 0 {
				gh.comments[tc.at]["body"] = "<!-- roster:review -->\nold plan"
			}
			srv := httptest.NewServer(gh)
			defer srv.Close()
			c := &pullrequest.Client{API: srv.URL, Repo: "o/r"}
			if err := c.Upsert(context.Background(), 7, "<!-- roster:review -->", "<!-- roster:review -->\n"+tc.body); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(gh.writes, tc.writes) {
				t.Errorf("writes %v, want %v", gh.writes, tc.writes)
			}
		})
	}
}

func TestRefusalNamesThePermission(t *testing.T) {
	srv := httptest.NewServer(&pagedGitHub{status: http.StatusForbidden})
	defer srv.Close()
	c := &pullrequest.Client{API: srv.URL, Repo: "o/r"}
	_, err := c.Approvers(context.Background(), 7)
	if err == nil || !strings.Contains(err.Error(), "pull-requests: read") || !strings.Contains(err.Error(), "403") {
		t.Errorf("a 403: %v, want the status and the permission to grant", err)
	}
}

func TestCheckAPI(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://api.github.com":         true,
		"https://ghe.example.com/api/v3": true,
		"http://127.0.0.1:8080":          true,
		"http://localhost:1":             true,
		"http://api.example.net":         false,
		"api.github.com":                 false,
		"":                               false,
	} {
		if err := pullrequest.CheckAPI(raw); (err == nil) != ok {
			t.Errorf("CheckAPI(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
}
