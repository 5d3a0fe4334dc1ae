package history

import (
	"context"
)

// ListedBetween returns, per group (the identity of its address), whom
// (PersonOf, with the address as written) a version of the file at path
// lists on it in the commits that head has and base has not: every
// commit a merge of head brings in, each of which whom the file managed
// counts (ListedByGroup reads the branches merged into the line). A
// pull request that lists someone in one commit and takes them off in
// the next shows neither in its base nor in its head; merged with a
// merge commit, it still took them off the list, and sync removes them
// from the group. So review asks it.
//
// Versions that do not parse are passed over, as everywhere in history.
// One git log of the range and one read of each version.
func ListedBetween(ctx context.Context, dir, path, base, head string) (map[string]map[string]string, error) {
	r, err := openHead(ctx, dir)
	if err != nil {
		return nil, err
	}
	top, err := r.top(path)
	if err != nil {
		return nil, err
	}
	from, err := r.resolve(ctx, base)
	if err != nil {
		return nil, err
	}
	to, err := r.resolve(ctx, head)
	if err != nil {
		return nil, err
	}
	// --full-history: a merge inside the range whose version is its
	// first parent's still brought its branch's commits.
	out, err := git(ctx, r.dir, "log", "-z", "--full-history", "--diff-merges=first-parent", "--no-renames", "--raw", "--no-abbrev",
		"--format="+parentsFormat, to, "^"+from, "--", pathspec(top))
	if err != nil {
		return nil, err
	}
	commits, err := parseLogParents(out)
	if err != nil {
		return nil, err
	}
	listed := map[string]map[string]string{}
	if len(commits) == 0 {
		return listed, nil
	}
	blobs, err := OpenBlobs(ctx, r.dir)
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	rd := newReader()
	for _, c := range commits {
		for _, e := range c.entries {
			if e.path != top || e.blob == "" {
				continue
			}
			v, err := rd.read(blobs, c.at(e))
			if unreadable(ctx, err) {
				return nil, err
			}
			if err != nil {
				continue
			}
			for _, st := range v.members {
				for g := range groupRoles(st, v.pre) {
					if listed[g] == nil {
						listed[g] = map[string]string{}
					}
					if _, ok := listed[g][st.person]; !ok {
						listed[g][st.person] = st.email
					}
				}
			}
		}
	}
	return listed, nil
}
