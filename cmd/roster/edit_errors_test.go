package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
)

func TestEditRefusals(t *testing.T) {
	base := readFile(t, filepath.Join("testdata", "edit", "base.toml"))
	tests := []struct {
		name string
		file string // members.toml content; base when empty
		args []string
		want string
	}{
		{"add: bad email", "", []string{"add", "--list", "reports", "ada at example.org"}, "invalid email address"},
		{"add: display name", "", []string{"add", "--list", "reports", "Ada <ada2@example.org>"}, "without a display name"},
		{"add: unknown list", "", []string{"add", "--list", "report", "new@example.org"}, "--list report: no such list"},
		{"add: unknown role", "", []string{"add", "--list", "reports:admin", "new@example.org"}, `role "admin"`},
		{"add: future date", "", []string{"add", "--list", "reports", "--by", "ada-x", "--method", "video-call", "--note", "x", "--on", "2027-01-01", "new@example.org"}, "in the future"},
		{"add: same mailbox, other spelling", "", []string{"add", "--list", "reports", "ADA+sec@Example.org"}, "ADA+sec@Example.org (in the file as ada@example.org, line 31) is already on reports as owner"},
		{"add: an unknown flag after the email", "", []string{"add", "new@example.org", "--lsit", "reports"}, "unknown flag --lsit; did you mean --list?"},
		{"add: no list", "", []string{"add", "new@example.org"}, "at least one --list"},
		{"vet: unknown member", "", []string{"vet", "--by", "ada-x", "--method", "video-call", "--note", "x", "nobody@example.org"}, "no member nobody@example.org"},
		{"vet: future date", "", []string{"vet", "--by", "ada-x", "--method", "video-call", "--note", "x", "--on", "2030-01-01", "lin@example.org"}, "in the future"},
		{"vet: bad date", "", []string{"vet", "--by", "ada-x", "--method", "video-call", "--note", "x", "--on", "yesterday", "lin@example.org"}, "YYYY-MM-DD"},
		{"vet: no method", "", []string{"vet", "--by", "ada-x", "--note", "x", "lin@example.org"}, "vet needs --method"},
		{"remove: unknown member", "", []string{"remove", "nobody@example.org"}, "no member nobody@example.org"},
		{"remove: not on that list", "", []string{"remove", "--list", "nosuch", "lin@example.org"}, "not on list nosuch"},
		{"import: unknown list", "", []string{"import", "--list", "nosuch", "--from-csv", "x.csv"}, "no such list"},
		{"import: bad export", "", []string{"import", "--list", "reports", "--from-csv", "bad.csv"}, "bad.csv:2:1:"},
		{"edit of a file that does not parse", "schema = 1\n[lists.x\n", []string{"add", "--list", "x", "new@example.org"}, "fix them before editing"},
		{"edit of a file with schema errors", strings.Replace(base, "policy = \"open\"", "polcy = \"open\"", 1), []string{"vet", "--by", "x", "--method", "y", "--note", "z", "lin@example.org"}, "fix them before editing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			content := tt.file
			if content == "" {
				content = base
			}
			path := filepath.Join(dir, "members.toml")
			writeFile(t, path, []byte(content))
			writeFile(t, filepath.Join(dir, "bad.csv"), []byte("Email address\nnot an address\n"))
			r := runRoster(t, dir, tt.args...)
			if r.code != 1 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant %q", r.code, r.stderr, tt.want)
			}
			if got := readFile(t, path); got != content {
				t.Errorf("the file was written:\n%s", got)
			}
		})
	}
}

func TestEditKeepsPermissions(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "members.toml")
	writeFile(t, path, []byte(readFile(t, filepath.Join("testdata", "edit", "base.toml"))))
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runRoster(t, dir, "add", "--list", "announce", "new@example.org"); r.code != 0 {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".members.toml.tmp-*")); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestFmtCheck(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(readFile(t, filepath.Join("testdata", "edit", "base.toml"))))
	r := runRoster(t, dir, "fmt", "--check")
	if r.code != 1 || !strings.Contains(r.stdout, "+[lists.announce]") || !strings.Contains(r.stderr, "not formatted") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runRoster(t, dir, "fmt"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := runRoster(t, dir, "fmt", "--check"); r.code != 0 || r.stdout != "" {
		t.Fatalf("after fmt: exit %d\n%s", r.code, r.stdout)
	}
	// The project's own file is formatted.
	if r := runRoster(t, filepath.Join("..", ".."), "fmt", "--check"); r.code != 0 {
		t.Errorf("members.toml is not formatted:\n%s", r.stdout)
	}
}

// TestImportFromLive imports a live group through the emulator: new
// people become grandfathered entries, people already in the file get the
// list, and a second import changes nothing.
func TestImportFromLive(t *testing.T) {
	dir := copyCase(t, "uptodate")
	d := newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
	for _, email := range []string{"walk.in@example.org", "Other.Person@gmail.com"} {
		if err := addLive(d, "security@example.org", email); err != nil {
			t.Fatal(err)
		}
	}
	r := d.run(t, dir, "import", "--list", "reports")
	if r.code != 0 || !strings.Contains(r.stderr, "imported 2 members") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	text := readFile(t, filepath.Join(dir, "members.toml"))
	for _, want := range []string{`email = "walk.in@example.org"`, `email = "Other.Person@gmail.com"`, `method = "grandfathered"`, `by = "import"`} {
		if !strings.Contains(text, want) {
			t.Errorf("imported file lacks %s:\n%s", want, text)
		}
	}
	// grandfathered is not in the policy's methods: said so, and validate fails
	if !strings.Contains(r.stderr, `does not accept grandfathered records`) {
		t.Errorf("no hint about grandfathered: %s", r.stderr)
	}
	if r := d.run(t, dir, "import", "--list", "reports"); r.code != 0 || !strings.Contains(r.stderr, "nothing to import") || readFile(t, filepath.Join(dir, "members.toml")) != text {
		t.Errorf("second import: exit %d %s", r.code, r.stderr)
	}
}
