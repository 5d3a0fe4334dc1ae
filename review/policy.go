package review

import (
	"fmt"
	"slices"
	"strings"

	"github.com/roster-dev/roster/members"
)

// Loosened lists what a policy change does that lets more people on a
// list, makes them easier to get on, or keeps them longer: a higher or
// removed cap, fewer owners required, more vetting methods, a lower
// vetter role, a longer or removed validity, fewer required fields, a
// wider or removed domain restriction, unmanaged from "remove" to
// "report", non-ASCII addresses or groups allowed, fewer approvals, a
// group setting that lets more people see, join or post, one no longer
// pinned, or one pinned for the first time at anything but its most
// closed value. Each needs the list's `approvals` owners.
func Loosened(was, now *members.Policy) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	switch {
	case was.MaxMembers > 0 && now.MaxMembers == 0:
		add("max_members %d removed (no limit)", was.MaxMembers)
	case now.MaxMembers > was.MaxMembers && was.MaxMembers > 0:
		add("max_members %d -> %d", was.MaxMembers, now.MaxMembers)
	}
	if now.MinOwners < was.MinOwners {
		add("min_owners %d -> %d", was.MinOwners, now.MinOwners)
	}
	// Methods as validate matches them, exactly: "Video-Call" becoming
	// "video-call" admits every record written the second way.
	if added := slices.DeleteFunc(slices.Clone(now.VettingMethods), func(m string) bool { return slices.Contains(was.VettingMethods, m) }); len(added) > 0 {
		add("vetting_methods gains %s", strings.Join(added, ", "))
	}
	if now.VettedBy.Rank() < was.VettedBy.Rank() {
		add("vetted_by %s -> %s", was.VettedBy, now.VettedBy)
	}
	switch {
	case !was.VettingValidFor.IsZero() && now.VettingValidFor.IsZero():
		add("vetting_valid_for %s removed (records never lapse)", was.VettingValidFor)
	case !was.VettingValidFor.IsZero() && now.VettingValidFor.Days > was.VettingValidFor.Days:
		add("vetting_valid_for %s -> %s", was.VettingValidFor, now.VettingValidFor)
	}
	if dropped := missing(was.RequiredFields, now.RequiredFields); len(dropped) > 0 {
		add("required_fields no longer asks for %s", strings.Join(dropped, ", "))
	}
	switch {
	case len(was.AllowedDomains) > 0 && len(now.AllowedDomains) == 0:
		add("allowed_domains removed (any domain)")
	case len(was.AllowedDomains) > 0:
		if added := missingDomains(now.AllowedDomains, was.AllowedDomains); len(added) > 0 {
			add("allowed_domains gains %s", strings.Join(added, ", "))
		}
	}
	if dropped := missingDomains(was.DeniedDomains, now.DeniedDomains); len(dropped) > 0 {
		add("denied_domains no longer denies %s", strings.Join(dropped, ", "))
	}
	if was.Unmanaged == members.UnmanagedRemove && now.Unmanaged != members.UnmanagedRemove {
		add("unmanaged %q -> %q (people added by hand stay)", was.Unmanaged, now.Unmanaged)
	}
	if !was.AllowNonASCII && now.AllowNonASCII {
		add("allow_non_ascii false -> true")
	}
	if !was.AllowGroups && now.AllowGroups {
		add("allow_groups false -> true (everyone in a nested group receives the mail)")
	}
	// Unset is DefaultApprovals, so "approvals = 1" added to a policy that
	// had none loosens it as much as 2 -> 1 does.
	if effectiveApprovals(now) < effectiveApprovals(was) {
		add("approvals %d -> %d", effectiveApprovals(was), effectiveApprovals(now))
	}
	nowSettings, wasSettings := settingMap(now), settingMap(was)
	// A setting pinned for the first time is one sync will now force on
	// the group, whatever it was: at anything but its most closed value
	// it may open the list (the pull request's plan does not read the
	// live settings, so nobody sees what it replaces).
	for _, s := range now.Settings {
		if _, pinned := wasSettings[s.Name]; pinned {
			continue
		}
		spec, known := members.SettingSpecByKey(s.Name)
		if !known || spec.Openness(s.Value) > 1 {
			add("setting %s newly pinned to %s (sync will set it on the group, whatever it is now)", s.Name, s.Value)
		}
	}
	for _, s := range was.Settings {
		v, pinned := nowSettings[s.Name]
		spec, known := members.SettingSpecByKey(s.Name)
		switch {
		case !pinned:
			add("setting %s = %s no longer pinned (the group may be changed to anything)", s.Name, s.Value)
		case known && spec.Openness(v) > spec.Openness(s.Value):
			add("setting %s %s -> %s (lets more people in)", s.Name, s.Value, v)
		}
	}
	return out
}

