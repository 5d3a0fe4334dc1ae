package plan_test

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// file builds a members file with one list "l" under a policy with the
// given unmanaged mode and min_owners, and the given members (email=role).
func file(t *testing.T, unmanaged string, minOwners int, who ...string) *members.File {
	t.Helper()
	var b strings.Builder
	b.WriteString("schema = 1\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\n")
	b.WriteString("[policies.p]\nvetting_methods = [\"x\"]\nunmanaged = \"" + unmanaged + "\"\n")
	b.WriteString("min_owners = " + strconv.Itoa(minOwners) + "\n")
	for _, w := range who {
		email, role, _ := strings.Cut(w, "=")
		b.WriteString("[[member]]\nemail = \"" + email + "\"\nlists = { l = \"" + role + "\" }\n")
	}
	f, err := members.Parse("m.toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func live(who ...string) plan.Live {
	var out plan.Live
	for i, w := range who {
		email, role, _ := strings.Cut(w, "=")
		r, _ := directory.ParseRole(role)
		out.Members = append(out.Members, directory.Member{ID: "id" + idSuffix(i), Email: email, Role: r, Type: "USER"})
	}
	return out
}

func compute(f *members.File, have plan.Live) *plan.List {
	return computeWith(f, plan.Input{Have: have, Listed: map[string]string{}})
}

func computeWith(f *members.File, in plan.Input) *plan.List {
	l := f.List("l")
	in.Want = f.MembersOf("l")
	return plan.Compute(l, f.PolicyOf(l), in)
}

func TestCompute(t *testing.T) {
	tests := []struct {
		name      string
		f         *members.File
		have      plan.Live
		want      []plan.Change
		unmanaged []plan.LiveMember
	}{
		{
			name: "adds to an empty group",
			f:    file(t, "remove", 0, "b@example.org=member", "a@example.org=owner"),
			have: live(),
			want: []plan.Change{
				{Action: plan.ActionAdd, Email: "a@example.org", Role: "owner"},
				{Action: plan.ActionAdd, Email: "b@example.org", Role: "member"},
			},
		},
		{
			name: "spellings of one mailbox are one member",
			f:    file(t, "remove", 0, "Ada.Lovelace@gmail.com=member", "Bob@Example.org=owner"),
			have: live("adalovelace@googlemail.com=MEMBER", "bob@example.org=OWNER"),
			want: []plan.Change{},
		},
		{
			name: "adds and promotions run before removals and demotions",
			f:    file(t, "remove", 0, "new@example.org=member", "up@example.org=owner", "down@example.org=member"),
			have: live("down@example.org=OWNER", "up@example.org=MEMBER", "gone@example.org=MANAGER"),
			want: []plan.Change{
				{Action: plan.ActionAdd, Email: "new@example.org", Role: "member"},
				{Action: plan.ActionSetRole, Email: "up@example.org", Role: "owner", PreviousRole: "member", MemberID: "idb"},
				{Action: plan.ActionSetRole, Email: "down@example.org", Role: "member", PreviousRole: "owner", MemberID: "ida"},
				{Action: plan.ActionRemove, Email: "gone@example.org", PreviousRole: "manager", MemberID: "idc", Reason: removeReason},
			},
		},
		{
			name:      "unmanaged report keeps live members",
			f:         file(t, "report", 0, "a@example.org=member"),
			have:      live("a@example.org=MEMBER", "Stranger@example.org=OWNER"),
			want:      []plan.Change{},
			unmanaged: []plan.LiveMember{{Email: "Stranger@example.org", Role: "owner"}},
		},
		{
			name: "removal uses the live spelling and id",
			f:    file(t, "remove", 0, "a@example.org=member"),
			have: live("a@example.org=MEMBER", "Mixed.Case@Example.org=MEMBER"),
			want: []plan.Change{{Action: plan.ActionRemove, Email: "Mixed.Case@Example.org", PreviousRole: "member", MemberID: "idb", Reason: removeReason}},
		},
		{
			name: "all users in the domain is a member too",
			f:    file(t, "remove", 0),
			have: plan.Live{Members: []directory.Member{{ID: "C0123", Type: "CUSTOMER", Role: directory.RoleMember}}},
			want: []plan.Change{{Action: plan.ActionRemove, Email: "all users in the domain (CUSTOMER C0123)", PreviousRole: "member", MemberID: "C0123", Reason: removeReason, Group: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := compute(tt.f, tt.have)
			if diff := cmp.Diff(tt.want, got.Changes); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.unmanaged, got.Unmanaged, cmpopts.IgnoreFields(plan.LiveMember{}, "ID")); diff != "" {
				t.Errorf("unmanaged (-want +got):\n%s", diff)
			}
		})
	}
}

const removeReason = `not in members.toml (unmanaged = "remove")`

// TestTheFileIsTheTruth: what the file takes away goes, whatever
// unmanaged says; unmanaged = "report" keeps only people the file never
// listed; a member's own findings hold back only their additions and
// promotions; groups and aliases are never mistaken for people.
func TestTheFileIsTheTruth(t *testing.T) {
	f := file(t, "report", 0, "a@example.org=member", "up@example.org=owner", "down@example.org=member", "new@example.org=member")
	blockedOnly := func(who ...string) func(string) string {
		return func(email string) string {
			for _, w := range who {
				if w == email {
					return "vetting lapsed"
				}
			}
			return ""
		}
	}
	tests := []struct {
		name      string
		f         *members.File
		in        plan.Input
		want      []plan.Change
		unmanaged []plan.LiveMember
		undeterm  string
		aliases   []plan.Alias
		problems  int
	}{
		{
			name:      "someone taken off a report list is removed",
			f:         file(t, "report", 0, "a@example.org=member"),
			in:        plan.Input{Have: live("a@example.org=MEMBER", "gone@example.org=MEMBER", "walk-in@example.org=MEMBER"), Listed: map[string]string{"gone@example.org": "removed in abc1234"}},
			want:      []plan.Change{{Action: plan.ActionRemove, Email: "gone@example.org", PreviousRole: "member", MemberID: "idb", Reason: "taken off the list in members.toml (removed in abc1234)"}},
			unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member"}},
		},
		{
			// On a list that removes walk-ins too, the file's commit is
			// the reason: no walk-in, and nobody to ask the log about
			// (s31-attr).
			name: "someone taken off a remove list is removed for the commit that took them off",
			f:    file(t, "remove", 0, "a@example.org=member"),
			in:   plan.Input{Have: live("a@example.org=MEMBER", "gone@example.org=MEMBER", "walk-in@example.org=MEMBER"), Listed: map[string]string{"gone@example.org": "removed in abc1234"}},
			want: []plan.Change{
				{Action: plan.ActionRemove, Email: "gone@example.org", PreviousRole: "member", MemberID: "idb", Reason: "taken off the list in members.toml (removed in abc1234)"},
				{Action: plan.ActionRemove, Email: "walk-in@example.org", PreviousRole: "member", MemberID: "idc", Reason: plan.ReasonUnmanagedRemove},
			},
		},
		{
			name: "the reason names the members file where it is",
			f:    file(t, "report", 0, "a@example.org=member"),
			in: plan.Input{Have: live("a@example.org=MEMBER", "gone@example.org=MEMBER"), Listed: map[string]string{"gone@example.org": "removed in abc1234"},
				File: "sub/roster.toml"},
			want: []plan.Change{{Action: plan.ActionRemove, Email: "gone@example.org", PreviousRole: "member", MemberID: "idb", Reason: "taken off the list in sub/roster.toml (removed in abc1234)"}},
		},
		{
			name: "another spelling of a listed mailbox, beside it on the group, is that person twice",
			f:    file(t, "report", 0, "B+lists@Example.org=member"),
			in:   plan.Input{Have: live("b+lists@example.org=MEMBER", "b@example.org=MEMBER"), Listed: map[string]string{"b+lists@example.org": "in HEAD"}},
			want: []plan.Change{{Action: plan.ActionRemove, Email: "b@example.org", PreviousRole: "member", MemberID: "idb",
				Reason: "another spelling of B+lists@Example.org, whom members.toml lists: one mailbox, on the list once"}},
		},
		{
			name:      "another spelling of a listed mailbox, without history, is kept as a stranger",
			f:         file(t, "report", 0, "B+lists@Example.org=member"),
			in:        plan.Input{Have: live("b+lists@example.org=MEMBER", "b@example.org=MEMBER"), ListedUnknown: "not in git"},
			want:      []plan.Change{},
			unmanaged: []plan.LiveMember{{Email: "b@example.org", Role: "member"}},
			undeterm:  "not in git",
		},
		{
			name:      "without history, strangers are kept and the plan says why",
			f:         file(t, "report", 0, "a@example.org=member"),
			in:        plan.Input{Have: live("a@example.org=MEMBER", "gone@example.org=MEMBER"), ListedUnknown: "not in git"},
			want:      []plan.Change{},
			unmanaged: []plan.LiveMember{{Email: "gone@example.org", Role: "member"}},
			undeterm:  "not in git",
		},
		{
			name: "a member's findings block their add and promotion, and the departure of the owner a blocked promotion replaces",
			f:    f,
			in: plan.Input{Have: live("a@example.org=MEMBER", "up@example.org=MEMBER", "down@example.org=OWNER"), Listed: map[string]string{},
				Blocked: blockedOnly("up@example.org", "down@example.org", "new@example.org")},
			want: []plan.Change{
				{Action: plan.ActionAdd, Email: "new@example.org", Role: "member", Blocked: "vetting lapsed"},
				{Action: plan.ActionSetRole, Email: "up@example.org", Role: "owner", PreviousRole: "member", MemberID: "idb", Blocked: "vetting lapsed"},
				{Action: plan.ActionSetRole, Email: "down@example.org", Role: "member", PreviousRole: "owner", MemberID: "idc",
					Blocked: "held while up@example.org cannot be made owner: owners leave only once the owners replacing them are in"},
			},
		},
		{
			name: "a blocked member's add holds back no owner's departure",
			f:    file(t, "report", 0, "a@example.org=member", "down@example.org=member", "new@example.org=member"),
			in: plan.Input{Have: live("a@example.org=MEMBER", "down@example.org=OWNER"), Listed: map[string]string{},
				Blocked: blockedOnly("new@example.org")},
			want: []plan.Change{
				{Action: plan.ActionAdd, Email: "new@example.org", Role: "member", Blocked: "vetting lapsed"},
				{Action: plan.ActionSetRole, Email: "down@example.org", Role: "member", PreviousRole: "owner", MemberID: "idb"},
			},
		},
		{
			name: "a list over its cap adds nobody",
			f:    file(t, "remove", 0, "a@example.org=member", "b@example.org=member"),
			in:   plan.Input{Have: live("a@example.org=MEMBER", "x@example.org=MEMBER"), Full: "over max_members"},
			want: []plan.Change{
				{Action: plan.ActionAdd, Email: "b@example.org", Role: "member", Blocked: "over max_members"},
				{Action: plan.ActionRemove, Email: "x@example.org", PreviousRole: "member", MemberID: "idb", Reason: removeReason},
			},
		},
		{
			name: "a nested group is kept as a group under report, and listed in the file it is a problem",
			f:    file(t, "report", 0, "a@example.org=member", "team@example.org=member"),
			in: plan.Input{Have: plan.Live{Members: []directory.Member{
				{ID: "1", Email: "a@example.org", Role: directory.RoleMember, Type: "USER"},
				{ID: "2", Email: "team@example.org", Role: directory.RoleMember, Type: "GROUP"},
				{ID: "3", Email: "all-staff@example.org", Role: directory.RoleMember, Type: "GROUP"},
			}}, Listed: map[string]string{}},
			want:      []plan.Change{},
			unmanaged: []plan.LiveMember{{Email: "all-staff@example.org", Role: "member", Type: "GROUP"}},
			problems:  1,
		},
		{
			name: "an alias in the file matches its primary address",
			f:    file(t, "remove", 0, "ada.alias@example.org=owner"),
			in: plan.Input{Have: live("ada@example.org=MEMBER"),
				Aliases: map[string]directory.Member{"ada.alias@example.org": {ID: "ida", Email: "ada@example.org", Role: directory.RoleMember, Type: "USER"}}},
			want:    []plan.Change{{Action: plan.ActionSetRole, Email: "ada.alias@example.org", Role: "owner", PreviousRole: "member", MemberID: "ida", LiveAs: "ada@example.org"}},
			aliases: []plan.Alias{{File: "ada.alias@example.org", Live: "ada@example.org"}},
		},
		{
			// The account whose role changes is named on the change: a
			// look-alike one (Cyrillic е) must not hide behind the
			// file's plain address.
			name: "a role change of an account the file reaches through an alias names that account",
			f:    file(t, "remove", 0, "other@example.org=owner"),
			in: plan.Input{Have: live("oth\u0435r@example.org=MEMBER"),
				Aliases: map[string]directory.Member{"other@example.org": {ID: "ida", Email: "oth\u0435r@example.org", Role: directory.RoleMember, Type: "USER"}}},
			want:    []plan.Change{{Action: plan.ActionSetRole, Email: "other@example.org", Role: "owner", PreviousRole: "member", MemberID: "ida", LiveAs: "oth\u0435r@example.org"}},
			aliases: []plan.Alias{{File: "other@example.org", Live: "oth\u0435r@example.org"}},
		},
		{
			name: "a member listed twice is one member",
			f:    file(t, "remove", 0, "a@example.org=member"),
			in: plan.Input{Have: plan.Live{Members: []directory.Member{
				{ID: "1", Email: "a@example.org", Role: directory.RoleMember}, {ID: "1", Email: "a@example.org", Role: directory.RoleMember},
				{ID: "2", Email: "x@example.org", Role: directory.RoleMember}, {ID: "2", Email: "x@example.org", Role: directory.RoleMember},
			}}},
			want: []plan.Change{{Action: plan.ActionRemove, Email: "x@example.org", PreviousRole: "member", MemberID: "2", Reason: removeReason}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := computeWith(tt.f, tt.in)
			if diff := cmp.Diff(tt.want, got.Changes); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.unmanaged, got.Unmanaged, cmpopts.IgnoreFields(plan.LiveMember{}, "ID")); diff != "" {
				t.Errorf("unmanaged (-want +got):\n%s", diff)
			}
			if got.Undetermined != tt.undeterm {
				t.Errorf("undetermined %q, want %q", got.Undetermined, tt.undeterm)
			}
			if diff := cmp.Diff(tt.aliases, got.Aliases); diff != "" {
				t.Errorf("aliases (-want +got):\n%s", diff)
			}
			if len(got.Problems) != tt.problems {
				t.Errorf("problems %q, want %d", got.Problems, tt.problems)
			}
		})
	}
}

