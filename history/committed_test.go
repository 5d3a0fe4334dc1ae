package history_test

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestCommittedReadsHeadsTree: the file as committed at HEAD is read
// from HEAD's tree alone, in a clone of depth 1 as in the full one,
// where Base still needs the history; no file at the path (a directory
// of that name) and a version that does not parse are errors of their
// own.
func TestCommittedReadsHeadsTree(t *testing.T) {
	t.Parallel()
	full := historytest.New(t)
	full.Commit("members.toml", header, "Create")
	head := full.Commit("members.toml", header+member("ada@example.org", `reports = "owner"`), "Add ada")
	shallow := filepath.Join(t.TempDir(), "shallow")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+full.Dir, shallow).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	ctx := context.Background()
	for _, dir := range []string{full.Dir, shallow} {
		f, rev, err := history.Committed(ctx, dir, "members.toml")
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		if rev.Commit != head || rev.Subject != "Add ada" || rev.Path != "members.toml" || f.FindMember("ada@example.org") == nil {
			t.Errorf("%s: %s (%s) %v, want HEAD's version, with ada", dir, rev.Short(), rev.Subject, emails(f))
		}
	}
	if _, _, err := history.Base(ctx, shallow, "members.toml", nil, ""); !errors.Is(err, history.ErrShallow) {
		t.Errorf("Base in a shallow clone: %v, want ErrShallow", err)
	}

	full.Commit("members.toml", header+"\n[[member]\n", "Break it")
	if _, _, err := history.Committed(ctx, full.Dir, "members.toml"); !errors.Is(err, history.ErrUnparsable) {
		t.Errorf("a HEAD that does not parse: %v, want ErrUnparsable", err)
	}
	full.Git("rm", "-q", "members.toml")
	full.Commit("members.toml/notes.txt", "x = 1\n", "A directory")
	if _, _, err := history.Committed(ctx, full.Dir, "members.toml"); !errors.Is(err, history.ErrNoFileAt) {
		t.Errorf("a directory at HEAD: %v, want ErrNoFileAt", err)
	}
}
