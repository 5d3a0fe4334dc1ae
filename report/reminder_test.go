package report_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/vetting"
)

// TestReminderMentionsVettersHoweverWritten: a record's `by` written in
// another case, with an @, or as the vetter's email in another case,
// mentions the vetter's handle; a handle GitHub would not take, or an
// unknown vetter, is named as escaped text, never mentioned.
func TestReminderMentionsVettersHoweverWritten(t *testing.T) {
	handles := map[string]string{
		vetting.VetterKey("grace-x"): "grace-x", vetting.VetterKey("grace@example.org"): "grace-x",
		vetting.VetterKey("bad--handle"): "bad--handle",
	}
	for by, want := range map[string]string{
		"Grace-X": "### @grace-x", "@grace-x": "### @grace-x", "GRACE@example.org": "### @grace-x",
		"bad--handle": "### bad--handle", "nobody": "### nobody",
	} {
		rep := &audit.Report{Items: []audit.Item{{Kind: audit.KindLapsing, Email: "ada@example.org", List: "reports", VettedBy: by, VettedOn: "2026-01-01", Expires: "2026-12-20"}}}
		got := report.ReminderMarkdown(rep, handles, "roster vet")
		if !strings.Contains(got, want+"\n") {
			t.Errorf("by %q: want %q in\n%s", by, want, got)
		}
	}
}
