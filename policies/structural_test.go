package policies_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// vettingRules are the rules a vetting record's date (or the record
// itself) decides, which Structural does not judge.
var vettingRules = []policies.Rule{
	policies.RuleVettingMissing, policies.RuleVettingMethod, policies.RuleVettingVetter, policies.RuleVettingSelf,
	policies.RuleVettingStale, policies.RuleVettingFuture, policies.RuleVettingLapsedWhenListed, policies.RuleVettingLapsing,
}

// stopsAndFails is what Structural must return of Check's findings on
// a day: those the gate stops a run for, and those of Effect Fail,
// without the vetting rules.
func stopsAndFails(fs []policies.Finding) []policies.Finding {
	g := policies.NewGate(fs)
	var out []policies.Finding
	for _, f := range fs {
		if slices.Contains(vettingRules, f.Rule) {
			continue
		}
		if slices.Contains(g.Stop, f) || f.Effect == policies.Fail {
			out = append(out, f)
		}
	}
	return out
}

// days are the days Check is asked on: before every record, between
// them, and after all have lapsed.
var days = []time.Time{
	time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
	at,
	time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC),
}

// agree checks that Structural(f) is Check's stopping and failing
// findings on every day, and that a Tally of f's entries says what
// Structural says; it returns Structural's findings.
func agree(t *testing.T, f *members.File) []policies.Finding {
	t.Helper()
	got := policies.Structural(f)
	for _, day := range days {
		if diff := cmp.Diff(stopsAndFails(policies.Check(f, day)), got); diff != "" {
			t.Fatalf("Structural is not Check's stops and fails on %s (-check +structural):\n%s", day.Format(members.DateLayout), diff)
		}
	}
	tally := policies.NewTally()
	tally.Reset(f, f.Members)
	tallyAgrees(t, tally, f, got)
	return got
}

// tallyAgrees checks a tally of f against Structural's findings of f.
func tallyAgrees(t *testing.T, tally *policies.Tally, f *members.File, structural []policies.Finding) {
	t.Helper()
	g := policies.NewGate(structural)
	stops := len(g.Stop) > 0
	switch may := tally.MayStop(); {
	case stops && !may:
		t.Fatalf("the tally says nothing stops a run; Structural: %v", g.Stop)
	case may && !stops && !readAlike(f):
		t.Fatalf("the tally says a run may stop, though Structural finds nothing and no two entries read alike")
	case !may:
		var want []string
		for _, l := range f.Lists {
			if g.ListFails(l.ID) != "" {
				want = append(want, l.ID)
			}
		}
		if diff := cmp.Diff(want, tally.Fails()); diff != "" {
			t.Fatalf("failing lists (-structural +tally):\n%s", diff)
		}
	}
}

// readAlike reports whether two of f's entries have one Skeleton, one
// of them outside ASCII: only the whole file's order then says whether
// a run stops.
func readAlike(f *members.File) bool {
	seen := map[string]bool{}
	odd := false
	for _, m := range f.Members {
		if m.Email == "" {
			continue
		}
		odd = odd || members.MayImitate(m.Email)
		sk := members.Skeleton(m.Email)
		if seen[sk] && odd {
			return true
		}
		seen[sk] = true
	}
	return false
}

func rules(fs []policies.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%d %s %s", f.Line, f.Rule, f.Effect))
	}
	return out
}

