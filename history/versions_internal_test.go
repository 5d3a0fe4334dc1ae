package history

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/members"
)

// describe renders a version by content, not by pointer.
func describe(v *version) []string {
	var out []string
	for _, m := range v.members {
		out = append(out, fmt.Sprintf("%s %v %v %v", m.email, m.lists, m.vetting, m.fields))
	}
	var lists []string
	for id, g := range v.pre.groups {
		lists = append(lists, "list "+id+" "+g)
	}
	sort.Strings(lists)
	return append(out, lists...)
}

// describeVerdict renders a verdict: stop and its rule, fail and the
// lists, or applied.
func describeVerdict(vd verdict) []string {
	switch {
	case vd.stop != nil:
		return []string{"stop", string(vd.stop.Rule)}
	case len(vd.fails) > 0:
		return append([]string{"fail"}, vd.fails...)
	}
	return []string{"applied"}
}

// TestIncrementalReadingIsWholeReading: a reader that reads each version
// from the last one gives what reading each version on its own gives,
// over random edits: blocks added, removed, moved and edited, header
// lines broken and mended, comments at block boundaries, the preamble
// changed, versions repeated; and that it judges each version as sync
// does (judge) as reading it on its own does: entries sync refuses the
// version for come and go, and so do the owners a list needs.
func TestIncrementalReadingIsWholeReading(t *testing.T) {
	t.Parallel()
	const pre = "schema = 1\n\n[lists.a]\naddress = \"a@example.org\"\npolicy = \"p\"\n\n[lists.b]\naddress = \"b@example.org\"\npolicy = \"p\"\n\n[policies.p]\nmin_owners = 10\nvetting_methods = [\"video-call\"]\n"
	block := func(i int, v int) string {
		lists := []string{`a = "member"`, `b = "owner"`, `a = "owner", b = "member"`, `a = "member"`, `b = "owner"`, `a = "owner", b = "member"`, `a = "membr"`}[v%7]
		return fmt.Sprintf("\n[[member]]\nemail = \"m%03d@example.org\"\nname = \"M %d.%d\"\nlists = { %s }\n", i, i, v, lists)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	incrementals := 0
	verdicts := map[string]int{}
	defer func() {
		if incrementals < 20*60/3 {
			t.Errorf("only %d of %d versions were read incrementally", incrementals, 20*60)
		}
		t.Logf("verdicts: %v", verdicts)
		for _, k := range []string{"stop", "fail", "applied"} {
			if verdicts[k] < 50 {
				t.Errorf("%d versions judged %s, want 50 or more: %v", verdicts[k], k, verdicts)
			}
		}
	}()
	for run := 0; run < 20; run++ {
		rd := newReader()
		type entry struct{ id, v int }
		var es []entry
		for i := 0; i < 30; i++ {
			es = append(es, entry{i, i % 6})
		}
		next := 30
		preamble := pre
		for step := 0; step < 60; step++ {
			extra := ""
			switch rng.IntN(10) {
			case 0:
				es = append(es[:0:0], es...)
				k := rng.IntN(len(es) + 1)
				es = append(es[:k], append([]entry{{next, 0}}, es[k:]...)...)
				next++
			case 1:
				if len(es) > 1 {
					k := rng.IntN(len(es))
					es = append(es[:k:k], es[k+1:]...)
				}
			case 2:
				if len(es) > 0 {
					es = append(es[:0:0], es...)
					es[rng.IntN(len(es))].v++
				}
			case 3:
				if len(es) > 2 {
					es = append(es[:0:0], es...)
					i, j := rng.IntN(len(es)), rng.IntN(len(es))
					es[i], es[j] = es[j], es[i]
				}
			case 4:
				preamble = strings.Replace(pre, "b@example.org", fmt.Sprintf("b%d@example.org", step), 1)
			case 5:
				extra = "not a header [[member]]\n" // a member's line that mentions the header
			case 6:
				extra = "# [[member]] in a comment\n"
			case 7:
				extra = "[[member]] # a header with a comment\nemail = \"x@example.org\"\nlists = { a = \"member\" }\n"
			case 8:
				extra = "join" // the header after the middle joins the line before it
			case 9:
				if len(es) > 0 {
					extra = block(es[0].id, 1) // one mailbox twice
				}
			}
			var b strings.Builder
			b.WriteString(preamble)
			for k, e := range es {
				text := block(e.id, e.v)
				if k == len(es)/2+1 && extra == "join" {
					text = strings.Replace(text, "\n[[member]]", " [[member]]", 1)
				}
				b.WriteString(text)
				if k == len(es)/2 && extra != "" && extra != "join" {
					b.WriteString(extra)
				}
			}
			data := []byte(strings.Replace(b.String(), "}\n [[member]]", "} [[member]]", 1))
			got, gwhole, gerr := rd.version("members.toml", data)
			fresh := newReader()
			want, wwhole, werr := fresh.version("members.toml", data)
			if (gerr != nil) != (werr != nil) {
				t.Fatalf("run %d step %d: errors %v and %v", run, step, gerr, werr)
			}
			if gerr != nil {
				continue
			}
			if diff := cmp.Diff(describe(want), describe(got)); diff != "" {
				t.Fatalf("run %d step %d (-whole +incremental):\n%s", run, step, diff)
			}
			gv, wv := rd.judge(got, gwhole, "members.toml", data), fresh.judge(want, wwhole, "members.toml", data)
			if diff := cmp.Diff(describeVerdict(wv), describeVerdict(gv)); diff != "" {
				t.Fatalf("run %d step %d: verdicts (-whole +incremental):\n%s", run, step, diff)
			}
			verdicts[describeVerdict(gv)[0]]++
		}
		incrementals += rd.incrementals
	}
}

// splitCorpus is versions of a members file that write the member key,
// or the file's other tables, where the split reading could miss it:
// before the first [[member]] line (after the schema, or at the end of
// the preamble) and inside a member's block, in every quoting and
// spacing TOML allows, alone and together.
func splitCorpus() [][]byte {
	const pre = "schema = 1\n\n[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n[policies.p]\nvetting_methods = [\"video-call\"]\n"
	block := func(email string) string {
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { reports = \"member\" }\n  [[member.vetting]]\n  by = \"ada@example.org\"\n  on = 2025-01-01\n  method = \"video-call\"\n"
	}
	inPreamble := []string{"",
		`"member" = []`, `'member' = []`, `member = []`, ` member  =  [ ]`, "\tmember\t=\t[]", `"mem\u0062er" = []`,
		`member.x = 1`, `"member".x = 1`, `member . x = 1`, `'member'.x = 1`, `member = {}`, `member = { x = 1 }`,
		`member = [{ email = "zed@example.org" }]`, `"member" = [{ email = "zed@example.org" }]`,
		`[member]`, `[ member ]`, `["member"]`, `['member']`, `[member.x]`, `[ "member" . x ]`,
		"[[member.vetting]]\nby = \"ada@example.org\"", "[member.lists]",
		"[[ member ]]\nemail = \"zed@example.org\"", "[[\"member\"]]\nemail = \"zed@example.org\"", "[['member']]\nemail = \"zed@example.org\"",
		`[lists]`, `[policies]`, `[ "lists" ]`,
	}
	inBlock := []string{"",
		`[lists]`, `[policies]`, `[ lists ]`, `["policies"]`, "[lists.x]\naddress = \"x@example.org\"\npolicy = \"p\"",
		`[member]`, `"member" = []`, `[member.lists]`, "[[ member ]]\nemail = \"zed@example.org\"", `[["member"]]`,
	}
	var out [][]byte
	for _, p := range inPreamble {
		for _, at := range []string{"schema = 1\n", "vetting_methods = [\"video-call\"]\n"} {
			head := strings.Replace(pre, at, at+p+"\n", 1)
			for _, b := range inBlock {
				out = append(out, []byte(head+block("ada@example.org")+block("bob@example.org")+b+"\n"+block("cat@example.org")))
			}
		}
	}
	return out
}

// checkSplitReading fails when the reader's reading of data differs from
// members.Parse's: it parses when Parse does not, or the other way, or
// reads other members. prev, when not nil, is read first, so that data is
// read from it (incrementally) where it can be.
func checkSplitReading(t *testing.T, prev, data []byte) {
	t.Helper()
	f, perr := members.Parse("members.toml", data)
	rd := newReader()
	if prev != nil {
		_, _, _ = rd.version("members.toml", prev)
	}
	v, _, err := rd.version("members.toml", data)
	if (err == nil) != (perr == nil) {
		t.Fatalf("members.Parse says %v, the split reading %v, of:\n%s", perr, err, data)
	}
	if err == nil {
		if diff := cmp.Diff(describe(versionOf(f)), describe(v)); diff != "" {
			t.Fatalf("(-members.Parse +split) of:\n%s\n%s", data, diff)
		}
	}
}

// FuzzSplitReadingIsParse: history's reading of a version is never more
// permissive than members.Parse, nor less: it parses exactly when Parse
// does, to the same members, read alone or from the version before.
//
//	go test -fuzz=FuzzSplitReadingIsParse ./history
func FuzzSplitReadingIsParse(f *testing.F) {
	corpus := splitCorpus()
	for _, data := range corpus {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSplitReading(t, nil, data)
		checkSplitReading(t, corpus[0], data)
	})
}

// TestMayName: a version is parsed for a group's list unless its text
// cannot give one: the local part in no case, no escape, no multi-line
// string; a group whose address is not plain ASCII is always parsed.
func TestMayName(t *testing.T) {
	for _, tc := range []struct {
		data, group string
		want        bool
	}{
		{`address = "team@example.org"`, "team@example.org", true},
		{`address = "TEAM@Example.org"`, "team@example.org", true},
		{`address = "t\u0065am@example.org"`, "team@example.org", true},
		{`address = "t\x65am@example.org"`, "team@example.org", true},
		{"address = \"\"\"te\\\n  am@example.org\"\"\"", "team@example.org", true},
		{`address = "infra@example.org" # TEaM`, "team@example.org", true},
		{`address = "te"`, "team@example.org", false},
		{`address = "infra@example.org"`, "team@example.org", false},
		{`name = "Björn"` + "\n" + `address = "infra@example.org"`, "team@example.org", false},
		{`address = "infra@example.org"`, "tëam@example.org", true},
		{`address = "infra@exämple.org"`, "team@xn--exmple-cua.org", true},
	} {
		if got := mayName([]byte(tc.data), map[string]bool{tc.group: true}); got != tc.want {
			t.Errorf("mayName(%q, %s) = %v, want %v", tc.data, tc.group, got, tc.want)
		}
	}
}

// TestShallowNamesTheRepository: the fix a shallow clone's refusal
// gives runs where roster was run: git -C the repository's directory
// when the members file is elsewhere, quoted for the shell.
func TestShallowNamesTheRepository(t *testing.T) {
	for dir, want := range map[string]string{
		".":             "or run git fetch --unshallow",
		"":              "or run git fetch --unshallow",
		"../shallow":    "or run git -C ../shallow fetch --unshallow",
		"../my clone":   `or run git -C ../my\ clone fetch --unshallow`,
		"/srv/checkout": "or run git -C /srv/checkout fetch --unshallow",
	} {
		err := shallowIn(dir)
		if !errors.Is(err, ErrShallow) || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("shallowIn(%q) = %v, want it to end %q", dir, err, want)
		}
	}
}
