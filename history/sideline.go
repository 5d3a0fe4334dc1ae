package history

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/roster-dev/roster/members"
)

// Branches merged into the line. The timeline reads the file's history
// on the first-parent line: the states the branch had. A branch merged
// into it may have listed someone and taken them off again before the
// merge, which no state of the line shows; and after a "foxtrot" merge
// (main merged into a feature branch, then main fast-forwarded to it)
// every commit main had made since the branch forked is such a branch's,
// those a sync ran from included. Whom the file managed counts them
// (ListedByGroup), and History shows what they did that their merge's
// own change does not.

// sideRev is a commit off the line, reachable from its end, that changed
// the members file.
type sideRev struct {
	// Revision is the commit, and the file's path and version (Blob)
	// there; LandedBy is when via had landed by, as it landed with it.
	Revision
	old   string   // the file's blob in the commit's first parent; "" when it had none
	merge bool     // a merge of the branch's own: its change is against its first parent
	via   Revision // the commit of the line it landed with: the first that has it
	// line is the file's revision on the line at via (its last one by
	// then): the state the branch's changes landed as.
	line Revision
}

// sideLines is the file's history on the branches merged into the line.
type sideLines struct {
	revs  []sideRev      // in the order they landed: by via, a commit's parents before it
	order map[string]int // each commit of the line's position on it, the oldest 0
}

// readSides reads the commits off the first-parent line of r.head,
// reachable from it, that changed the file whose revisions on the line
// are revs; nil when there are none. A commit counts under the path the
// file had in its first parent (the line's revision there, or the
// branch's own commit before), or under another of the file's names
// when it moved the file there (deleted at the one, added at the other)
// or the file was not there: a branch forked before a rename counts
// under the older name, and a file that took one of the file's old names
// on a branch forked after the rename is another file, with no say.
//
// Cost: one git log of the file's paths over every branch; for a line
// without merges, nothing more. Else one git log of the line's commits.
func (r *repo) readSides(ctx context.Context, revs []Revision) (*sideLines, error) {
	paths := pathsOf(revs)
	// --full-history: a merge whose version is its first parent's (the
	// branch listed bob and took him off again) still brought the
	// branch's commits, which git's default simplification would hide.
	// --parents rewrites parents to the commits shown, and shows every
	// merge, so that each branch commit is found from the merge that
	// took it in.
	args := []string{"log", "-z", "--topo-order", "--full-history", "--parents", "--diff-merges=first-parent",
		"--no-renames", "--raw", "--no-abbrev", "--format=" + parentsFormat, r.head, "--"}
	for _, p := range paths {
		args = append(args, pathspec(p))
	}
	out, err := git(ctx, r.dir, args...)
	if err != nil {
		return nil, err
	}
	commits, err := parseLogParents(out)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(commits, func(c logCommit) bool { return len(c.parents) > 1 }) {
		return nil, nil // no merge: the history is the line
	}
	line, landed, err := r.landingLine(ctx, r.head, "")
	if err != nil {
		return nil, err
	}
	order := make(map[string]int, len(line))
	for i, c := range line {
		order[c] = len(line) - 1 - i
	}
	byID := make(map[string]*logCommit, len(commits))
	var merges []*logCommit // the line's
	for i := range commits {
		c := &commits[i]
		byID[c.Commit] = c
		if _, on := order[c.Commit]; on && len(c.parents) > 1 {
			merges = append(merges, c)
		}
	}
	sort.Slice(merges, func(a, b int) bool { return order[merges[a].Commit] < order[merges[b].Commit] })
	// Each merge of the line, the oldest first, took in the branch
	// commits its other parents reach that no earlier one had.
	via := map[string]*logCommit{}
	for _, m := range merges {
		stack := slices.Clone(m.parents[1:])
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			lc := byID[c]
			if _, on := order[c]; on || lc == nil || via[c] != nil {
				continue
			}
			via[c] = m
			stack = append(stack, lc.parents...)
		}
	}
	// The file's revision at a commit of the line: its last one there.
	lineRev := func(c string) Revision {
		p := order[c]
		k := sort.Search(len(revs), func(k int) bool { return order[revs[k].Commit] > p }) - 1
		if k < 0 {
			return Revision{}
		}
		return revs[k]
	}
	lineAt := func(c string) string {
		if r := lineRev(c); r.Blob != "" {
			return r.Path
		}
		return ""
	}
	s := &sideLines{order: order}
	named := map[string]string{} // a branch commit -> the file's path there, "" when none
	// Oldest first (git printed children before their parents).
	for i := len(commits) - 1; i >= 0; i-- {
		c := &commits[i]
		m := via[c.Commit]
		if m == nil {
			continue // the line's own (every commit HEAD has is the line's, or a merge's)
		}
		base := ""
		if len(c.parents) > 0 {
			if _, on := order[c.parents[0]]; on {
				base = lineAt(c.parents[0])
			} else {
				base = named[c.parents[0]]
			}
		}
		named[c.Commit] = base
		e, ok := fileEntry(c.entries, base, paths)
		if !ok {
			continue
		}
		if e.blob == "" {
			named[c.Commit] = "" // deleted on the branch
			continue
		}
		named[c.Commit] = e.path
		rev := c.at(e)
		rev.LandedBy = landed[m.Commit]
		v := m.Revision
		v.LandedBy = landed[m.Commit]
		s.revs = append(s.revs, sideRev{Revision: rev, old: e.old, merge: len(c.parents) > 1, via: v, line: lineRev(m.Commit)})
	}
	if len(s.revs) == 0 {
		return nil, nil
	}
	sort.SliceStable(s.revs, func(a, b int) bool { return order[s.revs[a].via.Commit] < order[s.revs[b].via.Commit] })
	return s, nil
}

