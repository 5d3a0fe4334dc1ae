package history_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/members"
)

// TestHistoryListFilterKeepsOnlyItsVetting: with a list filter, a
// vetting event is kept only when its member is on one of those lists in
// that revision, or holds the record when they join one; also after
// moving from one list to another (which leaves the one she left empty,
// and so her on it).
func TestHistoryListFilterKeepsOnlyItsVetting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, _ := scripted(t)
	events, _, err := history.History(ctx, r.Dir, "lists.toml", history.Options{Lists: []string{"announce"}})
	if err != nil {
		t.Fatal(err)
	}
	var vetted []string
	for _, e := range events {
		if e.Action == history.Vetted {
			vetted = append(vetted, e.Email+" "+e.Subject)
		}
	}
	// grace is on reports only: her vetting is not announce's business.
	want := []string{"ada@example.org Create lists (#1)", "lin@example.org Add lin (#2)"}
	if diff := cmp.Diff(want, vetted); diff != "" {
		t.Errorf("vetting kept for announce (-want +got):\n%s", diff)
	}

	m := historytest.New(t)
	m.Commit("members.toml", header+member("lin@example.org", `announce = "member"`, "ada@example.org@@2026-03-01"), "Add lin to announce")
	m.Commit("members.toml", header+member("lin@example.org", `reports = "member"`, "ada@example.org@@2026-03-01"), "Move lin to reports")
	m.Commit("members.toml", header+member("lin@example.org", `reports = "member"`, "ada@example.org@@2026-03-01", "grace@example.org@@2026-03-04"), "Vet lin again")
	for _, tc := range []struct {
		lists []string
		want  []string
	}{
		// The move leaves announce with nobody, which sync never takes
		// for "remove everyone": lin stays on it, as history says, and
		// her later record is announce's business too.
		{[]string{"announce"}, []string{"added announce Add lin to announce", "vetted  Add lin to announce", "vetted  Vet lin again"}},
		// ada's record, made while lin was on announce only, is the one
		// she held when she joined reports: the record that admitted her
		// there, shown being made.
		{[]string{"reports"}, []string{"vetted  Add lin to announce", "added reports Move lin to reports", "vetted  Vet lin again"}},
		{[]string{"announce", "reports"}, []string{"added announce Add lin to announce", "vetted  Add lin to announce", "added reports Move lin to reports", "vetted  Vet lin again"}},
	} {
		events, _, err := history.History(ctx, m.Dir, "members.toml", history.Options{Lists: tc.lists, Member: "LIN@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range events {
			got = append(got, string(e.Action)+" "+e.List+" "+e.Subject)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%v (-want +got):\n%s", tc.lists, diff)
		}
	}
}

