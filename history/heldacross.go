package history

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/roster-dev/roster/members"
)

// HeldSinceAcross is HeldSince, looking past the version that gained
// the list: when the spell began with it (the list moved in from
// another file of the repository, or the file began with it), the other
// file's version just before the move tells whether the member came
// with the list. Not listed there: the move itself listed them, and the
// spell began with it (true), as history shows it. Listed there in role
// or a higher one: the spell began in that file, and is read there the
// same way, hop by hop (a list moved through several files), up to
// maxHops. With no file that handed the list over (an address given to a
// list, a file adopted with its members, a list dropped in one commit
// and added in a later one), HeldSince's answer.
//
// Cost, only when the spell began with a gain: per hop, one git log of
// the commit's changes, one of the files it changed, and their versions.
func (t *Timeline) HeldSinceAcross(ctx context.Context, group, member string, role members.Role) (time.Time, bool, error) {
	since, ok := t.HeldSince(group, member, role)
	if ok || since.IsZero() || t.repo == nil {
		return since, ok, nil
	}
	g := members.IdentityOf(group)
	cur, until := t, len(t.revs)-1
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
		if !from.listedAs(g, member, role, at-1) {
			return cur.spellBegan(i), true, nil // the move itself listed them
		}
		cur, until = from, at-1 // came with the list: where did it begin there?
	}
	return since, false, nil
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

// handedBy finds the file that handed g's list to t in revision i (lost
// it in the same commit): its timeline, and the index of its revision
// at that commit; nil when no file did. Asked once per (g, i) for the
// timeline's life: every member a moved list brought asks the same.
func (t *Timeline) handedBy(ctx context.Context, g string, i int) (*Timeline, int, error) {
	key := fmt.Sprintf("%s\x00%d", g, i)
	t.handMu.Lock()
	defer t.handMu.Unlock()
	if h, ok := t.handed[key]; ok {
		return h.from, h.at, nil
	}
	from, at, err := t.findHandover(ctx, g, i)
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
		ot, err := buildTimeline(ctx, blobs, byPath[p], true)
		if err != nil {
			return nil, 0, err
		}
		ot.repo, ot.path = t.repo, p
		for _, lost := range ot.lost[g] {
			if ot.revs[lost].Commit == commit && lost > 0 {
				return ot, lost, nil
			}
		}
	}
	return nil, 0, nil
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
