package policies_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

var at = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

const header = `schema = 1
[lists.l]
address = "l@example.org"
policy = "p"
[policies.p]
min_owners = 1
max_members = 3
vetting_methods = ["video-call"]
`

// owner is a valid first member; rules below add to it.
const owner = `
[[member]]
email = "owner@example.org"
lists = { l = "owner" }
vetting = [{ by = "other@example.org", on = 2026-01-01, method = "video-call" }]
[[member]]
email = "other@example.org"
lists = { l = "owner" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
`

func check(t *testing.T, src string) []string {
	t.Helper()
	f, err := members.Parse("m.toml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	var got []string
	for _, fd := range policies.Check(f, at) {
		got = append(got, fmt.Sprintf("%d %s", fd.Line, fd.Rule))
	}
	return got
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"clean", header + owner, nil},
		// A group created with Google's defaults is open.
		{"create with no settings pinned", strings.Replace(header, "policy = \"p\"\n", "policy = \"p\"\ncreate = true\n", 1) + owner, []string{"5 create-unpinned"}},
		{"create with settings pinned but not who_can_join", strings.Replace(strings.Replace(header, "policy = \"p\"\n", "policy = \"p\"\ncreate = true\n", 1), "min_owners = 1\n", "min_owners = 1\nwho_can_post_message = \"ALL_MEMBERS_CAN_POST\"\n", 1) + owner, []string{"5 create-unpinned"}},
		{"create with who_can_join pinned", strings.Replace(strings.Replace(header, "policy = \"p\"\n", "policy = \"p\"\ncreate = true\n", 1), "min_owners = 1\n", "min_owners = 1\nwho_can_join = \"INVITED_CAN_JOIN\"\n", 1) + owner, nil},
		{"create with settings pinned", strings.Replace(header, "policy = \"p\"\n", "policy = \"p\"\ncreate = true\n", 1) + "who_can_join = \"INVITED_CAN_JOIN\"\n" + owner, nil},
		{"vetter qualified by email in another case", header + owner + `
[[member]]
email = "x@example.org"
lists = { l = "member" }
vetting = [{ by = "OWNER@example.org", on = 2026-01-01, method = "video-call" }]
`, nil},
		{"capacity counts every member once", header + owner + `
[[member]]
email = "x@example.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
[[member]]
email = "y@example.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
`, []string{"25 max-members"}},
		{"a duplicate is reported on the second entry only", header + `
[[member]]
email = "o@gmail.com"
lists = { l = "owner" }
vetting = [{ by = "o2@example.org", on = 2026-01-01, method = "video-call" }]
[[member]]
email = "o2@example.org"
lists = { l = "owner" }
vetting = [{ by = "o@gmail.com", on = 2026-01-01, method = "video-call" }]
[[member]]
email = "O.@gmail.com"
lists = {}
`, []string{"19 email-invalid", "20 member-no-lists"}},
		{"non-ASCII allowed by policy", strings.Replace(header, "min_owners", "allow_non_ascii = true\nmin_owners", 1) + owner + `
[[member]]
email = "jürgen@example.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
`, nil},
		{"a whole-Cyrillic look-alike of another entry", strings.Replace(header, "min_owners", "allow_non_ascii = true\nmin_owners", 1) + owner + `
[[member]]
email = "ace@example.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
[[member]]
email = "асе@example.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
`, []string{"25 email-confusable", "26 max-members"}},
		{"a look-alike written first is the one flagged", strings.Replace(header, "min_owners", "allow_non_ascii = true\nmin_owners", 1) + owner + `
[[member]]
email = "аce@еxample.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
[[member]]
email = "ace@example.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
`, []string{"21 email-confusable", "26 max-members"}},
		{"a whole-Cyrillic domain in punycode, beside the one it imitates", strings.Replace(header, "min_owners", "allow_non_ascii = true\nmin_owners", 1) + owner + `
[[member]]
email = "ann@scope.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
[[member]]
email = "ann@xn--e1argc3h.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
`, []string{"25 email-confusable", "26 max-members"}},
		{"a Kelvin sign beside the k it imitates", strings.Replace(header, "min_owners", "allow_non_ascii = true\nmin_owners", 1) + owner + `
[[member]]
email = "kim@example.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
[[member]]
email = "Kim@example.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
`, []string{"25 email-confusable", "26 max-members"}},
		{"a capital sharp s beside the ss IDNA makes of it", strings.Replace(header, "min_owners", "allow_non_ascii = true\nmin_owners", 1) + owner + `
[[member]]
email = "ann@strasse.de"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
[[member]]
email = "ann@STRA\u1E9EE.de"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
`, []string{"25 email-confusable", "26 max-members"}},
		{"a dental click beside the l it imitates", strings.Replace(header, "min_owners", "allow_non_ascii = true\nmin_owners", 1) + owner + `
[[member]]
email = "linda@example.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
[[member]]
email = "\u01C0inda@example.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
`, []string{"25 email-confusable", "26 max-members"}},
		{"archive-only groups take no mail", strings.Replace(header, "min_owners = 1", "min_owners = 1\narchive_only = true\nwho_can_post_message = \"ALL_MEMBERS_CAN_POST\"", 1) + owner, []string{"8 settings-conflict"}},
		{"NONE_CAN_POST needs archive_only", strings.Replace(header, "min_owners = 1", "min_owners = 1\nwho_can_post_message = \"NONE_CAN_POST\"", 1) + owner, []string{"7 settings-conflict"}},
		{"NONE_CAN_POST with archive_only = false", strings.Replace(header, "min_owners = 1", "min_owners = 1\narchive_only = false\nwho_can_post_message = \"NONE_CAN_POST\"", 1) + owner, []string{"8 settings-conflict"}},
		{"archive only, consistently", strings.Replace(header, "min_owners = 1", "min_owners = 1\narchive_only = true\nwho_can_post_message = \"NONE_CAN_POST\"", 1) + owner, nil},
		{"a group's address respelled with a full-width letter", strings.Replace(header, `"l@example.org"`, `"l@ｅxample.org"`, 1) + owner, []string{"3 list-address"}},
		{"a group's address with a Kelvin sign", strings.Replace(header, `"l@example.org"`, "\"\u212a@example.org\"", 1) + owner, []string{"3 list-address"}},
		{"a group's address in another case, or its domain in punycode", strings.Replace(header, `"l@example.org"`, `"L@xn--bcher-kva.example"`, 1) + owner, nil},
		{"unused policy is a warning", header + owner + "[policies.spare]\nvetting_methods = [\"x\"]\n", []string{"18 policy-unused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, check(t, tt.src)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWarningsDoNotFail(t *testing.T) {
	f, err := members.Parse("m.toml", []byte(header+owner+"[policies.spare]\nvetting_methods = [\"x\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	fs := policies.Check(f, at)
	if len(fs) != 1 || policies.HasErrors(fs) {
		t.Errorf("want one warning and no errors, got %v", fs)
	}
}

// TestCheckIsLinear guards against pairwise comparisons: checking twice as
// many members must not take anywhere near four times the work. It counts
// nothing timed; it compares allocations, which are deterministic.
func TestCheckIsLinear(t *testing.T) {
	gen := func(n int) *members.File {
		var b strings.Builder
		b.WriteString(strings.Replace(header, "max_members = 3", "max_members = 100000", 1))
		b.WriteString(owner)
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "[[member]]\nemail = \"p%d@example.org\"\nlists = { l = \"member\" }\nvetting = [{ by = \"owner@example.org\", on = 2026-01-01, method = \"video-call\" }]\n", i)
		}
		f, err := members.Parse("m.toml", []byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	small, large := gen(2000), gen(8000)
	a := testing.AllocsPerRun(3, func() { policies.Check(small, at) })
	b := testing.AllocsPerRun(3, func() { policies.Check(large, at) })
	if b > 6*a {
		t.Errorf("4x members cost %.0fx the allocations (%.0f vs %.0f); something is not linear", b/a, b, a)
	}
}

// TestLapseAndCapacityAgainstTheBase: with the file as it was before the
// change (a pull request's base), a lapsed record of someone already on
// the list is a warning and of someone being added an error, and a list
// over its cap is reported at the entries the change added.
func TestLapseAndCapacityAgainstTheBase(t *testing.T) {
	old := func(email string) string {
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { l = \"member\" }\nvetting = [{ by = \"owner@example.org\", on = 2020-01-01, method = \"video-call\" }]\n"
	}
	fresh := func(email string) string {
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { l = \"member\" }\nvetting = [{ by = \"owner@example.org\", on = 2026-01-01, method = \"video-call\" }]\n"
	}
	hdr := strings.Replace(header, "vetting_methods", "vetting_valid_for = \"365d\"\nvetting_methods", 1)
	parse := func(src string) *members.File {
		f, err := members.Parse("m.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	base := parse(hdr + owner + old("stays@example.org"))
	head := parse(hdr + owner + old("stays@example.org") + old("joins@example.org") + fresh("also@example.org"))
	got := map[string]policies.Severity{}
	for _, fd := range policies.CheckWith(head, policies.Options{At: at, Before: base}) {
		got[fd.Member+" "+string(fd.Rule)] = fd.Severity()
	}
	want := map[string]policies.Severity{
		"stays@example.org vetting-stale": policies.Warning,
		"joins@example.org vetting-stale": policies.Error,
		"joins@example.org max-members":   policies.Error,
		"also@example.org max-members":    policies.Error,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	// The base is read by group: with the list renamed since (same
	// address), or its id given to another group, who was on it is
	// whoever was on its group; a promotion on a lapsed record is an
	// error.
	renamed := func(src string) *members.File {
		return parse(strings.ReplaceAll(strings.ReplaceAll(src, "[lists.l]", "[lists.renamed]"), "lists = { l = ", "lists = { renamed = "))
	}
	for _, tc := range []struct {
		name       string
		base, head *members.File
		want       map[string]policies.Severity
	}{
		{"the list renamed", base, renamed(hdr + owner + old("stays@example.org")), map[string]policies.Severity{"stays@example.org vetting-stale": policies.Warning}},
		{"the id given to another group", parse(strings.Replace(hdr, "address = \"l@example.org\"", "address = \"elsewhere@example.org\"", 1) + owner + old("stays@example.org")),
			parse(hdr + owner + old("stays@example.org")), map[string]policies.Severity{"stays@example.org vetting-stale": policies.Error}},
		{"promoted on a lapsed record", base, parse(hdr + owner + strings.Replace(old("stays@example.org"), `l = "member"`, `l = "owner"`, 1)),
			map[string]policies.Severity{"stays@example.org vetting-stale": policies.Error}},
	} {
		got := map[string]policies.Severity{}
		for _, fd := range policies.CheckWith(tc.head, policies.Options{At: at, Before: tc.base}) {
			if fd.Member != "" {
				got[fd.Member+" "+string(fd.Rule)] = fd.Severity()
			}
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: findings (-want +got):\n%s", tc.name, diff)
		}
	}
	// Unknown base: every lapse is an error, as for a new member.
	for _, fd := range policies.Check(head, at) {
		if fd.Rule == "vetting-stale" && fd.Severity() != policies.Error {
			t.Errorf("without a base, a lapse is %s: %s", fd.Severity(), fd)
		}
	}
}

// TestEffects: each finding carries what it does to a sync, decided here
// once: a broken structure stops everything, a member's own finding
// blocks that member, too few owners fails validate and lets sync go on,
// and a lapse of someone already on the list is a warning that an
// auditor still counts.
func TestEffects(t *testing.T) {
	tests := []struct {
		name, src string
		member    string
		rule      policies.Rule
		effect    policies.Effect
	}{
		{"an unknown list stops everything", header + owner + `
[[member]]
email = "x@example.org"
lists = { nowhere = "member" }
`, "x@example.org", policies.RuleListUnknown, policies.Stop},
		{"an invalid role stops everything", header + owner + `
[[member]]
email = "x@example.org"
lists = { l = "boss" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
`, "x@example.org", policies.RuleRoleInvalid, policies.Stop},
		{"a duplicate mailbox stops everything", header + owner + `
[[member]]
email = "Owner@example.org"
`, "Owner@example.org", policies.RuleDuplicateMailbox, policies.Stop},
		{"an unvetted member blocks only that member", header + owner + `
[[member]]
email = "x@example.org"
lists = { l = "member" }
`, "x@example.org", policies.RuleVettingMissing, policies.Block},
		{"a member on no list is a warning", header + owner + `
[[member]]
email = "x@example.org"
`, "x@example.org", policies.RuleMemberNoLists, policies.Warn},
		{"too few owners fails validate but not sync", header + `
[[member]]
email = "owner@example.org"
lists = { l = "member" }
vetting = [{ by = "other@example.org", on = 2026-01-01, method = "video-call" }]
[[member]]
email = "other@example.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "video-call" }]
`, "", policies.RuleMinOwners, policies.Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := members.Parse("m.toml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			fs := policies.Check(f, at)
			for _, fd := range fs {
				if fd.Rule == tt.rule && fd.Member == tt.member {
					if fd.Effect != tt.effect {
						t.Errorf("%s has effect %s, want %s", fd.Rule, fd.Effect, tt.effect)
					}
					if fd.Fails() != (tt.effect != policies.Warn) {
						t.Errorf("Fails() = %v", fd.Fails())
					}
					gate := policies.NewGate(fs)
					switch tt.effect {
					case policies.Stop:
						if len(gate.Stop) == 0 {
							t.Error("the gate does not stop")
						}
					case policies.Block:
						if gate.Blocked("l", tt.member) == "" {
							t.Error("the gate does not block the member")
						}
					case policies.Fail:
						if gate.ListFails("l") == "" || len(gate.Stop) > 0 {
							t.Errorf("ListFails %q, stop %v", gate.ListFails("l"), gate.Stop)
						}
					}
					return
				}
			}
			t.Errorf("no %s finding for %q in %v", tt.rule, tt.member, fs)
		})
	}
}

// TestLapsing: with a window, records that lapse within it are notices
// with their record; a lapsed one is a violation to an auditor even when
// it only warns validate.
func TestLapsing(t *testing.T) {
	src := strings.Replace(header, `vetting_methods = ["video-call"]`, "vetting_methods = [\"video-call\"]\nvetting_valid_for = \"365d\"", 1) + owner
	f, err := members.Parse("m.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	late := time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC) // 2026-01-01 + 365d = 2027-01-01
	fs := policies.CheckWith(f, policies.Options{At: late, LapsingWithin: 30 * 24 * time.Hour})
	n := 0
	for _, fd := range fs {
		if fd.Rule == policies.RuleVettingLapsing {
			n++
			if fd.Effect != policies.Warn || fd.Vetting == nil || fd.Vetting.Expires != "2027-01-01" || fd.Violation() {
				t.Errorf("lapsing finding %+v", fd)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d lapsing notices, want 2: %v", n, fs)
	}
	after := time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)
	for _, fd := range policies.CheckWith(f, policies.Options{At: after, Before: f}) {
		if fd.Rule == policies.RuleVettingStale && (fd.Effect != policies.Hold || !fd.Violation()) {
			t.Errorf("a lapse of a current member: effect %s, violation %v", fd.Effect, fd.Violation())
		}
	}
}

// TestGateAnUnnamedEntryDoesNotFillItsList: the findings of an entry
// without an address cannot block that person alone; they stop the run,
// and never read as the list being over its cap (which would refuse
// every addition to it, and name the wrong reason).
func TestGateAnUnnamedEntryDoesNotFillItsList(t *testing.T) {
	f, err := members.Parse("m.toml", []byte(header+owner+`
[[member]]
email = ""
lists = { l = "member" }
`))
	if err != nil {
		t.Fatal(err)
	}
	gate := policies.NewGate(policies.Check(f, at))
	if gate.Full("l") != "" || len(gate.Stop) == 0 {
		t.Errorf("Full(l) = %q, %d stop findings", gate.Full("l"), len(gate.Stop))
	}
}

// TestGateGivesEveryReason: a member held back for several reasons is
// blocked with all of them, so that the plan names every fix at once.
func TestGateGivesEveryReason(t *testing.T) {
	src := strings.Replace(header, "vetting_methods", "required_fields = [\"github\"]\nvetting_methods", 1) + owner + `
[[member]]
email = "x@example.org"
lists = { l = "member" }
vetting = [{ by = "owner@example.org", on = 2026-01-01, method = "carrier-pigeon" }]
`
	f, err := members.Parse("m.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	why := policies.NewGate(policies.Check(f, at)).Blocked("l", "x@example.org")
	for _, want := range []string{"github is required", `method "carrier-pigeon"`} {
		if !strings.Contains(why, want) {
			t.Errorf("blocked %q, without %q", why, want)
		}
	}
}

// TestMistypedValuesNameTheNearest: a mistyped role or vetted_by names
// the value meant, as a mistyped key does.
func TestMistypedValuesNameTheNearest(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetted_by = \"ownr\"", 1) + owner, `vetted_by = "ownr"; use owner, manager or member (did you mean "owner"?)`},
		{strings.Replace(header, "min_owners = 1", "min_owners = 1\nunmanaged = \"reprot\"", 1) + owner, `unmanaged = "reprot"; use "remove" or "report" (did you mean "report"?)`},
		{strings.Replace(header, `policy = "p"`, "policy = \"p\"\nprovider = \"gogle\"", 1) + owner, `provider = "gogle"; use "google" or "csv" (did you mean "google"?)`},
		{header + owner + "[[member]]\nemail = \"x@example.org\"\nlists = { l = \"Membr\" }\nvetting = [{ by = \"owner@example.org\", on = 2026-01-01, method = \"video-call\" }]\n", `role "Membr" on l; use owner, manager or member (did you mean "member"?)`},
	} {
		f, err := members.Parse("m.toml", []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, fd := range policies.Check(f, at) {
			all = append(all, fd.Message)
		}
		if !strings.Contains(strings.Join(all, "\n"), tc.want) {
			t.Errorf("no %q in:\n%s", tc.want, strings.Join(all, "\n"))
		}
	}
}

// TestAFutureDateIsEachListsOwn: a record dated in the future is a
// finding of each list that would read it, naming that list (two lines
// that do not read as one repeated), and of no list where another
// record admits the member.
func TestAFutureDateIsEachListsOwn(t *testing.T) {
	hdr := strings.Replace(header, `vetting_methods = ["video-call"]`, `vetting_methods = ["video-call", "known-maintainer"]`, 1) +
		"[lists.m]\naddress = \"m@example.org\"\npolicy = \"q\"\n[policies.q]\nvetting_methods = [\"video-call\"]\n"
	own := strings.ReplaceAll(owner, `l = "owner"`, `l = "owner", m = "owner"`)
	for _, tc := range []struct {
		name, records string
		want          []string
	}{
		{"one record for both lists", `{ by = "owner@example.org", on = 2027-01-01, method = "video-call" }`, []string{"l", "m"}},
		{"another record admits them to l", `{ by = "owner@example.org", on = 2026-01-01, method = "known-maintainer" }, { by = "owner@example.org", on = 2027-01-01, method = "video-call" }`, []string{"m"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := members.Parse("m.toml", []byte(hdr+own+"\n[[member]]\nemail = \"x@example.org\"\nlists = { l = \"member\", m = \"member\" }\nvetting = ["+tc.records+"]\n"))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, fd := range policies.Check(f, at) {
				if fd.Rule == policies.RuleVettingFuture {
					if !strings.Contains(fd.Message, "admits them to "+fd.List+" in no role") {
						t.Errorf("the finding of %s does not name it: %s", fd.List, fd.Message)
					}
					got = append(got, fd.List)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("lists with a future-date finding (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFindingsNameTheirMemberAndListBySource: a finding's member and list
// come from what it is about, not from the words of its subject: an entry
// with no email names no member ("member at line 14" is nobody), whether
// the parser or a policy found it; a parse error about a named member or
// list names it.
func TestFindingsNameTheirMemberAndListBySource(t *testing.T) {
	for _, tt := range []struct {
		name, src    string
		member, list string
	}{
		{"no email key (parse)", header + owner + "\n[[member]]\nlists = { l = \"member\" }\n", "", ""},
		{"an empty email (policy)", header + owner + "\n[[member]]\nemail = \"\"\nlists = { l = \"member\" }\n", "", "*"},
		{"a named member (parse)", header + owner + "\n[[member]]\nemail = \"ann@example.org\"\nlists = { l = \"member\" }\nbogus = 1\n", "ann@example.org", ""},
		{"a list (parse)", strings.Replace(header, "policy = \"p\"", "policy = \"p\"\nbogus = 1", 1) + owner, "", "l"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var fs []policies.Finding
			f, err := members.Parse("m.toml", []byte(tt.src))
			if err != nil {
				fs = policies.FromParseError("m.toml", err)
			} else {
				fs = policies.Check(f, at)
			}
			if len(fs) == 0 {
				t.Fatal("no finding")
			}
			for _, fd := range fs {
				if fd.Line < 14 && tt.list != "l" {
					continue // the valid owners' findings, if any
				}
				if fd.Member != tt.member || fd.List != tt.list && tt.list != "*" {
					t.Errorf("%s: member %q list %q, want %q %q", fd, fd.Member, fd.List, tt.member, tt.list)
				}
			}
		})
	}
}

// TestCreateOnACSVListIsSaid: create = true on a csv list would promise
// a group no run creates; validate says so, as a warning.
func TestCreateOnACSVListIsSaid(t *testing.T) {
	src := strings.Replace(header, `policy = "p"`, "policy = \"p\"\nprovider = \"csv\"\nsnapshot = \"s.csv\"\ncreate = true", 1) + owner
	f, err := members.Parse("m.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range policies.Check(f, at) {
		if strings.Contains(fd.Message, "create = true does nothing on a csv list") {
			if fd.Effect != policies.Warn {
				t.Errorf("effect %s, want warn", fd.Effect)
			}
			return
		}
	}
	t.Error("create = true on a csv list is not said")
}

// TestMemberIsGroupInEverySpelling: an entry whose address is a list's
// group is refused however either is spelled: case, a +tag, a domain in
// Unicode on one side and in punycode on the other.
func TestMemberIsGroupInEverySpelling(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ group, entry string }{
		{"l2@example.org", "L2@Example.ORG"},
		{"l2@example.org", "l2+x@example.org"},
		{"l2@b\u00fccher.de", "l2@xn--bcher-kva.de"},
		{"l2@xn--bcher-kva.de", "l2@B\u00fcCHER.de"},
	} {
		src := strings.Replace(header, "vetting_methods", "allow_non_ascii = true\nvetting_methods", 1) +
			"[lists.l2]\naddress = \"" + tc.group + "\"\npolicy = \"p\"\n" + owner +
			"\n[[member]]\nemail = \"" + tc.entry + "\"\nlists = { l = \"member\" }\nvetting = [{ by = \"owner@example.org\", on = 2026-01-01, method = \"video-call\" }]\n"
		if got := strings.Join(check(t, src), " "); !strings.Contains(got, "member-is-group") {
			t.Errorf("group %s, entry %s: %s", tc.group, tc.entry, got)
		}
	}
}

// TestANonASCIIAddressIsBlockedOnEveryListThatRefusesIt: éve is on two
// lists whose policies refuse non-ASCII addresses: each list has its
// own finding, and the gate blocks her on both, whichever comes first
// in her entry (one finding for the first alone let sync add her to the
// other).
func TestANonASCIIAddressIsBlockedOnEveryListThatRefusesIt(t *testing.T) {
	src := strings.Replace(header, "[policies.p]", "[lists.m]\naddress = \"m@example.org\"\npolicy = \"p\"\n[policies.p]", 1) +
		strings.ReplaceAll(owner, `lists = { l = "owner" }`, `lists = { l = "owner", m = "owner" }`) +
		"\n[[member]]\nemail = \"éve@example.org\"\nlists = { m = \"member\", l = \"member\" }\nvetting = [{ by = \"owner@example.org\", on = 2026-01-01, method = \"video-call\" }]\n"
	f, err := members.Parse("m.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	g := policies.NewGate(policies.Check(f, at))
	for _, l := range []string{"l", "m"} {
		if g.Blocked(l, "éve@example.org") == "" {
			t.Errorf("éve is not blocked on %s", l)
		}
	}
}

// TestAGroupMadeOwnerIsNoOwner: under allow_groups, an entry that is the
// group of one of the file's own lists, made owner, counts for no owner,
// as sync counts a group on the live group (s31-routes): the file fails
// min_owners, and says why.
func TestAGroupMadeOwnerIsNoOwner(t *testing.T) {
	src := strings.Replace(header, "min_owners = 1\n", "min_owners = 1\nallow_groups = true\n", 1) + `
[lists.inner]
address = "inner@example.org"
policy = "p"
[[member]]
email = "alice@example.org"
lists = { l = "member", inner = "owner" }
vetting = [{ by = "alice@example.org", on = 2026-01-01, method = "video-call" }]
[[member]]
email = "inner@example.org"
lists = { l = "owner" }
vetting = [{ by = "alice@example.org", on = 2026-01-01, method = "video-call" }]
`
	f, err := members.Parse("m.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, fd := range policies.Check(f, at) {
		if fd.Rule == policies.RuleMinOwners && fd.List == "l" {
			found = true
			if !strings.Contains(fd.Message, "has 0 owners (inner@example.org, the group of a list in this file, counts as none") {
				t.Errorf("the finding does not say the owner is a group: %s", fd.Message)
			}
		}
		if fd.Rule == policies.RuleMinOwners && fd.List == "inner" {
			t.Errorf("alice, a person, owns inner: %s", fd)
		}
	}
	if !found {
		t.Error("a list whose only owner is a group passes min_owners")
	}
}
