package report

import (
	"fmt"
	"strings"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// takeover says what sync does, after the merge, to a group that exists
// already at the address of a list a pull request's plan did not read
// ("" when the plan does not say): it does not leave it alone, as "to
// create" may suggest, but manages it as any group, whoever is on it.
func takeover(l *plan.List) string {
	t := l.IfExists
	if t == nil {
		return ""
	}
	var line string
	switch {
	case t.MovedFrom != "":
		// Who that file listed is the base's to say, not this plan's:
		// the group is read once the change is merged.
		line = fmt.Sprintf("sync follows the move from %s after the merge: it takes off the group whom %s listed on it and this file does not", t.MovedFrom, t.MovedFrom)
		if t.Unmanaged == members.UnmanagedRemove {
			line += `, and everyone else on it the file does not list (unmanaged = "remove")`
		} else {
			line += `, and keeps and reports anyone else on it the file does not list (unmanaged = "report")`
		}
	case t.Unmanaged == members.UnmanagedRemove:
		line = `if a group exists at this address already, sync takes it over after the merge: it removes everyone on it the file does not list (unmanaged = "remove")`
	default:
		line = `if a group exists at this address already, sync takes it over after the merge: it keeps everyone on it the file does not list, and reports them (unmanaged = "report")`
	}
	if len(t.Pins) == 0 {
		return line + ", and leaves its settings as they are (its policy pins none)"
	}
	return line + fmt.Sprintf(", and sets every setting its policy pins (%s), whatever its value now", strings.Join(t.Pins, ", "))
}
