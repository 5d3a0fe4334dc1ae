package history

import (
	"context"
	"slices"
	"time"

	"github.com/roster-dev/roster/members"
)

// HeldSinceAcross is HeldSince, looking past the version that gained
// the list: when the spell began with it (the list moved in from
// another file of the repository, or the file began with it), the other
// file's version just before the move tells whether the member came
// with the list. Listed there in role or a higher one: the spell began
// before, and the answer is HeldSince's (false). Not listed: the move
// itself listed them, and the spell began with it (true), as history
// shows it. With no file that handed the list over (an address given
// to a list, a file adopted with its members), HeldSince's answer.
//
// Cost, only when the spell began with a gain: one git log of the
// commit's changes, one of the files it changed, and their versions.
func (t *Timeline) HeldSinceAcross(ctx context.Context, group, member string, role members.Role) (time.Time, bool, error) {
	since, ok := t.HeldSince(group, member, role)
	if ok || since.IsZero() || t.repo == nil {
		return since, ok, nil
	}
	g := members.IdentityOf(group)
	ch := t.roles[g][PersonOf(member)]
	k := len(ch)
	for k > 0 && ch[k-1].role != "" && ch[k-1].role.Rank() >= role.Rank() {
		k--
	}
	if k == len(ch) {
		return since, ok, nil
	}
	i := ch[k].at
	if i > t.firstGood && !slices.Contains(t.gained[g], i) {
		return since, ok, nil
	}
	commit := t.revs[i].Commit
	others, err := t.repo.otherPaths(ctx, map[string][]string{commit: {g}}, pathsOf(t.revs))
	if err != nil || len(others) == 0 {
		return since, ok, err
	}
	byPath, err := t.repo.pathsLog(ctx, others)
	if err != nil {
		return since, ok, err
	}
	blobs, err := OpenBlobs(ctx, t.repo.dir)
	if err != nil {
		return since, ok, err
	}
	defer blobs.Close()
	handed := false
	for _, p := range others {
		if len(byPath[p]) == 0 {
			continue
		}
		ot, err := buildTimeline(ctx, blobs, byPath[p], true)
		if err != nil {
			return since, ok, err
		}
		for _, lost := range ot.lost[g] {
			if ot.revs[lost].Commit != commit || lost == 0 {
				continue
			}
			handed = true
			if ot.listedAs(g, member, role, lost-1) {
				return since, false, nil // came with the list
			}
		}
	}
	if !handed {
		return since, ok, nil
	}
	return t.spellBegan(i), true, nil
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
