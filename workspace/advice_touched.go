package workspace

import (
	"fmt"
	"slices"
	"strings"

	"github.com/roster-dev/roster/members"
)

// Which of an entry's lists an edit bears on, and the entry's roles
// there, for advice that costs time in proportion to the file and says
// something of a list only where the edit changes something: a member
// on 10,000 lists whose role changes on one hears about that one.

// fewLists is how many lists a member may be on before roleTable keeps
// their roles in a map: a few comparisons cost less than building one,
// and most members are on one to three lists.
const fewLists = 8

// roleTable is the roles of members, by list, each member's read from
// their lists once, on the first question: the advice asks a member's
// role on each of their lists, several times, and reading their lists
// one by one for each would cost the square of their number. A nil
// table reads the lists every time. It holds the roles as the member
// had them when first asked: members are not edited while it is used.
type roleTable map[*members.Member]map[string]members.Role

// of is m's role on list, "" when m is nil or not on it.
func (t roleTable) of(m *members.Member, list string) members.Role {
	if m == nil {
		return ""
	}
	if t == nil || len(m.Lists) <= fewLists {
		r, _ := m.RoleOn(list)
		return r
	}
	roles, ok := t[m]
	if !ok {
		roles = make(map[string]members.Role, len(m.Lists))
		for _, ms := range m.Lists {
			// The first, as RoleOn answers, should a file with errors
			// list one twice.
			if _, dup := roles[ms.List]; !dup {
				roles[ms.List] = ms.Role
			}
		}
		t[m] = roles
	}
	return roles[list]
}

// changedBesidesRoles reports whether an edit changed more of an entry
// (was before it, now after it) than its roles: added or removed it, or
// changed a record or a field a policy may require. Such an edit bears
// on every list the entry is on, where it may admit them or stop doing
// so; one that changed only roles bears on the lists whose role it
// changed.
func changedBesidesRoles(was, now *members.Member) bool {
	if was == nil || now == nil {
		return was != now
	}
	return was.Email != now.Email || was.Name != now.Name || was.GitHub != now.GitHub || was.Affiliation != now.Affiliation ||
		!slices.EqualFunc(was.Vetting, now.Vetting, sameRecord)
}

// quietList is a list an edit of a record or field bore on, where sync
// has nothing to do for the member, and the line that says why.
type quietList struct{ list, line string }

// mostQuietLines is how many lists sync has nothing to do on are named
// one line each; more are said in one line (a member on 10,000 lists
// re-vetted is not 10,000 lines).
const mostQuietLines = 3

// quietLines says where sync has nothing to do for email after an edit
// of their record: a line each, or one for them all when they are many.
func quietLines(email string, quiet []quietList) []string {
	if len(quiet) <= mostQuietLines {
		out := make([]string, 0, len(quiet))
		for _, q := range quiet {
			out = append(out, q.line)
		}
		return out
	}
	var named []string
	for _, q := range quiet[:mostQuietLines] {
		named = append(named, q.list)
	}
	return []string{fmt.Sprintf("sync has nothing to do for %s on %d lists (%s and %d more): their groups already have them as the file lists them there, or sync leaves them as they are", email, len(quiet), strings.Join(named, ", "), len(quiet)-mostQuietLines)}
}
