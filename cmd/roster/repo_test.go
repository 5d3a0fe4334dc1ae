package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/members"
)

const editBase = `schema = 1

[lists.reports]
address = "security@example.org"
policy = "p"

[policies.p]
vetting_methods = ["video-call", "known-maintainer"]
vetted_by = "member"
`

// TestConcurrentEditsLoseNothing starts several roster processes adding
// members to one file at once: every one that says it added someone did,
// and the file holds them all.
func TestConcurrentEditsLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "members.toml")
	writeFile(t, path, []byte(editBase+"\n[[member]]\nemail = \"ada@example.org\"\nlists = { reports = \"owner\" }\n"))
	const n = 12
	var wg sync.WaitGroup
	codes := make([]int, n)
	outs := make([]string, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "add", "--list", "reports", "--by", "ada@example.org", "--method", "video-call", "--note", "n", fmt.Sprintf("p%02d@example.org", i))
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "ROSTER_TEST_AS_MAIN=1")
			out, err := cmd.CombinedOutput()
			outs[i] = string(out)
			if err != nil {
				codes[i] = cmd.ProcessState.ExitCode()
			}
		}()
	}
	wg.Wait()
	f, err := members.Parse("members.toml", []byte(readFile(t, path)))
	if err != nil {
		t.Fatalf("the file no longer parses: %v", err)
	}
	for i := 0; i < n; i++ {
		email := fmt.Sprintf("p%02d@example.org", i)
		in := f.FindMember(email) != nil
		if codes[i] == 0 && !in {
			t.Errorf("%s: roster said added (%q) but the entry is gone", email, outs[i])
		}
		if codes[i] != 0 {
			t.Errorf("%s: exit %d: %s", email, codes[i], outs[i])
		}
	}
}

// TestEditsFollowSymlinks: editing through a symbolic link edits the
// file it names and leaves the link a link.
func TestEditsFollowSymlinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "checkout", "members.toml")
	writeFile(t, real, []byte(editBase+"\n[[member]]\nemail = \"ada@example.org\"\nlists = { reports = \"owner\" }\n"))
	work := filepath.Join(dir, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, filepath.Join(work, "members.toml")); err != nil {
		t.Fatal(err)
	}
	if r := runRoster(t, work, "add", "--list", "reports", "lin@example.org"); r.code != 0 {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	if fi, err := os.Lstat(filepath.Join(work, "members.toml")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link became a file: %v", err)
	}
	if !strings.Contains(readFile(t, real), "lin@example.org") {
		t.Error("the file the link names did not get the change")
	}
}

// TestPlanOutRespectsTheUmask: a saved plan, which names live members,
// is created with the umask's permissions, and an existing one keeps its
// mode.
func TestPlanOutRespectsTheUmask(t *testing.T) {
	dir := copyCase(t, "uptodate")
	d := newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	d.run(t, dir, "plan", "--out", "plan.json")
	if mode := fileMode(t, filepath.Join(dir, "plan.json")); mode != 0o600 {
		t.Errorf("new plan file mode %o under umask 077, want 600", mode)
	}
	syscall.Umask(0o022)
	if err := os.Chmod(filepath.Join(dir, "plan.json"), 0o640); err != nil {
		t.Fatal(err)
	}
	d.run(t, dir, "plan", "--out", "plan.json")
	if mode := fileMode(t, filepath.Join(dir, "plan.json")); mode != 0o640 {
		t.Errorf("existing plan file widened to %o, want 640", mode)
	}
}

func fileMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// commentCases put comments everywhere a members file can hold one.
var commentCases = map[string]string{
	"array elements": editBase[:strings.Index(editBase, "vetting_methods")] + `vetting_methods = [
  # the first method
  "video-call", # after an element
  # between elements
  "known-maintainer" # after the last element
] # after the array
vetted_by = "member"
` + `
[[member]]
email = "ada@example.org" # tail
lists = { reports = "owner" }
`,
	"inline vetting array": editBase + `
# above ada
[[member]]
email = "ada@example.org"
lists = { reports = "owner" }
vetting = [
  # about the first record
  { by = "grace@example.org", on = 2026-01-01, method = "video-call" }, # after {…},
  # between records
  { by = "lin@example.org", on = 2026-01-02, method = "video-call" }, # after the second
]

[[member]]
email = "grace@example.org"
lists = { reports = "member" }
`,
	"member.lists table": editBase + `
[[member]]
email = "ada@example.org"

  [member.lists] # the lists
  # ada owns it
  reports = "owner" # since 2020

# trailing paragraph

# at the very end
`,
}

func sortedComments(src string) []string {
	cs := members.Comments([]byte(src))
	sort.Strings(cs)
	return cs
}

