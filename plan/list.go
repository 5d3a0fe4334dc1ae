package plan

import (
	"time"

	"github.com/roster-dev/roster/members"
)

// List is the plan for one list.
type List struct {
	ID       string `json:"id"`
	Address  string `json:"address"`
	Provider string `json:"provider"`
	// Base fingerprints the live state the plan was computed from.
	Base string `json:"base"`
	// Live counts the distinct live members (by id); LiveIDs are their
	// ids, as read (not kept in a plan file).
	Live    int      `json:"live_members"`
	LiveIDs []string `json:"-"`
	// ReadAt is when, by the directory's clock, the group's members were
	// read (zero: unknown; not kept in a plan file): the audit log's
	// events after it did not make what the plan read.
	ReadAt time.Time `json:"-"`
	// ReadRoles are the roles the read found, by the identity of each
	// live member's address (members.IdentityOf; not kept in a plan
	// file): which of the log's writes in the read's second it saw.
	ReadRoles map[string]string `json:"-"`
	// ReadSeen are, by the same identity, when the page of the read
	// that listed each live member was answered (directory.Member.Seen).
	ReadSeen map[string]time.Time `json:"-"`
	Changes  []Change             `json:"changes"`
	// Unmanaged are live members the file never listed for this list,
	// kept because the policy says unmanaged = "report".
	Unmanaged []LiveMember `json:"unmanaged,omitempty"`
	// Unvetted are live members the file lists on this list whose entry
	// admits them in no role (no qualifying vetting record, a domain the
	// policy refuses; Why says which): kept, since the file names them,
	// but an unvetted person on a private list all the same, which
	// fails sync as a walk-in does until they are vetted or taken off.
	Unvetted []LiveMember `json:"unvetted,omitempty"`
	// Undetermined says why roster could not tell whether the file ever
	// listed the unmanaged members (no git history); they are kept.
	Undetermined string  `json:"undetermined,omitempty"`
	Aliases      []Alias `json:"aliases,omitempty"`
	// Groups are the live members that are groups: everyone in them
	// receives the list's mail.
	Groups []string `json:"groups,omitempty"`
	// Receivers are who receive the list's mail through its nested
	// groups (a policy with allow_groups) with no entry on the list:
	// nobody vetted them for it. roster changes no nested group; like
	// walk-ins, they fail sync (exit 3) until they get an entry or leave.
	Receivers []Receiver      `json:"receivers,omitempty"`
	Settings  []SettingChange `json:"settings,omitempty"`
	// PastCap, while the group is over its policy's cap once the run is
	// done (a Problem says so), are the live members the file lists whom
	// the audit log shows someone added by hand (ChangedBy): who put the
	// group past its cap. The attribution fills it from OverCapListed.
	PastCap []LiveMember `json:"past_cap,omitempty"`
	// OverCapListed, while the group is over its cap, are the live
	// members the file lists (entries the cap held back among them, which
	// only the audit log tells apart).
	OverCapListed []LiveMember `json:"-"`
	// Problems are what the live group has that its policy forbids and
	// no change in the plan fixes (a nested group the file lists while
	// the policy allows none). They fail sync and audit.
	Problems []string `json:"problems,omitempty"`
	// GroupAddress is the group's own address, where Google gave one
	// other than Address in its settings: the list's address is an
	// alias of it, and the audit log and --changed-since know the group
	// by this one. Empty when they agree, or the settings were not read.
	GroupAddress string `json:"group_address,omitempty"`
	// GroupNames are every address Google gives the group (its own and
	// its aliases), when the run asked (groups.get): the file may have
	// written the list at another of them in an earlier version, and
	// attribution asks the file's history under each. Not part of the
	// plan's JSON: a run that applies a plan reads no history.
	GroupNames []string `json:"-"`
	// AliasesUnknown: the file's new entries were too many to look up
	// as aliases of the live members to remove, so only their additions
	// can tell whether one of them is someone a removal would take off:
	// apply makes no removal while one of those additions was not made.
	AliasesUnknown bool `json:"aliases_unknown,omitempty"`
	// Attribution says why ChangedBy could not be filled in for this
	// list (no permission to read the audit log), when it could not.
	Attribution string `json:"attribution,omitempty"`
	// GroupMissing: the group does not exist; Changes are the adds it
	// will need once it does.
	GroupMissing bool `json:"group_missing,omitempty"`
	// Create: the group does not exist and the list says create = true:
	// sync creates it, pins Settings (all the policy pins; none when
	// Unpinned) before any member is added, then makes Changes.
	Create bool `json:"create,omitempty"`
	// Unpinned, for a group sync creates whose policy pins none of its
	// settings, names that policy: the group is created with Google's
	// defaults (anyone in the domain may find it and ask to join, anyone
	// may post), and the plan must not say its settings are pinned.
	Unpinned string `json:"unpinned,omitempty"`
	// Unread says why the live group was not read (a pull request's
	// plan of a list the change adds, or points at another provider or
	// snapshot): Changes are then what the file alone says, the entries
	// the change names for the first time as additions; Create says that
	// sync will create the group if it does not exist. Whatever they
	// hold, the plan is pending: nothing says the group matches.
	Unread string `json:"unread,omitempty"`
	// CreateIfMissing, for an unread list with create = true, says that
	// sync creates the group only if it does not exist: whether it does
	// was not read, so the plan does not say Create. Settings are then
	// what a created group gets pinned.
	CreateIfMissing bool `json:"create_if_missing,omitempty"`
	// IfExists, for an unread list sync writes, says what sync does
	// after the merge to a group that exists already at its address:
	// it takes the group over, as it manages any.
	IfExists *Takeover `json:"if_exists,omitempty"`
	// Checklist: the provider cannot write (csv); a person applies it.
	Checklist bool `json:"checklist,omitempty"`
	// Error: the live state could not be read; nothing is planned.
	Error string `json:"error,omitempty"`
	// PolicyFails: the list's own policy fails in the file (fewer owners
	// than min_owners, a broken policy): it is neither read nor synced,
	// and Error says why.
	PolicyFails bool `json:"policy_fails,omitempty"`
	// SharedGroup: Google resolves the list's address and another list's
	// to one group (an alias): neither is planned or synced, and Error
	// says which lists and what to do.
	SharedGroup bool `json:"shared_group,omitempty"`

	// wantEmpty is true when the file puts nobody on the list, and
	// minOwners is what its policy requires; the guards read both.
	wantEmpty  bool
	minOwners  int
	liveOwners int
	// guardOwners is the owners the guard on lowering writes counts, and
	// counted the mailboxes it counts (see countedOwners); former are
	// those of owners the file's history listed on the list and the file
	// no longer does, whose departure the count must carry too.
	guardOwners int
	// ownerEntries is, by mailbox, how many live members own the group
	// under it (see ownerTally).
	ownerEntries map[string]int
	// suspended are the live owners whose accounts are suspended,
	// counted for no owner (directory.Member.Owning), as the lines that
	// count owners say.
	suspended []string
	// groupOwners are the owner entries of the file that are groups (on
	// the live group, or added so), which count for no owner.
	groupOwners []string
	counted     map[string]bool
	former      map[string]bool
	// maxMembers is the policy's max_members (0: none), and policyID
	// its id, for the additions held past it (holdAddsPastCap).
	maxMembers int
	policyID   string
	// allowGroups is the policy's allow_groups: Apply takes a member
	// Google adds as a group off again when it is false.
	allowGroups bool
}

