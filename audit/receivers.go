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
// group's logs, unless a removal of theirs came after it (then nothing:
// how they came back, a bulk upload perhaps, the log does not say of
// them), as describe says it ("added by eve@example.org on …
// (add_user, Groups UI)"). Keys are identities (members.IdentityOf); a
// receiver no event names has none. Each group's logs are read once,
// however many of its members are asked for; a log that cannot be read
// explains nothing, as for the list's own group. providers answer for
// the lists' groups, and so for the groups nested in them.
func ReceiverChanges(ctx context.Context, ap directory.ActivityProvider, rs []directory.Receiver, want func(directory.Receiver) bool, now time.Time) map[string]string {
	byGroup := map[string]map[string]bool{}
	idOf := map[string]map[string]string{} // group -> member id -> identity
	for _, r := range rs {
		if r.Email == "" || len(r.Via) == 0 || !want(r) {
			continue
		}
		g := r.Via[len(r.Via)-1]
		if byGroup[g] == nil {
			byGroup[g], idOf[g] = map[string]bool{}, map[string]string{}
		}
		byGroup[g][members.IdentityOf(r.Email)] = true
		if r.ID != "" {
			idOf[g][r.ID] = members.IdentityOf(r.Email)
		}
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
				e := a.Effect()
				if e != directory.EffectAdded && e != directory.EffectRole && e != directory.EffectRemoved {
					continue
				}
				member := a.Member
				switch a.Event {
				case directory.EventJoin, directory.EventAcceptInvitation, directory.EventJoinViaMail:
					member = a.Actor // the person joining
				}
				id := members.IdentityOf(member)
				if member == "" && a.MemberID != "" {
					// Cloud Identity names the member by id.
					for mid, ident := range idOf[g] {
						if directory.MatchID(a.MemberID, mid) {
							id = ident
						}
					}
				}
				if !who[id] || a.Time.Before(newest[id]) {
					continue
				}
				newest[id] = a.Time
				if e == directory.EffectRemoved {
					// Taken off since: the add before it is not how they
					// are on the group now (a bulk upload, which names
					// nobody, may be).
					delete(out, id)
					continue
				}
				out[id] = describe(a)
			}
		}
	}
	return out
}
