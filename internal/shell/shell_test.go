package shell_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/roster-dev/roster/internal/shell"
)

// TestQuoteRunsAsOneWord: whatever a word holds, the shell reads the
// quoted form back as exactly that word, and runs nothing in it. A word
// with a control character is $'...', which bash (and zsh, ksh) read,
// where people paste what roster prints.
func TestQuoteRunsAsOneWord(t *testing.T) {
	sh, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	words := []string{
		"ada@example.org", "o'brien@example.org", "x`touch pwned`@example.org", "a$(id)b@example.org", "$HOME@example.org",
		"a|b&c*d!e@example.org", "-dash@example.org", "zoë@bücher.de", "my file.toml", "", "tab\there", `back\slash`, "a\"b",
		"new\nline's", "esc\x1b[31m\\x", "c1\u0085next", "mem\u200bbers.toml", "rtl\u202eeman", "bad\xffbyte", "line\u2028sep", "=alice@example.org",
	}
	for _, w := range words {
		q := shell.Quote(w)
		cmd := exec.Command(sh, "-c", "printf '%s' "+q)
		cmd.Env = append(cmd.Environ(), "LC_ALL=C") // a shell reads \x escapes in any locale
		out, err := cmd.Output()
		if err != nil || string(out) != w {
			t.Errorf("Quote(%q) = %s: sh read %q, %v", w, q, out, err)
		}
		if w != "" && !strings.HasPrefix(q, "$'") && strings.Contains(strings.ReplaceAll(q, `\'`, ""), "'") {
			t.Errorf("Quote(%q) = %s: a quote would end the message around it", w, q)
		}
	}
}

func TestCommand(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"ada@example.org", "--by", "WHO"}, "roster vet ada@example.org --by WHO"},
		{[]string{"-dash@example.org", "--by", "WHO", "--note", "a b"}, `roster vet --by WHO --note a\ b -- -dash@example.org`},
		{[]string{"-x@example.org", "--list", "reports", "owner", "--emulator"}, "roster vet --list reports --emulator -- -x@example.org owner"},
		{[]string{"x`id`@example.org"}, "roster vet x\\`id\\`@example.org"},
		{[]string{"--x@example.org", "--by", "WHO"}, "roster vet --by WHO -- --x@example.org"},
		{[]string{"--file=x@example.org"}, "roster vet -- --file=x@example.org"},
	}
	for _, tt := range tests {
		if got := shell.Command("vet", tt.args...); got != tt.want {
			t.Errorf("Command(vet, %q) = %s, want %s", tt.args, got, tt.want)
		}
	}
}

// TestUnquote: the word a completion script hands over, quoted as typed,
// is the file name the shell would pass.
func TestUnquote(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"members.toml", "members.toml"},
		{"'my members.toml'", "my members.toml"},
		{`"my members.toml"`, "my members.toml"},
		{`my\ members.toml`, "my members.toml"},
		{`"a\"b\x"`, `a"b\x`},
		{`'it'\''s'`, "it's"},
		{"~/lists/members.toml", "/home/me/lists/members.toml"},
		{"~other/members.toml", "~other/members.toml"},
		{"'~/x'", "~/x"},
		{"$HOME/x", "$HOME/x"},
		{"'unterminated", "unterminated"},
	} {
		if got := shell.Unquote(tt.in, "/home/me"); got != tt.want {
			t.Errorf("Unquote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
