package pullrequest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/roster-dev/roster/pullrequest"
	"github.com/roster-dev/roster/pullrequest/githubtest"
)

func TestSyncReminder(t *testing.T) {
	const (
		mark  = "<!-- roster:audit -->"
		label = "roster-audit"
	)
	type issue struct {
		n            int
		login, body  string
		labels       []string
		pullRequest  bool
		state, title string
	}
	ours := func(n int, body string) issue {
		return issue{n: n, login: githubtest.Self, body: mark + "\n" + body, labels: []string{label}, title: "Vetting due"}
	}
	for _, tc := range []struct {
		name    string
		issues  []issue
		body    string
		outcome pullrequest.Outcome
		number  int
		writes  []string
	}{
		{name: "nothing due and no issue: nothing to do", outcome: pullrequest.Unchanged},
		{name: "something due and no issue: one is opened, labelled", body: "ada: vetting lapses on 2026-03-01",
			outcome: pullrequest.Created, number: 100, writes: []string{"POST /repos/o/r/issues"}},
		{name: "something due and ours open: it is edited", issues: []issue{ours(3, "old")}, body: "new",
			outcome: pullrequest.Updated, number: 3, writes: []string{"PATCH /repos/o/r/issues/3"}},
		{name: "ours already says it", issues: []issue{ours(3, "same")}, body: "same",
			outcome: pullrequest.Unchanged, number: 3},
		{name: "nothing due and ours open: commented on and closed", issues: []issue{ours(3, "old")},
			outcome: pullrequest.Closed, number: 3, writes: []string{"POST /repos/o/r/issues/3/comments", "PATCH /repos/o/r/issues/3"}},
		{name: "another user's issue with the marker and label is never touched",
			issues: []issue{{n: 4, login: "mallory", body: mark + "\nnothing is due", labels: []string{label}, title: "Vetting due"}},
			body:   "ada: due", outcome: pullrequest.Created, number: 101, writes: []string{"POST /repos/o/r/issues"}},
		{name: "another user's issue is not closed either",
			issues:  []issue{{n: 4, login: "mallory", body: mark + "\nx", labels: []string{label}, title: "Vetting due"}},
			outcome: pullrequest.Unchanged},
		{name: "a pull request of ours is not the issue",
			issues: []issue{{n: 5, login: githubtest.Self, body: mark + "\nx", labels: []string{label}, pullRequest: true, title: "Vetting due"}},
			body:   "ada: due", outcome: pullrequest.Created, number: 101, writes: []string{"POST /repos/o/r/issues"}},
		{name: "ours needs the marker, or its title, as well as the label",
			issues: []issue{{n: 6, login: githubtest.Self, body: "a note", labels: []string{label}, title: "Another workflow's issue"}},
			body:   "ada: due", outcome: pullrequest.Created, number: 101, writes: []string{"POST /repos/o/r/issues"}},
		{name: "ours with its label taken off is still ours: edited, the label given back beside the others",
			issues: []issue{{n: 7, login: githubtest.Self, body: mark + "\nold", labels: []string{"triage"}, title: "Vetting due"}},
			body:   "new", outcome: pullrequest.Updated, number: 7, writes: []string{"PATCH /repos/o/r/issues/7"}},
		{name: "ours with its label taken off, nothing changed but the label: the label given back",
			issues: []issue{{n: 7, login: githubtest.Self, body: mark + "\nsame", title: "Vetting due"}},
			body:   "same", outcome: pullrequest.Updated, number: 7, writes: []string{"PATCH /repos/o/r/issues/7"}},
		{name: "ours with its label taken off and nothing due: closed, with its label back (reopened, it is found by it)",
			issues:  []issue{{n: 7, login: githubtest.Self, body: mark + "\nold", title: "Vetting due"}},
			outcome: pullrequest.Closed, number: 7, writes: []string{"POST /repos/o/r/issues/7/comments", "PATCH /repos/o/r/issues/7"}},
		{name: "an unlabelled issue of ours under the title but without the marker is another workflow's",
			issues: []issue{{n: 8, login: githubtest.Self, body: "a note", title: "Vetting due"}},
			body:   "ada: due", outcome: pullrequest.Created, number: 101, writes: []string{"POST /repos/o/r/issues"}},
		{name: "another user's unlabelled issue with the marker is neither ours nor in the way",
			issues: []issue{{n: 4, login: "mallory", body: mark + "\nx", title: "Vetting due"}},
			body:   "ada: due", outcome: pullrequest.Created, number: 101, writes: []string{"POST /repos/o/r/issues"}},
		{name: "the oldest of ours is the one", issues: []issue{ours(9, "newer"), ours(3, "older")}, body: "new",
			outcome: pullrequest.Updated, number: 3, writes: []string{"PATCH /repos/o/r/issues/3", "POST /repos/o/r/issues/9/comments", "PATCH /repos/o/r/issues/9"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gh := githubtest.New(t)
			for _, is := range tc.issues {
				gh.Issue(is.n, is.login, is.title, is.body, "open", is.labels, is.pullRequest)
			}
			c, _ := gh.Serve()
			res, err := c.SyncReminder(context.Background(), pullrequest.Reminder{
				Self: githubtest.Self, Marker: mark, Label: label, Title: "Vetting due", Body: tc.body})
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tc.outcome || res.Number != tc.number {
				t.Errorf("result %+v, want %s #%d", res, tc.outcome, tc.number)
			}
			if !slices.Equal(gh.Writes, tc.writes) {
				t.Errorf("writes %v, want %v", gh.Writes, tc.writes)
			}
			for _, w := range gh.Writes {
				// Every write to an existing issue is to one of ours.
				for _, is := range gh.Issues {
					if strings.Contains(w+"/", fmt.Sprintf("/issues/%d/", is["number"])) && is["user"].(githubtest.Obj)["login"] != githubtest.Self {
						t.Errorf("%s: issue #%v by %v written to", w, is["number"], is["user"].(githubtest.Obj)["login"])
					}
				}
			}
			switch tc.outcome {
			case pullrequest.Created:
				is := gh.Issues[len(gh.Issues)-1]
				if is["body"] != mark+"\n"+tc.body || fmt.Sprint(is["labels"]) != fmt.Sprint([]githubtest.Obj{{"id": len(label), "name": label, "color": "ededed", "default": false}}) {
					t.Errorf("created %v, want the marker, the body and the label", is)
				}
			case pullrequest.Updated:
				for _, is := range gh.Issues {
					if is["number"] == tc.number && !slices.ContainsFunc(is["labels"].([]githubtest.Obj), func(o githubtest.Obj) bool { return o["name"] == label }) {
						t.Errorf("issue #%d is left without the label: %v", tc.number, is["labels"])
					}
					if is["number"] == tc.number && strings.Contains(fmt.Sprint(tc.issues), "triage") && !strings.Contains(fmt.Sprint(is["labels"]), "triage") {
						t.Errorf("issue #%d lost a person's label: %v", tc.number, is["labels"])
					}
				}
			case pullrequest.Closed:
				for _, is := range gh.Issues {
					if is["number"] == tc.number && (is["state"] != "closed" || is["state_reason"] != "completed") {
						t.Errorf("issue #%d is %v (%v), want closed (completed)", tc.number, is["state"], is["state_reason"])
					}
					if is["number"] == tc.number && !slices.ContainsFunc(is["labels"].([]githubtest.Obj), func(o githubtest.Obj) bool { return o["name"] == label }) {
						t.Errorf("issue #%d is closed without the label: %v", tc.number, is["labels"])
					}
				}
				if cs := gh.CommentsOf[tc.number]; len(cs) != 1 || !strings.Contains(cs[0]["body"].(string), "closing") {
					t.Errorf("closing comments %v", cs)
				}
			}
		})
	}
}

