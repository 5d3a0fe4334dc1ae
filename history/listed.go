package history

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"

	"github.com/roster-dev/roster/members"
)

// removedWhere says where r removed someone, and when it landed (as
// history dates it, not by its committer's clock).
func removedWhere(r Revision, from string) string {
	if from != "" {
		return fmt.Sprintf("removed in %s on %s from %s: %s", r.Short(), r.LandedOn().UTC().Format(dayLayout), from, r.Subject)
	}
	return fmt.Sprintf("removed in %s on %s: %s", r.Short(), r.LandedOn().UTC().Format(dayLayout), r.Subject)
}

// ListedByGroup returns whom the file managed: for each group (the
// identity of a list's address, members.IdentityOf) the file had a list
// for in any committed version on the current line, everyone it put on
// that group, by identity, with where it last did, as Listed says it.
// It is how sync knows whom it managed: a live member the file once
// listed and no longer does was taken off by a person, and is removed
// even under unmanaged = "report".
//
// Keyed by group, a list renamed in the file (same address) keeps its
// members' history, also when the rename and a removal are one commit.
// The file is followed across renames and moves; and a list that moved
// here from another tracked file (any name) carries that file's history
// up to the move: one git log of the commits in which this file gained a
// group finds the files they changed, and only those files' histories
// are read. A list moved when one commit
// dropped it from the other file and put it in this one; any other file
// that merely names the address (an example, a draft, a file committed
// and deleted to look like a removal, ahead of the day this file adopts
// the group) has no say, and what the other file did after the move has
// none either. A list that had moved out of this file into the other
// one and then back is followed through the other file in between.
// Where both files took someone off, the later removal on the line is
// named, whatever the commits' dates. Someone the other file
// took off is "removed in <commit> on <date> from <path>:
// <subject>". Addresses are searched case-insensitively as written in
// the file.
//
// The branches merged into the line count as the line does: someone a
// commit of one listed (a merge's second parent's, or one of a branch
// merged into that) whom the file at the end of the line does not list
// was taken off. After a "foxtrot" merge (main merged into a feature
// branch, then main fast-forwarded to it) every commit main had made
// since the branch forked is such a commit, those sync ran from
// included. They are "removed in" the last branch commit that took them
// off, dated as its merge landed, unless a branch version that landed
// later lists them again: then in the merge that took that one in. A
// removal on the line stands, unless a branch commit that took them off
// too landed with a later merge. A branch never merged is no part of
// the history, and has no say.
//
// Cost: ReadTimeline's, then Timeline.ListedByGroup's.
//
// Errors: ErrNotInGit, ErrShallow, ErrNoCommits, ErrUntracked (see Log).
func ListedByGroup(ctx context.Context, dir, path string) (map[string]map[string]string, error) {
	t, err := ReadTimeline(ctx, dir, path)
	if err != nil {
		return nil, err
	}
	return t.ListedByGroup(ctx)
}

// ListedByGroup answers the package function ListedByGroup from a
// timeline already read.
//
// Cost: one git log of the commits that gained groups; more only when
// they changed other files that had those groups (a log of them, and a
// read of their versions), and so on for each file back, up to maxHops.
// One git log of the file's commits on every branch (readSides); when
// the line has merges, one of the line's commits too, and a read of the
// versions the branches' commits gave the file and had before.
func (t *Timeline) ListedByGroup(ctx context.Context) (map[string]map[string]string, error) {
	managed, err := t.Managed(ctx)
	if err != nil {
		return nil, err
	}
	return Wheres(managed), nil
}

// Wheres is a Managed answer as ListedByGroup gives it: where the file
// last listed each.
func Wheres(managed map[string]map[string]Managed) map[string]map[string]string {
	out := make(map[string]map[string]string, len(managed))
	for g, ids := range managed {
		m := make(map[string]string, len(ids))
		for id, s := range ids {
			m[id] = s.Where
		}
		out[g] = m
	}
	return out
}

// Managed is whom a group's list managed, as ListedByGroup reads it.
type Managed struct {
	// Where says where the file last listed them, as ListedByGroup does.
	Where string
	// Listed is true when the last commit lists them; else Removed is
	// the commit that took them off (of the file they were taken off
	// in: another file, for a list that moved here since).
	Listed  bool
	Removed Revision
}

