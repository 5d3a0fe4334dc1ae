package history

import (
	"context"
	"os"
	"path/filepath"
	"strings"
)

// CleanMerge reports whether commit is a merge of a commit of base's
// line into its first parent and nothing else: two parents, the second
// an ancestor of base, the commit's tree the one git's own merge of the
// two makes without a conflict (git merge-tree), and each path it
// changed as a merge of base now into the first parent has it (an old
// commit of the base merged in brings back what the base took out). GitHub's "Update
// branch" button makes such a commit under the name of whoever clicks
// it: it brings the base's content, never any of its author's, so the
// author wrote nothing of the change. Any doubt (a commit not fetched,
// a git without merge-tree --write-tree, before 2.38) is false.
func CleanMerge(ctx context.Context, dir, commit, base string) bool {
	if !fullCommitID(commit) {
		return false // GitHub names commits in full; anything else is no commit of its
	}
	r, _, err := openAny(ctx, dir)
	if err != nil {
		return false
	}
	baseCommit, err := r.resolve(ctx, base)
	if err != nil {
		return false
	}
	out, err := runGit(ctx, r.dir, "rev-list", "--parents", "-n", "1", commit)
	if err != nil {
		return false
	}
	ids := strings.Fields(string(out))
	if len(ids) != 3 {
		return false // not a merge, or an octopus
	}
	first, second := ids[1], ids[2]
	if _, err := runGit(ctx, r.dir, "merge-base", "--is-ancestor", second, baseCommit); err != nil {
		return false // the second parent is no commit of the base's line
	}
	// git merge reads merge drivers from the repository's config and
	// attributes (merge.<name>.driver, a program; merge=union, which
	// makes a conflict clean): merged in a repository of its objects
	// alone, nothing of the repository's runs or decides.
	bare, done, err := objectsOnly(ctx, r.dir)
	if err != nil {
		return false
	}
	defer done()
	merged, err := runGit(ctx, bare, "merge-tree", "--write-tree", "--no-messages", first, second)
	if err != nil {
		return false // a conflict (exit 1), whose resolution is the author's
	}
	tree, err := runGit(ctx, bare, "rev-parse", "--verify", "--end-of-options", commit+"^{tree}")
	if err != nil {
		return false
	}
	lines := strings.SplitN(string(merged), "\n", 2)
	if len(lines) == 0 || lines[0] == "" || strings.TrimSpace(lines[0]) != strings.TrimSpace(string(tree)) {
		return false
	}
	// What it brought must be what the base holds now: a merge of an
	// old commit of the base's line brings back what the base took out
	// since (a member it removed), which is no update.
	now, err := runGit(ctx, bare, "merge-tree", "--write-tree", "--no-messages", first, baseCommit)
	if err != nil {
		return false
	}
	nowTree := strings.TrimSpace(strings.SplitN(string(now), "\n", 2)[0])
	changed, err := runGit(ctx, bare, "diff-tree", "-r", "--name-only", "--no-renames", "-z", first, commit)
	if err != nil {
		return false
	}
	paths := strings.Split(strings.TrimRight(string(changed), "\x00"), "\x00")
	if len(paths) == 1 && paths[0] == "" {
		return true // it brought nothing
	}
	args := append([]string{"diff-tree", "--quiet", "-r", "--no-renames", strings.TrimSpace(string(tree)), nowTree, "--"}, literalPaths(paths)...)
	_, err = runGit(ctx, bare, args...)
	return err == nil
}

// objectsOnly makes a throwaway bare repository that reaches dir's
// objects (objects/info/alternates) and nothing else of it: no config,
// no attributes, no hooks, no working tree. The trees a merge writes go
// to it, and are gone with it (done).
func objectsOnly(ctx context.Context, dir string) (string, func(), error) {
	out, err := runGit(ctx, dir, "rev-parse", "--path-format=absolute", "--git-path", "objects")
	if err != nil {
		return "", nil, err
	}
	objects := strings.TrimSpace(string(out))
	// The objects' format (sha1, sha256) is the repository's: a throwaway
	// of the default would find none of a SHA-256 repository's.
	format, err := runGit(ctx, dir, "rev-parse", "--show-object-format")
	if err != nil {
		return "", nil, err
	}
	config := "[core]\n\trepositoryformatversion = 0\n\tbare = true\n"
	if f := strings.TrimSpace(string(format)); f != "" && f != "sha1" {
		config = "[core]\n\trepositoryformatversion = 1\n\tbare = true\n[extensions]\n\tobjectFormat = " + f + "\n"
	}
	tmp, err := os.MkdirTemp("", "roster-merge-")
	if err != nil {
		return "", nil, err
	}
	done := func() { _ = os.RemoveAll(tmp) }
	for _, d := range []string{"objects/info", "refs"} {
		if err := os.MkdirAll(filepath.Join(tmp, d), 0o700); err != nil {
			done()
			return "", nil, err
		}
	}
	files := map[string]string{
		"HEAD":                    "ref: refs/heads/none\n",
		"config":                  config,
		"objects/info/alternates": objects + "\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), []byte(content), 0o600); err != nil {
			done()
			return "", nil, err
		}
	}
	return tmp, done, nil
}

// literalPaths makes each path a pathspec git reads as written, never
// as a pattern or a magic word.
func literalPaths(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = ":(literal)" + p
	}
	return out
}

// fullCommitID reports whether s is a whole commit id (SHA-1 or SHA-256),
// which git reads as nothing but an object name.
func fullCommitID(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
