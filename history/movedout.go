package history

import (
	"context"
	"path"
	"slices"

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
	groupsIn := func(blob, name string) map[string]bool {
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
		gs := make(map[string]bool, len(f.Lists))
		for _, l := range f.Lists {
			gs[members.IdentityOf(l.Address)] = true
		}
		return gs
	}
	for _, c := range logged {
		// A group one file lost and another gained in the commit.
		lostHere, gained := map[string]bool{}, map[string]string{}
		for _, e := range c.entries {
			if path.Ext(e.path) != ".toml" {
				continue
			}
			before, after := groupsIn(e.old, e.path), groupsIn(e.blob, e.path)
			for g := range before {
				if !after[g] {
					lostHere[g] = true
				}
			}
			for g := range after {
				if !before[g] && gained[g] == "" {
					gained[g] = e.path
				}
			}
		}
		for g, to := range gained {
			if !lostHere[g] {
				continue
			}
			for _, i := range removals[key{c.Commit, g}] {
				events[i].MovedTo = to
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
