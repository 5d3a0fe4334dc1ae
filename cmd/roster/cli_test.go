package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/internal/shell"
)

// TestHintsCarryTheirContext: a hint printed by a command run with
// --file and --emulator repeats them, and runs as printed in that
// context (not against ./members.toml or Google).
func TestHintsCarryTheirContext(t *testing.T) {
	if testing.Short() {
		t.Skip("runs many commands")
	}
	dir := t.TempDir()
	closed := closedEndpoint(t)
	content := string(exampleFile(t)) +
		"\n[[member]]\nemail = \"newcomer@example.org\"\nname = \"New Comer\"\naffiliation = \"Example\"\nlists = { advance-warning = \"member\" }\n"
	writeFile(t, filepath.Join(dir, "lists", "other.toml"), []byte(content))
	var out strings.Builder
	for _, args := range [][]string{
		{"validate", "--file", "lists/other.toml"},
		{"plan", "--file", "lists/other.toml", "--emulator", "--out", "plan.json", "--call-timeout", "45s"},
		{"sync", "--file", "lists/other.toml", "--emulator"},
		// Advice from checks and from errors of lower packages: no
		// credentials, nothing listening at the endpoint.
		{"doctor", "--file", "lists/other.toml"},
		{"doctor", "--file", "lists/other.toml", "--endpoint", closed},
		{"plan", "--file", "lists/other.toml", "--endpoint", closed},
	} {
		r := runRoster(t, dir, args...)
		out.WriteString(r.stdout + r.stderr)
	}
	// The auditor's site names the command that re-vets a member.
	if r := runRoster(t, dir, "site", "--file", "lists/other.toml", "--out", "site"); r.code != 0 {
		t.Fatalf("site: exit %d %s", r.code, r.stderr)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "site", "*.html"))
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("roster vet")) {
			out.WriteString(html.UnescapeString(string(data)))
		}
	}
	// Every command line the output names, quoted or not, is one a
	// person may copy: each carries the file.
	for _, m := range regexp.MustCompile(`roster (?:doctor|emulator|plan|sync|validate|vet|apply|audit|import|add|role|remove|fmt|history|show|diff)\b[^'\n;)]*`).FindAllString(out.String(), -1) {
		if !strings.Contains(m, "--file lists/other.toml") {
			t.Errorf("%q drops --file lists/other.toml", m)
		}
	}
	hints := regexp.MustCompile(`'(roster [^']+)'|with: (roster [^\n;)]+)|(roster apply [^\n]+)`).FindAllStringSubmatch(out.String(), -1)
	if len(hints) < 2 {
		t.Fatalf("found %d hints in:\n%s", len(hints), out.String())
	}
	placeholders := strings.NewReplacer("WHO", "amara-okafor", "METHOD", "video-call", "TEXT", "checked")
	for _, m := range hints {
		line := strings.TrimSpace(m[1] + m[2] + m[3])
		if !strings.Contains(line, "--file lists/other.toml") {
			t.Errorf("hint %q drops --file lists/other.toml", line)
		}
		if strings.Contains(line, "--by WHO") {
			// Run as printed, it says what only a person can write.
			if r := runRoster(t, dir, shellWords(line)[1:]...); !strings.Contains(r.stderr, "replace WHO with who vetted") || !strings.Contains(r.stderr, "video-call") {
				t.Errorf("hint %q, run as printed: %s", line, r.stderr)
			}
		}
		words := shellWords(placeholders.Replace(line))[1:]
		if words[0] == "emulator" {
			continue // it would serve until stopped
		}
		live := map[string]bool{"plan": true, "sync": true, "apply": true, "audit": true, "import": true}
		if live[words[0]] && !strings.Contains(line, "--emulator") {
			t.Errorf("hint %q drops --emulator", line)
		}
		if words[0] == "apply" && !strings.Contains(line, "--call-timeout 45s") {
			t.Errorf("hint %q drops the plan's --call-timeout 45s", line)
		}
		r := runRoster(t, dir, words...)
		for _, u := range usageErrors {
			if strings.Contains(r.stderr, u) {
				t.Errorf("hint %q is refused as printed: %s", line, r.stderr)
			}
		}
		if strings.Contains(r.stderr, "read members file") || strings.Contains(r.stderr, "credentials") {
			t.Errorf("hint %q ran outside its context: %s", line, r.stderr)
		}
	}
}

