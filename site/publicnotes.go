package site

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/roster-dev/roster/members"
)

// checkPublicNotes refuses a public roster whose pages would show the
// text of a vetting note or evidence (privateNotes): a field written
// into the file (an affiliation, a name, a list's description) that
// quotes one, named by what field of whom it is; and, whatever route
// took it there, a page that shows one, named by the page. As for a
// kept file, the refusal never quotes the note: the build log may be
// anyone's to read.
func checkPublicNotes(in Input, files []file) error {
	notes := privateNotes(in)
	if len(notes.notes) == 0 {
		return nil
	}
	name := "the members file"
	if in.File.Name != "" {
		name = filepath.Base(in.File.Name)
	}
	refuse := func(field string, n *privateText) error {
		return fmt.Errorf("site: %s quotes the text of a vetting note or evidence (%s), which the public roster would publish; nothing was written: take it out of the field", field, n.what)
	}
	shown := func(list string) bool { return len(in.Lists) == 0 || slices.Contains(in.Lists, list) }
	for _, l := range in.File.Lists {
		if !shown(l.ID) {
			continue
		}
		for _, f := range []struct{ what, text string }{{"id", l.ID}, {"description", l.Description}} {
			if n := notes.in(f.text); n != nil {
				return refuse(fmt.Sprintf("the %s of the list at %s:%d", f.what, name, l.Pos.Line), n)
			}
		}
	}
	for _, m := range in.File.Members {
		if !slices.ContainsFunc(m.Lists, func(ms members.Membership) bool { return shown(ms.List) }) {
			continue
		}
		// A row sets the name, the handle and the affiliation side by
		// side: a note split across them reads as one.
		for _, f := range []struct{ what, text string }{{"name", m.Name}, {"GitHub handle", m.GitHub}, {"affiliation", m.Affiliation},
			{"name and affiliation", m.Name + " " + m.Affiliation}, {"name, GitHub handle and affiliation", m.Name + " " + m.Handle() + " " + m.Affiliation}} {
			if n := notes.in(f.text); n != nil {
				return refuse(fmt.Sprintf("the %s of the member at %s:%d", f.what, name, m.Pos.Line), n)
			}
		}
	}
	// Every page, on every processor: a roster of 2,000 people is
	// megabytes of pages, each read twice (as shown, and its markup).
	found := make([]*privateText, len(files))
	onEveryProcessor(len(files), func(k int) bool {
		found[k] = notes.in(string(withoutStyle(files[k].data)))
		return found[k] != nil
	})
	for k, n := range found {
		if n != nil {
			return fmt.Errorf("site: the public page %s would show the text of a vetting note or evidence (%s); nothing was written", files[k].name, n.what)
		}
	}
	return nil
}
