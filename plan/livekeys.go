package plan

// What names a live member, and a live state: the keys, roles and
// fingerprints that tie a plan to the groups it was made from.

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// liveKey is the identity of a live member. The CUSTOMER member ("all
// users in the domain") has no address and is known by its id.
func liveKey(m directory.Member) string {
	if m.Email == "" {
		return "id:" + m.ID
	}
	return members.IdentityOf(m.Email)
}

func displayEmail(m directory.Member) string {
	if m.Email == "" {
		return wholeDomain + m.Type + " " + m.ID + ")"
	}
	return m.Email
}

// wholeDomain starts how a member with no address (Google's CUSTOMER
// member: every user of the domain) is named where an address would be.
const wholeDomain = "all users in the domain ("

// WholeDomain reports whether s names the member that is every user of
// the domain rather than an address: there is nothing in it to hide.
func WholeDomain(s string) bool { return strings.HasPrefix(s, wholeDomain) }

// FromLiveRole maps the API's role to the file's.
func FromLiveRole(r directory.Role) members.Role {
	switch r {
	case directory.RoleOwner:
		return members.RoleOwner
	case directory.RoleManager:
		return members.RoleManager
	}
	return members.RoleMember
}

// ToLiveRole maps the file's role to the API's.
func ToLiveRole(r members.Role) directory.Role {
	switch r {
	case members.RoleOwner:
		return directory.RoleOwner
	case members.RoleManager:
		return directory.RoleManager
	}
	return directory.RoleMember
}

// Fingerprint identifies a live state: the same members with the same
// roles (and the same settings) give the same fingerprint, whatever the
// order the API listed them in.
func Fingerprint(have Live) string {
	lines := make([]string, 0, len(have.Members)+len(have.Settings))
	for _, m := range have.Members {
		lines = append(lines, "m "+liveKey(m)+" "+string(FromLiveRole(m.Role)))
	}
	for _, spec := range members.SettingSpecs() {
		// Only the settings a policy can pin: a new description does
		// not make a saved plan stale.
		if v, ok := have.Settings[spec.Field]; ok {
			lines = append(lines, "s "+spec.Field+" "+v)
		}
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// FileDigest identifies the members file a plan was computed from.
func FileDigest(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}
