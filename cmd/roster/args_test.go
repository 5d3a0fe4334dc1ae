package main

import (
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReorder: flags written anywhere reach their command; values that
// look like flags stay values; "--" still ends the flags.
func TestReorder(t *testing.T) {
	app := newApp(&env{}, rawStreams{out: io.Discard, err: io.Discard})
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
		{"add --list reports:owner -l announce new@example.org", "add --list=reports:owner -l=announce -- new@example.org"},
		{"validate", "validate"},
		{"--help", "--help"},
		{"completion bash", "completion -- bash"},
	}
	for _, tt := range tests {
		got := strings.Join(reorder(app, append([]string{"roster"}, strings.Fields(tt.in)...))[1:], " ")
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestFlagsAfterArguments runs the forms people type, and roster's own
// hints print, end to end.
func TestFlagsAfterArguments(t *testing.T) {
	r := histRepo(t)
	res := runRoster(t, r.Dir, "diff", "HEAD~4", "--format", "markdown")
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
}

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
	// The completion itself, as the shell asks for it: a process (the
	// library reads os.Args), listing commands, then a command's flags.
	for args, want := range map[string]string{"--generate-bash-completion": "doctor", "plan --f --generate-bash-completion": "--format"} {
		cmd := exec.Command(os.Args[0], strings.Fields(args)...)
		cmd.Env = append(os.Environ(), "ROSTER_TEST_AS_MAIN=1")
		out, err := cmd.Output()
		if err != nil || !strings.Contains(string(out), want) {
			t.Errorf("%s: %v\n%s", args, err, out)
		}
	}
}
