package audit_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// driftFile: ada is on reports (line 17), lin only on announce (line
// 21), multi on announce and third (line 25), ghost on no list (line
// 29), j.doe (a gmail address) on reports (line 33).
const driftFile = `schema = 1

[lists.reports]
address = "security@example.org"
policy = "p"

[lists.announce]
address = "announce@example.org"
policy = "p"

[lists.third]
address = "third@example.org"
policy = "p"

[policies.p]
vetting_methods = ["video-call"]
[[member]]
email = "ada@example.org"
lists = { reports = "owner" }

[[member]]
email = "lin@example.org"
lists = { announce = "member" }

[[member]]
email = "multi@example.org"
lists = { announce = "member", third = "manager" }

[[member]]
email = "ghost@example.org"
lists = {}

[[member]]
email = "j.doe@gmail.com"
lists = { reports = "member" }
`

const reportsAddr = "security@example.org"

// reportsPlan is a plan with one list, reports, as l says.
func reportsPlan(l plan.List) *plan.Plan {
	l.ID, l.Address, l.Provider = "reports", reportsAddr, "google"
	return &plan.Plan{Version: plan.FormatVersion, Lists: []*plan.List{&l}}
}

// TestDrift: what each difference of a plan says to an auditor: people
// and privileges the file does not give, groups and settings that let
// more people in, and what cannot be read are violations; what the next
// sync adds or promotes, and what is only worth knowing, notices.
func TestDrift(t *testing.T) {
	t.Parallel()
	f := parse(t, driftFile)
	const unmanaged = plan.ReasonUnmanagedRemove
	V, N := audit.Violation, audit.Notice
	type want struct {
		level audit.Level
		kind  string
		email string
		has   []string // phrases the message has
		lacks []string // and must not have
	}
	tests := []struct {
		name string
		f    *members.File
		list plan.List
		want []want
	}{
		{"nothing differs", f, plan.List{}, nil},
		{"unreadable group: one violation, nothing else", f, plan.List{
			Error:    "403 forbidden",
			Changes:  []plan.Change{{Action: plan.ActionRemove, Email: "x@example.org", PreviousRole: "member"}},
			Settings: []plan.SettingChange{{Name: "who_can_join", Live: "ANYONE_CAN_JOIN", Desired: "INVITED_CAN_JOIN", Widens: true}},
		}, []want{
			{V, "drift", "", []string{"security@example.org: the live group could not be read: 403 forbidden"}, nil},
		}},
		{"missing group: one notice counting the members it lacks", f, plan.List{
			GroupMissing: true,
			Changes: []plan.Change{
				{Action: plan.ActionAdd, Email: "ada@example.org", Role: "owner"},
				{Action: plan.ActionAdd, Email: "j.doe@gmail.com", Role: "member"},
			},
		}, []want{
			{N, "drift", "", []string{"security@example.org does not exist yet", "2 members of the file are not on it", "set create = true"}, nil},
		}},
		{"missing group sync creates: says so", f, plan.List{
			GroupMissing: true, Create: true,
			Changes: []plan.Change{{Action: plan.ActionAdd, Email: "ada@example.org", Role: "owner"}},
		}, []want{
			{N, "drift", "", []string{"1 member of the file is not on it", "sync creates it (create = true)"}, nil},
		}},
		{"add: a notice", f, plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: "ada@example.org", Role: "owner"}}}, []want{
			{N, "drift", "ada@example.org", []string{"ada@example.org is in the file but not yet on security@example.org; the next sync adds them"}, []string{"sync will not", "["}},
		}},
		{"add of someone removed by hand: back", f, plan.List{Changes: []plan.Change{{
			Action: plan.ActionAdd, Email: "ada@example.org", Role: "owner",
			ChangedBy: "removed by root@example.org on 2026-11-20 09:14 UTC (remove_user, Groups UI)",
		}}}, []want{
			{N, "drift", "ada@example.org", []string{"ada@example.org is in the file but no longer on security@example.org; the next sync adds them back", "[removed by root@example.org"}, []string{"not yet"}},
		}},
		{"blocked add, removed by hand: says both", f, plan.List{Changes: []plan.Change{{
			Action: plan.ActionAdd, Email: "ada@example.org", Role: "owner", Blocked: "no qualifying vetting",
			ChangedBy: "removed by root@example.org on 2026-11-20 09:14 UTC (REMOVE_GROUP_MEMBER, Admin console or API)",
		}}}, []want{
			{N, "drift", "ada@example.org", []string{"no longer on security@example.org; sync will not make this change: no qualifying vetting",
				"[removed by root@example.org on 2026-11-20 09:14 UTC"}, nil},
		}},
		{"remove of someone the file never had", f, plan.List{Changes: []plan.Change{{
			Action: plan.ActionRemove, Email: "walk-in@example.org", PreviousRole: "manager", Reason: unmanaged, ChangedBy: "added by root@example.org",
		}}}, []want{
			{V, "drift", "walk-in@example.org", []string{"walk-in@example.org is on security@example.org as manager but not in the file",
				`(unmanaged = "remove")`, "the next sync removes them", "[added by root@example.org]"}, nil},
		}},
		{"remove of someone the file has on other lists", f, plan.List{Changes: []plan.Change{
			{Action: plan.ActionRemove, Email: "LIN@example.org", PreviousRole: "member", Reason: "taken off in members.toml"},
			{Action: plan.ActionRemove, Email: "multi@example.org", PreviousRole: "member", Reason: "taken off in members.toml"},
		}}, []want{
			{V, "drift", "LIN@example.org", []string{"but not on reports in the file (line 23 lists them only on announce)", "(taken off in members.toml)"}, []string{"not in the file"}},
			{V, "drift", "multi@example.org", []string{"but not on reports in the file (line 27 lists them only on announce, third)"}, nil},
		}},
		{"remove, by policy, of someone the file has on another list: one reason, not two", f, plan.List{Changes: []plan.Change{
			{Action: plan.ActionRemove, Email: "LIN@example.org", PreviousRole: "member", Reason: unmanaged},
		}}, []want{
			{V, "drift", "LIN@example.org", []string{"but not on reports in the file (line 23 lists them only on announce) (unmanaged = \"remove\")"}, []string{"not in members.toml"}},
		}},
		{"remove of someone the file has on no list", f, plan.List{Changes: []plan.Change{
			{Action: plan.ActionRemove, Email: "ghost@example.org", PreviousRole: "member", Reason: "taken off in members.toml"},
		}}, []want{
			{V, "drift", "ghost@example.org", []string{"but on no list in the file (line 31)"}, nil},
		}},
		{"no file: not in the file", nil, plan.List{Changes: []plan.Change{
			{Action: plan.ActionRemove, Email: "ada@example.org", PreviousRole: "owner", Reason: unmanaged},
		}}, []want{
			{V, "drift", "ada@example.org", []string{"ada@example.org is on security@example.org as owner but not in the file"}, nil},
		}},
		{"demotion: the live role gives more than the file", f, plan.List{Changes: []plan.Change{
			{Action: plan.ActionSetRole, Email: "j.doe@gmail.com", Role: "member", PreviousRole: "owner", ChangedBy: "role changed by root@example.org"},
			{Action: plan.ActionSetRole, Email: "ada@example.org", Role: "manager", PreviousRole: "owner"},
		}}, []want{
			{V, "drift", "j.doe@gmail.com", []string{"j.doe@gmail.com is owner on security@example.org; the file says member", "[role changed by root@example.org]"}, nil},
			{V, "drift", "ada@example.org", []string{"ada@example.org is owner on security@example.org; the file says manager"}, nil},
		}},
		{"promotion: a notice, blocked or not", f, plan.List{Changes: []plan.Change{
			{Action: plan.ActionSetRole, Email: "ada@example.org", Role: "owner", PreviousRole: "member", Blocked: "lapsed vetting"},
			{Action: plan.ActionSetRole, Email: "j.doe@gmail.com", Role: "manager", PreviousRole: "member"},
		}}, []want{
			{N, "drift", "ada@example.org", []string{"ada@example.org is member on security@example.org; the file says owner; sync will not make this change: lapsed vetting"}, nil},
			{N, "drift", "j.doe@gmail.com", []string{"is member on security@example.org; the file says manager"}, []string{"sync will not"}},
		}},
		{"unmanaged people, groups and the whole domain", f, plan.List{Unmanaged: []plan.LiveMember{
			{Email: "walk-in@example.org", Role: "member", ChangedBy: "joined by walk-in@example.org"},
			{Email: "lin@example.org", Role: "owner"},
			{Email: "team@example.org", Role: "member", Type: "GROUP"},
			{Role: "member", Type: "CUSTOMER"},
		}}, []want{
			{V, "drift", "walk-in@example.org", []string{"walk-in@example.org is on security@example.org as member but not in the file, and the file has never listed them there",
				`kept because unmanaged = "report": vet and add them, or remove them from the group`, "[joined by walk-in@example.org]"}, nil},
			{V, "drift", "lin@example.org", []string{"lin@example.org is on security@example.org as owner but not on reports in the file (line 23 lists them only on announce)"}, nil},
			{V, "drift", "team@example.org", []string{"team@example.org is a group on security@example.org that the file has never listed: everyone in it receives the list's mail", "kept because"}, nil},
			{V, "drift", "", []string{"all users of the domain receive security@example.org's mail, which the file has never listed", "kept because", "remove it from the group"}, []string{"vet and add"}},
		}},
		{"unmanaged people where history cannot tell", f, plan.List{Undetermined: "the file has no git history", Unmanaged: []plan.LiveMember{
			{Email: "walk-in@example.org", Role: "member"},
			{Email: "team@example.org", Role: "member", Type: "GROUP"},
			{Role: "member", Type: "CUSTOMER"},
		}}, []want{
			{V, "drift", "walk-in@example.org", []string{"roster cannot tell whether the file listed them there before"}, []string{"never"}},
			{V, "drift", "team@example.org", []string{"roster cannot tell whether the file listed it before"}, []string{"never"}},
			{V, "drift", "", []string{"roster cannot tell whether the file listed that before"}, []string{"never"}},
			{N, "drift", "", []string{"security@example.org: the file has no git history"}, nil},
		}},
		{"undetermined and attribution notes", f, plan.List{
			Undetermined: "the file has no git history",
			Attribution:  "who changed security@example.org by hand is unknown: boom",
		}, []want{
			{N, "drift", "", []string{"security@example.org: the file has no git history"}, nil},
			{N, "drift", "", []string{"who changed security@example.org by hand is unknown: boom"}, []string{"security@example.org: who"}},
		}},
		{"alias", f, plan.List{Aliases: []plan.Alias{{File: "ada@example.org", Live: "ada.lovelace@example.org"}}}, []want{
			{N, "alias", "ada@example.org", []string{"ada@example.org in the file is ada.lovelace@example.org on security@example.org", "write ada.lovelace@example.org in the file"}, nil},
		}},
		{"problems", f, plan.List{Problems: []string{"team@example.org is a group; policy p allows none"}}, []want{
			{V, "drift", "", []string{"security@example.org: team@example.org is a group; policy p allows none"}, nil},
		}},
		{"settings: widening is a violation, the rest notices", f, plan.List{Settings: []plan.SettingChange{
			{Name: "who_can_join", Field: "whoCanJoin", Live: "ALL_IN_DOMAIN_CAN_JOIN", Desired: "INVITED_CAN_JOIN", Widens: true, ChangedBy: "set by root@example.org"},
			{Name: "who_can_post_message", Field: "whoCanPostMessage", Live: "ALL_MEMBERS_CAN_POST", Desired: "ANYONE_CAN_POST"},
			{Name: "message_moderation_level", Field: "messageModerationLevel", Live: "", Desired: "MODERATE_ALL_MESSAGES"},
		}}, []want{
			{V, "settings", "", []string{"security@example.org: who_can_join is ALL_IN_DOMAIN_CAN_JOIN, the policy says INVITED_CAN_JOIN; it lets more people in than the policy allows [set by root@example.org]"}, nil},
			{N, "settings", "", []string{"who_can_post_message is ALL_MEMBERS_CAN_POST, the policy says ANYONE_CAN_POST"}, []string{"lets more people in", "["}},
			{N, "settings", "", []string{"message_moderation_level is (unset), the policy says MODERATE_ALL_MESSAGES"}, nil},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := audit.Drift(tc.f, reportsPlan(tc.list))
			if len(got) != len(tc.want) {
				t.Fatalf("got %d items, want %d: %+v", len(got), len(tc.want), got)
			}
			for i, w := range tc.want {
				it := got[i]
				if it.Level != w.level || it.Kind != w.kind || it.List != "reports" || it.Email != w.email || it.Rule != "" {
					t.Errorf("item %d: %s %s list %q email %q rule %q, want %s %s list reports email %q", i, it.Level, it.Kind, it.List, it.Email, it.Rule, w.level, w.kind, w.email)
				}
				for _, s := range w.has {
					if !strings.Contains(it.Message, s) {
						t.Errorf("item %d: message %q lacks %q", i, it.Message, s)
					}
				}
				for _, s := range w.lacks {
					if strings.Contains(it.Message, s) {
						t.Errorf("item %d: message %q has %q", i, it.Message, s)
					}
				}
			}
		})
	}
}

