package pullrequest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/roster-dev/roster/pullrequest"
	"github.com/roster-dev/roster/pullrequest/githubtest"
)

// TestCheckLogin takes what GitHub names its accounts, and refuses what
// it names none, before anything is written as it.
func TestCheckLogin(t *testing.T) {
	for _, login := range []string{"alice-pat", "github-actions[bot]", "roster-app[bot]", "ada_corp"} {
		if err := pullrequest.CheckLogin(login); err != nil {
			t.Errorf("%q: %v", login, err)
		}
	}
	for _, login := range []string{"", "bad login", "@alice", "github-actions[Bot]x", "a/b", "-x", "ad\u0430"} {
		if err := pullrequest.CheckLogin(login); err == nil || !strings.Contains(err.Error(), "[bot]") {
			t.Errorf("%q: %v, want a refusal saying what a login is", login, err)
		}
	}
}

// TestTokenUser: a personal token's user, whom GitHub names; none for an
// installation token, which GitHub refuses GET /user.
func TestTokenUser(t *testing.T) {
	for as, want := range map[string]string{"alice-pat": "alice-pat", "roster-app[bot]": "", "": ""} {
		gh := githubtest.New(t)
		gh.As = as
		c, _ := gh.Serve()
		if got, err := c.TokenUser(context.Background()); err != nil || got != want {
			t.Errorf("a token writing as %q: %q, %v; want %q", as, got, err, want)
		}
	}
}

// TestLeftovers: roster's marker on an open issue (with the label) or a
// comment that another app's bot wrote than the login given is most
// likely an earlier run's, written as the login the token really writes
// as: nothing new is written, on every run, and the error names it. A
// user's is ignored (anyone may plant a marker), and our own is kept as
// ever.
func TestLeftovers(t *testing.T) {
	const mark, label = "<!-- roster:reminder -->", "roster"
	sync := func(gh *githubtest.Server, self string) (pullrequest.Result, error) {
		c, _ := gh.Serve()
		return c.SyncReminder(context.Background(), pullrequest.Reminder{Self: self, Marker: mark, Label: label, Title: "t", Body: "due"})
	}
	gh := githubtest.New(t)
	gh.Issue(3, "github-actions[bot]", "t", mark+"\nold", "open", []string{label}, false)
	_, err := sync(gh, "github-actions")
	var le *pullrequest.LeftoverError
	if !errors.As(err, &le) || le.Author != "github-actions[bot]" || le.What != "issue #3" || len(gh.Writes) != 0 {
		t.Errorf("an issue of github-actions[bot], given github-actions: %v, writes %v", err, gh.Writes)
	}
	// Ours open too: it is kept, as ever.
	gh.Issue(5, "github-actions", "t", mark+"\nold", "open", []string{label}, false)
	if res, err := sync(gh, "github-actions"); err != nil || res.Outcome != pullrequest.Updated || res.Number != 5 {
		t.Errorf("ours beside it: %+v, %v", res, err)
	}
	// Without the label, anyone's.
	gh = githubtest.New(t)
	gh.As = "roster-app[bot]"
	gh.Issue(3, "github-actions[bot]", "t", mark+"\nold", "open", nil, false)
	if res, err := sync(gh, "roster-app[bot]"); err != nil || res.Outcome != pullrequest.Created {
		t.Errorf("an unlabelled one: %+v, %v", res, err)
	}

	gh = githubtest.New(t)
	gh.Comment(7, "mallory", mark+"\nplanted")
	gh.Comment(7, "roster-app[bot]", mark+"\nold")
	c, _ := gh.Serve()
	// A pull request's comment by another bot, marker or not, stops
	// nothing: an app that quotes a pull request's text must not stop
	// the gate's comment. The one written says it was written as
	// another login.
	_, err = c.UpsertComment(context.Background(), 7, "roster-ap[bot]", mark, "review")
	var wl *pullrequest.WrongLoginError
	if errors.As(err, &le) || !errors.As(err, &wl) || len(gh.Writes) != 1 {
		t.Errorf("a comment of roster-app[bot], given roster-ap[bot]: %v, writes %v", err, gh.Writes)
	}
}
