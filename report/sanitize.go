package report

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/roster-dev/roster/internal/visible"
	"github.com/roster-dev/roster/plan"
)

// Every field roster prints comes from the members file, git, GitHub or
// Google, and each of those is written by someone who may want to forge
// output: a vetting note with a newline and "✅ approved by @owner", a
// name with an ESC sequence that rewrites the terminal, a subject that
// starts a GitHub workflow command ("::add-mask::", "::error::"). One
// escaper per medium handles every field: Line for terminals and logs,
// MD for markdown, the workflow-command escapes for annotations, and
// html/template for pages. Guard sits under all terminal output as the
// last line of defence.

// Line makes s safe to print as part of one terminal line
// (visible.Line): control characters (newline and tab included), DEL,
// C1 controls, invisible characters (bidi overrides, zero-width joiners,
// variation selectors) and line separators are shown escaped ("\n",
// "\x1b", "\u202e"), and invalid UTF-8 bytes as "\xNN". Printable
// text, non-ASCII letters included, is unchanged.
func Line(s string) string { return visible.Line(s) }

// Reveal is Line for an email address or another identifier a person
// compares by eye: besides Line's escapes, a non-ASCII letter that could
// pass for an ASCII one is named after it ("othеr@example.org [е is
// U+0435 CYRILLIC SMALL LETTER IE]"), so that a live look-alike of a
// file entry never prints exactly like it.
func Reveal(s string) string {
	return Line(s) + RevealNote(s)
}

// RevealPath is a path of nested groups ("team@ > tеam@"), each
// address Revealed: a group whose letters pass for another's is marked
// wherever the path is printed.
func RevealPath(via []string) string {
	out := make([]string, len(via))
	for i, g := range via {
		out[i] = Reveal(g)
	}
	return strings.Join(out, " > ")
}

// RevealNote is what Reveal adds to s: "" for plain ASCII, else " [non-
// ASCII: ...]" naming each letter that could pass for an ASCII one; for
// a message that quotes an address, printed after it.
func RevealNote(s string) string { return plan.LookalikeNote(s) }