func TestComputeSettings(t *testing.T) {
	f, err := members.Parse("m.toml", []byte(`schema = 1
[lists.l]
address = "l@example.org"
policy = "p"
[policies.p]
vetting_methods = ["x"]
who_can_join = "INVITED_CAN_JOIN"
allow_external_members = false
who_can_post_message = "ANYONE_CAN_POST"
`))
	if err != nil {
		t.Fatal(err)
	}
	l := f.List("l")
	got := plan.Compute(l, f.PolicyOf(l), plan.Input{Have: plan.Live{Settings: map[string]string{
		"whoCanJoin": "ALL_IN_DOMAIN_CAN_JOIN", "allowExternalMembers": "false", "whoCanPostMessage": "ALL_MEMBERS_CAN_POST", "description": "x",
	}}})
	want := []plan.SettingChange{
		{Name: "who_can_join", Field: "whoCanJoin", Live: "ALL_IN_DOMAIN_CAN_JOIN", Desired: "INVITED_CAN_JOIN", Widens: true},
		{Name: "who_can_post_message", Field: "whoCanPostMessage", Live: "ALL_MEMBERS_CAN_POST", Desired: "ANYONE_CAN_POST", Widens: false},
	}
	if diff := cmp.Diff(want, got.Settings); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
}

func TestFingerprint(t *testing.T) {
	a := live("a@example.org=OWNER", "b@example.org=MEMBER")
	b := live("B@example.org=MEMBER", "a@example.org=OWNER") // another order and case
	c := live("a@example.org=OWNER", "b@example.org=MANAGER")
	if plan.Fingerprint(a) != plan.Fingerprint(b) {
		t.Error("order or case of the live list changed the fingerprint")
	}
	if plan.Fingerprint(a) == plan.Fingerprint(c) {
		t.Error("a role change did not change the fingerprint")
	}
	a.Settings = map[string]string{"whoCanJoin": "X", "description": "one"}
	d := a
	d.Settings = map[string]string{"whoCanJoin": "X", "description": "two"}
	if plan.Fingerprint(a) != plan.Fingerprint(d) {
		t.Error("a setting no policy can pin changed the fingerprint")
	}
}