// TestStructural: for every reason sync refuses a file whole, and for a
// list whose own policy fails, Structural returns what Check returns,
// on any day, and nothing for a file sync takes.
func TestStructural(t *testing.T) {
	member := func(email, lists string) string {
		return fmt.Sprintf("[[member]]\nemail = %q\nlists = { %s }\nvetting = [{ by = \"owner@example.org\", on = 2026-01-01, method = \"video-call\" }]\n", email, lists)
	}
	big := strings.Replace(header, "max_members = 3", "max_members = 30", 1)
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		{"clean", header + owner, nil},
		{"a lapsed record stops nothing", header + owner + strings.Replace(member("x@example.org", `l = "member"`), "2026-01-01", "2001-01-01", 1), nil},
		{"a typo in unmanaged", strings.Replace(header, "min_owners", "unmanaged = \"reprot\"\nmin_owners", 1) + owner, []string{"6 policy-unmanaged stop"}},
		{"a list naming a policy the file does not define", strings.Replace(header, `policy = "p"`, `policy = "q"`, 1) + owner, []string{"4 policy-unknown stop"}},
		{"a list's address that does not parse", strings.Replace(header, `"l@example.org"`, `"l@@example.org"`, 1) + owner, []string{"3 list-address stop"}},
		{"an empty vetting_methods", strings.Replace(header, `vetting_methods = ["video-call"]`, `vetting_methods = []`, 1) + owner, []string{"8 policy-methods stop"}},
		{"an entry on a list the file does not define", big + owner + member("x@example.org", `m = "member"`), []string{"20 list-unknown stop"}},
		{"a role that is none", big + owner + member("x@example.org", `l = "membr"`), []string{"20 role-invalid stop"}},
		{"one mailbox twice", big + owner + member("OWNER@example.org", `l = "member"`), []string{"19 duplicate-mailbox stop"}},
		{"one GitHub handle twice", big + owner + strings.Replace(member("x@example.org", `l = "member"`), "lists", "github = \"Own\"\nlists", 1) + strings.Replace(member("y@example.org", `l = "member"`), "lists", "github = \"own\"\nlists", 1),
			[]string{"25 duplicate-github stop"}},
		{"a look-alike entry", strings.Replace(big, "min_owners", "allow_non_ascii = true\nmin_owners", 1) + owner + member("ace@example.org", `l = "member"`) + member("асе@example.org", `l = "member"`), []string{"24 email-confusable stop"}},
		{"an empty address", big + owner + member("", `l = "member"`), []string{"19 email-invalid stop"}},
		{"fewer owners than min_owners", strings.Replace(header, "min_owners = 1", "min_owners = 3", 1) + owner, []string{"2 min-owners fail"}},
		{"lists but no members", header, []string{"2 empty-list fail"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := members.Parse("m.toml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, rules(agree(t, f))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestStructuralAgreesOnGeneratedFiles: on files generated with every
// kind of mistake a version can make, Structural is Check's stopping
// and failing findings, and a tally, read anew or from another version,
// says the same.
func TestStructuralAgreesOnGeneratedFiles(t *testing.T) {
	kinds := map[string]int{}
	for seed := range uint64(400) {
		for _, k := range checkGenerated(t, seed) {
			kinds[k]++
		}
	}
	// The generator must reach every kind of version, or the test
	// checks less than it says.
	t.Logf("generated versions by kind: %v", kinds)
	for _, k := range []string{"stop", "fail", "clean", "read alike"} {
		if kinds[k] < 10 {
			t.Errorf("%d generated versions are %s; want 10 or more (%v)", kinds[k], k, kinds)
		}
	}
}

// FuzzStructural is TestStructuralAgreesOnGeneratedFiles for as many
// generated files as the fuzzer has time for:
//
//	go test -run XXX -fuzz FuzzStructural -fuzztime 60s ./policies
func FuzzStructural(f *testing.F) {
	for seed := range uint64(8) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) { checkGenerated(t, seed) })
}

// checkGenerated checks two files generated from seed, with one
// preamble: each alone, and a tally that reads the second from the
// first by the entries that differ. It returns what kind each is.
func checkGenerated(t *testing.T, seed uint64) []string {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	pre := genPreamble(rng)
	var entries []string
	for range rng.IntN(9) {
		entries = append(entries, genEntry(rng))
	}
	// The second version: some entries dropped, some added, some
	// repeated (one text twice is one block twice in history).
	var next []string
	for _, e := range entries {
		if rng.IntN(4) > 0 {
			next = append(next, e)
		}
	}
	for range rng.IntN(4) {
		if len(entries) > 0 && rng.IntN(3) == 0 {
			next = append(next, entries[rng.IntN(len(entries))])
		} else {
			next = append(next, genEntry(rng))
		}
	}
	a, errA := members.Parse("m.toml", []byte(pre+strings.Join(entries, "")))
	b, errB := members.Parse("m.toml", []byte(pre+strings.Join(next, "")))
	if errA != nil || errB != nil {
		return nil // sync refuses a file that does not parse before any rule
	}
	sa := agree(t, a)
	sb := agree(t, b)
	// One tally, read from a to b: the entries of the same text are one
	// entry, as history shares one parsed block.
	byText := map[string]*members.Member{}
	ma := memberSet(a, entries, byText)
	mb := memberSet(b, next, byText)
	tally := policies.NewTally()
	tally.Reset(a, ma)
	tallyAgrees(t, tally, a, sa)
	tally.Replace(ma, mb)
	tallyAgrees(t, tally, b, sb)
	tally.Reset(b, mb)
	tallyAgrees(t, tally, b, sb)
	return []string{kindOf(a, sa), kindOf(b, sb)}
}

// kindOf says what kind of version f is, by its Structural findings.
func kindOf(f *members.File, fs []policies.Finding) string {
	g := policies.NewGate(fs)
	switch {
	case readAlike(f):
		return "read alike"
	case len(g.Stop) > 0:
		return "stop"
	case len(fs) > 0:
		return "fail"
	}
	return "clean"
}

// memberSet is f's entries, written as texts, with the entry of a text
// seen before standing for each later one.
func memberSet(f *members.File, texts []string, byText map[string]*members.Member) []*members.Member {
	out := make([]*members.Member, len(f.Members))
	for i, m := range f.Members {
		if seen := byText[texts[i]]; seen != nil {
			m = seen
		}
		byText[texts[i]] = m
		out[i] = m
	}
	return out
}

func pick[T any](rng *rand.Rand, xs ...T) T { return xs[rng.IntN(len(xs))] }

// mistake is one of bad now and then (one time in odds), else good.
func mistake(rng *rand.Rand, odds int, good string, bad ...string) string {
	if rng.IntN(odds) == 0 {
		return pick(rng, bad...)
	}
	return good
}

// genPreamble writes two lists and two policies, now and then with a
// mistake sync refuses, and policies some lists fail.
func genPreamble(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString("schema = 1\n")
	for i := range 2 {
		addr := mistake(rng, 16, fmt.Sprintf("l%d@example.org", i), "l@@example.org", "l0@example.org", "l@googlegroups.com")
		fmt.Fprintf(&b, "[lists.l%d]\naddress = %q\npolicy = %q\n", i, addr, mistake(rng, 16, pick(rng, "p0", "p1"), "px"))
		if strings.HasSuffix(addr, "googlegroups.com") && rng.IntN(2) == 0 {
			b.WriteString("provider = \"csv\"\nsnapshot = \"s.csv\"\n")
		}
	}
	for i := range 2 {
		fmt.Fprintf(&b, "[policies.p%d]\nmin_owners = %d\nvetting_methods = %s\nvetted_by = %q\nunmanaged = %q\n",
			i, rng.IntN(3), mistake(rng, 16, `["video-call"]`, `[]`), mistake(rng, 16, "owner", "ownr"), mistake(rng, 16, pick(rng, "remove", "report"), "reprot"))
		if rng.IntN(3) == 0 {
			fmt.Fprintf(&b, "max_members = %d\n", rng.IntN(6))
		}
		if rng.IntN(3) == 0 {
			fmt.Fprintf(&b, "required_fields = [%q]\n", mistake(rng, 8, "name", "nmae"))
		}
		if rng.IntN(2) == 0 {
			b.WriteString("allow_non_ascii = true\n")
		}
		if rng.IntN(4) == 0 {
			fmt.Fprintf(&b, "denied_domains = [%q]\n", mistake(rng, 8, "example.net", "not a domain"))
		}
	}
	return b.String()
}

// genEntry writes one member entry: mostly a person of their own, now
// and then one whose address or handle another entry may have, or reads
// like another's, or a list or role that is none.
func genEntry(rng *rand.Rand) string {
	var b strings.Builder
	n := rng.IntN(1000)
	email := mistake(rng, 6, fmt.Sprintf("p%d@example.org", n), "ada@example.org", "ADA@example.org", "ada+x@example.org", "аda@example.org",
		"ace@example.org", "асе@example.org", "ann@scope.org", "ann@xn--e1argc3h.org", "cy@example.net", "x@@example.org", "", "d@gmail.com", "D.@gmail.com", "jürgen@example.org")
	fmt.Fprintf(&b, "[[member]]\nemail = %q\n", email)
	if rng.IntN(2) == 0 {
		fmt.Fprintf(&b, "github = %q\n", mistake(rng, 6, fmt.Sprintf("h%d", n), "ada", "Ada"))
	}
	if rng.IntN(3) > 0 {
		b.WriteString("name = \"N\"\n")
	}
	var lists []string
	for _, l := range []string{"l0", "l1"} {
		if rng.IntN(3) == 0 {
			continue
		}
		lists = append(lists, fmt.Sprintf("%s = %q", mistake(rng, 20, l, "lx"), mistake(rng, 20, pick(rng, "owner", "manager", "member", "member"), "membr")))
	}
	fmt.Fprintf(&b, "lists = { %s }\n", strings.Join(lists, ", "))
	if rng.IntN(4) > 0 {
		fmt.Fprintf(&b, "vetting = [{ by = %q, on = %s, method = %q }]\n", pick(rng, "ada@example.org", "bob@example.org", "ada"),
			pick(rng, "2019-05-01", "2026-01-01", "2035-01-01"), pick(rng, "video-call", "telepathy"))
	}
	return b.String()
}

// TestAnEmptyListSaysWhatSyncDoes: an empty list of a group that exists
// leaves it as it is, and the group's members can be imported; one sync
// would create (create = true) has no group to leave or import from:
// its people are added first.
func TestAnEmptyListSaysWhatSyncDoes(t *testing.T) {
	for _, tt := range []struct {
		src       string
		want, not string
	}{
		{header, "sync leaves l@example.org as it is", "creates no group"},
		{strings.Replace(header, `policy = "p"`, "policy = \"p\"\ncreate = true", 1), "sync creates no group with nobody on it (create = true): put its owners and members on it with 'roster add EMAIL --list l:owner'", "roster import"},
	} {
		f, err := members.Parse("m.toml", []byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		var msgs []string
		for _, fd := range policies.Check(f, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)) {
			if fd.Rule == policies.RuleEmptyList {
				msgs = append(msgs, fd.Message)
			}
		}
		if got := strings.Join(msgs, "\n"); !strings.Contains(got, tt.want) || strings.Contains(got, tt.not) {
			t.Errorf("empty-list findings:\n%s\nwant %q, not %q", got, tt.want, tt.not)
		}
	}
}
