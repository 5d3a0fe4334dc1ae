package members

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/roster-dev/roster/internal/shell"
)

// Edits of the lists a member is on: SetLists sets all of them, JoinList
// adds one, SetRole changes the role on one. Each changes only the bytes
// of the lists that change, in whatever form the member's lists are
// written (lists = { ... }, a [member.lists] table, lists.ID dotted
// keys): a file is edited as its author would, and a comment stays on the
// key it was written beside.

// SetLists sets a member's lists to the given ones, changing only what
// differs, in the form the lists are written in: a list they leave loses
// its pair from a lists = { ... } table, or its line from a
// [member.lists] table or dotted keys (with the comment at the end of
// that line, which was about it); a role that changes is rewritten where
// it is, as SetRole does; a list they join is added as JoinList adds
// it. Every other byte, comments included, stays. Lists they stay on
// keep their place in the file; new ones come after them.
//
// Leaving the last list keeps an empty lists = {} or [member.lists]
// table; dotted keys, which cannot be empty, are all removed, and the
// entry has no lists key left.
func (b *Batch) SetLists(email string, lists []Membership) error {
	roles := make(map[string]Role, len(lists))
	for _, ms := range lists {
		if err := checkMembership(ms.List, ms.Role); err != nil {
			return err
		}
		if _, dup := roles[ms.List]; dup {
			return fmt.Errorf("%w: list %s is given twice for %s; give each list once", ErrEdit, ms.List, email)
		}
		roles[ms.List] = ms.Role
	}
	m, err := b.editable(email)
	if err != nil {
		return err
	}
	if err := b.claim(m, partLists); err != nil {
		return err
	}
	// The lists after the edit, in the order the file will have them.
	var after, joined []Membership
	for _, ms := range m.Lists {
		if role, stay := roles[ms.List]; stay {
			after = append(after, Membership{List: ms.List, Role: role})
		}
	}
	for _, ms := range lists {
		if _, on := m.RoleOn(ms.List); !on {
			after = append(after, ms)
			joined = append(joined, ms)
		}
	}
	src := b.src
	form, at := listsForm(src, m)
	var ss []splice
	var drops [][2]int // the lines of lists left, with their comments
	switch form {
	case listsAbsent:
		if len(lists) == 0 {
			return nil // no lists key, and none to write
		}
		end := b.source().contentEnd(m.End)
		ss = []splice{{start: end, end: end, text: "lists = " + InlineLists(lists) + "\n"}}
	case listsInline:
		s, err := rewriteInlineLists(src, m, at, roles, joined)
		if err != nil {
			return err
		}
		ss = []splice{s}
	case listsTable, listsDotted: // one line per list
		for _, ms := range m.Lists {
			vs, ve, ok := valueAt(src, ms.Pos.Offset)
			if !ok {
				return fmt.Errorf("%w: cannot find the role of %s on %s at line %d; write it as %s = \"ROLE\" and run the command again", ErrEdit, m.Email, ms.List, ms.Pos.Line, quoteKey(ms.List))
			}
			role, stay := roles[ms.List]
			switch {
			case !stay:
				// The whole line goes, its comment with it: the
				// comment was about this list. Comment lines above
				// it stay; they may be about the lists below.
				start, end := lineStart(src, ms.Pos.Offset), lineEnd(src, ve)
				ss = append(ss, splice{start: start, end: end})
				drops = append(drops, [2]int{start, end})
			case role != ms.Role:
				ss = append(ss, splice{start: vs, end: ve, text: Quote(string(role))})
			}
		}
		if len(joined) > 0 {
			pairs := make([]string, len(joined))
			for i, ms := range joined {
				pairs[i] = quoteKey(ms.List) + " = " + Quote(string(ms.Role))
			}
			ss = append(ss, appendListLines(src, m, form, at, pairs))
		}
	}
	change := func(want *File) error {
		wm := memberIn(want, m)
		wm.Lists = after
		switch {
		case !wm.Has("lists"):
			wm.keys = withKeys(wm.keys, "lists")
		case form == listsDotted && len(after) == 0:
			wm.keys = withoutLists(wm)
		}
		return nil
	}
	if len(ss) == 0 {
		return nil // the lists are already these
	}
	b.dropped = append(b.dropped, drops...)
	for i, s := range ss {
		if i == 0 {
			b.add(s, change)
		} else {
			b.add(s, func(*File) error { return nil })
		}
	}
	return nil
}

// SetLists sets one member's lists; see Batch.SetLists.
func SetLists(f *File, src []byte, email string, lists []Membership) ([]byte, *File, error) {
	b := NewBatch(f, src)
	if err := b.SetLists(email, lists); err != nil {
		return nil, nil, err
	}
	return b.Apply()
}