func TestGuards(t *testing.T) {
	many := func(n int) []string {
		var out []string
		for i := 0; i < n; i++ {
			out = append(out, fmt.Sprintf("m%d@example.org=MEMBER", i))
		}
		return out
	}
	tests := []struct {
		name   string
		f      *members.File
		have   plan.Live
		guards plan.Guards
		want   string // "" for no violation
	}{
		{"one removal of a small list is fine", file(t, "remove", 0, "a@example.org=member"), live("a@example.org=MEMBER", "b@example.org=MEMBER"), plan.DefaultGuards(), ""},
		{"count", file(t, "remove", 0, "keep@example.org=member"), live(append(many(20), "keep@example.org=MEMBER")...), plan.Guards{MaxRemovals: 5, MaxRemovalRatio: 1}, "cannot remove 20 members in all (limit 5; --max-removals 20 allows it)"},
		{"count raised", file(t, "remove", 0, "keep@example.org=member"), live(append(many(20), "keep@example.org=MEMBER")...), plan.Guards{MaxRemovals: 20, MaxRemovalRatio: 1}, ""},
		{"ratio", file(t, "remove", 0, "keep@example.org=member", "k2@example.org=member"), live("a@example.org=MEMBER", "b@example.org=MEMBER", "keep@example.org=MEMBER", "k2@example.org=MEMBER"), plan.DefaultGuards(), "cannot remove 2 of 4 members (0.500) of l@example.org (limit 0.250; --max-removal-ratio 0.5 allows it)"},
		{"empty list never empties the group", file(t, "remove", 0), live("a@example.org=MEMBER"), plan.Guards{MaxRemovals: 100, MaxRemovalRatio: 1}, "has no members in the file"},
		{"min owners", file(t, "remove", 2, "a@example.org=member", "b@example.org=owner"), live("a@example.org=OWNER", "b@example.org=OWNER"), plan.DefaultGuards(), "would be left with 1 owner; policy needs 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &plan.Plan{Lists: []*plan.List{compute(tt.f, tt.have)}}
			err := p.Check(tt.guards)
			var gerr *plan.GuardError
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected refusal: %v", err)
			case tt.want != "" && (!errors.As(err, &gerr) || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want a refusal containing %q", err, tt.want)
			}
		})
	}
}

