package plan_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/roster-dev/roster/plan"
)

// TestRedacted: no address the file does not name, and no actor from
// the audit log, survives; the original plan is left as it was.
func TestRedacted(t *testing.T) {
	p := &plan.Plan{Lists: []*plan.List{{
		ID: "reports", Address: "security@example.org", Base: "sha256:0123abcd",
		Error: "members.list: hidden-too@private.example is not a group",
		Changes: []plan.Change{
			{Action: plan.ActionAdd, Email: "ada@example.org", Role: "member"},
			{Action: plan.ActionRemove, Email: "walkin@private.example", PreviousRole: "member", Reason: plan.ReasonUnmanagedRemove, ChangedBy: "added by root@example.org"},
			// A promotion of a group the file names by an alias: its
			// refusal names the group as Google has it.
			{Action: plan.ActionSetRole, Email: "ada@example.org", Role: "owner", PreviousRole: "member", Blocked: "team-primary@private.example is a group, and policy p does not allow groups: roster gives it no higher role"},
		},
		Unmanaged: []plan.LiveMember{{Email: "quiet@private.example", Role: "owner", ChangedBy: "joined by quiet@private.example"}},
		Aliases:   []plan.Alias{{File: "ada@example.org", Live: "ada.primary@example.org"}},
		Groups:    []string{"nested@private.example"},
		Receivers: []plan.Receiver{{Email: "inner@private.example", Via: []string{"security@example.org", "nested@private.example"}, ChangedBy: "added by eve-admin@example.org"}},
		// Past the cap: who added them is the audit log's actor; the
		// group's own address, where the file writes an alias, is live.
		PastCap:      []plan.LiveMember{{Email: "ada@example.org", Role: "member", ChangedBy: "added by secretboss@example.org"}},
		GroupAddress: "security-primary@private.example",
		Problems:     []string{"hidden-team@private.example is a group: everyone in it receives the list's mail; ada@example.org is fine."},
		Settings:     []plan.SettingChange{{Name: "who_can_join", Live: "ANYONE_CAN_JOIN", Desired: "INVITED_CAN_JOIN", ChangedBy: "set by root@example.org"}},
	}}}
	before, _ := json.Marshal(p)
	inFile := func(list, e string) bool { return list == "reports" && e == "ada@example.org" }
	out, err := json.Marshal(p.Redacted(inFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"walkin@", "quiet@", "ada.primary@", "nested@", "root@example.org", "hidden-team@", "hidden-too@", "0123abcd", "team-primary@", "eve-admin@", "secretboss@", "security-primary@"} {
		if strings.Contains(string(out), secret) {
			t.Errorf("%s survived: %s", secret, out)
		}
	}
	for _, kept := range []string{"ada@example.org", "w…@private.example", "q…@private.example", "owner", "ANYONE_CAN_JOIN", "h…@private.example is a group", "ada@example.org is fine.", "t…@private.example is a group"} {
		if !strings.Contains(string(out), kept) {
			t.Errorf("%s is missing: %s", kept, out)
		}
	}
	if after, _ := json.Marshal(p); string(after) != string(before) {
		t.Errorf("Redacted changed the plan it was given")
	}
}

func TestMaskAddress(t *testing.T) {
	for in, want := range map[string]string{"walk-in@example.org": "w…@example.org", "ü@x.example": "ü…@x.example", "noat": "(hidden)", "@x": "(hidden)"} {
		if got := plan.MaskAddress(in); got != want {
			t.Errorf("MaskAddress(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMaskAddressesInSentences: an address in a sentence is masked
// whole, an apostrophe of its local part with it (Google takes
// "o'brien@"), a quote or a full stop around it kept; one public stays.
func TestMaskAddressesInSentences(t *testing.T) {
	public := func(e string) bool { return e == "ada@example.org" }
	for in, want := range map[string]string{
		"owners: jane.o'brien@private.example, ada@example.org.": "owners: j…@private.example, ada@example.org.",
		"the group 'secret@private.example' is gone":             "the group 's…@private.example' is gone",
		"ada@example.org's record, bob@private.example's record": "ada@example.org's record, b…@private.example's record",
		"nothing here": "nothing here",
	} {
		if got := plan.MaskAddresses(in, public); got != want {
			t.Errorf("MaskAddresses(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRedactedDropsTheCommitOfAMaskedRemoval: a removal of someone the
// file took off, whose address the plan masks, does not name the commit
// that took them off (git show would name them); the list's own
// address, the file's, is not masked in a sentence.
func TestRedactedDropsTheCommitOfAMaskedRemoval(t *testing.T) {
	p := &plan.Plan{Lists: []*plan.List{{ID: "rep", Address: "rep@example.org", Changes: []plan.Change{
		{Action: plan.ActionRemove, Email: "formerpal@example.org", PreviousRole: "member", Reason: "taken off the list in members.toml (removed in e117f8ae53: Remove a pal (#12))"},
		{Action: plan.ActionRemove, Email: "x@example.org", PreviousRole: "owner", Blocked: plan.GuardHeld + ": rep@example.org would be left with 1 owner"},
	}}}}
	red := p.Redacted(func(string, string) bool { return false })
	c := red.Lists[0].Changes
	if strings.Contains(c[0].Reason, "e117f8ae53") || !strings.HasPrefix(c[0].Reason, "taken off the list in members.toml") {
		t.Errorf("reason %q", c[0].Reason)
	}
	if !strings.Contains(c[1].Blocked, "rep@example.org would be left") {
		t.Errorf("the list's own address is masked: %q", c[1].Blocked)
	}
}
