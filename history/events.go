package history

import (
	"context"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/roster-dev/roster/members"
)

// History computes the membership events of the file at path (relative
// to dir), oldest first, following it across renames and moves. A list
// moved in from another file in one commit carries that file's events
// up to the move; one that had moved out to that file in one commit and
// comes back is one list all along: neither move is anyone joining or
// leaving, beyond what the two versions differ in.
// The commits of branches merged into the line add who joined, left or
// changed role there and the merge that took them in does not show
// itself (someone listed and taken off again before the merge, as a
// "foxtrot" merge leaves main's own commits): each dated as its merge
// landed, in a window as its merge is, and ordered just before it.
// Revisions that do not parse are returned as problems and skipped, never
// aborting the whole history. With opts.Lists, a vetted event is kept
// only when its member is on one of those lists in that revision.
//
// Errors: ErrNotInGit, ErrShallow, ErrNoCommits, ErrUntracked (see Log),
// ErrBadRevision for a Since or Until that names no commit.
func History(ctx context.Context, dir, path string, opts Options) ([]Event, []Problem, error) {
	r, err := openHead(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	// One time of reading for every date: the line's, the window's.
	now := opts.now()
	r.now, opts.Now = now, func() time.Time { return now }
	revs, err := r.fileLog(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	from, to, err := Select(ctx, dir, revs, opts.LogOptions)
	landed := landedAt(revs, r.now)
	if err != nil {
		return nil, nil, err
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	defer blobs.Close()
	type seen struct {
		c   change
		i   int // the index of r in revs
		r   Revision
		pre *preamble // of the version the event's list ids are in
		was *preamble // of the version before, for a list the change dropped
	}
	var all []seen
	last := emptyVersion
	// Every id a list had, to the groups it named: --list takes any.
	ids := newListIDs()
	named, note := ids.named, ids.note
	// The groups the file gained, for lists that may have moved in from
	// another file in that commit: their history is the other file's
	// until then.
	og, lost := newOurGroups(), lostGroups{}
	// The branches merged into the line, read before the walk: a
	// branch's addition is judged by the line's file as it stood when it
	// landed, which the walk keeps for them (lineAt).
	side, err := r.readSides(ctx, revs)
	if err != nil {
		return nil, nil, err
	}
	var vs *versionSet
	lineAt := map[string]int{} // a line revision a branch landed as -> its index in revs
	if opts.Versions != nil {
		vs = newVersionSet()
		if side != nil {
			at := make(map[string]int, len(revs))
			for i, rv := range revs {
				at[rv.Commit] = i
			}
			for _, sr := range side.revs {
				if i, ok := at[sr.line.Commit]; ok {
					lineAt[sr.line.Commit] = i
				}
			}
		}
	}
	var start *version // where the window starts: the version before it
	problems, err := walkVersions(ctx, blobs, revs, from, to, false, func(i int, prev, cur *version) {
		if start == nil {
			start = prev
		}
		if vs != nil {
			_, landedOn := lineAt[revs[i].Commit]
			vs.walk(i, revs[i].Commit, landed[i], cur, landedOn)
		}
		if prev.pre != cur.pre {
			note(prev.pre)
			note(cur.pre)
			og.note(revs[i].Commit, prev, cur)
			lost.note(revs[i].Commit, prev.pre, cur.pre)
		}
		for _, c := range diff(prev, cur) {
			x := seen{c, i, revs[i], cur.pre, prev.pre}
			if c.left {
				x.pre = prev.pre // the group the id named then
			}
			all = append(all, x)
		}
		last = cur
	})
	if err != nil {
		return nil, nil, err
	}
	note(last.pre)
	// The ids events are named by, and an id --list names now, are the
	// file's now, whatever window was asked for: a window that ends
	// before a rename still calls the list by its id today, as the
	// whole history does.
	final := last
	if to < len(revs) {
		if _, err := walkVersions(ctx, blobs, revs, len(revs)-1, len(revs), false, func(_ int, _, cur *version) { final = cur }); err != nil {
			return nil, nil, err
		}
		note(final.pre)
	}
	if from > 0 || to < len(revs) {
		// An id the window never saw may be one the list had before it
		// or after it (renamed on the way), and the id a group's events
		// are named by is the last it had (latest): the other versions
		// say, so that a month's window names a group as the whole
		// history does, and --list takes the id its rows show.
		if err := scanIDs(ctx, blobs, revs, note); err != nil {
			return nil, nil, err
		}
	}
	if opts.IDs != nil {
		ids := make(map[string][]string, len(named))
		for id, gs := range named {
			ids[id] = sortedKeys(gs)
		}
		opts.IDs(ids)
	}
	// Every event is named by the id its group's list has last: a list
	// renamed on the way (same address) is one list, from its first event
	// to its last, as ListedByGroup and the site key it.
	latest := ids.latest(final.pre)
	wanted := map[string]bool{} // groups, and ids that named none
	for _, id := range opts.Lists {
		if g := final.pre.groups[id]; g != "" {
			// An id the file has now names its list now, even if another
			// group's list had it before (renamed, and the id reused).
			wanted[g] = true
			continue
		}
		wanted[id] = true
		for g := range named[id] {
			wanted[g] = true
		}
	}
	member := ""
	if opts.Member != "" {
		member = members.MailboxOf(opts.Member)
	}
	// Whether an entry is on a wanted list, by entry and preamble: an
	// entry's records share one answer, read once, where reading its
	// lists again for each record made a member with a record per list
	// cost their product.
	type entryIn struct {
		st  *memberState
		pre *preamble
	}
	onWanted := map[entryIn]bool{}
	offWanted := map[string]bool{} // events kept for heldOnWanted, by offKey
	gone := map[string]bool{}      // removals of wanted lists that took the entry out, by offKey
	want := func(x seen) bool {
		if member != "" && members.MailboxOf(x.c.Email) != member {
			return false
		}
		if len(wanted) == 0 {
			return true
		}
		if x.c.Action != Vetted && x.c.Action != VettingRemoved {
			on := wanted[groupOf(x.c.List, x.pre, x.was)] || wanted[x.c.List]
			if x.c.Action == Removed && x.c.now == nil {
				// The whole entry out of the file, and its records with
				// it: heldOnWanted forgets them.
				if !on {
					offWanted[offKey(x.r.Commit, x.c.Event)] = true
					return true
				}
				gone[offKey(x.r.Commit, x.c.Event)] = true
			}
			return on
		}
		// A vetting record concerns the lists its member is on.
		if x.c.now == nil {
			if x.c.Vetting != nil {
				// The entry gone, and its records with it: kept for
				// heldOnWanted, which drops them, so that a record the
				// person no longer holds is never shown admitting them
				// when they come back.
				offWanted[offKey(x.r.Commit, x.c.Event)] = true
				return true
			}
			return false
		}
		k := entryIn{x.c.now, x.pre}
		if x.c.held != nil {
			// A record removed concerns the lists of the entry that
			// held it (someone back in the file on another list, whose
			// old records are gone, is not that list's business).
			pre := x.was
			if pre == nil || len(pre.groups) == 0 {
				pre = x.pre // a record moved in: its list's group
			}
			k = entryIn{x.c.held, pre}
		}
		on, ok := onWanted[k]
		if !ok {
			on = slices.ContainsFunc(k.st.order, func(l string) bool { return wanted[groupOf(l, k.pre)] || wanted[l] })
			onWanted[k] = on
		}
		if !on && x.c.Vetting != nil {
			// Made (or dropped) while they were on none of the lists:
			// kept for now, and shown only if they join one holding it
			// (heldOnWanted), as the record that admitted them there.
			offWanted[offKey(x.r.Commit, x.c.Event)] = true
			return true
		}
		return on
	}
	if from > 0 || to < len(revs) {
		// A list moved in before (or after) the window has events in it
		// all the same, from the other file: find the moves of the whole
		// history.
		if og, err = gainedGroups(ctx, blobs, revs); err != nil {
			return nil, nil, err
		}
	}
	moves, err := movesIn(ctx, dir, path, pathsOf(revs), og, blobs, 0)
	if err == nil {
		moves, err = mergeHandovers(ctx, dir, moves)
	}
	if err != nil {
		return nil, nil, err
	}
	// An id a list had in a file it moved in from names its group, and
	// so its events since the move too, as an id it had before a rename
	// does (unless the file has a list of that id now).
	for _, mv := range moves {
		for _, me := range mv.events {
			if slices.Contains(opts.Lists, me.c.List) && final.pre.groups[me.c.List] == "" {
				wanted[mv.group] = true
			}
		}
	}
	// At a move, the entries that came with the list did not join it:
	// their joins are dropped (or are role changes), their records came
	// with them, and who the move left behind left.
	// A list that had moved out to that file in one commit, and now
	// back, left nobody at the move out but those the other file's
	// events say (see handedOut): the members file's departures there
	// are the list leaving for the other file.
	movedAt := map[string]map[string]map[string]onGroup{} // commit -> group -> identity -> as before
	outAt := map[string]map[string]bool{}                 // commit -> group
	var events []Event
	for _, mv := range moves {
		if movedAt[mv.commit] == nil {
			movedAt[mv.commit] = map[string]map[string]onGroup{}
		}
		movedAt[mv.commit][mv.group] = mv.before
		if mv.out != "" {
			if outAt[mv.out] == nil {
				outAt[mv.out] = map[string]bool{}
			}
			outAt[mv.out][mv.group] = true
		}
	}
	keepBound := func(bound string, since bool) func(Revision) bool {
		if bound == "" {
			return func(Revision) bool { return true }
		}
		keep, err := after(ctx, dir, bound, since)
		if err != nil {
			return func(Revision) bool { return false }
		}
		return keep
	}
	inSince, inUntil := keepBound(opts.Since, true), keepBound(opts.Until, false)
	var landings map[string]time.Time
	if len(moves) > 0 {
		// The other files' revisions are dated as the line's commits
		// landed, as the members file's are (Landed).
		if landings, err = r.landings(ctx, r.head, ""); err != nil {
			return nil, nil, err
		}
	}
	if opts.Caps != nil {
		caps := map[string][]CapAt{}
		for _, mv := range moves {
			for _, mc := range mv.caps {
				date := mc.r.Date
				if at, ok := landings[mc.r.Commit]; ok {
					date = at
				}
				if inUntil(mc.r) {
					caps[mv.group] = append(caps[mv.group], CapAt{Date: date, Cap: mc.cap, File: mc.r.Path, Commit: mc.r.Commit})
				}
			}
		}
		for g := range caps {
			sort.SliceStable(caps[g], func(a, b int) bool { return caps[g][a].Date.Before(caps[g][b].Date) })
		}
		opts.Caps(caps)
	}
	// A record moved in with its list reads its entry's lists as all of
	// that group: one preamble per entry and group, shared by the
	// entry's records (and so one answer of want for them all).
	type entryOn struct {
		st    *memberState
		group string
	}
	movedPre := map[entryOn]*preamble{}
	for _, mv := range moves {
		for _, me := range mv.events {
			if at, ok := landings[me.r.Commit]; ok {
				me.r.Date = at
			}
			x := seen{c: me.c, r: me.r, pre: &preamble{groups: map[string]string{me.c.List: mv.group}}, was: emptyPreamble}
			if me.c.Action == Vetted || me.c.Action == VettingRemoved {
				k := entryOn{me.c.now, mv.group}
				if x.pre = movedPre[k]; x.pre == nil {
					x.pre = &preamble{groups: make(map[string]string, len(me.c.now.order))}
					for _, id := range me.c.now.order {
						x.pre.groups[id] = mv.group
					}
					movedPre[k] = x.pre
				}
			}
			if !want(x) || !inSince(me.r) || !inUntil(me.r) {
				continue
			}
			e := me.c.Event
			if e.List != "" {
				e.Group = mv.group
			}
			if id := latest[mv.group]; e.List != "" && id != "" {
				e.List = id // else the id it had there: the window ends before the move
			}
			e.Commit, e.Date, e.Author, e.Subject = me.r.Commit, me.r.Date, me.r.Author, me.r.Subject
			e.File = mv.path
			if me.path != "" {
				e.File = me.path
			}
			vs.attach(&e, me.c, -1)
			events = append(events, e)
		}
	}
	// The entries a commit's moves brought someone with (their entries
	// in the other file), by the commit and their entry here: read once
	// per entry, from its lists, and each of its records then looked up
	// in those entries' records, where reading its lists for every
	// record made a member with a record per list cost their product
	// (in every commit, a move or not).
	broughtBy := map[struct {
		commit string
		entryIn
	}][]*memberState{}
	recordsOf := map[*memberState]map[Record]bool{}
	cameWith := func(commit string, st *memberState, pre *preamble, r *Record) bool {
		k := struct {
			commit string
			entryIn
		}{commit, entryIn{st, pre}}
		from, ok := broughtBy[k]
		if !ok {
			person := PersonOf(st.email)
			for _, l := range st.order {
				if b, ok := movedAt[commit][groupOf(l, pre)][person]; ok {
					for _, o := range append([]*memberState{b.st}, b.also...) {
						if o != nil && !slices.Contains(from, o) {
							from = append(from, o)
						}
					}
				}
			}
			broughtBy[k] = from
		}
		if r == nil {
			return false
		}
		for _, o := range from {
			rs := recordsOf[o]
			if rs == nil {
				rs = make(map[Record]bool, len(o.vetting))
				for _, v := range o.vetting {
					rs[v] = true
				}
				recordsOf[o] = rs
			}
			if rs[*r] {
				return true
			}
		}
		return false
	}
	for _, x := range all {
		g := groupOf(x.c.List, x.pre, x.was)
		if outAt[x.r.Commit][g] && x.c.Action != Vetted && x.c.Action != VettingRemoved {
			continue
		}
		before, moved := movedAt[x.r.Commit][g]
		if moved {
			id := PersonOf(x.c.Email)
			if b, was := before[id]; was && x.c.Action == Added {
				if b.role == x.c.Role {
					continue
				}
				x.c.Action, x.c.PreviousRole = RoleChanged, b.role
			}
		}
		if x.c.Action == Vetted && x.c.now != nil && len(movedAt[x.r.Commit]) > 0 && cameWith(x.r.Commit, x.c.now, x.pre, x.c.Vetting) {
			continue // a record that came with its entry from the other file
		}
		if !want(x) {
			continue
		}
		e := x.c.Event
		if e.List != "" {
			e.Group = g
		}
		if g != "" && latest[g] != "" {
			e.List = latest[g]
		}
		e.Commit, e.Date, e.Author, e.Subject = x.r.Commit, landed[x.i], x.r.Author, x.r.Subject
		e.LandedLate = x.r.LandedLate
		vs.attach(&e, x.c, x.i)
		events = append(events, e)
	}
	// Who the move left behind left, in the commit of the move.
	for _, mv := range moves {
		i := slices.IndexFunc(revs, func(r Revision) bool { return r.Commit == mv.commit })
		cur := og.gainedIn[mv.commit][mv.group]
		if i < from || i >= to || cur == nil {
			continue
		}
		now := rolesOn(cur, mv.group)
		list := latest[mv.group]
		if list == "" {
			// The group has no list at the end (its address changed
			// since): the id its list had at the move.
			list = listFor(cur.pre, mv.group)
		}
		for _, id := range slices.Sorted(maps.Keys(mv.before)) {
			b := mv.before[id]
			if _, stays := now[id]; stays {
				continue
			}
			c := change{Event: Event{List: list, Email: b.email, Action: Removed, PreviousRole: b.role}}
			x := seen{c: c, i: i, r: revs[i], pre: &preamble{groups: map[string]string{c.List: mv.group}}, was: emptyPreamble}
			if !want(x) {
				continue
			}
			e := c.Event
			e.Group = mv.group
			e.Commit, e.Date, e.Author, e.Subject = revs[i].Commit, landed[i], revs[i].Author, revs[i].Subject
			events = append(events, e)
		}
	}
	sideVia := map[string]string{} // a branch's commit -> the line's it landed with
	if side != nil {
		// What the branches merged into the line did that their merges
		// do not show: someone listed and taken off again before the
		// merge (see readSides).
		changedAt := map[string]map[string]bool{}
		for _, x := range all {
			if changedAt[x.r.Commit] == nil {
				changedAt[x.r.Commit] = map[string]bool{}
			}
			changedAt[x.r.Commit][groupOf(x.c.List, x.pre, x.was)+"\x00"+PersonOf(x.c.Email)] = true
		}
		changes, err := side.changes(ctx, blobs, changedAt)
		if err != nil {
			return nil, nil, err
		}
		for _, sc := range changes {
			sr := side.revs[sc.k]
			via := Revision{Commit: sr.via.Commit, Date: sr.LandedOn()}
			if x := (seen{c: sc.change, r: sr.Revision, pre: sc.pre, was: sc.was}); !want(x) || !inSince(via) || !inUntil(via) {
				continue
			}
			e := sc.Event
			e.Group = groupOf(e.List, sc.pre, sc.was)
			if latest[e.Group] != "" {
				e.List = latest[e.Group]
			}
			e.Commit, e.Date, e.Author, e.Subject, e.ViaSubject = sr.Commit, sr.LandedOn(), sr.Author, sr.Subject, sr.via.Subject
			if sc.atVia {
				// The line's merge settled it: its own change, after
				// the branch's.
				e.Commit, e.Author, e.Subject, e.ViaSubject = sr.via.Commit, sr.via.Author, sr.via.Subject, ""
				if offWanted[offKey(sr.Commit, e)] {
					offWanted[offKey(e.Commit, e)] = true
				}
				if gone[offKey(sr.Commit, e)] {
					gone[offKey(e.Commit, e)] = true
				}
			}
			if i, ok := lineAt[sr.line.Commit]; ok && !sc.atVia {
				// Joined when the branch landed: judged by the line's
				// file then (its policies, its vetters' roles), with the
				// branch's entry, not by the branch's own file.
				vs.attachLanded(&e, sc.change, i)
			} else {
				vs.attach(&e, sc.change, -1)
			}
			events = append(events, e)
			if !sc.atVia {
				sideVia[sr.Commit] = sr.via.Commit
			}
		}
	}
	if len(moves) > 0 || len(sideVia) > 0 {
		// The other files' events and ours, in the order their commits
		// are on the line (their dates may tie, or go back), dated as
		// they landed; a branch's, just before the merge that took it in.
		var order map[string]int
		if side != nil {
			order = side.order
		} else if order, err = lineOrder(ctx, dir); err != nil {
			return nil, nil, err
		}
		at := func(e Event) (Revision, bool) {
			if via, ok := sideVia[e.Commit]; ok {
				return Revision{Commit: via, Date: e.Date}, true
			}
			return Revision{Commit: e.Commit, Date: e.Date}, false
		}
		sort.SliceStable(events, func(a, b int) bool {
			ra, sa := at(events[a])
			rb, sb := at(events[b])
			if ra.Commit == rb.Commit {
				return sa && !sb
			}
			return before(order, ra, rb)
		})
		for i := len(events) - 2; i >= 0; i-- {
			if events[i+1].Date.Before(events[i].Date) {
				events[i].Date = events[i+1].Date
			}
		}
	}
	if len(offWanted) > 0 {
		// The records held where a window starts were made before it:
		// on a list asked about, in its history; off them, shown once
		// their member joins one.
		shownBefore, heldBefore := map[string]map[string]bool{}, map[string]map[string]bool{}
		if start != nil && from > 0 {
			for _, st := range start.members {
				into := heldBefore
				if slices.ContainsFunc(st.order, func(l string) bool { g := groupOf(l, start.pre); return wanted[g] || wanted[l] }) {
					into = shownBefore
				}
				p := PersonOf(st.email)
				for _, r := range st.vetting {
					if into[p] == nil {
						into[p] = map[string]bool{}
					}
					into[p][recordKey(r)] = true
				}
			}
		}
		events = heldOnWanted(events, offWanted, gone, shownBefore, heldBefore, func(e Event) bool { return wanted[e.Group] || wanted[e.List] })
	}
	if err := markMovedOut(ctx, dir, events, lost); err != nil {
		return nil, nil, err
	}
	if vs != nil {
		vs.finish()
		opts.Versions(vs.walked)
	}
	return events, problems, nil
}
