package workspace

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

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

// History prints every membership change on the main line, and what
// the commits of branches merged into it did that their merges do not
// show, oldest first. Revisions that do not parse are reported and
// skipped.
func (w *Workspace) History(ctx context.Context, o HistoryOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	dir, name := w.gitPath(ctx, o.File)
	// A window's ends as show and diff read them: a merged branch's
	// commit is where its merge landed.
	backwards := fmt.Errorf("--until %s comes before --since %s on the line: no commit can be in that window; swap them", o.Until, o.Since)
	if history.Reversed(ctx, dir, o.Since, o.Until) {
		return backwards
	}
	for _, end := range []*string{&o.Since, &o.Until} {
		if *end != "" {
			*end = w.landed(ctx, dir, *end)
		}
	}
	var named map[string][]string
	events, problems, err := history.History(ctx, dir, name, history.Options{
		LogOptions: history.LogOptions{Since: o.Since, Until: o.Until, Now: w.env.Now},
		Lists:      o.Lists,
		Member:     o.Member,
		IDs:        func(ids map[string][]string) { named = ids },
	})
	if errors.Is(err, history.ErrReversedWindow) {
		return backwards
	}
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
		if cur := w.current(ctx, o.File); cur == nil || cur.FindMember(o.Member) == nil {
			w.notef("note: no version of %s in the range lists %s; check the address (history matches it in any case and spelling of the same mailbox)", o.File, o.Member)
		} else {
			w.notef("note: nothing changed for %s in the range asked", o.Member)
		}
	}
	// Named as show and diff name lists: with the group wherever the id
	// named another group too, in the window, now, or in this table.
	pairs := make([]string, 0, 2*len(events))
	for _, e := range events {
		pairs = append(pairs, e.List, e.Group)
	}
	for id, gs := range named {
		for _, g := range gs {
			pairs = append(pairs, id, g)
		}
	}
	return report.Events(w.out, o.Format, events, ambiguous([]*members.File{w.current(ctx, o.File)}, pairs...))
}

