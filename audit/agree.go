package audit

// Whether a write made the group agree with the members file as it
// stood then: roster's write, or someone doing what the file said.
//
// Then is as precise as git's dates, which are whole seconds: a sync
// that wrote at 10:00:30.868 and a commit made just after it, dated
// 10:00:30, look as if the commit came first, and the write was judged
// against a version that did not ask for it (and named as a change by
// hand). A write is judged against every version in effect within
// moments of it.

import (
	"strings"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// commitSlack is how far an event may be from a commit's date and still
// have come on the other side of it: the second git's date drops, and a
// second more of difference between the clock of the machine that
// committed and Google's. A write that agrees with any version of the
// file in effect within commitSlack of it is roster's (or someone doing
// what the file said): a change by hand that precise would have to be
// timed to the second of a commit that asked for it or undid it.
const commitSlack = 2 * time.Second

// FileVersion is one version of the members file, as a write made near
// its commit is judged against it.
type FileVersion interface {
	// Role is member's role on group's list in this version, both
	// compared by identity, as FileTimeline.Role does.
	Role(group, member string) (members.Role, bool)
	// Admitted is FileVersions.Admitted, in this version.
	Admitted(group, member string) (admitted, known bool)
	// Settings is FileVersions.Settings, in this version.
	Settings(group string) (map[string]string, bool)
}

// NearbyVersions is what a FileVersions may also do: name each version
// of the file that was in effect near a time, commits dated the same
// second apart (a version its successor shares a second with is in
// effect at no time FileTimeline can be asked about).
type NearbyVersions interface {
	// Near returns the versions of the file in effect at some moment
	// within slack of at, oldest first: the one that had landed by
	// at-slack, then each that landed after it and by at+slack; none
	// when no version landed within slack of at (the one in effect all
	// along is FileTimeline's at at). Each judges whom it admitted as
	// of at. A version that cannot be read is left out.
	Near(at time.Time, slack time.Duration) []FileVersion
}

// agrees reports whether an event made the group agree with the file as
// it had landed by then: roster's write, or someone doing what the file
// said. Then is as precise as git's dates: the file in any version in
// effect within moments of the event will do (see near).
func (a attributor) agrees(ev directory.Activity) bool {
	if a.agreesAt(ev, fileAt{at: ev.Time}) {
		return true
	}
	for _, f := range a.near(ev.Time) {
		if a.agreesAt(ev, f) {
			return true
		}
	}
	return false
}

// agreesAt is agrees, against the file at f.
func (a attributor) agreesAt(ev directory.Activity, f fileAt) bool {
	if ev.Effect() == directory.EffectSetting {
		return a.settingAgreesAt(ev, f)
	}
	if a.opts.File == nil || ev.Member == "" || !a.covers(f) {
		return false
	}
	spelled := ev.Member
	role, listed := a.roleIn(f, ev.Member)
	if !listed {
		// Listed then under an alias of theirs, which Google resolved.
		for _, alt := range a.fileSpellings(ev.Member) {
			if role, listed = a.roleIn(f, alt); listed {
				spelled = alt
				break
			}
		}
	}
	if listed && ev.Effect() != directory.EffectRemoved && !a.anyName(func(g string) bool { return a.opts.File.Spelled(g, spelled) }) {
		return false
	}
	switch ev.Effect() {
	case directory.EffectAdded:
		// roster adds with the file's role: an add with another (an
		// owner re-adding someone as owner) was made by hand. One that
		// logs no role, for a member whose role is in question (liveRole),
		// agrees if the file then gave the role they have.
		// Listed is not enough: an entry the file did not admit then
		// (unvetted, blocked) roster refused to add.
		if !listed || !a.admittedAt(spelled, f) {
			return false
		}
		if ev.Role == "" {
			return a.liveRole == "" || role == a.liveRole
		}
		return strings.EqualFold(string(role), ev.Role)
	case directory.EffectRemoved:
		return !listed
	case directory.EffectRole:
		if !listed || !strings.EqualFold(string(role), ev.Role) {
			return false
		}
		// A promotion roster makes only of someone the file admits
		// there: one of an entry it blocked (unvetted, a record dated
		// ahead, lapsed) was made by hand, around the refusal. A
		// demotion (owner to manager too) roster makes whatever the
		// entry's records say.
		if raisesRole(ev) {
			return a.admittedAt(spelled, f)
		}
		return true
	}
	return false
}

// raisesRole reports whether a role event gave the member a higher role
// than they had: by the role it logs before (OLD_VALUE), else by what
// the event does (a role Cloud Identity takes away lowers; any other
// that gives manager or owner may raise, and is taken to).
func raisesRole(ev directory.Activity) bool {
	to := members.Role(strings.ToLower(ev.Role))
	if from := members.Role(strings.ToLower(ev.Old)); from.Valid() {
		return to.Rank() > from.Rank()
	}
	if ev.Event == directory.EventRemoveMemberRole {
		return false
	}
	return to.AtLeast(members.RoleManager)
}

// fileAt is the file as a write is judged against it: as it had landed
// by at, or, when v is set, that one version of it (one near at).
type fileAt struct {
	at time.Time
	v  FileVersion
}

// near is the file in the versions in effect within commitSlack of t
// besides the one that had landed by t: the versions themselves
// (NearbyVersions), else the file as it had landed by each whole second
// of that window and by its ends (git's dates are whole seconds, so no
// other moment shows another version). None without the file's history.
func (a attributor) near(t time.Time) []fileAt {
	if a.opts.File == nil && a.opts.Versions == nil {
		return nil
	}
	if nv, ok := a.opts.Versions.(NearbyVersions); ok {
		var out []fileAt
		for _, v := range nv.Near(t, commitSlack) {
			out = append(out, fileAt{at: t, v: v})
		}
		return out
	}
	from, to := t.Add(-commitSlack), t.Add(commitSlack)
	out := []fileAt{{at: from}}
	for s := from.Truncate(time.Second).Add(time.Second); s.Before(to); s = s.Add(time.Second) {
		if !s.Equal(t) {
			out = append(out, fileAt{at: s})
		}
	}
	return append(out, fileAt{at: to})
}

// covers reports whether the file is known at f (see FileTimeline.Covers).
func (a attributor) covers(f fileAt) bool {
	return f.v != nil || a.opts.File != nil && a.opts.File.Covers(f.at)
}

// roleIn is member's role on this list's group in the file at f.
func (a attributor) roleIn(f fileAt, member string) (members.Role, bool) {
	if f.v != nil {
		return a.roleInVersion(f.v, member)
	}
	return a.roleAt(member, f.at)
}

// listedNear reports whether the file listed member on the group, under
// any spelling the plan took for them, as it had landed by at or in a
// version in effect near it.
func (a attributor) listedNear(member string, at time.Time) bool {
	for _, f := range append([]fileAt{{at: at}}, a.near(at)...) {
		if !a.covers(f) {
			continue
		}
		for alt := range a.spellingsAsWritten(member) {
			if _, listed := a.roleIn(f, alt); listed {
				return true
			}
		}
	}
	return false
}