// TestHistoryReorderedBlocks: member blocks moved far apart in the file
// (sorted, or one moved to the end) are the same members: no events but
// the real change.
func TestHistoryReorderedBlocks(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	var blocks []string
	for i := 0; i < 150; i++ {
		blocks = append(blocks, member(fmt.Sprintf("m%03d@example.org", i), `reports = "member"`))
	}
	r.Commit("members.toml", header+strings.Join(blocks, ""), "Create")
	moved := append(append([]string{}, blocks[1:]...), blocks[0])
	r.Commit("members.toml", header+strings.Join(moved, ""), "Move the first member to the end")
	reversed := make([]string, len(blocks))
	for i, b := range blocks {
		reversed[len(blocks)-1-i] = b
	}
	reversed[10] = member("m139@example.org", `reports = "owner"`)
	r.Commit("members.toml", header+strings.Join(reversed, ""), "Reverse the order, promote m139")
	events, _, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{LogOptions: history.LogOptions{Since: "2026-03-03"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Subject+": "+string(e.Action)+" "+e.Email)
	}
	if diff := cmp.Diff([]string{"Reverse the order, promote m139: role_changed m139@example.org"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestHistorySkipsAVersionListingOnePersonTwice: a version that lists
// one mailbox twice (any spelling validate calls one inbox) is refused
// whole by sync, so history skips it as it skips a version that does not
// parse: the second spelling never joins, and the fix that drops it
// takes nobody off. Every way a version is read (from the last one,
// split whole, parsed whole) and the timeline sync reads agree.
func TestHistorySkipsAVersionListingOnePersonTwice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	carol := member("carol@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	ada := member("ada@example.org", `reports = "owner"`, "grace@example.org@@2026-01-01")
	blocks := func(second string) string {
		return ada + carol + member(second, `reports = "member"`, "ada@example.org@@2026-01-01")
	}
	inline := func(second string) string {
		entry := func(email, role string) string {
			return fmt.Sprintf("{ email = %q, lists = { reports = %q } }", email, role)
		}
		return "member = [ " + strings.Join([]string{entry("ada@example.org", "owner"), entry("carol@example.org", "member"), entry(second, "member")}, ", ") + " ]\n"
	}
	for _, tc := range []struct {
		name, second string
		twice        func(second string) string
	}{
		{"case, read from the last version", "CAROL@example.org", func(s string) string { return header + blocks(s) }},
		{"+tag, read from the last version", "carol+lists@example.org", func(s string) string { return header + blocks(s) }},
		{"case, preamble changed too", "Carol@Example.org", func(s string) string { return header + "# edited\n" + blocks(s) }},
		{"inline member array, parsed whole", "CAROL@example.org", func(s string) string { return strings.Replace(header, "schema = 1\n", "schema = 1\n"+inline(s), 1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := historytest.New(t)
			r.Commit("members.toml", header+ada+carol, "Create")
			r.Tick()
			bad := r.Commit("members.toml", tc.twice(tc.second), "Carol twice")
			r.Tick()
			r.Commit("members.toml", header+ada+carol, "Drop the second entry")
			events, problems, err := history.History(ctx, r.Dir, "members.toml", history.Options{Member: "carol@example.org"})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				if e.Subject != "Create" {
					t.Errorf("event %s %s %s in %q; want none after Create", e.Action, e.List, e.Email, e.Subject)
				}
			}
			if len(problems) != 1 || problems[0].Revision.Commit != bad || !strings.Contains(problems[0].Err.Error(), "same mailbox as carol@example.org") {
				t.Errorf("problems %v, want the version listing carol twice", problems)
			}
			tl, err := history.ReadTimeline(ctx, r.Dir, "members.toml")
			if err != nil {
				t.Fatal(err)
			}
			for _, back := range []int{4, 2, 0} {
				at := r.Date().AddDate(0, 0, -back)
				if role, ok := tl.Role("security@example.org", "carol@example.org", at); !ok || role != "member" {
					t.Errorf("timeline %d days back: carol %q %v, want member throughout", back, role, ok)
				}
			}
		})
	}
}

// TestHistoryReadsAVersionWithTwoBadAddresses: two entries whose
// addresses do not parse are two findings of validate, not one person
// twice: each blocks its own entry, sync goes ahead with the version,
// and so does history. (An entry with no address at all is another
// matter: nothing narrower than the run can hold it back, and sync
// refuses the version whole; see TestEveryVersionSyncRefusesIsPassedOver.)
func TestHistoryReadsAVersionWithTwoBadAddresses(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner"`, "grace@example.org@@2026-01-01")
	r.Commit("members.toml", header+ada+member("carol@example.org", `reports = "member"`), "Create")
	r.Commit("members.toml", header+ada+member("carol@@example.org", `reports = "member"`)+member("carol@@example.org", `reports = "member"`), "Carol off, two bad entries")
	events, problems, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{Member: "carol@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 0 || len(events) != 2 || events[1].Action != history.Removed {
		t.Errorf("problems %v, events %+v; want carol removed in the second version", problems, simplify(events))
	}
}

// TestHistoryReadsMembersWrittenWithAnyHeader: the fast reading splits a
// version at exact [[member]] lines; a member written before the first
// one with another header TOML allows ([[ member ]], [["member"]], a
// quoted key's array), or a preamble whose multi-line string holds a
// [[member]] line, is read whole instead: nobody's join goes missing or
// lands on the commit that reformatted them.
func TestHistoryReadsMembersWrittenWithAnyHeader(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`)
	mallory := member("mallory@example.org", `reports = "member"`)
	for name, spell := range map[string]func(string) string{
		"[[ member ]]":   func(m string) string { return strings.Replace(m, "[[member]]", "[[ member ]]", 1) },
		`[["member"]]`:   func(m string) string { return strings.Replace(m, "[[member]]", `[["member"]]`, 1) },
		"[[\tmember\t]]": func(m string) string { return strings.Replace(m, "[[member]]", "[[\tmember\t]]", 1) },
	} {
		t.Run(name, func(t *testing.T) {
			r := historytest.New(t)
			r.Commit("members.toml", header+ada, "The list")
			added := r.Commit("members.toml", header+spell(mallory)+ada, "Add mallory")
			r.Commit("members.toml", header+mallory+ada, "Reformat")
			events, problems, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{Member: "mallory@example.org"})
			if err != nil || len(problems) > 0 || len(events) == 0 || events[0].Commit != added || events[0].Action != history.Added {
				t.Errorf("History: %v %v %v", err, problems, simplify(events))
			}
		})
	}
	t.Run(`a quoted key's array`, func(t *testing.T) {
		r := historytest.New(t)
		r.Commit("members.toml", header+ada, "The list")
		arr := `"member" = [{ email = "ada@example.org", lists = { reports = "owner" } }, { email = "mallory@example.org", lists = { reports = "member" } }]`
		r.Commit("members.toml", strings.Replace(header, "schema = 1\n", "schema = 1\n"+arr+"\n", 1), "Rewrite, add mallory")
		events, problems, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{})
		var got []string
		for _, e := range events {
			if e.Subject != "The list" {
				got = append(got, string(e.Action)+" "+e.Email)
			}
		}
		if err != nil || len(problems) > 0 || strings.Join(got, ",") != "added mallory@example.org" {
			t.Errorf("History: %v %v %v", err, problems, got)
		}
	})
	t.Run("a preamble string holding a header line", func(t *testing.T) {
		r := historytest.New(t)
		tricky := strings.Replace(header, "[lists.reports]\n", "[lists.reports]\ndescription = \"\"\"\n[[member]]\n\"\"\"\n", 1)
		r.Commit("members.toml", tricky+ada, "The list")
		r.Commit("members.toml", tricky+ada+mallory, "Add mallory")
		events, problems, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{Member: "mallory@example.org"})
		if err != nil || len(problems) > 0 || len(events) == 0 || events[0].Subject != "Add mallory" {
			t.Errorf("History: %v %v %v", err, problems, simplify(events))
		}
	})
}

