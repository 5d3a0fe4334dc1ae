package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history/historytest"
)

// TestReorder: flags written anywhere reach their command; values that
// look like flags stay values; "--" still ends the flags.
func TestReorder(t *testing.T) {
	app := newApp(&env{})
	tests := []struct {
		in, want string
	}{
		{"vet ada@example.org --by X --method M --note N", "vet --by=X --method=M --note=N -- ada@example.org"},
		{"diff A B --format markdown", "diff --format=markdown -- A B"},
		{"plan --verbose", "--verbose plan"},
		{"plan --emulator --log-format json", "--log-format=json plan --emulator"},
		{"--verbose sync --dry-run", "--verbose sync --dry-run"},
		{"show --at=--output=members.toml", "show --at=--output=members.toml"},
		{"show --at -x", "show --at=-x"},
		{"apply plan.json --emulator", "apply --emulator -- plan.json"},
		{"diff -- -weird", "diff -- -weird"},
		{"diff HEAD --fromat json", "diff --fromat -- HEAD json"},
		{"add --list reports:owner -l announce new@example.org", "add --list=reports:owner --list=announce -- new@example.org"},
		{"plan -h", "plan -h"},
		{"validate -f other.toml", "validate --file=other.toml"},
		{"validate", "validate"},
		{"--help", "--help"},
		{"completion bash", "completion -- bash"},
		// A command's flag before the command moves after it.
		{"--file x.toml validate", "validate --file=x.toml"},
		{"-f x.toml --verbose diff HEAD", "--verbose diff --file=x.toml -- HEAD"},
		{"--log-format json --format json validate", "--log-format=json validate --format=json"},
	}
	for _, tt := range tests {
		got := strings.Join(reorder(app, append([]string{"roster"}, strings.Fields(tt.in)...))[1:], " ")
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestFlagNamesAgree: a flag's name means the same kind of flag in
// every command that has it, so that a command's flag written before the
// command spans as many words whichever command follows.
func TestFlagNamesAgree(t *testing.T) {
	app := newApp(&env{})
	seen := map[string]flagName{}
	where := map[string]string{}
	for _, c := range app.Commands {
		for name, f := range flagTable(c.Flags) {
			if g, ok := seen[name]; ok && g != f {
				t.Errorf("--%s is %+v in %s but %+v in %s", name, f, c.Name, g, where[name])
			}
			seen[name], where[name] = f, c.Name
		}
	}
	for name := range globalTable(app) {
		if f, ok := seen[name]; ok && name != "help" && name != "h" {
			t.Errorf("--%s is global and a flag of %s (%+v)", name, where[name], f)
		}
	}
}

// TestMistypedFlags: a flag roster does not know, before or after the
// command, is reported as an unknown flag naming the nearest one (a
// global flag included), never read as the command or its argument; and
// the help the message points at runs as printed.
func TestMistypedFlags(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), exampleFile(t))
	tests := []struct {
		args      []string
		want, not string
	}{
		{[]string{"--verbos", "plan"}, "unknown flag --verbos; did you mean --verbose? (see roster plan --help)", ""},
		{[]string{"plan", "--verbos"}, "unknown flag --verbos; did you mean --verbose? (see roster plan --help)", ""},
		{[]string{"--nosuch", "validate"}, "unknown flag --nosuch (see roster validate --help)", ""},
		{[]string{"version"}, "roster --version says which release and commit this is", ""},
		{[]string{"--xyz", "foo", "validate"}, "unknown flag --xyz", "unknown command"},
		{[]string{"--fil", "x.toml", "validate"}, "unknown flag --fil; did you mean --file? (see roster validate --help)", "unknown command"},
		{[]string{"--emulator", "validate"}, "--emulator is not a flag of roster validate (see roster validate --help)", ""},
		{[]string{"--lst", "x"}, "unknown flag --lst; did you mean --list? (see roster --help)", "unknown command"},
		{[]string{"--log-format"}, "(see roster --help)", "roster roster"},
		{[]string{"--log-format", "json", "--verbos", "plan"}, "did you mean --verbose?", ""},
		{[]string{"validate", "--fiel", "x"}, "unknown flag --fiel; did you mean --file? (see roster validate --help)", ""},
		{[]string{"validate", "-x"}, "unknown flag -x (see roster validate --help)", "--x"},
		// A flag that takes one value, given twice: which was meant is
		// the user's to say, not the last one's.
		{[]string{"vet", "x@example.org", "--on", "2026-01-01", "--on", "2026-02-01"}, "--on is given twice (2026-01-01 and 2026-02-01) and takes one value: give it once (see roster vet --help)", ""},
		{[]string{"validate", "--format", "json", "--format=text"}, "--format is given twice (json and text)", ""},
		{[]string{"--log-format", "json", "validate", "--log-format", "text"}, "--log-format is given twice (json and text)", ""},
		// --version is refused beside a command: never suggested there.
		{[]string{"show", "--person", "x"}, "unknown flag --person (see roster show --help)", "--version"},
		{[]string{"--verison"}, "did you mean --version?", ""},
		{[]string{"sycn"}, `unknown command "sycn"; did you mean "sync"? (see roster --help)`, ""},
		// Other tools' flags for roster's.
		{[]string{"plan", "--output", "json"}, "unknown flag --output; did you mean --format or --out? (see roster plan --help)", ""},
		{[]string{"validate", "-o", "json"}, "unknown flag -o; did you mean --format? (see roster validate --help)", ""},
		{[]string{"sync", "--dryrun"}, "unknown flag --dryrun; did you mean --dry-run? (see roster sync --help)", ""},
		{[]string{"validate", "-f"}, "--file needs a value (see roster validate --help)", ""},
		{[]string{"validate", "--log-format"}, "--log-format needs a value (see roster validate --help)", ""},
		// A value the flag cannot read: named as typed, with its form.
		{[]string{"plan", "--rate", "abc"}, `--rate "abc": not a number (see roster plan --help)`, "-rate:"},
		{[]string{"plan", "--call-timeout", "5"}, `--call-timeout "5": not a duration; give a number with its unit, like 30s, 5m or 1h (see roster plan --help)`, ""},
		{[]string{"sync", "--max-removals", "1.5"}, `--max-removals "1.5": not a whole number (see roster sync --help)`, ""},
		{[]string{"--verbose=maybe", "validate"}, `--verbose "maybe": not true or false`, "parse error"},
		// -v is neither: "roster sync -v" must not print the version and
		// exit 0 without syncing.
		{[]string{"sync", "--emulator", "-v"}, "unknown flag -v; did you mean --verbose? (see roster sync --help)", ""},
		{[]string{"-v", "validate"}, "unknown flag -v; did you mean --verbose or --version?", ""},
		// Nor does --version with a command: it runs none.
		{[]string{"validate", "--version"}, "--version runs no command: run roster --version alone, or drop --version to run validate", "roster version"},
		{[]string{"--version", "sync", "--emulator"}, "--version runs no command", "roster version"},
		{[]string{"sycn", "--version"}, "--version runs no command", "roster version"},
		// Case is no typo.
		{[]string{"SYNC"}, `unknown command "SYNC"; did you mean "sync"? (see roster --help)`, ""},
		{[]string{"Validate", "--FILE", "x.toml"}, `unknown command "Validate"; did you mean "validate"?`, ""},
		{[]string{"validate", "--FILE", "x.toml"}, "unknown flag --FILE; did you mean --file? (see roster validate --help)", ""},
	}
	see := regexp.MustCompile(`\(see (roster [^)]*)\)`)
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runRoster(t, dir, tt.args...)
			if r.code != 1 || !strings.Contains(r.stderr, tt.want) || tt.not != "" && strings.Contains(r.stderr, tt.not) {
				t.Errorf("exit %d, stderr:\n%s\nwant %q", r.code, r.stderr, tt.want)
			}
			for _, m := range see.FindAllStringSubmatch(r.stderr, -1) {
				if h := runRoster(t, dir, strings.Fields(m[1])[1:]...); h.code != 0 {
					t.Errorf("the hint %q does not run: exit %d %s", m[1], h.code, h.stderr)
				}
			}
		})
	}
	// A command's flag before the command is the command's.
	if r := runRoster(t, dir, "--file", "members.toml", "validate"); r.code != 0 {
		t.Errorf("--file members.toml validate: exit %d %s", r.code, r.stderr)
	}
}

