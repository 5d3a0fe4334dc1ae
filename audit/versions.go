package audit

// What the members file said at the moment of an event, beyond whom it
// listed: whether it admitted them, which settings it pinned, and which
// address Google logged an entry under.

import (
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// FileVersions reads the members file as it had landed by a time, for
// what FileTimeline's roles do not hold. Its methods are called from
// several lists' attributions at once.
type FileVersions interface {
	// Admitted reports whether the file as it had landed by at listed
	// member on group and let roster add them there: their entry had a
	// qualifying vetting record and nothing blocked their addition.
	// known is false when that version cannot be read or judged.
	Admitted(group, member string, at time.Time) (admitted, known bool)
	// Settings are the settings the file as it had landed by at pinned
	// on group's list, by the API's field ("whoCanPostMessage"); false
	// when that version cannot be read, or has no list for group.
	Settings(group string, at time.Time) (map[string]string, bool)
}

// admittedAt reports whether the file at f let roster add member (as
// the file wrote them) to the group: listing someone is not enough, as
// roster refuses to add an entry the policy does not admit (no
// qualifying vetting, a denied domain). Without the versions, or when
// that one cannot be judged, listed counts as admitted.
func (a attributor) admittedAt(member string, f fileAt) bool {
	var ok, known bool
	switch {
	case f.v != nil:
		ok, known = a.admittedIn(func(g string) (bool, bool) { return f.v.Admitted(g, member) })
	case a.opts.Versions != nil:
		ok, known = a.admittedIn(func(g string) (bool, bool) { return a.opts.Versions.Admitted(g, member, f.at) })
	}
	return ok || !known
}

// settingAgreesAt reports whether a setting event set the value the
// file at f pinned: roster's write of the policy (whatever OAuth client
// the log names, as a rotated key or keyless delegation logs another),
// or someone doing what the file said. The event must log the new
// value, and it must be the one pinned: a value the log does not give
// cannot be said to agree.
func (a attributor) settingAgreesAt(ev directory.Activity, f fileAt) bool {
	if a.opts.Versions == nil && f.v == nil {
		return false
	}
	field := ev.SettingField()
	news := ev.NewValues
	if len(news) == 0 && ev.New != "" {
		news = []string{ev.New}
	}
	if field == "" || len(news) == 0 {
		return false
	}
	var pinned map[string]string
	var ok bool
	if f.v != nil {
		pinned, ok = a.settingsIn(f.v.Settings)
	} else {
		pinned, ok = a.settingsIn(func(g string) (map[string]string, bool) { return a.opts.Versions.Settings(g, f.at) })
	}
	if !ok {
		return false
	}
	for f, v := range pinned {
		if sameSetting(field, f) {
			return slices.ContainsFunc(news, func(n string) bool { return strings.EqualFold(n, v) })
		}
	}
	return false
}

// resolution is an entry the file writes by an alias, and the primary
// address Google logged roster's add of it under.
type resolution struct {
	entry, primary string
}

// resolvedEarlier pairs each entry the plan adds back (someone the file
// lists who is not on the group) with the address Google logged
// roster's own add of them under. Google resolves an alias to its
// user's primary address and logs that (grace@ for the file's
// grace.h@), in the add and in any later removal; the plan pairs the
// two only while she is on the group (List.Aliases). roster's add
// through its own client of an address no version of the file ever
// listed on the group, made while the file listed exactly one such
// entry, was the add of that entry: the removal of that address since
// is the entry's. Anything less certain pairs nothing (two entries
// listed then, one address added for two entries or two for one), and
// the line stays unexplained, as before.
func resolvedEarlier(l *plan.List, acts []directory.Activity, opts AttributeOptions) []resolution {
	if opts.File == nil || len(opts.ClientIDs) == 0 {
		return nil
	}
	// The plan's own spellings: an address among them is no alias's
	// primary to find.
	known := map[string]bool{}
	for _, c := range l.Changes {
		known[members.IdentityOf(c.Email)] = true
	}
	for _, al := range l.Aliases {
		known[members.IdentityOf(al.File)] = true
		known[members.IdentityOf(al.Live)] = true
	}
	for _, ms := range [][]plan.LiveMember{l.Unmanaged, l.Unvetted, l.OverCapListed} {
		for _, m := range ms {
			known[members.IdentityOf(m.Email)] = true
		}
	}
	named := map[string]bool{} // addresses the log names
	for _, ev := range acts {
		if ev.Member != "" {
			named[members.IdentityOf(ev.Member)] = true
		}
	}
	var entries []string // absent entries the log never names
	for _, c := range l.Changes {
		if c.Action == plan.ActionAdd && !named[members.IdentityOf(c.Email)] {
			entries = append(entries, c.Email)
		}
	}
	if len(entries) == 0 {
		return nil
	}
	a := attributor{l: l, opts: opts}
	primaryOf := map[string]string{} // entry identity -> primary as logged; "" when ambiguous
	entryOf := map[string]string{}   // primary identity -> entry; "" when ambiguous
	for _, ev := range acts {
		if ev.Member == "" || ev.Effect() != directory.EffectAdded || !a.byRoster(ev) || !opts.File.Covers(ev.Time) {
			continue
		}
		x := members.IdentityOf(ev.Member)
		if known[x] || opts.File.Ever(l.Address, ev.Member) {
			continue
		}
		var then []string
		for _, e := range entries {
			if _, listed := opts.File.Role(l.Address, e, ev.Time); listed {
				then = append(then, e)
			}
		}
		if len(then) != 1 {
			entryOf[x] = "" // whose add it was cannot be told
			continue
		}
		e := members.IdentityOf(then[0])
		if was, seen := primaryOf[e]; seen && members.IdentityOf(was) != x {
			primaryOf[e] = ""
		} else if !seen {
			primaryOf[e] = ev.Member
		}
		if was, seen := entryOf[x]; seen && members.IdentityOf(was) != e {
			entryOf[x] = ""
		} else if !seen {
			entryOf[x] = then[0]
		}
	}
	var out []resolution
	for _, e := range entries {
		p := primaryOf[members.IdentityOf(e)]
		if p != "" && members.IdentityOf(entryOf[members.IdentityOf(p)]) == members.IdentityOf(e) {
			out = append(out, resolution{entry: e, primary: p})
		}
	}
	return out
}
