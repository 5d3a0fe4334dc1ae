package report_test

import (
	"bytes"
	"encoding/json"
	"github.com/roster-dev/roster/internal/visible"
	"html"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/roster-dev/roster/report"
)

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ada@example.org", "ada@example.org"},
		{"Zoë Ångström", "Zoë Ångström"},
		{"line one\nline two", `line one\nline two`},
		{"\x1b[2J\x1b]0;pwned\x07", `\x1b[2J\x1b]0;pwned\x07`},
		{"tab\there\rcr", `tab\there\rcr`},
		{"right\u202eto left", `right\u202eto left`},
		{"zero\u200bwidth", `zero\u200bwidth`},
		{"c1\u009bcontrol", `c1\u009bcontrol`},
		{"bad \xff byte", `bad \xff byte`},
		{"sep\u2028arator", `sep\u2028arator`},
		{"tag\U000E0041s", `tag\udb40\udc41s`},
		{"cgj\u034fvs\ufe0f", `cgj\u034fvs\ufe0f`},
	}
	for _, tt := range tests {
		if got := report.Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMDCannotForge: whatever a field holds, it stays inside the cell or
// item it is printed in: no new paragraph, no mention, no link, no HTML
// comment that hides the rest, no table row.
func TestMDCannotForge(t *testing.T) {
	for _, in := range []string{
		"fine\n\n✅ approved by @ada-example\n\n",
		"x | y | z\n|---|",
		"<!-- hide the rest",
		"[click](https://evil.example)",
		"`code` *bold* _em_ # heading",
		"@everyone ping",
		"\r\n- list item",
	} {
		got := report.MD(in)
		if strings.Contains(strings.ReplaceAll(got, `\](`, ""), "](") {
			t.Errorf("MD(%q) = %q can be a link", in, got)
		}
		for _, bad := range []string{"\n", "\r", "<!--", "@e", "@a", "`code`"} {
			if strings.Contains(got, bad) {
				t.Errorf("MD(%q) = %q contains %q", in, got, bad)
			}
		}
		for i := 0; i < len(got); i++ {
			if got[i] == '|' && (i == 0 || got[i-1] != '\\') {
				t.Errorf("MD(%q) = %q has an unescaped |", in, got)
			}
		}
	}
}

// TestMDStartsNoBlock: a field at the start of a list item's line can
// start no ordered list ("1.", "2)") and no indented code block (four
// spaces), which would change the comment's structure around it.
func TestMDStartsNoBlock(t *testing.T) {
	for in, want := range map[string]string{
		"1. **Approved**: every change": `1\. \*\*Approved\*\*`,
		"12) x":                         `12\) x`,
		"     x/.gitattributes":         `&#32;&#32;&#32;&#32;&#32;x/.gitattributes`,
		"2026-12-04 12:30":              "2026-12-04 12:30",
		"v1.2":                          "v1.2",
	} {
		if got := report.MD(in); !strings.HasPrefix(got, want) {
			t.Errorf("MD(%q) = %q, want it to start %q", in, got, want)
		}
	}
}

// TestMDShowsInvisibleCharacters: an invisible character (a zero-width
// space, a bidi override) is written as a visible escape, never as a
// character reference that GitHub renders back into the invisible
// character, so "an\u200bn@" never reads as "ann@".
func TestMDShowsInvisibleCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"an\u200bn@example.org":   `an\u200bn@`,
		"evil\u202egro.elpmaxe@x": `evil\u202egro`,
		"tag\U000e0041x":          `tag\udb40\udc41x`,
		"bell\x07":                `bell\x07`,
	} {
		got := report.MD(in)
		if !strings.Contains(got, want) || strings.Contains(got, "&#") {
			t.Errorf("MD(%q) = %q, want it to contain %q", in, got, want)
		}
		for _, r := range got {
			if r != '\u200b' && visible.Unsafe(r) {
				t.Errorf("MD(%q) = %q keeps %U", in, got, r)
			}
		}
	}
}

// TestMDNoAutolinkOrEmoji: text GitHub would render as a link or an
// emoji outside markdown's own syntax (bare URLs, "www." hosts, "GH-1",
// ":shortcode:") reads the same but renders as itself.
func TestMDNoAutolinkOrEmoji(t *testing.T) {
	bare := regexp.MustCompile(`(?i)https?://|www\.|(?:^|[^a-z0-9_])gh-[0-9]|:[a-z0-9_+-]+:|@[0-9a-f]{7,40}\b`)
	for _, in := range []string{
		"x :white_check_mark: Approved, see https://evil.example/roster/approved or www.evil.example GH-1 :shipit:",
		":+1: ok", "WWW.evil.example", "(https://evil.example)", "gh-12", ":100:",
		"2026:shipit:", "10:30:+1:", "5:100: done",
		"octocat@a5c3785ed8d6a35868bc169f07e40e889087fd2e", "jlord/sheetsee.js@a5c3785 ok", "octocat@A5C3785ED",
	} {
		got := report.MD(in)
		text := rendered(got)
		if m := bare.FindString(text); m != "" {
			t.Errorf("MD(%q) = %q renders %q", in, got, m)
		}
		if plain := strings.ReplaceAll(text, "\u200b", ""); plain != in {
			t.Errorf("MD(%q) reads %q", in, plain)
		}
	}
}

