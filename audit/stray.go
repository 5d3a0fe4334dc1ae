package audit

// roster's own writes that no committed version of the members file
// asked for: made through its OAuth client, so no change by hand, but a
// sync of a file nobody committed, or a call made with roster's
// credentials, which a reader of the log should know of.

import (
	"fmt"
	"strings"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/history"
)

// fileVersions is a FileTimeline that can also say when each version
// landed (history.Timeline can). A write the file as it stood did not
// ask for may still be one a version asked for: one whose commit is
// dated after the write (a committer's clock ahead of Google's, a merge
// that put an older commit on the line), or an older one (a sync of an
// old checkout). Without it, only the file as it stood is asked.
type fileVersions interface {
	Revisions() []history.Revision
}

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
	const why = "a sync of an uncommitted file, or a call made with roster's credentials"
	switch ev.Effect() {
	case directory.EffectAdded:
		// A version on another branch, or one whose commit is dated
		// after the write, that listed them asked for it: Ever.
		if a.everListed(ev.Member) {
			return ""
		}
		return fmt.Sprintf("added by roster (OAuth client %s) on %s, though no committed version of %s lists them there: %s", ev.ClientID, when, a.fileName(), why)
	case directory.EffectRemoved:
		if a.everOmitted(ev.Member) {
			return ""
		}
		return fmt.Sprintf("removed by roster (OAuth client %s) on %s, though no committed version of %s takes them off there: %s", ev.ClientID, when, a.fileName(), why)
	case directory.EffectRole:
		if ev.Role == "" || a.everGave(ev.Member, ev.Role) {
			return ""
		}
		return fmt.Sprintf("role changed to %s by roster (OAuth client %s) on %s, though no committed version of %s gives them that role there: %s", strings.ToLower(ev.Role), ev.ClientID, when, a.fileName(), why)
	}
	return ""
}

func (a attributor) fileName() string {
	if a.opts.FileName == "" {
		return "members.toml"
	}
	return a.opts.FileName
}

// roleChanges, when the file's history has it (history.Timeline), asks
// every version of the file, not one per date: two versions landed in
// the same second, or one whose date was corrected to the next's, are
// each asked.
type roleChanges interface {
	EverOmitted(group, member string) bool
	EverGave(group, member, role string) bool
}

// versionDates are when the file's versions landed, oldest first; nil
// when the timeline cannot say.
func (a attributor) versionDates() []time.Time {
	fv, ok := a.opts.File.(fileVersions)
	if !ok {
		return nil
	}
	var out []time.Time
	for _, r := range fv.Revisions() {
		out = append(out, r.Date)
	}
	return out
}

// everOmitted reports whether a version of the file, after one first
// listed member on this list's group, did not list them there: it asked
// for their removal. (Before their first listing, a version that does
// not name them asked nothing of them.)
func (a attributor) everOmitted(member string) bool {
	if rc, ok := a.opts.File.(roleChanges); ok {
		return rc.EverOmitted(a.l.Address, member)
	}
	listed := false
	for _, at := range a.versionDates() {
		_, on := a.opts.File.Role(a.l.Address, member, at)
		switch {
		case on:
			listed = true
		case listed:
			return true
		}
	}
	return false
}

// everGave reports whether a version of the file gave member role (as
// Google spells it, any case) on this list's group.
func (a attributor) everGave(member, role string) bool {
	if rc, ok := a.opts.File.(roleChanges); ok {
		return rc.EverGave(a.l.Address, member, role)
	}
	for _, at := range a.versionDates() {
		if r, on := a.opts.File.Role(a.l.Address, member, at); on && strings.EqualFold(string(r), role) {
			return true
		}
	}
	return false
}
