package audit

// roster's own writes that no committed version of the members file
// asked for: made through its OAuth client, so no change by hand, but a
// sync of a file nobody committed, or a call made with roster's
// credentials, which a reader of the log should know of.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// strayWrite describes a write made through roster's OAuth client that
// the file as it stood then did not ask for: one no committed version
// asked for (an add of someone no version lists on the group, a removal
// of someone every version since it first listed them keeps there, a
// role no version gives them there), or one an other version did (an
// older checkout's sync). It is asked only of writes that did not make
// the group agree with the file as it stood then.
func (a attributor) strayWrite(ev directory.Activity) string {
	if a.opts.File == nil || ev.Member == "" || !a.opts.File.Covers(ev.Time) {
		return ""
	}
	when := ev.Time.UTC().Format(changedLayout)
	var did, none string
	var ever bool                      // a version, however dated, asked for it
	var asks func([]members.Role) bool // so did one landed by then
	switch ev.Effect() {
	case directory.EffectAdded:
		// A version on another branch, or one whose commit is dated
		// after the write, that listed them asked for it: Ever.
		did, none, ever = "added", "lists them there", a.everListed(ev.Member)
		asks = func(rs []members.Role) bool {
			return slices.ContainsFunc(rs, func(r members.Role) bool { return r != "" })
		}
	case directory.EffectRemoved:
		did, none, ever = "removed", "takes them off there", a.everOmitted(ev.Member)
		asks = func(rs []members.Role) bool {
			i := slices.IndexFunc(rs, func(r members.Role) bool { return r != "" })
			return i >= 0 && slices.Contains(rs[i:], "")
		}
	case directory.EffectRole:
		if ev.Role == "" {
			return ""
		}
		did, none, ever = "role changed to "+strings.ToLower(ev.Role), "gives them that role there", a.everGave(ev.Member, ev.Role)
		asks = func(rs []members.Role) bool {
			return slices.ContainsFunc(rs, func(r members.Role) bool { return r != "" && strings.EqualFold(string(r), ev.Role) })
		}
	default:
		return ""
	}
	standing, listed := a.roleAt(ev.Member, ev.Time)
	switch {
	case !ever && ev.Effect() == directory.EffectRemoved:
		// Someone no version listed: an older version's policy may have
		// removed whom it did not list (unmanaged = "remove").
		return fmt.Sprintf("%s by roster (OAuth client %s) on %s, though no version of %s committed in this checkout %s: a sync of an uncommitted file, of commits this checkout does not have, or of a version whose policy took off whom it did not list (unmanaged = \"remove\"), or a call made with roster's credentials", did, ev.ClientID, when, a.fileName(), none)
	case !ever && ev.Effect() == directory.EffectAdded && a.mayBeAnAddition(ev.Member):
		// The plan holds their removal: one of its additions may be
		// them under an alias, which Google logs under the primary
		// address: roster's add of an entry the file lists, perhaps.
		return fmt.Sprintf("%s by roster (OAuth client %s) on %s, perhaps as an address %s lists, an alias of theirs (Google logs the addition of an alias under the user's own address)", did, ev.ClientID, when, a.fileName())
	case !ever:
		// "this checkout": another one, with commits this one has not
		// fetched, may have synced a version it does not know of.
		return fmt.Sprintf("%s by roster (OAuth client %s) on %s, though no version of %s committed in this checkout %s: a sync of an uncommitted file, or of commits this checkout does not have (fetch them), or a call made with roster's credentials", did, ev.ClientID, when, a.fileName(), none)
	case listed && (ev.Effect() == directory.EffectAdded || ev.Effect() == directory.EffectRole && strings.EqualFold(string(standing), ev.Role)):
		// The version standing then asked for it, and did not admit
		// them (the write disagreed with it): sync refuses such a
		// write, so no sync of it made this one.
		return fmt.Sprintf("%s by roster (OAuth client %s) on %s, though %s as committed then did not admit them there (sync refuses them): a call made with roster's credentials, or a sync of an uncommitted file", did, ev.ClientID, when, a.fileName())
	case a.askedBefore(ev, asks):
		// A version that had landed by then asked for it, not the one
		// standing then (the write disagreed with it): a sync of an
		// older checkout, or of another branch. No change by hand, but
		// the line that reverts it says whose write it was, and when.
		return fmt.Sprintf("%s by roster (OAuth client %s) on %s, from a version of %s other than the one committed then: a sync of an older checkout or another branch (have the scheduled job fetch before it syncs), or of the branch before a commit dated earlier than the write reached it (pushed after the sync)", did, ev.ClientID, when, a.fileName())
	}
	// Only a version dated after the write asked for it: a write ahead
	// of its commit, roster's own doing.
	return ""
}

// mayBeAnAddition reports whether the plan holds member's removal as
// one an addition may turn out to be (plan.Change.MayBeAddition).
func (a attributor) mayBeAnAddition(member string) bool {
	id := members.IdentityOf(member)
	return slices.ContainsFunc(a.l.Changes, func(c plan.Change) bool {
		return c.Action == plan.ActionRemove && c.MayBeAddition && members.IdentityOf(c.Email) == id
	})
}

// rolesBy is the history's RolesBy (history.Timeline has it; a
// timeline without it cannot tell an older version's write).
type rolesBy interface {
	RolesBy(group, member string, at time.Time) []members.Role
}

// askedBefore returns whether a version of the file that had landed by
// the time of ev, its member under any spelling the plan took for them
// on any of the group's names, asked for it: asks says so of their
// roles in those versions, oldest first.
func (a attributor) askedBefore(ev directory.Activity, asks func([]members.Role) bool) bool {
	rb, ok := a.opts.File.(rolesBy)
	if !ok {
		return false
	}
	for alt := range a.spellingsAsWritten(ev.Member) {
		if a.anyName(func(g string) bool { return asks(rb.RolesBy(g, alt, ev.Time)) }) {
			return true
		}
	}
	return false
}

func (a attributor) fileName() string {
	if a.opts.FileName == "" {
		return "members.toml"
	}
	return a.opts.FileName
}

// everOmitted reports whether a version of the file, after one first
// listed member (under any spelling the plan took for them) on this
// list's group, did not list them there: it asked for their removal.
func (a attributor) everOmitted(member string) bool {
	for alt := range a.spellingsAsWritten(member) {
		if a.anyName(func(g string) bool { return a.opts.File.EverOmitted(g, alt) }) {
			return true
		}
	}
	return false
}

// everGave reports whether a version of the file gave member (under any
// spelling the plan took for them) role (as Google spells it, any case)
// on this list's group.
func (a attributor) everGave(member, role string) bool {
	for alt := range a.spellingsAsWritten(member) {
		if a.anyName(func(g string) bool { return a.opts.File.EverGave(g, alt, role) }) {
			return true
		}
	}
	return false
}

// spellingsAsWritten are member and the addresses the file wrote for
// them (fileSpellings).
func (a attributor) spellingsAsWritten(member string) map[string]bool {
	out := map[string]bool{member: true}
	for _, alt := range a.fileSpellings(member) {
		out[alt] = true
	}
	return out
}
