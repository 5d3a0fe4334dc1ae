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
	r, err := open(ctx, dir)
	if err != nil {
		return nil, err
	}
	top, err := r.top(p)
	if err != nil {
		return nil, err
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
	for d := path.Dir(top); ; d = path.Dir(d) {
		args = append(args, pathspec(path.Join(d, ".gitattributes")))
		if d == "." || d == "/" {
			break
		}
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