func TestSyncReminderReadsEveryPage(t *testing.T) {
	gh := githubtest.New(t)
	for n := 1; n <= 150; n++ {
		gh.Issue(n, fmt.Sprintf("human%d", n%4), "a bug", "it breaks", "open", []string{"roster-audit"}, false)
	}
	gh.Issue(151, githubtest.Self, "Vetting due", "<!-- roster:audit -->\nold", "open", []string{"roster-audit"}, false)
	c, _ := gh.Serve()
	res, err := c.SyncReminder(context.Background(), pullrequest.Reminder{
		Self: githubtest.Self, Marker: "<!-- roster:audit -->", Label: "roster-audit", Title: "Vetting due", Body: "new"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != pullrequest.Updated || res.Number != 151 {
		t.Errorf("result %+v, want issue #151 updated", res)
	}
	if r := "GET /repos/o/r/issues?direction=asc&labels=roster-audit&page=2&per_page=100&sort=created&state=open"; !slices.Contains(gh.Requests, r) {
		t.Errorf("no %s in %v", r, gh.Requests)
	}
}

func TestSyncReminderRefusals(t *testing.T) {
	for _, status := range []int{http.StatusForbidden, http.StatusNotFound} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			gh := githubtest.New(t)
			gh.Fault = func(w http.ResponseWriter, r *http.Request, _ int) bool {
				if r.Method != http.MethodPost {
					return false
				}
				githubtest.Answer(w, status, githubtest.Obj{"message": "Refused for " + r.Header.Get("Authorization")})
				return true
			}
			c, _ := gh.Serve()
			_, err := c.SyncReminder(context.Background(), pullrequest.Reminder{Self: githubtest.Self, Marker: "<!-- m -->", Title: "t", Body: "b"})
			var apiErr *pullrequest.APIError
			if !errors.As(err, &apiErr) || apiErr.Status != status || !strings.Contains(err.Error(), "permissions: issues: write") {
				t.Fatalf("err %v, want HTTP %d naming issues: write", err, status)
			}
			if strings.Contains(err.Error(), githubtest.Token) {
				t.Errorf("error %q holds the githubtest.Token", err)
			}
			if len(gh.Writes) != 0 {
				t.Errorf("writes %v", gh.Writes)
			}
		})
	}
}