// TestDriftKeepsPlanOrder: items come list by list, in the plan's order,
// each list's changes before its unmanaged members, notes, aliases,
// problems and settings; a list that could not be read does not stop
// the others.
func TestDriftKeepsPlanOrder(t *testing.T) {
	t.Parallel()
	f := parse(t, driftFile)
	p := &plan.Plan{Lists: []*plan.List{
		{ID: "third", Address: "third@example.org", Error: "boom"},
		{ID: "reports", Address: reportsAddr,
			Settings:     []plan.SettingChange{{Name: "who_can_join", Live: "A", Desired: "B"}},
			Problems:     []string{"problem"},
			Aliases:      []plan.Alias{{File: "a@example.org", Live: "b@example.org"}},
			Attribution:  "attribution",
			Undetermined: "undetermined",
			Unmanaged:    []plan.LiveMember{{Email: "u@example.org", Role: "member"}},
			Changes: []plan.Change{
				{Action: plan.ActionRemove, Email: "r@example.org", PreviousRole: "member"},
				{Action: plan.ActionAdd, Email: "ada@example.org", Role: "owner"},
			},
		},
		{ID: "announce", Address: "announce@example.org", GroupMissing: true, Changes: []plan.Change{{Action: plan.ActionAdd, Email: "ada@example.org", Role: "owner"}}},
		// Missing, and nobody on it: the file's empty-list finding
		// says all there is (sync creates no group with nobody on it).
		{ID: "empty", Address: "empty@example.org", GroupMissing: true, Create: true},
	}}
	type key struct{ list, kind, email string }
	var got []key
	for _, it := range audit.Drift(f, p) {
		got = append(got, key{it.List, it.Kind, it.Email})
	}
	want := []key{
		{"third", "drift", ""},
		{"reports", "drift", "r@example.org"}, {"reports", "drift", "ada@example.org"},
		{"reports", "drift", "u@example.org"},
		{"reports", "drift", ""}, {"reports", "drift", ""}, // undetermined, attribution
		{"reports", "alias", "a@example.org"},
		{"reports", "drift", ""}, // problem
		{"reports", "settings", ""},
		{"announce", "drift", ""},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(key{})); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// TestDriftPlusTagIsNotTheFileEntry: a live member whose address is a
// file entry's with a +tag is another member to the plan (identities
// differ), so the plan removes it; the message must not say the entry is
// "not on reports: only on reports".
func TestDriftPlusTagIsNotTheFileEntry(t *testing.T) {
	t.Parallel()
	f := parse(t, driftFile)
	got := audit.Drift(f, reportsPlan(plan.List{Changes: []plan.Change{
		{Action: plan.ActionRemove, Email: "ada+lists@example.org", PreviousRole: "member", Reason: plan.ReasonUnmanagedRemove},
	}}))
	if len(got) != 1 || got[0].Level != audit.Violation || got[0].Email != "ada+lists@example.org" {
		t.Fatalf("items %+v", got)
	}
	if msg := got[0].Message; strings.Contains(msg, "not on reports: only on reports") {
		t.Errorf("Drift describes ada+lists@example.org, which the plan removes from reports, as %q: "+
			"notIn finds ada@example.org by mailbox (+tag dropped) while the plan matches by identity (+tag kept)", msg)
	}
}

// TestDriftPlusTagOfSomeoneOnAnotherList: a +tag spelling of someone the
// file lists only on another list is not on this one in any spelling:
// the message says where the file lists them, as for their own address
// (and as the plan says it), not that the +tag alone is the matter.
func TestDriftPlusTagOfSomeoneOnAnotherList(t *testing.T) {
	t.Parallel()
	f := parse(t, driftFile)
	got := audit.Drift(f, reportsPlan(plan.List{Changes: []plan.Change{
		{Action: plan.ActionRemove, Email: "lin+sec@example.org", PreviousRole: "member", Reason: plan.ReasonUnmanagedRemove},
	}}))
	if len(got) != 1 {
		t.Fatalf("items %+v", got)
	}
	if msg := got[0].Message; !strings.Contains(msg, "not on reports in the file") || !strings.Contains(msg, "only on announce") || strings.Contains(msg, "without the +tag") {
		t.Errorf("a +tag spelling of lin, whom the file lists only on announce: %q", msg)
	}
}

// TestDriftNamesTheAccountARoleChangeChanges: a role the file gives at
// an alias of the account on the group (plan.Change.LiveAs) is said of
// that account, marked where it only looks like a plain address, as the
// plan says it.
func TestDriftNamesTheAccountARoleChangeChanges(t *testing.T) {
	t.Parallel()
	f := parse(t, driftFile)
	got := audit.Drift(f, reportsPlan(plan.List{Changes: []plan.Change{
		{Action: plan.ActionSetRole, Email: "ada@example.org", Role: "owner", PreviousRole: "member", LiveAs: "\u0430da@example.org"},
	}}))
	if len(got) != 1 || !strings.Contains(got[0].Message, "on the group as \u0430da@example.org") || !strings.Contains(got[0].Message, "U+0430") {
		t.Errorf("items %+v", got)
	}
}

// TestReceivers: everyone who gets a list's mail through nested groups,
// listed once each; people with no entry on that list in the file (by
// any spelling of their mailbox), and the whole domain, are violations;
// nested groups and people the file has on the list are not.
func TestReceivers(t *testing.T) {
	t.Parallel()
	f := parse(t, driftFile)
	team, inner := "team@example.org", "inner@example.org"
	via := func(gs ...string) []string { return append([]string{reportsAddr}, gs...) }
	rs := []directory.Receiver{
		{Email: team, Type: "GROUP", Via: via()},
		{Email: "Ada@Example.org", Type: "USER", Via: via(team)},
		{Email: "jdoe@googlemail.com", Type: "USER", Via: via(team)},
		{Email: "lin@example.org", Type: "USER", Via: via(team)},
		{Email: inner, Type: "GROUP", Via: via(team)},
		{Email: "stranger@example.org", Type: "EXTERNAL", Via: via(team)},
		{Email: "deep@example.org", Type: "USER", Via: via(team, inner)},
		{Email: "STRANGER@example.org", Type: "EXTERNAL", Via: via(team, inner)}, // again, through another group
		{Type: "CUSTOMER", Via: via(team, inner)},
		{Type: "CUSTOMER", Via: via(team)},
	}
	lines, items := audit.Receivers(f, f.List("reports"), rs, nil)

	wantLines := []audit.Receiver{
		{List: "reports", Email: team, Type: "GROUP", Via: reportsAddr, Entry: false},
		{List: "reports", Email: "Ada@Example.org", Type: "USER", Via: "security@example.org > team@example.org", Entry: true},
		{List: "reports", Email: "jdoe@googlemail.com", Type: "USER", Via: "security@example.org > team@example.org", Entry: true},
		{List: "reports", Email: "lin@example.org", Type: "USER", Via: "security@example.org > team@example.org", Entry: false},
		{List: "reports", Email: inner, Type: "GROUP", Via: "security@example.org > team@example.org", Entry: false},
		{List: "reports", Email: "stranger@example.org", Type: "EXTERNAL", Via: "security@example.org > team@example.org", Entry: false},
		{List: "reports", Email: "deep@example.org", Type: "USER", Via: "security@example.org > team@example.org > inner@example.org", Entry: false},
		{List: "reports", Email: "all users of the domain", Type: "CUSTOMER", Via: "security@example.org > team@example.org > inner@example.org", Entry: false},
	}
	if diff := cmp.Diff(wantLines, lines); diff != "" {
		t.Errorf("receivers (-want +got):\n%s", diff)
	}

	type item struct{ email, msg string }
	var got []item
	for _, it := range items {
		if it.Level != audit.Violation || it.Kind != audit.KindReceiver || it.List != "reports" {
			t.Errorf("item %+v", it)
		}
		got = append(got, item{it.Email, it.Message})
	}
	want := []item{
		{"lin@example.org", "lin@example.org receives security@example.org's mail through security@example.org > team@example.org but has no entry on reports in the file: nobody vetted them for it"},
		{"stranger@example.org", "stranger@example.org receives security@example.org's mail through security@example.org > team@example.org but has no entry on reports"},
		{"deep@example.org", "deep@example.org receives security@example.org's mail through security@example.org > team@example.org > inner@example.org but has no entry on reports"},
		{"", "all users of the domain receive security@example.org's mail through security@example.org > team@example.org > inner@example.org"},
	}
	if len(got) != len(want) {
		t.Fatalf("items:\n%+v\nwant:\n%+v", got, want)
	}
	for i := range want {
		if got[i].email != want[i].email || !strings.HasPrefix(got[i].msg, want[i].msg) {
			t.Errorf("item %d: %+v, want %+v", i, got[i], want[i])
		}
	}

	// Nobody nested: nothing to say.
	if lines, items := audit.Receivers(f, f.List("reports"), nil, nil); lines != nil || items != nil {
		t.Errorf("no receivers: %v %v", lines, items)
	}
	// On another list, the same people have other entries.
	_, items = audit.Receivers(f, f.List("announce"), []directory.Receiver{
		{Email: "lin@example.org", Type: "USER", Via: []string{"announce@example.org", team}},
		{Email: "ada@example.org", Type: "USER", Via: []string{"announce@example.org", team}},
	}, nil)
	if len(items) != 1 || items[0].Email != "ada@example.org" || items[0].List != "announce" || !strings.Contains(items[0].Message, "no entry on announce") {
		t.Errorf("announce: %+v", items)
	}
}

// TestEveryDifferenceHasPublicWords: the public roster shows drift only
// in an item's Summary (fixed words, no reason), and calls a group a
// match when none is left; so every item that is a difference between
// the group and the file, or says the group went unread or unchecked,
// has one. Only notes (who may have changed it, an alias) and the
// verdict that a listed member's vetting does not admit them have none.
func TestEveryDifferenceHasPublicWords(t *testing.T) {
	t.Parallel()
	f := parse(t, driftFile)
	p := &plan.Plan{Lists: []*plan.List{
		{ID: "third", Address: "third@example.org", Error: "boom"},
		{ID: "reports", Address: reportsAddr,
			Settings:    []plan.SettingChange{{Name: "who_can_join", Live: "A", Desired: "B"}},
			Problems:    []string{"its settings could not be read"},
			Unmanaged:   []plan.LiveMember{{Email: "u@example.org", Role: "member"}, {Email: "g@example.org", Role: "member", Type: "GROUP"}, {Type: "CUSTOMER", Role: "member"}},
			PastCap:     []plan.LiveMember{{Email: "c@example.org", Role: "member"}},
			Unvetted:    []plan.LiveMember{{Email: "v@example.org", Role: "member", Why: "their record lapsed"}},
			Attribution: "attribution",
			Aliases:     []plan.Alias{{File: "a@example.org", Live: "b@example.org"}},
			Changes: []plan.Change{
				{Action: plan.ActionRemove, Email: "r@example.org", PreviousRole: "member"},
				{Action: plan.ActionAdd, Email: "ada@example.org", Role: "owner"},
				{Action: plan.ActionAdd, Email: "held@example.org", Role: "member", Blocked: "no record admits them"},
				{Action: plan.ActionSetRole, Email: "p@example.org", Role: "member", PreviousRole: "owner"},
			},
		},
		{ID: "announce", Address: "announce@example.org", GroupMissing: true, Changes: []plan.Change{{Action: plan.ActionAdd, Email: "ada@example.org", Role: "owner"}}},
	}}
	for _, it := range audit.Drift(f, p) {
		note := it.Kind == audit.KindAlias || it.Message == "attribution" || it.Email == "v@example.org"
		if (it.Summary == "") != note {
			t.Errorf("%s item %q: public words %q", it.Kind, it.Message, it.Summary)
		}
	}
}

// TestAMissingGroupOfAFailingListIsNotCreated: a create = true list whose
// own policy fails is read for the auditor, but sync neither creates its
// group nor adds anyone: the notice says so, not "sync creates it".
func TestAMissingGroupOfAFailingListIsNotCreated(t *testing.T) {
	t.Parallel()
	f := parse(t, driftFile)
	for _, fails := range []bool{false, true} {
		p := reportsPlan(plan.List{GroupMissing: true, Create: true, PolicyFails: fails, Changes: []plan.Change{{Action: plan.ActionAdd, Email: "ada@example.org", Role: "owner"}}})
		got := audit.Drift(f, p)
		if len(got) != 1 || strings.Contains(got[0].Message, "sync creates it") != !fails {
			t.Errorf("policy fails %v: %+v", fails, got)
		}
	}
}

// TestListsNotReadAreOneNotice: the lists an incremental run did not
// read are one notice naming them (the first twenty, then a count), as
// the plan's one line does, not a line each: an hourly audit of 10,000
// groups printed 10,000 (s29-auditlog finding 4). One alone is named
// on its own line, as its list's.
func TestListsNotReadAreOneNotice(t *testing.T) {
	f, err := members.Parse("members.toml", []byte(driftFile))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 30 {
		ids = append(ids, "l"+strings.Repeat("x", i))
	}
	for _, tc := range []struct {
		notRead []string
		want    string
		list    string
	}{
		{ids[:1], "l was not read", "l"},
		{ids[:3], "3 lists were not read (l, lx, lxx)", ""},
		{ids, "30 lists were not read (" + strings.Join(ids[:20], ", ") + " and 10 more)", ""},
	} {
		var notices []audit.Item
		for _, it := range audit.Drift(f, &plan.Plan{NotRead: tc.notRead}) {
			if it.Level == audit.Notice {
				notices = append(notices, it)
			}
		}
		if len(notices) != 1 || !strings.HasPrefix(notices[0].Message, tc.want) || notices[0].List != tc.list {
			t.Errorf("%d not read: %+v", len(tc.notRead), notices)
		}
	}
}
