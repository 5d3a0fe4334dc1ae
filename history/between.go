package history

import (
	"context"
	"slices"

	"github.com/roster-dev/roster/members"
)

// Between is whom the commits of a range list on each group
// (ListedBetween).
type Between struct {
	// People holds, per group (the identity of its address), each
	// person listed on it (PersonOf) with their address as written.
	People map[string]map[string]string
	// Address is each group's address as a version wrote it.
	Address map[string]string
	// Away holds, per group, each person some version lists there, with
	// the roles the range's versions give them (Absent for one that does
	// not list them, has no list for the group, or no file). A role that
	// is neither the base's nor the head's is a trip away and back: a
	// commit took them off, or re-roled them, and a later one (or a merge
	// that kept the other side) put them back. Merged with a merge
	// commit, history records it, by the change's authors, whatever the
	// net change.
	Away map[string]map[string][]members.Role
}

// Absent is the role Between.Away records for a version that does not
// list the person on the group.
const Absent members.Role = ""

// ListedBetween returns whom a version of the members file (at path, or
// at any name the file had on head's line: a branch forked before a
// rename writes the older one) lists on each group in the commits that
// head has and base has not: every commit a merge of head brings in,
// each of which whom the file managed counts (ListedByGroup reads the
// branches merged into the line, at every name the file had). A pull
// request that lists someone in one commit and takes them off in the
// next shows neither in its base nor in its head; merged with a merge
// commit, it still took them off the list, and sync removes them from
// the group. So review asks it.
//
// A version at one of the file's other names that is another file (one
// that took an old name later) counts too: review then asks more, never
// less. Versions that do not parse are passed over, as everywhere in
// history. One git log of the line, one of the range, and one read of
// each version.
func ListedBetween(ctx context.Context, dir, path, base, head string) (Between, error) {
	out := Between{People: map[string]map[string]string{}, Address: map[string]string{}, Away: map[string]map[string][]members.Role{}}
	r, err := openHead(ctx, dir)
	if err != nil {
		return out, err
	}
	top, err := r.top(path)
	if err != nil {
		return out, err
	}
	from, err := r.resolve(ctx, base)
	if err != nil {
		return out, err
	}
	to, err := r.resolve(ctx, head)
	if err != nil {
		return out, err
	}
	line, err := r.logFrom(ctx, to, top)
	if err != nil {
		return out, err
	}
	names := pathsOf(line)
	if !slices.Contains(names, top) {
		names = append(names, top)
	}
	// --full-history: a merge inside the range whose version is its
	// first parent's still brought its branch's commits.
	args := []string{"log", "-z", "--full-history", "--diff-merges=first-parent", "--no-renames", "--raw", "--no-abbrev",
		"--format=" + parentsFormat, to, "^" + from, "--"}
	for _, n := range names {
		args = append(args, pathspec(n))
	}
	log, err := git(ctx, r.dir, args...)
	if err != nil {
		return out, err
	}
	commits, err := parseLogParents(log)
	if err != nil {
		return out, err
	}
	if len(commits) == 0 {
		return out, nil
	}
	blobs, err := OpenBlobs(ctx, r.dir)
	if err != nil {
		return out, err
	}
	defer blobs.Close()
	rd := newReader()
	// Each version's roles per group (group -> person -> role), for Away.
	var versions []map[string]map[string]members.Role
	for _, c := range commits {
		// A commit that deletes the file, at every name it has in the
		// commit (a rename adds it under another), is a version that
		// lists nobody: history has everyone leave, and join again when
		// a later commit writes it back.
		deleted, written := false, false
		for _, e := range c.entries {
			if slices.Contains(names, e.path) {
				deleted = deleted || e.blob == ""
				written = written || e.blob != ""
			}
		}
		if deleted && !written {
			versions = append(versions, map[string]map[string]members.Role{})
		}
		for _, e := range c.entries {
			if !slices.Contains(names, e.path) || e.blob == "" {
				continue
			}
			v, err := rd.read(blobs, c.at(e))
			if unreadable(ctx, err) {
				return out, err
			}
			if err != nil {
				continue
			}
			for id, l := range v.pre.lists {
				if g := v.pre.groups[id]; g != "" && out.Address[g] == "" {
					out.Address[g] = l.Address
				}
			}
			ver := map[string]map[string]members.Role{}
			for _, st := range v.members {
				for g, role := range groupRoles(st, v.pre) {
					if out.People[g] == nil {
						out.People[g] = map[string]string{}
					}
					if ver[g] == nil {
						ver[g] = map[string]members.Role{}
					}
					ver[g][st.person] = role
					if _, ok := out.People[g][st.person]; !ok {
						out.People[g][st.person] = st.email
					}
				}
			}
			versions = append(versions, ver)
		}
	}
	// A person listed on a group by some version is away in each other
	// version: absent there (the version has no list for the group, or
	// no file at all, or does not list them), or in another role.
	for g, people := range out.People {
		for person := range people {
			var seen []members.Role
			for _, ver := range versions {
				role, on := ver[g][person]
				if !on {
					role = Absent
				}
				if !slices.Contains(seen, role) {
					seen = append(seen, role)
				}
			}
			// Every role seen, even one alone: the range's only version
			// may be a branch's that the merge did not keep (merged with
			// -s ours), whose role history records and never undoes.
			if out.Away[g] == nil {
				out.Away[g] = map[string][]members.Role{}
			}
			out.Away[g][person] = seen
		}
	}
	return out, nil
}

// Reversed reports whether the window from since to until, both
// revisions (not dates), runs backwards: until is an earlier commit of
// since's line than since itself, so no commit is after one and up to
// the other. False when either is a date, or cannot be resolved (the
// read that follows says why).
func Reversed(ctx context.Context, dir, since, until string) bool {
	if since == "" || until == "" || IsDate(since) || IsDate(until) {
		return false
	}
	r, err := open(ctx, dir)
	if err != nil {
		return false
	}
	s, serr := r.resolve(ctx, since)
	u, uerr := r.resolve(ctx, until)
	if serr != nil || uerr != nil || s == u {
		return false
	}
	_, err = runGit(ctx, r.dir, "merge-base", "--is-ancestor", u, s)
	return err == nil
}
