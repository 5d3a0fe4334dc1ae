package review

import "strings"

// The marks a change line starts with, which the comment's order and
// counts read (report): whom the file puts on a list, takes off, or
// gives another role, and whom the change's own commits moved on the
// way (listed and taken off, or taken off and put back).
const (
	MarkAdd       = "+ "
	MarkRemove    = "- "
	MarkRole      = "~ "
	MarkPassing   = "± "
	MarkRoundTrip = "∓ "
)

// MovedOnTheWay reports whether change is about whom the change's own
// commits moved and moved back (MarkPassing, MarkRoundTrip): no change of
// the file, as many as its author likes to write.
func MovedOnTheWay(change string) bool {
	return strings.HasPrefix(change, MarkPassing) || strings.HasPrefix(change, MarkRoundTrip)
}

// MovesSomeone reports whether change puts someone on a list, takes them
// off, gives them another role (or does so on the way), or gives an
// entry another mailbox: one person's seat to another.
func MovesSomeone(change string) bool {
	for _, m := range []string{MarkAdd, MarkRemove, MarkRole, MarkPassing, MarkRoundTrip} {
		if strings.HasPrefix(change, m) {
			return true
		}
	}
	return strings.HasPrefix(change, identityPrefix) && strings.Contains(change, ": email ")
}

// RecordChange reports whether change is about a vetting record.
func RecordChange(change string) bool {
	return strings.HasPrefix(change, "new vetting of ") || strings.HasPrefix(change, "vetting of ")
}

// Mark is change without the mark roster writes first, when it has one
// of its own signs (MarkPassing, MarkRoundTrip): what is left is the
// data's, to read for look-alikes.
func Mark(change string) string {
	return strings.TrimPrefix(strings.TrimPrefix(change, MarkPassing), MarkRoundTrip)
}

// identityPrefix starts the line of a change to an entry's email or
// github (decider.details).
const identityPrefix = "identity of "