// Managed is ListedByGroup with each answer's parts: whether the last
// commit lists them, else the commit that took them off, in whichever
// file that was.
func (t *Timeline) Managed(ctx context.Context) (map[string]map[string]Managed, error) {
	if t.repo == nil {
		return nil, errors.New("history: ListedByGroup needs a timeline from ReadTimeline")
	}
	r := t.repo
	revs := t.revs
	last := revs[len(revs)-1]
	type state struct {
		listing
		from string // "" for the members file itself
	}
	merged := map[string]map[string]state{}
	for g, ids := range t.listings() {
		m := make(map[string]state, len(ids))
		for id, l := range ids {
			m[id] = state{listing: l}
		}
		merged[g] = m
	}
	// Lists that came from other files, hop by hop: a file that handed
	// a list to this one may have had it from another (a.toml, then
	// b.toml, then members.toml). Each hop follows one group, and only
	// what the file it reached had before it handed that group on: a
	// draft that gives the group to an in-between file later, or a group
	// the in-between file had otherwise, has no say.
	type hop struct {
		tl    *Timeline
		group string
		from  int // the first of tl's revisions that counts (the gain that began what it handed on)
		until int // the last of tl's revisions that counts
	}
	var items []hop
	for _, g := range slices.Sorted(maps.Keys(merged)) {
		items = append(items, hop{t, g, 0, len(revs) - 1})
	}
	var blobs *Blobs
	defer func() {
		if blobs != nil {
			blobs.Close()
		}
	}()
	var order map[string]int // read when two removals are compared
	timelines := map[string]*Timeline{}
	visited := map[string]bool{}
	for depth := 0; depth < maxHops && len(items) > 0; depth++ {
		// One search and one log for the whole hop.
		gains := map[string][]string{}
		for _, it := range items {
			for _, i := range it.tl.gained[it.group] {
				if c := it.tl.revs[i].Commit; i >= it.from && i <= it.until && !slices.Contains(gains[c], it.group) {
					gains[c] = append(gains[c], it.group)
				}
			}
		}
		others, err := r.otherPaths(ctx, gains, pathsOf(revs))
		if err != nil {
			return nil, err
		}
		var unread []string
		for _, p := range others {
			if _, ok := timelines[p]; !ok {
				unread = append(unread, p)
			}
		}
		if len(unread) > 0 {
			byPath, err := r.pathsLog(ctx, unread)
			if err != nil {
				return nil, err
			}
			if blobs == nil {
				if blobs, err = OpenBlobs(ctx, r.dir); err != nil {
					return nil, err
				}
			}
			for _, p := range unread {
				timelines[p] = nil
				if prevs := byPath[p]; len(prevs) > 0 {
					if timelines[p], err = buildTimeline(ctx, blobs, prevs, true); err != nil {
						return nil, err
					}
				}
			}
		}
		var next []hop
		for _, it := range items {
			m := merged[it.group]
			for _, p := range others {
				ot := timelines[p]
				if ot == nil || ot == it.tl {
					continue
				}
				for _, moved := range it.tl.handoversBetween(ot, it.group, it.from, it.until) {
					from := ot.gainedBefore(it.group, moved)
					key := fmt.Sprintf("%s\x00%s\x00%d", p, it.group, moved)
					if visited[key] {
						continue
					}
					visited[key] = true
					next = append(next, hop{ot, it.group, from, moved})
					for id, l := range ot.listingsBetween(it.group, from, moved) {
						have, ok := m[id]
						switch {
						case !ok:
						case have.on:
							continue
						case l.on:
						default:
							// The later removal is the last word: later on
							// the line, whatever the commits' dates say.
							if order == nil {
								if order, err = lineOrder(ctx, r.dir); err != nil {
									return nil, err
								}
							}
							if !before(order, have.removed, l.removed) {
								continue
							}
						}
						m[id] = state{listing: l, from: p}
					}
				}
			}
		}
		items = next
	}
	for _, it := range items {
		for _, i := range it.tl.gained[it.group] {
			if i >= it.from && i <= it.until {
				return nil, fmt.Errorf("group %s: %w", it.group, ErrTooManyMoves)
			}
		}
	}
	// The branches merged into the line: a person a commit of one listed
	// was managed, as the line's own were (see readSides).
	side, err := r.readSides(ctx, revs)
	if err != nil {
		return nil, err
	}
	if side != nil {
		if blobs == nil {
			if blobs, err = OpenBlobs(ctx, r.dir); err != nil {
				return nil, err
			}
		}
		gone, err := side.removals(ctx, blobs, func(g, id string) bool { return merged[g][id].on })
		if err != nil {
			return nil, err
		}
		for g, ids := range gone {
			m := merged[g]
			if m == nil {
				m = map[string]state{}
				merged[g] = m
			}
			for id, sr := range ids {
				if have, ok := m[id]; ok {
					// Taken off on the line too: its removal stands, unless a
					// branch's own commit took them off and landed later.
					if at, known := side.order[have.removed.Commit]; have.on || !sr.byCommit || !known || at >= sr.landed {
						continue
					}
				}
				m[id] = state{listing: listing{removed: sr.removed}}
			}
		}
	}
	out := make(map[string]map[string]Managed, len(merged))
	for g, ids := range merged {
		m := make(map[string]Managed, len(ids))
		for id, s := range ids {
			switch {
			case s.on:
				m[id] = Managed{Where: "listed in the last commit, " + last.Short(), Listed: true}
			default:
				m[id] = Managed{Where: removedWhere(s.removed, s.from), Removed: s.removed}
			}
		}
		out[g] = m
	}
	return out, nil
}

