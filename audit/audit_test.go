package audit_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// parse reads a members file from a string, failing the test if it
// does not parse.
func parse(t *testing.T, src string) *members.File {
	t.Helper()
	f, err := members.Parse("members.toml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

// auditFile has one of each thing an auditor asks about, on 2026-06-15
// with a 30-day lapsing window:
//   - reports: 4 members over max_members = 2 (lin and old take it
//     over: two max-members findings), 1 owner under min_owners = 2;
//     lin's record lapses on 2026-06-20 (lapsing), old's lapsed on
//     2024-12-31 (lapsed);
//   - announce: ada vetted by someone not on it (vetting-vetter), newbie
//     with no record (vetting-missing), a denied domain;
//   - an unused policy and a member on no list (warnings).
const auditFile = `schema = 1

[lists.reports]
address = "security@example.org"
policy = "receivers"

[lists.announce]
address = "announce@example.org"
policy = "open"

[policies.receivers]
max_members = 2
min_owners = 2
vetting_methods = ["video-call"]
vetted_by = "member"
vetting_valid_for = "365d"

[policies.open]
vetting_methods = ["video-call"]
vetted_by = "member"
denied_domains = ["mailinator.com"]

[policies.spare]
vetting_methods = ["video-call"]

[[member]]
email = "ada@example.org"
lists = { reports = "owner", announce = "owner" }
vetting = [{ by = "grace@example.org", on = 2026-05-01, method = "video-call" }]

[[member]]
email = "grace@example.org"
lists = { reports = "member" }
vetting = [{ by = "ada@example.org", on = 2026-05-01, method = "video-call" }]

[[member]]
email = "lin@example.org"
lists = { reports = "member", announce = "member" }
vetting = [{ by = "ada@example.org", on = 2025-06-20, method = "video-call" }]

[[member]]
email = "old@example.org"
lists = { reports = "member" }
vetting = [{ by = "ada@example.org", on = 2024-01-01, method = "video-call" }]

[[member]]
email = "newbie@example.org"
lists = { announce = "member" }

[[member]]
email = "spam@mailinator.com"
lists = { announce = "member" }
vetting = [{ by = "ada@example.org", on = 2026-05-01, method = "video-call" }]

[[member]]
email = "ghost@example.org"
lists = {}
`

// auditAt is the day of the audit of auditFile.
var auditAt = time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)

// brief is what an item says without its message.
type brief struct {
	Level                      audit.Level
	Kind, Rule, List, Email    string
	VettedBy, VettedOn, Expiry string
}

func briefs(items []audit.Item) []brief {
	out := make([]brief, 0, len(items))
	for _, it := range items {
		out = append(out, brief{it.Level, it.Kind, string(it.Rule), it.List, it.Email, it.VettedBy, it.VettedOn, it.Expires})
	}
	return out
}

// TestFromFindingsOfAFile: the audit of a real file, checked by the
// policies package as audit checks it: lists counted against their
// policies, every finding one item, its level from the finding's effect,
// its kind under the name auditors know, the vetting record of vetting
// items, one capacity item per list, violations first.
func TestFromFindingsOfAFile(t *testing.T) {
	t.Parallel()
	f := parse(t, auditFile)
	findings := policies.CheckWith(f, policies.Options{At: auditAt, LapsingWithin: 30 * 24 * time.Hour})
	r := audit.FromFindings(f, findings, auditAt)

	wantLists := []audit.ListSummary{
		{ID: "reports", Address: "security@example.org", Policy: "receivers", Members: 4, MaxMembers: 2, Owners: 1, MinOwners: 2},
		{ID: "announce", Address: "announce@example.org", Policy: "open", Members: 4, MaxMembers: 0, Owners: 1, MinOwners: 0},
	}
	if diff := cmp.Diff(wantLists, r.Lists); diff != "" {
		t.Errorf("lists (-want +got):\n%s", diff)
	}

	V, N := audit.Violation, audit.Notice
	want := []brief{
		{V, "capacity", "max-members", "reports", "", "", "", ""},
		{V, "domain-denied", "domain-denied", "announce", "spam@mailinator.com", "", "", ""},
		{V, "lapsed", "vetting-stale", "reports", "old@example.org", "ada@example.org", "2024-01-01", "2024-12-31"},
		{V, "owners", "min-owners", "reports", "", "", "", ""},
		{V, "unvetted", "vetting-vetter", "announce", "ada@example.org", "grace@example.org", "2026-05-01", ""},
		{V, "unvetted", "vetting-missing", "announce", "newbie@example.org", "", "", ""},
		{N, "lapsing", "vetting-lapsing", "reports", "lin@example.org", "ada@example.org", "2025-06-20", "2026-06-20"},
		{N, "no-lists", "member-no-lists", "", "ghost@example.org", "", "", ""},
		{N, "policy-unused", "policy-unused", "", "", "", "", ""},
	}
	if diff := cmp.Diff(want, briefs(r.Items)); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	if got := r.Violations(); got != 6 {
		t.Errorf("Violations() = %d, want 6", got)
	}

	// Messages: the finding as a compiler message, except the capacity
	// item, which speaks of the list, not of the entry that took it over.
	for _, it := range r.Items {
		switch it.Kind {
		case audit.KindCapacity:
			if it.Message != "reports has 4 members; policy receivers allows 2" {
				t.Errorf("capacity message %q", it.Message)
			}
		case audit.KindLapsed:
			for _, s := range []string{"members.toml:", "member old@example.org:", "lapsed on 2024-12-31"} {
				if !strings.Contains(it.Message, s) {
					t.Errorf("lapsed message %q lacks %q", it.Message, s)
				}
			}
		case audit.KindLapsing:
			// The item's level is the audit's own: the message names no
			// severity of validate's to contradict it.
			if !strings.Contains(it.Message, ": member lin@example.org:") || !strings.Contains(it.Message, "lapses on 2026-06-20") ||
				strings.Contains(it.Message, "warning:") || strings.Contains(it.Message, "error:") {
				t.Errorf("lapsing message %q", it.Message)
			}
		}
	}
}

// TestFromFindingsDate: the report is of a calendar day, as the caller's
// clock reads it, whatever the hour and zone.
func TestFromFindingsDate(t *testing.T) {
	t.Parallel()
	f := parse(t, auditFile)
	late := time.Date(2026, 6, 15, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600)) // 04:30 UTC on the 16th
	r := audit.FromFindings(f, nil, late)
	if r.Date != "2026-06-15" || !r.At.Equal(time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)) || r.At.Location() != time.UTC {
		t.Errorf("Date %q At %v, want 2026-06-15 at midnight UTC", r.Date, r.At)
	}
}

