package workspace_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
)

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
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"300d\"", 1)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	frank := entry("frank@example.org", "member", "ada@example.org", "2025-06-01") // lapses on 2026-03-28
	empty := "schema = 1\n"
	type step struct{ other, ours string }
	for _, tt := range []struct {
		name     string
		steps    []step // after the first, each a month later
		admitted bool
	}{
		{"dropped from the other file, then added with him", []step{{hdr + owners, empty}, {empty, empty}, {empty, hdr + owners + frank}}, false},
		{"copied with him, then dropped from the other file", []step{{hdr + owners, empty}, {hdr + owners, hdr + owners + frank}, {empty, hdr + owners + frank}}, false},
		{"dropped from this file, then added back with him", []step{{"", hdr + owners}, {"", empty}, {"", hdr + owners + frank}}, false},
		{"through a third file, which added him", []step{{hdr + owners, empty}, {empty, empty}, {empty, empty}, {empty, hdr + owners + frank}}, false},
		{"dropped from the other file with him, then added", []step{{hdr + owners + frank, empty}, {empty, empty}, {empty, hdr + owners + frank}}, true},
		{"copied from the other file with him, then dropped", []step{{hdr + owners + frank, empty}, {hdr + owners + frank, hdr + owners + frank}, {empty, hdr + owners + frank}}, true},
		{"dropped from this file with him, then added back", []step{{"", hdr + owners + frank}, {"", empty}, {"", hdr + owners + frank}}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			for n, s := range tt.steps {
				if n > 0 {
					for range 30 {
						f.repo.Tick()
					}
				}
				files := []string{"members.toml", s.ours}
				if s.other != "" {
					files = append(files, "other.toml", s.other)
				}
				if tt.name == "through a third file, which added him" && n == 2 {
					files = append(files, "third.toml", hdr+owners+frank) // gets him on the way, after his lapse
				}
				if tt.name == "through a third file, which added him" && n == 3 {
					files = append(files, "third.toml", empty)
				}
				f.repo.CommitFiles("Step", files...)
			}
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"}, emulator.Member{Email: "frank@example.org", Role: "MEMBER"}); err != nil {
				t.Fatal(err)
			}
			v := f.doValidate("members.toml", report.Text, "")
			never := strings.Contains(v.stdout, "never admitted")
			if never == tt.admitted || !strings.Contains(v.stdout, "frank@example.org") {
				t.Errorf("validate: exit %d, admitted once: want %v\n%s", v.code, tt.admitted, v.stdout)
			}
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
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"300d\"", 1)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	frank := entry("frank@example.org", "member", "ada@example.org", "2025-06-01") // lapses on 2026-03-28
	demo := hdr + entry("demo@example.org", "owner", "bob@example.org", "2026-02-01")
	for _, tt := range []struct {
		name     string
		steps    [][3]string // members.toml, old.toml, examples/demo.toml ("" for none)
		admitted bool
	}{
		{"an example added after the list went", [][3]string{{"schema = 1\n", hdr + owners + frank, ""}, {"schema = 1\n", "", ""}, {"schema = 1\n", "", demo}, {hdr + owners + frank, "", demo}}, true},
		// A comment naming the group, added after the drop, makes the
		// decoy the newest file git's pickaxe finds.
		{"a decoy that listed him while his record held", [][3]string{{hdr + owners, "", demo + frank}, {"schema = 1\n", "", demo + frank},
			{"schema = 1\n", "", "# security@example.org\n" + demo + frank}, {hdr + owners + frank, "", "# security@example.org\n" + demo + frank}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			for n, s := range tt.steps {
				if n > 0 {
					for range 30 {
						f.repo.Tick()
					}
				}
				files := []string{"members.toml", s[0]}
				for k, p := range map[int]string{1: "old.toml", 2: "examples/demo.toml"} {
					if s[k] != "" || n > 0 && tt.steps[n-1][k] != "" {
						files = append(files, p, s[k])
					}
				}
				f.repo.CommitFiles("Step", files...)
			}
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"}, emulator.Member{Email: "frank@example.org", Role: "MEMBER"}); err != nil {
				t.Fatal(err)
			}
			v := f.doValidate("members.toml", report.Text, "")
			never := strings.Contains(v.stdout, "never admitted")
			if never == tt.admitted || !strings.Contains(v.stdout, "frank@example.org") {
				t.Errorf("validate: exit %d, admitted once: want %v\n%s", v.code, tt.admitted, v.stdout)
			}
		})
	}
}