// TestSyncReminderRetires: once its own issue is kept, SyncReminder
// closes, with the comment Retire gives, the other open issues of
// roster's login with the label that Retire says are gone, and only
// those: never another user's, nor one without the label, nor one
// Retire keeps.
func TestSyncReminderRetires(t *testing.T) {
	gh := githubtest.New(t)
	gh.Issue(1, githubtest.Self, "roster: vetting to renew", "<!-- roster:reminder -->\nold file", "open", []string{"roster"}, false)
	gh.Issue(2, githubtest.Self, "roster: vetting to renew (b.toml)", "<!-- roster:reminder file=b.toml -->\nanother file", "open", []string{"roster"}, false)
	gh.Issue(3, "mallory", "planted", "<!-- roster:reminder -->\nold file", "open", []string{"roster"}, false)
	gh.Issue(4, githubtest.Self, "unlabelled", "<!-- roster:reminder -->\nold file", "open", nil, false)
	c, _ := gh.Serve()
	var asked []string
	res, err := c.SyncReminder(context.Background(), pullrequest.Reminder{
		Self: githubtest.Self, Marker: "<!-- roster:reminder file=a.toml -->", Label: "roster", Title: "roster: vetting to renew (a.toml)", Body: "due",
		Retire: func(body string, kept pullrequest.Result) string {
			asked = append(asked, strings.SplitN(body, "\n", 2)[1])
			if strings.Contains(body, "old file") {
				return fmt.Sprintf("gone; see #%d", kept.Number)
			}
			return ""
		}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != pullrequest.Created || !slices.Equal(res.Retired, []int{1}) {
		t.Errorf("result %+v, want created, #1 retired", res)
	}
	if !slices.Equal(asked, []string{"old file", "another file"}) {
		t.Errorf("Retire was asked about %q", asked)
	}
	want := []string{"POST /repos/o/r/issues", "POST /repos/o/r/issues/1/comments", "PATCH /repos/o/r/issues/1"}
	if !slices.Equal(gh.Writes, want) {
		t.Errorf("writes %v, want %v", gh.Writes, want)
	}
	for _, is := range gh.Issues {
		if n := fmt.Sprint(is["number"]); (n == "1") != (is["state"] == "closed") {
			t.Errorf("issue #%s is %v", n, is["state"])
		}
	}
	if cs := gh.Comments(1); len(cs) != 1 || cs[0]["body"] != fmt.Sprintf("gone; see #%d", res.Number) {
		t.Errorf("the closing comment of #1: %v", cs)
	}
}

// TestSyncReminderClosesASecondReminder: a person closed roster's
// reminder, a run opened another, and the person reopened the first:
// both are roster's, with the marker. The oldest is kept (edited while
// something is due) and the other closed, naming it; once nothing is
// due, the one kept is closed too. None stays open for ever.
func TestSyncReminderClosesASecondReminder(t *testing.T) {
	gh := githubtest.New(t)
	gh.Issue(1, githubtest.Self, "roster: vetting to renew", "<!-- roster:reminder -->\nold", "open", []string{"roster"}, false)
	gh.Issue(2, githubtest.Self, "roster: vetting to renew", "<!-- roster:reminder -->\nnewer", "open", []string{"roster"}, false)
	c, _ := gh.Serve()
	r := pullrequest.Reminder{Self: githubtest.Self, Marker: "<!-- roster:reminder -->", Label: "roster", Title: "roster: vetting to renew", Body: "due"}
	res, err := c.SyncReminder(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Number != 1 || !slices.Equal(res.Duplicates, []int{2}) {
		t.Errorf("result %+v, want #1 kept and #2 closed", res)
	}
	if cs := gh.Comments(2); len(cs) != 1 || !strings.Contains(fmt.Sprint(cs[0]["body"]), "#1") {
		t.Errorf("the closing comment of #2: %v", cs)
	}
	r.Body = ""
	if _, err := c.SyncReminder(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	for _, is := range gh.Issues {
		if is["state"] != "closed" {
			t.Errorf("issue #%v is %v once nothing is due", is["number"], is["state"])
		}
	}
}

// TestSyncReminderNamesAReminderAnotherLoginOpened: a person tried the
// reminder with their own token first (#1, theirs), then the workflow's
// token took over. The workflow's run opens its own and leaves #1 as
// it is, but names it, so that it is not left behind unseen.
func TestSyncReminderNamesAReminderAnotherLoginOpened(t *testing.T) {
	gh := githubtest.New(t)
	gh.Issue(1, "alice", "roster: vetting to renew", "<!-- roster:reminder -->\nold", "open", []string{"roster"}, false)
	c, _ := gh.Serve()
	res, err := c.SyncReminder(context.Background(), pullrequest.Reminder{Self: githubtest.Self, Marker: "<!-- roster:reminder -->", Label: "roster", Title: "roster: vetting to renew", Body: "due"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != pullrequest.Created || !slices.Equal(res.Foreign, []int{1}) {
		t.Errorf("result %+v, want a reminder created and #1 named", res)
	}
	for _, w := range gh.Writes {
		if strings.Contains(w, "/issues/1") {
			t.Errorf("alice's issue was written to: %v", gh.Writes)
		}
	}
}

// TestSyncReminderTakesBackOneWhoseMarkerWasEditedAway: a person edited
// the reminder (#1) and deleted its first line, the marker. Under its
// title, with its label and roster's login, it is still the reminder:
// edited (the marker written again), not left open beside a new one,
// and closed once nothing is due.
func TestSyncReminderTakesBackOneWhoseMarkerWasEditedAway(t *testing.T) {
	gh := githubtest.New(t)
	gh.Issue(1, githubtest.Self, "roster: vetting to renew", "old, edited by hand", "open", []string{"roster"}, false)
	gh.Issue(2, githubtest.Self, "another title", "something else", "open", []string{"roster"}, false)
	c, _ := gh.Serve()
	r := pullrequest.Reminder{Self: githubtest.Self, Marker: "<!-- roster:reminder -->", Label: "roster", Title: "roster: vetting to renew", Body: "due"}
	res, err := c.SyncReminder(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Number != 1 || len(gh.Issues) != 2 {
		t.Fatalf("result %+v with %d issues, want #1 edited and none opened", res, len(gh.Issues))
	}
	r.Body = ""
	if _, err := c.SyncReminder(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	for _, is := range gh.Issues {
		if want := map[bool]string{true: "closed", false: "open"}[is["number"] == 1]; is["state"] != want {
			t.Errorf("issue #%v is %v, want %s", is["number"], is["state"], want)
		}
	}
}

// TestSyncReminderInABusyRepository: in a repository with more open
// issues than roster reads (100 pages), the labelled reminder is found
// by its label, in one page; one whose label a person took off is
// looked for among every open issue, and when they are too many to read,
// a new one is opened rather than the run failing.
func TestSyncReminderInABusyRepository(t *testing.T) {
	const mark, label = "<!-- roster:audit -->", "roster-audit"
	for _, labelled := range []bool{true, false} {
		t.Run(fmt.Sprint("labelled ", labelled), func(t *testing.T) {
			gh := githubtest.New(t)
			for n := 1; n <= 10050; n++ {
				gh.Issue(n, "human", "a bug", "it breaks", "open", nil, false)
			}
			var labels []string
			if labelled {
				labels = []string{label}
			}
			gh.Issue(10051, githubtest.Self, "Vetting due", mark+"\nold", "open", labels, false)
			c, _ := gh.Serve()
			res, err := c.SyncReminder(context.Background(), pullrequest.Reminder{
				Self: githubtest.Self, Marker: mark, Label: label, Title: "Vetting due", Body: "new"})
			switch {
			case err != nil:
				t.Errorf("%v", err)
			case labelled && (res.Outcome != pullrequest.Updated || res.Number != 10051 || len(gh.Requests) != 2):
				t.Errorf("result %+v after %d requests, want #10051 updated after one listing", res, len(gh.Requests))
			case !labelled && res.Outcome != pullrequest.Created:
				t.Errorf("result %+v, want a new reminder", res)
			}
		})
	}
}
