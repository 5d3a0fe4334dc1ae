package report

import (
	"fmt"

	"github.com/roster-dev/roster/plan"
)

// settingLine is one setting change of a text plan, after "! setting ":
// the live value and the policy's, or, for a setting a pull request's
// plan read from the file alone, the base's value and the head's, never
// a live one.
func settingLine(s plan.SettingChange) string {
	if s.FromFile {
		note := ""
		if s.Widens {
			note = "  (the change lets more people in)"
		}
		return fmt.Sprintf("%s\t%s -> %s%s  (%s)", s.Name, Line(pinnedOr(s.Before)), Line(pinnedOr(s.Desired)), note, plan.FromFileNote)
	}
	note := ""
	if s.Widens {
		note = "  (live value lets more people in)"
	}
	if s.ChangedBy != "" {
		note += "  (live: " + Line(s.ChangedBy) + ")"
	}
	return fmt.Sprintf("%s\t%s -> %s%s", s.Name, Line(orNone(s.Live)), Line(s.Desired), note)
}

// settingRowMD is one setting change of a markdown plan, as a table row.
func settingRowMD(s plan.SettingChange) string {
	if s.FromFile {
		note := " — " + MD(plan.FromFileNote)
		if s.Widens {
			note = " — **the change lets more people in**; " + MD(plan.FromFileNote)
		}
		return fmt.Sprintf("| setting | %s | %s → %s%s |\n", CodeCell(s.Name), CodeCell(pinnedOr(s.Before)), CodeCell(pinnedOr(s.Desired)), note)
	}
	return fmt.Sprintf("| setting | %s | %s → %s%s |\n", CodeCell(s.Name), CodeCell(orNone(s.Live)), CodeCell(s.Desired), liveByMD(s.ChangedBy))
}

// pinnedOr is a policy's value for a setting, or that it pins none.
func pinnedOr(v string) string {
	if v == "" {
		return plan.NotPinned
	}
	return v
}