// TestJSONLogsMakeEveryStderrLineJSON: with --log-format json, notices,
// progress, findings and errors on stderr are all JSON records.
func TestJSONLogsMakeEveryStderrLineJSON(t *testing.T) {
	dir := t.TempDir()
	closed := closedEndpoint(t)
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(string(exampleFile(t))+"\n[[member]]\nemail = \"newcomer@example.org\"\nname = \"N\"\naffiliation = \"E\"\nlists = { advance-warning = \"member\" }\n"))
	for _, args := range [][]string{
		{"--log-format", "json", "validate"},
		{"--log-format", "json", "validate", "--format", "json"},
		{"--log-format", "json", "validate", "--format", "github"},
		{"--log-format", "json", "plan", "--emulator"},
		{"--log-format", "json", "--verbose", "plan", "--emulator"},
		{"--log-format", "json", "sync", "--emulator"},
		{"--log-format", "json", "sync", "--emulator", "--list", "nosuch"},
		{"--log-format", "json", "diff", "nosuchrev"},
		// Refused before any command runs, or before its flags parse:
		// --log-format json itself parsed.
		{"--log-format", "json", "nosuchcmd"},
		{"nosuchcmd", "--log-format", "json"},
		{"--log-format", "json", "--nosuch", "validate"},
		{"--log-format=json", "--fil", "x.toml", "validate"},
		{"--log-format", "json", "validate", "--bogus"},
		{"validate", "--bogus", "--log-format", "json"},
		{"validate", "--log-format", "json", "extra"},
		// --log-format itself wrong after a json one: the refusal is
		// read by whatever asked for JSON.
		{"--log-format", "json", "validate", "--log-format"},
		{"validate", "--log-format", "json", "--log-format", "text"},
		{"--log-format", "json", "validate", "--log-format=xml"},
		{"--log-format", "json", "diff", "HEAD", "--exit-code", "--format", "xml"},
		{"--log-format", "json", "diff", "nosuchrev", "--exit-code"},
		{"--log-format", "json", "audit"},
		{"--log-format", "json", "review", "--base", "HEAD"},
		// doctor's checks fail: nothing listens there.
		{"--log-format", "json", "doctor", "--endpoint", closed},
	} {
		r := runRoster(t, dir, args...)
		if strings.TrimSpace(r.stderr) == "" {
			t.Errorf("%v printed nothing on stderr", args)
		}
		levels := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Errorf("%v: a stderr line is not JSON: %q", args, line)
			}
			levels[fmt.Sprint(rec["level"])] = true
			for _, k := range []string{"took", "wait"} {
				if v, ok := rec[k]; ok {
					if _, text := v.(string); !text {
						t.Errorf("%v: %s is %v, not a duration a person reads: %q", args, k, v, line)
					}
				}
			}
		}
		// A run that fails says why at level ERROR, where a filter on
		// the level finds it (diff --exit-code reports trouble as 2).
		failed := r.code == 1 || r.code == 2 && slices.Contains(args, "--exit-code")
		if failed && !levels["ERROR"] {
			t.Errorf("%v: exit %d with no ERROR record:\n%s", args, r.code, r.stderr)
		}
	}
}

// TestAHintKeepsJSONLogs: a hint printed by a run with --log-format
// json (before or after the command) repeats it, and, run as printed,
// every line it prints on stderr is JSON too.
func TestAHintKeepsJSONLogs(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), exampleFile(t))
	for _, args := range [][]string{
		{"--log-format", "json", "plan", "--emulator", "--out", "plan.json"},
		{"plan", "--emulator", "--out", "plan.json", "--log-format", "json"},
	} {
		r := runRoster(t, dir, args...)
		m := regexp.MustCompile(`apply it with: (roster apply [^"]+)`).FindStringSubmatch(r.stderr)
		if m == nil {
			t.Fatalf("%v: no apply hint in:\n%s", args, r.stderr)
		}
		if !strings.Contains(m[1], "--log-format json") {
			t.Errorf("%v: the hint %q drops --log-format json", args, m[1])
		}
		run := runRoster(t, dir, shellWords(m[1])[1:]...)
		for _, line := range strings.Split(strings.TrimSpace(run.stderr), "\n") {
			if !json.Valid([]byte(line)) {
				t.Errorf("%q, run as printed: a stderr line is not JSON: %q", m[1], line)
			}
		}
	}
}

// TestTextLogsReadLikeRostersOtherLines: the records --verbose (and
// retries) log in text start with "roster: " like every other line on
// stderr, with no timestamp of their own, and durations as people read
// them.
func TestTextLogsReadLikeRostersOtherLines(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), exampleFile(t))
	r := runRoster(t, dir, "--verbose", "plan", "--emulator")
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if !strings.Contains(line, "level=") {
			continue
		}
		n++
		if !strings.HasPrefix(line, "roster: level=") || strings.Contains(line, "time=") || regexp.MustCompile(`took=\d+ `).MatchString(line+" ") {
			t.Errorf("a log record reads %q", line)
		}
	}
	if n == 0 {
		t.Errorf("--verbose logged nothing:\n%s", r.stderr)
	}
}

