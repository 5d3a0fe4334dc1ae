package main

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/internal/testkey"
)

// usageErrors are what roster says when a command line is wrong in
// itself, whatever the files and groups it finds.
var usageErrors = []string{
	"unknown flag", "flag provided but not defined", "flag needs an argument", "needs a value (see", "invalid value", "\": not a",
	"Incorrect Usage", "No help topic", "is not offered here", "needs one argument", "needs one or two",
	"needs the shell", "needs --base", "needs at least one --list", "needs exactly one --list", "unknown command",
}

// exampleErrors are refusals of an example that names what the example
// project does not have: it shows a reader nothing. Hints, made from
// other files, may name such things.
var exampleErrors = []string{"no member ", "no such list", "nor a revision", "did not exist"}

// sandboxes make sandboxes: the example project in a git repository,
// with an emulated domain and a throwaway service-account key, for
// running documented command lines as a user would. The repository, the
// key, an export and a saved plan are made once per test (a template);
// each sandbox is a copy of it with a domain of its own.
type sandboxes struct {
	template string
	key      map[string]any
}

func newSandboxes(t *testing.T) *sandboxes {
	t.Helper()
	// The example's history, as the examples name it: an earlier version
	// (tagged v1.4), the example itself, the remote's main, and a pull
	// request's head fetched where the workflows fetch it.
	r := historytest.New(t)
	example := string(exampleFile(t))
	earlier := example[:strings.LastIndex(example, "\n[[member]]")+1]
	r.Commit("members.toml", earlier, "The lists (#1)")
	r.Git("tag", "v1.4")
	r.Commit("members.toml", example, "The example (#2)")
	r.Git("update-ref", "refs/remotes/origin/main", "HEAD")
	r.Git("update-ref", "refs/roster/pr", "HEAD")
	d := sandboxDomain(t)
	key, _, err := testkey.ServiceAccount(strings.TrimSuffix(d.url, "/") + "/token")
	if err != nil {
		t.Fatal(err)
	}
	sb := &sandboxes{template: r.Dir}
	if err := json.Unmarshal(key, &sb.key); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(r.Dir, "export.csv"), []byte("Group name,Group email,Member email,Member role,Member type\nd,distros@example.org,vendor@example.net,MEMBER,USER\n"))
	if res := runRosterEnv(t, r.Dir, d.vars(), "plan", "--out", "plan.json"); res.code != 2 {
		t.Fatalf("sandbox plan: %d %s", res.code, res.stderr)
	}
	// Every sandbox copies the template, a file at a time: its objects
	// and refs packed, that is a dozen files, not forty in a dozen
	// directories.
	r.Git("repack", "-a", "-d", "-q", "-n")
	r.Git("pack-refs", "--all")
	return sb
}

// sandboxDomain is the example's domain: its two google groups, empty.
func sandboxDomain(t *testing.T) *domain {
	t.Helper()
	d := newDomain(t, emulator.Options{State: &emulator.State{}}, "")
	for _, g := range []string{"security@example.org", "security-announce@example.org"} {
		if err := d.emu.AddGroup(g); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// sandbox is a fresh copy of the template, with a fresh domain that the
// copy's key.json gets its tokens from.
func (sb *sandboxes) sandbox(t *testing.T) (string, *domain) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "project")
	if err := os.CopyFS(dir, os.DirFS(sb.template)); err != nil {
		t.Fatal(err)
	}
	d := sandboxDomain(t)
	key := maps.Clone(sb.key)
	key["token_uri"] = strings.TrimSuffix(d.url, "/") + "/token"
	data, err := json.Marshal(key)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "key.json"), data)
	return dir, d
}

