package members

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a place in a members file. Line and Col start at 1; Col counts
// bytes, as editors and GitHub annotations do. Offset is the byte offset
// from the start of the file, for tools that edit it.
type Pos struct {
	Line, Col, Offset int
}

// IsValid reports whether the position points into a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String renders the position as "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// ErrorKind says what an Error is about: the TOML itself, or what the
// TOML says.
type ErrorKind string

// The kinds of Error.
const (
	// KindSyntax is TOML that does not parse: nothing after it was read.
	KindSyntax ErrorKind = "syntax"
	// KindSchema is TOML that parses into something members.toml does
	// not hold (an unknown key, a wrong type, a bad value).
	KindSchema ErrorKind = "schema"
)

// Error is one problem found while reading a members file. It names the
// file and position so that editors, CI logs and GitHub annotations can
// point at it, and the element it concerns ("member ada@example.org").
type Error struct {
	File    string
	Pos     Pos
	Subject string // the list, policy or member concerned; may be empty
	Kind    ErrorKind
	Msg     string
	// Member and List are the email of the member (as written) and the
	// id of the list the error concerns, when it concerns one of them
	// by name: a reader that sorts errors by member or list reads these,
	// never the words of Subject ("member at line 14" names nobody).
	Member, List string
}

// Error is the message with its position.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Pos.IsValid() {
		fmt.Fprintf(&b, ":%d:%d", e.Pos.Line, e.Pos.Col)
	}
	b.WriteString(": ")
	if e.Subject != "" {
		b.WriteString(e.Subject)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in one file, in file order. Parse
// returns all of them at once rather than stopping at the first, so that a
// pull request gets one complete review.
type ErrorList []*Error

// Error is every error, one per line.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap is the list's errors, as errors.Join's are: a printer that
// writes each on its own line finds them, and errors.As a *Error.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Pos.Line != l[j].Pos.Line {
			return l[i].Pos.Line < l[j].Pos.Line
		}
		return l[i].Pos.Col < l[j].Pos.Col
	})
}