// TestAGroupTheFileKnowsIsNoOwner: an entry the file knows for a group
// (Input.IsGroup: one of its own lists), added as owner, replaces no
// owner it demotes: the group is none, before it is on the live group
// as after (s31-routes).
func TestAGroupTheFileKnowsIsNoOwner(t *testing.T) {
	f := file(t, "remove", 1, "a@example.org=member", "inner@example.org=owner")
	l := computeWith(f, plan.Input{Have: live("a@example.org=OWNER"), Listed: map[string]string{},
		IsGroup: func(email string) bool { return email == "inner@example.org" }})
	err := (&plan.Plan{Lists: []*plan.List{l}}).Check(plan.DefaultGuards())
	if err == nil || !strings.Contains(err.Error(), "would be left with 0 owners") {
		t.Errorf("a demotion replaced by a group passes the owner guard: %v", err)
	}
}

func TestReadRejectsBadPlans(t *testing.T) {
	good := `{"version":1,"source":{"file":"members.toml","sha256":"sha256:00"},"lists":[{"id":"l","address":"l@example.org","provider":"google","base":"sha256:00","live_members":0,"changes":[{"action":"add","email":"a@example.org","role":"owner"}]}],"summary":{"add":1,"remove":0,"set_role":0,"settings":0,"unmanaged":0,"unreadable":0}}`
	if _, err := plan.Read("plan.json", []byte(good)); err != nil {
		t.Fatalf("a good plan was refused: %v", err)
	}
	tests := []struct{ name, data, want string }{
		{"not json", "add a@example.org", "plan.json:1:"},
		{"unknown field", strings.Replace(good, `"version":1`, `"version":1,"force":true`, 1), `unknown field "force"`},
		{"version", strings.Replace(good, `"version":1`, `"version":9`, 1), "version 9"},
		{"action", strings.Replace(good, `"action":"add"`, `"action":"promote"`, 1), `unknown action "promote"`},
		{"role", strings.Replace(good, `"role":"owner"`, `"role":"admin"`, 1), "needs a role"},
		{"email", strings.Replace(good, `"email":"a@example.org"`, `"email":"a at example.org"`, 1), "invalid email address"},
		{"no base", strings.Replace(good, `"base":"sha256:00"`, `"base":""`, 1), "no base fingerprint"},
		{"no source", strings.Replace(good, `"file":"members.toml"`, `"file":""`, 1), "source must name"},
		{"trailing", good + "{}", "data after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plan.Read("plan.json", []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "plan.json") {
				t.Errorf("got %v, want an error naming plan.json and %q", err, tt.want)
			}
		})
	}
}