// shellWords splits a documented command line as a shell would, enough
// for the lines the docs and hints hold: quotes and backslashes (as
// shell.Quote writes them), no expansions.
func shellWords(line string) []string {
	var out []string
	var cur strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			cur.WriteByte(c)
		case c == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
			in = true
		case c == '"' || c == '\'':
			quote, in = c, true
		case c == ' ' || c == '\t':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

// documented returns the roster command lines of a text: lines that
// start with roster (or go run ./cmd/roster, or an environment
// assignment before it), continuation lines joined, trailing comments,
// redirections and background markers dropped.
func documented(text string) []string {
	text = strings.ReplaceAll(text, "\\\n", " ")
	var out []string
	start := regexp.MustCompile(`^\s*(?:[A-Z_]+=\S+\s+)*(?:go run \./cmd/roster|roster)\s+(.*)$`)
	for _, line := range strings.Split(text, "\n") {
		m := start.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		rest := m[1]
		if i := strings.Index(rest, "  #"); i >= 0 {
			rest = rest[:i]
		}
		rest = strings.TrimSuffix(strings.TrimSpace(rest), "&")
		if i := strings.Index(rest, " > "); i >= 0 {
			rest = rest[:i]
		}
		if i := strings.Index(rest, " | "); i >= 0 {
			rest = rest[:i]
		}
		out = append(out, strings.TrimSpace(rest))
	}
	return out
}

// runDocumented runs one documented line in a fresh sandbox and fails on
// a usage error or an exit code roster does not document.
func runDocumented(t *testing.T, dir string, d *domain, where, line string) {
	t.Helper()
	args := shellWords(line)
	if len(args) > 0 && args[0] == "emulator" {
		return // serves until stopped; TestEmulatorCommand runs it
	}
	vars := d.vars()
	if strings.Contains(line, "--emulator") || strings.Contains(line, "--endpoint") {
		vars = nil
	}
	if strings.Contains(line, "--github-pr") {
		return // needs the GitHub API: the workspace's TestReviewOnAPullRequest runs it against a stand-in
	}
	res := runRosterEnv(t, dir, vars, args...)
	refusals := usageErrors
	if where != "hint" {
		refusals = append(slices.Clone(usageErrors), exampleErrors...)
	}
	for _, u := range refusals {
		if strings.Contains(res.stderr, u) {
			t.Errorf("%s: roster %s\n  is refused as printed: %s", where, line, strings.TrimSpace(res.stderr))
			return
		}
	}
	if res.code != 0 && res.code != 1 && res.code != 2 {
		t.Errorf("%s: roster %s: exit %d\n%s", where, line, res.code, res.stderr)
	}
	if where != "hint" && (len(args) == 0 || args[0] != "import") && strings.Contains(res.stderr, " is written, but ") {
		// An example to copy must leave a file CI accepts (an import
		// starts vetting people a group already had: what it writes
		// waits for their records and fields, and says so).
		t.Errorf("%s: roster %s\n  writes a file validate rejects:\n%s", where, line, res.stderr)
	}
}

// TestREADMECommandsRunAsPrinted extracts every roster command line of
// the README's shell blocks and runs it against an emulated domain.
func TestREADMECommandsRunAsPrinted(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every documented command")
	}
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(string(data), -1)
	sb := newSandboxes(t)
	n := 0
	for _, b := range blocks {
		// A block is read top to bottom, as a reader follows it: its
		// lines run in one sandbox, in order.
		lines := documented(b[1])
		if len(lines) == 0 {
			continue // no sandbox to make
		}
		dir, d := sb.sandbox(t)
		for _, line := range lines {
			n++
			runDocumented(t, dir, d, "README", line)
		}
	}
	if n < 40 {
		t.Errorf("found only %d command lines in the README", n)
	}
}

// TestHelpExamplesRunAsPrinted runs the examples of every command's
// --help.
func TestHelpExamplesRunAsPrinted(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every documented command")
	}
	t.Parallel()
	app := newApp(&env{})
	sb := newSandboxes(t)
	n := 0
	for _, c := range app.Commands {
		if lines := documented(c.Description); len(lines) > 0 {
			dir, d := sb.sandbox(t)
			for _, line := range lines {
				n++
				runDocumented(t, dir, d, "roster "+c.Name+" --help", line)
			}
		}
		// The usage line's shape: every flag it names exists.
		for _, f := range regexp.MustCompile(`--[a-z-]+`).FindAllString(c.UsageText, -1) {
			if _, ok := lookup(flagTable(c.Flags), f); !ok {
				t.Errorf("roster %s usage names %s, which it does not take", c.Name, f)
			}
		}
	}
	if n < 20 {
		t.Errorf("found only %d examples in --help", n)
	}
}

// TestHintsRunAsPrinted collects the command lines roster prints as hints
// ('roster vet EMAIL --by WHO ...') from runs that produce them, fills in
// their placeholders, and runs them.
func TestHintsRunAsPrinted(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every documented command")
	}
	t.Parallel()
	var out strings.Builder
	bad := filepath.Join("..", "..", "testdata", "bad")
	files, _ := filepath.Glob(filepath.Join(bad, "*.toml"))
	for _, f := range files {
		tmp := t.TempDir()
		writeFile(t, filepath.Join(tmp, "members.toml"), []byte(readFile(t, f)))
		r := runRoster(t, tmp, "validate", "--at", "2030-01-01")
		out.WriteString(r.stdout + r.stderr)
	}
	sb := newSandboxes(t)
	dir, d := sb.sandbox(t)
	for _, args := range [][]string{{"plan"}, {"sync"}, {"audit", "--live"}, {"doctor"}, {"validate", "--at", "2037-01-01"}} {
		r := runRosterEnv(t, dir, d.vars(), args...)
		out.WriteString(r.stdout + r.stderr)
	}
	placeholders := strings.NewReplacer("WHO", "amara-okafor", "METHOD", "video-call", "TEXT", "checked", "EMAIL", "chen.wei@example.org", "REV", "HEAD", "FILE", "plan.json")
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`'roster ([^']+)'|with: roster ([^\n;)]+)|run roster ([a-z]+)`).FindAllStringSubmatch(out.String(), -1) {
		line := strings.TrimSpace(m[1] + m[2] + m[3])
		line = placeholders.Replace(line)
		if seen[line] {
			continue
		}
		seen[line] = true
		hd, hdom := sb.sandbox(t)
		runDocumented(t, hd, hdom, "hint", line)
	}
	if len(seen) < 4 {
		t.Errorf("found only %d hints: %v", len(seen), seen)
	}
}

