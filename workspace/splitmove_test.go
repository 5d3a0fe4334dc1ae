package workspace_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
)

// Frank, on the list in the last step, has a record that lapses on
// 2026-03-28; the steps begin on 2026-03-02, a month apart.
var (
	lapseHeader = strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"300d\"", 1)
	lapseOwners = entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	lapseFrank  = entry("frank@example.org", "member", "ada@example.org", "2025-06-01")
)

// checkFranksLapse commits steps (each the files it writes, path to
// content, a month after the one before), puts frank on the live group,
// and checks what validate says of his lapsed record: admitted once (a
// warning), or never (an error).
func checkFranksLapse(t *testing.T, steps []map[string]string, admitted bool) {
	t.Helper()
	f := newRepoFixture(t)
	for n, files := range steps {
		if n > 0 {
			for range 30 {
				f.repo.Tick()
			}
		}
		var pairs []string
		for _, p := range slices.Sorted(maps.Keys(files)) {
			pairs = append(pairs, p, files[p])
		}
		f.repo.CommitFiles("Step", pairs...)
	}
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"}, emulator.Member{Email: "frank@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	v := f.doValidate("members.toml", report.Text, "")
	never := strings.Contains(v.stdout, "never admitted")
	if never == admitted || !strings.Contains(v.stdout, "frank@example.org") {
		t.Errorf("validate: exit %d, admitted once: want %v\n%s", v.code, admitted, v.stdout)
	}
}

// TestALapseAcrossASplitMove: a list that left one file and reached
// another in different commits (dropped, then added; copied, then
// dropped), or left the file and came back, is read through the gap:
// someone the list did not have before the gap was listed by the commit
// that gained it, on a record that had lapsed by then, and it never
// admitted them (an error, as for a list moved in one commit), while
// someone it had before keeps the warning of a lapse that admitted
// them once.
func TestALapseAcrossASplitMove(t *testing.T) {
	t.Parallel()
	hdr, owners, frank := lapseHeader, lapseOwners, lapseFrank
	empty := "schema = 1\n"
	type files = map[string]string
	for _, tt := range []struct {
		name     string
		steps    []files
		admitted bool
	}{
		{"dropped from the other file, then added with him", []files{{"other.toml": hdr + owners, "members.toml": empty}, {"other.toml": empty, "members.toml": empty}, {"other.toml": empty, "members.toml": hdr + owners + frank}}, false},
		{"copied with him, then dropped from the other file", []files{{"other.toml": hdr + owners, "members.toml": empty}, {"other.toml": hdr + owners, "members.toml": hdr + owners + frank}, {"other.toml": empty, "members.toml": hdr + owners + frank}}, false},
		{"dropped from this file, then added back with him", []files{{"members.toml": hdr + owners}, {"members.toml": empty}, {"members.toml": hdr + owners + frank}}, false},
		// third.toml gets him on the way, after his lapse.
		{"through a third file, which added him", []files{{"other.toml": hdr + owners, "members.toml": empty}, {"other.toml": empty, "members.toml": empty},
			{"other.toml": empty, "members.toml": empty, "third.toml": hdr + owners + frank}, {"other.toml": empty, "members.toml": hdr + owners + frank, "third.toml": empty}}, false},
		{"dropped from the other file with him, then added", []files{{"other.toml": hdr + owners + frank, "members.toml": empty}, {"other.toml": empty, "members.toml": empty}, {"other.toml": empty, "members.toml": hdr + owners + frank}}, true},
		{"copied from the other file with him, then dropped", []files{{"other.toml": hdr + owners + frank, "members.toml": empty}, {"other.toml": hdr + owners + frank, "members.toml": hdr + owners + frank}, {"other.toml": empty, "members.toml": hdr + owners + frank}}, true},
		{"dropped from this file with him, then added back", []files{{"members.toml": hdr + owners + frank}, {"members.toml": empty}, {"members.toml": hdr + owners + frank}}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkFranksLapse(t, tt.steps, tt.admitted)
		})
	}
}

// TestAFileThatKeepsTheListHasNoSayInItsPast: a file that names the
// list's group and still does at HEAD (an example, a copy kept beside
// it) is no holder the list left: an honest list that came back from a
// file deleted earlier keeps its members' warnings whatever an example
// added since says, and a decoy that listed someone while their record
// held does not turn their re-listing on a lapsed record into a warning.
func TestAFileThatKeepsTheListHasNoSayInItsPast(t *testing.T) {
	t.Parallel()
	hdr, owners, frank := lapseHeader, lapseOwners, lapseFrank
	empty := "schema = 1\n"
	demo := hdr + entry("demo@example.org", "owner", "bob@example.org", "2026-02-01")
	// A comment naming the group, added after the drop, makes the decoy
	// the newest file git's pickaxe finds.
	decoy := "# security@example.org\n" + demo + frank
	type files = map[string]string
	for _, tt := range []struct {
		name     string
		steps    []files
		admitted bool
	}{
		{"an example added after the list went", []files{{"members.toml": empty, "old.toml": hdr + owners + frank}, {"members.toml": empty, "old.toml": ""},
			{"members.toml": empty, "examples/demo.toml": demo}, {"members.toml": hdr + owners + frank}}, true},
		{"a decoy that listed him while his record held", []files{{"members.toml": hdr + owners, "examples/demo.toml": demo + frank}, {"members.toml": empty},
			{"members.toml": empty, "examples/demo.toml": decoy}, {"members.toml": hdr + owners + frank}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkFranksLapse(t, tt.steps, tt.admitted)
		})
	}
}
