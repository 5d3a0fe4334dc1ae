package report_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/report"
)

// TestAuditTextNamesTheList: one person's lapse on two lists is two
// lines, each naming its list, not one line said twice.
func TestAuditTextNamesTheList(t *testing.T) {
	a := &audit.Report{Date: "2026-12-04", Items: []audit.Item{
		{Level: audit.Violation, Kind: "lapsed", List: "announce", Email: "o@example.org", Message: "member o@example.org: vetting lapsed"},
		{Level: audit.Violation, Kind: "lapsed", List: "reports", Email: "o@example.org", Message: "member o@example.org: vetting lapsed"},
	}}
	var b strings.Builder
	if err := report.AuditReport(&b, report.Text, a); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(l, "VIOLATION") {
			lines = append(lines, strings.Join(strings.Fields(l), " "))
		}
	}
	if len(lines) != 2 || !strings.Contains(lines[0], "lapsed announce member") || !strings.Contains(lines[1], "lapsed reports member") {
		t.Errorf("audit text:\n%s", b.String())
	}
}