// TestFlagsAfterDashesAreArguments: after "--", a word that looks like
// a global flag is an argument, also after an unknown command.
func TestFlagsAfterDashesAreArguments(t *testing.T) {
	r := runRoster(t, t.TempDir(), "nosuchcmd", "--", "--log-format", "json")
	if !strings.HasPrefix(r.stderr, "roster: unknown command") {
		t.Errorf("stderr: %q", r.stderr)
	}
}

// TestCompletionNeverRuns: whatever the words typed so far, completion
// prints candidates and runs no command; it completes flags (after "--"
// too), list ids and addresses from the file.
func TestCompletionNeverRuns(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), exampleFile(t))
	tests := []struct {
		words []string
		want  []string
		not   []string
	}{
		// The last word is the one being completed ("" for nothing yet).
		{[]string{"sync", "--emulator", "--"}, []string{"--dry-run", "--changed-since"}, nil},
		{[]string{"sync", "--emulator", "--list", ""}, []string{"advance-warning", "security-reports"}, nil},
		{[]string{"sync", "--emulator", "--list", "adv"}, []string{"advance-warning"}, []string{"security-reports"}},
		{[]string{"add", "--list", ""}, []string{"security-reports:owner"}, nil},
		{[]string{"vet", ""}, []string{"amara.okafor@example.org"}, nil},
		{[]string{"role", "--list", "advance-warning", "chen.wei@example.org", ""}, []string{"owner", "manager", "member"}, nil},
		// Role and remove offer who is on the list; add, who is not.
		{[]string{"role", "--list", "security-reports", ""}, []string{"chen.wei@example.org"}, []string{"dana.whitfield@example.org"}},
		{[]string{"remove", "--list=security-reports", ""}, []string{"amara.okafor@example.org"}, []string{"elif.demir@example.org"}},
		{[]string{"add", "--list", "security-reports:member", ""}, []string{"dana.whitfield@example.org"}, []string{"chen.wei@example.org"}},
		{[]string{"remove", ""}, []string{"dana.whitfield@example.org", "chen.wei@example.org"}, nil},
		// --by offers who may vet for the member's lists (advance-warning:
		// a manager or an owner), as vet checks.
		{[]string{"vet", "dana.whitfield@example.org", "--by", ""}, []string{"amara-okafor", "chenwei-sec"}, []string{"elif.demir@example.org", "farid.haddad@example.org", "elifdemir"}},
		// add --list L checks the record against L: its vetters (an owner
		// of security-reports), not those of the member's lists now.
		{[]string{"add", "dana.whitfield@example.org", "--list", "security-reports", "--by", ""}, []string{"amara-okafor", "bjorn-halvorsen"}, []string{"chenwei-sec", "elifdemir"}},
		{[]string{"pla"}, []string{"plan"}, []string{"sync"}},
		// "roster help" takes a command's name; it prints no help here.
		{[]string{"help", ""}, []string{"validate", "plan"}, []string{"NAME:", "USAGE:"}},
		{[]string{"help", "pl"}, []string{"plan"}, []string{"sync", "NAME:"}},
		{[]string{"help", "plan", ""}, nil, []string{"NAME:", "plan"}},
		// After "--", arguments, never flags.
		{[]string{"remove", "--", ""}, []string{"dana.whitfield@example.org"}, []string{"--list"}},
		{[]string{"remove", "--", "--"}, nil, []string{"--list", "--help"}},
		{[]string{""}, []string{"validate", "review", "site"}, nil},
		{[]string{"--"}, []string{"--log-format"}, nil},
		// Only the formats the command accepts.
		{[]string{"validate", "--format", ""}, []string{"text", "json", "github"}, []string{"csv", "markdown"}},
		{[]string{"plan", "--format", ""}, []string{"text", "json", "markdown"}, []string{"csv", "github"}},
		{[]string{"diff", "HEAD", "--format", ""}, []string{"markdown"}, []string{"csv", "github"}},
		{[]string{"audit", "--format", ""}, []string{"csv", "markdown"}, []string{"github"}},
		{[]string{"sync", "--format=j"}, []string{"--format=json"}, []string{"json"}},
		// A flag's value, not the argument after it.
		{[]string{"vet", "--method", ""}, []string{"video-call", "known-maintainer"}, []string{"amara.okafor@example.org"}},
		{[]string{"vet", "chen.wei@example.org", "--by", "amara.okafor@example.org", "--method", "v"}, []string{"video-call"}, []string{"amara.okafor@example.org"}},
		{[]string{"add", "--list", "security-reports", "--method", ""}, []string{"video-call"}, []string{"security-reports"}},
		// Never the member being vetted, who may not vet themself.
		{[]string{"vet", "chen.wei@example.org", "--by", ""}, []string{"amara-okafor"}, []string{"chenwei-sec"}},
		{[]string{"--file", ""}, nil, []string{"validate", "plan"}},
		{[]string{"plan", "--out", ""}, nil, []string{"amara.okafor@example.org"}},
		{[]string{"--file", "members.toml", "va"}, []string{"validate"}, nil},
		{[]string{"--file", "members.toml", "vet", ""}, []string{"amara.okafor@example.org"}, nil},
		// A value written --flag=VALUE, and a list with its role.
		{[]string{"plan", "--list=adv"}, []string{"--list=advance-warning"}, []string{"advance-warning"}},
		{[]string{"add", "--list", "security-reports:o"}, []string{"security-reports:owner"}, []string{"security-reports:member"}},
	}
	for _, tt := range tests {
		args := append(append([]string{}, tt.words...), completionFlag)
		r := runRoster(t, dir, args...)
		if r.code != 0 {
			t.Errorf("%v: exit %d %s", tt.words, r.code, r.stderr)
		}
		got := strings.Fields(r.stdout)
		for _, w := range tt.want {
			if !contains(got, w) {
				t.Errorf("%v: completes %v, want %q among them", tt.words, got, w)
			}
		}
		for _, w := range tt.not {
			if contains(got, w) {
				t.Errorf("%v: completes %q", tt.words, w)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".roster")); err == nil {
		t.Error("completing `roster sync --emulator --` ran the sync: .roster/ exists")
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestStrayArgumentsAreRefused: an argument a command does not take is a
// usage error on every command, never silently ignored.
func TestStrayArgumentsAreRefused(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), exampleFile(t))
	for _, args := range [][]string{
		{"validate", "/some/other.toml"},
		{"plan", "extra"}, {"sync", "extra"}, {"audit", "extra"}, {"history", "extra"},
		{"import", "--list", "advance-warning", "extra"}, {"fmt", "extra"}, {"doctor", "extra"},
		{"review", "--base", "HEAD", "extra"}, {"site", "--out", "x", "extra"}, {"show", "--at", "HEAD", "extra"},
		{"vet", "a@example.org", "b@example.org"}, {"diff", "a", "b", "c"}, {"apply", "a.json", "b.json"},
		{"completion", "bash", "zsh"}, {"emulator", "extra"},
	} {
		r := runRoster(t, dir, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "argument") {
			t.Errorf("%v: exit %d %q", args, r.code, r.stderr)
		}
	}
	if r := runRoster(t, dir, "validate", "/some/other.toml"); !strings.Contains(r.stderr, "--file /some/other.toml") {
		t.Errorf("validate FILE does not say to use --file: %s", r.stderr)
	}
	// The hint runs as printed in the same context: against the
	// emulator it was given, never the real domain.
	if r := runRoster(t, dir, "sync", "--emulator", "lists/members.toml"); !strings.Contains(r.stderr, "roster sync --file lists/members.toml --emulator") {
		t.Errorf("sync --emulator FILE drops --emulator from its hint: %s", r.stderr)
	}
	if r := runRoster(t, dir, "role", "--file", "lists/m.toml", "--list", "reports:owner", "a@example.org"); !strings.Contains(r.stderr, "roster role a@example.org --list reports owner --file lists/m.toml") {
		t.Errorf("role --list ID:ROLE drops --file from its hint: %s", r.stderr)
	}
	if r := runRoster(t, dir, "sycn"); r.code != 1 || !strings.Contains(r.stderr, `did you mean "sync"`) {
		t.Errorf("a mistyped command: exit %d %s", r.code, r.stderr)
	}
}

