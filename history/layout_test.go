package history_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestListsWrittenAfterMembers: a [lists.ID] table written after the
// members belongs to the file, not to the member above it: the answers
// are those of a file that writes its lists first.
func TestListsWrittenAfterMembers(t *testing.T) {
	t.Parallel()
	person := func(email, lists string) string {
		return fmt.Sprintf("\n[[member]]\nemail = %q\nlists = { %s }\nvetting = [{ by = \"x@example.org\", on = 2026-01-01, method = \"video-call\" }]\n", email, lists)
	}
	hdr := "schema = 1\n[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n[policies.p]\nvetting_methods = [\"video-call\"]\n"
	first := hdr + person("ada@example.org", `reports = "owner", l1 = "owner"`) + "\n[lists.l1]\naddress = \"l1@example.org\"\npolicy = \"p\"\n"
	r := historytest.New(t)
	r.Commit("members.toml", first, "One (#1)")
	since := r.Date().AddDate(0, 0, 1).Add(-time.Minute) // just before the next commit lands
	second := first + person("lin@example.org", `l1 = "member"`)
	r.Commit("members.toml", second, "Two (#2)")
	ctx := context.Background()
	got, err := history.ChangedGroups(ctx, r.Dir, "members.toml", since, []byte(second))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "map[l1@example.org:true]" {
		t.Errorf("ChangedGroups = %v, want only l1@", got)
	}
	listed, err := history.ListedByGroup(ctx, r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	if listed["l1@example.org"]["lin@example.org"] == "" || listed["l1@example.org"]["ada@example.org"] == "" {
		t.Errorf("ListedByGroup lacks the members of a list written after them: %v", listed)
	}
	events, _, err := history.History(ctx, r.Dir, "members.toml", history.Options{Lists: []string{"l1"}})
	if err != nil || len(events) == 0 {
		t.Errorf("history of l1: %v %v", events, err)
	}
}

// TestUncommitted: the working tree's file against HEAD's, by git's
// blob id; outside git, or for a file never committed, nothing differs.
func TestUncommitted(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	text := header + member("ada@example.org", `reports = "owner"`)
	r.Commit("members.toml", text, "Create")
	ctx := context.Background()
	for _, tc := range []struct {
		name, path, data string
		want             bool
	}{
		{"as committed", "members.toml", text, false},
		{"edited", "members.toml", text + "# more\n", true},
		{"never committed", "other.toml", "schema = 1\n", false},
	} {
		got, err := history.Uncommitted(ctx, r.Dir, tc.path, []byte(tc.data))
		if err != nil || got != tc.want {
			t.Errorf("%s: %v %v, want %v", tc.name, got, err, tc.want)
		}
	}
	if got, err := history.Uncommitted(ctx, t.TempDir(), "members.toml", []byte(text)); err != nil || got {
		t.Errorf("outside git: %v %v", got, err)
	}
}
