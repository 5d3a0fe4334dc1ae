package workspace

import (
	"slices"
	"strings"

	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// Context is what a command line was run with that a printed hint must
// repeat for the hinted command to run in the same context: the members
// file when it is not the default, and how to reach the live side.
type Context struct {
	// File is --file as given, "" for the default.
	File string
	// Live are the flags that reach the live side, as given
	// (["--emulator"], ["--endpoint", "http://127.0.0.1:8089/"],
	// ["--credentials", "key.json", "--subject", "admin@example.org"]).
	Live []string
	// Global are the flags every command takes that this run was given
	// (["--log-format", "json"]): a hint run without them would print
	// in another form than the lines around it.
	Global []string
}

// liveCommands are the commands that take the live flags.
var liveCommands = map[string]bool{"plan": true, "sync": true, "apply": true, "audit": true, "import": true, "doctor": true, "site": true}

// liveOnRequest are the live commands that read the live groups only
// with --live, and refuse the other live flags without it.
var liveOnRequest = map[string]bool{"audit": true, "site": true}

// hint renders a roster command line to print as advice, with the
// flags of this run's context that the command takes (see
// Context.Command). Every hint roster prints is built here, so that it
// runs as printed.
func (w *Workspace) hint(sub string, args ...string) string {
	return w.env.Context.Command(sub, args...)
}

// Command renders the roster command line sub args, with the flags of
// this context that the command takes, each argument quoted for a POSIX
// shell when it needs to be.
func (c Context) Command(sub string, args ...string) string {
	return shell.Command(sub, append(slices.Clone(args), c.flags(sub, slices.Contains(args, "--live"))...)...)
}

// flags are the flags of this context that sub takes, live telling
// whether its line has --live.
func (c Context) flags(sub string, live bool) []string {
	var out []string
	if c.File != "" {
		out = append(out, "--file", c.File)
	}
	if liveCommands[sub] && (!liveOnRequest[sub] || live) {
		// audit and site without --live read the file alone: the flags
		// that reach the groups would make the line fail ("add --live").
		out = append(out, c.Live...)
	}
	return append(out, c.Global...)
}

// inContext rewrites the command lines that lower packages embed in
// their messages ('roster vet EMAIL --by WHO ...') so that they carry
// this run's context too.
func (w *Workspace) inContext(msg string) string { return w.env.Context.Rewrite(msg) }

// Rewrite rewrites the command lines msg quotes ('roster vet EMAIL --by
// WHO ...', as lower packages write them) so that each carries this
// context's flags: a message any command prints runs as printed.
func (c Context) Rewrite(msg string) string {
	if c.File == "" && len(c.Live) == 0 && len(c.Global) == 0 {
		return msg
	}
	var b strings.Builder
	for {
		i := strings.Index(msg, "'roster ")
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		j := closingQuote(msg[i+1:])
		if j < 0 {
			b.WriteString(msg)
			return b.String()
		}
		line := msg[i+1 : i+1+j]
		fields := strings.Fields(line)
		b.WriteString(msg[:i+1])
		// A line already in context (rewritten once before) is left.
		already := strings.Contains(line, " --file ") || strings.Contains(line, " --emulator") || strings.Contains(line, " --endpoint ") || strings.Contains(line, " --log-format ")
		for _, flag := range c.Live {
			already = already || strings.HasPrefix(flag, "--") && strings.Contains(line, " "+flag+" ")
		}
		if len(fields) >= 2 && !already {
			b.WriteString(shell.Command(fields[1], c.flags(fields[1], slices.Contains(fields, "--live"))...))
			if rest := strings.TrimPrefix(line, "roster "+fields[1]); rest != "" {
				b.WriteString(rest)
			}
		} else {
			b.WriteString(line)
		}
		b.WriteByte('\'')
		msg = msg[i+1+j+1:]
	}
}

// withContext is err with the command lines its message quotes in this
// run's context (see inContext), still wrapping err.
func (w *Workspace) withContext(err error) error {
	msg := w.inContext(err.Error())
	if msg == err.Error() {
		return err
	}
	return &hinted{msg: msg, err: err}
}

// hinted is an error whose message carries this run's context.
type hinted struct {
	msg string
	err error
}

func (h *hinted) Error() string { return h.msg }
func (h *hinted) Unwrap() error { return h.err }

// check judges a file with policies.CheckWith, with the command lines in
// its messages ('roster vet ...') in this run's context, so that a hint
// runs as printed wherever it is shown: findings, a plan's BLOCKED lines,
// advice after an edit.
func (w *Workspace) check(f *members.File, opts policies.Options) []policies.Finding {
	fs := policies.CheckWith(f, opts)
	for i := range fs {
		fs[i].Message = w.inContext(fs[i].Message)
	}
	return fs
}

// closingQuote is the index of the quote that ends a command quoted in a
// message, skipping the \' that shell.Quote writes for a quote in a
// word; -1 when there is none.
func closingQuote(s string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\':
			i++
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '\'':
			// A $'...' word (shell.Quote's, for a control character):
			// its quotes are its own, and \' inside it is no end.
			for i += 2; i < len(s) && s[i] != '\''; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case s[i] == '\'':
			return i
		}
	}
	return -1
}
