package history_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// The versions sync does not apply. A version with a finding of Effect
// Stop is refused whole by sync, whatever the finding: history passes
// over it as over one that does not parse. A version in which one
// list's own policy fails (Effect Fail) is applied to every list but
// that one, which keeps the membership of the last version that applied
// it. These tests read one story through each reason, and want one
// account of it.

// refusedHeader has a list whose policy needs an owner (reports) and
// one whose policy needs none (announce); records last 60 days.
const refusedHeader = `schema = 1

[lists.reports]
address = "security@example.org"
policy = "p"

[lists.announce]
address = "announce@example.org"
policy = "q"

[policies.p]
min_owners = 1
vetting_methods = ["video-call"]
vetting_valid_for = "60d"
unmanaged = "report"

[policies.q]
vetting_methods = ["video-call"]
`

var (
	refusedAda   = strings.Replace(member("ada@example.org", `reports = "owner"`, "grace@example.org@@2026-03-01"), "lists", "github = \"ada\"\nlists", 1)
	refusedBob   = member("bob@example.org", `reports = "member"`, "ada@example.org@@2026-03-01")
	refusedAce   = member("ace@example.org", `announce = "member"`, "ada@example.org@@2026-03-01")
	refusedCarol = member("carol@example.org", `reports = "member"`, "ada@example.org@@2026-03-01")
	refusedBase  = refusedHeader + refusedAda + refusedBob + refusedAce
)

// stopReasons are ways to break a version that sync refuses whole: a
// syntax error and an empty file (which do not parse: the reference),
// and a Stop finding of each kind, whatever its rule. History passed
// over the last four before it asked the gate; the others it read as
// versions.
var stopReasons = []struct {
	name   string
	mangle func(string) string
}{
	{"a syntax error", func(s string) string { return s + "garbage = = \n" }},
	{"an empty file", func(string) string { return "" }},
	{"a typo in a policy's unmanaged", func(s string) string {
		return strings.Replace(s, `unmanaged = "report"`, `unmanaged = "reprot"`, 1)
	}},
	{"a list naming a policy the file does not define", func(s string) string {
		return strings.Replace(s, `policy = "q"`, `policy = "qq"`, 1)
	}},
	{"a list's address that does not parse", func(s string) string {
		return strings.Replace(s, `"announce@example.org"`, `"announce@@example.org"`, 1)
	}},
	{"a consumer group read through the Admin SDK", func(s string) string {
		return strings.Replace(s, `"announce@example.org"`, `"announce@googlegroups.com"`, 1)
	}},
	{"a policy with no vetting method", func(s string) string {
		return strings.Replace(s, "[policies.q]\nvetting_methods = [\"video-call\"]", "[policies.q]\nvetting_methods = []", 1)
	}},
	{"a look-alike entry", func(s string) string {
		return s + member("асе@example.org", `announce = "member"`, "ada@example.org@@2026-03-01")
	}},
	{"an entry with an empty address", func(s string) string {
		return s + member("", `announce = "member"`, "ada@example.org@@2026-03-01")
	}},
	{"one mailbox twice", func(s string) string {
		return s + member("Carol@example.org", `announce = "member"`, "ada@example.org@@2026-03-01")
	}},
	{"one GitHub handle twice", func(s string) string {
		return s + strings.Replace(member("dan@example.org", `announce = "member"`, "ada@example.org@@2026-03-01"), "lists", "github = \"Ada\"\nlists", 1)
	}},
	{"a list the file does not define", func(s string) string {
		return strings.Replace(s, `reports = "member" }`, `reports = "member", annonce = "member" }`, 1)
	}},
	{"a role that is none", func(s string) string {
		return strings.Replace(s, `announce = "member" }`, `announce = "membr" }`, 1)
	}},
}

