package workspace_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/workspace"
)

// memberOnLists is a members file of n lists under one policy, two
// owners on all of them who vet each other, and x@ a member of all of
// them with one vetting record: the shape in which the advice after an
// edit of x@ used to cost time in n squared and print a line per list.
func memberOnLists(n int) string {
	var b strings.Builder
	b.WriteString("schema = 1\n\n[policies.p]\nvetting_methods = [\"video-call\"]\nvetted_by = \"owner\"\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[lists.l%05d]\naddress = \"l%05d@example.org\"\npolicy = \"p\"\n", i, i)
	}
	all := func(role string) string {
		p := make([]string, n)
		for i := range p {
			p[i] = fmt.Sprintf("l%05d = %q", i, role)
		}
		return strings.Join(p, ", ")
	}
	for _, p := range [][2]string{{"o", "p"}, {"p", "o"}} {
		fmt.Fprintf(&b, "\n[[member]]\nemail = \"%s@example.org\"\nlists = { %s }\nvetting = [{ by = \"%s@example.org\", on = 2026-01-01, method = \"video-call\" }]\n", p[0], all("owner"), p[1])
	}
	fmt.Fprintf(&b, "\n[[member]]\nemail = \"x@example.org\"\nlists = { %s }\nvetting = [{ by = \"o@example.org\", on = 2026-01-01, method = \"video-call\" }]\n", all("member"))
	return b.String()
}

// scaleRepo commits memberOnLists(n) in a new repository, so that the
// advice judges the edit against the committed file, as it does in use.
func scaleRepo(tb testing.TB, n int) (*historytest.Repo, string) {
	tb.Helper()
	repo := historytest.New(tb)
	content := memberOnLists(n)
	repo.Commit("members.toml", content, "Lists (#1)")
	return repo, content
}

// promoteOnOne makes x@ owner of one list of dir's members file, the
// output in stderr.
func promoteOnOne(dir string, stderr *bytes.Buffer) error {
	var stdout bytes.Buffer
	ws := workspace.New(workspace.Env{
		Stdout: &stdout, Stderr: stderr,
		Now:     func() time.Time { return today },
		Getenv:  func(string) string { return "" },
		Workdir: dir, UserAgent: "roster/test",
	})
	return ws.Role(ctx, workspace.RoleOptions{File: "members.toml", Email: "x@example.org", List: "l00002", Role: members.RoleOwner})
}

// TestAdviceOnManyLists: a role change on one of the 500 lists a
// member is on advises on that list, not on each of the others, where
// the edit changes nothing.
func TestAdviceOnManyLists(t *testing.T) {
	t.Parallel()
	repo, _ := scaleRepo(t, 500)
	var stderr bytes.Buffer
	if err := promoteOnOne(repo.Dir, &stderr); err != nil {
		t.Fatalf("role: %v\n%s", err, stderr.String())
	}
	out := stderr.String()
	if n := strings.Count(out, "\n"); n >= 20 {
		t.Fatalf("%d lines of advice for a role change on one list, want fewer than 20:\n%.2000s", n, out)
	}
	if !strings.Contains(out, "sync will change x@example.org on l00002 from member to owner") {
		t.Errorf("the advice does not say what sync does on the list changed:\n%s", out)
	}
	if strings.Contains(out, "l00003") {
		t.Errorf("the advice names a list the edit did not change:\n%s", out)
	}
}

// BenchmarkAdviceOnManyLists times a role change on one list of a
// member on 1,000 and 4,000 lists: the advice costs time in proportion
// to the file, so the second is about four times the first.
func BenchmarkAdviceOnManyLists(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		b.Run(fmt.Sprintf("lists=%d", n), func(b *testing.B) {
			repo, content := scaleRepo(b, n)
			var stderr bytes.Buffer
			for b.Loop() {
				b.StopTimer()
				repo.Write("members.toml", content) // undo the last iteration's edit
				stderr.Reset()
				b.StartTimer()
				if err := promoteOnOne(repo.Dir, &stderr); err != nil {
					b.Fatalf("role: %v\n%s", err, stderr.String())
				}
			}
		})
	}
}
