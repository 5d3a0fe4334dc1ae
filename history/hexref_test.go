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
	t.Parallel()
	r := historytest.New(t)
	head := r.Commit("members.toml", header+member("m@example.org", `announce = "member"`), "Start")
	r.Git("branch", "cafe")
	// The first 65 contents "x<i>\n" whose blob id starts with cafe,
	// found once by search (4 million hashes: seconds under -race); the
	// check below proves them.
	for _, i := range []int{4204, 97067, 146848, 159275, 164722, 178922, 244084, 261882, 425353, 523736, 633789, 641520, 695874,
		754381, 905624, 927607, 966281, 992581, 1197037, 1242416, 1334736, 1384719, 1387287, 1425581, 1500809, 1503249, 1531271,
		1611817, 1643441, 1753435, 1783172, 1822759, 1846653, 1865257, 1879531, 1885768, 1886617, 2004935, 2113953, 2130414,
		2254038, 2305656, 2538576, 2561183, 2649074, 2922561, 2924676, 2944075, 3029259, 3029661, 3103949, 3125057, 3163088,
		3434135, 3472534, 3526092, 3531158, 3640816, 3657069, 3829361, 3897505, 3914907, 3929317, 4082850, 4142769} {
		c := fmt.Sprintf("x%d\n", i)
		if h := sha1.Sum([]byte(fmt.Sprintf("blob %d\x00%s", len(c), c))); h[0] != 0xca || h[1] != 0xfe {
			t.Fatalf("the blob of %q does not start with cafe", c)
		}
		r.GitInput(c, "hash-object", "-w", "--stdin")
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
