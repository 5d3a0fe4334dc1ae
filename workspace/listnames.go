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
	current := w.current(ctx, file)
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
// (revisions of the members file), one per group groupsOf finds: the id
// of the group's list in the last of files that has one.
func (w *Workspace) listsOfGroups(ctx context.Context, file string, current *members.File, ids []string, where string, files ...*members.File) ([]string, error) {
	groups, err := w.groupsOf(ctx, file, current, ids, where, files...)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, g := range groups {
		if l := lastOfGroup(files, g); l != nil {
			out = append(out, l.ID)
		}
	}
	return out, nil
}

// groupsOf returns the groups (address identities) that the lists asked
// for are, in the order asked: a list is its group, so an id it had
// before a rename, or has since, names it too, as it does for history;
// the current file, then files (revisions of the members file, oldest
// first), then the file's history, say which group an id names. Routes
// select by group, never by id: an id may name one group at one
// revision and another at the next (an address changed, ids swapped),
// and the group asked for is the one the id names now. An id that names
// no list of files is refused, with the ids there are.
func (w *Workspace) groupsOf(ctx context.Context, file string, current *members.File, ids []string, where string, files ...*members.File) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(g string) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	var ever map[string][]string
	read := false
	for _, id := range ids {
		// An id the file has now names its list now, whatever it named
		// at these revisions (ids swapped, or reused).
		now := listOfID(current, id)
		if now != nil {
			g := members.IdentityOf(now.Address)
			if lastOfGroup(files, g) != nil {
				add(g)
				continue
			}
			// Its group had no list then: the id's meaning then (another
			// group's) is not what it names.
			thenGroup := ""
			if then := listOfID(lastWithID(files, id), id); then != nil {
				thenGroup = then.Address
			} else {
				// files may name their lists as they are named now
				// (relabel): history says which group the id named.
				if !read {
					read = true
					dir, name := w.gitPath(ctx, file)
					ever, _ = history.ListGroups(ctx, dir, name)
				}
				for _, old := range ever[id] {
					if old != g && lastOfGroup(files, old) != nil {
						thenGroup = old
						break
					}
				}
			}
			if thenGroup != "" {
				other := "another group (changing a list's address makes it another group's list); leave out --list to see every list as it was then"
				if l := listOfGroup(current, members.IdentityOf(thenGroup)); l != nil {
					other = fmt.Sprintf("another group, whose list is %s now: give --list %s", report.Line(l.ID), report.Line(l.ID))
				}
				return nil, fmt.Errorf("--list %s names the list of %s now, which %s has no list for: %s was %s then, %s",
					report.Line(id), report.Line(now.Address), where, report.Line(id), report.Line(thenGroup), other)
			}
			return nil, noSuchListAmong(id, where, labelsOf(current, files))
		}
		// An id the file no longer has, that files have: the group its
		// list was last, as the last revision that had the id named it.
		if then := listOfID(lastWithID(files, id), id); then != nil {
			add(members.IdentityOf(then.Address))
			continue
		}
		if !read {
			read = true
			dir, name := w.gitPath(ctx, file)
			ever, _ = history.ListGroups(ctx, dir, name)
		}
		// Nor files: the groups it named in history, those files have.
		found := false
		for _, g := range ever[id] {
			if lastOfGroup(files, g) != nil {
				add(g)
				found = true
			}
		}
		if !found {
			return nil, noSuchListAmong(id, where, labelsOf(current, files))
		}
	}
	return out, nil
}

// listsOfGroupsIn is f's lists of groups, in the order asked; all of
// them when groups is nil (no --list).
func listsOfGroupsIn(f *members.File, groups []string) []*members.List {
	if groups == nil {
		return f.Lists
	}
	var out []*members.List
	for _, g := range groups {
		if l := listOfGroup(f, g); l != nil {
			out = append(out, l)
		}
	}
	return out
}

// ambiguous are the ids that name more than one group among files (the
// file now, the revisions an output reads; nil ones skipped) and pairs
// (the output's own labels: an id, then its group, and so on): the
// ids show, diff and history name with their group, so that no heading
// or row puts two groups under one name.
func ambiguous(files []*members.File, pairs ...string) report.Ambiguous {
	groups := map[string]map[string]bool{}
	note := func(id, g string) {
		if groups[id] == nil {
			groups[id] = map[string]bool{}
		}
		groups[id][g] = true
	}
	for _, f := range files {
		if f == nil {
			continue
		}
		for _, l := range f.Lists {
			note(l.ID, members.IdentityOf(l.Address))
		}
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			note(pairs[i], pairs[i+1])
		}
	}
	out := report.Ambiguous{}
	for id, gs := range groups {
		if len(gs) > 1 {
			out[id] = true
		}
	}
	return out
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
	return f.ListOfGroup(g)
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
