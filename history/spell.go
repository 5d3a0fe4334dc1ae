package history

import (
	"context"
	"sync"
	"time"

	"github.com/roster-dev/roster/members"
)

// sideCache holds the branches merged into a timeline's line, read on
// the first question that needs them: most runs never ask.
type sideCache struct {
	mu   sync.Mutex
	done bool
	s    *sideLines
	err  error
}

// sides returns the branches merged into t's line (nil when none, or
// when t is another file's).
func (t *Timeline) sides(ctx context.Context) (*sideLines, error) {
	if t.repo == nil || t.side == nil {
		return nil, nil
	}
	c := t.side
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.done {
		c.s, c.err = t.repo.readSides(ctx, t.revs)
		if c.err != nil && ctx.Err() != nil {
			return nil, c.err // cancelled: another call may still read them
		}
		c.done = true
	}
	return c.s, c.err
}

// HeldSinceMerged is HeldSince with the branches merged into the line
// counted. After a "foxtrot" merge (see readSides) the line lists
// someone from the merge on, while main's own commits, now a merged
// branch's, had listed them for months: the spell began where the
// branch's did, and a lapsed record that admitted them then still did.
// So the verdict on the same file does not depend on which way a merge
// was made.
//
// The branch's spell counts only when the last of its commits that merge
// took in lists them so, and only as far back as the branch's own dates
// can be believed: each no earlier than the commit before it and no
// later than the merge. Else the line's answer stands.
func (t *Timeline) HeldSinceMerged(ctx context.Context, group, member string, role members.Role) (time.Time, bool, error) {
	since, ok, i := t.held(group, member, role)
	if !ok || i < 0 {
		return since, ok, nil
	}
	s, err := t.sides(ctx)
	if err != nil || s == nil {
		return since, ok, err
	}
	via := t.revs[i].Commit
	took := &sideLines{order: s.order}
	for _, sr := range s.revs {
		if sr.via.Commit == via {
			took.revs = append(took.revs, sr)
		}
	}
	if len(took.revs) == 0 {
		return since, ok, nil
	}
	blobs, err := OpenBlobs(ctx, t.repo.dir)
	if err != nil {
		return since, ok, err
	}
	defer blobs.Close()
	g, id := members.IdentityOf(group), PersonOf(member)
	start, listed := -1, false
	err = took.walk(ctx, blobs, func(k int, _, cur *version) {
		listed = false
		for _, st := range cur.members {
			if st.person != id {
				continue
			}
			if r := groupRoles(st, cur.pre)[g]; r != "" && r.Rank() >= role.Rank() {
				listed = true
			}
		}
		switch {
		case !listed:
			start = -1
		case start < 0:
			start = k
		}
	})
	if err != nil || !listed || start < 0 {
		return since, ok, err
	}
	began := took.revs[start].Date
	for k := max(start, 1); k < len(took.revs); k++ {
		if took.revs[k].Date.Before(took.revs[k-1].Date) {
			return since, ok, nil // a clock that went back: not believed
		}
	}
	if began.After(t.revs[i].Date) || !began.Before(since) {
		return since, ok, nil
	}
	return began, true, nil
}