func TestDiff(t *testing.T) {
	f := file(t, "remove", 0, "a@example.org=member")
	base := &plan.Plan{Source: plan.Source{File: "m.toml", SHA256: "sha256:1"}, Lists: []*plan.List{compute(f, live())}}
	same := &plan.Plan{Source: base.Source, Lists: []*plan.List{compute(f, live())}}
	if d := plan.Diff(base, same); len(d) != 0 {
		t.Errorf("identical plans differ: %v", d)
	}
	moved := &plan.Plan{Source: base.Source, Lists: []*plan.List{compute(f, live("x@example.org=MEMBER"))}}
	if d := plan.Diff(base, moved); len(d) != 1 || !strings.Contains(d[0], "changed since the plan was made") {
		t.Errorf("live change: %v", d)
	}
	edited := &plan.Plan{Source: base.Source, Lists: []*plan.List{compute(f, live())}}
	edited.Lists[0].Changes[0].Email = "mallory@example.org"
	if d := plan.Diff(edited, same); len(d) != 1 || !strings.Contains(d[0], "edited") {
		t.Errorf("edited plan: %v", d)
	}
	for name, edit := range map[string]func(*plan.List){
		"address":  func(l *plan.List) { l.Address = "attacker@example.net" },
		"provider": func(l *plan.List) { l.Provider = "csv" },
		"role":     func(l *plan.List) { l.Changes[0].Role = "owner" },
		"reason":   func(l *plan.List) { l.Changes[0].Blocked = ""; l.Changes[0].Reason = "x" },
		"kept":     func(l *plan.List) { l.Unmanaged = []plan.LiveMember{{Email: "z@example.org", Role: "member"}} },
	} {
		e := &plan.Plan{Source: base.Source, Lists: []*plan.List{compute(f, live())}}
		edit(e.Lists[0])
		if d := plan.Diff(e, same); len(d) != 1 || !strings.Contains(d[0], "edited") {
			t.Errorf("%s edited: %v", name, d)
		}
	}
	otherFile := &plan.Plan{Source: plan.Source{File: "m.toml", SHA256: "sha256:2"}, Lists: same.Lists}
	if d := plan.Diff(base, otherFile); len(d) != 1 || !strings.Contains(d[0], "m.toml changed") {
		t.Errorf("file change: %v", d)
	}
	// A list skipped for its policy: skipped then and now, nothing
	// differs; skipped then and read now, or the other way, it does.
	skipped := func() *plan.Plan {
		return &plan.Plan{Source: base.Source, Lists: []*plan.List{{ID: "l", Address: "l@example.org", Provider: "google", Error: "min_owners", PolicyFails: true}}}
	}
	if d := plan.Diff(skipped(), skipped()); len(d) != 0 {
		t.Errorf("skipped then and now: %v", d)
	}
	if d := plan.Diff(skipped(), same); len(d) != 1 || !strings.Contains(d[0], "was skipped when the plan was made") {
		t.Errorf("skipped then, read now: %v", d)
	}
	if d := plan.Diff(same, skipped()); len(d) != 1 || !strings.Contains(d[0], "its policy fails in the file now") {
		t.Errorf("read then, skipped now: %v", d)
	}
}

// idSuffix names the i-th live member's id: ida, idb, ... (the tests
// build fewer than 26).
func idSuffix(i int) string { return string(rune('a' + i%26)) }

// TestALookAlikeTwinIsNotHidden: two live members, of two ids, whose
// addresses fold to one mailbox (a Kelvin sign for a k): the file's
// entry is the one written as the file writes it, whichever comes
// first, and the other is a stranger the plan shows, never a repeat it
// drops.
func TestALookAlikeTwinIsNotHidden(t *testing.T) {
	for _, order := range [][]string{
		{"owner@example.org=OWNER", "kevin@example.org=MEMBER", "\u212aevin@example.org=MEMBER"},
		{"owner@example.org=OWNER", "\u212aevin@example.org=MEMBER", "kevin@example.org=MEMBER"},
	} {
		l := compute(file(t, "remove", 1, "owner@example.org=owner", "kevin@example.org=member"), live(order...))
		if len(l.Changes) != 1 || l.Changes[0].Action != plan.ActionRemove || l.Changes[0].Email != "\u212aevin@example.org" || l.Live != 3 {
			t.Errorf("%v: live %d, changes %v", order, l.Live, l.Changes)
		}
		// Under "report", a stranger kept and named, even though the
		// file lists (and listed) the identity the twin folds to.
		f := file(t, "report", 1, "owner@example.org=owner", "kevin@example.org=member")
		l = computeWith(f, plan.Input{Have: live(order...), Listed: map[string]string{members.IdentityOf("kevin@example.org"): "abc123"}})
		if len(l.Changes) != 0 || len(l.Unmanaged) != 1 || l.Unmanaged[0].Email != "\u212aevin@example.org" {
			t.Errorf("report, %v: changes %v, kept %v", order, l.Changes, l.Unmanaged)
		}
	}
}

