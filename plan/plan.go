// Package plan computes what must change for the live groups to match the
// members file, checks that against the guards, and applies it. The plan
// is a value: `roster plan` prints it, `roster sync` applies it, and a plan
// saved with --out is applied by `roster apply` only while the file and
// the live groups are still what it was computed from.
package plan

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// Action is what a change does to one member.
type Action string

// Actions.
const (
	ActionAdd     Action = "add"
	ActionRemove  Action = "remove"
	ActionSetRole Action = "set_role"
)

// Change is one change to one member of one live group.
type Change struct {
	Action Action `json:"action"`
	// Email is the address as the file writes it (add, set_role) or as
	// the live group stores it (remove).
	Email string `json:"email"`
	// Lookalike names each letter of Email that only looks like an
	// ASCII one ("а is U+0430 CYRILLIC SMALL LETTER A"), as every text
	// output marks it, for whoever prints Email; written by Write, never
	// read back (it is Email's).
	Lookalike string `json:"lookalike,omitempty"`
	// Role is the role the member will have (add, set_role).
	Role members.Role `json:"role,omitempty"`
	// PreviousRole is the live role (set_role, remove).
	PreviousRole members.Role `json:"previous_role,omitempty"`
	// Reason says why a removal is planned, for the person reading it.
	Reason string `json:"reason,omitempty"`
	// Elsewhere, for a removal of someone the file has an entry for, on
	// other lists only, says where ("line 180 lists them only on
	// advance-warning"): "not in members.toml" would say otherwise.
	Elsewhere string `json:"elsewhere,omitempty"`
	// Blocked says why an add or promotion will not be made: the
	// member's own findings (no qualifying vetting, a lapsed record, a
	// denied domain) or a list over its cap. Nothing else is blocked.
	Blocked string `json:"blocked,omitempty"`
	// ChangedBy says who made the live state differ by hand, from the
	// audit log: "added by root@example.org on 2026-11-20
	// (ADD_GROUP_MEMBER, Admin console)". See Attribute.
	ChangedBy string `json:"changed_by,omitempty"`
	// ListedAs, for a removal, is the address an earlier version of the
	// file listed the live member under on this list, which Google
	// resolves to them (an alias): what history knows them as.
	ListedAs string `json:"listed_as,omitempty"`
	// MayBeAddition, for a removal on a list whose new entries were too
	// many to look up as aliases (List.AliasesUnknown), says that the
	// live member is a user of the Workspace's own domains, whom one of
	// those entries may name under another address: apply removes them
	// only once every addition of the list is made.
	MayBeAddition bool `json:"may_be_addition,omitempty"`
	// LiveAs, for a role change, is the address Google has for the
	// member when the file writes another (an alias of theirs, which
	// Google resolves): the account whose role changes, marked where it
	// only looks like a plain address (LiveAsLookalike).
	LiveAs string `json:"live_as,omitempty"`
	// LiveAsLookalike is Lookalike of LiveAs; written by Write, never
	// read back.
	LiveAsLookalike string `json:"live_as_lookalike,omitempty"`
	// MemberID is the live member's id, which removals and role changes
	// use: the file's spelling of an address can 404 on delete.
	MemberID string `json:"-"`
	// Group: the live member is a group (type GROUP, or the whole
	// domain): its role counts for no owner (min_owners counts people).
	Group bool `json:"group,omitempty"`
	// Suspended: the live member's account is suspended; as an owner
	// it manages nothing, so its role counts for no owner either.
	Suspended bool `json:"suspended,omitempty"`
}

// Phase is when a change may run on its list: adds and promotions first,
// then removals and demotions, so that a list never loses its owners
// midway.
func (c Change) Phase() int {
	switch {
	case c.Action == ActionAdd:
		return 1
	case c.Action == ActionSetRole && c.Role.Rank() > c.PreviousRole.Rank():
		return 1
	}
	return 2
}

