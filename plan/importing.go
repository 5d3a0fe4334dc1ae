package plan

import (
	"fmt"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/members"
)

// Skip is a live member import leaves out of the file, and why.
type Skip struct {
	Email string
	Why   string
}

// ForImport sorts a list's live members into the people import may
// write into the file, with their live roles, and those it must leave
// out: a group is not a person (everyone in it would get the list's mail
// on one grandfathered record), the domain's "all users" member has no
// address, and someone the file took off the list (listed says where)
// is not put back behind its authors' backs.
func ForImport(f *members.File, list string, live []directory.Member, listed map[string]string) ([]members.Imported, []Skip) {
	onList := make(map[string]bool)
	for _, m := range f.MembersOf(list) {
		onList[members.IdentityOf(m.Email)] = true
	}
	var people []members.Imported
	var skips []Skip
	seen := make(map[string]bool, len(live))
	for _, lm := range live {
		key := liveKey(lm)
		if seen[key] {
			continue
		}
		seen[key] = true
		switch {
		case lm.Email == "":
			skips = append(skips, Skip{Email: displayEmail(lm), Why: `it has no address (all users in the domain); remove it from the group, or keep unmanaged = "report"`})
		case lm.Type == "GROUP":
			skips = append(skips, Skip{Email: lm.Email, Why: fmt.Sprintf("%s is a group, not a person: everyone in it receives the list's mail; import its members one by one, or remove it from the group", lm.Email)})
		case listed[key] != "" && !onList[key]:
			skips = append(skips, Skip{Email: lm.Email, Why: fmt.Sprintf("members.toml took them off %s (%s); sync removes them from the group; to bring them back, add them with '%s'", list, listed[key], shell.Command("add", lm.Email, "--list", list))})
		default:
			people = append(people, members.Imported{Email: lm.Email, Role: FromLiveRole(lm.Role)})
		}
	}
	return people, skips
}
