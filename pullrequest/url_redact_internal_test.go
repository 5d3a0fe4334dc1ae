package pullrequest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAURLGitHubSendsIsRedacted: a server (or a proxy before it) whose
// html_url carries the token: roster prints the URL, so it is redacted as
// every text GitHub sends is.
func TestAURLGitHubSendsIsRedacted(t *testing.T) {
	const tok = "ghs_s3cretTOKENvalue0123456789"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet {
			w.Write([]byte(`[]`))
			return
		}
		w.WriteHeader(201)
		w.Write([]byte(`{"id":1,"html_url":"https://github.com/o/r/pull/1#c1?t=` + tok + `","user":{"login":"github-actions[bot]"},"body":"x"}`))
	}))
	defer srv.Close()
	c := &Client{API: srv.URL, Repo: "o/r", Token: tok}
	res, err := c.UpsertComment(context.Background(), 1, "github-actions[bot]", "<!-- m -->", "hi")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(res.URL, tok) {
		t.Errorf("Result.URL carries the token: %s", res.URL)
	}
}
