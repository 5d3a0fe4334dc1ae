package members

import (
	"bytes"
	"fmt"
	"strings"
)

// FillDetails writes the name, GitHub handle and affiliation an entry
// does not have yet ("" leaves a field as it is): the fields a list's
// policy may require, which add and import leave to be filled in. A
// field the entry has is never rewritten here: who someone is changes in
// a reviewed edit of the file. The new keys go after the entry's email,
// each on its own line, indented as it is.
func (b *Batch) FillDetails(email, name, github, affiliation string) error {
	m, err := b.editable(email)
	if err != nil {
		return err
	}
	github = strings.TrimPrefix(strings.TrimSpace(github), "@")
	if github != "" {
		if err := CheckHandle(github); err != nil {
			return fmt.Errorf("%w: github %q is not a GitHub handle: %v", ErrEdit, github, err)
		}
		if other := b.handles()[HandleKey(github)]; other != nil && other != m {
			return fmt.Errorf("%w: github %q is the handle of %s (line %d); vetting records that name it would be ambiguous", ErrEdit, github, other.Email, other.Pos.Line)
		}
	}
	var keys []string
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
			keys = append(keys, f.key+" = "+Quote(f.value))
		}
	}
	if len(keys) == 0 {
		return nil
	}
	if err := b.claim(m, partDetails); err != nil {
		return err
	}
	at := m.At("email").Offset
	lineStart := bytes.LastIndexByte(b.src[:at], '\n') + 1
	indent := string(b.src[lineStart:at])
	if strings.TrimLeft(indent, " \t") != "" {
		// email is not the first key of its line (an inline table): a
		// line of its own would not read as the entry's.
		return fmt.Errorf("%w: %s: its keys are not one to a line; write them so ('roster fmt' does) and run the command again", ErrEdit, m.Email)
	}
	end := bytes.IndexByte(b.src[at:], '\n')
	if end < 0 {
		end = len(b.src) - at
	}
	pos := at + end
	if pos > at && b.src[pos-1] == '\r' {
		pos-- // before the line's CRLF; the splice writes a CRLF file's endings
	}
	var text strings.Builder
	for _, k := range keys {
		text.WriteString("\n" + indent + k)
	}
	b.add(splice{start: pos, end: pos, text: text.String()}, func(want *File) error {
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
