package history

import (
	"context"
	"path"
	"slices"
	"strings"

	"github.com/roster-dev/roster/members"
)

// markMovedOut gives each removal among the members file's own events
// whose list left the file in its commit for another file of the
// repository, which gained the list's group in that commit (a list moved
// between files), that file's path (Event.MovedTo): the person went with
// the list, off no group. The file's history tells a move as the file
// saw it, the list gone; the other file's history and sync carry the
// list on.
//
// Cost, only for the commits in which the file lost a list (lost): one
// git log of them, and the versions of the files they changed.
func markMovedOut(ctx context.Context, dir string, events []Event, lost lostGroups) error {
	type key struct{ commit, group string }
	removals := map[key][]int{}
	var commits []string
	for i, e := range events {
		if e.Action != Removed || e.File != "" || e.Group == "" || e.ViaSubject != "" || !lost[e.Commit][e.Group] {
			continue
		}
		k := key{e.Commit, e.Group}
		if len(removals[k]) == 0 && !slices.Contains(commits, e.Commit) {
			commits = append(commits, e.Commit)
		}
		removals[k] = append(removals[k], i)
	}
	if len(commits) == 0 {
		return nil
	}
	args := []string{"log", "-z", "--no-walk=unsorted", "--diff-merges=first-parent", "--raw", "--no-abbrev", "--no-renames", "--format=" + logFormat}
	out, err := git(ctx, dir, append(append(args, commits...), "--")...)
	if err != nil {
		return err
	}
	logged, err := parseLog(out)
	if err != nil {
		return err
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return err
	}
	defer blobs.Close()
	// groupsIn is, per group a version's lists name, the mailboxes on
	// them.
	groupsIn := func(blob, name string) map[string]map[string]bool {
		if blob == "" {
			return nil
		}
		data, err := blobs.Read(blob)
		if err != nil {
			return nil
		}
		f, err := members.Parse(path.Base(name), data)
		if err != nil {
			return nil
		}
		gs := make(map[string]map[string]bool, len(f.Lists))
		for _, l := range f.Lists {
			on := map[string]bool{}
			for _, m := range f.MembersOf(l.ID) {
				on[PersonOf(m.Email)] = true
			}
			gs[members.IdentityOf(l.Address)] = on
		}
		return gs
	}
	for _, c := range logged {
		// A move takes two files, one losing the list and one gaining
		// it: a commit that changed one members file moved nothing.
		var tomls []rawEntry
		for _, e := range c.entries {
			if strings.EqualFold(path.Ext(e.path), ".toml") {
				tomls = append(tomls, e)
			}
		}
		if len(tomls) < 2 {
			continue
		}
		// A group one file lost and another gained in the commit, with
		// whom the other lists on it.
		lostHere := map[string]bool{}
		type gain struct {
			path string
			on   map[string]bool
		}
		gained := map[string]gain{}
		for _, e := range tomls {
			before, after := groupsIn(e.old, e.path), groupsIn(e.blob, e.path)
			for g := range before {
				if _, still := after[g]; !still {
					lostHere[g] = true
				}
			}
			for g, on := range after {
				if _, had := before[g]; !had && gained[g].path == "" {
					gained[g] = gain{e.path, on}
				}
			}
		}
		for g, to := range gained {
			if !lostHere[g] {
				continue
			}
			for _, i := range removals[key{c.Commit, g}] {
				// Only who went with the list: someone the move left
				// behind was taken off.
				if to.on[PersonOf(events[i].Email)] {
					events[i].MovedTo = to.path
				}
			}
		}
	}
	return ctx.Err()
}

// lostGroups are, by commit, the groups whose lists the members file
// lost in it.
type lostGroups map[string]map[string]bool

// note records the groups prev's lists had and cur's have not.
func (l lostGroups) note(commit string, prev, cur *preamble) {
	has := make(map[string]bool, len(cur.groups))
	for _, g := range cur.groups {
		has[g] = true
	}
	for _, g := range prev.groups {
		if g != "" && !has[g] {
			if l[commit] == nil {
				l[commit] = map[string]bool{}
			}
			l[commit][g] = true
		}
	}
}
