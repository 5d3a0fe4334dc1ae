package audit

// roster's own writes that no committed version of the members file
// asked for: made through its OAuth client, so no change by hand, but a
// sync of a file nobody committed, or a call made with roster's
// credentials, which a reader of the log should know of.

import (
	"fmt"
	"strings"

	"github.com/roster-dev/roster/directory"
)

// strayWrite describes a write made through roster's OAuth client that
// no committed version of the file asked for, or returns "": an add of
// someone no version lists on the group, a removal of someone every
// version since it first listed them keeps there, a role no version
// gives them there. It is asked only of writes that did not make the
// group agree with the file as it stood then.
func (a attributor) strayWrite(ev directory.Activity) string {
	if a.opts.File == nil || ev.Member == "" || !a.opts.File.Covers(ev.Time) {
		return ""
	}
	when := ev.Time.UTC().Format(changedLayout)
	// "this checkout": another one, with commits this one has not
	// fetched, may have synced a version it does not know of.
	const why = "a sync of an uncommitted file, or of commits this checkout does not have (fetch them), or a call made with roster's credentials"
	switch ev.Effect() {
	case directory.EffectAdded:
		// A version on another branch, or one whose commit is dated
		// after the write, that listed them asked for it: Ever.
		if a.everListed(ev.Member) {
			return ""
		}
		return fmt.Sprintf("added by roster (OAuth client %s) on %s, though no version of %s committed in this checkout lists them there: %s", ev.ClientID, when, a.fileName(), why)
	case directory.EffectRemoved:
		if a.everOmitted(ev.Member) {
			return ""
		}
		return fmt.Sprintf("removed by roster (OAuth client %s) on %s, though no version of %s committed in this checkout takes them off there: %s", ev.ClientID, when, a.fileName(), why)
	case directory.EffectRole:
		if ev.Role == "" || a.everGave(ev.Member, ev.Role) {
			return ""
		}
		return fmt.Sprintf("role changed to %s by roster (OAuth client %s) on %s, though no version of %s committed in this checkout gives them that role there: %s", strings.ToLower(ev.Role), ev.ClientID, when, a.fileName(), why)
	}
	return ""
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
