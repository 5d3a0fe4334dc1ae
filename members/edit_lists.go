package members

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Edits of the lists a member is on: SetLists rewrites all of them,
// JoinList adds one, SetRole changes the role on one. JoinList and
// SetRole change only the bytes of that one list, in whatever form the
// member's lists are written.

// SetLists replaces a member's lists with the given ones, rewriting only
// the lists key (an inline table, a [member.lists] table or dotted keys
// become one inline table where they were).
func (b *Batch) SetLists(email string, lists []Membership) error {
	for _, ms := range lists {
		if err := checkMembership(ms.List, ms.Role); err != nil {
			return err
		}
	}
	m, err := b.editable(email)
	if err != nil {
		return err
	}
	if err := b.claim(m); err != nil {
		return err
	}
	src := b.src
	line := "lists = " + InlineLists(lists)
	var ss []splice
	switch form, at := listsForm(src, m); form {
	case listsAbsent:
		end := contentEnd(src, m.End)
		ss = []splice{{start: end, end: end, text: line + "\n"}}
	default:
		switch form {
		case listsTable:
			// [member.lists] table: replace its header and keys.
			start := lineStart(src, at)
			end := contentEnd(src, tableEnd(src, at))
			ss = []splice{{start: start, end: end, text: line + "\n"}}
		case listsDotted:
			// dotted keys: the first line becomes the table, the others go.
			for i, ms := range m.Lists {
				start, end := lineStart(src, ms.Pos.Offset), lineEnd(src, ms.Pos.Offset)
				text := ""
				if i == 0 {
					text = line + "\n"
				}
				ss = append(ss, splice{start: start, end: end, text: text})
			}
		default:
			valStart := bytes.IndexByte(src[at:lineEnd(src, at)], '{')
			if valStart < 0 {
				return fmt.Errorf("%w: cannot find the lists of %s at line %d", ErrEdit, email, m.At("lists").Line)
			}
			end, ok := inlineTableEnd(src, at+valStart)
			if !ok {
				return fmt.Errorf("%w: cannot find the end of the lists of %s at line %d", ErrEdit, email, m.At("lists").Line)
			}
			ss = []splice{{start: at, end: end, text: line}}
		}
	}
	change := func(want *File) error {
		wm := memberIn(want, m)
		wm.Lists = append([]Membership(nil), lists...)
		if !wm.Has("lists") {
			wm.keys = withKeys(wm.keys, "lists")
		}
		return nil
	}
	// The comments of the text replaced (a [member.lists] table's, the
	// ends of dotted-key lines) stay, above the new lists line.
	var kept []string
	for _, s := range ss {
		for _, c := range scanComments(src[s.start:s.end]) {
			kept = append(kept, c.text)
		}
	}
	if len(kept) > 0 {
		indent := string(src[lineStart(src, ss[0].start):ss[0].start])
		if strings.TrimSpace(indent) != "" {
			indent = ""
		}
		prefix := strings.Join(kept, "\n"+indent) + "\n" + indent
		if ss[0].start != lineStart(src, ss[0].start) {
			// Mid-line (lists = {...} after other text is not TOML, but
			// be safe): the comments go on lines of their own.
			prefix = "\n" + prefix
		}
		ss[0].text = prefix + ss[0].text
	}
	for i, s := range ss {
		if i == 0 {
			b.add(s, change)
		} else {
			b.add(s, func(*File) error { return nil })
		}
	}
	return nil
}

// SetLists rewrites one member's lists; see Batch.SetLists.
func SetLists(f *File, src []byte, email string, lists []Membership) ([]byte, *File, error) {
	b := NewBatch(f, src)
	if err := b.SetLists(email, lists); err != nil {
		return nil, nil, err
	}
	return b.Apply()
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
	if was, on := b.f.RoleOf(m, list); on {
		if was == role {
			return nil
		}
		return fmt.Errorf("%w: %s is already on %s as %s; change the role instead (roster role)", ErrEdit, m.Email, list, was)
	}
	if err := b.claim(m); err != nil {
		return err
	}
	src := b.src
	pair := quoteKey(list) + " = " + Quote(string(role))
	var s splice
	switch form, at := listsForm(src, m); form {
	case listsAbsent:
		end := contentEnd(src, m.End)
		s = splice{start: end, end: end, text: "lists = { " + pair + " }\n"}
	case listsTable, listsDotted:
		// A line like the last membership's, after it.
		last := at
		if n := len(m.Lists); n > 0 {
			last = m.Lists[n-1].Pos.Offset
		}
		ls := lineStart(src, last)
		indent := src[ls : ls+len(src[ls:])-len(bytes.TrimLeft(src[ls:], " \t"))]
		if form == listsDotted {
			pair = "lists." + pair
		}
		end := lineEnd(src, last)
		text := string(indent) + pair + "\n"
		if end == len(src) && (end == 0 || src[end-1] != '\n') {
			text = "\n" + text
		}
		s = splice{start: end, end: end, text: text}
	default:
		open := at + bytes.IndexByte(src[at:lineEnd(src, at)], '{')
		closing, ok := inlineTableEnd(src, open)
		if open < at || !ok {
			return fmt.Errorf("%w: cannot find the lists of %s at line %d; write them on one line as lists = { ... } (roster fmt does) and run the command again", ErrEdit, m.Email, m.At("lists").Line)
		}
		closing-- // the '}'
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
	was, on := b.f.RoleOf(m, list)
	switch {
	case !on:
		return fmt.Errorf("%w: %s is not on %s; put them on it first (roster add --list %s:%s %s)", ErrEdit, m.Email, list, list, role, m.Email)
	case was == role:
		return nil
	}
	if err := b.claim(m); err != nil {
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