// TestALookAlikeAloneIsAStranger: a live member whose address folds
// into the ASCII address the file lists (a Kelvin sign, a dotted capital
// I, a fullwidth letter in the domain) is a stranger even when the
// listed address is not on the group: never taken for the entry, never
// re-roled to its role; the entry is added.
func TestALookAlikeAloneIsAStranger(t *testing.T) {
	for _, lookAlike := range []string{"\u212aevin@example.org", "kev\u0130n@example.org", "kevin@\uff45xample.org", "kevin@exampl\uff45.org"} {
		l := compute(file(t, "report", 1, "owner@example.org=owner", "kevin@example.org=owner"), live("owner@example.org=OWNER", lookAlike+"=MEMBER"))
		if len(l.Changes) != 1 || l.Changes[0].Action != plan.ActionAdd || l.Changes[0].Email != "kevin@example.org" ||
			len(l.Unmanaged) != 1 || l.Unmanaged[0].Email != lookAlike {
			t.Errorf("%q: changes %v, kept %v", lookAlike, l.Changes, l.Unmanaged)
		}
	}
}

// TestImportLeavesOutWhatValidateRefuses: import skips, with the reason,
// a live member whose address validate would refuse (a look-alike, a
// non-ASCII one the policy does not allow) and a second member under a
// listed mailbox (a Kelvin sign for a k), rather than write a file that
// does not validate or drop one silently.
func TestImportLeavesOutWhatValidateRefuses(t *testing.T) {
	f := file(t, "report", 1, "owner@example.org=owner", "kevin@example.org=member")
	// An address no file can hold (an invisible character) is one more
	// skipped, not an import that stops (s31-routes).
	people, skips := plan.ForImport(f, "l", live("kevin@example.org=MEMBER", "\u212aevin@example.org=MEMBER", "oth\u0435r@example.org=MEMBER", "jos\u00e9@example.org=MEMBER", "walk\u200bin@example.org=MEMBER", "new@example.org=MEMBER").Members, nil)
	var got []string
	for _, p := range people {
		got = append(got, p.Email)
	}
	if strings.Join(got, " ") != "kevin@example.org new@example.org" || len(skips) != 4 || !strings.Contains(skips[3].Why, "is not one m.toml can hold") {
		t.Errorf("imported %v, skipped %+v", got, skips)
	}
	// A whole-Cyrillic address that reads like one in the file, or like
	// a plain live one, whichever comes first: left out, not written
	// beside it (validate would stop every sync on the pair).
	g, err := members.Parse("m.toml", []byte("schema = 1\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\n[policies.p]\nvetting_methods = [\"x\"]\nallow_non_ascii = true\n"+
		"[[member]]\nemail = \"owner@example.org\"\nlists = { l = \"owner\" }\n"))
	if err != nil {
		t.Fatal(err)
	}
	people, skips = plan.ForImport(g, "l", live("\u0430\u0441\u0435@example.org=MEMBER", "ace@example.org=MEMBER", "\u043ewner@example.org=MEMBER").Members, nil)
	got = nil
	for _, p := range people {
		got = append(got, p.Email)
	}
	if strings.Join(got, " ") != "ace@example.org" || len(skips) != 2 || !strings.Contains(skips[0].Why, "reads like ace@example.org") || !strings.Contains(skips[1].Why, "could be mistaken") {
		t.Errorf("imported %v, skipped %+v", got, skips)
	}
	// And a plain one that reads like a look-alike the file has.
	h, err := members.Parse("m.toml", []byte("schema = 1\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\n[policies.p]\nvetting_methods = [\"x\"]\nallow_non_ascii = true\n"+
		"[[member]]\nemail = \"owner@example.org\"\nlists = { l = \"owner\" }\n[[member]]\nemail = \"\u0430\u0441\u0435@example.org\"\nlists = { l = \"member\" }\n"))
	if err != nil {
		t.Fatal(err)
	}
	people, skips = plan.ForImport(h, "l", live("ace@example.org=MEMBER", "new@example.org=MEMBER").Members, nil)
	if len(people) != 1 || people[0].Email != "new@example.org" || len(skips) != 1 || !strings.Contains(skips[0].Why, "reads like \u0430\u0441\u0435@example.org") {
		t.Errorf("imported %v, skipped %+v", people, skips)
	}
}

// TestImportSaysHowToBringSomeoneBack: someone the file took off the
// list is skipped, with the add command that brings them back: for an
// entry the file still has, the list alone; for one it dropped, the
// fields the policy requires and a vetting record, so that what the
// command writes validates.
func TestImportSaysHowToBringSomeoneBack(t *testing.T) {
	f, err := members.Parse("m.toml", []byte(`schema = 1
[lists.l]
address = "l@example.org"
policy = "p"
[policies.p]
vetting_methods = ["x"]
required_fields = ["name", "affiliation"]
[[member]]
email = "owner@example.org"
lists = { l = "owner" }
[[member]]
email = "kept@example.org"
lists = {}
`))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{members.IdentityOf("kept@example.org"): "removed in abc123", members.IdentityOf("gone@example.org"): "removed in abc123"}
	_, skips := plan.ForImport(f, "l", live("kept@example.org=MEMBER", "gone@example.org=MEMBER").Members, listed)
	want := map[string]string{
		"kept@example.org": "'roster add kept@example.org --list l'",
		"gone@example.org": "'roster add gone@example.org --list l --name NAME --affiliation AFFILIATION --by WHO --method METHOD --note TEXT'",
	}
	if len(skips) != 2 {
		t.Fatalf("skipped %+v", skips)
	}
	for _, s := range skips {
		if !strings.HasSuffix(s.Why, want[s.Email]) {
			t.Errorf("%s: %s; want it to end %s", s.Email, s.Why, want[s.Email])
		}
	}
}