// rewriteInlineLists returns the splice that makes a member's
// lists = { ... } hold, of its pairs, those roles names (with those
// roles), then the joined ones. Each pair kept is written as it was,
// quotes and spacing included; an inline table is one line and holds no
// comment, so nothing else is on what is replaced.
func rewriteInlineLists(src []byte, m *Member, at int, roles map[string]Role, joined []Membership) (splice, error) {
	open := at + bytes.IndexByte(src[at:lineEnd(src, at)], '{')
	end, ok := inlineTableEnd(src, open)
	if open < at || !ok {
		return splice{}, fmt.Errorf("%w: cannot find the lists of %s at line %d; write them on one line as lists = { ... } ('roster fmt' does) and run the command again", ErrEdit, m.Email, m.At("lists").Line)
	}
	if len(m.Lists) > 0 && multiLine(src, open, end) && keepsAll(m, roles) && len(joined) > 0 {
		// Only lists added: a line each after the last pair, every
		// other byte (comments between pairs too) as it was.
		var pairs []string
		for _, ms := range joined {
			pairs = append(pairs, quoteKey(ms.List)+" = "+Quote(string(ms.Role)))
		}
		return joinLines(src, m, end-1, pairs)
	}
	if len(m.Lists) > 0 && multiLine(src, open, end) && bytes.IndexByte(src[m.Lists[0].Pos.Offset:end], '#') >= 0 {
		// Rebuilt from its first separator, a table over lines would
		// lose the comments between its pairs.
		return splice{}, fmt.Errorf("%w: the lists of %s at line %d run over lines with comments between them, which this edit would lose; edit them by hand, or write them on one line as lists = { ... } and run the command again", ErrEdit, m.Email, m.At("lists").Line)
	}
	var parts []string
	sep := ", "
	head, tail := "{ ", " }"
	for i, ms := range m.Lists {
		vs, ve, ok := valueAt(src, ms.Pos.Offset)
		if !ok {
			return splice{}, fmt.Errorf("%w: cannot find the role of %s on %s at line %d", ErrEdit, m.Email, ms.List, ms.Pos.Line)
		}
		switch {
		case i == 0:
			head = lf(src[open:ms.Pos.Offset])
		case i == 1:
			// The author's separator, from between the first two.
			_, prevEnd, _ := valueAt(src, m.Lists[0].Pos.Offset)
			sep = lf(src[prevEnd:ms.Pos.Offset])
		}
		if i == len(m.Lists)-1 {
			tail = lf(src[ve:end])
		}
		if i == 0 && len(m.Lists) == 1 && multiLine(src, open, end) {
			// Over lines, a pair a line: the next one goes on a line of
			// its own, indented as this one.
			ls := lineStart(src, ms.Pos.Offset)
			sep = ",\n" + lf(src[ls:ms.Pos.Offset])
		}
		role, stay := roles[ms.List]
		switch {
		case !stay:
		case role != ms.Role:
			parts = append(parts, string(src[ms.Pos.Offset:vs])+Quote(string(role)))
		default:
			parts = append(parts, string(src[ms.Pos.Offset:ve]))
		}
	}
	for _, ms := range joined {
		parts = append(parts, quoteKey(ms.List)+" = "+Quote(string(ms.Role)))
	}
	text := "{}"
	if len(parts) > 0 {
		text = head + strings.Join(parts, sep) + tail
	}
	return splice{start: open, end: end, text: text}, nil
}

// appendListLines returns the splice that writes pairs ("id = \"role\"")
// as lines of a [member.lists] table or as dotted keys (lists.id = ...),
// after the member's last list and indented as it is.
func appendListLines(src []byte, m *Member, form, at int, pairs []string) splice {
	last, end := at, lineEnd(src, at)
	if n := len(m.Lists); n > 0 {
		last = m.Lists[n-1].Pos.Offset
		end = lineEnd(src, last)
		if _, ve, ok := valueAt(src, last); ok {
			end = lineEnd(src, ve)
		}
	}
	ls := lineStart(src, last)
	indent := src[ls : ls+len(src[ls:])-len(bytes.TrimLeft(src[ls:], " \t"))]
	var text strings.Builder
	if end == len(src) && (end == 0 || src[end-1] != '\n') {
		text.WriteString("\n")
	}
	for _, pair := range pairs {
		text.Write(indent)
		if form == listsDotted {
			text.WriteString("lists.")
		}
		text.WriteString(pair + "\n")
	}
	return splice{start: end, end: end, text: text.String()}
}