// String renders the change for logs: "+ ada@example.org (owner)".
func (c Change) String() string {
	switch c.Action {
	case ActionAdd:
		return fmt.Sprintf("+ %s (%s)", c.Email, c.Role)
	case ActionRemove:
		return fmt.Sprintf("- %s (was %s)", c.Email, c.PreviousRole)
	}
	if c.LiveAs != "" {
		return fmt.Sprintf("~ %s (%s -> %s; on the group as %s%s)", c.Email, c.PreviousRole, c.Role, c.LiveAs, LookalikeNote(c.LiveAs))
	}
	return fmt.Sprintf("~ %s (%s -> %s)", c.Email, c.PreviousRole, c.Role)
}

// LiveMember is a live member the plan reports but does not change.
type LiveMember struct {
	Email string `json:"email"`
	// Lookalike is Change.Lookalike, of Email.
	Lookalike string       `json:"lookalike,omitempty"`
	Role      members.Role `json:"role"`
	// Type is GROUP or CUSTOMER for a member that is not one person:
	// everyone in it receives the list's mail.
	Type string `json:"type,omitempty"`
	// ChangedBy says who added them, from the audit log.
	ChangedBy string `json:"changed_by,omitempty"`
	// AddedAt is when the audit log says they were last added, when it
	// says so: import tells a walk-in from someone who was there first.
	AddedAt time.Time `json:"-"`
	// Elsewhere, for a person the file has an entry for but not on this
	// list, says where the file does list them ("line 180 lists them
	// only on security-reports"): kept here all the same, unvetted for
	// this list.
	Elsewhere string `json:"elsewhere,omitempty"`
	// Why, for a member the file lists but does not admit (List.Unvetted),
	// says what its entry lacks.
	Why string `json:"why,omitempty"`
	// ID is the live member's id (Cloud Identity's log names members by
	// it).
	ID string `json:"-"`
}

// SettingChange is one group setting that differs from the policy.
type SettingChange struct {
	Name    string `json:"name"` // the policy key, e.g. who_can_join
	Field   string `json:"-"`    // the API field, e.g. whoCanJoin
	Live    string `json:"live"`
	Desired string `json:"desired"`
	// Widens is true when the live value lets more people see, join or
	// post than the policy allows.
	Widens bool `json:"widens"`
	// ChangedBy says who set the live value, from the audit log.
	ChangedBy string `json:"changed_by,omitempty"`
	// FromFile: the group's settings were not read (a pull request's
	// plan), and this is a setting the change itself sets: Before is the
	// base's pinned value and Desired the head's ("" where a policy pins
	// none), Live is empty, and Widens says the head's value lets more
	// people in than the base's (see FileSettings).
	FromFile bool   `json:"from_file,omitempty"`
	Before   string `json:"before,omitempty"`
}

// Live is what is known of one live group.
type Live struct {
	Members []directory.Member
	// ReadAt is when, by the directory's clock, Members were read
	// (directory.ReadClock); zero when unknown.
	ReadAt time.Time
	// Settings by API field; nil when not read (no policy pins any, or
	// the provider has none).
	Settings map[string]string
}

// readRoles is the roles of have's members by address identity, when
// the read is dated (Live.ReadAt): nil otherwise, which no reader needs.
func readRoles(have Live) map[string]string {
	if have.ReadAt.IsZero() {
		return nil
	}
	roles := make(map[string]string, len(have.Members))
	for _, m := range have.Members {
		if m.Email != "" {
			roles[members.IdentityOf(m.Email)] = string(m.Role)
		}
	}
	return roles
}

// readSeen is when each of have's members was read, by address
// identity, for those the read dated; nil when it dated none.
func readSeen(have Live) map[string]time.Time {
	var seen map[string]time.Time
	for _, m := range have.Members {
		if m.Email != "" && !m.Seen.IsZero() {
			if seen == nil {
				seen = make(map[string]time.Time, len(have.Members))
			}
			seen[members.IdentityOf(m.Email)] = m.Seen
		}
	}
	return seen
}

// ReasonUnmanagedRemove is why a live member the file does not list is
// removed from a list whose policy says unmanaged = "remove".
const ReasonUnmanagedRemove = `not in members.toml (unmanaged = "remove")`

