package report_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
)

// TestReminderMentionsVettersHoweverWritten: a record's `by` written in
// another case, with an @, or as the vetter's email in another case,
// mentions the vetter's handle once (one section for one person); a
// handle GitHub would not take, or an unknown vetter, is named as escaped
// text, never mentioned. The window's end is the day records lapse by.
func TestReminderMentionsVettersHoweverWritten(t *testing.T) {
	// The owner's own handle may be written with its optional "@" too.
	for _, owner := range []string{"grace-x", "@grace-x"} {
		t.Run(owner, func(t *testing.T) { remindersMentionVetters(t, owner) })
	}
}

func remindersMentionVetters(t *testing.T, owner string) {
	f, err := members.Parse("members.toml", []byte(`schema = 1
[lists.reports]
address = "security@example.org"
policy = "p"
[policies.p]
vetting_methods = ["video-call"]
[[member]]
email = "grace@example.org"
github = "`+owner+`"
lists = { reports = "owner" }
[[member]]
email = "bad@example.org"
github = "bad-handle"
`))
	if err != nil {
		t.Fatal(err)
	}
	var items []audit.Item
	bys := []string{"Grace-X", "@grace-x", "GRACE@example.org", "nobody"}
	for i, by := range bys {
		items = append(items, audit.Item{Kind: audit.KindLapsing, Email: fmt.Sprintf("m%d@example.org", i), List: "reports", VettedBy: by, VettedOn: "2026-01-01", Expires: "2026-12-20"})
	}
	rep := audit.FromFindings(f, nil, time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC))
	rep.Until = "2027-01-17"
	for i := range items {
		items[i].VetterGitHub = vettersHandle(f, items[i].VettedBy)
	}
	rep.Items = items
	got := report.ReminderMarkdown(rep, "", "roster audit", "roster vet")
	// A vetter who cannot be mentioned ("nobody") is named, and the
	// record goes to the list's owners, mentioned.
	if strings.Count(got, "### @grace-x\n") != 1 || !strings.Contains(got, "### Owners of reports: @grace-x\n") ||
		!strings.Contains(got, "m3@example.org: lapses on 2026-12-20 (vetted by nobody") || !strings.Contains(got, "lapse by 2027-01-17") {
		t.Errorf("want one @grace-x section, nobody's record for the owners, the window's end:\n%s", got)
	}
	for i := range 3 {
		if !strings.Contains(got, fmt.Sprintf("m%d@example.org", i)) {
			t.Errorf("m%d missing:\n%s", i, got)
		}
	}
	// The audit's own text groups them the same way.
	var text strings.Builder
	if err := report.AuditReport(&text, report.Text, rep); err != nil {
		t.Fatal(err)
	}
	if strings.Count(text.String(), "@grace-x:\n") != 1 || !strings.Contains(text.String(), "RE-VET, BY VETTER (lapsed, or lapsing by 2027-01-17)") {
		t.Errorf("audit text, want one @grace-x group and the window:\n%s", text.String())
	}
	// A record roster import wrote goes to the list's owners, as in the
	// reminder issue, never to a vetter called "import".
	withImport := *rep
	withImport.Items = append(slices.Clone(rep.Items), audit.Item{Kind: audit.KindLapsing, Email: "old@example.org", List: "reports", VettedBy: "import", VettedOn: "2016-01-01", Expires: "2026-12-21"})
	text.Reset()
	if err := report.AuditReport(&text, report.Text, &withImport); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "owners of reports (@grace-x), for records roster import wrote:\n  old@example.org") || strings.Contains(text.String(), "\nimport:") {
		t.Errorf("audit text, the import record:\n%s", text.String())
	}
	// Nothing to report is said once, in every form.
	rep.Items = nil
	for _, format := range []report.Format{report.Text, report.Markdown} {
		var b strings.Builder
		if err := report.AuditReport(&b, format, rep); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), "Nothing to report"); n != 1 {
			t.Errorf("%s: says nothing to report %d times:\n%s", format, n, b.String())
		}
	}
	// A handle GitHub would not take is never a mention.
	rep.Items = []audit.Item{{Kind: audit.KindLapsing, Email: "z@example.org", List: "reports", VettedBy: "x", VetterGitHub: "bad--handle", Expires: "2026-12-20"}}
	if got := report.ReminderMarkdown(rep, "", "roster audit", "roster vet"); strings.Contains(got, "@bad--handle") {
		t.Errorf("a bad handle is mentioned:\n%s", got)
	}
}

// vettersHandle finds the handle audit gives a record's vetter, through
// audit itself: a finding of a lapsing record by by.
func vettersHandle(f *members.File, by string) string {
	rep := audit.FromFindings(f, []policies.Finding{{Rule: policies.RuleVettingLapsing, List: "reports", Member: "m@example.org",
		Vetting: &policies.Lapse{By: by, On: "2026-01-01", Expires: "2026-12-20"}}}, time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC))
	for _, it := range rep.Items {
		if it.Kind == audit.KindLapsing {
			return it.VetterGitHub
		}
	}
	return ""
}

// TestReminderFileOf reads back the file a reminder's marker names,
// whatever its path holds, and nothing from a body that is no reminder.
func TestReminderFileOf(t *testing.T) {
	for _, p := range []string{"members.toml", "sec/members.toml", "it's lists/sec`x.toml", "a -->b.toml", "/abs/m.toml"} {
		got, ok := report.ReminderFileOf(report.ReminderMarkerFor(p) + "\nVetting records that lapse")
		if !ok || got != p {
			t.Errorf("%q: read back %q, %v", p, got, ok)
		}
	}
	for _, body := range []string{"", "a note\n" + report.ReminderMarker, "<!-- roster:reminder file= -->", "<!-- roster:reminder file=a.toml"} {
		if got, ok := report.ReminderFileOf(body); ok {
			t.Errorf("%q: read %q as a reminder's file", body, got)
		}
	}
}
