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
	if t.Unmanaged == members.UnmanagedRemove {
		line = `if a group exists at this address already, sync takes it over after the merge: it removes everyone on it the file does not list (unmanaged = "remove")`
	} else {
		line = `if a group exists at this address already, sync takes it over after the merge: it keeps everyone on it the file does not list, and reports them (unmanaged = "report")`
	}
	if len(t.Pins) == 0 {
		return line + ", and leaves its settings as they are (its policy pins none)"
	}
	return line + fmt.Sprintf(", and sets every setting its policy pins (%s), whatever its value now", strings.Join(t.Pins, ", "))
}