// WalkIn reports whether c removes a live member the file never listed
// there, under unmanaged = "remove": its Reason is ReasonUnmanagedRemove,
// with perhaps a note after it ("; unless ...").
func (c Change) WalkIn() bool {
	return c.Action == ActionRemove && strings.HasPrefix(c.Reason, ReasonUnmanagedRemove)
}

// ReasonNote is what c's Reason says besides ReasonUnmanagedRemove, for
// a walk-in (WalkIn), which a line that names the policy's word for it
// does not repeat; the whole Reason otherwise.
func (c Change) ReasonNote() string {
	if !c.WalkIn() {
		return c.Reason
	}
	return strings.TrimPrefix(strings.TrimPrefix(c.Reason, ReasonUnmanagedRemove), "; ")
}

// takenOff begins the reason of a removal of someone the file took off
// the list, followed by the file's name and the commit that did.
const takenOff = "taken off the list in "

// ofLive is a change of action to the live member lm, in liveRole on the
// group, named email: whether its role counts for an owner (a group, a
// suspended account) is the member's, whatever the change.
func ofLive(action Action, email string, lm directory.Member, liveRole members.Role) Change {
	return Change{Action: action, Email: email, PreviousRole: liveRole, MemberID: lm.ID, Group: !lm.Person(), Suspended: lm.Suspended()}
}

