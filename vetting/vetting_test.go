package vetting_test

import (
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

func day(s string) time.Time {
	t, err := time.Parse(members.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

const file = `schema = 1
[lists.l]
address = "l@example.org"
policy = "p"
[policies.p]
vetting_methods = ["video-call", "grandfathered"]
vetted_by = "manager"
vetting_valid_for = "365d"

[[member]]
email = "owner@example.org"
github = "Owner-GH"
lists = { l = "owner" }

[[member]]
email = "mgr@gmail.com"
lists = { l = "manager" }

[[member]]
email = "plain@example.org"
github = "plain"
lists = { l = "member" }

[[member]]
email = "subject@example.org"
github = "subject"
lists = { l = "member" }
`

func TestCheck(t *testing.T) {
	f, err := members.Parse("m.toml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	l, p := f.List("l"), f.Policy("p")
	req := vetting.RequirementFor(l, p, vetting.NewPeople(f))
	subject := f.Members[3]
	at := day("2026-11-24")
	tests := []struct {
		name string
		rec  vetting.Record
		want []vetting.Rule
	}{
		{"owner by handle, any case", vetting.Record{By: "owner-gh", On: day("2026-06-01"), Method: "video-call"}, nil},
		{"owner by @handle", vetting.Record{By: "@Owner-GH", On: day("2026-06-01"), Method: "video-call"}, nil},
		{"manager by email spelled differently", vetting.Record{By: "M.G.R@googlemail.com", On: day("2026-06-01"), Method: "video-call"}, nil},
		{"plain member may not vet", vetting.Record{By: "plain", On: day("2026-06-01"), Method: "video-call"}, []vetting.Rule{vetting.RuleVetter}},
		{"stranger may not vet", vetting.Record{By: "nobody", On: day("2026-06-01"), Method: "video-call"}, []vetting.Rule{vetting.RuleVetter}},
		{"self", vetting.Record{By: "Subject@example.org", On: day("2026-06-01"), Method: "video-call"}, []vetting.Rule{vetting.RuleSelf}},
		{"method", vetting.Record{By: "owner-gh", On: day("2026-06-01"), Method: "email"}, []vetting.Rule{vetting.RuleMethod}},
		{"last valid day", vetting.Record{By: "owner-gh", On: day("2025-11-25"), Method: "video-call"}, nil},
		{"lapsed today", vetting.Record{By: "owner-gh", On: day("2025-11-24"), Method: "video-call"}, []vetting.Rule{vetting.RuleStale}},
		{"future", vetting.Record{By: "owner-gh", On: day("2026-11-25"), Method: "video-call"}, []vetting.Rule{vetting.RuleFuture}},
		{"grandfathered needs no vetter", vetting.Record{By: vetting.ImportVetter, On: day("2026-01-01"), Method: vetting.Grandfathered}, nil},
		{"everything wrong", vetting.Record{By: "subject", On: day("2030-01-01"), Method: "vibes"}, []vetting.Rule{vetting.RuleMethod, vetting.RuleSelf, vetting.RuleFuture}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := vetting.Check(tt.rec, subject, req, at)
			var got []vetting.Rule
			for _, p := range probs {
				got = append(got, p.Rule)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("problems %v, want rules %v", probs, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("problems %v, want rules %v", probs, tt.want)
				}
			}
		})
	}
}

func TestEvaluateAnyQualifyingRecord(t *testing.T) {
	f, err := members.Parse("m.toml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	l, p := f.List("l"), f.Policy("p")
	req := vetting.RequirementFor(l, p, vetting.NewPeople(f))
	m := f.Members[3]
	at := day("2026-11-24")

	m.Vetting = nil
	if v := vetting.Evaluate(m, req, at); v.OK() || v.Problems[0].Rule != vetting.RuleMissing {
		t.Errorf("no records: %+v", v)
	}
	// Under a policy that accepts no method, no vet command could
	// write one: none is offered.
	none := req
	none.Methods = nil
	if v := vetting.Evaluate(m, none, at); v.OK() || strings.Contains(v.Problems[0].Msg, "roster vet") || !strings.Contains(v.Problems[0].Msg, "accepts no method") {
		t.Errorf("no records, no method accepted: %+v", v)
	}
	m.Vetting = []members.Vetting{
		{By: "owner-gh", On: day("2024-01-01"), Method: "video-call"}, // stale
		{By: "owner-gh", On: day("2026-02-01"), Method: "video-call"}, // valid
		{By: "plain", On: day("2026-10-01"), Method: "video-call"},    // newest, bad vetter
	}
	v := vetting.Evaluate(m, req, at)
	if !v.OK() || !v.Qualifying.On.Equal(day("2026-02-01")) {
		t.Errorf("want the 2026-02-01 record to qualify, got %+v", v)
	}
	// A lapsed record that would qualify is the verdict's, over a newer
	// one by a vetter the list does not take: the member was vetted as
	// the list asks, and that lapsed.
	m.Vetting = []members.Vetting{
		{By: "owner-gh", On: day("2024-01-01"), Method: "video-call"}, // stale
		{By: "plain", On: day("2026-10-01"), Method: "video-call"},    // newest, bad vetter
	}
	v = vetting.Evaluate(m, req, at)
	if v.OK() || len(v.Problems) != 1 || v.Problems[0].Rule != vetting.RuleStale || !v.Newest.On.Equal(day("2024-01-01")) {
		t.Errorf("a lapsed record beside a newer one that never qualified: %+v", v)
	}
	m.Vetting = m.Vetting[:1]
	v = vetting.Evaluate(m, req, at)
	if v.OK() || v.Problems[0].Rule != vetting.RuleStale {
		t.Errorf("only a stale record: %+v", v)
	}
}

// TestPeopleFind: vetters are found by handle in any case or with '@',
// by any spelling of their address (case, Gmail dots, a +tag, accents
// composed or not, domain in punycode), whether or not a record of the file names
// them already; their role comes from the file's index.
func TestPeopleFind(t *testing.T) {
	src := file + `
[[member]]
email = "j` + "\u00fc" + `rgen@b` + "\u00fc" + `cher.de"
github = "jurgen"
lists = { l = "owner" }

  [[member.vetting]]
  by = "OWNER-GH"
  on = 2026-01-01
  method = "video-call"
`
	f, err := members.Parse("m.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	people := vetting.NewPeople(f)
	tests := []struct {
		by   string
		want string // email; "" for nobody
	}{
		{"owner-gh", "owner@example.org"},  // named by a record of the file
		{"@Owner-GH", "owner@example.org"}, // the same, spelled otherwise
		{"PLAIN", "plain@example.org"},     // named by no record: read from the members
		{"m.g.r@googlemail.com", "mgr@gmail.com"},
		{"owner+vetting@example.org", "owner@example.org"}, // a +tag: the same mailbox
		{"ju\u0308rgen@xn--bcher-kva.de", "j\u00fcrgen@b\u00fccher.de"},
		{"@JURGEN", "j\u00fcrgen@b\u00fccher.de"},
		{"nobody", ""},
		{"nobody@example.org", ""},
	}
	for _, tt := range tests {
		m := people.Find(tt.by)
		got := ""
		if m != nil {
			got = m.Email
		}
		if got != tt.want {
			t.Errorf("Find(%q) = %q, want %q", tt.by, got, tt.want)
		}
	}
	if role, ok := people.RoleOf(people.Find("jurgen"), "l"); !ok || role != members.RoleOwner {
		t.Errorf("RoleOf(jurgen, l) = %q, %v", role, ok)
	}
	if vetting.ImportVetter != members.ImportVetter {
		t.Errorf("vetting and members disagree on the import vetter")
	}
}