// TestEveryCommentIsKept: fmt and each edit keep every comment of the
// input (as a multiset: moving one is fine).
func TestEveryCommentIsKept(t *testing.T) {
	edits := [][]string{
		{"fmt"},
		{"add", "--list", "reports", "new@example.org"},
		{"vet", "--by", "grace@example.org", "--method", "video-call", "--note", "again", "ada@example.org"},
		{"remove", "--list", "reports", "ada@example.org"},
		{"add", "--list", "reports", "aaa@example.org"},
	}
	for name, src := range commentCases {
		for _, args := range edits {
			t.Run(name+"/"+strings.Join(args, " "), func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, "members.toml")
				writeFile(t, path, []byte(src))
				if args[0] == "vet" && !strings.Contains(src, "grace@") {
					// A record is written only by someone who may vet.
					if r := runRoster(t, dir, "add", "--list", "reports", "grace@example.org"); r.code != 0 {
						t.Fatalf("add the vetter: exit %d\n%s", r.code, r.stderr)
					}
				}
				r := runRoster(t, dir, args...)
				if r.code != 0 {
					t.Fatalf("exit %d\n%s", r.code, r.stderr)
				}
				got := readFile(t, path)
				if fmt.Sprint(sortedComments(got)) != fmt.Sprint(sortedComments(src)) {
					t.Errorf("comments changed:\n before %q\n after  %q\n%s", sortedComments(src), sortedComments(got), got)
				}
			})
		}
	}
}

// TestEveryShapeCanBeEdited: vet on a member whose records are an inline
// array appends to the array; a file whose members are one member = [...]
// array is refused with how to rewrite it, and fmt rewrites it.
func TestEveryShapeCanBeEdited(t *testing.T) {
	for name, vetting := range map[string]string{
		"one line":        `vetting = [{ by = "grace@example.org", on = 2026-01-01, method = "video-call" }]`,
		"empty":           `vetting = []`,
		"multi-line":      "vetting = [\n  { by = \"grace@example.org\", on = 2026-01-01, method = \"video-call\" }\n]",
		"trailing comma":  "vetting = [\n  { by = \"grace@example.org\", on = 2026-01-01, method = \"video-call\" },\n]",
		"bracket on line": "vetting = [\n  { by = \"grace@example.org\", on = 2026-01-01, method = \"video-call\" }]",
	} {
		t.Run("vet, "+name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "members.toml")
			writeFile(t, path, []byte(editBase+"\n[[member]]\nemail = \"ada@example.org\"\nlists = { reports = \"owner\" }\n"+vetting+"\n\n[[member]]\nemail = \"grace@example.org\"\nlists = { reports = \"member\" }\n"))
			r := runRoster(t, dir, "vet", "--by", "grace@example.org", "--method", "known-maintainer", "--note", "Re-vetted", "--on", "2026-11-01", "ada@example.org")
			if r.code != 0 {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			f, err := members.Parse("members.toml", []byte(readFile(t, path)))
			if err != nil {
				t.Fatalf("%v\n%s", err, readFile(t, path))
			}
			m := f.FindMember("ada@example.org")
			last := m.Vetting[len(m.Vetting)-1]
			if last.Method != "known-maintainer" || last.Note != "Re-vetted" {
				t.Errorf("records %+v\n%s", m.Vetting, readFile(t, path))
			}
		})
	}
	t.Run("member = [...]", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "members.toml")
		writeFile(t, path, []byte(strings.Replace(editBase, "schema = 1\n", "schema = 1\nmember = [\n  { email = \"ada@example.org\", lists = { reports = \"owner\" } },\n]\n", 1)))
		for _, args := range [][]string{
			{"add", "--list", "reports", "lin@example.org"},
			{"remove", "ada@example.org"},
			{"vet", "--by", "x@example.org", "--method", "video-call", "--note", "n", "ada@example.org"},
		} {
			r := runRoster(t, dir, args...)
			if r.code != 1 || !strings.Contains(r.stderr, "run roster fmt") || strings.Contains(r.stderr, "bug in roster") {
				t.Errorf("%v: exit %d %s", args, r.code, r.stderr)
			}
		}
		if r := runRoster(t, dir, "fmt"); r.code != 0 {
			t.Fatalf("fmt: %d %s", r.code, r.stderr)
		}
		if r := runRoster(t, dir, "add", "--list", "reports", "lin@example.org"); r.code != 0 {
			t.Errorf("after fmt: %d %s", r.code, r.stderr)
		}
	})
}

// TestEditAfterAListsTable: an entry whose [member.lists] table follows
// its vetting records is edited after the table, not inside it.
func TestEditAfterAListsTable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "members.toml")
	writeFile(t, path, []byte(editBase+"\n[[member]]\nemail = \"ada@example.org\"\n\n  [[member.vetting]]\n  by = \"grace@example.org\"\n  on = 2026-01-01\n  method = \"video-call\"\n\n  [member.lists]\n  reports = \"owner\"\n"))
	for _, args := range [][]string{
		{"add", "--list", "reports", "zed@example.org"},
		{"vet", "--by", "zed@example.org", "--method", "video-call", "--note", "n", "ada@example.org"},
	} {
		if r := runRoster(t, dir, args...); r.code != 0 {
			t.Fatalf("%v: exit %d %s\n%s", args, r.code, r.stderr, readFile(t, path))
		}
	}
}