// TestHistorySkipsAVersionThatWritesTheMemberKeyTwice: a version whose
// preamble writes the member key some other way than the [[member]]
// tables below it does not parse (show, diff and validate say so), and
// history skips it too, in whatever TOML spelling: bob never joins, and
// the fix that drops him takes nobody off.
func TestHistorySkipsAVersionThatWritesTheMemberKeyTwice(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	for _, key := range []string{`"member" = []`, `'member' = []`, ` member = [ ]`, `member.x = 1`, `"mem\u0062er" = []`, `[member.x]`} {
		t.Run(key, func(t *testing.T) {
			r := historytest.New(t)
			r.Commit("members.toml", header+ada, "Create")
			bad := r.Commit("members.toml", strings.Replace(header, "schema = 1\n", "schema = 1\n"+key+"\n", 1)+ada+bob, "Does not parse")
			r.Commit("members.toml", header+ada, "Fix")
			events, problems, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{Member: "bob@example.org"})
			if err != nil {
				t.Fatal(err)
			}
			if len(events) != 0 {
				t.Errorf("events %v, want none", simplify(events))
			}
			var parse members.ErrorList
			if len(problems) != 1 || problems[0].Revision.Commit != bad || !errors.As(problems[0].Err, &parse) {
				t.Errorf("problems %v, want the version that does not parse, with members.Parse's findings", problems)
			}
		})
	}
}

