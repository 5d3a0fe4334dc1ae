package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/regular"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/policies"
)

// Reading the members file at a revision or a day: as the line stood,
// with the lists that were in other files then, named as the person
// running roster names the file.

// current is the members file as it is now: history, show and diff
// name lists by the ids it gives them, resolve --list through it, and
// follow the lists it has back into the files they moved in from. When
// the working copy does not parse (a typo being fixed) or is gone, the
// last version sync would apply stands for it (history.Base at HEAD),
// so that answers about the past do not turn on the working copy; nil
// when there is none either.
func (w *Workspace) current(ctx context.Context, file string) *members.File {
	if data, err := regular.ReadFile(w.path(file)); err == nil {
		if f, err := members.Parse(file, data); err == nil {
			return f
		}
	}
	dir, name := w.gitPath(ctx, file)
	f, _, err := history.Base(ctx, dir, name, nil, "HEAD")
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
// added were then ("reports in other.toml"), for a header to say; and an
// error when that history cannot be read (history.Unreadable: a missing
// object, a partial clone), which would otherwise read as no list then.
func (w *Workspace) withMovedLists(ctx context.Context, dir, name string, cur *members.File, ends map[string]*members.File) (map[string][]history.MovedList, error) {
	if cur == nil {
		return nil, nil
	}
	var revs []string
	for rev, f := range ends {
		had := plan.IndexAddresses(f)
		if slices.ContainsFunc(cur.Lists, func(l *members.List) bool { return had[members.IdentityOf(l.Address)] == nil }) {
			revs = append(revs, rev)
		}
	}
	if len(revs) == 0 {
		return nil, nil
	}
	moved, err := history.MovedListsAt(ctx, dir, name, revs...)
	if history.Unreadable(err) {
		return nil, fmt.Errorf("the lists that moved into %s since cannot be read where they were: %w", name, err)
	}
	if err != nil {
		return nil, nil
	}
	where := map[string][]history.MovedList{}
	for _, rev := range revs {
		if len(moved[rev]) > 0 {
			ends[rev] = withLists(ends[rev], moved[rev])
			for _, mv := range moved[rev] {
				if slices.ContainsFunc(ends[rev].Lists, func(l *members.List) bool { return l.ID == mv.List.ID && l.Address == mv.List.Address }) {
					where[rev] = append(where[rev], mv)
				}
			}
		}
	}
	return where, nil
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
			out.Lists = append(out.Lists, ownPolicy(out, mv))
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
				// Their records in the other file admitted them to the
				// list there: facts about the person, kept with the
				// list, so that the list is judged as it stood.
				for _, v := range m.Vetting {
					if !slices.ContainsFunc(have.Vetting, func(x members.Vetting) bool { return sameRecord(x, v) }) {
						have.Vetting = append(slices.Clip(have.Vetting), v)
					}
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

// movedAs returns the moved list that l stands for in a file
// withLists made (a copy when it renamed its policy).
func movedAs(moved []history.MovedList, l *members.List) (history.MovedList, bool) {
	i := slices.IndexFunc(moved, func(mv history.MovedList) bool { return mv.List.ID == l.ID && mv.List.Address == l.Address })
	if i < 0 {
		return history.MovedList{}, false
	}
	return moved[i], true
}

// ownPolicy adds the policy mv's list had in its own file to out and
// returns the list naming it: under its own name, or, when out has a
// policy of that name that says something else, under the name and the
// file's path ("p in other.toml"), so that the list is judged by the
// rules it was under then.
func ownPolicy(out *members.File, mv history.MovedList) *members.List {
	p := mv.File.PolicyOf(mv.List)
	if p == nil {
		return mv.List
	}
	i := slices.IndexFunc(out.Policies, func(x *members.Policy) bool { return x.ID == p.ID })
	switch {
	case i < 0:
		out.Policies = append(out.Policies, p)
		return mv.List
	case out.Policies[i].Says(p):
		return mv.List
	}
	own := *p
	own.ID = p.ID + " in " + mv.Path
	if !slices.ContainsFunc(out.Policies, func(x *members.Policy) bool { return x.ID == own.ID }) {
		out.Policies = append(out.Policies, &own)
	}
	l := *mv.List
	l.Policy = own.ID
	return &l
}

// fileAt is history.FileAt for show and diff: a date whose file does
// not parse gives the last version before it that does (sync refuses a
// file that does not parse, so the groups stayed as that one left
// them), with a note naming what was skipped, as history skips it. A
// revision named (a commit, branch or tag) is the one asked about:
// another in its place would answer a question nobody asked, so one
// that does not parse is refused.
func (w *Workspace) fileAt(ctx context.Context, dir, name, rev string) (*members.File, history.Revision, error) {
	f, r, err := history.FileAt(ctx, dir, name, rev)
	notFile := errors.Is(err, history.ErrNotRegular)
	// Deleted, and there again now (added back later): a gap sync had
	// no file to apply in. A file moved away since (git mv) is not one:
	// its name now is the one to read it by, and the refusal says so.
	deleted := errors.Is(err, history.ErrDeleted) && history.CheckRegular(ctx, dir, name, "HEAD") == nil
	if !(errors.Is(err, history.ErrUnparsable) || notFile || deleted) || !history.IsDate(rev) {
		return f, r, w.namingFile(err, dir, name)
	}
	// As history skips it: a version that does not parse, or that is no
	// file (a link, a submodule), is passed over for the last one that
	// is read.
	f, good, berr := history.Base(ctx, dir, name, nil, rev)
	if berr != nil || good.Commit == "" || good.Commit == r.Commit {
		// No version before it serves either: the refusal stands.
		return nil, r, err
	}
	what := history.WhyPassedOver(err)
	switch {
	case deleted:
		// Sync had no file to apply: the groups kept what the last
		// version it applied gave them.
		what = "does not exist (" + err.Error() + ")"
	case notFile:
		what = "is not a regular file"
	case history.RefusedWhole(err):
		what += " (" + err.Error() + ")"
	}
	w.notef("%s at %s %s; using %s (%s, %s), the last version before it that sync would apply", name, rev, what, good.Short(), good.Date.UTC().Format(members.DateLayout), good.Subject)
	return f, good, nil
}

// fileThen is fileAt for show and diff, whose ends may be a day that
// has not ended: today, or one to come. The file as it stands at the end
// of such a day is the file as it is now, uncommitted changes included,
// as audit --at and site --at read it (one day, one membership, whichever
// command is asked); its records are judged as of that day. working
// reports that it was read so: the revision has no commit then.
func (w *Workspace) fileThen(ctx context.Context, dir, name, file, rev string) (f *members.File, r history.Revision, working bool, err error) {
	if day, derr := time.Parse(members.DateLayout, rev); derr == nil && !w.pastDay(day) {
		f, _, err = w.parsed(ctx, Source{Path: file}, "nothing to read as of "+rev)
		if err != nil {
			// A file that does not parse is one sync refuses whole: the
			// last version it would apply stands, as for a day's version
			// that does not parse, with a note.
			if _, serr := os.Stat(w.path(file)); serr != nil || ctx.Err() != nil {
				return nil, history.Revision{Date: day}, true, err
			}
			base, rv, berr := history.Base(ctx, dir, name, nil, "HEAD")
			if berr != nil || rv.Commit == "" {
				return nil, history.Revision{Date: day}, true, err
			}
			w.notef("%s as it is now does not parse; using %s (%s, %s), the last version sync would apply", file, rv.Short(), rv.Date.UTC().Format(members.DateLayout), rv.Subject)
			return base, rv, false, nil
		}
		// Read as it is, or, refused whole, as the commit that stands
		// in for it: named so, never as the file as it is now.
		g, rv, instead := w.appliedAs(ctx, dir, name, file, f)
		if instead {
			return g, rv, false, nil
		}
		// A list whose own policy fails keeps what the last version
		// that applied it left the group: named (show's
		// keptFromEarlier), as for a commit.
		return g, history.Revision{Date: day, Kept: rv.Kept}, true, nil
	}
	f, r, err = w.fileAt(ctx, dir, name, rev)
	return f, r, false, err
}

// oneListPerGroup is f with lists that name one group (a version validate
// refused, which sync never ran) folded into the first of them, each
// member on it once, in the strongest role any of them gave: the group
// is what has members, as history tells it, so that show, diff and
// history give one account of such a version. f itself when no two
// lists share a group. Only show and diff read versions so: audit and
// the site judge a version's lists as validate does, a shared group
// being a violation of its own.
func oneListPerGroup(f *members.File) *members.File {
	if f == nil {
		return f
	}
	first := map[string]string{} // group -> the first list's id
	into := map[string]string{}  // a later list's id -> the first's
	for _, l := range f.Lists {
		g := members.IdentityOf(l.Address)
		if id, ok := first[g]; ok {
			into[l.ID] = id
			continue
		}
		first[g] = l.ID
	}
	if len(into) == 0 {
		return f
	}
	// A new file, not a copy of f: f's index of who is on which list
	// would still answer for the lists folded away.
	out := &members.File{Name: f.Name, Schema: f.Schema, Admins: f.Admins, Policies: f.Policies,
		Lists: slices.DeleteFunc(slices.Clone(f.Lists), func(l *members.List) bool { _, gone := into[l.ID]; return gone })}
	out.Members = make([]*members.Member, len(f.Members))
	for i, m := range f.Members {
		c := *m
		c.Lists = nil
		for _, ms := range m.Lists {
			if id, ok := into[ms.List]; ok {
				ms.List = id
			}
			j := slices.IndexFunc(c.Lists, func(x members.Membership) bool { return x.List == ms.List })
			switch {
			case j < 0:
				c.Lists = append(c.Lists, ms)
			case ms.Role.Rank() > c.Lists[j].Role.Rank():
				c.Lists[j].Role = ms.Role
			}
		}
		out.Members[i] = &c
	}
	out.Index() // List and PolicyOf answer from the index
	return out
}

// namingFile is err with the file it begins with (history names it as
// git sees it, relative to the directory git ran in: "x.toml") named as
// the person running roster would write it ("sub/x.toml"), still
// wrapping err.
func (w *Workspace) namingFile(err error, dir, name string) error {
	if err == nil {
		return nil
	}
	shown := w.shownPath(filepath.Join(dir, name))
	if shown == name {
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

// shownPath is path as the person running roster would write it: from
// the working directory, or whole when it is outside it.
func (w *Workspace) shownPath(path string) string {
	base, err := filepath.Abs(w.path(""))
	if err != nil {
		return path
	}
	full, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	shown, err := filepath.Rel(base, full)
	if err != nil || strings.HasPrefix(shown, "..") {
		return path
	}
	return shown
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
	case err != nil || land.OnLine || land.Named:
		return rev
	case land.Merged.Commit != "":
		w.notef("note: %s is a commit of a branch that landed with %s (%s, %s); read as the line stood then, as show --at that day reads it",
			rev, land.Merged.Short(), land.Merged.LandedOn().UTC().Format(members.DateLayout), land.Merged.Subject)
		return land.Merged.Commit
	}
	w.notef("note: %s is not on the current branch (a pull request's commit not merged, or one rewritten since): read as it is, though it never landed", rev)
	return rev
}

// fileAsOf is the members file as it stood at the end of day (the last
// commit that had landed by then, as show --at reads it), with the lists
// that were in other files then, each list under the id it has in cur,
// the file now, so that it joins history's events, which name lists so.
func (w *Workspace) fileAsOf(ctx context.Context, dir, name, file string, cur *members.File, day time.Time) (*members.File, []history.MovedList, error) {
	at := day.Format(members.DateLayout)
	f, _, notThen := w.fileAt(ctx, dir, name, at)
	if f, notThen = standIn(name, f, notThen); notThen != nil && f == nil {
		return nil, nil, notThen
	}
	ends := map[string]*members.File{at: f}
	moved, err := w.withMovedLists(ctx, dir, name, cur, ends)
	if err != nil {
		return nil, nil, err
	}
	f = ends[at]
	if notThen != nil && len(f.Lists) == 0 {
		return nil, nil, notThen
	}
	return relabel(f, cur), moved[at], nil
}

// pastDay reports whether day, the --at of an audit or a site, is a
// day gone by, which reads the file as it stood then. day is always a
// date, today's when no --at was given: the zero Time is 0001-01-01,
// never "no --at".
func (w *Workspace) pastDay(day time.Time) bool {
	return day.Before(w.today())
}

// fileOnDay is fileAsOf for the routes that fall back to the file as it
// is (cur) when it has no history to read it from, saying so: fromGit
// is false then. moved are the lists read from the files they were in
// that day.
func (w *Workspace) fileOnDay(ctx context.Context, dir, name, file string, cur *members.File, day time.Time) (f *members.File, moved []history.MovedList, fromGit bool, err error) {
	then, moved, err := w.fileAsOf(ctx, dir, name, file, cur, day)
	switch {
	case cur != nil && (errors.Is(err, history.ErrNotInGit) || errors.Is(err, history.ErrUntracked)):
		w.notef("note: %s has no git history to read it as of %s from; it is read as it is now", file, day.Format(members.DateLayout))
		return cur, nil, false, nil
	case err != nil:
		return nil, nil, false, fmt.Errorf("--at %s: %w", day.Format(members.DateLayout), err)
	}
	return then, moved, true, nil
}

// placeFindings names, on each finding about an entry that was only in
// the file a moved list came from (its positions are that file's), that
// file: the merged file's name would point at another entry's line.
func placeFindings(fs []policies.Finding, f *members.File, moved []history.MovedList) {
	for _, mv := range moved {
		for i := range fs {
			if fs[i].Member == "" || mv.File.FindMember(fs[i].Member) == nil {
				continue
			}
			if l := f.List(fs[i].List); l == nil || members.IdentityOf(l.Address) != members.IdentityOf(mv.List.Address) {
				continue
			}
			if isMovedEntry(f, mv, fs[i].Member) || isMovedRecord(f, mv, fs[i]) {
				fs[i].File = mv.File.Name
			}
		}
	}
}

// isMovedRecord reports whether fd is about a vetting record that
// withLists brought into an entry of both files from mv's file: the
// record at fd's position is the other file's, and no record of the
// members file's own sits there too.
func isMovedRecord(f *members.File, mv history.MovedList, fd policies.Finding) bool {
	m, other := f.FindMember(fd.Member), mv.File.FindMember(fd.Member)
	if m == nil || other == nil {
		return false
	}
	at := func(vs []members.Vetting) (n int, rec members.Vetting) {
		for _, v := range vs {
			if v.Pos == fd.Pos {
				n, rec = n+1, v
			}
		}
		return n, rec
	}
	inMerged, rec := at(m.Vetting)
	inOther, theirs := at(other.Vetting)
	return inMerged == 1 && inOther == 1 && sameRecord(rec, theirs)
}

// isMovedEntry reports whether email's entry in f came from mv's file
// alone (withLists copied it): all its positions are that file's.
func isMovedEntry(f *members.File, mv history.MovedList, email string) bool {
	m, other := f.FindMember(email), mv.File.FindMember(email)
	return m != nil && other != nil && m.Pos == other.Pos
}

// relabel is f with its lists under the names show, diff and history
// give them: a list whose group cur (the file now) has, under cur's id
// (the group an id names now is the one --list selects); one of a group
// cur has not, under the id it had, with its group beside it ("l1
// (g1@example.org)") when a list of f takes that id now: two lists of
// one id would be read as one, and the id belongs to the group it names
// now, or cur gives it to another group (--list takes an id for the
// group it names now, so a bare id is always that group). Memberships
// follow; a copy, f untouched.
func relabel(f, cur *members.File) *members.File {
	curByGroup := plan.IndexAddresses(cur)
	ids := make([]string, len(f.Lists))
	taken := map[string]bool{}
	given := map[string]bool{} // groups whose id now a list of f took
	for i, l := range f.Lists {
		g := members.IdentityOf(l.Address)
		if c := curByGroup[g]; c != nil && !given[g] {
			ids[i], given[g], taken[c.ID] = c.ID, true, true
		}
	}
	rename := map[string]string{}
	for i, l := range f.Lists {
		if ids[i] == "" {
			ids[i] = l.ID
			if taken[l.ID] || cur != nil && cur.List(l.ID) != nil {
				// f's ids are distinct, and an id has no spaces: no
				// other list's name can be this one.
				ids[i] = l.ID + " (" + members.IdentityOf(l.Address) + ")"
			}
		}
		if ids[i] != l.ID {
			rename[l.ID] = ids[i]
		}
	}
	if len(rename) == 0 {
		return f
	}
	out := *f
	out.Lists = make([]*members.List, len(f.Lists))
	for i, l := range f.Lists {
		c := *l
		c.ID = ids[i]
		out.Lists[i] = &c
	}
	out.Members = make([]*members.Member, len(f.Members))
	for i, m := range f.Members {
		c := *m
		c.Lists = slices.Clone(m.Lists)
		for k := range c.Lists {
			if id, ok := rename[c.Lists[k].List]; ok {
				c.Lists[k].List = id
			}
		}
		out.Members[i] = &c
	}
	out.Index()
	return &out
}

// sameRecord reports whether two vetting records say the same.
func sameRecord(a, b members.Vetting) bool {
	return a.By == b.By && a.On.Equal(b.On) && a.Method == b.Method && a.Note == b.Note && a.Evidence == b.Evidence
}

// committedOnDay is the members file as committed at the end of day,
// with its lists under the ids they have in cur: the version itself,
// where settled (fileAsOf's) gives a list whose own policy failed that
// day the members sync left on it, or the version before one sync
// refused whole. Nil when it cannot be read; with the findings of its
// parse when it does not parse.
func (w *Workspace) committedOnDay(ctx context.Context, dir, name string, cur, settled *members.File, day time.Time) (*members.File, []policies.Finding) {
	data, rev, err := history.ReadAt(ctx, dir, name, day.Format(members.DateLayout))
	if errors.Is(err, history.ErrDeleted) {
		// A day the file did not exist: the groups kept what the last
		// version before it gave them, as fileAsOf reads it, and that
		// version's violations are the day's.
		if _, rv, berr := history.Base(ctx, dir, name, nil, day.Format(members.DateLayout)); berr == nil && rv.Commit != "" {
			data, rev, err = history.ReadAt(ctx, dir, name, rv.Commit)
		}
	}
	if err != nil || cur == nil || settled == nil {
		return nil, nil
	}
	at := rev.Path + "@" + rev.Short()
	raw, err := members.Parse(at, data)
	if err != nil {
		// A version that does not parse, which sync refused whole:
		// that is the day's finding.
		return nil, policies.FromParseError(at, err)
	}
	return relabel(raw, cur), nil
}
