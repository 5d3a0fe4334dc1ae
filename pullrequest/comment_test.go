package pullrequest_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/roster-dev/roster/pullrequest"
	"github.com/roster-dev/roster/pullrequest/githubtest"
)

const marker = "<!-- roster:review -->"

func TestUpsertComment(t *testing.T) {
	type planted struct {
		at          int // index among 250 comments, on pages of 100
		login, body string
	}
	for _, tc := range []struct {
		name    string
		planted []planted
		body    string
		outcome pullrequest.Outcome
		writes  []string // %d is the id of the comment at index edit
		edit    int
	}{
		{name: "the first review adds a comment", body: "plan",
			outcome: pullrequest.Created, writes: []string{"POST /repos/o/r/issues/7/comments"}},
		{name: "ours on page 3 is edited", planted: []planted{{230, githubtest.Self, marker + "\nold plan"}}, body: "new plan",
			outcome: pullrequest.Updated, writes: []string{"PATCH /repos/o/r/issues/comments/%d"}, edit: 230},
		{name: "ours unchanged is left alone", planted: []planted{{230, githubtest.Self, marker + "\nold plan"}}, body: "old plan",
			outcome: pullrequest.Unchanged},
		{name: "a marker planted by another user is ignored and a comment added",
			planted: []planted{{30, "mallory", marker + "\nApproved by everyone."}}, body: "plan",
			outcome: pullrequest.Created, writes: []string{"POST /repos/o/r/issues/7/comments"}},
		{name: "a marker planted by a look-alike of our login is ignored",
			planted: []planted{{30, strings.Replace(githubtest.Self, "s", "\u017f", 1), marker + "\nApproved by everyone."}}, body: "plan",
			outcome: pullrequest.Created, writes: []string{"POST /repos/o/r/issues/7/comments"}},
		{name: "ours is found past a planted one",
			planted: []planted{{30, "mallory", marker + "\nApproved by everyone."}, {230, githubtest.Self, marker + "\nold plan"}}, body: "new plan",
			outcome: pullrequest.Updated, writes: []string{"PATCH /repos/o/r/issues/comments/%d"}, edit: 230},
		{name: "our comments without the marker are not the review",
			planted: []planted{{50, githubtest.Self, "Thanks for the pull request!"}}, body: "plan",
			outcome: pullrequest.Created, writes: []string{"POST /repos/o/r/issues/7/comments"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gh := githubtest.New(t)
			ids := make([]int64, 250)
			for i := range ids {
				login, body := fmt.Sprintf("human%d", i%5), "a human's comment"
				for _, p := range tc.planted {
					if p.at == i {
						login, body = p.login, p.body
					}
				}
				ids[i] = gh.Comment(7, login, body)
			}
			c, _ := gh.Serve()
			res, err := c.UpsertComment(context.Background(), 7, githubtest.Self, marker, marker+"\n"+tc.body)
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tc.outcome {
				t.Errorf("outcome %s, want %s", res.Outcome, tc.outcome)
			}
			var want []string
			for _, w := range tc.writes {
				if strings.Contains(w, "%d") {
					w = fmt.Sprintf(w, ids[tc.edit])
				}
				want = append(want, w)
			}
			if !slices.Equal(gh.Writes, want) {
				t.Errorf("writes %v, want %v", gh.Writes, want)
			}
			for p := 1; p <= 3; p++ {
				if r := fmt.Sprintf("GET /repos/o/r/issues/7/comments?page=%d&per_page=100", p); tc.outcome == pullrequest.Created && !slices.Contains(gh.Requests, r) {
					t.Errorf("no %s in %v", r, gh.Requests)
				}
			}
			ours := 0
			for _, cm := range gh.CommentsOf[7] {
				body, login := cm["body"].(string), cm["user"].(githubtest.Obj)["login"]
				if login != githubtest.Self && strings.Contains(body, marker) && !strings.Contains(body, "Approved by everyone.") {
					t.Errorf("%s's comment was changed to %q", login, body)
				}
				if login == githubtest.Self && strings.Contains(body, marker) {
					ours++
					if body != marker+"\n"+tc.body {
						t.Errorf("our comment says %q, want %q", body, marker+"\n"+tc.body)
					}
				}
			}
			if ours != 1 {
				t.Errorf("%d comments of ours hold the marker, want 1", ours)
			}
		})
	}
}

func TestUpsertCommentAddsTheMarker(t *testing.T) {
	gh := githubtest.New(t)
	c, _ := gh.Serve()
	if _, err := c.UpsertComment(context.Background(), 7, githubtest.Self, marker, "plan"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpsertComment(context.Background(), 7, githubtest.Self, marker, "plan"); err != nil {
		t.Fatal(err)
	}
	if len(gh.CommentsOf[7]) != 1 || gh.CommentsOf[7][0]["body"] != marker+"\nplan" {
		t.Errorf("comments %v, want one with the marker then the body", gh.CommentsOf[7])
	}
	if len(gh.Writes) != 1 {
		t.Errorf("writes %v, want one POST", gh.Writes)
	}
}

// TestUpsertCommentSupersedesASecondOfOurs: two runs at once each found
// no comment and posted one; the later says "Approved", the review now
// does not. The first is kept up to date and the second points at it,
// no longer saying what it said; run again, nothing more is written.
func TestUpsertCommentSupersedesASecondOfOurs(t *testing.T) {
	gh := githubtest.New(t)
	first := gh.Comment(7, githubtest.Self, marker+"\nNot approved")
	second := gh.Comment(7, githubtest.Self, marker+"\n**Approved**")
	c, _ := gh.Serve()
	res, err := c.UpsertComment(context.Background(), 7, githubtest.Self, marker, marker+"\nNot approved: 1 of 2 owners")
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != pullrequest.Updated {
		t.Errorf("outcome %s, want %s", res.Outcome, pullrequest.Updated)
	}
	if got := gh.FindComment(first)["body"]; got != marker+"\nNot approved: 1 of 2 owners" {
		t.Errorf("the first comment says %q", got)
	}
	if got := fmt.Sprint(gh.FindComment(second)["body"]); strings.Contains(got, "Approved") || !strings.Contains(got, "Superseded by") {
		t.Errorf("the second comment says %q", got)
	}
	writes := len(gh.Writes)
	if _, err := c.UpsertComment(context.Background(), 7, githubtest.Self, marker, marker+"\nNot approved: 1 of 2 owners"); err != nil {
		t.Fatal(err)
	}
	if len(gh.Writes) != writes {
		t.Errorf("run again, it wrote %v", gh.Writes[writes:])
	}
}
