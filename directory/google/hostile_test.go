package google_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/google"
)

// hostile is a stand-in for Google that answers members.list with the
// pages a test gives it: page n is answered for pageToken "t<n>" (the
// first for none), whatever its own nextPageToken says.
func hostile(t *testing.T, pages []string, cfg google.Config) (*google.Client, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		n := 0
		if tok := r.URL.Query().Get("pageToken"); tok != "" {
			fmt.Sscanf(tok, "t%d", &n)
		}
		if n >= len(pages) {
			n = len(pages) - 1
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, pages[n])
	}))
	t.Cleanup(srv.Close)
	cfg.Endpoint = srv.URL
	cfg.Retry = google.Retry{Attempts: 2, Base: time.Millisecond}
	c, err := google.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, &calls
}

func member(id, email string) string {
	return fmt.Sprintf(`{"id":%q,"email":%q,"role":"MEMBER","type":"USER","status":"ACTIVE"}`, id, email)
}

func TestHostilePages(t *testing.T) {
	ctx := context.Background()
	t.Run("overlapping pages count each member once", func(t *testing.T) {
		c, _ := hostile(t, []string{
			`{"members":[` + member("1", "a@example.org") + `,` + member("2", "b@example.org") + `],"nextPageToken":"t1"}`,
			`{"members":[` + member("2", "b@example.org") + `,` + member("2", "b@example.org") + `,` + member("3", "c@example.org") + `]}`,
		}, google.Config{})
		ms, err := c.Members(ctx, "g@example.org")
		if err != nil || len(ms) != 3 {
			t.Fatalf("%v, %d members %v", err, len(ms), ms)
		}
	})
	t.Run("a token that cycles is an error, not a loop", func(t *testing.T) {
		c, calls := hostile(t, []string{
			`{"members":[` + member("1", "a@example.org") + `],"nextPageToken":"t1"}`,
			`{"members":[` + member("2", "b@example.org") + `],"nextPageToken":"t0"}`,
		}, google.Config{})
		_, err := c.Members(ctx, "g@example.org")
		if !errors.Is(err, directory.ErrInvalid) || !strings.Contains(err.Error(), "cycle") {
			t.Fatalf("got %v, want a cycle error", err)
		}
		if calls.Load() > 3 {
			t.Errorf("%d calls", calls.Load())
		}
	})
	t.Run("a page that names itself next is a cycle", func(t *testing.T) {
		c, _ := hostile(t, []string{`{"members":[],"nextPageToken":"t0"}`}, google.Config{})
		if _, err := c.Members(ctx, "g@example.org"); !errors.Is(err, directory.ErrInvalid) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a listing past the page budget is an error", func(t *testing.T) {
		var pages []string
		for i := 0; i < 50; i++ {
			pages = append(pages, fmt.Sprintf(`{"members":[%s],"nextPageToken":"t%d"}`, member(fmt.Sprint(i), fmt.Sprintf("m%d@example.org", i)), i+1))
		}
		c, calls := hostile(t, pages, google.Config{MaxPages: 10})
		_, err := c.Members(ctx, "g@example.org")
		if !errors.Is(err, directory.ErrInvalid) || !strings.Contains(err.Error(), "did not end after 10 pages") {
			t.Fatalf("got %v", err)
		}
		if calls.Load() != 10 {
			t.Errorf("%d calls, want the budget of 10", calls.Load())
		}
	})
}

// TestHostileMembers: what a page says of its members is checked. A
// member with no address that is not the whole domain cannot be named,
// so the listing fails (a plan would read them as the domain, or as a
// stranger, and remove them); so does a page of more members than asked
// for, and so does a member with no id, whom no removal could name.
func TestHostileMembers(t *testing.T) {
	ctx := context.Background()
	for name, page := range map[string]string{
		"a user with no address":  `{"members":[` + member("1", "a@example.org") + `,{"id":"9","email":"","role":"MEMBER","type":"USER"}]}`,
		"a group with no address": `{"members":[{"id":"9","role":"MEMBER","type":"GROUP"}]}`,
		"a member with no id":     `{"members":[` + member("1", "a@example.org") + `,` + member("", "b@example.org") + `]}`,
		"more than 200 on a page": `{"members":[` + strings.TrimSuffix(strings.Repeat(member("1", "a@example.org")+",", 201), ",") + `]}`,
	} {
		t.Run(name, func(t *testing.T) {
			c, calls := hostile(t, []string{page}, google.Config{})
			if ms, err := c.Members(ctx, "g@example.org"); !errors.Is(err, directory.ErrInvalid) {
				t.Fatalf("got %v, %v", ms, err)
			}
			if calls.Load() != 1 {
				t.Errorf("%d calls: a refused listing is not retried", calls.Load())
			}
		})
	}
	// The whole domain has no address, and is read as such.
	c, _ := hostile(t, []string{`{"members":[{"id":"C0","role":"MEMBER","type":"CUSTOMER"}]}`}, google.Config{})
	if ms, err := c.Members(ctx, "g@example.org"); err != nil || len(ms) != 1 || ms[0].Type != "CUSTOMER" {
		t.Errorf("the whole domain: %v %v", ms, err)
	}
}