// TestAMembersFileNamedOtherThanTOMLIsRefused: every command that reads
// a members file refuses one whose name does not end in .toml, from
// --file or $ROSTER_FILE, before it reads anything: review finds the
// groups other members files manage among the repository's *.toml, and
// a file by another name would manage groups no review sees (s17-19).
func TestAMembersFileNamedOtherThanTOMLIsRefused(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "team.roster"), exampleFile(t))
	n := 0
	for _, s := range commands(&env{}) {
		if !slices.ContainsFunc(s.flags, func(f cli.Flag) bool { return slices.Contains(f.Names(), "file") }) {
			continue
		}
		n++
		args := []string{s.name}
		for range s.minArgs {
			args = append(args, "x")
		}
		for _, f := range s.flags {
			if r, ok := f.(cli.RequiredFlag); ok && r.IsRequired() {
				args = append(args, "--"+f.Names()[0], "x")
			}
		}
		for _, how := range []string{"--file", "ROSTER_FILE"} {
			var r result
			if how == "--file" {
				r = runRoster(t, dir, append(args, "--file", "team.roster")...)
			} else {
				r = runRosterEnv(t, dir, map[string]string{"ROSTER_FILE": "team.roster"}, args...)
			}
			if r.code == 0 || !strings.Contains(r.stderr, "team.roster: a members file's name ends in .toml") {
				t.Errorf("%v with %s: exit %d\n%s%s", args, how, r.code, r.stdout, r.stderr)
			}
		}
	}
	if n < 15 {
		t.Errorf("only %d commands take --file", n)
	}
	// A link named *.toml to a file by another name is no file review
	// reads (git stores the link); a directory is no file at all
	// (s17-delta findings 1 and 7).
	if err := os.Symlink("team.roster", filepath.Join(dir, "team.toml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "lists"), 0o755); err != nil {
		t.Fatal(err)
	}
	for file, says := range map[string]string{"team.toml": "team.roster: a members file's name ends in .toml", "lists": "lists is a directory: give the members file in it (--file lists/members.toml)", "lists/": "is a directory"} {
		for _, cmd := range []string{"validate", "sync", "review"} {
			if r := runRoster(t, dir, cmd, "--file", file); r.code == 0 || !strings.Contains(r.stderr, says) {
				t.Errorf("%s --file %s: exit %d\n%s%s", cmd, file, r.code, r.stdout, r.stderr)
			}
		}
	}
	// A link of one's own to a *.toml file is followed, as the
	// workspace follows it: the CLI and the library give one answer.
	writeFile(t, filepath.Join(dir, "real", "members.toml"), exampleFile(t))
	if err := os.Symlink(filepath.Join(dir, "real", "members.toml"), filepath.Join(dir, "mine.toml")); err != nil {
		t.Fatal(err)
	}
	if r := runRoster(t, dir, "validate", "--file", "mine.toml"); r.code != 0 {
		t.Errorf("validate through a link of one's own: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Completion offers nothing from a file no command reads.
	r := runRosterEnv(t, dir, map[string]string{"ROSTER_COMPLETION_SHELL": "bash"}, "remove", "--file", "team.roster", "a", "--generate-bash-completion")
	if strings.Contains(r.stdout, "@example.org") {
		t.Errorf("completion offers addresses from team.roster:\n%s", r.stdout)
	}
}

// TestDiffExitCode: 0 the same, 1 differs, 2 could not compare.
func TestDiffExitCode(t *testing.T) {
	r := historytest.New(t)
	r.Commit("members.toml", string(exampleFile(t)), "The example (#1)")
	if res := runRoster(t, r.Dir, "diff", "HEAD", "--exit-code"); res.code != 0 {
		t.Errorf("the same: exit %d %s", res.code, res.stderr)
	}
	writeFile(t, filepath.Join(r.Dir, "members.toml"), []byte(strings.Replace(string(exampleFile(t)), `lists = { security-reports = "member"`, `lists = { security-reports = "owner"`, 1)))
	if res := runRoster(t, r.Dir, "diff", "HEAD", "--exit-code"); res.code != 1 {
		t.Errorf("differs: exit %d %s", res.code, res.stderr)
	}
	if res := runRoster(t, r.Dir, "diff", "nosuchrev", "--exit-code"); res.code != 2 || !strings.Contains(res.stderr, "nosuchrev") {
		t.Errorf("an unknown revision: exit %d %s", res.code, res.stderr)
	}
	if res := runRoster(t, r.Dir, "diff", "nosuchrev"); res.code != 1 {
		t.Errorf("an unknown revision without --exit-code: exit %d", res.code)
	}
	// A command line that cannot compare is trouble too, never "differs".
	for _, args := range [][]string{
		{"diff", "HEAD", "--exit-code", "--format", "xml"},
		{"diff", "HEAD", "--exit-code", "--bogus"},
		{"diff", "--bogus", "HEAD", "--exit-code"},
		{"--bogus", "diff", "HEAD", "--exit-code"},
		{"diff", "HEAD", "HEAD~1", "HEAD", "--exit-code"},
		{"diff", "--exit-code"},
		{"diff", "HEAD", "--exit-code", "--list", "nosuch"},
		{"diff", "HEAD", "--exit-code", "--format"},
	} {
		if res := runRoster(t, r.Dir, args...); res.code != 2 || res.stderr == "" {
			t.Errorf("%v: exit %d, want 2 %s", args, res.code, res.stderr)
		}
		without := slices.DeleteFunc(slices.Clone(args), func(a string) bool { return a == "--exit-code" })
		if res := runRoster(t, r.Dir, without...); res.code != 1 {
			t.Errorf("%v: exit %d, want 1 %s", without, res.code, res.stderr)
		}
	}
	if res := runRoster(t, r.Dir, "diff", "HEAD", "--exit-code=false", "--bogus"); res.code != 1 {
		t.Errorf("--exit-code=false: exit %d, want 1", res.code)
	}
}

// bashWords splits a command line as bash 5.2 splits COMP_WORDS with
// its default COMP_WORDBREAKS: at spaces, and around each run of ':',
// '=' and '@'.
func bashWords(line string) []string {
	var words []string
	for _, f := range strings.Fields(line) {
		for f != "" {
			i := strings.IndexAny(f, ":=@")
			switch {
			case i < 0:
				words, f = append(words, f), ""
			case i > 0:
				words, f = append(words, f[:i]), f[i:]
			default:
				n := len(f) - len(strings.TrimLeft(f, ":=@"))
				words, f = append(words, f[:n]), f[n:]
			}
		}
	}
	if strings.HasSuffix(line, " ") {
		words = append(words, "")
	}
	return words
}

// completionRepo is a directory with the example members file, with
// o'brien@example.org added (an address a shell needs quoted), and
// another, in a directory whose name a shell needs quoted, with the list
// quoted-list; and a directory of PATH holding roster, for the shells'
// scripts to run.
func completionRepo(t *testing.T) (dir, bin string) {
	t.Helper()
	dir = t.TempDir()
	obrien := "\n[[member]]\nemail = \"o'brien@example.org\"\nlists = { advance-warning = \"member\" }\n"
	writeFile(t, filepath.Join(dir, "members.toml"), append(exampleFile(t), obrien...))
	if err := os.Mkdir(filepath.Join(dir, "my lists"), 0o755); err != nil {
		t.Fatal(err)
	}
	other := strings.ReplaceAll(string(exampleFile(t)), "advance-warning", "quoted-list")
	writeFile(t, filepath.Join(dir, "my lists", "members.toml"), []byte(other))
	if err := os.Mkdir(filepath.Join(dir, "it's"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "it's", "members.toml"), []byte(strings.ReplaceAll(string(exampleFile(t)), "advance-warning", "apostrophe-list")))
	bin = t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(bin, "roster"), []byte("#!/bin/sh\nexec "+shell.Quote(self)+" \"$@\"\n"))
	if err := os.Chmod(filepath.Join(bin, "roster"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, bin
}

// inShell runs a shell's command line in dir, with bin (completionRepo's
// roster) first on PATH, and returns what it printed.
func inShell(t *testing.T, dir, bin, sh string, args ...string) string {
	t.Helper()
	cmd := exec.Command(sh, args...)
	cmd.Dir = dir
	cmd.Env = asMain("PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return string(out)
}

// TestBashCompletionWordBreaks runs the bash script as bash runs it,
// with COMP_WORDS split at ':', '=' and '@' (bash's default
// COMP_WORDBREAKS): "--list=a", "security-reports:o" and an address
// begun complete, to what readline replaces (after the break, or from
// the '@'), and a whole address counts as one word (role's next argument is a role).
func TestBashCompletionWordBreaks(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir, bin := completionRepo(t)
	script := runRoster(t, dir, "completion", "bash").stdout
	tests := []struct {
		line  string
		want  []string
		words []string // COMP_WORDS, when not bashWords(line): quotes stay in them
	}{
		{"roster plan --list=a", []string{"advance-warning"}, nil},
		{"roster plan --file 'my lists/members.toml' --list q", []string{"quoted-list"},
			[]string{"roster", "plan", "--file", "'my lists/members.toml'", "--list", "q"}},
		{`roster plan --file="my lists/members.toml" --list q`, []string{"quoted-list"},
			[]string{"roster", "plan", "--file", "=", `"my lists/members.toml"`, "--list", "q"}},
		{`roster plan --file my\ lists/members.toml --list q`, []string{"quoted-list"},
			[]string{"roster", "plan", "--file", `my\ lists/members.toml`, "--list", "q"}},
		{"roster plan --list=", []string{"advance-warning", "security-reports"}, nil},
		{"roster add --list security-reports:", []string{"manager", "member", "owner"}, nil},
		{"roster add --list security-reports:ow", []string{"owner"}, nil},
		{"roster add --list sec", []string{"security-reports", "security-reports:manager", "security-reports:member", "security-reports:owner"}, nil},
		{"roster validate --format ", []string{"github", "json", "text"}, nil},
		{"roster --file ", nil, nil},
		{"roster pla", []string{"plan"}, nil},
		// bash inserts what it is given as it is: an apostrophe comes
		// escaped, and the word typed so escaped completes again.
		{"roster remove o", []string{`o\'brien@example.org`}, nil},
		{`roster remove o\'b`, []string{`o\'brien@example.org`}, nil},
		{"roster remove --list advance-warning o", []string{`o\'brien@example.org`}, nil},
		// An address is split at '@', which readline replaces with what
		// follows it (TestBashCompletionInReadline).
		{"roster remove chen.wei@exa", []string{"@example.org"}, nil},
		{`roster remove o\'brien@e`, []string{"@example.org"}, nil},
		{"roster history --member chen.wei@exa", []string{"@example.org"}, nil},
		{"roster remove chen.wei@", []string{"@example.org"}, nil},
		{"roster role --list security-reports chen.wei@example.org ", []string{"manager", "member", "owner"}, nil},
		{"roster role chen.wei@example.org --list security-reports ", []string{"manager", "member", "owner"}, nil},
		// A word begun with a quote completes too (bash keeps the quote
		// in the word; roster reads it as the shell will).
		{"roster remove 'o", []string{`o\'brien@example.org`}, []string{"roster", "remove", "'o"}},
		{`roster validate --format "j`, []string{"json"}, []string{"roster", "validate", "--format", `"j`}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			t.Parallel() // a shell of its own
			words := tt.words
			if words == nil {
				words = bashWords(tt.line)
			}
			var quoted []string
			for _, w := range words {
				quoted = append(quoted, shell.Quote(w))
			}
			prog := script + fmt.Sprintf("COMP_LINE=%s; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(%s); COMP_CWORD=%d\n",
				shell.Quote(tt.line), strings.Join(quoted, " "), len(words)-1) +
				"_roster_complete; printf '%s\\n' \"${COMPREPLY[@]}\"\n"
			got := strings.Fields(inShell(t, dir, bin, bash, "--norc", "--noprofile", "-c", prog))
			sort.Strings(got)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("COMP_WORDS %q (-want +got):\n%s", words, diff)
			}
		})
	}
}

// TestZshCompletion runs the zsh script in zsh, with zsh's words as a
// completion widget gets them (quotes kept) and _describe and _files
// standing in for the completion system, which needs a terminal: list
// ids and roles complete, a ':' in a candidate reaches _describe escaped
// (it splits value:description), a quoted --file is read, and nothing to
// offer falls back to file names.
func TestZshCompletion(t *testing.T) {
	t.Parallel()
	zsh, err := exec.LookPath("zsh")
	if err != nil {
		t.Skip("no zsh")
	}
	dir, bin := completionRepo(t)
	script := runRoster(t, dir, "completion", "zsh").stdout
	tests := []struct {
		words []string
		want  []string
	}{
		{[]string{"roster", "plan", "--list", ""}, []string{"advance-warning", "security-reports"}},
		{[]string{"roster", "add", "--list", "security-reports:o"}, []string{`security-reports\:owner`}},
		{[]string{"roster", "plan", "--file", "'my lists/members.toml'", "--list", "q"}, []string{"quoted-list"}},
		{[]string{"roster", "plan", "--file", `it\'s/members.toml`, "--list", "a"}, []string{"apostrophe-list"}},
		{[]string{"roster", "pl"}, []string{"plan"}},
		{[]string{"roster", "--file", ""}, []string{"FILES"}},
		// compadd quotes what it inserts; the word as typed is read
		// without its quotes.
		{[]string{"roster", "remove", "o"}, []string{"o'brien@example.org"}},
		{[]string{"roster", "remove", `o\'b`}, []string{"o'brien@example.org"}},
		{[]string{"roster", "remove", `"o'b`}, []string{"o'brien@example.org"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.words, " "), func(t *testing.T) {
			t.Parallel() // a shell of its own
			var quoted []string
			for _, w := range tt.words {
				quoted = append(quoted, shell.Quote(w))
			}
			prog := "compdef() { :; }\n_describe() { print -rl -- \"${(@P)2}\"; }\n_files() { print FILES; }\n" + script +
				fmt.Sprintf("words=(%s); CURRENT=%d; _roster\n", strings.Join(quoted, " "), len(tt.words))
			got := strings.Fields(inShell(t, dir, bin, zsh, "-f", "-c", prog))
			sort.Strings(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("words %q (-want +got):\n%s", tt.words, diff)
			}
		})
	}
}

// TestFishCompletion asks fish itself (complete -C completes a command
// line as the shell would) with the fish script loaded.
func TestFishCompletion(t *testing.T) {
	t.Parallel()
	fish, err := exec.LookPath("fish")
	if err != nil {
		t.Skip("no fish")
	}
	dir, bin := completionRepo(t)
	script := filepath.Join(t.TempDir(), "roster.fish")
	writeFile(t, script, []byte(runRoster(t, dir, "completion", "fish").stdout))
	tests := []struct {
		line string
		want []string
	}{
		{"roster plan --list ", []string{"advance-warning", "security-reports"}},
		{"roster add --list security-reports:o", []string{"security-reports:owner"}},
		{"roster plan --file 'my lists/members.toml' --list q", []string{"quoted-list"}},
		{`roster plan --file my\ lists/members.toml --list q`, []string{"quoted-list"}},
		// A quote in the path: fish hands the word over without its
		// quotes, which are not taken off again.
		{`roster plan --file it\'s/members.toml --list a`, []string{"apostrophe-list"}},
		{`roster plan --file "it's/members.toml" --list a`, []string{"apostrophe-list"}},
		{"roster pl", []string{"plan"}},
		{"roster --file my", []string{"my lists/"}},
		// fish escapes what it inserts; the word as typed is read
		// without its quotes.
		{"roster remove o", []string{"o'brien@example.org"}},
		{`roster remove o\'b`, []string{"o'brien@example.org"}},
		{`roster remove 'o`, []string{"o'brien@example.org"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			t.Parallel() // a shell of its own
			out := inShell(t, dir, bin, fish, "--no-config", "-c", "source "+shell.Quote(script)+"; complete -C "+shell.Quote(tt.line))
			// complete -C prints "candidate<TAB>description".
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				got = append(got, strings.SplitN(l, "\t", 2)[0])
			}
			sort.Strings(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tt.line, diff)
			}
		})
	}
}

