package history

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/roster-dev/roster/members"
)

// Action is what happened to a member in a commit.
type Action string

// Actions.
const (
	Added       Action = "added"
	Removed     Action = "removed"
	RoleChanged Action = "role_changed"
	Vetted      Action = "vetted"
)

// Event is one change of one member in one commit.
type Event struct {
	Commit       string       `json:"commit"`
	Date         time.Time    `json:"date"`
	Author       string       `json:"author"`
	Subject      string       `json:"subject"`
	List         string       `json:"list"`
	Email        string       `json:"email"`
	Action       Action       `json:"action"`
	Role         members.Role `json:"role"`
	PreviousRole members.Role `json:"previous_role"`
	// Vetting is the record a "vetted" event is about.
	Vetting *Record `json:"vetting,omitempty"`
}

// Record is a vetting record as history reports it.
type Record struct {
	By       string `json:"by"`
	On       string `json:"on"`
	Method   string `json:"method"`
	Note     string `json:"note,omitempty"`
	Evidence string `json:"evidence,omitempty"`
}

// Problem is a revision that could not be read; it is skipped, and the
// next good revision is compared with the last good one.
type Problem struct {
	Revision Revision
	Err      error
}

// Options select the events of a history.
type Options struct {
	LogOptions
	// Lists keeps only the events of these lists (ids), and the vetting
	// events of members on one of them in that revision.
	Lists  []string
	Member string // only this member (any spelling of the mailbox)
}

// History computes the membership events of the file at path (relative
// to dir), oldest first, following it across renames and moves.
// Revisions that do not parse are returned as problems and skipped, never
// aborting the whole history. With opts.Lists, a vetted event is kept
// only when its member is on one of those lists in that revision.
//
// Errors: ErrNotInGit, ErrShallow, ErrNoCommits, ErrUntracked (see Log),
// ErrBadRevision for a Since or Until that names no commit.
func History(ctx context.Context, dir, path string, opts Options) ([]Event, []Problem, error) {
	revs, err := Log(ctx, dir, path)
	if err != nil {
		return nil, nil, err
	}
	from, to, err := Select(ctx, dir, revs, opts.LogOptions)
	if err != nil || from == to {
		return nil, nil, err
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	defer blobs.Close()
	var events []Event
	want := filter(opts)
	problems, err := walkVersions(ctx, blobs, revs, from, to, false, func(i int, prev, cur *version) {
		r := revs[i]
		for _, c := range diff(prev, cur) {
			if want(c) {
				e := c.Event
				e.Commit, e.Date, e.Author, e.Subject = r.Commit, r.Date, r.Author, r.Subject
				events = append(events, e)
			}
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return events, problems, nil
}

// walk reads the file at each of revs[from:to] and calls fn with every
// change each revision made, in order. See walkVersions.
func walk(ctx context.Context, blobs *Blobs, revs []Revision, from, to int, fn func(Revision, Event)) ([]Problem, error) {
	return walkVersions(ctx, blobs, revs, from, to, false, func(i int, prev, cur *version) {
		for _, c := range diff(prev, cur) {
			fn(revs[i], c.Event)
		}
	})
}

// walkVersions reads the file at each of revs[from:to] and calls fn with
// each revision's index, its version and the last good version before
// it. The first is compared with the last good version before the
// window, so that a window shows what each commit changed, not everyone
// as added. Revisions that do not parse are returned as problems and
// skipped. A revision that deletes the file is skipped too (the members
// file's own deletion is not read as "everyone removed"), unless
// deletions is set: then it is a version with nobody in it.
func walkVersions(ctx context.Context, blobs *Blobs, revs []Revision, from, to int, deletions bool, fn func(i int, prev, cur *version)) ([]Problem, error) {
	rd := newReader()
	prev := emptyVersion
	for i := from - 1; i >= 0; i-- {
		if revs[i].Blob == "" {
			continue
		}
		v, err := rd.read(blobs, revs[i])
		if errors.Is(err, errMissing) || errors.Is(err, errCatFile) {
			return nil, err
		}
		if err == nil {
			prev = v
			break
		}
	}
	var problems []Problem
	for i := from; i < to; i++ {
		r := revs[i]
		if r.Blob == "" && deletions {
			fn(i, prev, emptyVersion)
			prev = emptyVersion
			continue
		}
		if r.Blob == "" {
			problems = append(problems, Problem{Revision: r, Err: fmt.Errorf("the commit deletes %s; its membership is not read as \"everyone removed\"", r.Path)})
			continue
		}
		cur, err := rd.read(blobs, r)
		if errors.Is(err, errMissing) || errors.Is(err, errCatFile) {
			return nil, err
		}
		if err != nil {
			problems = append(problems, Problem{Revision: r, Err: err})
			continue
		}
		fn(i, prev, cur)
		prev = cur
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return problems, nil
}

// change is an event and the member's state in the revision.
type change struct {
	Event
	now *memberState
}

func filter(opts Options) func(change) bool {
	lists := map[string]bool{}
	for _, l := range opts.Lists {
		lists[l] = true
	}
	member := ""
	if opts.Member != "" {
		member = members.IdentityOf(opts.Member)
	}
	return func(c change) bool {
		if member != "" && members.IdentityOf(c.Email) != member {
			return false
		}
		if len(lists) == 0 {
			return true
		}
		if c.Action != Vetted {
			return lists[c.List]
		}
		// A vetting record concerns the lists its member is on.
		if c.now != nil {
			for l := range c.now.lists {
				if lists[l] {
					return true
				}
			}
		}
		return false
	}
}

// diff returns the events that turn prev into cur, in a stable order:
// by member email, then list, vetting last.
func diff(prev, cur *version) []change {
	var out []change
	for _, p := range pairs(prev, cur, false) {
		out = append(out, memberEvents(p.was, p.now)...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if kx, ky := strings.ToLower(x.Email), strings.ToLower(y.Email); kx != ky {
			return kx < ky
		}
		if x.Action == Vetted || y.Action == Vetted {
			return x.Action != Vetted && y.Action == Vetted
		}
		return x.List < y.List
	})
	return out
}

func memberEvents(was, now *memberState) []change {
	var out []change
	st := now
	if was == nil {
		was = &memberState{lists: map[string]members.Role{}}
	}
	if now == nil {
		now = &memberState{email: was.email, lists: map[string]members.Role{}}
	}
	add := func(e Event) { out = append(out, change{Event: e, now: st}) }
	for _, l := range now.order {
		role := now.lists[l]
		old, ok := was.lists[l]
		switch {
		case !ok:
			add(Event{List: l, Email: now.email, Action: Added, Role: role})
		case old != role:
			add(Event{List: l, Email: now.email, Action: RoleChanged, Role: role, PreviousRole: old})
		}
	}
	for _, l := range was.order {
		if _, ok := now.lists[l]; !ok {
			add(Event{List: l, Email: was.email, Action: Removed, PreviousRole: was.lists[l]})
		}
	}
	seen := make(map[Record]bool, len(was.vetting))
	for _, r := range was.vetting {
		seen[r] = true
	}
	for _, r := range now.vetting {
		if !seen[r] {
			rec := r
			add(Event{Email: now.email, Action: Vetted, Vetting: &rec})
		}
	}
	return out
}
