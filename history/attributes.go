package history

import (
	"context"
	"path"
	"strings"
)

// AttributesChanged returns the .gitattributes files on the path of the
// members file at path (relative to dir): in its directory or any
// directory above it, up to the top of the repository, that differ
// between the revisions base and head ("" is the working tree). Such a
// file decides how git checks the members file out (an encoding, a
// filter, line endings), so a change to it can make the file a job
// checks out differ from the file roster read from git: a review reads
// the commit, sync reads the checkout.
//
// Errors: ErrNotInGit, ErrShallow, ErrBadRevision (see Log).
func AttributesChanged(ctx context.Context, dir, p, base, head string) ([]string, error) {
	return changedBeside(ctx, dir, p, base, head, func(top string) []string {
		var on []string
		for d := path.Dir(top); ; d = path.Dir(d) {
			on = append(on, path.Join(d, ".gitattributes"))
			if d == "." || d == "/" {
				return on
			}
		}
	})
}

// SiblingsChanged returns which of names, paths relative to the
// directory of the members file at p (as a csv list's snapshot is
// written), differ between the revisions base and head ("" is the
// working tree). A name that leaves the repository is not looked at:
// reading it is refused.
//
// Errors: as AttributesChanged.
func SiblingsChanged(ctx context.Context, dir, p, base, head string, names []string) ([]string, error) {
	nameOf := map[string]string{}
	changed, err := changedBeside(ctx, dir, p, base, head, func(top string) []string {
		var in []string
		for _, n := range names {
			if j := path.Clean(path.Join(path.Dir(top), n)); !path.IsAbs(n) && j != ".." && !strings.HasPrefix(j, "../") {
				in = append(in, j)
				nameOf[j] = n
			}
		}
		return in
	})
	for i, c := range changed {
		changed[i] = nameOf[c]
	}
	return changed, err
}

// changedBeside runs git diff --name-only between base and head over
// the paths (from the top of the repository) that pathsOf gives for the
// members file's own path there.
func changedBeside(ctx context.Context, dir, p, base, head string, pathsOf func(top string) []string) ([]string, error) {
	r, err := open(ctx, dir)
	if err != nil {
		return nil, err
	}
	top, err := r.top(p)
	if err != nil {
		return nil, err
	}
	paths := pathsOf(top)
	if len(paths) == 0 {
		return nil, nil
	}
	from, err := r.resolve(ctx, base)
	if err != nil {
		return nil, err
	}
	args := []string{"diff", "--name-only", "-z", "--no-renames", from}
	if head != "" {
		to, err := r.resolve(ctx, head)
		if err != nil {
			return nil, err
		}
		args = append(args, to)
	}
	args = append(args, "--")
	for _, q := range paths {
		args = append(args, pathspec(q))
	}
	out, err := git(ctx, r.dir, args...)
	if err != nil {
		return nil, err
	}
	var changed []string
	for _, name := range strings.Split(string(out), "\x00") {
		if name != "" {
			changed = append(changed, name)
		}
	}
	return changed, nil
}