// TestImportTakesOneEntryPerMailbox: a group that holds one mailbox
// under two spellings (a +tag, gmail's dots and googlemail.com) is
// imported as one entry, the other spelling left out with its reason and
// its role kept when higher, never written twice (the file refuses that,
// and the import would bring in nobody).
func TestImportTakesOneEntryPerMailbox(t *testing.T) {
	withBob, err := members.Parse("m.toml", []byte("schema = 1\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\n[lists.other]\naddress = \"o@example.org\"\npolicy = \"p\"\n[policies.p]\nvetting_methods = [\"x\"]\n"+
		"[[member]]\nemail = \"owner@example.org\"\nlists = { l = \"owner\" }\n[[member]]\nemail = \"bob@example.org\"\nlists = { other = \"member\" }\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		live     []string
		want     string // email=role imported
		skipped  string
		reasonOf string
	}{
		{[]string{"e@example.org=MEMBER", "E+x@example.org=MEMBER", "new@example.org=MEMBER"}, "e@example.org=member new@example.org=member", "E+x@example.org", "the mailbox of e@example.org under another spelling"},
		{[]string{"e+x@example.org=MEMBER", "e@example.org=OWNER"}, "e+x@example.org=owner", "e@example.org", "with this spelling's role (owner)"},
		{[]string{"f.f@gmail.com=MEMBER", "ff@googlemail.com=OWNER"}, "f.f@gmail.com=owner", "ff@googlemail.com", "the mailbox of f.f@gmail.com under another spelling"},
		// The file writes bob@ (on another list): a +tag spelling on
		// the group is the extra one, whichever comes first.
		{[]string{"bob+x@example.org=MEMBER", "Bob@example.org=OWNER"}, "Bob@example.org=owner", "bob+x@example.org", "the mailbox of Bob@example.org, as members.toml writes it"},
		{[]string{"Bob@example.org=MEMBER", "bob+x@example.org=OWNER"}, "Bob@example.org=owner", "bob+x@example.org", "the mailbox of Bob@example.org under another spelling"},
	} {
		people, skips := plan.ForImport(withBob, "l", live(tc.live...).Members, nil)
		var got []string
		for _, p := range people {
			got = append(got, p.Email+"="+string(p.Role))
		}
		if strings.Join(got, " ") != tc.want || len(skips) != 1 || skips[0].Email != tc.skipped || !strings.Contains(skips[0].Why, tc.reasonOf) || strings.Contains(skips[0].Why, "look-alike") {
			t.Errorf("%v: imported %v, skipped %+v", tc.live, got, skips)
		}
	}
}

// TestGuardErrorNamesWhatItHolds: a list held back whole is named as
// such; one where only min_owners holds its owners' departures is named
// for those, never as an empty list of lists whose every change waits.
func TestGuardErrorNamesWhatItHolds(t *testing.T) {
	tests := []struct {
		name string
		e    plan.GuardError
		want string
	}{
		{"whole", plan.GuardError{Lists: map[string]string{"a": "x"}, Violations: []string{"x"}}, "holding back every membership change of a: x"},
		{"owners only", plan.GuardError{Lists: map[string]string{}, Owners: map[string]string{"sec": "y"}, Violations: []string{"y"}}, "holding back the owners' departures from sec: y"},
		{"both", plan.GuardError{Lists: map[string]string{"a": "x"}, Owners: map[string]string{"a": "z", "sec": "y"}, Violations: []string{"x", "y"}},
			"holding back every membership change of a, and the owners' departures from sec: x; y"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestImportSaysWhoRemovesWhomTheFileTookOff: someone the file took off
// the list, on the group still, is skipped saying who takes them off:
// sync on a google list, a person its checklist asks on a csv one (no
// API to write with).
func TestImportSaysWhoRemovesWhomTheFileTookOff(t *testing.T) {
	for provider, want := range map[string]string{
		"google": "sync removes them from the group",
		"csv":    "sync's checklist asks a person to remove them from the group",
	} {
		src := "schema = 1\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\nprovider = \"" + provider + "\"\n"
		if provider == "csv" {
			src += "snapshot = \"l.csv\"\n"
		}
		src += "[policies.p]\nvetting_methods = [\"grandfathered\"]\n[[member]]\nemail = \"owner@example.org\"\nlists = { l = \"owner\" }\n"
		f, err := members.Parse("members.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		_, skips := plan.ForImport(f, "l", live("owner@example.org=OWNER", "gone@example.org=MEMBER").Members, map[string]string{"gone@example.org": "2026-03-01"})
		if len(skips) != 1 || !strings.Contains(skips[0].Why, want) {
			t.Errorf("%s: skips %+v, want %q", provider, skips, want)
		}
	}
}

// TestAWalkInWithANoteIsAWalkIn: a walk-in's removal with a note after
// its reason (may_be_addition's) is a walk-in all the same to every
// reader that asks (attribution, incremental runs, audit), who used to
// compare the reason whole (s31-regress).
func TestAWalkInWithANoteIsAWalkIn(t *testing.T) {
	for _, tc := range []struct {
		c        plan.Change
		walkIn   bool
		wantNote string
	}{
		{plan.Change{Action: plan.ActionRemove, Reason: plan.ReasonUnmanagedRemove}, true, ""},
		{plan.Change{Action: plan.ActionRemove, Reason: plan.ReasonUnmanagedRemove + "; unless one of this list's additions is this member"}, true, "unless one of this list's additions is this member"},
		{plan.Change{Action: plan.ActionRemove, Reason: "taken off the list in members.toml (removed in abc1234)"}, false, "taken off the list in members.toml (removed in abc1234)"},
		{plan.Change{Action: plan.ActionAdd, Reason: plan.ReasonUnmanagedRemove}, false, plan.ReasonUnmanagedRemove},
	} {
		if got := tc.c.WalkIn(); got != tc.walkIn {
			t.Errorf("%q: WalkIn = %v", tc.c.Reason, got)
		}
		if got := tc.c.ReasonNote(); got != tc.wantNote {
			t.Errorf("%q: ReasonNote = %q, want %q", tc.c.Reason, got, tc.wantNote)
		}
	}
}

// TestARemovalsReasonIsNoPartOfTheChange: a saved plan compared with one
// made now (Diff) weighs who a removal takes off, not the words of why
// (may_be_addition's note among them), while a plan shown to a reviewer
// (Redacted) keeps them (s31-regress2).
func TestARemovalsReasonIsNoPartOfTheChange(t *testing.T) {
	f := file(t, "remove", 0, "a@example.org=member")
	mk := func(reason string) *plan.Plan {
		l := compute(f, live("a@example.org=MEMBER", "gone@example.org=MEMBER"))
		for i := range l.Changes {
			if l.Changes[i].Action == plan.ActionRemove {
				l.Changes[i].Reason, l.Changes[i].MayBeAddition = reason, true
			}
		}
		return &plan.Plan{Source: plan.Source{File: "m.toml", SHA256: "sha256:1"}, Lists: []*plan.List{l}}
	}
	saved, now := mk("listed in the last commit; unless one of this list's additions is this member"), mk("taken off the list in m.toml (removed in abc1234); unless one of this list's additions is this member")
	if d := plan.Diff(saved, now); len(d) != 0 {
		t.Errorf("the same removal, worded otherwise, differs: %v", d)
	}
	if r := now.Redacted(func(string, string) bool { return true }); !strings.Contains(r.Lists[0].Changes[0].Reason, "taken off the list in m.toml") {
		t.Errorf("a plan shown drops the removal's reason: %+v", r.Lists[0].Changes)
	}
}

// TestAGroupPromotedToOwnerIsNamed: a group on the list as a member,
// which the file makes owner, is named where the plan says the group
// has too few owners (s31-regress2).
func TestAGroupPromotedToOwnerIsNamed(t *testing.T) {
	f, err := members.Parse("m.toml", []byte("schema = 1\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\n"+
		"[policies.p]\nvetting_methods = [\"x\"]\nunmanaged = \"remove\"\nmin_owners = 1\nallow_groups = true\n"+
		"[[member]]\nemail = \"a@example.org\"\nlists = { l = \"member\" }\n[[member]]\nemail = \"team@example.org\"\nlists = { l = \"owner\" }\n"))
	if err != nil {
		t.Fatal(err)
	}
	have := live("a@example.org=OWNER", "team@example.org=MEMBER")
	have.Members[1].Type = "GROUP"
	l := compute(f, have)
	if !strings.Contains(strings.Join(l.Problems, "\n"), "not counting team@example.org, which is a group") {
		t.Errorf("problems: %q", l.Problems)
	}
}

// TestASavedPlanReadsBackItsLookAlikeMarks: the marks a saved plan
// carries (lookalike, live_as_lookalike) are made again whenever it is
// written, so a plan computed now, with none, is the same plan.
func TestASavedPlanReadsBackItsLookAlikeMarks(t *testing.T) {
	p := &plan.Plan{Version: plan.FormatVersion, Source: plan.Source{File: "members.toml", SHA256: "sha256:00"}, Lists: []*plan.List{{ID: "rep", Address: "rep@example.org", Provider: "google", Base: "sha256:00", Changes: []plan.Change{
		{Action: plan.ActionSetRole, Email: "other@example.org", PreviousRole: "member", Role: "owner", LiveAs: "oth\u0435r@example.org"},
		{Action: plan.ActionRemove, Email: "gr\u0430ce@example.org", PreviousRole: "member"},
	}}}}
	var b bytes.Buffer
	if err := p.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"live_as_lookalike"`) {
		t.Fatalf("the saved plan carries no mark of the live account:\n%s", b.String())
	}
	saved, err := plan.Read("plan.json", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if d := plan.Diff(saved, p); len(d) > 0 {
		t.Errorf("a saved plan differs from itself: %v", d)
	}
	// A mark edited in the file is not the plan's: it is dropped on
	// reading and made again from the address, as the plan computed now
	// makes it (a kept one would show a false mark, or hide a true one).
	edited := strings.ReplaceAll(b.String(), "U+0435", "U+0061")
	saved, err = plan.Read("plan.json", []byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	if d := plan.Diff(saved, p); len(d) > 0 {
		t.Errorf("a saved plan with an edited mark differs from the plan computed now: %v", d)
	}
	var again bytes.Buffer
	if err := saved.Write(&again); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(again.String(), "U+0061") || !strings.Contains(again.String(), "U+0435") {
		t.Errorf("the edited mark was written again:\n%s", again.String())
	}
}