// TestHistoryListFilterShowsTheRecordItsRemovalIsOf: z is on ann with
// record R, then joins sec on R; R is later replaced. sec's history
// shows R being made (while z was on ann only) as well as removed, and
// no record z dropped before joining sec (s25-site finding 4).
func TestHistoryListFilterShowsTheRecordItsRemovalIsOf(t *testing.T) {
	t.Parallel()
	m := historytest.New(t)
	m.Commit("members.toml", header+member("z@example.org", `announce = "member"`, "ada@example.org@@2026-03-01", "grace@example.org@@2026-03-01"), "z on announce")
	m.Commit("members.toml", header+member("z@example.org", `announce = "member"`, "ada@example.org@@2026-03-01"), "grace's record goes")
	m.Commit("members.toml", header+member("z@example.org", `announce = "member", reports = "member"`, "ada@example.org@@2026-03-01"), "z on reports too")
	m.Commit("members.toml", header+member("z@example.org", `announce = "member", reports = "member"`, "ada@example.org@@2026-03-05"), "z vetted again")
	got := reportsHistory(t, m, "")
	want := []string{
		"vetted z on announce ada@example.org 2026-03-01",
		"added z on reports too",
		"vetting_removed z vetted again ada@example.org 2026-03-01",
		"vetted z vetted again ada@example.org 2026-03-05",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reports (-want +got):\n%s", diff)
	}
}

// TestHistoryListFilterForgetsARecordWithItsEntry: p is on announce
// with record R1; p's whole entry is taken out, then p comes back on
// reports with a new record R2. reports' history shows R2 alone: R1
// went with the entry, and never admitted p to reports.
func TestHistoryListFilterForgetsARecordWithItsEntry(t *testing.T) {
	t.Parallel()
	m := historytest.New(t)
	// keep stays on both lists: no version has a list with nobody on
	// it, which sync refuses whole and history passes over.
	keep := member("keep@example.org", `announce = "member", reports = "member"`, "ada@example.org@@2026-03-01")
	m.Commit("members.toml", header+keep, "The lists")
	m.Commit("members.toml", header+keep+member("p@example.org", `announce = "member"`, "ada@example.org@@2026-03-01"), "p on announce")
	m.Commit("members.toml", header+keep, "p out of the file")
	m.Commit("members.toml", header+keep+member("p@example.org", `reports = "member"`, "grace@example.org@@2026-03-04"), "p back, on reports")
	got := reportsHistory(t, m, "p@example.org")
	want := []string{"added p back, on reports", "vetted p back, on reports grace@example.org 2026-03-04"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reports (-want +got):\n%s", diff)
	}
}

// TestHistoryListFilterShowsARecordRemovedWhileOff: m joins reports with
// R2, moves to announce, and R2 is removed there; m comes back to
// reports on another record. reports' history shows R2 removed too: it
// showed m holding it.
func TestHistoryListFilterShowsARecordRemovedWhileOff(t *testing.T) {
	t.Parallel()
	m := historytest.New(t)
	keep := member("keep@example.org", `announce = "member", reports = "member"`, "ada@example.org@@2026-03-01")
	m.Commit("members.toml", header+keep, "The lists")
	m.Commit("members.toml", header+keep+member("m@example.org", `reports = "member"`, "ada@example.org@@2026-03-02"), "m on reports, R2")
	m.Commit("members.toml", header+keep+member("m@example.org", `announce = "member"`, "ada@example.org@@2026-03-02"), "m to announce")
	m.Commit("members.toml", header+keep+member("m@example.org", `announce = "member"`, "grace@example.org@@2026-03-05"), "R2 replaced while on announce")
	m.Commit("members.toml", header+keep+member("m@example.org", `reports = "member"`, "grace@example.org@@2026-03-05"), "m back to reports")
	got := reportsHistory(t, m, "m@example.org")
	want := []string{
		"added m on reports, R2", "vetted m on reports, R2 ada@example.org 2026-03-02",
		"removed m to announce",
		"vetting_removed R2 replaced while on announce ada@example.org 2026-03-02", "vetted R2 replaced while on announce grace@example.org 2026-03-05",
		"added m back to reports",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reports (-want +got):\n%s", diff)
	}
}