// withoutLists returns m's keys without lists: a member whose dotted
// lists.ID keys are all removed has none. Their positions are dropped
// too; only the copy an edit checks itself against is given them.
func withoutLists(m *Member) []keyAt {
	var names []string
	for _, k := range memberKeys {
		if k != "lists" && m.Has(k) {
			names = append(names, k)
		}
	}
	return withKeys(nil, names...)
}

// JoinList puts a member already in the file on one more list, with a
// role, changing nothing else: in a lists = { ... } table the pair goes
// before the '}', under a [member.lists] table it is a new line after its
// last, in dotted keys a new lists.ID line after the last; a member with
// no lists key gets one. Every comment stays where it was. A member
// already on the list with that role is left as is; with another role,
// it is refused (see SetRole).
func (b *Batch) JoinList(email, list string, role Role) error {
	if err := checkMembership(list, role); err != nil {
		return err
	}
	m, err := b.editable(email)
	if err != nil {
		return err
	}
	if was, on := m.RoleOn(list); on {
		if was == role {
			return nil
		}
		return fmt.Errorf("%w: %s is already on %s as %s; change the role instead with '%s'", ErrEdit, m.Email, list, was, shell.Command("role", m.Email, "--list", list, string(role)))
	}
	if err := b.claim(m, partLists); err != nil {
		return err
	}
	src := b.src
	pair := quoteKey(list) + " = " + Quote(string(role))
	var s splice
	switch form, at := listsForm(src, m); form {
	case listsAbsent:
		end := b.source().contentEnd(m.End)
		s = splice{start: end, end: end, text: "lists = { " + pair + " }\n"}
	case listsTable, listsDotted:
		// A line like the last membership's, after it.
		s = appendListLines(src, m, form, at, []string{pair})
	default:
		open := at + bytes.IndexByte(src[at:lineEnd(src, at)], '{')
		closing, ok := inlineTableEnd(src, open)
		if open < at || !ok {
			return fmt.Errorf("%w: cannot find the lists of %s at line %d; write them on one line as lists = { ... } ('roster fmt' does) and run the command again", ErrEdit, m.Email, m.At("lists").Line)
		}
		closing-- // the '}'
		if multiLine(src, open, closing+1) {
			var err error
			if s, err = joinLines(src, m, closing, []string{pair}); err != nil {
				return err
			}
			break
		}
		last := closing
		for last > open+1 && (src[last-1] == ' ' || src[last-1] == '\t') {
			last--
		}
		switch {
		case last == open+1: // {}
			s = splice{start: open + 1, end: closing, text: " " + pair + " "}
		case src[last-1] == ',':
			s = splice{start: last, end: last, text: " " + pair}
		default:
			s = splice{start: last, end: last, text: ", " + pair}
		}
	}
	b.add(s, func(want *File) error {
		wm := memberIn(want, m)
		wm.Lists = append(append([]Membership(nil), wm.Lists...), Membership{List: list, Role: role})
		if !wm.Has("lists") {
			wm.keys = withKeys(wm.keys, "lists")
		}
		return nil
	})
	return nil
}

// lf is text of the file as a splice writes it: with "\n" line endings,
// which the splice writes as the file's own (a CRLF file's "\r\n").
func lf(text []byte) string { return strings.ReplaceAll(string(text), "\r\n", "\n") }

// keepsAll reports whether roles keeps every list of m in its role.
func keepsAll(m *Member, roles map[string]Role) bool {
	for _, ms := range m.Lists {
		if r, ok := roles[ms.List]; !ok || r != ms.Role {
			return false
		}
	}
	return true
}

// joinLines returns the splice that writes pairs as lines of m's lists =
// { ... } table written over lines, whose '}' is at closing: on the lines
// after its last pair (before the comment lines that close the table),
// indented and followed by a comma as that pair is (a comma put after it
// when it has none). Every comment stays.
func joinLines(src []byte, m *Member, closing int, pairs []string) (splice, error) {
	ls := lineStart(src, closing)
	_, ve, ok := 0, 0, false
	if n := len(m.Lists); n > 0 {
		_, ve, ok = valueAt(src, m.Lists[n-1].Pos.Offset)
	}
	if !ok || len(bytes.TrimSpace(src[ls:closing])) > 0 || ve > ls {
		return splice{}, fmt.Errorf("%w: cannot find where to add a list to the lists of %s at line %d; write them on one line as lists = { ... } ('roster fmt' does), or with the '}' on a line of its own, and run the command again", ErrEdit, m.Email, m.At("lists").Line)
	}
	lastLine := lineStart(src, m.Lists[len(m.Lists)-1].Pos.Offset)
	indent := src[lastLine : lastLine+len(src[lastLine:])-len(bytes.TrimLeft(src[lastLine:], " \t"))]
	// The rest of the last pair's line (its comma, a comment), then the
	// lines down to the '}' (comments of their own, "# end of lists"):
	// the new pairs go between, so that a closing comment still closes.
	rest, after := src[ve:ls], []byte(nil)
	if eol := bytes.IndexByte(rest, '\n'); eol >= 0 {
		rest, after = rest[:eol+1], rest[eol+1:]
	}
	comma := bytes.HasPrefix(bytes.TrimLeft(rest, " \t"), []byte(","))
	var text strings.Builder
	if !comma {
		text.WriteString(",")
	}
	text.WriteString(lf(rest))
	for i, pair := range pairs {
		text.Write(indent)
		text.WriteString(pair)
		if comma || i < len(pairs)-1 {
			text.WriteString(",")
		}
		text.WriteString("\n")
	}
	text.WriteString(lf(after))
	return splice{start: ve, end: ls, text: text.String()}, nil
}

