package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateBadFiles runs validate over the corpus of malformed and
// policy-violating files: each must exit 1 with messages that name a line,
// and the whole output must match its golden file.
func TestValidateBadFiles(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "bad")
	files, err := filepath.Glob(filepath.Join(dir, "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("corpus has %d files, want at least 40", len(files))
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".toml"), func(t *testing.T) {
			// Outside the repository: the corpus's own git history must
			// not decide who was "already on a list".
			tmp := t.TempDir()
			writeFile(t, filepath.Join(tmp, name), []byte(readFile(t, path)))
			r := runRoster(t, tmp, "validate", "--file", name, "--at", "2026-11-24")
			if r.code != 1 {
				t.Errorf("exit %d, want 1", r.code)
			}
			for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
				if !strings.HasPrefix(line, name+":") || strings.Count(line, ":") < 3 {
					t.Errorf("finding without file:line:col: %q", line)
				}
			}
			checkGolden(t, strings.TrimSuffix(path, ".toml")+".golden", r.golden())
		})
	}
}

func TestValidateFormats(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "bad")
	for _, format := range []string{"json", "github"} {
		t.Run(format, func(t *testing.T) {
			tmp := t.TempDir()
			writeFile(t, filepath.Join(tmp, "many-errors.toml"), []byte(readFile(t, filepath.Join(dir, "many-errors.toml"))))
			r := runRoster(t, tmp, "validate", "--file", "many-errors.toml", "--at", "2026-11-24", "--format", format)
			if r.code != 1 {
				t.Errorf("exit %d, want 1", r.code)
			}
			checkGolden(t, filepath.Join("testdata", "validate-many-errors."+format+".golden"), r.stdout)
		})
	}
}

func TestValidateExample(t *testing.T) {
	r := runRoster(t, filepath.Join("..", ".."), "validate", "--format", "json")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("the project's members.toml must validate clean:\n%s%s", r.stdout, r.stderr)
	}
}

func TestValidateUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing file", []string{"validate", "--file", "nope.toml"}, "read members file"},
		{"bad format", []string{"validate", "--format", "xml"}, `--format "xml" is not offered here`},
		{"bad date", []string{"validate", "--at", "24/11/2026"}, "write a date as YYYY-MM-DD"},
		{"unknown flag", []string{"validate", "--fiel", "x"}, "unknown flag --fiel; did you mean --file? (see roster validate --help)"},
		{"unknown flag after the command's argument", []string{"diff", "HEAD", "--fromat", "json"}, "did you mean --format?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runRoster(t, t.TempDir(), tt.args...)
			if r.code != 1 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("got exit %d, stderr %q; want exit 1 and %q", r.code, r.stderr, tt.want)
			}
		})
	}
}

// TestValidateLargeFile checks that a 10 MB file with one bad entry near
// the end reports that entry at the right line, and nothing else.
func TestValidateLargeFile(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(`schema = 1

[lists.announce]
address = "announce@example.org"
policy = "open"

[policies.open]
min_owners = 1
vetting_methods = ["video-call"]
vetted_by = "owner"

[[member]]
email = "owner@example.org"
lists = { announce = "owner" }
  [[member.vetting]]
  by = "second@example.org"
  on = 2026-01-01
  method = "video-call"

[[member]]
email = "second@example.org"
lists = { announce = "owner" }
  [[member.vetting]]
  by = "owner@example.org"
  on = 2026-01-01
  method = "video-call"
`)
	n := 0
	for b.Len() < 10<<20 {
		n++
		fmt.Fprintf(&b, "\n[[member]]\nemail = \"person%06d@example.org\"\nname = \"Person %d\"\nlists = { announce = \"member\" }\n  [[member.vetting]]\n  by = \"owner@example.org\"\n  on = 2026-01-01\n  method = \"video-call\"\n  note = \"%s\"\n", n, n, strings.Repeat("x", 40))
	}
	line := strings.Count(b.String(), "\n") + 4 // the lists line of the member appended below
	b.WriteString("\n[[member]]\nemail = \"late@example.org\"\nlists = { announce = \"member\" }\n")
	if err := os.WriteFile(filepath.Join(dir, "members.toml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runRoster(t, dir, "validate", "--at", "2026-11-24")
	want := fmt.Sprintf("members.toml:%d:11: member late@example.org: no vetting record for announce", line)
	if r.code != 1 || !strings.HasPrefix(r.stdout, want) || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("exit %d, stdout:\n%s\nwant a line starting %q", r.code, r.stdout, want)
	}
}

func TestRosterFileVariable(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lists", "team.toml"), exampleFile(t))
	r := runRosterEnv(t, dir, map[string]string{"ROSTER_FILE": "lists/team.toml"}, "validate")
	if r.code != 0 || !strings.Contains(r.stderr, "lists/team.toml: ok") {
		t.Errorf("exit %d %s", r.code, r.stderr)
	}
}

func TestVersionAndHelp(t *testing.T) {
	// The test binary has no module version; it still says what it is.
	if r := runRoster(t, t.TempDir(), "--version"); r.code != 0 || !strings.Contains(r.stdout, "roster version "+versionString()) || !strings.Contains(r.stdout, "go1.") {
		t.Errorf("--version: %d %q", r.code, r.stdout)
	}
	r := runRoster(t, t.TempDir(), "--help")
	for _, cmd := range []string{"validate", "plan", "sync", "apply", "add", "vet", "remove", "import", "fmt", "history", "diff", "show", "audit", "emulator", "doctor", "completion"} {
		if !strings.Contains(r.stdout, "   "+cmd+" ") {
			t.Errorf("--help does not list %s", cmd)
		}
	}
	if r := runRoster(t, t.TempDir(), "frobnicate"); r.code != 1 {
		t.Errorf("an unknown command: exit %d", r.code)
	}
}