// maxHops bounds how many files back a list is followed: far more than
// a list is ever moved, so that a history past it (or a cycle the
// visits miss) ends in ErrTooManyMoves, never in an answer cut short.
const maxHops = 64

// ErrTooManyMoves: a list moved through more files than roster follows
// (maxHops); whom the file took off before cannot be told, and saying
// nothing would read as nobody.
var ErrTooManyMoves = fmt.Errorf("a list moved between more than %d files, further back than roster follows its history", maxHops)

// otherPaths returns the tracked paths, other than ours, that one of
// the commits of gains (commit -> the groups the members file gained in
// it) modified or deleted, and whose version just before had a list for
// one of those groups: a list moves in by leaving the other file in the
// commit it arrives in, so these are the only files one can have come
// from, whatever their name, extension or the way they write the
// group's address. One git log of those commits, and one read of each
// file they changed (a go.sum changed with them is read once, and
// dropped when it does not parse).
func (r *repo) otherPaths(ctx context.Context, gains map[string][]string, ours []string) ([]string, error) {
	if len(gains) == 0 {
		return nil, nil
	}
	args := []string{"log", "-z", "--no-walk=unsorted", "--diff-merges=first-parent", "--raw", "--no-abbrev", "--no-renames", "--diff-filter=MD", "--format=" + logFormat}
	args = append(args, slices.Sorted(maps.Keys(gains))...)
	out, err := git(ctx, r.dir, append(args, "--")...)
	if err != nil {
		return nil, err
	}
	commits, err := parseLog(out)
	if err != nil {
		return nil, err
	}
	blobs, err := OpenBlobs(ctx, r.dir)
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	found := map[string]bool{}
	for _, c := range commits {
		for _, e := range c.entries {
			if found[e.path] || e.old == "" || slices.Contains(ours, e.path) {
				continue
			}
			data, err := blobs.Read(e.old)
			if unreadable(ctx, err) {
				return nil, err
			}
			if err != nil {
				continue
			}
			f, err := members.Parse(path.Base(e.path), data)
			if err != nil {
				continue
			}
			for _, l := range f.Lists {
				if slices.Contains(gains[c.Commit], members.IdentityOf(l.Address)) {
					found[e.path] = true
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(found)), nil
}

// handoversBetween returns every index, in other's revisions, at which
// other lost g in a commit in which t gained it, counting t's gains in
// [from, until] only.
func (t *Timeline) handoversBetween(other *Timeline, g string, from, until int) []int {
	gainedIn := map[string]bool{}
	for _, i := range t.gained[g] {
		if i >= from && i <= until {
			gainedIn[t.revs[i].Commit] = true
		}
	}
	var out []int
	for _, k := range other.lost[g] {
		if gainedIn[other.revs[k].Commit] {
			out = append(out, k)
		}
	}
	return out
}

// gainedBefore is the last revision at or before until in which t
// gained g: where what it held at until began.
func (t *Timeline) gainedBefore(g string, until int) int {
	from := 0
	for _, i := range t.gained[g] {
		if i <= until {
			from = i
		}
	}
	return from
}

// listingsBetween is listingsUntil, leaving out who left before from.
func (t *Timeline) listingsBetween(g string, from, until int) map[string]listing {
	m := t.listingsUntil(g, until)
	for id, ch := range t.roles[g] {
		k := sort.Search(len(ch), func(k int) bool { return ch[k].at > until }) - 1
		if k >= 0 && ch[k].at < from {
			delete(m, id)
		}
	}
	return m
}
