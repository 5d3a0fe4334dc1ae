package pullrequest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/roster-dev/roster/pullrequest"
)

// TestAPageThatNamesALaterLastPageAndNoNextIsRefused: page 2 of the
// reviews says page 3 is the last, and gives no next link. Stopping there
// would count amara's approval on page 1, which she withdrew on page 3:
// the listing is refused as partial.
func TestAPageThatNamesALaterLastPageAndNoNextIsRefused(t *testing.T) {
	head := "4bbb124cd3128547960b5f9c86f640e306777cc7"
	rev := func(id int, login, state string) string {
		return fmt.Sprintf(`{"id":%d,"user":{"login":%q,"type":"User"},"state":%q,"commit_id":%q,"submitted_at":"2026-06-21T10:%02d:%02dZ"}`, id, login, state, head, id/60, id%60)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/repos/o/r/pulls/7/reviews":
			page := r.URL.Query().Get("page")
			body := "["
			switch page {
			case "1", "":
				body += rev(1, "amara-okafor", "APPROVED")
				for i := 2; i <= 100; i++ {
					body += "," + rev(i, fmt.Sprintf("c%d", i), "COMMENTED")
				}
				w.Header().Set("Link", `<http://`+r.Host+`/repos/o/r/pulls/7/reviews?page=2>; rel="next", <http://`+r.Host+`/repos/o/r/pulls/7/reviews?page=3>; rel="last"`)
			case "2":
				body += rev(101, "c101", "COMMENTED")
				for i := 102; i <= 200; i++ {
					body += "," + rev(i, fmt.Sprintf("c%d", i), "COMMENTED")
				}
				w.Header().Set("Link", `<http://`+r.Host+`/repos/o/r/pulls/7/reviews?page=3>; rel="last", <http://`+r.Host+`/repos/o/r/pulls/7/reviews?page=1>; rel="first"`)
			case "3":
				body += rev(201, "amara-okafor", "CHANGES_REQUESTED")
			}
			fmt.Fprint(w, body+"]")
		case "/repos/o/r/collaborators/amara-okafor/permission":
			fmt.Fprint(w, `{"permission":"write","role_name":"write"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := &pullrequest.Client{API: srv.URL, Repo: "o/r", Token: "t"}
	ap, err := c.Approvals(context.Background(), &pullrequest.PullRequest{Number: 7, HeadSHA: head})
	if err == nil {
		t.Fatalf("page 3 of 3 was never read; counted %v (amara requested changes on page 3)", ap.Counted)
	}
}