func (w *Workspace) skipped(problems []history.Problem) {
	for _, p := range problems {
		// A version with several parse errors: each on a line of its own,
		// as validate prints them, not joined by an escaped newline. Only
		// between two errors: a newline the file's name holds (one a
		// commit gave it) is the name's, shown escaped.
		lines := []string{p.Err.Error()}
		var list members.ErrorList
		if errors.As(p.Err, &list) && len(list) > 1 && strings.HasSuffix(lines[0], list.Error()) {
			lines = []string{strings.TrimSuffix(lines[0], list.Error()) + list[0].Error()}
			for _, e := range list[1:] {
				lines = append(lines, e.Error())
			}
		}
		w.notef("skipped %s (%s, %s): %s", p.Revision.Short(), p.Revision.Subject, p.Revision.Date.Format(members.DateLayout), lines[0])
		for _, l := range lines[1:] {
			w.notef("  %s", l)
		}
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
	ctx, done := history.WithReads(ctx)
	defer done()
	differs, err := w.diff(ctx, o)
	switch {
	case err != nil && o.ExitCode:
		// An unknown revision must not read as "the membership differs".
		// The reason goes with the status, for the JSON document a
		// script reads instead of an empty stdout.
		var ee *ExitError
		reason := err.Error()
		if errors.As(err, &ee) {
			reason = ee.Reason
		} else {
			w.errorf("%v", err)
		}
		return &ExitError{Code: ExitChanges, Reason: reason}
	case err != nil:
		return err
	case differs && o.ExitCode:
		return exit(ExitFailed)
	}
	return nil
}

func (w *Workspace) diff(ctx context.Context, o DiffOptions) (differs bool, err error) {
	dir, name := w.gitPath(ctx, o.File)
	// Named as asked: a branch's commit is read as its landing merge
	// (a note says which), not renamed to that merge's full id.
	fromName, toAsked := o.From, o.To
	o.From = w.landed(ctx, dir, o.From)
	if o.To != "" {
		o.To = w.landed(ctx, dir, o.To)
	}
	from, fromRev, fromWorking, fromErr := w.fileThen(ctx, dir, name, o.File, o.From)
	if from, fromErr = standIn(name, from, fromErr); fromErr != nil && from == nil {
		return false, fromErr
	}
	// An end whose list's own policy fails shows the members the last
	// version that applied it left, as show says (keptFromEarlier),
	// once the lists asked for are known; an end read twice, once.
	cur := w.current(ctx, o.File)
	type keptEnd struct {
		f       *members.File
		rev     history.Revision
		working bool
	}
	var keptEnds []keptEnd
	if fromErr == nil {
		keptEnds = append(keptEnds, keptEnd{from, fromRev, fromWorking})
	}
	from = oneListPerGroup(from)
	toName := "the working tree"
	var to *members.File
	var toErr error
	movedRev := o.To // the revision movedAway asks where lists went
	at := w.today()  // the working tree's records are judged today
	if o.To != "" {
		toName = toAsked
		var rev history.Revision
		var working bool
		to, rev, working, toErr = w.fileThen(ctx, dir, name, o.File, o.To)
		if to, toErr = standIn(name, to, toErr); toErr != nil && to == nil {
			return false, toErr
		}
		// Where a list went is asked of the commit the end is (a date
		// names none git knows), or of the files on disk for the
		// working tree.
		switch {
		case working:
			movedRev = ""
		case rev.Commit != "":
			movedRev = rev.Commit
		}
		if toErr == nil {
			keptEnds = append(keptEnds, keptEnd{to, rev, working})
		}
		to = oneListPerGroup(to)
		at = judgedAt(ctx, dir, o.To, rev)
	} else if to, _, err = w.parsed(ctx, Source{Path: o.File}, "nothing to compare with"); err != nil {
		return false, err
	} else {
		// Refused whole, the working tree is read as the commit that
		// stands in for it, and named so (a note says why).
		var rv history.Revision
		var instead bool
		if to, rv, instead = w.appliedAs(ctx, dir, name, o.File, to); instead {
			toName = rv.Short() + " (standing in for the working tree)"
		}
		keptEnds = append(keptEnds, keptEnd{to, rv, !instead})
	}
	// A list the file has now and had not at an end may have been in
	// another file then (it moved in since): that end reads it there, as
	// show and history do.
	ends := map[string]*members.File{o.From: from}
	if o.To != "" {
		ends[o.To] = to
	}
	where, err := w.withMovedLists(ctx, dir, name, cur, ends)
	if err != nil {
		return false, err
	}
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
			at = judgedAt(ctx, dir, o.To, newest(where[o.To]))
		}
	}
	groups, err := w.groupsOf(ctx, o.File, cur, o.Lists, "either revision", from, to)
	if err != nil {
		return false, err
	}
	var kept report.DiffKept
	for i, e := range keptEnds {
		if i == 1 && e.working == keptEnds[0].working && e.rev.Commit == keptEnds[0].rev.Commit {
			kept.To = kept.From // the same version at both ends: said once
			break
		}
		ids := w.keptFromEarlier(e.f, e.rev, cur, groups, o.File, e.working)
		if i == 0 && fromErr == nil {
			kept.From = ids
		} else {
			kept.To = ids
		}
	}
	// Compared whole, and kept by group: an id may name one group at
	// one end and another at the other, and --list asks for the group
	// it names now, at both ends.
	d := history.Compare(from, to, nil, at)
	if groups != nil {
		d = slices.DeleteFunc(d, func(l history.ListDiff) bool { return !slices.Contains(groups, l.Group) })
	}
	// Named by the id each list has now, as show and history name it.
	for i := range d {
		if l := listOfGroup(cur, d[i].Group); l != nil {
			d[i].List = l.ID
		}
	}
	sort.SliceStable(d, func(i, j int) bool { return d[i].List < d[j].List })
	pairs := make([]string, 0, 2*len(d))
	for _, l := range d {
		pairs = append(pairs, l.List, l.Group)
	}
	amb := ambiguous([]*members.File{cur, from, to}, pairs...)
	w.movedAway(ctx, dir, name, movedRev, o.To, to, d)
	if err := report.Diff(w.out, o.Format, fromName, toName, d, amb, kept); err != nil {
		return false, err
	}
	for _, l := range d {
		if !l.Empty() {
			return true, nil
		}
	}
	return false, nil
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
	ctx, done := history.WithReads(ctx)
	defer done()
	dir, name := w.gitPath(ctx, o.File)
	asked := o.At // a branch's commit is read as the merge it landed with, but named as asked
	o.At = w.landed(ctx, dir, o.At)
	f, rev, working, notThen := w.fileThen(ctx, dir, name, o.File, o.At)
	if f, notThen = standIn(name, f, notThen); notThen != nil && f == nil {
		return notThen
	}
	f = oneListPerGroup(f)
	// A list is named by the id it has now, as history, diff and the
	// site name it, so that their outputs join on it; one that moved in
	// since from another file is read where it was (history tells its
	// story from there too).
	cur := w.current(ctx, o.File)
	ends := map[string]*members.File{o.At: f}
	elsewhere, err := w.withMovedLists(ctx, dir, name, cur, ends)
	if err != nil {
		return err
	}
	f = ends[o.At]
	if notThen != nil {
		if len(f.Lists) == 0 {
			return notThen
		}
		rev = newest(elsewhere[o.At])
	}
	groups, err := w.groupsOf(ctx, o.File, cur, o.Lists, "the file at "+o.At, f)
	if err != nil {
		return err
	}
	lists := listsOfGroupsIn(f, groups)
	var shown []report.ShownMember
	people := vetting.NewPeople(f)
	judged := judgedAt(ctx, dir, o.At, rev)
	for _, l := range lists {
		label := labelOf(cur, l)
		// A list read in another file is judged there: its members'
		// records then were that file's, whatever the members file
		// said of the same people.
		src, srcPeople, pol := f, people, f.PolicyOf(l)
		if mv, ok := movedAs(elsewhere[o.At], l); ok {
			src, pol = mv.File, mv.File.PolicyOf(mv.List)
			srcPeople = vetting.NewPeople(src)
		}
		// By address as the rest compares them, case aside (Dan@ after
		// ada@), on a copy: the file's index keeps its order.
		ms := slices.Clone(f.MembersOf(l.ID))
		sort.SliceStable(ms, func(i, j int) bool {
			a, b := strings.ToLower(ms[i].Email), strings.ToLower(ms[j].Email)
			return a < b || a == b && ms[i].Email < ms[j].Email
		})
		for _, m := range ms {
			role, _ := m.RoleOn(l.ID)
			sm := report.ShownMember{List: label, Group: members.IdentityOf(l.Address), Email: m.Email, Name: m.Name, Role: role}
			// The record that admits them as the list's policy stood
			// then, as audit judges it: not merely the last written.
			entry := m
			if src != f {
				if e := src.FindMember(m.Email); e != nil {
					entry = e
				}
			}
			sm.Records = len(entry.Vetting)
			if v := vetting.Admits(l, pol, srcPeople, entry, judged); v != nil {
				sm.VettedBy, sm.VettedOn, sm.Method = v.By, v.On.Format(members.DateLayout), v.Method
			}
			shown = append(shown, sm)
		}
	}
	at := report.ShownAt{Asked: asked, Commit: rev.Commit, Date: rev.Date.Format(members.DateLayout),
		Label: fmt.Sprintf("%s (commit %s, %s: %s)", asked, rev.Short(), rev.Date.Format(members.DateLayout), rev.Subject)}
	if working {
		at = report.ShownAt{Asked: asked, Working: true, Label: fmt.Sprintf("%s (%s as it is now, uncommitted changes included: that day has not ended)", asked, o.File)}
	}
	at.Kept = w.keptFromEarlier(f, rev, cur, groups, o.File, working)
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
	pairs := make([]string, 0, 2*len(lists))
	for _, l := range lists {
		pairs = append(pairs, labelOf(cur, l), members.IdentityOf(l.Address))
	}
	return report.Membership(w.out, o.Format, at, shown, ambiguous([]*members.File{cur, f}, pairs...))
}

