package history

import (
	"context"
	"fmt"
	pathpkg "path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/roster-dev/roster/members"
)

// Timeline is who the members file listed on each group, and what it
// changed, over its first-parent history, keyed by the identity of each
// list's group address (members.IdentityOf): renaming a list in the file
// keeps its timeline, and a list whose address changed starts another.
// Times are when changes landed: the committer dates of first-parent
// commits, as everywhere in history.
//
// A timeline is built by one walk over the file's history (one git log,
// one git cat-file, every version read once); its questions are then
// answered from memory, in O(log n) for Role. Versions that do not parse
// are skipped (see Problems): the state they would have given is the
// last good one's.
type Timeline struct {
	// repo and path are where the members file's timeline was read
	// (nil for another file's), for ListedByGroup's look at other files.
	repo   *repo
	path   string
	revs   []Revision
	sufMin []time.Time // sufMin[i]: the earliest date of revs[i:]
	// handed remembers, by group and revision, the file that handed a
	// list over (handedBy), for every member who asks; handMu guards it.
	handMu    sync.Mutex
	handed    map[string]handover
	firstGood int // index of the first version that parsed; -1 when none did
	// roles holds, per group and member identity, each change of the
	// member's role on the group: the revision index and the new role,
	// "" when they left it.
	roles     map[string]map[string][]roleAt
	emails    map[string]string          // member identity -> email as last written
	addresses map[string]map[string]bool // group identity -> the address as written
	changed   [][]string                 // per revision, the groups it changed
	// gained and lost are, per group, the revision indexes at which the
	// file started and stopped having a list for it: where a list moved
	// between files, one file lost it in the commit the other gained it.
	gained, lost map[string][]int
	problems     []Problem
	last         *version // the last version that parsed
}

type roleAt struct {
	at   int
	role members.Role
}

// ReadTimeline builds the timeline of the file at path (relative to
// dir), following it across renames and moves.
//
// Errors: ErrNotInGit, ErrShallow, ErrNoCommits, ErrUntracked (see Log).
//
// One timeline answers every question a run asks of history (Role,
// ChangedGroups, ListedByGroup): read it once and ask it.
func ReadTimeline(ctx context.Context, dir, path string) (*Timeline, error) {
	return ReadTimelineAt(ctx, dir, path, "")
}