// TestFromFindingsLevels: every finding that fails validate is a
// violation; a lapsed record is one even where validate only warns (a
// current member's); other warnings are notices. Kinds map the vetting,
// capacity, owners and no-lists rules; any other rule is its own kind.
func TestFromFindingsLevels(t *testing.T) {
	t.Parallel()
	f := parse(t, auditFile)
	tests := []struct {
		rule   policies.Rule
		effect policies.Effect
		level  audit.Level
		kind   string
	}{
		{policies.RuleVettingStale, policies.Block, audit.Violation, audit.KindLapsed},
		{policies.RuleVettingStale, policies.Hold, audit.Violation, audit.KindLapsed},
		{policies.RuleVettingLapsing, policies.Warn, audit.Notice, audit.KindLapsing},
		{policies.RuleVettingMissing, policies.Block, audit.Violation, audit.KindUnvetted},
		{policies.RuleVettingMethod, policies.Block, audit.Violation, audit.KindUnvetted},
		{policies.RuleVettingVetter, policies.Block, audit.Violation, audit.KindUnvetted},
		{policies.RuleVettingSelf, policies.Block, audit.Violation, audit.KindUnvetted},
		{policies.RuleVettingFuture, policies.Block, audit.Violation, audit.KindUnvetted},
		{policies.RuleMaxMembers, policies.Block, audit.Violation, audit.KindCapacity},
		{policies.RuleMinOwners, policies.Fail, audit.Violation, audit.KindOwners},
		{policies.RuleMemberNoLists, policies.Warn, audit.Notice, audit.KindNoLists},
		{policies.RuleDuplicateMailbox, policies.Stop, audit.Violation, "duplicate-mailbox"},
		{policies.RuleSettingsUnchecked, policies.Warn, audit.Notice, "settings-unchecked"},
		{policies.RuleRequiredFields, policies.Block, audit.Violation, "required-fields"},
	}
	for _, tc := range tests {
		t.Run(string(tc.rule)+"/"+string(tc.effect), func(t *testing.T) {
			fd := policies.Finding{File: "members.toml", Rule: tc.rule, Effect: tc.effect, List: "reports", Member: "ada@example.org", Message: "m"}
			r := audit.FromFindings(f, []policies.Finding{fd}, auditAt)
			if len(r.Items) != 1 {
				t.Fatalf("items %+v", r.Items)
			}
			it := r.Items[0]
			if it.Level != tc.level || it.Kind != tc.kind || string(it.Rule) != string(tc.rule) || it.List != "reports" {
				t.Errorf("got %s %s rule %q list %q, want %s %s", it.Level, it.Kind, it.Rule, it.List, tc.level, tc.kind)
			}
			wantViolations := 0
			if tc.level == audit.Violation {
				wantViolations = 1
			}
			if r.Violations() != wantViolations {
				t.Errorf("Violations() = %d, want %d", r.Violations(), wantViolations)
			}
		})
	}
}