func TestMDKeepsPlainText(t *testing.T) {
	for in, want := range map[string]string{
		"lin@example.org":          "lin@example.org",
		"Zoë Ångström (Example)":   "Zoë Ångström (Example)",
		"- lin (member)":           `\- lin (member)`,
		"vetted by @ada on 2026":   "vetted by @&#8203;ada on 2026",
		"see #12 and $x$":          `see #&#8203;12 and \$x\$`,
		"security-reports":         "security-reports",
		"at 12:30, mygh-1, awww.x": "at 12:30, mygh-1, awww.x",
	} {
		if got := report.MD(in); got != want {
			t.Errorf("MD(%q) = %q, want %q", in, got, want)
		}
	}
}

// liveMention is GitHub's mention pattern, (?:^|\W)@handle with ASCII
// \w, as it applies to the text a markdown renders to.
var liveMention = regexp.MustCompile(`(?:^|[^A-Za-z0-9_])@[A-Za-z0-9]`)

// rendered is roughly the text GitHub reads mentions in: MD's backslash
// escapes and HTML entities undone.
func rendered(md string) string {
	var b strings.Builder
	for i := 0; i < len(md); i++ {
		if md[i] == '\\' && i+1 < len(md) && strings.IndexByte("\\`*_{}[]()#+-.!|$~=:<>", md[i+1]) >= 0 {
			i++
		}
		b.WriteByte(md[i])
	}
	return html.UnescapeString(b.String())
}

// TestMDMentionsAsGitHubDoes: GitHub counts only ASCII letters, digits
// and '_' as word characters before an '@', so "-@bob-x", ".@x", "+@x"
// and "é@ada-x" are mentions and must be broken (a commit author's
// email reaches the comment's notes and ❌ lines as typed); an address
// such as lin@example.org reads as itself.
func TestMDMentionsAsGitHubDoes(t *testing.T) {
	for in, want := range map[string]string{
		"-@bob-x":                   `\-@&#8203;bob-x`,
		"x-@bob-x":                  "x-@&#8203;bob-x",
		".@x":                       ".@&#8203;x",
		"a.@x":                      "a.@&#8203;x",
		"+@x":                       `\+@&#8203;x`,
		"a+@x":                      "a+@&#8203;x",
		"é@ada-x":                   "é@&#8203;ada-x",
		"ß@ada-x and 3@x":           "ß@&#8203;ada-x and 3@x",
		"lin@example.org":           "lin@example.org",
		"lin_2@example.org":         `lin\_2@example.org`,
		"a commit is by z-@ada-x, ": "a commit is by z-@&#8203;ada-x, ",
	} {
		if got := report.MD(in); got != want {
			t.Errorf("MD(%q) = %q, want %q", in, got, want)
		}
	}
	// Whatever comes before the '@', what GitHub reads has no mention.
	for r := rune(0); r < 0x3000; r++ {
		in := "x" + string(r) + "@ada-x"
		if got := rendered(report.MD(in)); liveMention.MatchString(got) {
			t.Errorf("MD(%q) renders as %q, a live mention", in, got)
		}
	}
}

func TestCodeCannotEscape(t *testing.T) {
	got := report.Code("a`b``c\nd")
	if !strings.HasPrefix(got, "```") || strings.Contains(got, "\n") {
		t.Errorf("Code = %q", got)
	}
}

// TestGuard: no line written through the guard starts a workflow
// command or carries a control character, however the bytes are split
// across writes.
func TestGuard(t *testing.T) {
	in := "ok line\n::add-mask::secret\n  ::error::forged\n##[set-env name=X]1\nname \x1b[31mred\x1b[0m\nnot ::a command\n:single colon\n#comment\n" +
		// The runner's older syntax anywhere in a line, and the newer one
		// after any space it trims.
		"note: x##[error]forged\n#[x] ### [y]\n\u00a0::error::a\n\u3000\u2002::add-mask::b\n"
	want := "ok line\n\\::add-mask::secret\n  \\::error::forged\n##\\u005bset-env name=X]1\nname \\x1b[31mred\\x1b[0m\nnot ::a command\n:single colon\n#comment\n" +
		"note: x##\\u005berror]forged\n#[x] ### [y]\n\u00a0\\::error::a\n\u3000\u2002\\::add-mask::b\n"
	for _, chunk := range []int{1, 2, 3, 7, len(in)} {
		var b bytes.Buffer
		g := report.Guard(&b)
		for i := 0; i < len(in); i += chunk {
			end := min(i+chunk, len(in))
			if _, err := g.Write([]byte(in[i:end])); err != nil {
				t.Fatal(err)
			}
		}
		if err := report.Flush(g); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("chunks of %d:\n got %q\nwant %q", chunk, b.String(), want)
		}
	}
}