// lapseOf is how validate judges carol's record at HEAD, on day, with
// the timeline's account of when the file listed her (HeldSince) and
// HEAD's version as the base: the rule and effect of its finding.
func lapseOf(t *testing.T, r *historytest.Repo, day time.Time) string {
	t.Helper()
	ctx := context.Background()
	f, _, err := history.FileAt(ctx, r.Dir, "members.toml", "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	tl, err := history.ReadTimeline(ctx, r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	held := func(list, email string, role members.Role) (time.Time, bool, error) {
		since, ok := tl.HeldSince(f.List(list).Address, email, role)
		return since, ok, nil
	}
	var got []string
	for _, fd := range policies.CheckWith(f, policies.Options{At: day, Before: f, HeldSince: held}) {
		if fd.Member == "carol@example.org" {
			got = append(got, string(fd.Rule)+" "+string(fd.Effect))
		}
	}
	return strings.Join(got, ", ")
}

// events are the events of the file's history as "subject: action
// list email", and the problems' subjects.
func events(t *testing.T, r *historytest.Repo) ([]string, []string) {
	t.Helper()
	evs, problems, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got, skipped []string
	for _, e := range evs {
		if e.Action == history.Vetted || e.Action == history.VettingRemoved {
			continue
		}
		got = append(got, e.Subject+": "+string(e.Action)+" "+e.List+" "+e.Email+" "+string(e.Role))
	}
	for _, p := range problems {
		skipped = append(skipped, p.Revision.Subject)
	}
	return got, skipped
}

// TestEveryVersionSyncRefusesIsPassedOver: carol is added in a version
// sync refuses whole, and listed for good only after her record lapsed.
// Whatever sync refused that version for, history passes over it: she
// joins with the fix, the timeline says she was listed since then, and
// validate calls her record lapsed before the file listed her (an
// error), as for a version that does not parse. show --at the day of
// the broken version refuses it (ErrUnparsable: show then reads the
// version before it, as Base does).
func TestEveryVersionSyncRefusesIsPassedOver(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	want := []string{
		"Create: added announce ace@example.org member",
		"Create: added reports ada@example.org owner",
		"Create: added reports bob@example.org member",
		"Fix: added reports carol@example.org member",
	}
	for _, reason := range stopReasons {
		t.Run(reason.name, func(t *testing.T) {
			t.Parallel()
			r := historytest.New(t)
			r.Commit("members.toml", refusedBase, "Create")
			r.Commit("members.toml", reason.mangle(refusedBase+refusedCarol), "Add carol, broken")
			brokenDay := r.Date().Format(members.DateLayout)
			for range 70 {
				r.Tick() // her record lapses meanwhile
			}
			r.Commit("members.toml", refusedBase+refusedCarol, "Fix")
			got, skipped := events(t, r)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("history (-want +got):\n%s", diff)
			}
			if !slices.Equal(skipped, []string{"Add carol, broken"}) {
				t.Errorf("passed over %q, want the broken version", skipped)
			}
			if got := lapseOf(t, r, r.Date()); got != "vetting-lapsed-when-listed block" {
				t.Errorf("validate judges carol's record %q, want vetting-lapsed-when-listed block", got)
			}
			if _, _, err := history.FileAt(ctx, r.Dir, "members.toml", brokenDay); !errors.Is(err, history.ErrUnparsable) {
				t.Errorf("FileAt the broken day: %v, want ErrUnparsable", err)
			}
			f, rv, err := history.Base(ctx, r.Dir, "members.toml", nil, brokenDay)
			if err != nil || rv.Subject != "Create" || len(rv.Skipped) != 1 || slices.Contains(emails(f), "carol@example.org reports=member") {
				t.Errorf("Base at the broken day: %v %q skipped %v: %v", err, rv.Subject, rv.Skipped, emails(f))
			}
		})
	}
}

// failReasons are ways a version makes the reports list's own policy
// fail (fewer owners than min_owners) while announce stays applied.
var failReasons = []struct{ name, version string }{
	{"lists but no members", refusedHeader},
	{"its only owner demoted", strings.Replace(refusedBase, `reports = "owner"`, `reports = "member"`, 1)},
	{"its only owner gone, bob gone too, dan on announce", refusedHeader + refusedAce + member("dan@example.org", `announce = "member"`, "ada@example.org@@2026-03-01")},
}

