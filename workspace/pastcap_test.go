package workspace_test

import (
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
)

// TestWhoPutSomeoneOnPastTheCapIsNamed: sync refuses the entries past a
// list's cap; an owner who adds one in the Groups UI, and an admin who
// adds the other in the Admin console, are named on those members'
// lines by plan and by audit --live, as for any hand change, not only
// "someone is on it past the cap".
func TestWhoPutSomeoneOnPastTheCapIsNamed(t *testing.T) {
	t.Parallel()
	f, clk := newDelayedFixture(t, emulator.Options{})
	list := strings.Replace(founded(header), "min_owners = 1", "min_owners = 1\nmax_members = 3", 1) + founder(`reports = "owner"`)
	for _, p := range []string{"bo", "grace", "dave", "eve"} {
		list += entry(p+"@example.org", "member", "ada@example.org", "2026-01-15")
	}
	f.repo.Commit("members.toml", list, "The list (#1)")
	clk.set(f.repo.Date().Add(time.Hour))
	clk.sync(f)
	if got := f.group("security@example.org"); len(got) != 3 {
		t.Fatalf("the first sync filled the group past its cap of 3: %v", got)
	}
	clk.set(clk.now().Add(time.Minute))
	f.hand(emulator.Change{Event: "add_user", Group: "security@example.org", Actor: "ada@example.org", Member: "dave@example.org"})
	f.hand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "eve@example.org"})
	clk.set(clk.now().Add(time.Hour))

	out := clk.plan(f, "").stdout
	for _, want := range []string{"dave@example.org", "eve@example.org"} {
		line := lineOf(out, "! "+want)
		if !strings.Contains(line, "past the list's cap") || !strings.Contains(line, "added by") {
			t.Errorf("plan names no one for %s:\n%s", want, out)
		}
	}
	if !strings.Contains(lineOf(out, "! dave@example.org"), "ada@example.org") || !strings.Contains(lineOf(out, "! eve@example.org"), "root@example.org") {
		t.Errorf("plan names the wrong people:\n%s", out)
	}
	if a := clk.audit(f).stdout; !strings.Contains(a, "root@example.org") || !strings.Contains(a, "past its cap") {
		t.Errorf("audit --live names no one:\n%s", a)
	}
}

// lineOf is the first line of s that contains sub, "" when none does.
func lineOf(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}
