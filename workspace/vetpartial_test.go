package workspace_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/members"
)

// TestAVetterForSomeOfTheListsIsNotBlamed: a record by a vetter who
// counts on one of the member's lists (not the other) mends that list
// and leaves the other as it was, unvetted: the edit made no error, so
// it is not blamed for one and does not fail, whichever rule the
// remaining finding is now under.
func TestAVetterForSomeOfTheListsIsNotBlamed(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	file := strings.Replace(header, "\n[policies.p]", "\n[lists.announce]\naddress = \"announce@example.org\"\npolicy = \"p\"\n\n[policies.p]", 1) +
		"\n[[member]]\nemail = \"ada@example.org\"\nlists = { reports = \"member\", announce = \"member\" }\nvetting = [{ by = \"gone@example.org\", on = 2026-06-01, method = \"video-call\" }]\n" +
		person("bob@example.org", `reports = "owner"`) + person("cy@example.org", `announce = "owner"`)
	f.repo.Commit("members.toml", file, "Lists (#1)")
	r := f.do(vetEdit("ada@example.org", members.Vetting{By: "bob@example.org", Method: "video-call", Note: "Call."}))
	if r.code != 0 || strings.Contains(r.stderr, "this edit made") || !strings.Contains(r.stderr, "announce") {
		t.Errorf("vet by a vetter of one of ada's lists: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