// TestAnEndpointFromTheEnvironmentIsCarried: an endpoint given as a
// one-off prefix (ROSTER_GOOGLE_ENDPOINT=... roster plan) is gone when
// a printed hint runs, which would reach Google itself: the hint writes
// it out as --endpoint, as it writes --file for $ROSTER_FILE.
func TestAnEndpointFromTheEnvironmentIsCarried(t *testing.T) {
	d := newDomain(t, emulator.Options{}, "")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), exampleFile(t))
	r := runRosterEnv(t, dir, d.vars(), "plan", "--out", "plan.json")
	want := "roster apply plan.json --endpoint " + d.url
	if !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, want %q in:\n%s", r.code, want, r.stderr)
	}
	// The subject too: without it, the hint would run as no admin.
	vars := d.vars()
	vars["ROSTER_GOOGLE_SUBJECT"] = "admin@example.org"
	r = runRosterEnv(t, dir, vars, "plan", "--out", "plan.json")
	if want := "--subject admin@example.org"; !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, want %q in:\n%s", r.code, want, r.stderr)
	}
}

// TestCompletionReadsTheFileRosterWill: a leading ~ in --file's own word
// is home (the shell expands it before roster reads it); after --file=
// no shell expands it, and roster would read ./~/…: completion offers
// nothing from home then.
func TestCompletionReadsTheFileRosterWill(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	writeFile(t, filepath.Join(home, "members.toml"), exampleFile(t))
	dir := t.TempDir()
	for _, sh := range []string{"bash", "zsh", "fish"} {
		for _, tt := range []struct {
			args []string
			want bool
		}{
			{[]string{"--file", "~/members.toml"}, true},
			{[]string{"--file=~/members.toml"}, false},
			{[]string{"--file", "$HOME/members.toml"}, true},
			{[]string{"--file", `"${HOME}/members.toml"`}, sh != "fish"}, // fish hands words over unquoted
			{[]string{"--file", "'$HOME/members.toml'"}, false},
		} {
			args := append(slices.Clone(tt.args), "plan", "--list", "", "--generate-bash-completion")
			r := runRosterEnv(t, dir, map[string]string{"HOME": home, completionShellVar: sh}, args...)
			if got := strings.Contains(r.stdout, "advance-warning"); got != tt.want {
				t.Errorf("%s: roster %q offered %q, want the home file's lists: %v", sh, args, r.stdout, tt.want)
			}
		}
	}
}

// TestGitDirIgnoredIsSaidByEveryCommandThatNeedsHistory: with GIT_DIR
// set (which roster ignores) in a directory git does not reach, every
// command refused for want of history says the variable is ignored and
// what to do, not only "not in a git repository".
func TestGitDirIgnoredIsSaidByEveryCommandThatNeedsHistory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), exampleFile(t))
	for _, args := range [][]string{{"history"}, {"diff", "HEAD"}, {"show", "--at", "HEAD"}} {
		r := runRosterEnv(t, dir, map[string]string{"GIT_DIR": "/srv/roster.git"}, args...)
		if r.code == 0 || !strings.Contains(r.stderr, "GIT_DIR is set, which roster ignores") {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
}

// closedEndpoint is the URL of a loopback port nothing listens on: one
// the system gave out and took back (a fixed port, even 1, may be some
// other test's or program's).
func closedEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/"
}
