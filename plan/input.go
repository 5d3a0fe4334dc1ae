package plan

import (
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// Input is what decides one list's plan besides the list and its policy.
type Input struct {
	// Want are the file's members on the list.
	Want []*members.Member
	// Have is the live group.
	Have Live
	// Blocked says why a member may not be added or promoted ("" when
	// nothing stands in the way); nil blocks nobody.
	Blocked func(email string) string
	// Unadmitted says why the entry for email does not admit them to
	// the list in role, the one they have on the live group ("" when it
	// does): such a member is listed in Unvetted.
	Unadmitted func(email string, role members.Role) string
	// ListedOwners are the mailboxes the file listed as owner on the
	// group since it last put them on it (Listed.OwnersOf): a live owner
	// it lists in a lower role now is one it demoted, whose demotion
	// weighs against the owners left as an owner's removal does. Someone
	// made owner by hand is not among them, and is simply demoted.
	ListedOwners map[string]bool
	// OwnersUnknown: whether the file demoted a live owner it lists in a
	// lower role is not known (no history read): every such demotion
	// weighs, failing closed.
	OwnersUnknown bool
	// FormerUnknown: whom the file listed before is not known (no
	// history read), so every live owner it does not list now may be
	// one it took off, whose departure weighs against the owners left.
	FormerUnknown bool
	// Full, when set, blocks every addition: the list is over its cap.
	Full string
	// Unseen, when set, names file entries whose live state the plan's
	// reader may not learn (the people a pull request names for the
	// first time): they are matched with no live member, so they plan
	// as additions whether or not they are on the group already, and a
	// live member with their address stays a stranger.
	Unseen func(email string) bool
	// Listed are the people the file listed for this list in earlier
	// versions, each with where it last did (a commit): taken off the
	// list since, they are removed whatever unmanaged says. Nil means
	// unknown, and ListedUnknown says why. Keys are identities or
	// mailboxes (history keys people by mailbox): a live member is looked
	// up by identity, then by mailbox.
	Listed        map[string]string
	ListedUnknown string
	// ListedAliases maps the identity of a live member to the address
	// the file listed them under before (a key of Listed), when Google
	// resolves that address to them.
	ListedAliases map[string]string
	// Aliases maps the identity of a file entry to the live member Google
	// resolves its address to, when that member is listed under another
	// address (an alias, or the address before a rename).
	Aliases map[string]directory.Member
	// File names the members file in reasons ("" is members.toml).
	File string
	// IsGroup reports whether the file knows email for a group (the
	// address of one of its own lists): added as owner, it is no owner,
	// as a live group is none. Nil knows none.
	IsGroup func(email string) bool

	// unread: the live group was not read (assembleUnread), so nothing
	// is known of its owners and no addition waits on them.
	unread bool
}