// TestFromFindingsCapacity: one capacity item per list however many
// entries take it over, naming no member; a list or policy the file does
// not have still gets a message.
func TestFromFindingsCapacity(t *testing.T) {
	t.Parallel()
	f := parse(t, auditFile+`
[lists.nopolicy]
address = "nopolicy@example.org"
policy = "missing"
`)
	over := func(list, member string) policies.Finding {
		return policies.Finding{Rule: policies.RuleMaxMembers, Effect: policies.Block, List: list, Member: member, Message: "this entry takes it over"}
	}
	fs := []policies.Finding{
		over("reports", "lin@example.org"), over("reports", "old@example.org"),
		over("gone", "x@example.org"), over("nopolicy", "y@example.org"),
		over("reports", "grace@example.org"),
	}
	r := audit.FromFindings(f, fs, auditAt)
	got := map[string]string{}
	for _, it := range r.Items {
		if it.Kind != audit.KindCapacity || it.Level != audit.Violation || it.Email != "" {
			t.Errorf("item %+v", it)
		}
		if _, dup := got[it.List]; dup {
			t.Errorf("two capacity items for %s", it.List)
		}
		got[it.List] = it.Message
	}
	want := map[string]string{
		"reports":  "reports has 4 members; policy receivers allows 2",
		"gone":     "gone is over its max_members",
		"nopolicy": "nopolicy is over its max_members",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("capacity messages (-want +got):\n%s", diff)
	}
	// The list whose policy is missing is still summed up, with no
	// limits.
	last := r.Lists[len(r.Lists)-1]
	if !cmp.Equal(last, audit.ListSummary{ID: "nopolicy", Address: "nopolicy@example.org", Policy: "missing"}) {
		t.Errorf("summary of a list with no policy: %+v", last)
	}
}

// TestFromFindingsEmpty: a clean audit has empty lists, not nulls, in
// JSON, and no violations.
func TestFromFindingsEmpty(t *testing.T) {
	t.Parallel()
	f := parse(t, "schema = 1\n")
	r := audit.FromFindings(f, nil, auditAt)
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != `{"at":"2026-06-15","lists":[],"items":[]}` {
		t.Errorf("JSON %s", data)
	}
	if r.Violations() != 0 {
		t.Errorf("Violations() = %d", r.Violations())
	}
}