// Pending reports whether the list has anything to change.
func (l *List) Pending() bool {
	return l.Create || l.CreateIfMissing || len(l.Changes) > 0 || len(l.Settings) > 0 || l.Unread != ""
}

// Removals counts the removals sync may make on the list: those no
// finding or guard holds back.
func (l *List) Removals() int {
	n := 0
	for _, c := range l.Changes {
		if c.Action == ActionRemove && c.Blocked == "" {
			n++
		}
	}
	return n
}

// Receiver is someone who receives a list's mail through nested groups.
type Receiver struct {
	// Email is their address, or, for every user of the domain, what
	// names them.
	Email string `json:"email"`
	// Lookalike is Change.Lookalike, of Email and of the groups of Via.
	Lookalike string `json:"lookalike,omitempty"`
	Type      string `json:"type,omitempty"`
	// Via are the groups the mail passes through, outermost first.
	Via []string `json:"via"`
	// ChangedBy says who put them on the last group of Via, and when,
	// from its audit log (audit.ReceiverChanges).
	ChangedBy string `json:"changed_by,omitempty"`
}

// weighs reports whether the departure of the owner at email is one the
// guard weighs against the owners it counts: one of them, or one the
// file took off the list (a walk-in's, or an unadmitted entry's, leaves
// that count as it was).
func (l *List) weighs(email string) bool {
	mb := members.MailboxOf(email)
	return l.counted[mb] || l.former[mb]
}