// TestGuardKeepsJSON: JSON written through the guard reads back as it
// was, "##[" in a value included.
func TestGuardKeepsJSON(t *testing.T) {
	in := map[string]string{"note": "##[error]x ##[add-mask]y", "subject": "::warning::z", "name": "Eve \u202egnp.exe \U000E0041\U000E0042 ok", "del": "Remove dana (#42)\x7f"}
	var b bytes.Buffer
	g := report.Guard(&b)
	if err := json.NewEncoder(g).Encode(in); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "##[") || strings.ContainsAny(b.String(), "\u202e\U000E0041") {
		t.Errorf("a command or an invisible character got through: %s", b.String())
	}
	var got map[string]string
	if err := json.Unmarshal(b.Bytes(), &got); err != nil || got["note"] != in["note"] || got["subject"] != in["subject"] || got["name"] != in["name"] || got["del"] != in["del"] {
		t.Errorf("read back %v, %v from %s", got, err, b.String())
	}
}

func TestGuardKeepsUTF8AcrossWrites(t *testing.T) {
	var b bytes.Buffer
	g := report.Guard(&b)
	s := "Zoë — ✅ done\n"
	for i := 0; i < len(s); i++ {
		_, _ = g.Write([]byte{s[i]})
	}
	if b.String() != s {
		t.Errorf("got %q", b.String())
	}
}

func TestRevealNamesLookAlikes(t *testing.T) {
	got := report.Reveal("oth\u0435r@example.org")
	if !strings.Contains(got, "U+0435") || !strings.Contains(got, "Cyrillic") {
		t.Errorf("Reveal = %q", got)
	}
	if got := report.Reveal("other@example.org"); got != "other@example.org" {
		t.Errorf("plain address changed: %q", got)
	}
}

// TestRevealNamesLookAlikesAMaskShows: an address a pull request's plan
// masks ("о…@example.org") shows one letter and the domain: a look-alike
// among them is named as anywhere else; roster's own "…" is not one.
func TestRevealNamesLookAlikesAMaskShows(t *testing.T) {
	for _, s := range []string{"\u043e…@example.org", "o…@ex\u0430mple.org"} {
		if got := report.Reveal(s); !strings.Contains(got, "Cyrillic") {
			t.Errorf("Reveal(%q) = %q", s, got)
		}
	}
	if got := report.Reveal("o…@example.org"); got != "o…@example.org" {
		t.Errorf("a plain mask changed: %q", got)
	}
}

func TestAnnotationOneCommand(t *testing.T) {
	got := report.Annotation("error", "members.toml", 3, 1, "roster x", "note\n::add-mask::x")
	if strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, "::error ") {
		t.Errorf("Annotation = %q", got)
	}
}

// TestUnguarded: what roster builds itself passes as it is, after what
// the guard held back (made harmless), and under the guard's lock: run
// with -race, writers on both sides of one buffer never race.
func TestUnguarded(t *testing.T) {
	var buf bytes.Buffer
	g := report.Guard(&buf)
	raw := report.Unguarded(g)
	io.WriteString(g, "::")
	io.WriteString(raw, "::notice::built by roster\n")
	io.WriteString(g, "::error::from a field\n")
	want := "\\::" + "::notice::built by roster\n" + "\\::error::from a field\n"
	if got := buf.String(); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if w := report.Unguarded(&buf); w != io.Writer(&buf) {
		t.Error("Unguarded of a plain writer is not the writer itself")
	}
	buf.Reset()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := g
			if i%2 == 0 {
				w = raw
			}
			for range 100 {
				io.WriteString(w, "line\n")
			}
		}()
	}
	wg.Wait()
	if got := strings.Count(buf.String(), "line\n"); got != 400 {
		t.Errorf("%d whole lines, want 400", got)
	}
}

// TestCodeCellKeepsItsCell: a value with a "|" stays in its markdown
// table cell.
func TestCodeCellKeepsItsCell(t *testing.T) {
	if got := report.CodeCell("A|B`C"); strings.Contains(strings.ReplaceAll(got, `\|`, ""), "|") {
		t.Errorf("CodeCell = %q", got)
	}
}

// TestMDBreaksReferencesGitHubFindsAfterRendering: issue references and
// bare commit hashes are linked by GitHub in the rendered text, where a
// backslash is gone; a zero-width space stops them, and numbers and
// words made of hex letters read as written.
func TestMDBreaksReferencesGitHubFindsAfterRendering(t *testing.T) {
	for in, want := range map[string]string{
		"see #1 and o/r#2":        "see #&#8203;1 and o/r#&#8203;2",
		"fixed in a5c3785ed8d6":   "fixed in a&#8203;5c3785ed8d6",
		"A5C3785 upper":           "A&#8203;5C3785 upper",
		"on 20261203, 1234567890": "on 20261203, 1234567890",
		"defaced beef":            "defaced beef",
		"x#1 #a":                  "x#&#8203;1 \\#a",
	} {
		if got := report.MD(in); got != want {
			t.Errorf("MD(%q) = %q, want %q", in, got, want)
		}
	}
}
