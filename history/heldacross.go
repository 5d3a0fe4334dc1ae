package history

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/members"
)

// HeldSinceAcross is HeldSince, looking past the version that gained
// the list: when the spell began with it (the list moved in from
// another file of the repository, or the file began with it, or had it
// back), the last version of any file that held the list before tells
// whether the member came with the list. That is the file that lost it
// in the same commit (a move), else the newest holder on the line
// before it: a move split over two commits (dropped, then added; copied,
// then dropped), or a list dropped and added back. Not listed there:
// the gain itself listed them, and the spell began with it (true), as
// history shows it. Listed there in role or a higher one: the spell
// began in that file, and is read there the same way, hop by hop (a
// list moved through several files), up to maxHops. With no file that
// held the list before (an address given to a list, a file adopted
// with its members), HeldSince's answer.
//
// Cost, only when the spell began with a gain: per hop, one git log of
// the commit's changes, one of the files it changed, and their versions;
// with no move in that commit, one git log that looks for the list's
// address in earlier versions, and the history of the file found.
func (t *Timeline) HeldSinceAcross(ctx context.Context, group, member string, role members.Role) (time.Time, bool, error) {
	since, ok := t.HeldSince(group, member, role)
	if ok || since.IsZero() || t.repo == nil {
		return since, ok, nil
	}
	return t.heldAcross(ctx, members.IdentityOf(group), member, role, len(t.revs)-1, since)
}

// HeldSinceAcrossAt is HeldSinceAcross of the spell that held at the
// end of the time at: the version that had landed by then, not the last
// one. A spell that ended since (taken off, listed again later) is
// that day's, not the one holding now. The zero time and false when the
// version of then did not list them so.
func (t *Timeline) HeldSinceAcrossAt(ctx context.Context, group, member string, role members.Role, at time.Time) (time.Time, bool, error) {
	i := t.indexAt(at)
	if i < 0 {
		return time.Time{}, false, nil
	}
	if i == len(t.revs)-1 {
		return t.HeldSinceAcross(ctx, group, member, role)
	}
	g := members.IdentityOf(group)
	start, ok := t.spellStart(g, member, role, i)
	if !ok {
		return time.Time{}, false, nil
	}
	if start > t.firstGood && !slices.Contains(t.gained[g], start) {
		return t.spellBegan(start), true, nil
	}
	if t.repo == nil {
		return t.sufMin[start], false, nil
	}
	return t.heldAcross(ctx, g, member, role, i, t.sufMin[start])
}

// heldAcross follows the spell holding at revision until back through
// the files the list moved in from (see HeldSinceAcross); since is the
// answer when no file tells more.
func (t *Timeline) heldAcross(ctx context.Context, g, member string, role members.Role, until int, since time.Time) (time.Time, bool, error) {
	cur := t
	for range maxHops {
		i, ok := cur.spellStart(g, member, role, until)
		if !ok {
			return since, false, nil
		}
		if i > cur.firstGood && !slices.Contains(cur.gained[g], i) {
			return cur.spellBegan(i), true, nil // began in that file, with a listing
		}
		from, at, err := cur.handedBy(ctx, g, i)
		if err != nil || from == nil {
			return since, false, err
		}
		if !from.listedAs(g, member, role, at) {
			return cur.spellBegan(i), true, nil // the gain itself listed them
		}
		cur, until = from, at // came with the list: where did it begin there?
	}
	return since, false, fmt.Errorf("group %s: %w", g, ErrTooManyMoves)
}

// spellStart is the revision that began the spell, holding at revision
// until, of member on g's list in role or a higher one; false when
// until does not list them so.
func (t *Timeline) spellStart(g, member string, role members.Role, until int) (int, bool) {
	ch := t.roles[g][PersonOf(member)]
	n := 0
	for n < len(ch) && ch[n].at <= until {
		n++
	}
	k := n
	for k > 0 && ch[k-1].role != "" && ch[k-1].role.Rank() >= role.Rank() {
		k--
	}
	if k == n {
		return 0, false
	}
	return ch[k].at, true
}

// handedBy finds the file that held g's list last before t gained it in
// revision i (see HeldSinceAcross): its timeline (t itself when it was
// t), and the index of its last revision that held it; nil when no file
// did. Asked once per (g, i) for the timeline's life: every member a
// moved list brought asks the same.
func (t *Timeline) handedBy(ctx context.Context, g string, i int) (*Timeline, int, error) {
	key := fmt.Sprintf("%s\x00%d", g, i)
	t.handMu.Lock()
	defer t.handMu.Unlock()
	if h, ok := t.handed[key]; ok {
		return h.from, h.at, nil
	}
	from, at, err := t.findHandover(ctx, g, i)
	if err == nil && from == nil {
		from, at, err = t.priorHolder(ctx, g, i)
	}
	if err != nil {
		return nil, 0, err // not kept: a cancelled read is asked again
	}
	if t.handed == nil {
		t.handed = map[string]handover{}
	}
	t.handed[key] = handover{from, at}
	return from, at, nil
}

// handover is what handedBy found.
type handover struct {
	from *Timeline
	at   int
}