// Compute plans one list: pure set arithmetic over email identities, so
// that "Ada@Example.org" in the file and "ada@example.org" live, or two
// spellings of one Gmail address, are one member and never churn.
//
// The file is the truth: a live member it does not list is removed when
// the policy says unmanaged = "remove", or when the file listed them for
// this list before (someone took them off); only people the file never
// listed are kept under unmanaged = "report".
func Compute(l *members.List, p *members.Policy, in Input) *List {
	out := &List{
		ID:        l.ID,
		Address:   l.Address,
		Provider:  string(l.Provider),
		Base:      Fingerprint(in.Have),
		LiveIDs:   liveIDsOf(in.Have.Members),
		ReadAt:    in.Have.ReadAt,
		ReadRoles: readRoles(in.Have),
		ReadSeen:  readSeen(in.Have),
		Changes:   []Change{},
		wantEmpty: len(in.Want) == 0,
		minOwners: p.MinOwners, allowGroups: p.AllowGroups, maxMembers: p.MaxMembers, policyID: p.ID,
	}
	type desired struct {
		email string
		role  members.Role
	}
	wanted := make(map[string]desired, len(in.Want))
	keys := make([]string, 0, len(in.Want))
	for _, m := range in.Want {
		role, _ := m.RoleOn(l.ID)
		key := members.IdentityOf(m.Email)
		if in.Unseen != nil && in.Unseen(m.Email) {
			key = unseenKey(key)
		} else if lm, ok := in.Aliases[key]; ok {
			out.Aliases = append(out.Aliases, Alias{File: m.Email, Live: lm.Email,
				SameMailbox: lm.Email != "" && members.MailboxOf(lm.Email) == members.MailboxOf(m.Email)})
			key = liveKey(lm)
		}
		if first, dup := wanted[key]; dup {
			// An alias and its primary both written: one live member,
			// two entries (validate cannot know: only Google resolves
			// aliases). The first wins, and the run fails until one goes.
			out.Problems = append(out.Problems, fmt.Sprintf("%s and %s in members.toml are one member of %s (an alias or a former address of one another); keep one entry for them", first.email, m.Email, l.Address))
			continue
		}
		wanted[key] = desired{m.Email, role}
		keys = append(keys, key)
	}
	// The owners the guard on lowering writes counts (countedOwners):
	// people the file lists as owners of the list and admits so, each
	// mailbox once. A live owner the file does not list (a walk-in), or
	// lists on a record that admits them nowhere, is on the group, but
	// does not stand in for an owner the file vetted: the departure of
	// one of those, or of an owner the file took off (former), that
	// would leave fewer than min_owners of them waits.
	out.counted = make(map[string]bool, len(wanted))
	out.former = make(map[string]bool)
	for _, d := range wanted {
		if d.role == members.RoleOwner && (in.Unadmitted == nil || in.Unadmitted(d.email, d.role) == "") {
			out.counted[members.MailboxOf(d.email)] = true
		}
	}
	blocked := func(email string) string {
		if in.Blocked == nil {
			return ""
		}
		return in.Blocked(email)
	}
	// Two live members of different ids may fold to one identity (a
	// look-alike: a Kelvin sign for a k): the file's entry is the one
	// written as the file writes it, else the first listed; the other is
	// a stranger, shown and judged as one, never hidden behind the entry.
	entry := map[string]directory.Member{} // identity -> the member the entry is
	for _, lm := range in.Have.Members {
		key := liveKey(lm)
		have, ok := entry[key]
		d, listed := wanted[key]
		if !ok || listed && !directory.SameAddress(have.Email, d.email) && directory.SameAddress(lm.Email, d.email) {
			entry[key] = lm
		}
	}
	// listedAs is what the file's history says of a live member: under
	// their own address, or under another spelling of their mailbox (a
	// +tag), which plan matched to them while the file listed it.
	var byMailbox map[string]string
	listedAs := func(key string, lm directory.Member) string {
		if in.Listed == nil {
			return ""
		}
		if former := in.ListedAliases[key]; former != "" && in.Listed[former] != "" {
			// Listed under an alias of theirs as well as (or instead of)
			// their own address: the later departure took them off (a
			// respelling to the alias "took off" the primary first), and
			// on one day, the alias's, written since.
			if v := in.Listed[key]; v == "" || removedOn(v) <= removedOn(in.Listed[former]) {
				return in.Listed[former]
			}
		}
		if v := in.Listed[key]; v != "" || lm.Email == "" {
			return v
		}
		if byMailbox == nil {
			byMailbox = make(map[string]string, len(in.Listed))
			for k, v := range in.Listed {
				if mb := members.MailboxOf(k); v != "" && (byMailbox[mb] == "" || v < byMailbox[mb]) {
					byMailbox[mb] = v
				}
			}
		}
		return byMailbox[members.MailboxOf(lm.Email)]
	}
	file := in.File
	if file == "" {
		file = "members.toml"
	}
	// spelledOtherwise is the entry of the file whose mailbox a live
	// member has under another spelling, when that entry is on the
	// group under its own: "" otherwise.
	var wantedMailbox map[string]string
	spelledOtherwise := func(lm directory.Member) string {
		if lm.Email == "" {
			return ""
		}
		if wantedMailbox == nil {
			wantedMailbox = make(map[string]string, len(wanted))
			for key, d := range wanted {
				if _, on := entry[key]; on {
					wantedMailbox[members.MailboxOf(d.email)] = d.email
				}
			}
		}
		return wantedMailbox[members.MailboxOf(lm.Email)]
	}
	seen := make(map[string]bool, len(in.Have.Members))
	seenIDs := make(map[string]bool, len(in.Have.Members))
	var listedOn []LiveMember // on the group, as the file lists them
	undetermined := false
	for _, lm := range in.Have.Members {
		key := liveKey(lm)
		if lm.ID != "" && seenIDs[lm.ID] || lm.ID == "" && seen[key] {
			continue // listed twice: one member, counted once
		}
		seenIDs[lm.ID] = true
		twin := lm.ID != "" && entry[key].ID != "" && entry[key].ID != lm.ID
		if !twin {
			seen[key] = true
		}
		out.Live++
		if lm.Type == "GROUP" && lm.Email != "" {
			out.Groups = append(out.Groups, lm.Email)
		}
		liveRole := FromLiveRole(lm.Role)
		if d, ok := wanted[key]; ok && !twin && out.counted[members.MailboxOf(d.email)] {
			// Under its live spelling too (an alias the file names by
			// its primary), for the counts apply reads again.
			out.counted[members.MailboxOf(lm.Email)] = true
		} else if !ok && !twin && liveRole == members.RoleOwner && (in.FormerUnknown || listedAs(key, lm) != "") {
			out.former[members.MailboxOf(lm.Email)] = true
		} else if ok && !twin && liveRole == members.RoleOwner && d.role != members.RoleOwner &&
			(in.OwnersUnknown || in.ListedOwners[members.MailboxOf(lm.Email)] || in.ListedOwners[members.MailboxOf(d.email)]) {
			// An owner the file demoted: a walk-in owner stands in for
			// them no more than for one it took off. (Under the address
			// the change names too: the file's, an alias of theirs.)
			out.former[members.MailboxOf(lm.Email)] = true
			out.former[members.MailboxOf(d.email)] = true
		}
		if d, ok := wanted[key]; ok && !twin {
			if lm.Type == "GROUP" && !p.AllowGroups {
				out.Problems = append(out.Problems, fmt.Sprintf("%s is a group: everyone in it receives the list's mail without a vetting record of their own, and policy %s does not allow groups; remove its entry from members.toml, or set allow_groups = true", lm.Email, p.ID))
			}
			unvetted := ""
			if in.Unadmitted != nil {
				if unvetted = in.Unadmitted(d.email, liveRole); unvetted != "" {
					out.Unvetted = append(out.Unvetted, LiveMember{Email: displayEmail(lm), Role: liveRole, ID: lm.ID, Why: unvetted})
				}
			}
			if unvetted == "" {
				listedOn = append(listedOn, LiveMember{Email: displayEmail(lm), Role: liveRole, ID: lm.ID})
			}
			if d.role != liveRole {
				c := ofLive(ActionSetRole, d.email, lm, liveRole)
				c.Role = d.role
				if lm.Email != "" && members.IdentityOf(lm.Email) != members.IdentityOf(d.email) {
					c.LiveAs = lm.Email
				}
				switch {
				case c.Phase() == 1 && lm.Type == "GROUP" && !p.AllowGroups:
					// A promotion of a group gives everyone in it the
					// role: the problem above stands, and nothing widens it.
					c.Blocked = fmt.Sprintf("%s is a group, and policy %s does not allow groups: roster gives it no higher role", lm.Email, p.ID)
				case c.Phase() == 1:
					c.Blocked = blocked(d.email)
				}
				out.Changes = append(out.Changes, c)
			}
			continue
		}
		switch {
		case !twin && spelledOtherwise(lm) != "" && listedAs(key, lm) != "":
			// The mailbox of someone the file lists, under a spelling it
			// does not write (b@ beside b+lists@), which history says the
			// file listed: one person, whose mail would come twice. (With
			// no history it is a stranger like any other: not every mail
			// domain folds a +tag.)
			c := ofLive(ActionRemove, displayEmail(lm), lm, liveRole)
			c.Reason = "another spelling of " + spelledOtherwise(lm) + ", whom " + file + " lists: one mailbox, on the list once"
			out.Changes = append(out.Changes, c)
		case !twin && listedAs(key, lm) != "":
			// (A twin shares the identity of someone the file lists: that
			// the file listed it says nothing of the twin.)
			c := ofLive(ActionRemove, displayEmail(lm), lm, liveRole)
			c.Reason = takenOff + file + " (" + listedAs(key, lm) + ")"
			if former := in.ListedAliases[key]; former != "" {
				c.ListedAs = former
				c.Reason = takenOff + file + " as " + former + ", an address Google resolves to them (" + listedAs(key, lm) + ")"
			}
			out.Changes = append(out.Changes, c)
		case p.Unmanaged == members.UnmanagedRemove:
			// After the file's own reasons: someone it took off is no
			// walk-in, on a list that removes walk-ins or not; the line
			// names the commit either way.
			c := ofLive(ActionRemove, displayEmail(lm), lm, liveRole)
			c.Reason, c.ListedAs = ReasonUnmanagedRemove, in.ListedAliases[key]
			out.Changes = append(out.Changes, c)
		default:
			undetermined = undetermined || in.Listed == nil
			lv := LiveMember{Email: displayEmail(lm), Role: liveRole, ID: lm.ID}
			if lm.Type == "GROUP" || lm.Type == "CUSTOMER" {
				lv.Type = lm.Type
			}
			out.Unmanaged = append(out.Unmanaged, lv)
		}
	}
	out.ownerEntries = ownerEntries(in.Have.Members)
	out.liveOwners = len(out.ownerEntries)
	for _, lm := range in.Have.Members {
		if lm.Type == "GROUP" && wanted[liveKey(lm)].role == members.RoleOwner {
			// On the group already, as owner or promoted to it.
			out.groupOwners = append(out.groupOwners, displayEmail(lm))
		}
		if lm.Role == directory.RoleOwner && lm.Person() && lm.Suspended() {
			out.suspended = append(out.suspended, displayEmail(lm))
		}
	}
	out.guardOwners, _ = out.countedOwners(in.Have.Members)
	if undetermined {
		out.Undetermined = in.ListedUnknown
	}
	for _, key := range keys {
		if seen[key] {
			continue
		}
		d := wanted[key]
		c := Change{Action: ActionAdd, Email: d.email, Role: d.role, Blocked: in.Full, Group: in.IsGroup != nil && in.IsGroup(d.email)}
		if c.Group && c.Role == members.RoleOwner {
			out.groupOwners = append(out.groupOwners, c.Email)
		}
		if c.Blocked == "" {
			c.Blocked = blocked(d.email)
		}
		out.Changes = append(out.Changes, c)
	}
	holdOwnerDepartures(out.Changes)
	if why := shortOfOwners(p, out, in.unread); why != "" {
		out.Problems = append(out.Problems, why)
	}
	if why := overCap(p, out); why != "" {
		out.Problems = append(out.Problems, why)
		out.OverCapListed = listedOn
	}
	sortChanges(out.Changes)
	sort.Slice(out.Unmanaged, func(i, j int) bool { return out.Unmanaged[i].Email < out.Unmanaged[j].Email })
	sort.Slice(out.Unvetted, func(i, j int) bool { return out.Unvetted[i].Email < out.Unvetted[j].Email })
	if in.Have.Settings != nil {
		out.Settings = settingChanges(p, in.Have.Settings)
	}
	return out
}

