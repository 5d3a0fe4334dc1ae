package workspace

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/vetting"
)

// HistoryOptions configure History.
type HistoryOptions struct {
	File   string
	Format report.Format
	Lists  []string
	Member string
	// Since and Until bound the commits: a date (YYYY-MM-DD) or a
	// revision.
	Since, Until string
}

// History prints every membership change on the main line, oldest
// first. Revisions that do not parse are reported and skipped.
func (w *Workspace) History(ctx context.Context, o HistoryOptions) error {
	dir, name := w.gitPath(ctx, o.File)
	events, problems, err := history.History(ctx, dir, name, history.Options{
		LogOptions: history.LogOptions{Since: o.Since, Until: o.Until},
		Lists:      o.Lists,
		Member:     o.Member,
	})
	if err != nil {
		return w.namingFile(err, dir, name)
	}
	w.skipped(problems)
	if err := w.knownLists(ctx, o.File, o.Lists, events); err != nil {
		return err
	}
	if len(events) == 0 && o.Member != "" {
		// An empty table alone reads as "never changed": say whom it is
		// of, and what to check.
		if cur := w.current(o.File); cur == nil || cur.FindMember(o.Member) == nil {
			w.notef("note: no version of %s in the range lists %s; check the address (history matches it in any case and spelling of the same mailbox)", o.File, o.Member)
		} else {
			w.notef("note: nothing changed for %s in the range asked", o.Member)
		}
	}
	return report.Events(w.out, o.Format, events)
}

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
		// An id a list had in a file it moved in from: history finds its
		// events there (asked for it alone, to tell it from the others).
		dir, name := w.gitPath(ctx, file)
		if evs, _, err := history.History(ctx, dir, name, history.Options{Lists: []string{id}}); err == nil && len(evs) > 0 {
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

func (w *Workspace) skipped(problems []history.Problem) {
	for _, p := range problems {
		w.notef("skipped %s (%s, %s): %v", p.Revision.Short(), p.Revision.Subject, p.Revision.Date.Format(members.DateLayout), p.Err)
	}
}

// DiffOptions configure Diff.
type DiffOptions struct {
	File   string
	Format report.Format
	Lists  []string
	// From and To are revisions or dates; To "" is the working tree.
	From, To string
	// ExitCode fails with 1 when the membership differs; errors are then
	// 2, as diff(1) reports trouble.
	ExitCode bool
}

// Diff compares who is on each list at two revisions.
func (w *Workspace) Diff(ctx context.Context, o DiffOptions) error {
	differs, err := w.diff(ctx, o)
	switch {
	case err != nil && o.ExitCode:
		// An unknown revision must not read as "the membership differs".
		if Code(err) == ExitFailed {
			var ee *ExitError
			if !errors.As(err, &ee) {
				w.errorf("%v", err)
			}
		}
		return exit(ExitChanges)
	case err != nil:
		return err
	case differs && o.ExitCode:
		return exit(ExitFailed)
	}
	return nil
}

func (w *Workspace) diff(ctx context.Context, o DiffOptions) (differs bool, err error) {
	dir, name := w.gitPath(ctx, o.File)
	o.From = w.landed(ctx, dir, o.From)
	if o.To != "" {
		o.To = w.landed(ctx, dir, o.To)
	}
	from, _, fromErr := w.fileAt(ctx, dir, name, o.From)
	if from, fromErr = standIn(name, from, fromErr); fromErr != nil && from == nil {
		return false, fromErr
	}
	toName := "the working tree"
	var to *members.File
	var toErr error
	at := w.today() // the working tree's records are judged today
	if o.To != "" {
		toName = o.To
		var rev history.Revision
		to, rev, toErr = w.fileAt(ctx, dir, name, o.To)
		if to, toErr = standIn(name, to, toErr); toErr != nil && to == nil {
			return false, toErr
		}
		at = rev.Date
	} else if to, _, err = w.parsed(ctx, Source{Path: o.File}, "nothing to compare with"); err != nil {
		return false, err
	}
	// A list the file has now and had not at an end may have been in
	// another file then (it moved in since): that end reads it there, as
	// show and history do.
	cur := w.current(o.File)
	ends := map[string]*members.File{o.From: from}
	if o.To != "" {
		ends[o.To] = to
	}
	where := w.withMovedLists(ctx, dir, name, cur, ends)
	from = ends[o.From]
	if fromErr != nil && len(from.Lists) == 0 {
		return false, fromErr
	}
	if o.To != "" {
		to = ends[o.To]
		if toErr != nil {
			if len(to.Lists) == 0 {
				return false, toErr
			}
			at = newest(where[o.To]).Date
		}
	}
	ids, err := w.listsOfGroups(ctx, o.File, cur, o.Lists, "either revision", from, to)
	if err != nil {
		return false, err
	}
	d := history.Compare(from, to, ids, at)
	// Named by the id each list has now, as show and history name it.
	for i := range d {
		if l := listOfGroup(cur, d[i].Group); l != nil {
			d[i].List = l.ID
		}
	}
	sort.SliceStable(d, func(i, j int) bool { return d[i].List < d[j].List })
	if err := report.Diff(w.out, o.Format, o.From, toName, d); err != nil {
		return false, err
	}
	for _, l := range d {
		if !l.Empty() {
			return true, nil
		}
	}
	return false, nil
}

// current is the members file as it is now, or nil when it cannot be
// read or does not parse: history, show and diff name lists by the ids
// it gives them, and resolve --list through it.
func (w *Workspace) current(file string) *members.File {
	data, err := os.ReadFile(w.path(file))
	if err != nil {
		return nil
	}
	f, err := members.Parse(file, data)
	if err != nil {
		return nil
	}
	return f
}

// withMovedLists replaces each file of ends (the members file at a
// revision or date) with the file as its lists stood then: with the
// lists that were in another file at that revision and moved into the
// members file since (history.MovedListsAt), their members and policies.
// It reads history, once for all ends, only when cur (the file now) has
// a list one of them has not. It returns, per end, where the lists it
// added were then ("reports in other.toml"), for a header to say.
func (w *Workspace) withMovedLists(ctx context.Context, dir, name string, cur *members.File, ends map[string]*members.File) map[string][]history.MovedList {
	if cur == nil {
		return nil
	}
	var revs []string
	for rev, f := range ends {
		if slices.ContainsFunc(cur.Lists, func(l *members.List) bool { return !hasGroup(f, l.Address) }) {
			revs = append(revs, rev)
		}
	}
	if len(revs) == 0 {
		return nil
	}
	moved, err := history.MovedListsAt(ctx, dir, name, revs...)
	if err != nil {
		return nil
	}
	where := map[string][]history.MovedList{}
	for _, rev := range revs {
		if len(moved[rev]) > 0 {
			ends[rev] = withLists(ends[rev], moved[rev])
			for _, mv := range moved[rev] {
				if slices.Contains(ends[rev].Lists, mv.List) {
					where[rev] = append(where[rev], mv)
				}
			}
		}
	}
	return where
}

// standIn gives, for a revision the members file's own history does not
// reach (history.ErrNotThen: created later, or by a rename git could not
// pair with one file), an empty file to stand for it, which
// withMovedLists fills with the lists that were in other files then, as
// history follows them; err is kept for when none were. Another error
// gives no file.
func standIn(name string, f *members.File, err error) (*members.File, error) {
	if errors.Is(err, history.ErrNotThen) {
		return &members.File{Name: name}, err
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// newest is the newest revision the moved lists were read at: the date
// their records are judged at.
func newest(moved []history.MovedList) history.Revision {
	var out history.Revision
	for _, mv := range moved {
		if mv.At.Date.After(out.Date) {
			out = mv.At
		}
	}
	return out
}

// hasGroup reports whether f has a list for the group of address.
func hasGroup(f *members.File, address string) bool {
	return slices.ContainsFunc(f.Lists, func(l *members.List) bool { return members.IdentityOf(l.Address) == members.IdentityOf(address) })
}

// withLists returns a copy of f with the moved lists f has no list for
// (by group, and by id), their policies and their members' memberships
// of them.
func withLists(f *members.File, moved []history.MovedList) *members.File {
	out := &members.File{Name: f.Name, Schema: f.Schema, Admins: f.Admins, Lists: slices.Clone(f.Lists), Policies: slices.Clone(f.Policies)}
	byID := map[string]*members.Member{}
	for _, m := range f.Members {
		c := *m
		c.Lists = slices.Clone(m.Lists)
		out.Members = append(out.Members, &c)
		byID[members.IdentityOf(m.Email)] = &c
	}
	// A group two files held then (both handed it over at once) is
	// one list with everyone either had on it, as history tells it.
	added := map[string]string{} // group -> the id it was added under
	for _, mv := range moved {
		id, twice := added[members.IdentityOf(mv.List.Address)]
		if !twice {
			if hasGroup(out, mv.List.Address) || slices.ContainsFunc(out.Lists, func(l *members.List) bool { return l.ID == mv.List.ID }) {
				continue // the file had that group, or that id, then
			}
			id = mv.List.ID
			added[members.IdentityOf(mv.List.Address)] = id
			out.Lists = append(out.Lists, mv.List)
			if p := mv.File.PolicyOf(mv.List); p != nil && !slices.ContainsFunc(out.Policies, func(x *members.Policy) bool { return x.ID == p.ID }) {
				out.Policies = append(out.Policies, p)
			}
		}
		for _, m := range mv.File.MembersOf(mv.List.ID) {
			i := slices.IndexFunc(m.Lists, func(x members.Membership) bool { return x.List == mv.List.ID })
			if i < 0 {
				continue
			}
			on := m.Lists[i]
			on.List = id
			if have := byID[members.IdentityOf(m.Email)]; have != nil {
				k := slices.IndexFunc(have.Lists, func(x members.Membership) bool { return x.List == id })
				switch {
				case k < 0:
					have.Lists = append(have.Lists, on)
				case on.Role.Rank() > have.Lists[k].Role.Rank():
					have.Lists[k] = on
				}
				continue
			}
			c := *m
			c.Lists = []members.Membership{on}
			out.Members = append(out.Members, &c)
			byID[members.IdentityOf(m.Email)] = &c
		}
	}
	out.Index()
	return out
}

// fileAt is history.FileAt for show and diff: a revision or date whose
// file does not parse gives the last version before it that does (sync
// refuses a file that does not parse, so the groups stayed as that one
// left them), with a note naming what was skipped, as history skips it.
func (w *Workspace) fileAt(ctx context.Context, dir, name, rev string) (*members.File, history.Revision, error) {
	f, r, err := history.FileAt(ctx, dir, name, rev)
	if !errors.Is(err, history.ErrUnparsable) {
		return f, r, w.namingFile(err, dir, name)
	}
	f, good, berr := history.Base(ctx, dir, name, nil, rev)
	if berr != nil || good.Commit == "" {
		// No version before it parses either: the refusal stands.
		return nil, r, err
	}
	w.notef("%s at %s does not parse; using %s (%s, %s), the last version before it that does", name, rev, good.Short(), good.Date.UTC().Format(members.DateLayout), good.Subject)
	return f, good, nil
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
			// An id a list had in a file it moved in from: its events,
			// asked for by it, name the list by its id now.
			dir, name := w.gitPath(ctx, file)
			if evs, _, err := history.History(ctx, dir, name, history.Options{Lists: []string{id}}); err == nil {
				for _, e := range evs {
					for _, f := range files {
						if l := listOfID(f, e.List); l != nil && !slices.Contains(out, l.ID) {
							out, found = append(out, l.ID), true
						}
					}
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

// ShowOptions configure Show.
type ShowOptions struct {
	File   string
	Format report.Format
	Lists  []string
	// At is a revision or a date.
	At string
}

// Show prints who was on each list, with which role and who vetted
// them, as the file stood at a revision or at the end of a day.
func (w *Workspace) Show(ctx context.Context, o ShowOptions) error {
	dir, name := w.gitPath(ctx, o.File)
	o.At = w.landed(ctx, dir, o.At)
	f, rev, notThen := w.fileAt(ctx, dir, name, o.At)
	if f, notThen = standIn(name, f, notThen); notThen != nil && f == nil {
		return notThen
	}
	// A list is named by the id it has now, as history, diff and the
	// site name it, so that their outputs join on it; one that moved in
	// since from another file is read where it was (history tells its
	// story from there too).
	cur := w.current(o.File)
	ends := map[string]*members.File{o.At: f}
	elsewhere := w.withMovedLists(ctx, dir, name, cur, ends)
	f = ends[o.At]
	if notThen != nil {
		if len(f.Lists) == 0 {
			return notThen
		}
		rev = newest(elsewhere[o.At])
	}
	ids, err := w.listsOfGroups(ctx, o.File, cur, o.Lists, "the file at "+o.At, f)
	if err != nil {
		return err
	}
	lists, err := selectLists(f, ids)
	if err != nil {
		return err
	}
	var shown []report.ShownMember
	people := vetting.NewPeople(f)
	for _, l := range lists {
		label := labelOf(cur, l)
		// A list read in another file is judged there: its members'
		// records then were that file's, whatever the members file
		// said of the same people.
		src, srcPeople := f, people
		if i := slices.IndexFunc(elsewhere[o.At], func(mv history.MovedList) bool { return mv.List == l }); i >= 0 {
			src = elsewhere[o.At][i].File
			srcPeople = vetting.NewPeople(src)
		}
		ms := f.MembersOf(l.ID)
		sort.Slice(ms, func(i, j int) bool { return ms[i].Email < ms[j].Email })
		for _, m := range ms {
			role, _ := m.RoleOn(l.ID)
			sm := report.ShownMember{List: label, Email: m.Email, Name: m.Name, Role: role}
			// The record that admits them as the list's policy stood
			// then, as audit judges it: not merely the last written.
			entry := m
			if src != f {
				if e := src.FindMember(m.Email); e != nil {
					entry = e
				}
			}
			if v := vetting.Admitting(l, src.PolicyOf(l), srcPeople, entry, rev.Date); v != nil {
				sm.VettedBy, sm.VettedOn, sm.Method = v.By, v.On.Format(members.DateLayout), v.Method
			}
			shown = append(shown, sm)
		}
	}
	label := fmt.Sprintf("%s (commit %s, %s: %s)", o.At, rev.Short(), rev.Date.Format(members.DateLayout), rev.Subject)
	if len(elsewhere[o.At]) > 0 {
		// The commit named is the members file's; these lists were in
		// other files then, read as they stood at o.At.
		var where []string
		for _, mv := range elsewhere[o.At] {
			where = append(where, labelOf(cur, mv.List)+" in "+mv.Path)
		}
		if notThen != nil {
			// Every list was elsewhere: the commit named is theirs.
			w.notef("note: %s then; %s did not exist yet under that name", strings.Join(where, ", "), o.File)
		} else {
			w.notef("note: %s then: the commit above is %s's", strings.Join(where, ", "), o.File)
		}
	}
	return report.Membership(w.out, o.Format, label, shown)
}

// namingFile is err with the file it begins with (history names it as
// git sees it, relative to the directory git ran in: "x.toml") named as
// the person running roster would write it ("sub/x.toml"), still
// wrapping err.
func (w *Workspace) namingFile(err error, dir, name string) error {
	if err == nil {
		return nil
	}
	base := w.path("")
	if base == "" {
		base = "."
	}
	shown, rerr := filepath.Rel(base, filepath.Join(dir, name))
	if rerr != nil || shown == name || strings.HasPrefix(shown, "..") {
		return err
	}
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, name+" "); ok {
		return &hinted{msg: shown + " " + rest, err: err}
	}
	if rest, ok := strings.CutPrefix(msg, name+":"); ok {
		return &hinted{msg: shown + ":" + rest, err: err}
	}
	return err
}

// landed is the revision to read for rev, a revision or a date, as the
// line stood: a commit of a branch merged since reads as the merge that
// landed it (what show --at that day shows; the branch's own state
// never was the line's), with a note saying so; a commit the line never
// had is read as it is, with a note that it never landed. Anything else
// is rev, whose errors the read reports.
func (w *Workspace) landed(ctx context.Context, dir, rev string) string {
	land, err := history.LandingOf(ctx, dir, rev)
	switch {
	case err != nil || land.OnLine:
		return rev
	case land.Merged.Commit != "":
		w.notef("note: %s is a commit of a branch that landed with %s (%s, %s); read as the line stood then, as show --at that day reads it",
			rev, land.Merged.Short(), land.Merged.Date.UTC().Format(members.DateLayout), land.Merged.Subject)
		return land.Merged.Commit
	}
	w.notef("note: %s is not on the current branch (a pull request's commit not merged, or one rewritten since): read as it is, though it never landed", rev)
	return rev
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
