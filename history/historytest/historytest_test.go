package historytest

import (
	"strings"
	"testing"
)

// TestInIndexAgreesWithGit: the index as Commit reads it holds what git
// ls-files says it holds, for names of every length modulo 8, in
// directories, after removals, for a directory of a file's name, and in
// the index's versions 2 and 3 (whose entries with extended flags are
// longer).
func TestInIndexAgreesWithGit(t *testing.T) {
	r := New(t)
	var paths []string
	for n := 1; n <= 17; n++ {
		paths = append(paths, strings.Repeat("x", n), "d/"+strings.Repeat("y", n)+".toml")
	}
	for i, p := range paths {
		r.Commit(p, p+"\n", "add "+p)
		if i%5 == 0 {
			r.Commit(p, p+" again\n", "edit "+p) // commit --include
		}
	}
	r.Git("rm", "-q", "xxx", "d/yy.toml")
	r.Git("commit", "-q", "-m", "remove two")
	r.Commit("xxx/inside.txt", "a file under a directory of a file's old name\n", "dir")
	r.Git("update-index", "--skip-worktree", "xxxx") // an extended flag: version 3's longer entry
	for _, v := range []string{"2", "3"} {
		r.Git("update-index", "--index-version", v)
		listed := map[string]bool{}
		for _, p := range strings.Split(r.Git("ls-files"), "\n") {
			listed[p] = true
		}
		for _, p := range append(paths, "xxx/inside.txt", "d", "xxx/", "nothing") {
			if got := r.inIndex(p); got != listed[p] {
				t.Errorf("index version %s: inIndex(%q) = %v, git ls-files says %v", v, p, got, listed[p])
			}
		}
	}
	if got := r.Git("log", "-1", "--format=%s", "--", "x"); got != "edit x" {
		t.Errorf("x last changed by %q, want the edit that commit --include made", got)
	}
}
