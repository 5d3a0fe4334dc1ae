package members

import (
	"fmt"
	"strings"
)

// FillDetails writes the name, GitHub handle and affiliation an entry
// does not have yet ("" leaves a field as it is): the fields a list's
// policy may require, which add and import leave to be filled in. A
// field the entry has is never rewritten here: who someone is changes in
// a reviewed edit of the file. Each new key goes on a line of its own,
// indented as the entry's keys are, where the reference order puts it
// among the keys the entry has.
func (b *Batch) FillDetails(email, name, github, affiliation string) error {
	m, err := b.editable(email)
	if err != nil {
		return err
	}
	github = strings.TrimPrefix(strings.TrimSpace(github), "@")
	if github != "" {
		if err := CheckMemberHandle(github); err != nil {
			return fmt.Errorf("%w: github %q is not a GitHub handle: %w", ErrEdit, github, err)
		}
		if other := b.handles()[HandleKey(github)]; other != nil && other != m {
			return fmt.Errorf("%w: github %q is the handle of %s (line %d); vetting records that name it would be ambiguous", ErrEdit, github, other.Email, other.Pos.Line)
		}
	}
	var fills []detail
	for _, f := range []struct{ key, value, have string }{
		{"name", name, m.Name}, {"github", github, m.GitHub}, {"affiliation", affiliation, m.Affiliation},
	} {
		switch {
		case f.value == "":
		case f.have != "":
			return fmt.Errorf("%w: %s already has %s %q (line %d); change it by editing the entry", ErrEdit, m.Email, f.key, f.have, m.At(f.key).Line)
		case m.Has(f.key):
			return fmt.Errorf("%w: %s writes %s = \"\" (line %d); write the value there, or delete that line and run the command again", ErrEdit, m.Email, f.key, m.At(f.key).Line)
		case !m.Has("email"):
			return fmt.Errorf("%w: %s: its email key was not found where roster writes after it; add %s by hand", ErrEdit, m.Email, f.key)
		default:
			fills = append(fills, detail{key: f.key, line: f.key + " = " + Quote(f.value)})
		}
	}
	if len(fills) == 0 {
		return nil
	}
	if err := b.claim(m, partDetails); err != nil {
		return err
	}
	ss, err := detailSplices(b.src, m, fills)
	if err != nil {
		return err
	}
	for _, s := range ss[:len(ss)-1] {
		b.add(s, func(*File) error { return nil })
	}
	b.add(ss[len(ss)-1], func(want *File) error {
		wm := memberIn(want, m)
		if name != "" {
			wm.Name, wm.keys = name, withKeys(wm.keys, "name")
		}
		if github != "" {
			wm.GitHub, wm.keys = github, withKeys(wm.keys, "github")
		}
		if affiliation != "" {
			wm.Affiliation, wm.keys = affiliation, withKeys(wm.keys, "affiliation")
		}
		return nil
	})
	return nil
}

// detail is a key FillDetails writes, with its line.
type detail struct{ key, line string }

// detailSplices places each new key where fmt would write it: after the
// key the entry has that comes last before it in the reference order
// (email, name, github, affiliation), so that 'roster fmt --check' still
// passes after a fill. Comment lines above the next key stay above it.
// fills are in the reference order; keys after one anchor go together.
func detailSplices(src []byte, m *Member, fills []detail) ([]splice, error) {
	var ss []splice
	anchor, indent := "", ""
	for _, d := range fills {
		a := "email"
		for _, k := range memberKeys {
			if k == d.key {
				break
			}
			if m.Has(k) {
				a = k
			}
		}
		if a != anchor {
			anchor = a
			at := m.At(a).Offset
			indent = string(src[lineStart(src, at):at])
			if strings.TrimLeft(indent, " \t") != "" {
				// The key is not the first of its line (an inline
				// table): a line of its own would not read as the
				// entry's.
				return nil, fmt.Errorf("%w: %s: its keys are not one to a line; write them so ('roster fmt' does) and run the command again", ErrEdit, m.Email)
			}
			pos := valueEnd(src, at)
			if pos > at && src[pos-1] == '\r' {
				pos-- // before the line's CRLF; the splice writes a CRLF file's endings
			}
			ss = append(ss, splice{start: pos, end: pos})
		}
		ss[len(ss)-1].text += "\n" + indent + d.line
	}
	return ss, nil
}
