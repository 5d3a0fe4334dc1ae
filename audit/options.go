package audit

import (
	"time"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// FileTimeline says what the members file listed when: whether, as it had
// landed by a time, it listed a member on a group (history.Timeline).
type FileTimeline interface {
	// Role is member's role on group's list as the file had landed by at.
	Role(group, member string, at time.Time) (members.Role, bool)
	// Covers reports whether a version that parses had landed by at.
	Covers(at time.Time) bool
	// Ever reports whether any version listed member on group: of the
	// members file, or of a file its list moved in from.
	Ever(group, member string) bool
	// Spelled reports whether a version listed member on group under
	// this very spelling, its +tag included: roster writes the spelling
	// the file does, so a write of another spelling of the mailbox
	// (b+spy@ for the file's b@) is someone else's.
	Spelled(group, member string) bool
	// EverOmitted reports whether a version, after one that listed
	// member on group, did not list them there; EverGave whether one
	// gave them role (any case) there. Every version is asked, however
	// it is dated.
	EverOmitted(group, member string) bool
	EverGave(group, member, role string) bool
}

// AttributeOptions tune Attribute.
type AttributeOptions struct {
	Now time.Time
	// File is the members file's history: a write that made a group
	// agree with the file as it stood at that moment is roster's (or
	// someone doing what the file said), never a change by hand. Nil
	// when the file has no history.
	File FileTimeline
	// Versions reads the file as it had landed by a time, for what its
	// roles alone do not say: whether it admitted a member it listed,
	// and which settings its policy pinned. Nil when there is no
	// history: a listed member then counts as admitted, and a setting
	// write is roster's by its client alone.
	Versions FileVersions
	// ClientIDs are roster's own OAuth client IDs: a write made through
	// one of them is roster's.
	ClientIDs []string
	// Concurrency bounds the lists whose log is read at once (0: 8); a
	// run passes the calls it allows in flight.
	Concurrency int
	// FileName names the members file in what Attribute writes (""
	// is members.toml).
	FileName string
	// Failed holds, by application, the logs this run already found
	// failing for the domain (a --changed-since read of the whole
	// domain's log): they are not asked again, so a log that does not
	// answer costs the run one wait, not two.
	Failed map[string]error
	// NewInWindow, set by an incremental run, reports whether the file
	// listed member on the group only since the run's window began, and
	// no event of the window (read for the whole domain already) names
	// them there: an add of them has no change by hand to name in it,
	// and needs no read of the group's logs. Nil for a full run.
	NewInWindow func(group, member string) bool
}

// onlyNewInWindow reports whether every difference of l is the add of
// someone the file listed on it only in an incremental run's window,
// whom no event of the window names (AttributeOptions.NewInWindow):
// nothing a read of the group's logs would name.
func onlyNewInWindow(l *plan.List, newIn func(group, member string) bool) bool {
	if newIn == nil || len(l.Unmanaged) > 0 || len(l.Unvetted) > 0 || len(l.OverCapListed) > 0 || len(l.Settings) > 0 {
		return false
	}
	for _, c := range l.Changes {
		if c.Action != plan.ActionAdd || !newIn(logKey(l), c.Email) {
			return false
		}
	}
	return true
}

// onlyAddsOfAFailingList reports whether l's policy fails (sync
// neither reads nor writes it) and every difference of it is someone
// the file lists whom the group lacks: what sync would do is nothing,
// so who took them off (if anyone did) is asked of the log for a few
// such lists only (failingListsAsked). A walk-in on such a list, a role
// or a setting changed, is always named.
func onlyAddsOfAFailingList(l *plan.List) bool {
	if !l.PolicyFails || len(l.Unmanaged) > 0 || len(l.Unvetted) > 0 || len(l.OverCapListed) > 0 || len(l.Settings) > 0 {
		return false
	}
	for _, c := range l.Changes {
		if c.Action != plan.ActionAdd {
			return false
		}
	}
	return true
}

// drifted reports whether a list has anything someone may have done by
// hand: a live member the file lists but does not admit (unvetted) was
// put there by someone other than roster, which refused to.
func drifted(l *plan.List) bool {
	return len(l.Changes) > 0 || len(l.Unmanaged) > 0 || len(l.Unvetted) > 0 || len(l.OverCapListed) > 0 || len(l.Settings) > 0
}
