package history_test

import (
	"context"
	"crypto/sha1"
	"fmt"
	"strings"
	"testing"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestAHexBranchMostBlobsStartWithIsABranch: a branch "cafe" is a branch
// when only blobs start with cafe, however many (65 here): only a commit
// id it could also be makes it ambiguous.
func TestAHexBranchMostBlobsStartWithIsABranch(t *testing.T) {
	r := historytest.New(t)
	head := r.Commit("members.toml", header+member("m@example.org", `announce = "member"`), "Start")
	r.Git("branch", "cafe")
	n := 0
	for i := 0; n < 65; i++ {
		c := fmt.Sprintf("x%d\n", i)
		h := sha1.Sum([]byte(fmt.Sprintf("blob %d\x00%s", len(c), c)))
		if h[0] == 0xca && h[1] == 0xfe {
			r.GitInput(c, "hash-object", "-w", "--stdin")
			n++
		}
	}
	ids := strings.Fields(r.Git("rev-parse", "--disambiguate=cafe"))
	for _, id := range ids {
		if tp := r.Git("cat-file", "-t", id); tp != "blob" {
			t.Fatalf("%s is a %s", id, tp)
		}
	}
	t.Logf("%d objects start with cafe, all blobs; git rev-parse cafe = %s", len(ids), r.Git("rev-parse", "cafe"))
	got, err := history.ResolveRevision(context.Background(), r.Dir, "cafe")
	if err != nil || got != head {
		t.Errorf("ResolveRevision(cafe) = %q, %v; want %s (the branch: no commit starts with cafe)", got, err, head)
	}
}
