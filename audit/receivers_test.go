package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
)

// logOf is an audit log that answers each group's events, whatever the
// application asked.
type logOf map[string][]directory.Activity

func (l logOf) Activities(_ context.Context, app, group string, _ time.Time) ([]directory.Activity, error) {
	var out []directory.Activity
	for _, a := range l[group] {
		if a.Application == app {
			out = append(out, a)
		}
	}
	return out, nil
}

// TestReceiverChangesNamesHowTheyAreThereNow: the newest add of a
// nested group's member names who put them there; a removal after it
// leaves nothing to name (a bulk upload that put them back names
// nobody); Cloud Identity's add names the member by id; an event of
// another member names nobody else.
func TestReceiverChangesNamesHowTheyAreThereNow(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 11, 20, h, 0, 0, 0, time.UTC) }
	const inner = "inner@example.org"
	ev := func(app, event string, h int, actor, member string) directory.Activity {
		return directory.Activity{Application: app, Event: event, Time: at(h), Actor: actor, Member: member, Group: inner}
	}
	cloud := directory.Activity{Application: directory.AppGroupsEnterprise, Event: directory.EventAddMember, Time: at(5), Actor: "cloud@example.org", MemberID: "groups/03x/memberships/111", GroupID: "03x"}
	log := logOf{inner: {
		ev(directory.AppGroups, directory.EventAddUser, 1, "boss@example.org", "xavier@example.org"),
		ev(directory.AppGroups, directory.EventRemoveUser, 2, "boss@example.org", "xavier@example.org"),
		ev(directory.AppGroups, directory.EventAddUser, 3, "eve@example.org", "sneaky@example.org"),
		ev(directory.AppGroups, directory.EventAddUser, 4, "eve@example.org", "someone-else@example.org"),
		cloud,
	}}
	rs := []directory.Receiver{
		{Email: "xavier@example.org", Type: "USER", Via: []string{"list@example.org", inner}, ID: "100"},
		{Email: "sneaky@example.org", Type: "USER", Via: []string{"list@example.org", inner}, ID: "101"},
		{Email: "byid@example.org", Type: "USER", Via: []string{"list@example.org", inner}, ID: "111"},
		{Email: "quiet@example.org", Type: "USER", Via: []string{"list@example.org", inner}, ID: "112"},
	}
	got := audit.ReceiverChanges(context.Background(), log, rs, func(directory.Receiver) bool { return true }, at(12))
	if by := got["xavier@example.org"]; by != "" {
		t.Errorf("xavier, removed after boss added him: %q, want nobody named", by)
	}
	if by := got["sneaky@example.org"]; !strings.HasPrefix(by, "added by eve@example.org") {
		t.Errorf("sneaky: %q", by)
	}
	if by := got["byid@example.org"]; !strings.HasPrefix(by, "added by cloud@example.org") {
		t.Errorf("added in the Cloud console, named by id: %q", by)
	}
	if by := got["quiet@example.org"]; by != "" {
		t.Errorf("quiet, whom no event names: %q", by)
	}
}
