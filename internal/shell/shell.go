// Package shell writes the roster command lines that messages tell people
// to run, so that each runs as printed: every word quoted for a POSIX
// shell, whatever the file, git or Google put in it. An address may hold
// a backquote, a '$' or a '|' (RFC 5322 allows them), and a command a
// person pastes must never run one.
package shell

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/roster-dev/roster/internal/visible"
)

// Quote makes s one word of a POSIX shell command line. A word of safe
// characters is left as it is; any other ASCII punctuation gets a
// backslash, so that the word needs no quotes and can sit inside a
// message that puts the command between single quotes (a quote in it is
// \', which such a message's reader skips). An empty word is ”. A word
// with a control character is written $'...' with the character
// escaped (\t, \n, \x1b), as bash, zsh and ksh read it: in single
// quotes it would reach the terminal, where roster prints every control
// character escaped, so that what was pasted would hold a backslash and
// a letter instead.
func Quote(s string) string {
	if s == "" {
		return "''"
	}
	plain, control := true, false
	for _, r := range s {
		switch {
		case escaped(r):
			control = true
		case r >= 0x80, safe(r):
		default:
			plain = false
		}
	}
	switch {
	case control:
		return ansiC(s)
	case plain && s[0] == '=':
		// zsh expands a word that starts with '=' to a command's path.
		return `\` + s
	case plain:
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && !safe(r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ansiC is s as a $'...' word, its control characters, quotes and
// backslashes escaped.
func ansiC(s string) string {
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\' || r == '\'':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case escaped(r):
			// Bytes, not \u: a shell reads \u only in a UTF-8 locale.
			for _, c := range []byte(s[i : i+size]) {
				fmt.Fprintf(&b, `\x%02x`, c)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('\'')
	return b.String()
}

// escaped reports whether r is written escaped in a word: what the
// terminal would show escaped (a control or format character, a line
// separator, a byte that is no UTF-8), so that what is pasted reads back
// as it was.
func escaped(r rune) bool {
	return r < 0x20 || r == 0x7f || r == utf8.RuneError || visible.Unsafe(r)
}

func safe(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("@%+=:,./_-", r)
}

// Command is "roster SUB ARGS...", each word quoted. args are flags
// ("--name" followed by its value, unless the next word is a flag too)
// and positional words, in the order given; a flag is "--" and a name of
// lower-case letters and hyphens, as roster's are, so an address that
// starts with "--" (--x@example.org, --file=x@example.org) is a
// positional word. When a positional word starts with '-', the flags
// come first and the positional words after "--", so that none is read
// as a flag.
func Command(sub string, args ...string) string {
	var flags, words []string
	dash := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if isFlag(a) {
			flags = append(flags, a)
			if i+1 < len(args) && !isFlag(args[i+1]) {
				i++
				flags = append(flags, args[i])
			}
			continue
		}
		words = append(words, a)
		dash = dash || strings.HasPrefix(a, "-")
	}
	parts := []string{"roster", sub}
	if dash {
		for _, f := range flags {
			parts = append(parts, Quote(f))
		}
		parts = append(parts, "--")
		for _, w := range words {
			parts = append(parts, Quote(w))
		}
		return strings.Join(parts, " ")
	}
	for _, a := range args {
		parts = append(parts, Quote(a))
	}
	return strings.Join(parts, " ")
}

// isFlag reports whether a is a flag as roster writes its own: "--" and
// a lower-case name.
func isFlag(a string) bool {
	name, ok := strings.CutPrefix(a, "--")
	if !ok || name == "" || name[0] == '-' {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r == '-') {
			return false
		}
	}
	return true
}

// Unquote is the word a POSIX shell makes of w as a completion script
// sees it, before the shell has removed its quotes: 'a b', "a b" and
// a\ b are all "a b", and a leading ~/ is home. Completion reads the
// members file a line names (--file 'my members.toml'), and bash and zsh
// hand over the words as typed. What a shell would expand ($VAR,
// backquotes) is left as written: completion never runs anything.
func Unquote(w, home string) string {
	if home != "" && (w == "~" || strings.HasPrefix(w, "~/")) {
		w = home + w[1:]
	}
	if !strings.ContainsAny(w, `'"\`) {
		return w
	}
	var b strings.Builder
	quote := rune(0)
	escaped := false
	for _, r := range w {
		switch {
		case escaped:
			// Inside double quotes a backslash escapes only these.
			if quote == '"' && !strings.ContainsRune("$`\"\\\n", r) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
			escaped = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				b.WriteRune(r)
			}
		case r == '\\':
			escaped = true
		case quote == '"' && r == '"':
			quote = 0
		case quote == 0 && (r == '\'' || r == '"'):
			quote = r
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
