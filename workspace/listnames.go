package workspace

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/report"
)

// How --list names a list on the routes that read history: by the id it
// has now, the id it had before a rename, or in a file it moved in from.

// knownLists checks that every list asked for is in the file now, or
// was in it under that id at some point of its history (a list renamed
// since is asked for by either id): a misspelt --list must not pass for
// a list nobody ever changed.
func (w *Workspace) knownLists(ctx context.Context, file string, ids []string, events []history.Event) error {
	had := map[string]bool{}
	for _, e := range events {
		had[e.List] = true
	}
	current := w.current(file)
	var ever map[string][]string // read only for an id neither knows
	for _, id := range ids {
		if had[id] || current != nil && current.List(id) != nil {
			continue
		}
		if ever == nil {
			dir, name := w.gitPath(ctx, file)
			var err error
			if ever, err = history.ListGroups(ctx, dir, name); err != nil {
				ever = map[string][]string{}
			}
		}
		if ever[id] != nil {
			continue
		}
		// The lists there are, by the ids history names them by: a list
		// the file has now by its id now, one it had only before by the
		// id it had then.
		var known []string
		now := map[string]bool{}
		if current != nil {
			for _, l := range current.Lists {
				known = append(known, l.ID)
				now[members.IdentityOf(l.Address)] = true
			}
		}
		for _, old := range slices.Sorted(maps.Keys(ever)) {
			if !slices.ContainsFunc(ever[old], func(g string) bool { return now[g] }) {
				known = append(known, old)
			}
		}
		return noSuchListAmong(id, file+" or its history", known)
	}
	return nil
}

// listsOfGroups returns the ids that the lists asked for have in files
// (revisions of the members file): a list is its group, so an id it had
// before a rename, or has since, names it too, as it does for history;
// the current file, then the file's history, say which group an id
// names. An id that names no list of files is refused, with the ids
// there are.
func (w *Workspace) listsOfGroups(ctx context.Context, file string, current *members.File, ids []string, where string, files ...*members.File) ([]string, error) {
	var out []string
	var ever map[string][]string
	read := false
	for _, id := range ids {
		// An id the file has now names its list now, whatever it named
		// at these revisions (ids swapped, or reused): its group's list
		// in the last of files that has one, under the id it had there
		// (Compare pairs the lists of two revisions by group).
		now := listOfID(current, id)
		if now != nil {
			if fl := lastOfGroup(files, members.IdentityOf(now.Address)); fl != nil {
				out = append(out, fl.ID)
				continue
			}
			// Its group had no list then: the id's meaning then (another
			// group's) is not what it names.
			if then := listOfID(lastWithID(files, id), id); then != nil {
				other := "another group (changing a list's address makes it another group's list); leave out --list to see every list as it was then"
				if l := listOfGroup(current, members.IdentityOf(then.Address)); l != nil {
					other = fmt.Sprintf("another group, whose list is %s now: give --list %s", report.Line(l.ID), report.Line(l.ID))
				}
				return nil, fmt.Errorf("--list %s names the list of %s now, which %s has no list for: %s was %s then, %s",
					report.Line(id), report.Line(now.Address), where, report.Line(id), report.Line(then.Address), other)
			}
			return nil, noSuchListAmong(id, where, labelsOf(current, files))
		}
		if noSuchList(id, where, files...) == nil {
			out = append(out, id)
			continue
		}
		if !read {
			read = true
			dir, name := w.gitPath(ctx, file)
			ever, _ = history.ListGroups(ctx, dir, name)
		}
		// An id the file no longer has: the groups it named in history.
		groups := map[string]bool{}
		for _, g := range ever[id] {
			groups[g] = true
		}
		found := false
		for _, f := range files {
			for _, l := range f.Lists {
				if groups[members.IdentityOf(l.Address)] {
					out, found = append(out, l.ID), true
				}
			}
		}
		if !found {
			return nil, noSuchListAmong(id, where, labelsOf(current, files))
		}
	}
	return out, nil
}

// labelsOf are the ids show, diff and history name the lists of files
// by (labelOf), for a message that says which there are.
func labelsOf(current *members.File, files []*members.File) []string {
	var out []string
	for _, f := range files {
		for _, l := range f.Lists {
			out = append(out, labelOf(current, l))
		}
	}
	return out
}

// listOfID is f's list id; nil without one, or without f.
func listOfID(f *members.File, id string) *members.List {
	if f == nil {
		return nil
	}
	return f.List(id)
}

// lastOfGroup is the list for group g in the last of files that has one.
func lastOfGroup(files []*members.File, g string) *members.List {
	for i := len(files) - 1; i >= 0; i-- {
		if l := listOfGroup(files[i], g); l != nil {
			return l
		}
	}
	return nil
}

// labelOf is the id show, diff and history name list l (of some
// revision of the file) by: the id its group's list has in current, the
// file now, or its own when the file has no list for that group.
func labelOf(current *members.File, l *members.List) string {
	if c := listOfGroup(current, members.IdentityOf(l.Address)); c != nil {
		return c.ID
	}
	return l.ID
}

// listOfGroup is f's list for group g (an address identity); nil when
// it has none, or f is nil.
func listOfGroup(f *members.File, g string) *members.List {
	if f == nil {
		return nil
	}
	for _, l := range f.Lists {
		if members.IdentityOf(l.Address) == g {
			return l
		}
	}
	return nil
}

// lastWithID is the last of files that has a list with id, nil when
// none has.
func lastWithID(files []*members.File, id string) *members.File {
	for i := len(files) - 1; i >= 0; i-- {
		if listOfID(files[i], id) != nil {
			return files[i]
		}
	}
	return nil
}