// MD escapes s for any place in GitHub-flavoured markdown outside code:
// table cells, list items, paragraphs, headings. Line breaks become
// spaces (a field can never start a paragraph, a list item or a table
// row of its own); HTML, emphasis, links, images, issue references,
// math and table pipes are escaped; an '@' that would mention someone,
// an emoji shortcode and a bare URL GitHub would link ("https://",
// "www.", "GH-1") are broken with a zero-width space; a leading list or
// heading marker ("-", "+", "1.", "2)") is escaped, and leading spaces
// are written as character references, which no renderer reads as the
// indent of a code block or a nested list. So no field can forge
// "✅ approved by @owner", a link, an HTML comment that hides the rest
// of the comment, or a ping; a plain address reads as itself.
func MD(s string) string {
	var b strings.Builder
	prev := ' '
	i := 0
	for i < len(s) && s[i] == ' ' {
		b.WriteString("&#32;")
		i++
	}
	if n := leadingOrdinal(s[i:]); n > 0 {
		// "1." or "2)" starts an ordered list: the delimiter escaped.
		b.WriteString(s[i : i+n-1])
		b.WriteByte('\\')
		b.WriteByte(s[i+n-1])
		i += n
	}
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		start := i == 0
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteString("\uFFFD")
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			b.WriteByte(' ')
			r = ' '
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '@' && (!isWordRune(prev) || commitRef(s[i:])):
			// A zero-width space after '@' breaks GitHub's mention
			// syntax, and its commit reference (user@SHA,
			// user/repo@SHA); the text still reads the same.
			b.WriteString("@" + zeroWidth)
		case r == '|':
			b.WriteString(`\|`)
		case r == '#' && i < len(s) && '0' <= s[i] && s[i] <= '9':
			// GitHub finds issue references ("#12", "o/r#12") in the
			// rendered text, after a backslash is gone: only a
			// zero-width space stops them.
			b.WriteString("#" + zeroWidth)
		case !isWordRune(prev) && commitRef(s[i-size:]) && mixedHex(s[i-size:]):
			// A bare commit hash (7 to 40 hexadecimal digits) links to
			// that commit: broken after its first digit, it reads the
			// same and links nowhere.
			b.WriteRune(r)
			b.WriteString(zeroWidth)
		case strings.ContainsRune("\\`*_[]#$~", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == ':':
			// A zero-width space after a colon before a word breaks an
			// emoji shortcode (":white_check_mark:" would render as
			// the tick a verdict shows) and a bare URL's scheme, which
			// GitHub would make a link.
			if start {
				b.WriteByte('\\')
			}
			b.WriteByte(':')
			// A time's colon ("12:30") is left alone: digits on both
			// sides, and no colon closing them as a shortcode (":100:").
			next, _ := utf8.DecodeRuneInString(s[i:])
			if (isWordRune(next) || strings.ContainsRune("/+-", next)) && !timeColon(prev, s[i:]) {
				b.WriteString(zeroWidth)
			}
		case r == '.' && autolinkHost(s[:i-size]):
			// "www." starts a link GitHub makes of bare text.
			b.WriteString(zeroWidth + ".")
		case r == '-' && issueRef(s[:i-size], s[i:]):
			// "GH-12" links to issue 12.
			b.WriteString("-" + zeroWidth)
		case start && strings.ContainsRune("-+=!", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case visible.Unsafe(r):
			// Written as a visible escape ("\u200b"), never as a
			// character reference: GitHub turns "&#x200b;" back into
			// the invisible character, and "an&#x200b;n@" would read
			// as the file's ann@.
			b.WriteString(visible.Escape(r))
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// leadingOrdinal is the length of an ordered list's marker s starts
// with (1 to 9 digits, then '.' or ')'), or 0.
func leadingOrdinal(s string) int {
	n := 0
	for n < len(s) && n < 10 && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	if n == 0 || n > 9 || n >= len(s) || (s[n] != '.' && s[n] != ')') {
		return 0
	}
	return n + 1
}

// commitRef reports whether rest, after an '@', starts as GitHub's
// commit reference does: 7 to 40 hexadecimal digits, then no word
// character.
func commitRef(rest string) bool {
	n := 0
	for n < len(rest) && n <= 40 && (('0' <= rest[n] && rest[n] <= '9') || ('a' <= rest[n] && rest[n] <= 'f') || ('A' <= rest[n] && rest[n] <= 'F')) {
		n++
	}
	return n >= 7 && n <= 40 && (n == len(rest) || !isWordRune(rune(rest[n])))
}

// mixedHex reports whether the run of hexadecimal digits s starts with
// has both a decimal digit and a letter, as a commit hash has: a
// number (a date, a count) or a word ("defaced") is left as written.
func mixedHex(s string) bool {
	digit, letter := false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digit = true
		case 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
			letter = true
		default:
			return digit && letter
		}
	}
	return digit && letter
}

// timeColon reports whether a colon between prev and rest is a time's
// ("12:30"): digits on both sides, the digits after it not closed by a
// colon, which would make them an emoji shortcode (":100:").
func timeColon(prev rune, rest string) bool {
	if prev < '0' || prev > '9' {
		return false
	}
	n := 0
	for n < len(rest) && '0' <= rest[n] && rest[n] <= '9' {
		n++
	}
	return n > 0 && (n == len(rest) || rest[n] != ':')
}

// zeroWidth is a zero-width space as an HTML entity: it reads as
// nothing, and GitHub's mentions, emoji and autolinks stop at it.
const zeroWidth = "&#8203;"

// autolinkHost reports whether before (the text before a '.') ends in
// the word "www", which GitHub links with what follows.
func autolinkHost(before string) bool {
	n := len(before)
	if n < 3 || !strings.EqualFold(before[n-3:], "www") {
		return false
	}
	return n == 3 || !isWordRune(rune(before[n-4]))
}

// issueRef reports whether a '-' between before and after is that of
// "GH-12", GitHub's other spelling of an issue reference.
func issueRef(before, after string) bool {
	n := len(before)
	if n < 2 || !strings.EqualFold(before[n-2:], "gh") || (n > 2 && isWordRune(rune(before[n-3]))) {
		return false
	}
	return after != "" && '0' <= after[0] && after[0] <= '9'
}

// isWordRune reports whether r, just before an '@', keeps GitHub from
// reading a mention: GitHub's pattern is (?:^|\W)@handle with ASCII \w,
// so only ASCII letters, digits and '_' do. After anything else ('-',
// '.', '+', 'é', a space) "@handle" pings its person. An email address
// (lin@example.org) keeps its '@' as typed.
func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
}

