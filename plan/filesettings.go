package plan

import (
	"strings"

	"github.com/roster-dev/roster/members"
)

// NotPinned is how a plan writes a setting a policy does not pin, in a
// setting change read from the file alone (SettingChange.FromFile).
const NotPinned = "(not pinned)"

// FromFileNote says, beside a setting change read from the file alone,
// why no live value is shown: a pull request's plan does not read group
// settings (their scope can write).
const FromFileNote = "from the file: the live value is not read in a pull request's plan"

// FileSettings are the settings a change itself sets on a list whose
// group settings are not read (a pull request's plan): each setting
// whose pinned value differs between the base's policy for the list
// (before; nil when the base had none) and the head's (after). Without
// them a change that opens a group (allow_external_members = true) would
// plan as "up to date" while sync, after the merge, applies it.
//
// Each has FromFile set, Before the base's value and Desired the head's
// ("" for either when that policy pins none), and no Live value. Widens
// says the head's value lets more people in than the base's, judged as a
// live value is judged against its policy; a pin added or dropped is not
// judged, since the live value it replaces or leaves is unknown.
func FileSettings(before, after *members.Policy) []SettingChange {
	pinned := func(p *members.Policy) map[string]string {
		out := map[string]string{}
		if p == nil {
			return out
		}
		for _, s := range p.Settings {
			out[s.Name] = s.Value
		}
		return out
	}
	was, now := pinned(before), pinned(after)
	var out []SettingChange
	// In the order of the settings roster knows, so that the plan reads
	// the same whatever order the policies write them in.
	for _, spec := range members.SettingSpecs() {
		b, inBase := was[spec.Key]
		h, inHead := now[spec.Key]
		if !inBase && !inHead || inBase && inHead && strings.EqualFold(b, h) {
			continue
		}
		out = append(out, SettingChange{
			Name: spec.Key, Field: spec.Field, Desired: h, Before: b, FromFile: true,
			Widens: inBase && inHead && spec.Openness(h) > spec.Openness(b),
		})
	}
	return out
}