// fileEntry finds, among a branch commit's entries, the file's: the one
// at base, the path it had in the commit's parent; or, where the commit
// deleted it there or it had none, the one that added it at another of
// its names (paths), the latest name first: a move, whose version
// before is the one at base.
func fileEntry(entries []rawEntry, base string, paths []string) (rawEntry, bool) {
	k := -1
	if base != "" {
		k = slices.IndexFunc(entries, func(e rawEntry) bool { return e.path == base })
		if k >= 0 && entries[k].blob != "" {
			return entries[k], true
		}
		if k < 0 {
			// The file is unchanged at base: a file added at one of its
			// other names is another file.
			return rawEntry{}, false
		}
	}
	for i := len(paths) - 1; i >= 0; i-- {
		for _, e := range entries {
			if e.path == paths[i] && e.path != base && e.old == "" && e.blob != "" {
				if k >= 0 {
					e.old = entries[k].old
				}
				return e, true
			}
		}
	}
	if k >= 0 {
		return entries[k], true
	}
	return rawEntry{}, false
}

// walk reads the version of each of s's revisions and the one before it
// (its first parent's), and calls fn with them: a revision whose version
// does not parse, or lists one person twice, is skipped, as the line's
// are; old is emptyVersion when the file was not there before, and nil
// when that version does not parse.
func (s *sideLines) walk(ctx context.Context, blobs *Blobs, fn func(k int, old, cur *version)) error {
	rd := newReader()
	// A revision's version before is most often the one read just
	// before it: kept, not read again.
	lastBlob, last := "", (*version)(nil)
	read := func(r Revision) (*version, error) {
		if r.Blob == lastBlob && last != nil {
			return last, nil
		}
		v, err := rd.read(blobs, r)
		if unreadable(ctx, err) {
			return nil, err
		}
		if err != nil {
			return nil, nil
		}
		lastBlob, last = r.Blob, v
		return v, nil
	}
	for k, sr := range s.revs {
		old := emptyVersion
		if sr.old != "" {
			r := sr.Revision
			r.Blob, r.Mode = sr.old, ""
			v, err := read(r)
			if err != nil {
				return err
			}
			old = v
		}
		cur, err := read(sr.Revision)
		if err != nil {
			return err
		}
		if cur == nil {
			continue
		}
		fn(k, old, cur)
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// sideRemoval is where the branches took someone off a group.
type sideRemoval struct {
	removed Revision
	// byCommit: a commit of a branch took them off; else the merge that
	// took in the last branch version listing them did (removed).
	byCommit bool
	landed   int // the position on the line of the merge it landed with
}

// removals returns, per group and member identity, whom a version on the
// branches listed or took off, and on does not report listed at the end
// of the line, with where they were taken off: the last commit of a
// branch that did, when no branch version landed later lists them; else
// the merge that took in the last one that does, and did not keep them.
// A branch's own merge is no such commit: its change against its first
// parent is mostly what its other parent's line did.
func (s *sideLines) removals(ctx context.Context, blobs *Blobs, on func(g, id string) bool) (map[string]map[string]sideRemoval, error) {
	type track struct{ listed, removed int }
	tracks := map[string]map[string]*track{}
	err := s.walk(ctx, blobs, func(k int, old, cur *version) {
		if old == nil {
			old = emptyVersion // who cur lists it listed, whatever came before
		}
		for _, c := range groupChanges(old, cur) {
			if on(c.group, c.id) {
				continue
			}
			if tracks[c.group] == nil {
				tracks[c.group] = map[string]*track{}
			}
			t := tracks[c.group][c.id]
			if t == nil {
				t = &track{listed: -1, removed: -1}
				tracks[c.group][c.id] = t
			}
			switch {
			case c.role != "":
				t.listed = k
			case !s.revs[k].merge:
				t.removed = k
			}
		}
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]map[string]sideRemoval, len(tracks))
	for g, ids := range tracks {
		m := make(map[string]sideRemoval, len(ids))
		for id, t := range ids {
			switch {
			case t.removed > t.listed:
				r := s.revs[t.removed]
				m[id] = sideRemoval{removed: r.Revision, byCommit: true, landed: s.order[r.via.Commit]}
			case t.listed >= 0:
				v := s.revs[t.listed].via
				m[id] = sideRemoval{removed: v, landed: s.order[v.Commit]}
			}
		}
		out[g] = m
	}
	return out, nil
}

// sideChange is a change one of the branches' commits made.
type sideChange struct {
	change
	k        int       // its revision, in s.revs
	pre, was *preamble // as History's seen has them
	// atVia: the merge of the line that took the branch in made it
	// (resolving what the branch did), not s.revs[k].
	atVia bool
}

// changes returns who joined, left or changed role in the branches'
// commits, in the order they landed, leaving out what the merge that
// took each in shows itself: changedAt holds, per commit of the line,
// the group and person (group + "\x00" + PersonOf) its own change
// changed. A branch's merges count only where they undo what the
// branch's own commits did (a conflict resolved): the rest of their
// change is what their other parent's line did, read in its own
// commits. What the branch did to someone ends where the line's merge
// has them (see settle).
func (s *sideLines) changes(ctx context.Context, blobs *Blobs, changedAt map[string]map[string]bool) ([]sideChange, error) {
	var out []sideChange
	err := s.walk(ctx, blobs, func(k int, old, cur *version) {
		sr := s.revs[k]
		if old == nil {
			return
		}
		for _, c := range diff(old, cur) {
			if c.Action != Added && c.Action != Removed && c.Action != RoleChanged && c.Action != Vetted {
				continue
			}
			if sr.merge && c.Action == Vetted {
				continue
			}
			pre := cur.pre
			if c.left {
				pre = old.pre
			}
			if changedAt[sr.via.Commit][groupOf(c.List, pre, old.pre)+"\x00"+PersonOf(c.Email)] {
				continue
			}
			out = append(out, sideChange{change: c, k: k, pre: pre, was: old.pre})
		}
	})
	if err != nil {
		return nil, err
	}
	return s.settle(ctx, blobs, out)
}

// settle replays, for each merge of the line, the steps of the branch
// it took in, group and person by group and person, from where the line
// has them (the line's own change at the merge does not touch them, so
// it has them alike before and after it), and keeps the steps that
// change something: a branch commit's step (unless the line made the
// same change itself before the merge), and a branch merge's step that
// undoes one of the branch's own (a conflict resolved that left out
// whom the branch listed). Where the steps end elsewhere than the line
// has them, one more, the line's merge's (its resolution), brings them
// back to it: a timeline never shows someone joining with the branch
// and never leaving when the line's file does not list them.
func (s *sideLines) settle(ctx context.Context, blobs *Blobs, out []sideChange) ([]sideChange, error) {
	rd := newReader()
	var settled []sideChange
	for i := 0; i < len(out); {
		via := s.revs[out[i].k].via.Commit
		j := i
		for j < len(out) && s.revs[out[j].k].via.Commit == via {
			j++
		}
		line := s.revs[out[i].k].line
		var v *version
		if line.Blob != "" {
			got, err := rd.read(blobs, line)
			if unreadable(ctx, err) {
				return nil, err
			}
			v = got
		}
		if v == nil {
			// The line's file there is not read: nothing to settle
			// against; the branch commits' steps as they are.
			for _, sc := range out[i:j] {
				if !s.revs[sc.k].merge {
					settled = append(settled, sc)
				}
			}
			i = j
			continue
		}
		type state struct {
			on      bool
			role    members.Role
			last    sideChange // the last step kept
			stepped bool       // a branch commit's step was kept
		}
		ends := map[string]*state{}
		var keys []string
		// Who the line has on each group these steps touch, read in one
		// pass over its memberships.
		touched := map[string]bool{}
		for _, sc := range out[i:j] {
			if sc.Action != Vetted {
				touched[groupOf(sc.List, sc.pre, sc.was)] = true
			}
		}
		on := rolesOnGroups(v, touched)
		var recordsAt map[string][]Record // the line's records there, by person
		for _, sc := range out[i:j] {
			if sc.Action == Vetted {
				// A record the line had already (the same edit made on
				// both sides) is not vetted twice: the merge did not
				// change the person's records, so the line had them
				// before it as after.
				if recordsAt == nil {
					recordsAt = map[string][]Record{}
					for _, m := range v.members {
						recordsAt[m.person] = append(recordsAt[m.person], m.vetting...)
					}
				}
				if sc.Vetting == nil || !slices.Contains(recordsAt[PersonOf(sc.Email)], *sc.Vetting) {
					settled = append(settled, sc)
				}
				continue
			}
			g := groupOf(sc.List, sc.pre, sc.was)
			key := g + "\x00" + PersonOf(sc.Email)
			st := ends[key]
			if st == nil {
				now, was := on[g][PersonOf(sc.Email)]
				st = &state{on: was, role: now.role}
				ends[key] = st
				keys = append(keys, key)
			}
			merge := s.revs[sc.k].merge
			switch {
			case merge && !st.stepped,
				// A merge's change where the branch did nothing yet:
				// the other line's, read in its own commits.
				sc.Action == Added && st.on,
				// Listed already (the line added them too, in whatever
				// role): the join is the line's; the role is settled
				// below.
				sc.Action == Removed && !st.on,
				sc.Action == RoleChanged && (!st.on || st.role == sc.Role):
				// No change from where the person is.
				continue
			}
			if sc.Action != Added {
				// From the role they have, not the one the branch had.
				sc.PreviousRole = st.role
			}
			switch sc.Action {
			case Added:
				st.on, st.role = true, sc.Role
			case Removed:
				st.on = false
			case RoleChanged:
				st.role = sc.Role
			}
			st.last, st.stepped = sc, true
			settled = append(settled, sc)
		}
		for _, key := range keys {
			st := ends[key]
			g, person, _ := strings.Cut(key, "\x00")
			want, listed := on[g][person]
			if !st.stepped || st.on == listed && (!listed || st.role == want.role) {
				continue
			}
			fix := st.last
			fix.atVia, fix.in, fix.now, fix.left = true, nil, nil, false
			ev := Event{List: fix.List, Email: fix.Email}
			switch {
			case !listed:
				ev.Action, ev.PreviousRole = Removed, st.role
			case !st.on:
				ev.Action, ev.Role, ev.Email = Added, want.role, want.email
				fix.in, fix.now = v, want.st
				if id := listFor(v.pre, g); id != "" {
					ev.List = id
				}
				fix.pre = v.pre
			default:
				ev.Action, ev.Role, ev.PreviousRole = RoleChanged, want.role, st.role
			}
			fix.Event = ev
			settled = append(settled, fix)
		}
		i = j
	}
	return settled, nil
}