// TestHistoryListFilterSinceShowsARecordRemovedBeforeItsMaking: as
// above, with a window that starts after m joined reports on R2: R2's
// making is reports' history before the window, so its removal while m
// is on announce is shown in it all the same.
func TestHistoryListFilterSinceShowsARecordRemovedBeforeItsMaking(t *testing.T) {
	t.Parallel()
	m := historytest.New(t)
	keep := member("keep@example.org", `announce = "member", reports = "member"`, "ada@example.org@@2026-03-01")
	m.Commit("members.toml", header+keep, "The lists")
	joined := m.Commit("members.toml", header+keep+member("m@example.org", `reports = "member"`, "ada@example.org@@2026-03-02"), "m on reports, R2")
	m.Commit("members.toml", header+keep+member("m@example.org", `announce = "member"`, "ada@example.org@@2026-03-02"), "m to announce")
	m.Commit("members.toml", header+keep+member("m@example.org", `announce = "member"`, "grace@example.org@@2026-03-05"), "R2 replaced while on announce")
	got := reportsHistorySince(t, m, "m@example.org", joined)
	want := []string{"removed m to announce", "vetting_removed R2 replaced while on announce ada@example.org 2026-03-02"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reports since m joined (-want +got):\n%s", diff)
	}
}

// TestHistoryListFilterSinceShowsARecordHeldWhenTheyJoined: m holds R2
// on announce where the window starts, joins reports in it, leaves, and
// R2 is removed while m is off reports: R2 admitted m to reports in the
// window, so its removal is shown, as the whole history shows it.
func TestHistoryListFilterSinceShowsARecordHeldWhenTheyJoined(t *testing.T) {
	t.Parallel()
	m := historytest.New(t)
	keep := member("keep@example.org", `announce = "member", reports = "member"`, "ada@example.org@@2026-03-01")
	m.Commit("members.toml", header+keep+member("m@example.org", `announce = "member"`, "ada@example.org@@2026-03-02"), "m on announce, R2")
	start := m.Commit("members.toml", "# the lists\n"+header+keep+member("m@example.org", `announce = "member"`, "ada@example.org@@2026-03-02"), "A comment")
	m.Commit("members.toml", header+keep+member("m@example.org", `announce = "member", reports = "member"`, "ada@example.org@@2026-03-02"), "m on reports")
	m.Commit("members.toml", header+keep+member("m@example.org", `announce = "member"`, "ada@example.org@@2026-03-02"), "m off reports")
	m.Commit("members.toml", header+keep+member("m@example.org", `announce = "member"`, "grace@example.org@@2026-03-05"), "R2 replaced")
	got := reportsHistorySince(t, m, "m@example.org", start)
	want := []string{"added m on reports", "removed m off reports", "vetting_removed R2 replaced ada@example.org 2026-03-02"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reports since the comment (-want +got):\n%s", diff)
	}
}

// reportsHistory is reports' history in r (of member alone, when given),
// one line an event: its action and commit subject, and a vetting
// event's record, by whom and when.
func reportsHistory(t *testing.T, r *historytest.Repo, member string) []string {
	t.Helper()
	return reportsHistorySince(t, r, member, "")
}

// reportsHistorySince is reportsHistory in the window that starts after
// the revision since ("" for the whole history).
func reportsHistorySince(t *testing.T, r *historytest.Repo, member, since string) []string {
	t.Helper()
	events, _, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{Lists: []string{"reports"}, Member: member, LogOptions: history.LogOptions{Since: since}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		s := string(e.Action) + " " + e.Subject
		if e.Vetting != nil {
			s += " " + e.Vetting.By + " " + e.Vetting.On
		}
		got = append(got, s)
	}
	return got
}
