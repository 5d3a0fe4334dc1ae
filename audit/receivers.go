package audit

import (
	"context"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// ReceiverChanges names, for each receiver of rs that want picks (one
// who gets a list's mail through a nested group with no entry on the
// list), who put them on the group they are a member of (the last of
// Via) and when: the newest add, join or promotion of theirs in that
// group's logs, as describe says it ("added by eve@example.org on …
// (add_user, Groups UI)"). Keys are identities (members.IdentityOf); a
// receiver no event names has none. Each group's logs are read once,
// however many of its members are asked for; a log that cannot be read
// explains nothing, as for the list's own group. providers answer for
// the lists' groups, and so for the groups nested in them.
func ReceiverChanges(ctx context.Context, ap directory.ActivityProvider, rs []directory.Receiver, want func(directory.Receiver) bool, now time.Time) map[string]string {
	byGroup := map[string]map[string]bool{}
	for _, r := range rs {
		if r.Email == "" || len(r.Via) == 0 || !want(r) {
			continue
		}
		g := r.Via[len(r.Via)-1]
		if byGroup[g] == nil {
			byGroup[g] = map[string]bool{}
		}
		byGroup[g][members.IdentityOf(r.Email)] = true
	}
	if ap == nil || len(byGroup) == 0 {
		return nil
	}
	since := now.AddDate(0, 0, -ReadLogDays)
	out := map[string]string{}
	newest := map[string]time.Time{}
	for g, who := range byGroup {
		for _, app := range directory.Applications() {
			acts, err := ap.Activities(ctx, app, g, since)
			if err != nil {
				continue
			}
			for _, a := range acts {
				if e := a.Effect(); e != directory.EffectAdded && e != directory.EffectRole {
					continue
				}
				member := a.Member
				switch a.Event {
				case directory.EventJoin, directory.EventAcceptInvitation, directory.EventJoinViaMail:
					member = a.Actor // the person joining
				}
				id := members.IdentityOf(member)
				if !who[id] || a.Time.Before(newest[id]) {
					continue
				}
				newest[id], out[id] = a.Time, describe(a)
			}
		}
	}
	return out
}