// JoinList puts one member on one more list; see Batch.JoinList.
func JoinList(f *File, src []byte, email, list string, role Role) ([]byte, *File, error) {
	b := NewBatch(f, src)
	if err := b.JoinList(email, list, role); err != nil {
		return nil, nil, err
	}
	return b.Apply()
}

// SetRole changes a member's role on one list they are on, rewriting
// only the role's string: whatever form the lists are written in, every
// other byte, comments included, stays. Setting the role they have
// changes nothing.
func (b *Batch) SetRole(email, list string, role Role) error {
	if err := checkMembership(list, role); err != nil {
		return err
	}
	m, err := b.editable(email)
	if err != nil {
		return err
	}
	was, on := m.RoleOn(list)
	switch {
	case !on:
		return fmt.Errorf("%w: %s is not on %s; put them on it first with '%s'", ErrEdit, m.Email, list, shell.Command("add", m.Email, "--list", list+":"+string(role)))
	case was == role:
		return nil
	}
	if err := b.claim(m, partLists); err != nil {
		return err
	}
	i := slices.IndexFunc(m.Lists, func(ms Membership) bool { return ms.List == list })
	start, end, ok := valueAt(b.src, m.Lists[i].Pos.Offset)
	if !ok {
		return fmt.Errorf("%w: cannot find the role of %s on %s at line %d", ErrEdit, m.Email, list, m.Lists[i].Pos.Line)
	}
	b.add(splice{start: start, end: end, text: Quote(string(role))}, func(want *File) error {
		wm := memberIn(want, m)
		wm.Lists = append([]Membership(nil), wm.Lists...)
		for j := range wm.Lists {
			if wm.Lists[j].List == list {
				wm.Lists[j].Role = role
				break
			}
		}
		return nil
	})
	return nil
}

// SetRole changes one member's role on one list; see Batch.SetRole.
func SetRole(f *File, src []byte, email, list string, role Role) ([]byte, *File, error) {
	b := NewBatch(f, src)
	if err := b.SetRole(email, list, role); err != nil {
		return nil, nil, err
	}
	return b.Apply()
}

// How a member's lists are written.
const (
	listsAbsent = iota // no lists key
	listsInline        // lists = { ... }
	listsTable         // [member.lists]
	listsDotted        // lists.ID = "role"
)

// listsForm tells how a member's lists are written, and where the lists
// key (or header) is.
func listsForm(src []byte, m *Member) (form, at int) {
	if !m.Has("lists") {
		return listsAbsent, 0
	}
	at = m.At("lists").Offset
	if at < len(src) && src[at] == '[' {
		return listsTable, at
	}
	// Past the key, bare or quoted ("lists"), to what follows it.
	end := at + len("lists")
	if at < len(src) && (src[at] == '"' || src[at] == '\'') {
		end = skipString(src, at)
	}
	if bytes.HasPrefix(bytes.TrimLeft(src[min(end, len(src)):], " \t"), []byte(".")) {
		return listsDotted, at
	}
	return listsInline, at
}

// valueAt returns the byte range of the string value of the key that
// starts at off (a bare or quoted key, then '='), on the key's line.
func valueAt(src []byte, off int) (start, end int, ok bool) {
	i := off
	for i < len(src) && src[i] != '=' && src[i] != '\n' {
		if src[i] == '"' || src[i] == '\'' {
			i = skipString(src, i)
			continue
		}
		i++
	}
	if i >= len(src) || src[i] != '=' {
		return 0, 0, false
	}
	for i++; i < len(src) && (src[i] == ' ' || src[i] == '\t'); i++ {
	}
	if i >= len(src) || src[i] != '"' && src[i] != '\'' {
		return 0, 0, false
	}
	return i, skipString(src, i), true
}