// keptFromEarlier names, and says in a note, the lists of f whose own
// policy fails in the version at rev (history's Kept): they keep, on
// every route, the members of the last version that applied it (as sync
// left the group), so what is shown for them is not the version's own
// text, which git show gives. Only the lists shown (groups) are named.
func (w *Workspace) keptFromEarlier(f *members.File, rev history.Revision, cur *members.File, shown []string, file string, working bool) []string {
	var kept []string
	// Which command says why: validate reads the working tree, and a
	// commit's version with --head.
	version, why := rev.Short(), "'"+w.hint("validate", "--head", rev.Short())+"'"
	if working {
		version, why = file+" as it is now", "'"+w.hint("validate")+"'"
	}
	for _, id := range rev.Kept {
		l := f.List(id)
		if l == nil || len(shown) > 0 && !slices.Contains(shown, members.IdentityOf(l.Address)) {
			continue // a list --list did not ask for
		}
		label := labelOf(cur, l)
		kept = append(kept, label)
		w.notef("note: the policy of list %s fails in %s: its members are those of the last version that applied it, as sync left the group, not those written there (%s says why)", label, version, why)
	}
	return kept
}

// judgedAt is the moment the records of the file at arg (a date or a
// revision, read as rev) are judged as of: the day, for a date (audit
// --at and site --at judge that day too), else when the commit named
// landed, as show --at that day judges it: not the date of rev, the
// file's last version by then (a release tag on a later commit asks
// about the later day, when a record may have lapsed).
func judgedAt(ctx context.Context, dir, arg string, rev history.Revision) time.Time {
	if day, err := time.Parse(members.DateLayout, arg); err == nil && history.IsDate(arg) {
		return day
	}
	if at, err := history.LandedDate(ctx, dir, arg); err == nil && at.After(rev.Date) {
		return at
	}
	return rev.Date
}
