package history

import "github.com/roster-dev/roster/members"

// OwnersInStint returns, per group identity, the mailboxes (PersonOf)
// of the members whose current stint on the group's list in the members file's
// own history (since the commit that last put them on it, to the last
// commit) listed them as owner: an owner the file keeps in a lower role
// is one it demoted, whose ownership it took off as surely as a
// removal's. Someone made owner by hand, whom the file has listed only
// lower since it last added them, is not among them. Lists that moved in
// from another file are read in this file's commits only.
func (t *Timeline) OwnersInStint() map[string]map[string]bool {
	out := make(map[string]map[string]bool)
	for g, ids := range t.roles {
		for id, ch := range ids {
			for k := len(ch) - 1; k >= 0 && ch[k].role != ""; k-- {
				if ch[k].role == members.RoleOwner {
					if out[g] == nil {
						out[g] = make(map[string]bool)
					}
					out[g][id] = true
					break
				}
			}
		}
	}
	return out
}