// Code renders s as an inline code span that no backtick in s can close
// early, on one line (Line escapes its line breaks): for addresses and
// values a reader copies.
func Code(s string) string {
	s = Line(s)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// CodeCell is Code for a markdown table cell: GitHub splits cells at a
// "|" even inside a code span, unless it is escaped.
func CodeCell(s string) string { return strings.ReplaceAll(Code(s), "|", `\|`) }

// Guard returns a writer that passes w's output through unchanged except
// that it can never carry a terminal control sequence, an invisible
// character that changes how text reads, or a GitHub Actions workflow
// command: what Line escapes, other than newline and tab, is escaped as
// Line escapes it (escapes a JSON string reads back as the character); a line whose first non-blank characters
// (blank as the runner trims: any Unicode space) are "::" gets a
// backslash in front; and "##[", which the runner's older syntax finds
// anywhere in a line, is written "##\u005b", an escape that JSON reads
// back as "[" and a person still reads. Renderers escape every field
// already; Guard makes a forgotten one harmless. Writes are serialised.
func Guard(w io.Writer) io.Writer {
	if g, ok := w.(*guard); ok {
		return g
	}
	return &guard{w: w, atStart: true}
}

type guard struct {
	mu      sync.Mutex
	w       io.Writer
	atStart bool
	hashes  int    // how many '#' were written last, up to 2
	pending []byte // the start of a line, until it is known not to be a command
	carry   []byte // an incomplete UTF-8 sequence from the previous write
}

// Write filters p; it reports len(p) written when the underlying writer
// took everything it was given.
func (g *guard) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	data := p
	if len(g.carry) > 0 {
		data = append(g.carry, p...)
		g.carry = nil
	}
	var out []byte
	for i := 0; i < len(data); {
		if !utf8.FullRune(data[i:]) {
			g.carry = append([]byte(nil), data[i:]...)
			break
		}
		r, size := utf8.DecodeRune(data[i:])
		piece := data[i : i+size]
		i += size
		var esc []byte
		switch {
		case r == utf8.RuneError && size <= 1:
			esc = fmt.Appendf(nil, `\x%02x`, piece[0])
		case r == '\n' || r == '\t':
			esc = piece
		case visible.Unsafe(r):
			esc = []byte(visible.Escape(r))
		case r == '[' && g.hashes >= 2:
			esc = []byte(`\u005b`)
		default:
			esc = piece
		}
		if r == '#' {
			g.hashes = min(g.hashes+1, 2)
		} else {
			g.hashes = 0
		}
		out = g.emit(out, esc, r)
	}
	if _, err := g.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// emit appends one (escaped) rune to out, holding back the start of a
// line until it is clear whether it would be a workflow command.
func (g *guard) emit(out, esc []byte, r rune) []byte {
	if !g.atStart {
		out = append(out, esc...)
		if r == '\n' {
			g.atStart = true
		}
		return out
	}
	g.pending = append(g.pending, esc...)
	if r == '\n' {
		out = append(out, g.pending...)
		g.pending = g.pending[:0]
		return out
	}
	trimmed := strings.TrimLeftFunc(string(g.pending), unicode.IsSpace)
	switch {
	case trimmed == "" || trimmed == ":":
		return out // not decided yet
	case strings.HasPrefix(trimmed, "::"):
		lead := len(g.pending) - len(trimmed)
		out = append(out, g.pending[:lead]...)
		out = append(out, '\\')
		out = append(out, trimmed...)
	default:
		out = append(out, g.pending...)
	}
	g.pending = g.pending[:0]
	g.atStart = false
	return out
}

// Flush writes what Guard holds back: the undecided start of a last line
// with no newline.
func Flush(w io.Writer) error {
	g, ok := w.(*guard)
	if !ok {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	rest := append(g.pending, g.carry...)
	g.pending, g.carry = nil, nil
	if len(rest) == 0 {
		return nil
	}
	_, err := g.w.Write([]byte(Line(string(rest))))
	return err
}

// Unguarded returns a writer to the same destination as w without the
// guard's filter, for output roster builds itself that must pass as it
// is: an Annotation (a workflow command by design), a progress line
// redrawn in place. When w is a Guard, its writes take the guard's lock,
// so they never interleave with guarded output; and what the guard held
// back is written first, with a backslash in front when it could start
// a command. The guarded line after it counts as a new line.
func Unguarded(w io.Writer) io.Writer {
	if g, ok := w.(*guard); ok {
		return unguarded{g}
	}
	return w
}

type unguarded struct{ g *guard }

func (u unguarded) Write(p []byte) (int, error) {
	g := u.g
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []byte
	if rest := append(g.pending, g.carry...); len(rest) > 0 {
		line := Line(string(rest))
		if t := strings.TrimLeftFunc(line, unicode.IsSpace); t != "" {
			line = line[:len(line)-len(t)] + "\\" + t
		}
		out = append(out, line...)
	}
	g.pending, g.carry = g.pending[:0], nil
	g.atStart, g.hashes = true, 0
	out = append(out, p...)
	if _, err := g.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Annotation renders one GitHub workflow annotation ("::error
// file=members.toml,line=3,col=1,title=roster vetting-stale::message"),
// escaping every property and the message with the workflow-command
// encoding of @actions/core, so that no field ends the command or starts
// another. level is error, warning or notice.
func Annotation(level, file string, line, col int, title, msg string) string {
	props := "file=" + escapeProperty(file)
	if line > 0 {
		props += fmt.Sprintf(",line=%d,col=%d", line, col)
	}
	if title != "" {
		props += ",title=" + escapeProperty(title)
	}
	return "::" + level + " " + props + "::" + escapeData(Line(msg)) + "\n"
}

// roleLine is a role for a line of text. A role is the file's text (or
// Google's), not one of roster's words: validate refuses any other, but
// plan, diff and show still print a file that has one, so it is escaped
// like any other field.
func roleLine[R ~string](r R) string { return Line(string(r)) }

// roleMD is a role for a Markdown comment, escaped as roleLine says.
func roleMD[R ~string](r R) string { return MD(string(r)) }