// TestReportAdd: items stay ordered, violations first, then by kind,
// list and address (in any case); items equal in all of those keep the
// order they came in, across calls.
func TestReportAdd(t *testing.T) {
	t.Parallel()
	r := &audit.Report{}
	r.Add(
		audit.Item{Level: audit.Notice, Kind: "drift", List: "a", Email: "b@example.org", Message: "1"},
		audit.Item{Level: audit.Violation, Kind: "receiver", List: "a", Email: "z@example.org", Message: "2"},
		audit.Item{Level: audit.Violation, Kind: "drift", List: "b", Email: "a@example.org", Message: "3"},
	)
	r.Add(
		audit.Item{Level: audit.Violation, Kind: "drift", List: "a", Email: "Y@example.org", Message: "4"},
		audit.Item{Level: audit.Violation, Kind: "drift", List: "a", Email: "x@example.org", Message: "5"},
		audit.Item{Level: audit.Violation, Kind: "drift", List: "a", Email: "X@example.org", Message: "6"},
		audit.Item{Level: audit.Notice, Kind: "alias", List: "z", Message: "7"},
	)
	var got []string
	for _, it := range r.Items {
		got = append(got, it.Message)
	}
	if diff := cmp.Diff([]string{"5", "6", "4", "3", "2", "7", "1"}, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if r.Violations() != 5 {
		t.Errorf("Violations() = %d, want 5", r.Violations())
	}
}

// TestARecordsReminderGoesToWhoMayVetNow: a lapsing record's vetter is
// named to be reminded only while they may vet for the list (on it, with
// the role its policy asks); one who left it is not told, and the record
// goes to the list's owners (no handle named).
func TestARecordsReminderGoesToWhoMayVetNow(t *testing.T) {
	t.Parallel()
	const file = `schema = 1

[lists.l]
address = "l@example.org"
policy = "p"

[policies.p]
vetting_methods = ["video-call"]
vetted_by = "owner"
vetting_valid_for = "365d"

[[member]]
email = "o1@example.org"
github = "o1-x"
lists = {}

[[member]]
email = "o2@example.org"
github = "o2-x"
lists = { l = "owner" }
vetting = [{ by = "o1-x", on = 2026-01-01, method = "video-call" }]

[[member]]
email = "m1@example.org"
lists = { l = "member" }
vetting = [{ by = "o1-x", on = 2025-11-01, method = "video-call" }]

[[member]]
email = "m2@example.org"
lists = { l = "member" }
vetting = [{ by = "o2-x", on = 2025-11-01, method = "video-call" }]
`
	f := parse(t, file)
	at := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	r := audit.FromFindings(f, policies.CheckWith(f, policies.Options{At: at, LapsingWithin: 30 * 24 * time.Hour}), at)
	got := map[string]string{}
	for _, it := range r.Items {
		if it.VettedBy != "" {
			got[it.Email] = it.VetterGitHub
		}
	}
	if got["m1@example.org"] != "" || got["m2@example.org"] != "o2-x" {
		t.Errorf("vetters to remind: %v; want none for m1 (o1 left l), o2-x for m2", got)
	}
}

// TestAGroupMadeOwnerCountsForNoOwner: the audit's owner count, like
// min_owners, counts an owner entry that is the group of one of the
// file's lists (under any +tag, which reaches the group) as none
// (s31-regress).
func TestAGroupMadeOwnerCountsForNoOwner(t *testing.T) {
	f, err := members.Parse("m.toml", []byte(`schema = 1
[lists.l]
address = "l@example.org"
policy = "p"
[lists.inner]
address = "inner@example.org"
policy = "p"
[policies.p]
allow_groups = true
vetting_methods = ["video-call"]
[[member]]
email = "ada@example.org"
lists = { l = "owner", inner = "owner" }
[[member]]
email = "inner+x@example.org"
lists = { l = "owner" }
`))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	r := audit.FromFindings(f, policies.Check(f, at), at)
	for _, l := range r.Lists {
		if l.ID == "l" && l.Owners != 1 {
			t.Errorf("list l has %d owners, want 1 (ada; inner+x@ is a group)", l.Owners)
		}
	}
}