// TestApplyHelpOffersNoListFlag: apply takes its lists from the plan and
// refuses --list; its --help must not offer it, and its usage line names
// --format, which it takes.
func TestApplyHelpOffersNoListFlag(t *testing.T) {
	r := runRoster(t, t.TempDir(), "apply", "--help")
	if strings.Contains(r.stdout, "--list") || !strings.Contains(r.stdout, "[--format text|json]") {
		t.Errorf("apply --help:\n%s", r.stdout)
	}
	if r := runRoster(t, t.TempDir(), "apply", "p.json", "--list", "x"); r.code != 1 || !strings.Contains(r.stderr, "apply takes the lists from the plan") {
		t.Errorf("apply --list: exit %d %s", r.code, r.stderr)
	}
}

// TestEvidenceIsText: the reference gives a record's evidence as a
// string, free text like a note (a link, usually, but a ticket number or
// "letter on file" too), so --evidence takes any text and its help does
// not promise a URL that nothing checks.
func TestEvidenceIsText(t *testing.T) {
	for _, cmd := range []string{"vet", "add"} {
		r := runRoster(t, t.TempDir(), cmd, "--help")
		if strings.Contains(r.stdout, "--evidence URL") || !strings.Contains(r.stdout, "--evidence TEXT") {
			t.Errorf("%s --help:\n%s", cmd, r.stdout)
		}
	}
	dir := copyCase(t, "edit-base")
	if r := runRoster(t, dir, "vet", "lin@example.org", "--by", "ada-x", "--method", "video-call", "--note", "Again.", "--evidence", "not a url"); r.code != 0 ||
		!strings.Contains(readFile(t, filepath.Join(dir, "members.toml")), `evidence = "not a url"`) {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

// TestHelpSaysWhatTheCommandDoes: role and import take exactly one
// --list, and their help shows it as one value, not as repeatable
// (a second is refused); plan's exit status 1 covers a plan with a
// change BLOCKED, as plan exits then.
func TestHelpSaysWhatTheCommandDoes(t *testing.T) {
	for _, cmd := range []string{"role", "import"} {
		r := runRoster(t, t.TempDir(), cmd, "--help")
		if strings.Contains(r.stdout, "[ --list") || !strings.Contains(r.stdout, "--list ID, -l ID") || !strings.Contains(r.stdout, "exactly one") {
			t.Errorf("%s --help:\n%s", cmd, r.stdout)
		}
	}
	dir := copyCase(t, "edit-base")
	if r := runRoster(t, dir, "role", "--list", "a", "-l", "b", "lin@example.org", "owner"); r.code != 1 || !strings.Contains(r.stderr, "--list is given twice (a and b) and takes one value") {
		t.Errorf("role with two lists: exit %d %s", r.code, r.stderr)
	}
	if r := runRoster(t, t.TempDir(), "plan", "--help"); !strings.Contains(r.stdout, "1 an error, or a plan sync would not carry out whole") || !strings.Contains(r.stdout, "BLOCKED") {
		t.Errorf("plan --help:\n%s", r.stdout)
	}
}

// TestREADMETOMLValidates: every members.toml the README shows as a
// sample validates with no error, as a reader copying it expects.
func TestREADMETOMLValidates(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	samples := regexp.MustCompile("(?s)```toml\n(.*?)```").FindAllSubmatch(data, -1)
	if len(samples) == 0 {
		t.Fatal("the README shows no members.toml sample")
	}
	for i, m := range samples {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "members.toml"), m[1])
		if r := runRoster(t, dir, "validate"); r.code != 0 {
			t.Errorf("sample %d does not validate:\n%s%s", i+1, r.stdout, r.stderr)
		}
	}
}

// TestQuickStartPrintsWhatTheREADMEShows: the quick start's first sync
// of the example, committed (as in a fresh clone), prints the lines the
// README shows for it, each as shown: an addition to a group roster
// never wrote to is bare, with nothing made up about its removal.
func TestQuickStartPrintsWhatTheREADMEShows(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(data), "## Quick start")
	block := regexp.MustCompile("(?s)```\n(list advance-warning.*?)```").FindStringSubmatch(string(data[start:]))
	if block == nil {
		t.Fatal("no output block in the README's quick start")
	}
	r := historytest.New(t)
	r.Commit("members.toml", string(exampleFile(t)), "The lists")
	res := runRoster(t, r.Dir, "sync", "--emulator")
	if res.code != 0 {
		t.Fatalf("sync --emulator: exit %d\n%s", res.code, res.stderr)
	}
	for _, line := range strings.Split(block[1], "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "+ ") && !strings.Contains(res.stdout, line+"\n") {
			t.Errorf("the README shows %q; sync printed:\n%s", line, res.stdout)
		}
	}
}