// findHandover is handedBy, reading git.
func (t *Timeline) findHandover(ctx context.Context, g string, i int) (*Timeline, int, error) {
	commit := t.revs[i].Commit
	others, err := t.repo.otherPaths(ctx, map[string][]string{commit: {g}}, pathsOf(t.revs))
	if err != nil || len(others) == 0 {
		return nil, 0, err
	}
	byPath, err := t.repo.pathsLog(ctx, others)
	if err != nil {
		return nil, 0, err
	}
	blobs, err := OpenBlobs(ctx, t.repo.dir)
	if err != nil {
		return nil, 0, err
	}
	defer blobs.Close()
	for _, p := range others {
		if len(byPath[p]) == 0 {
			continue
		}
		ot, err := t.timelineOf(ctx, blobs, p, byPath[p])
		if err != nil {
			return nil, 0, err
		}
		for _, lost := range ot.lost[g] {
			if ot.revs[lost].Commit == commit && lost > 0 {
				return ot, lost - 1, nil
			}
		}
	}
	return nil, 0, nil
}

// priorHolder is handedBy when no file lost g's list in the commit of
// revision i: the newest version on the first-parent line before that
// commit, of any file, whose list for g the file still had when the
// commit came (copied first) or lost later (dropped first). git's
// pickaxe names the commits that changed how often the list address's
// local part appears in a file, newest first; the first file one of
// them shows with a list for g is read whole, up to the commit's parent.
// An address a file wrote with TOML escapes is not found that way: its
// gain reads as an adoption, as before.
func (t *Timeline) priorHolder(ctx context.Context, g string, i int) (*Timeline, int, error) {
	local, _, ok := strings.Cut(g, "@")
	commit := t.revs[i].Commit
	if !ok || local == "" {
		return nil, 0, nil
	}
	out, err := git(ctx, t.repo.dir, "log", "-z", "--first-parent", "--no-renames", "--raw", "--no-abbrev", "-i", "-S"+local+"@",
		"--format="+logFormat, commit, "--")
	if err != nil {
		return nil, 0, err
	}
	commits, err := parseLog(out)
	if err != nil {
		return nil, 0, err
	}
	blobs, err := OpenBlobs(ctx, t.repo.dir)
	if err != nil {
		return nil, 0, err
	}
	defer blobs.Close()
	ours := pathsOf(t.revs)
	stays := map[string]bool{} // path -> it has a list for g at HEAD
	for _, c := range commits {
		if c.Commit == commit {
			continue
		}
		for _, e := range c.entries {
			held, err := anyHolds(ctx, blobs, e, g)
			if err != nil || !held {
				if err != nil {
					return nil, 0, err
				}
				continue
			}
			if slices.Contains(ours, e.path) {
				return t.lastHeld(g, i-1)
			}
			// A file that has the list still, at HEAD, is no holder the
			// list left (an example, a copy kept beside it): it has no
			// say in what the list was before.
			st, seen := stays[e.path]
			if !seen {
				if st, err = hasListFor(ctx, blobs, t.repo.head+":"+e.path, e.path, g); err != nil {
					return nil, 0, err
				}
				stays[e.path] = st
			}
			if st {
				continue
			}
			byPath, err := t.repo.pathsLogFrom(ctx, commit+"^", []string{e.path})
			revs := byPath[e.path]
			if err != nil || len(revs) == 0 {
				return nil, 0, err
			}
			ot, err := t.timelineOf(ctx, blobs, e.path, revs)
			if err != nil {
				return nil, 0, err
			}
			return ot.lastHeld(g, len(revs)-1)
		}
	}
	return nil, 0, nil
}

// anyHolds reports whether the old or the new version of a file a
// commit changed has a list for g.
func anyHolds(ctx context.Context, blobs *Blobs, e rawEntry, g string) (bool, error) {
	for _, b := range []string{e.blob, e.old} {
		if b == "" {
			continue
		}
		if has, err := hasListFor(ctx, blobs, b, e.path, g); has || err != nil {
			return has, err
		}
	}
	return false, nil
}

// timelineOf is the timeline of the file at path (from the top) along
// revs, one of the repository's files other than t's.
func (t *Timeline) timelineOf(ctx context.Context, blobs *Blobs, path string, revs []Revision) (*Timeline, error) {
	ot, err := buildTimeline(ctx, blobs, revs, true)
	if err != nil {
		return nil, err
	}
	ot.repo, ot.path = t.repo, path
	return ot, nil
}

// lastHeld is the newest of t's revisions up to until that had a list
// for g, and t (nil when none did): what a list gained after until was
// held as last.
func (t *Timeline) lastHeld(g string, until int) (*Timeline, int, error) {
	for j := until; j >= 0; j-- {
		if t.holds(g, j) {
			return t, j, nil
		}
	}
	return nil, 0, nil
}

// holds reports whether t's revision j had a list for g: it gained one
// at or before j, and did not lose it since.
func (t *Timeline) holds(g string, j int) bool {
	last := func(at []int) int {
		n := -1
		for _, k := range at {
			if k <= j {
				n = k
			}
		}
		return n
	}
	gain := last(t.gained[g])
	return gain >= 0 && gain > last(t.lost[g])
}

// listedAs reports whether revision i of t lists member on g's list in
// role or a higher one.
func (t *Timeline) listedAs(g, member string, role members.Role, i int) bool {
	ch := t.roles[g][PersonOf(member)]
	var now members.Role
	for _, c := range ch {
		if c.at > i {
			break
		}
		now = c.role
	}
	return now != "" && now.Rank() >= role.Rank()
}