// TestAnEmptyMemberKeyIsNeverSent: a call that names a member by an
// empty key would go to the members collection (".../members/"), whose
// 404 reads as "already gone" while the member stays. It is refused
// before any request.
func TestAnEmptyMemberKeyIsNeverSent(t *testing.T) {
	ctx := context.Background()
	var sent atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		t.Logf("sent %s %s", r.Method, r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":{"code":404,"message":"Resource Not Found: memberKey","errors":[{"reason":"notFound"}]}}`)
	}))
	t.Cleanup(srv.Close)
	c, err := google.New(ctx, google.Config{Endpoint: srv.URL, Retry: google.Retry{Attempts: 2, Base: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		call func() error
	}{
		{"Remove", func() error { return c.Remove(ctx, "g@example.org", "") }},
		{"SetRole", func() error { return c.SetRole(ctx, "g@example.org", "", directory.RoleOwner) }},
		{"Member", func() error { _, err := c.Member(ctx, "g@example.org", ""); return err }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sent.Store(0)
			err := tt.call()
			if !errors.Is(err, directory.ErrInvalid) || errors.Is(err, directory.ErrMemberNotFound) {
				t.Errorf("got %v, want an invalid request", err)
			}
			if n := sent.Load(); n > 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

// TestAnEndlessAnswerFailsItsCallAlone: an answer that never ends (a
// stream of members past any page's size) is cut at MaxResponseBytes and
// refused, not read into memory whole.
func TestAnEndlessAnswerFailsItsCallAlone(t *testing.T) {
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"members":[`+member("0", "m0@example.org"))
		chunk := []byte(strings.Repeat(","+member("1", "m@example.org"), 1000))
		for i := 0; sent.Load() < 4*google.MaxResponseBytes; i++ {
			n, err := w.Write(chunk)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	c, err := google.New(context.Background(), google.Config{Endpoint: srv.URL, Retry: google.Retry{Attempts: 2, Base: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Members(context.Background(), "g@example.org")
	if !errors.Is(err, directory.ErrInvalid) || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("got %v", err)
	}
	if s := sent.Load(); s >= 4*google.MaxResponseBytes {
		t.Errorf("read %d bytes of an endless answer", s)
	}
}

// TestRequestsNameRoster: every request names roster (and its version)
// to Google, for its logs, whichever client carries it.
func TestRequestsNameRoster(t *testing.T) {
	var agents []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agents = append(agents, r.UserAgent())
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"members":[]}`)
	}))
	t.Cleanup(srv.Close)
	for _, cfg := range []google.Config{{Endpoint: srv.URL, UserAgent: "roster/v9"}, {Endpoint: srv.URL, UserAgent: "roster/v9", HTTPClient: &http.Client{}}} {
		c, err := google.New(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Members(context.Background(), "g@example.org"); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range agents {
		if a != "roster/v9" {
			t.Errorf("a request names %q, not roster", a)
		}
	}
}

// TestAnswersGoogleNeverSends: an address listed under two ids (a group
// has one member per address: one is made up, and a plan would remove
// the other as a second spelling, the real member or owner), a 200 whose
// body is an error (read as an empty group, or an insert done), and an
// insert answered with no member are failures, never a listing or a
// write to act on. A look-alike (Kelvin sign) of an address is another
// address, not the same one twice.
func TestAnswersGoogleNeverSends(t *testing.T) {
	ctx := context.Background()
	t.Run("one address under two ids", func(t *testing.T) {
		c, _ := hostile(t, []string{`{"members":[` + member("9", "Own@example.org") + `,` + member("1", "own@example.org") + `,` + member("2", "b@example.org") + `]}`}, google.Config{})
		if ms, err := c.Members(ctx, "g@example.org"); !errors.Is(err, directory.ErrInvalid) || !strings.Contains(err.Error(), "under two ids") {
			t.Errorf("%v, %v: want the listing refused", ms, err)
		}
	})
	t.Run("one mailbox under two ids, spelled two ways Google reads as one", func(t *testing.T) {
		for _, twin := range []string{"jdoe@gmail.com", "j.doe@googlemail.com", "J.Doe@Gmail.com"} {
			c, _ := hostile(t, []string{`{"members":[` + member("1", "j.doe@gmail.com") + `,` + member("999", twin) + `]}`}, google.Config{})
			if ms, err := c.Members(ctx, "g@example.org"); !errors.Is(err, directory.ErrInvalid) {
				t.Errorf("%s beside j.doe@gmail.com: %v, %v: want the listing refused", twin, ms, err)
			}
		}
	})
	t.Run("a look-alike is another address", func(t *testing.T) {
		c, _ := hostile(t, []string{`{"members":[` + member("1", "kim@example.org") + `,` + member("2", "\u212Aim@example.org") + `]}`}, google.Config{})
		if ms, err := c.Members(ctx, "g@example.org"); err != nil || len(ms) != 2 {
			t.Errorf("%v, %v: want both", ms, err)
		}
	})
	t.Run("an error in a 200 answer to a listing", func(t *testing.T) {
		c, _ := hostile(t, []string{`{"error":{"code":503,"message":"backend unavailable","errors":[{"reason":"backendError"}]}}`}, google.Config{})
		if ms, err := c.Members(ctx, "g@example.org"); err == nil {
			t.Errorf("%v: read as a listing", ms)
		}
		// Every call goes through one transport: the audit log's too,
		// which would read as "no change in the window".
		if acts, err := c.Activities(ctx, directory.AppAdmin, "", time.Now().Add(-time.Hour)); err == nil {
			t.Errorf("%v: read as an audit log with nothing in it", acts)
		}
	})
	for name, body := range map[string]string{"an error in a 200 answer to an insert": `{"error":{"code":400,"message":"no"}}`, "an empty answer to an insert": `{}`} {
		t.Run(name, func(t *testing.T) {
			c, _ := hostile(t, []string{body}, google.Config{})
			if m, err := c.Add(ctx, "g@example.org", "n1@example.org", directory.RoleMember); err == nil {
				t.Errorf("%+v: counted as added", m)
			}
		})
	}
}

// TestSettingsGoogleNeverSends: settings answered for another group (its
// email neither the group's own nor, by groups.get, the group's primary
// address) would hide this group's, and are refused; settings answered
// under the group's primary address, for a list at one of its aliases,
// are read. A patch answered with the old value did not make the change,
// and is not counted as done.
func TestSettingsGoogleNeverSends(t *testing.T) {
	ctx := context.Background()
	serve := func(settingsEmail, patched string) *google.Client {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			switch {
			case strings.Contains(r.URL.Path, "/groups/v1/groups/") && r.Method == http.MethodGet:
				fmt.Fprintf(w, `{"kind":"groupsSettings#groups","email":%q,"whoCanJoin":"INVITED_CAN_JOIN"}`, settingsEmail)
			case strings.Contains(r.URL.Path, "/groups/v1/groups/"):
				fmt.Fprintf(w, `{"kind":"groupsSettings#groups","email":"g@example.org","whoCanJoin":%q}`, patched)
			case strings.Contains(r.URL.Path, "/admin/directory/v1/groups/"):
				fmt.Fprint(w, `{"kind":"admin#directory#group","id":"01","email":"g@example.org","aliases":["alias@example.org"]}`)
			default:
				http.NotFound(w, r)
			}
		}))
		t.Cleanup(srv.Close)
		c, err := google.New(ctx, google.Config{Endpoint: srv.URL, Retry: google.Retry{Attempts: 1, Base: time.Millisecond}})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if _, err := serve("other@example.org", "").Settings(ctx, "g@example.org"); !errors.Is(err, directory.ErrInvalid) || !strings.Contains(err.Error(), "other@example.org's") {
		t.Errorf("another group's settings: %v, want refused", err)
	}
	if s, err := serve("g@example.org", "").Settings(ctx, "alias@example.org"); err != nil || s["email"] != "g@example.org" {
		t.Errorf("the group's own settings, read at an alias: %v, %v", s, err)
	}
	if err := serve("g@example.org", "ANYONE_CAN_JOIN").PatchSettings(ctx, "g@example.org", map[string]string{"whoCanJoin": "INVITED_CAN_JOIN"}); err == nil || !strings.Contains(err.Error(), "not counted as done") {
		t.Errorf("a patch answered with the old value: %v, want it failed", err)
	}
	if err := serve("g@example.org", "INVITED_CAN_JOIN").PatchSettings(ctx, "g@example.org", map[string]string{"whoCanJoin": "INVITED_CAN_JOIN"}); err != nil {
		t.Errorf("a patch answered with the new value: %v", err)
	}
}
