package workspace_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/report"
)

// TestValidateInAShallowCloneReadsHeadsVersion: the base of a change is
// the file as committed at HEAD, which HEAD's tree holds in any shallow
// clone: validate gives the full clone's verdict there (a lapsed record
// of someone already on the list is a warning), with no note. Only a
// HEAD whose version does not parse, where the base is an earlier one,
// needs the history, and says it is missing.
func TestValidateInAShallowCloneReadsHeadsVersion(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-06-05")
	grace := entry("grace@example.org", "member", "ada@example.org", "2026-06-05")
	old := entry("old@example.org", "member", "ada@example.org", "2025-01-05")
	f.repo.Commit("members.toml", hdr+ada+grace, "Create the list (#1)")
	f.repo.Commit("members.toml", hdr+ada+grace+old, "Add old (#2)")
	// old's record had lapsed when the file listed them: the full
	// history says it never admitted them; a shallow clone cannot tell,
	// keeps the warning, and says so.
	full := f.doValidate("members.toml", report.Text, "")
	if !strings.Contains(full.stdout, "error: member old@example.org") || !strings.Contains(full.stdout, "it never admitted them") {
		t.Fatalf("the full clone: exit %d\n%s%s", full.code, full.stdout, full.stderr)
	}
	f.shallowClone()
	shallow := f.doValidate("members.toml", report.Text, "")
	if !strings.Contains(shallow.stdout, "warning: member old@example.org") || !strings.Contains(shallow.stderr, "shallow clone") {
		t.Errorf("a shallow clone judges old's record without saying it cannot tell:\nexit %d\n%s%s", shallow.code, shallow.stdout, shallow.stderr)
	}
	// A lapse that history plays no part in: the same verdict, no note.
	f.write("members.toml", hdr+ada+grace)
	if full, shallow := f.doValidate("members.toml", report.Text, ""), f.doValidate("members.toml", report.Text, ""); shallow.stdout != full.stdout || strings.Contains(shallow.stderr, "shallow") {
		t.Errorf("exit %d\n%s%s", shallow.code, shallow.stdout, shallow.stderr)
	}

	broken := newRepoFixture(t)
	broken.repo.Commit("members.toml", hdr+ada+grace+old, "Create the list (#1)")
	broken.repo.Commit("members.toml", hdr+ada+grace+old+"\n[[member]\n", "Break it (#2)")
	broken.shallowClone()
	broken.write("members.toml", hdr+ada+grace+old)
	if r := broken.doValidate("members.toml", report.Text, ""); !strings.Contains(r.stderr, "shallow clone") || !strings.Contains(r.stdout, "error: member old@example.org") {
		t.Errorf("HEAD's version does not parse, and the one before is not there: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