// holdOwnerDepartures blocks each owner's departure (a removal or a
// demotion) while an owner's add or promotion on the list is blocked:
// sync removes owners only once the owners replacing them are in, and
// the plan says so rather than promise a departure the run holds back.
func holdOwnerDepartures(cs []Change) {
	coming := ""
	for _, c := range cs {
		if c.Phase() == 1 && c.Role == members.RoleOwner && c.Blocked != "" {
			coming = c.Email
			break
		}
	}
	if coming == "" {
		return
	}
	for i, c := range cs {
		if c.Phase() == 2 && c.PreviousRole == members.RoleOwner && c.Blocked == "" {
			cs[i].Blocked = "held while " + coming + " cannot be made owner: owners leave only once the owners replacing them are in"
		}
	}
}

// unseenKey is a key no live member has: an unseen entry matches none.
func unseenKey(key string) string { return "\x00unseen:" + key }

// sortChanges orders a list's changes as they will run: the first phase,
// then the second, each by email.
func sortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Phase() != cs[j].Phase() {
			return cs[i].Phase() < cs[j].Phase()
		}
		return strings.ToLower(cs[i].Email) < strings.ToLower(cs[j].Email)
	})
}

func settingChanges(p *members.Policy, live map[string]string) []SettingChange {
	var out []SettingChange
	for _, s := range p.Settings {
		spec, ok := members.SettingSpecByKey(s.Name)
		if !ok {
			continue
		}
		got := live[spec.Field]
		if strings.EqualFold(got, s.Value) {
			continue
		}
		out = append(out, SettingChange{
			Name: s.Name, Field: spec.Field, Live: got, Desired: s.Value,
			Widens: spec.Openness(got) > spec.Openness(s.Value),
		})
	}
	return out
}