// historyRepo is a git repository of two commits of workspace cases:
// ada and grace on the list reports (nested-groups), then lin added
// (truth).
func historyRepo(t *testing.T) *historytest.Repo {
	t.Helper()
	r := historytest.New(t)
	r.Commit("members.toml", readFile(t, filepath.Join(caseDir("nested-groups"), "members.toml")), "Create the list (#1)")
	r.Commit("members.toml", readFile(t, filepath.Join(caseDir("truth"), "members.toml")), "Add lin (#2)")
	return r
}

// TestFlagsAfterArguments runs the forms people type, and roster's own
// hints print, end to end.
func TestFlagsAfterArguments(t *testing.T) {
	r := historyRepo(t)
	res := runRoster(t, r.Dir, "diff", "HEAD~1", "--format", "markdown")
	if res.code != 0 || !strings.Contains(res.stdout, "| add |") && !strings.Contains(res.stdout, "lin@example.org") {
		t.Errorf("diff REV --format markdown: %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if !strings.HasPrefix(res.stdout, "###") && !strings.Contains(res.stdout, "|") {
		t.Errorf("the format after the revision was ignored:\n%s", res.stdout)
	}
	res = runRoster(t, r.Dir, "show", "--at", "HEAD", "--format", "json")
	if res.code != 0 || !strings.HasPrefix(strings.TrimSpace(res.stdout), "{") {
		t.Errorf("show --at HEAD --format json: %d %s %s", res.code, res.stdout, res.stderr)
	}
	res = runRoster(t, r.Dir, "history", "--list", "reports", "--format", "json")
	if res.code != 0 || !strings.HasPrefix(strings.TrimSpace(res.stdout), "[") || !strings.Contains(res.stdout, "lin@example.org") {
		t.Errorf("history --list reports --format json: %d %s %s", res.code, res.stdout, res.stderr)
	}
	if res := runRoster(t, r.Dir, "vet", "lin@example.org", "--by", "ada@example.org", "--method", "video-call", "--note", "Again"); res.code != 0 {
		t.Errorf("vet EMAIL --by ...: %d %s", res.code, res.stderr)
	}
	if res := runRoster(t, r.Dir, "remove", "--list", "reports", "lin@example.org"); res.code != 0 {
		t.Fatalf("remove: %d %s", res.code, res.stderr)
	}
	if res := runRoster(t, r.Dir, "diff", "HEAD", "--exit-code"); res.code != 1 {
		t.Errorf("diff --exit-code with a change: exit %d", res.code)
	}
	if res := runRoster(t, r.Dir, "diff", "HEAD", "HEAD", "--exit-code"); res.code != 0 {
		t.Errorf("diff --exit-code with nothing changed: exit %d %s", res.code, res.stderr)
	}
	// A revision that looks like an option is refused, on the command
	// line as in git, and writes nothing.
	before := readFile(t, filepath.Join(r.Dir, "members.toml"))
	for _, args := range [][]string{
		{"show", "--at=--output=members.toml"},
		{"diff", "--output=members.toml"},
		{"history", "--since=--output=members.toml"},
		{"show", "--at", "HEAD~0:members.toml"},
	} {
		if res := runRoster(t, r.Dir, args...); res.code != 1 {
			t.Errorf("%v: exit %d %s", args, res.code, res.stderr)
		}
	}
	if got := readFile(t, filepath.Join(r.Dir, "members.toml")); got != before {
		t.Fatal("a revision argument wrote members.toml")
	}
}

// TestCompletion: each shell's script, and the completion itself as the
// scripts ask for it (the last word, then --generate-bash-completion).
func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{"bash": "complete -o bashdefault", "zsh": "#compdef roster", "fish": "complete -c roster"} {
		r := runRoster(t, t.TempDir(), "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("%s: exit %d\n%s%s", shell, r.code, r.stdout, r.stderr)
		}
	}
	if r := runRoster(t, t.TempDir(), "completion", "tcsh"); r.code != 1 {
		t.Errorf("an unknown shell: exit %d", r.code)
	}
	// Commands, then a command's flags. run answers completion before
	// the CLI library sees the arguments, so in-process is as the shell
	// gets it; TestCompletionProcess runs one as a process.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), exampleFile(t))
	for args, want := range map[string]string{
		"--generate-bash-completion": "doctor", "plan --f --generate-bash-completion": "--format",
		"-- --generate-bash-completion": "--version", "plan --h --generate-bash-completion": "--help",
		"plan --verb --generate-bash-completion": "--verbose",
		// --by takes a GitHub handle.
		"vet lin@example.org --by amara --generate-bash-completion": "amara-okafor",
	} {
		if r := runRoster(t, dir, strings.Fields(args)...); r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("%s: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	// After a command, every global flag it takes, and not --version,
	// which that command would refuse.
	for _, c := range []string{"remove", "plan", "sync", "completion"} {
		r := runRoster(t, dir, c, "--v", "--generate-bash-completion")
		if r.code != 0 || strings.Contains(r.stdout, "--version") || !strings.Contains(r.stdout, "--verbose") {
			t.Errorf("%s --v: exit %d\n%s%s", c, r.code, r.stdout, r.stderr)
		}
	}
}

// TestCompletionProcess: the completion as the shell asks for it, of a
// process (main reads os.Args).
func TestCompletionProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	t.Parallel()
	cmd := exec.Command(os.Args[0], "plan", "--f", "--generate-bash-completion")
	cmd.Env = asMain()
	out, err := cmd.Output()
	if err != nil || !strings.Contains(string(out), "--format") {
		t.Errorf("%v\n%s", err, out)
	}
}

// TestVersionAndHelp: --version says what the binary is, --help lists
// every command, and an unknown command fails.
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

// TestUsageErrors: a command line wrong in itself (a flag mistyped, a
// value it cannot read, an argument missing) exits 1 with one line that
// says what to write, and writes nothing.
func TestUsageErrors(t *testing.T) {
	base := readFile(t, filepath.Join(caseDir("edit-base"), "members.toml"))
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
		{"add: bad email", []string{"add", "--list", "reports", "ada at example.org"}, "invalid email address"},
		{"add: display name", []string{"add", "--list", "reports", "Ada <ada2@example.org>"}, "without a display name"},
		{"add: unknown list", []string{"add", "--list", "report", "new@example.org"}, "--list report: no such list"},
		{"add: unknown role", []string{"add", "--list", "reports:admin", "new@example.org"}, `role "admin"`},
		{"add: future date", []string{"add", "--list", "reports", "--by", "ada-x", "--method", "video-call", "--note", "x", "--on", "2027-01-01", "new@example.org"}, "in the future"},
		{"add: an unknown flag after the email", []string{"add", "new@example.org", "--lsit", "reports"}, "unknown flag --lsit; did you mean --list?"},
		{"add: no list", []string{"add", "new@example.org"}, "at least one --list"},
		{"vet: future date", []string{"vet", "--by", "ada-x", "--method", "video-call", "--note", "x", "--on", "2030-01-01", "lin@example.org"}, "in the future"},
		{"vet: bad date", []string{"vet", "--by", "ada-x", "--method", "video-call", "--note", "x", "--on", "yesterday", "lin@example.org"}, "YYYY-MM-DD"},
		{"vet: no method", []string{"vet", "--by", "ada-x", "--note", "x", "lin@example.org"}, "vet needs --method"},
		{"import: unknown list", []string{"import", "--list", "nosuch", "--from-csv", "x.csv"}, "no such list"},
		{"role: the role in --list and last", []string{"role", "lin@example.org", "--list", "reports:owner", "manager"}, "roster role takes the role as its last argument only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "members.toml")
			writeFile(t, path, []byte(base))
			r := runRoster(t, dir, tt.args...)
			if r.code != 1 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant %q", r.code, r.stderr, tt.want)
			}
			if got := readFile(t, path); got != base {
				t.Errorf("the file was written:\n%s", got)
			}
		})
	}
}