// Changed lists the other changes to a policy (tightening ones): each
// needs one owner.
func Changed(was, now *members.Policy) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if was.MaxMembers != now.MaxMembers {
		add("max_members %d -> %d", was.MaxMembers, now.MaxMembers)
	}
	if was.MinOwners != now.MinOwners {
		add("min_owners %d -> %d", was.MinOwners, now.MinOwners)
	}
	if !slices.Equal(sorted(was.VettingMethods), sorted(now.VettingMethods)) {
		add("vetting_methods [%s] -> [%s]", strings.Join(was.VettingMethods, ", "), strings.Join(now.VettingMethods, ", "))
	}
	if was.VettedBy != now.VettedBy {
		add("vetted_by %s -> %s", was.VettedBy, now.VettedBy)
	}
	if was.VettingValidFor != now.VettingValidFor {
		add("vetting_valid_for %s -> %s", was.VettingValidFor, now.VettingValidFor)
	}
	if !slices.Equal(sorted(was.RequiredFields), sorted(now.RequiredFields)) {
		add("required_fields changed")
	}
	if !slices.Equal(sorted(was.AllowedDomains), sorted(now.AllowedDomains)) {
		add("allowed_domains changed")
	}
	if !slices.Equal(sorted(was.DeniedDomains), sorted(now.DeniedDomains)) {
		add("denied_domains changed")
	}
	if was.Unmanaged != now.Unmanaged {
		add("unmanaged %q -> %q", was.Unmanaged, now.Unmanaged)
	}
	if was.AllowNonASCII != now.AllowNonASCII {
		add("allow_non_ascii %t -> %t", was.AllowNonASCII, now.AllowNonASCII)
	}
	if was.AllowGroups != now.AllowGroups {
		add("allow_groups %t -> %t", was.AllowGroups, now.AllowGroups)
	}
	if was.Approvals != now.Approvals {
		add("approvals %d -> %d", effectiveApprovals(was), effectiveApprovals(now))
	}
	wasSettings, nowSettings := settingMap(was), settingMap(now)
	for _, spec := range members.SettingSpecs() {
		a, aok := wasSettings[spec.Key]
		b, bok := nowSettings[spec.Key]
		if a != b || aok != bok {
			add("setting %s %s -> %s", spec.Key, orNone(a), orNone(b))
		}
	}
	return out
}

func effectiveApprovals(p *members.Policy) int {
	if p.Approvals > 0 {
		return p.Approvals
	}
	return DefaultApprovals
}

func settingMap(p *members.Policy) map[string]string {
	out := make(map[string]string, len(p.Settings))
	for _, s := range p.Settings {
		out[s.Name] = s.Value
	}
	return out
}

// missing returns the elements of a not in b, case-insensitively.
func missing(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, s := range b {
		in[strings.ToLower(strings.TrimSpace(s))] = true
	}
	var out []string
	for _, s := range a {
		if !in[strings.ToLower(strings.TrimSpace(s))] {
			out = append(out, s)
		}
	}
	return out
}

// missingDomains returns the domains of a that b does not name, read
// as validate matches addresses against them (members.DomainMatches):
// "sharKlasers.com" with a Kelvin sign is another domain, which denies
// nobody at sharklasers.com, however alike the two look. Such a
// look-alike is named with the domain it replaced.
func missingDomains(a, b []string) []string {
	var out []string
	for _, d := range a {
		same := func(e string) bool {
			return members.DomainMatches(strings.TrimSpace(d), strings.TrimSpace(e)) && members.DomainMatches(strings.TrimSpace(e), strings.TrimSpace(d))
		}
		if slices.ContainsFunc(b, same) {
			continue
		}
		for _, e := range b {
			if members.ReadsAlike("x@"+strings.TrimPrefix(strings.TrimSpace(d), "@"), "x@"+strings.TrimPrefix(strings.TrimSpace(e), "@")) {
				d += fmt.Sprintf(" (%s only looks like it: it is spelled %s)", e, asciiSpelling(e))
				break
			}
		}
		out = append(out, d)
	}
	return out
}

// asciiSpelling writes every letter of s outside ASCII as \uXXXX, so
// that a look-alike shows what it is.
func asciiSpelling(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "\\u%04X", r)
		}
	}
	return b.String()
}

func sorted(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return out
}
