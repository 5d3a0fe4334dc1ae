package history_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestReadsAnswerEachQuestionOnce: inside one run (WithReads) a question
// about commits is asked of git once, so a commit made meanwhile is not
// seen, where a run without Reads sees it; objects are read through one
// shared cat-file process, by readers at once, each given its own bytes,
// and a reader's Close leaves the others reading.
func TestReadsAnswerEachQuestionOnce(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	first := r.Commit("members.toml", "one\n", "One (#1)")
	run, done := history.WithReads(context.Background())
	defer done()
	if got, err := history.ResolveRevision(run, r.Dir, "HEAD"); err != nil || got != first {
		t.Fatalf("HEAD: %s, %v", got, err)
	}
	second := r.Commit("members.toml", "two\n", "Two (#2)")
	if got, _ := history.ResolveRevision(run, r.Dir, "HEAD"); got != first {
		t.Errorf("within the run, HEAD moved to %s: the run's answers must not change under it", got)
	}
	if got, _ := history.ResolveRevision(context.Background(), r.Dir, "HEAD"); got != second {
		t.Errorf("outside a run, HEAD is %s, want %s", got, second)
	}

	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := history.OpenBlobs(run, r.Dir)
			if err != nil {
				t.Error(err)
				return
			}
			defer b.Close()
			for j := range 20 {
				obj, want := first+":members.toml", "one\n"
				if (i+j)%2 == 1 {
					obj, want = second+":members.toml", "two\n"
				}
				got, err := b.Read(obj)
				if err != nil || string(got) != want {
					t.Errorf("reader %d, read %d: %q, %v; want %q", i, j, got, err, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	b, err := history.OpenBlobs(run, r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := b.Read(second + ":members.toml"); err != nil || !strings.HasPrefix(string(got), "two") {
		t.Errorf("after the other readers closed: %q, %v", got, err)
	}
	if _, err := b.Read(fmt.Sprintf("%s:missing.toml", second)); err == nil {
		t.Error("a missing object read without an error")
	}
}

// TestAMessageSearchIsARevision: ":/carol" names the newest commit whose
// message matches, as git reads it everywhere; "^{commit}" after it
// would be read as part of the pattern, so it resolves on its own first.
func TestAMessageSearchIsARevision(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	r.Commit("members.toml", "one\n", "One (#1)")
	carol := r.Commit("members.toml", "two\n", "Add carol (#2)")
	r.Commit("members.toml", "three\n", "Three (#3)")
	if got, err := history.ResolveRevision(context.Background(), r.Dir, ":/carol"); err != nil || got != carol {
		t.Errorf(":/carol: %s, %v; want %s", got, err, carol)
	}
	if _, err := history.ResolveRevision(context.Background(), r.Dir, ":/nobody"); !errors.Is(err, history.ErrBadRevision) {
		t.Errorf(":/nobody: %v, want ErrBadRevision", err)
	}
}

// TestAnOrphanBranchIsNotAFreshRepository: a branch with no commits in a
// repository whose other branches have some is told so (and is still
// ErrNoCommits to callers), not "the repository has no commits yet".
func TestAnOrphanBranchIsNotAFreshRepository(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	r.Commit("members.toml", "one\n", "One (#1)")
	r.Git("checkout", "-q", "--orphan", "other")
	_, err := history.Log(context.Background(), r.Dir, "members.toml")
	if !errors.Is(err, history.ErrNoCommits) || !strings.Contains(err.Error(), "orphan branch") {
		t.Errorf("Log on an orphan branch: %v", err)
	}
}

// TestAnAnswerAskedAheadIsNeverAnotherRead's: an object asked for ahead
// (Prefetch) and then not read is read past by the next read of
// another object, a Stat or a Close, whatever it is (missing, or larger
// than the pipe holds), and a read of it gets its own bytes.
func TestAnAnswerAskedAheadIsNeverAnotherRead(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	big := strings.Repeat("x", 3<<20) // larger than the pipe widenPipe asks for
	first := r.Commit("members.toml", "one\n", "One")
	second := r.Commit("members.toml", big, "Big")
	open := func() *history.Blobs {
		b, err := history.OpenBlobs(context.Background(), r.Dir)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b := open()
	defer b.Close()
	for _, ahead := range []string{second + ":members.toml", first + ":missing.toml", "no-such-object"} {
		b.Prefetch(ahead)
		if got, err := b.Read(first + ":members.toml"); err != nil || string(got) != "one\n" {
			t.Fatalf("after %s was asked ahead, a read of another: %q, %v", ahead, got, err)
		}
		b.Prefetch(ahead)
		if id, typ, err := b.Stat(first + ":members.toml"); err != nil || typ != "blob" || id == "" {
			t.Fatalf("after %s was asked ahead, a stat of another: %s %s, %v", ahead, id, typ, err)
		}
	}
	b.Prefetch(second + ":members.toml")
	if got, err := b.Read(second + ":members.toml"); err != nil || len(got) != len(big) {
		t.Fatalf("the object asked ahead: %d bytes, %v; want %d", len(got), err, len(big))
	}
	// Closed with a large answer unread: git is not left writing into a
	// full pipe, with Close waiting for it.
	c := open()
	c.Prefetch(second + ":members.toml")
	closed := make(chan error, 1)
	go func() { closed <- c.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("close: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Close hung on an answer asked ahead and never read")
	}
}