// ReadTimelineAt is ReadTimeline up to the commit rev names ("" for
// HEAD): what the file's history was at that commit. A pull request's
// plan reads its base's history so that the pull request's own commits
// never count as what the file listed before.
func ReadTimelineAt(ctx context.Context, dir, path, rev string) (*Timeline, error) {
	r, err := openHead(ctx, dir)
	if err != nil {
		return nil, err
	}
	var revs []Revision
	if rev != "" {
		// The file's name at rev may not be its name now (a pull request
		// that moves members.toml): found as FileAt finds it, from the
		// names it had on the current branch, before the line is cut.
		commit, err := r.resolve(ctx, rev)
		if err != nil {
			return nil, err
		}
		top, err := r.top(path)
		if err != nil {
			return nil, err
		}
		if revs, err = r.logAt(ctx, commit, path, top); err != nil {
			return nil, err
		}
		if len(revs) == 0 {
			return nil, r.untracked(path)
		}
		r.head = commit
	} else if revs, err = r.fileLog(ctx, path); err != nil {
		return nil, err
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	t, err := buildTimeline(ctx, blobs, revs, false)
	if err != nil {
		return nil, err
	}
	t.repo, t.path = r, path
	return t, nil
}

// buildTimeline walks revs once. With deletions set, a revision that
// deletes the file empties it (for files other than the members file,
// whose lists may have moved out).
func buildTimeline(ctx context.Context, blobs *Blobs, revs []Revision, deletions bool) (*Timeline, error) {
	t := &Timeline{revs: revs, firstGood: -1, roles: map[string]map[string][]roleAt{}, emails: map[string]string{},
		addresses: map[string]map[string]bool{}, changed: make([][]string, len(revs)),
		gained: map[string][]int{}, lost: map[string][]int{}}
	t.sufMin = Landed(revs)
	var seen *preamble
	problems, err := walkVersions(ctx, blobs, revs, 0, len(revs), deletions, func(i int, prev, cur *version) {
		for _, c := range groupChanges(prev, cur) {
			byID := t.roles[c.group]
			if byID == nil {
				byID = map[string][]roleAt{}
				t.roles[c.group] = byID
			}
			byID[c.id] = append(byID[c.id], roleAt{at: i, role: c.role})
			if c.role != "" {
				t.emails[c.id] = c.email
			}
		}
		set := map[string]bool{}
		changedGroups(prev, cur, set)
		t.changed[i] = sortedKeys(set)
		if cur.pre != prev.pre {
			was, now := groupSet(prev.pre), groupSet(cur.pre)
			for g := range now {
				if !was[g] {
					t.gained[g] = append(t.gained[g], i)
				}
			}
			for g := range was {
				if !now[g] {
					t.lost[g] = append(t.lost[g], i)
				}
			}
		}
		if cur.pre != seen {
			seen = cur.pre
			for id, l := range cur.pre.lists {
				if g := cur.pre.groups[id]; g != "" {
					if t.addresses[g] == nil {
						t.addresses[g] = map[string]bool{}
					}
					t.addresses[g][l.Address] = true
				}
			}
		}
		if t.firstGood < 0 {
			t.firstGood = i
		}
		t.last = cur
	})
	if err != nil {
		return nil, err
	}
	t.problems = problems
	return t, nil
}

// groupSet is the groups a preamble has lists for.
func groupSet(p *preamble) map[string]bool {
	out := make(map[string]bool, len(p.groups))
	for _, g := range p.groups {
		if g != "" {
			out[g] = true
		}
	}
	return out
}

func sortedKeys(set map[string]bool) []string {
	if len(set) == 0 {
		return nil
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// indexAt returns the index of the newest revision (in first-parent
// order) that had landed by at, -1 when none had: the revision whose
// version the file showed at that moment, as FileAt with a date reads.
func (t *Timeline) indexAt(at time.Time) int {
	// sufMin is non-decreasing: the answer is the last i with
	// sufMin[i] <= at, and there revs[i] itself landed by at.
	return sort.Search(len(t.sufMin), func(i int) bool { return t.sufMin[i].After(at) }) - 1
}

// Role reports whether the file, as it had landed by at, listed member
// on the list whose group address is group, and with which role. Both
// are compared by identity (any spelling of the mailbox).
func (t *Timeline) Role(group, member string, at time.Time) (members.Role, bool) {
	i := t.indexAt(at)
	if i < 0 {
		return "", false
	}
	ch := t.roles[members.IdentityOf(group)][PersonOf(member)]
	k := sort.Search(len(ch), func(k int) bool { return ch[k].at > i }) - 1
	if k < 0 || ch[k].role == "" {
		return "", false
	}
	return ch[k].role, true
}

// RolesBy returns member's roles on group's list in each version that
// changed them, of those the file had landed by at, oldest first: ""
// where one took them off. For telling a write that an older version
// asked for (a sync of an older checkout) from one ahead of its commit.
func (t *Timeline) RolesBy(group, member string, at time.Time) []members.Role {
	i := t.indexAt(at)
	var out []members.Role
	for _, c := range t.roles[members.IdentityOf(group)][PersonOf(member)] {
		if c.at > i {
			break
		}
		out = append(out, c.role)
	}
	return out
}

// RevisionAt returns the revision whose version the file showed as it
// had landed by at (the one Role answers from, when it parses): for a
// question the roles do not answer (whom it admitted, which settings
// its policies pinned), read with VersionOf. False when none that
// parses had landed by then.
func (t *Timeline) RevisionAt(at time.Time) (Revision, bool) {
	i := t.indexAt(at)
	if i < 0 || t.firstGood < 0 || i < t.firstGood {
		return Revision{}, false
	}
	return t.revs[i], true
}

// VersionOf reads and parses the file at one of the timeline's
// revisions (RevisionAt), a list whose own policy fails there with the
// members the timeline gives it (see FileAt).
//
// Errors: the version does not parse (ErrUnparsable), or git cannot
// read it; an error for a timeline of another file than the members
// file's.
func (t *Timeline) VersionOf(ctx context.Context, r Revision) (*members.File, error) {
	if t.repo == nil {
		return nil, fmt.Errorf("%s at %s: no repository to read it from", r.Path, r.Short())
	}
	if r.Blob == "" {
		return nil, fmt.Errorf("%s was deleted in %s", r.Path, r.Short())
	}
	blobs, err := OpenBlobs(ctx, t.repo.dir)
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	f, fails, err := parseAt(blobs, r)
	if err != nil || len(fails) == 0 {
		return f, err
	}
	i := slices.IndexFunc(t.revs, func(x Revision) bool { return x.Commit == r.Commit && x.Blob == r.Blob })
	if i < 0 {
		return f, nil
	}
	return settle(ctx, blobs, t.revs, i, f, fails)
}

// Ever reports whether any version of the file on the line listed
// member on group's list (by identity), at any time.
func (t *Timeline) Ever(group, member string) bool {
	for _, c := range t.roles[members.IdentityOf(group)][PersonOf(member)] {
		if c.role != "" {
			return true
		}
	}
	return false
}

// EverOmitted reports whether a version of the file, after one that
// listed member on group's list, did not list them there: it asked for
// their removal. Every version counts, however it is dated.
func (t *Timeline) EverOmitted(group, member string) bool {
	listed := false
	for _, c := range t.roles[members.IdentityOf(group)][PersonOf(member)] {
		switch {
		case c.role != "":
			listed = true
		case listed:
			return true
		}
	}
	return false
}

// EverGave reports whether a version of the file gave member role on
// group's list (role compared in any case, as Google spells it).
func (t *Timeline) EverGave(group, member, role string) bool {
	for _, c := range t.roles[members.IdentityOf(group)][PersonOf(member)] {
		if c.role != "" && strings.EqualFold(string(c.role), role) {
			return true
		}
	}
	return false
}

// RoleChanges returns when (the day each landed, as Role dates it) the
// versions landed that changed member's role on group's list: listed
// them, gave them another role, or took them off it; oldest first. Role
// at each date says what it became.
func (t *Timeline) RoleChanges(group, member string) []time.Time {
	ch := t.roles[members.IdentityOf(group)][PersonOf(member)]
	out := make([]time.Time, 0, len(ch))
	for _, c := range ch {
		out = append(out, t.sufMin[c.at])
	}
	return out
}

// LeftAt returns when the file took member off group's list (the day it
// landed), if the last version that parses does not list them there and
// an earlier one did.
func (t *Timeline) LeftAt(group, member string) (time.Time, bool) {
	ch := t.roles[members.IdentityOf(group)][PersonOf(member)]
	if len(ch) == 0 || ch[len(ch)-1].role != "" {
		return time.Time{}, false
	}
	return t.sufMin[ch[len(ch)-1].at], true
}

// HeldSince returns since when (the day it landed) the file has listed
// member on group's list in role or a higher one without a break, up to
// its last version: the start of the spell that holds now. It reports
// false when the last version does not list them so (with the zero
// time), and when the spell began with the first version the timeline
// knows, or with the version that gained the list (moved in from
// another file, or its address given to it), where the history (a
// shallow clone, a file adopted with its members, another file's) cannot
// tell when it began: then with that version's date, before which the
// spell began, or on which.
func (t *Timeline) HeldSince(group, member string, role members.Role) (time.Time, bool) {
	g := members.IdentityOf(group)
	ch := t.roles[g][PersonOf(member)]
	k := len(ch)
	for k > 0 && ch[k-1].role != "" && ch[k-1].role.Rank() >= role.Rank() {
		k--
	}
	switch {
	case k == len(ch):
		return time.Time{}, false
	case ch[k].at <= t.firstGood || slices.Contains(t.gained[g], ch[k].at):
		return t.sufMin[ch[k].at], false
	}
	return t.spellBegan(ch[k].at), true
}

// spellBegan is when a spell that began with revision i began: for a
// question whose lenient answer a backdated commit must not buy, the
// latest it may have.
func (t *Timeline) spellBegan(i int) time.Time {
	since := t.sufMin[i]
	if late := t.revs[i].LandedLate; late.After(since) {
		// Its line's dates read two ways: it may be the one backdated.
		since = late
	}
	if i > 0 && t.revs[i].LandedBy.IsZero() && t.sufMin[i-1].Sub(t.revs[i].Date) > clockSkew {
		// Not stamped from its line (LandedLate says it for one that
		// is): its own clock says it was made before the version before
		// it landed, by more than a clock's skew; the date is wrong, and
		// the spell may have begun as late as the next version (or now).
		later := time.Now().UTC()
		if i+1 < len(t.revs) {
			later = t.sufMin[i+1]
		}
		if later.After(since) {
			since = later
		}
	}
	return since
}

// GainedAt returns when the file last gained a list for group (the day
// it landed): its first version with one, or the commit that moved it
// in from another file, or gave a list this address.
func (t *Timeline) GainedAt(group string) (time.Time, bool) {
	g := t.gained[members.IdentityOf(group)]
	if len(g) == 0 {
		return time.Time{}, false
	}
	return t.sufMin[g[len(g)-1]], true
}

// Existed reports whether any revision of the file had landed by at,
// whether it parses or not.
func (t *Timeline) Existed(at time.Time) bool { return t.indexAt(at) >= 0 }

// Covers reports whether the timeline knows the file at at: a version
// that parses had landed by then. Before that, Role says "not listed"
// only because the file did not say anything yet.
func (t *Timeline) Covers(at time.Time) bool {
	return t.firstGood >= 0 && t.indexAt(at) >= t.firstGood
}

// ChangedSince returns the identities of the groups whose list table
// (but for its id: a rename changes nothing on the group), policy
// (settings included), memberships or members' records (email,
// name, GitHub handle, affiliation, vetting) changed in the commits that
// landed at or after since (Landed: the day every other answer of the
// timeline dates them by, LeftAt's among them, so that a run reads the
// lists whose changes it then counts as the window's), and every commit
// after the first of those. A list whose address changed counts for both
// addresses. It does not read the working copy: see ChangedGroups.
//
// A commit whose line's dates read two ways (LandedLate: a fast clock
// before it, or it backdated) is in the window when either reading is:
// one made and dated now, followed by one whose clock is days slow, was
// read as fast and dated by the slow one, out of every window. Not the
// last commit's later reading, which is "now" for ever (backdated, it
// may have landed as late as now): it would be in every window until
// the next commit; a commit made days ago and pushed now is the known
// gap the nightly run closes.
func (t *Timeline) ChangedSince(since time.Time) map[string]bool {
	out := map[string]bool{}
	from := len(t.revs)
	for i := range t.revs {
		if !t.sufMin[i].Before(since) || i < len(t.revs)-1 && readsTwoWays(t.revs[i]) && !t.revs[i].LandedLate.Before(since) {
			from = i
			break
		}
	}
	for _, gs := range t.changed[from:] {
		for _, g := range gs {
			out[g] = true
		}
	}
	return out
}

// readsTwoWays reports whether r's line's dates read two ways (LandedLate set).
func readsTwoWays(r Revision) bool { return !r.LandedLate.IsZero() }

// ListedSince returns when the first version of the file with a list
// for group landed: since when roster has managed it from this file.
func (t *Timeline) ListedSince(group string) (time.Time, bool) {
	is := t.gained[members.IdentityOf(group)]
	if len(is) == 0 {
		return time.Time{}, false
	}
	return Landed(t.revs)[is[0]], true
}

// Revisions returns the file's revisions the timeline was built from,
// oldest first.
func (t *Timeline) Revisions() []Revision { return slices.Clone(t.revs) }

// ChangedGroups is ReadTimeline, then Timeline.ChangedGroups.
//
// Errors: those of ReadTimeline; an error when current does not parse.
func ChangedGroups(ctx context.Context, dir, path string, since time.Time, current []byte) (map[string]bool, error) {
	t, err := ReadTimeline(ctx, dir, path)
	if err != nil {
		return nil, err
	}
	return t.ChangedGroups(since, current)
}

// ChangedGroups returns the identities of the groups an incremental run
// must read: those whose list table, policy, memberships or members'
// records changed in commits that landed at or after since (see
// ChangedSince), plus whatever current, the working copy, changes
// against the last committed version that parses. current nil reads no
// working copy.
//
// Cost: one parse of current.
//
// Errors: an error when current does not parse.
func (t *Timeline) ChangedGroups(since time.Time, current []byte) (map[string]bool, error) {
	out := t.ChangedSince(since)
	if current != nil {
		f, err := members.Parse(pathpkg.Base(t.path), current)
		if err != nil {
			return nil, fmt.Errorf("%s does not parse, so what it changes is unknown: %w", t.path, err)
		}
		base := t.last
		if base == nil {
			base = emptyVersion
		}
		changedGroups(base, versionOf(f), out)
	}
	return out, nil
}

// listing is whether a timeline's file lists a member on a group at its
// last version and, when it does not, the revision that took them off.
type listing struct {
	on      bool
	removed Revision
}

// listings returns, per group and member identity, the last state.
func (t *Timeline) listings() map[string]map[string]listing {
	out := make(map[string]map[string]listing, len(t.roles))
	for g := range t.roles {
		out[g] = t.listingsUntil(g, len(t.revs)-1)
	}
	return out
}

// listingsUntil returns, per member identity, the state of group g as
// revision index until left it.
func (t *Timeline) listingsUntil(g string, until int) map[string]listing {
	ids := t.roles[g]
	m := make(map[string]listing, len(ids))
	for id, ch := range ids {
		k := sort.Search(len(ch), func(k int) bool { return ch[k].at > until }) - 1
		switch {
		case k < 0:
		case ch[k].role != "":
			m[id] = listing{on: true}
		default:
			m[id] = listing{removed: t.revs[ch[k].at]}
		}
	}
	return m
}
