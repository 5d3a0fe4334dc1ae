package audit

import (
	"testing"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/plan"
)

// TestReadBeforeLeavesOutWhatTheReadCannotHaveSeen: another run's
// writes, made as this one read the group, said nothing of what it read
// (s30-everyday finding 1: two syncs at once named each other's writes
// as changes by hand made since). Events a second or more after the read
// go; roster's own writes in the read's second go when they are their
// member's newest and the read does not show them; everything else
// stays. A member listed on a page was read when that page was
// answered (s30-regress2).
func TestReadBeforeLeavesOutWhatTheReadCannotHaveSeen(t *testing.T) {
	read := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return read.Add(time.Duration(ms) * time.Millisecond) }
	own := func(ev directory.Activity) bool { return ev.ClientID == "roster" }
	ev := func(name, event, member, role, client string, ms int) directory.Activity {
		return directory.Activity{Application: directory.AppAdmin, Event: event, Member: member, Role: role, ClientID: client, Time: at(ms), ID: name}
	}
	// A read of one page.
	l := &plan.List{ReadAt: read, ReadRoles: map[string]string{"seen@example.org": "MEMBER", "gone@example.org": "OWNER"},
		ReadSeen: map[string]time.Time{"seen@example.org": read, "gone@example.org": read}}
	acts := []directory.Activity{
		ev("old own add", directory.EventAddGroupMember, "gone@example.org", "", "roster", -60_000),
		ev("own add of one the read found", directory.EventAddGroupMember, "seen@example.org", "", "roster", 300),
		ev("own add of one it did not find", directory.EventAddGroupMember, "new@example.org", "", "roster", 400),
		ev("own removal of one it found", directory.EventRemoveGroupMember, "gone@example.org", "", "roster", 500),
		ev("own role change it did not see", directory.EventUpdateGroupMember, "seen@example.org", "MANAGER", "roster", 600),
		ev("a hand removal in the second", directory.EventRemoveGroupMember, "hand@example.org", "", "", 700),
		ev("own add undone by hand at once", directory.EventAddGroupMember, "undone@example.org", "", "roster", 800),
		ev("the hand removal that undid it", directory.EventRemoveGroupMember, "undone@example.org", "", "", 900),
		ev("a hand add after the read", directory.EventAddGroupMember, "later@example.org", "", "", 1500),
	}
	// A read of pages: early@ was listed on the first, answered three
	// seconds before the last.
	paged := &plan.List{ReadAt: read, ReadRoles: map[string]string{"early@example.org": "MEMBER", "seen@example.org": "MEMBER"},
		ReadSeen: map[string]time.Time{"early@example.org": read.Add(-3 * time.Second), "seen@example.org": read}}
	pagedActs := []directory.Activity{
		ev("a hand removal after the page that listed them", directory.EventRemoveGroupMember, "early@example.org", "", "", -1000),
		ev("a hand add before the page that listed them", directory.EventAddGroupMember, "early@example.org", "", "", -5000),
		ev("a hand add of one no page listed, before the end", directory.EventAddGroupMember, "unlisted@example.org", "", "", -1000),
		ev("a hand removal of one no page listed, before the first page", directory.EventRemoveGroupMember, "readded@example.org", "", "", -4000),
	}
	kept := map[string]bool{}
	for _, a := range append(readBefore(acts, l, own), readBefore(pagedActs, paged, own)...) {
		kept[a.ID] = true
	}
	for name, want := range map[string]bool{
		"old own add": true, "own add of one the read found": true, "own add of one it did not find": false,
		"own removal of one it found": false, "own role change it did not see": false, "a hand removal in the second": true,
		"own add undone by hand at once": true, "the hand removal that undid it": true, "a hand add after the read": false,
		"a hand removal after the page that listed them": false, "a hand add before the page that listed them": true,
		// Absent, dated by the first page (s30-attr2): an add logged
		// after it may be after the page that would have listed them.
		"a hand add of one no page listed, before the end":            false,
		"a hand removal of one no page listed, before the first page": true,
	} {
		if kept[name] != want {
			t.Errorf("%s: kept %v, want %v", name, kept[name], want)
		}
	}
	// A plan with no read time (one from a file) keeps everything.
	if got := readBefore(acts, &plan.List{}, own); len(got) != len(acts) {
		t.Errorf("no read time: kept %d of %d", len(got), len(acts))
	}
}