// TestAListWhosePolicyFailsKeepsItsMembership: a version in which the
// reports list fails its own policy is one sync applies to announce
// only: reports keeps the membership of the last version that applied
// it, on every route, so carol (listed from the start, her record
// lapsing meanwhile) was on reports all along. History shows no one
// leaving reports and coming back, the timeline says she has been
// listed since the start, validate calls her lapse one of someone who
// stays until re-vetted (a warning), and show --at the failing day
// shows reports as the version before it.
func TestAListWhosePolicyFailsKeepsItsMembership(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, reason := range failReasons {
		t.Run(reason.name, func(t *testing.T) {
			t.Parallel()
			r := historytest.New(t)
			r.Commit("members.toml", refusedBase+refusedCarol, "Create")
			for range 70 {
				r.Tick()
			}
			r.Commit("members.toml", reason.version, "Oops")
			oopsDay := r.Date().Format(members.DateLayout)
			r.Commit("members.toml", refusedBase+refusedCarol, "Restore")
			got, skipped := events(t, r)
			for _, e := range got {
				if strings.Contains(e, " reports ") && !strings.HasPrefix(e, "Create: ") {
					t.Errorf("event %q: reports changed in a version that never applied it", e)
				}
			}
			if len(skipped) != 0 {
				t.Errorf("passed over %q: the version applies to announce", skipped)
			}
			if strings.Contains(reason.name, "dan") && !slices.Contains(got, "Oops: added announce dan@example.org member") {
				t.Errorf("announce's change in the version is not read: %q", got)
			}
			if got := lapseOf(t, r, r.Date()); got != "vetting-stale hold" {
				t.Errorf("validate judges carol's record %q, want vetting-stale hold", got)
			}
			at, _, err := history.FileAt(ctx, r.Dir, "members.toml", oopsDay)
			if err != nil {
				t.Fatal(err)
			}
			base, _, err := history.Base(ctx, r.Dir, "members.toml", nil, oopsDay)
			if err != nil {
				t.Fatal(err)
			}
			for route, f := range map[string]*members.File{"show --at": at, "the base": base} {
				var reports []string
				for _, m := range f.MembersOf("reports") {
					role, _ := m.RoleOn("reports")
					reports = append(reports, m.Email+"="+string(role))
				}
				if diff := cmp.Diff([]string{"ada@example.org=owner", "bob@example.org=member", "carol@example.org=member"}, reports); diff != "" {
					t.Errorf("%s: reports at the failing day (-want +got):\n%s", route, diff)
				}
			}
		})
	}
}

// TestAChangeToAFailingListLandsWhenItPasses: mallory, added to reports
// in a version that also demotes its only owner, is not on it until a
// version applies reports again; then she joins, in that version, and
// the demotion that never landed is no change at all.
func TestAChangeToAFailingListLandsWhenItPasses(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	r.Commit("members.toml", refusedBase, "Create")
	mallory := member("mallory@example.org", `reports = "member"`, "ada@example.org@@2026-03-01")
	r.Commit("members.toml", strings.Replace(refusedBase, `reports = "owner"`, `reports = "member"`, 1)+mallory, "Demote ada, add mallory")
	r.Commit("members.toml", strings.Replace(refusedBase, `reports = "owner"`, `reports = "member"`, 1)+mallory+refusedCarol, "Add carol")
	r.Commit("members.toml", refusedBase+mallory+refusedCarol, "Ada owns reports again")
	got, _ := events(t, r)
	want := []string{
		"Create: added announce ace@example.org member",
		"Create: added reports ada@example.org owner",
		"Create: added reports bob@example.org member",
		"Ada owns reports again: added reports carol@example.org member",
		"Ada owns reports again: added reports mallory@example.org member",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	// A window that starts inside the failing stretch reads the same.
	evs, _, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{LogOptions: history.LogOptions{Since: r.Date().AddDate(0, 0, -1).Format(members.DateLayout)}})
	if err != nil {
		t.Fatal(err)
	}
	var inWindow []string
	for _, e := range evs {
		if e.Action != history.Vetted {
			inWindow = append(inWindow, e.Subject+": "+string(e.Action)+" "+e.List+" "+e.Email+" "+string(e.Role))
		}
	}
	if diff := cmp.Diff(want[3:], inWindow); diff != "" {
		t.Errorf("history since the day before the fix (-want +got):\n%s", diff)
	}
}
