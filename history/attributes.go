package history

import (
	"context"
	"path"
	"slices"
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
// The same holds for the files beside it that roster reads as it reads
// the members file (a csv list's snapshot): beside names them, relative
// to the members file's directory, and the .gitattributes on their paths
// count too.
//
// Errors: ErrNotInGit, ErrShallow, ErrBadRevision (see Log).
func AttributesChanged(ctx context.Context, dir, p, base, head string, beside ...string) ([]string, error) {
	return changedBeside(ctx, dir, p, base, head, func(top string) []string {
		var on []string
		files := []string{top}
		for _, b := range beside {
			if j, ok := inRepository(top, b); ok {
				files = append(files, j)
			}
		}
		for _, f := range files {
			for d := path.Dir(f); ; d = path.Dir(d) {
				if a := path.Join(d, ".gitattributes"); !slices.Contains(on, a) {
					on = append(on, a)
				}
				if d == "." || d == "/" {
					break
				}
			}
		}
		return on
	})
}

// inRepository is name, relative to the directory of the file at top,
// as a path from the top of the repository; false when it leaves it.
func inRepository(top, name string) (string, bool) {
	j := path.Clean(path.Join(path.Dir(top), name))
	return j, !path.IsAbs(name) && j != ".." && !strings.HasPrefix(j, "../")
}

// SiblingsChanged returns which of names, paths relative to the
// directory of the members file at p (as a csv list's snapshot is
// written), differ between the revisions base and head ("" is the
// working tree). A name that leaves the repository is not looked at:
// reading it is refused.
//
// Errors: as AttributesChanged.
func SiblingsChanged(ctx context.Context, dir, p, base, head string, names []string) ([]string, error) {
	namesOf := map[string][]string{} // two lists may spell one path two ways
	changed, err := changedBeside(ctx, dir, p, base, head, func(top string) []string {
		var in []string
		for _, n := range names {
			if j, ok := inRepository(top, n); ok {
				if namesOf[j] == nil {
					in = append(in, j)
				}
				namesOf[j] = append(namesOf[j], n)
			}
		}
		return in
	})
	var out []string
	for _, c := range changed {
		out = append(out, namesOf[c]...)
	}
	return out, err
}

// ChangedPaths returns which of paths (from the top of the repository
// of the members file at dir/p) differ between the revisions base and
// head ("" is the working tree).
func ChangedPaths(ctx context.Context, dir, p, base, head string, paths []string) ([]string, error) {
	return changedBeside(ctx, dir, p, base, head, func(string) []string { return paths })
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
	specs := make([]string, len(paths))
	for i, q := range paths {
		specs[i] = pathspec(q)
	}
	return r.changed(ctx, from, head, specs...)
}

// changed returns the paths (from the top of the repository) of specs
// that differ between the commit from and head ("" for the working
// tree).
func (r *repo) changed(ctx context.Context, from, head string, specs ...string) ([]string, error) {
	if head == "" {
		return r.changedInWorktree(ctx, from, specs...)
	}
	to, err := r.resolve(ctx, head)
	if err != nil {
		return nil, err
	}
	if to == from {
		return nil, nil // one commit: nothing between
	}
	args := []string{"diff", "--name-only", "-z", "--no-renames", from, to}
	out, err := git(ctx, r.dir, append(append(args, "--"), specs...)...)
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
