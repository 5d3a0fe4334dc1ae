package directory

import (
	"context"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/roster-dev/roster/members"
)

// Activity is one event of Google's audit log (the Admin Reports API's
// activities.list) about a group: who did what, when, and through which
// application. Fields a given event does not carry are empty; which
// parameters each application sends is in Google's reference pages,
// cited where they are read (directory/google/reports.go).
type Activity struct {
	Time time.Time
	// ID is the activity's id.uniqueQualifier: the events of one activity
	// share it.
	ID string
	// Index is the event's place among its activity's events: with
	// Application, Time and ID it names the event (Distinct).
	Index int
	// Application is the log the event came from: AppAdmin,
	// AppGroups or AppGroupsEnterprise.
	Application string
	// Event is Google's event name: ADD_GROUP_MEMBER, add_user, join,
	// add_member... (the Event* constants).
	Event string

	// Actor is the email of who acted: the delegated admin for an API
	// call, the admin in the Admin console, the owner (or, for join and
	// accept_invitation, the person joining) in the Groups UI. Empty when
	// Google gives none.
	Actor string
	// ActorID is actor.profileId: the actor's unique id, which is the id
	// members.list gives the same person as a member. Google may give it
	// without an email.
	ActorID string
	// ActorKey is the actor's key when it is no person (callerType
	// KEY: "SYSTEM", a service's name), which has no email nor id.
	ActorKey string
	// CallerType is actor.callerType: USER, or KEY for a non-human actor.
	CallerType string
	// ClientID is actor.applicationInfo.oauthClientId: the OAuth client
	// that made the call, such as roster's own service account (its
	// unique ID). Empty for changes made in the Admin console or the
	// Groups UI, which Google logs without applicationInfo.
	ClientID string
	// ClientName is actor.applicationInfo.applicationName, when given.
	ClientName string
	// Impersonation is actor.applicationInfo.impersonation: the client
	// acted for Actor through domain-wide delegation.
	Impersonation bool

	// Group is the group's address (GROUP_EMAIL, group_email). Empty for
	// groups_enterprise events, which name the group by GroupID, and for
	// GROUP_MEMBER_BULK_UPLOAD, which names no group at all.
	Group string
	// Member is the member's address (USER_EMAIL, user_email); for join
	// and accept_invitation, the actor, who joined.
	Member string
	// Role is the role given: member_role of add_user (Groups UI) and of
	// add_member, add_member_role, remove_member_role (groups_enterprise),
	// NEW_VALUE of UPDATE_GROUP_MEMBER. Google's spelling, any case.
	Role string
	// Setting is the setting changed: SETTING_NAME (admin),
	// acl_permission (Groups UI, like can_join), or the info or security
	// setting of groups_enterprise.
	Setting string
	// Old and New are the values before and after: OLD_VALUE and
	// NEW_VALUE, or the repeated values of change_acl_permission joined
	// with ",". OldValues and NewValues keep repeated values apart.
	Old, New             string
	OldValues, NewValues []string

	// Count and Failed are GROUP_MEMBER_BULK_UPLOAD's totals: members
	// selected for upload, and how many of them failed. Google logs no
	// member address and no group for a bulk upload.
	Count, Failed int64

	// GroupID, MemberID and MemberType are what groups_enterprise logs
	// (Cloud console, Cloud Identity API, gcloud, dynamic groups), as
	// given: the group and member are named by id, never by address.
	// Match them with MatchID against the group's id (groups.get, see
	// GroupReader) and the member ids members.list returns.
	GroupID, MemberID, MemberType string
}

// Applications whose audit logs record group changes.
const (
	// AppAdmin: the Admin console and the Admin SDK, roster's own writes
	// included (with the delegated admin as actor and roster's OAuth
	// client in ClientID).
	AppAdmin = "admin"
	// AppGroups: owners and members in the Groups UI (groups.google.com).
	AppGroups = "groups"
	// AppGroupsEnterprise: the Cloud console, the Cloud Identity API,
	// gcloud and dynamic groups.
	AppGroupsEnterprise = "groups_enterprise"
)

// Applications lists the applications to read for a group's changes,
// in the order a reader would ask them.
func Applications() []string { return []string{AppAdmin, AppGroups, AppGroupsEnterprise} }

// Event names roster reads, as Google spells them in each application's
// reference page ("Admin Audit Activity Events - Group Settings",
// "Groups Audit Activity Events", "Enterprise Groups Audit Activity
// Events").
const (
	// application admin (type GROUP_SETTINGS)
	EventCreateGroup           = "CREATE_GROUP"
	EventDeleteGroup           = "DELETE_GROUP"
	EventAddGroupMember        = "ADD_GROUP_MEMBER"
	EventRemoveGroupMember     = "REMOVE_GROUP_MEMBER"
	EventUpdateGroupMember     = "UPDATE_GROUP_MEMBER"
	EventGroupMemberBulkUpload = "GROUP_MEMBER_BULK_UPLOAD"
	EventChangeGroupSetting    = "CHANGE_GROUP_SETTING"
	EventChangeGroupEmail      = "CHANGE_GROUP_EMAIL"

	// application admin (type USER_SETTINGS, "Admin Audit Activity
	// Events - User Settings"): an account deleted leaves every group
	// it was on, restored it may be back, renamed every group lists it
	// under its new address (NEW_VALUE); none names a group.
	EventDeleteUser   = "DELETE_USER"
	EventUndeleteUser = "UNDELETE_USER"
	EventRenameUser   = "RENAME_USER"

	// application groups; join, accept_invitation and
	// approve_join_request are groups_enterprise events too
	EventJoin                = "join"
	EventAcceptInvitation    = "accept_invitation"
	EventApproveJoinRequest  = "approve_join_request"
	EventAddUser             = "add_user"
	EventRemoveUser          = "remove_user"
	EventChangeACLPermission = "change_acl_permission"
	// Mail to the group's -join and -unsubscribe addresses, and a
	// moderator banning a member: the actor is the person joining or
	// leaving (join_via_mail, unsubscribe_via_mail); the banned user is
	// user_email.
	EventJoinViaMail        = "join_via_mail"
	EventUnsubscribeViaMail = "unsubscribe_via_mail"
	EventBanWithModeration  = "ban_user_with_moderation"
	EventChangeBasicSetting = "change_basic_setting"

	// application groups_enterprise
	EventAddMember        = "add_member"
	EventRemoveMember     = "remove_member"
	EventAddMemberRole    = "add_member_role"
	EventRemoveMemberRole = "remove_member_role"
)

// Effect is what an event did to a group, whichever application logged it.
type Effect int

// Effects.
const (
	EffectNone         Effect = iota // not a change roster follows
	EffectAdded                      // someone became a member
	EffectRemoved                    // a member was taken off
	EffectRole                       // a member's role changed
	EffectSetting                    // a group setting changed
	EffectBulkUpload                 // members were uploaded in bulk: which, and to which group, is not logged
	EffectGroupCreated               // the group was created
	EffectGroupDeleted               // the group was deleted
	// EffectGroupRenamed: the group that had the address was given
	// another (GROUP_EMAIL the address, NEW_VALUE the new one): what
	// the log has of the address before it was that group's.
	EffectGroupRenamed
)

var effects = map[string]map[string]Effect{
	AppAdmin: {
		EventAddGroupMember:        EffectAdded,
		EventRemoveGroupMember:     EffectRemoved,
		EventUpdateGroupMember:     EffectRole,
		EventChangeGroupSetting:    EffectSetting,
		EventGroupMemberBulkUpload: EffectBulkUpload,
		EventCreateGroup:           EffectGroupCreated,
		EventDeleteGroup:           EffectGroupDeleted,
		EventChangeGroupEmail:      EffectGroupRenamed,
	},
	AppGroups: {
		EventJoin:                EffectAdded,
		EventAcceptInvitation:    EffectAdded,
		EventApproveJoinRequest:  EffectAdded,
		EventAddUser:             EffectAdded,
		EventRemoveUser:          EffectRemoved,
		EventChangeACLPermission: EffectSetting,
		EventJoinViaMail:         EffectAdded,
		EventUnsubscribeViaMail:  EffectRemoved,
		EventBanWithModeration:   EffectRemoved,
		EventChangeBasicSetting:  EffectSetting,
		"create_group":           EffectGroupCreated,
		"delete_group":           EffectGroupDeleted,
	},
	AppGroupsEnterprise: {
		EventJoin:                 EffectAdded,
		EventAcceptInvitation:     EffectAdded,
		EventApproveJoinRequest:   EffectAdded,
		EventAddMember:            EffectAdded,
		EventRemoveMember:         EffectRemoved,
		EventAddMemberRole:        EffectRole,
		EventRemoveMemberRole:     EffectRole,
		"change_security_setting": EffectSetting,
		"change_info_setting":     EffectSetting,
		"create_group":            EffectGroupCreated,
		"delete_group":            EffectGroupDeleted,
	},
}

// Effect says what the event did to its group.
func (a Activity) Effect() Effect { return effects[a.Application][a.Event] }

// By reports whether the event was made through the OAuth client
// clientID: with roster's own client ID, whether roster made it.
func (a Activity) By(clientID string) bool {
	return clientID != "" && a.ClientID == clientID
}

// aclFields maps the Groups UI's acl_permission names (Google's
// reference, "Groups Audit Activity Events", change_acl_permission) to
// the Groups Settings API fields they set, for the names whose meaning
// is plain ("can_post: Who can post setting"): every one of a setting a
// policy pins (members.SettingSpecs) that the Groups UI has, and the
// membership permissions beside them. A name not here names no field,
// and its event explains no setting.
var aclFields = map[string]string{
	"can_join":            "whoCanJoin",
	"can_view_membership": "whoCanViewMembership",
	"can_view_group":      "whoCanViewGroup",
	"can_post":            "whoCanPostMessage",
	"can_contact_owner":   "whoCanContactOwner",
	// The Groups UI lists who may post as the group; the API keeps a
	// boolean (membersCanPostAsTheGroup), so the values do not compare
	// (see audit's setsTo).
	"can_post_as_group":   "membersCanPostAsTheGroup",
	"can_add_members":     "whoCanAdd",
	"can_invite_members":  "whoCanInvite",
	"can_approve_members": "whoCanApproveMembers",
	"can_ban_users":       "whoCanBanUsers",
	"can_modify_members":  "whoCanModifyMembers",
}

// SettingField is the Groups Settings API field ("whoCanJoin") a setting
// event changed, as far as it can be told: the admin log's SETTING_NAME
// as given, the Groups UI's acl_permission mapped when its meaning is
// plain, "" otherwise.
func (a Activity) SettingField() string {
	switch a.Application {
	case AppAdmin:
		return a.Setting
	case AppGroups:
		return aclFields[a.Setting]
	}
	return ""
}

// MatchID reports whether an id from the audit log names the same group
// or member as an id the Directory API returned. Google documents
// groups_enterprise's group_id and member_id only as "identifier of the
// target group" and "of the member"; Cloud Identity names groups
// "groups/{id}" and memberships "groups/{id}/memberships/{id}", so a
// resource name is compared by its last part.
func MatchID(logged, id string) bool {
	if logged == "" || id == "" {
		return false
	}
	return lastPart(logged) == lastPart(id)
}

// GroupKey returns the id a groups_enterprise event names its group by
// in the form groups.get takes it: "groups/03abc" -> "03abc".
func GroupKey(logged string) string { return lastPart(logged) }

func lastPart(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// ActivityProvider reads Google's audit log. Reading it needs its own
// scope (admin.reports.audit.readonly) and, for the --subject, the
// Reports privilege; providers that cannot return ErrForbidden or
// ErrAuth.
type ActivityProvider interface {
	// Activities returns the events application (AppAdmin, AppGroups,
	// AppGroupsEnterprise) recorded since a time, oldest first: those of
	// group, or with group "" those of the whole domain (a few paged
	// calls), so that an incremental run can learn which groups changed
	// in a window. Events of another group than the one asked for are
	// never returned, whatever the server sent.
	// Errors: ErrForbidden, ErrAuth, ErrGroupNotFound (groups_enterprise
	// of a group that does not exist), ErrInvalid, retryable errors.
	Activities(ctx context.Context, application, group string, since time.Time) ([]Activity, error)
}

// BulkUploadProvider is a live side that can read the Admin console's
// bulk uploads of group members, which Google logs with counts and no
// group: a live member no event of their group explains may have come
// in one.
type BulkUploadProvider interface {
	// BulkUploads returns the GROUP_MEMBER_BULK_UPLOAD events since a
	// time, domain-wide, oldest first. Errors: as Activities.
	BulkUploads(ctx context.Context, since time.Time) ([]Activity, error)
}

// Touched is which groups a window of audit-log events changed, for an
// incremental run that reads only those.
type Touched struct {
	// Groups holds the addresses named (admin, groups), by identity
	// (members.IdentityOf), as the file's list addresses are compared.
	Groups map[string]bool
	// GroupIDs holds the ids named (groups_enterprise), as logged.
	GroupIDs map[string]bool
	// Unknown holds events that changed some group without naming it:
	// GROUP_MEMBER_BULK_UPLOAD logs counts only, and an account restored
	// (UNDELETE_USER) rejoins groups the log does not name. Any of them
	// means every group must be read.
	Unknown []Activity
	// Accounts holds the newest event of each account deleted,
	// restored or renamed, by the mailbox (members.MailboxOf) of its
	// address and, for a rename, of the new one: each changed every
	// group it was on, which the log does not name, and the lists that
	// name it are read.
	Accounts map[string]Activity
}

// AccountEvent reports whether a is an account's deletion, restoration
// or rename, which changes the groups it is on without naming them.
func (a Activity) AccountEvent() bool {
	if a.Application != AppAdmin {
		return false
	}
	switch a.Event {
	case EventDeleteUser, EventUndeleteUser, EventRenameUser:
		return true
	}
	return false
}

// TouchedGroups sums up whole-domain reads of the audit log: which
// groups had membership, role, setting or existence changes.
func TouchedGroups(acts []Activity) Touched {
	t := Touched{Groups: make(map[string]bool), GroupIDs: make(map[string]bool), Accounts: make(map[string]Activity)}
	for _, a := range acts {
		if a.AccountEvent() {
			for _, addr := range []string{a.Member, a.New} {
				if box := members.MailboxOf(addr); box != "" {
					t.Accounts[box] = a
				}
			}
			if a.Event == EventUndeleteUser {
				// A restored account may rejoin groups no list names it
				// on (as a walk-in it was): which, the log does not say.
				t.Unknown = append(t.Unknown, a)
			}
			continue
		}
		if a.Effect() == EffectNone && a.Group == "" && a.GroupID == "" {
			// An event roster does not follow, of no group: no change of
			// one. One that names a group is read as a change of it,
			// whatever it is: Google logs events roster has no name for,
			// and a group read for nothing costs one read, while a
			// change passed over waits for the nightly run.
			continue
		}
		if a.Effect() == EffectGroupRenamed && a.New != "" {
			// The group now at the new address changed as much as the
			// address it left: a group renamed onto a list's address is
			// that list's group from now on.
			t.Groups[members.IdentityOf(a.New)] = true
		}
		switch {
		case a.Group != "":
			t.Groups[members.IdentityOf(a.Group)] = true
		case a.GroupID != "":
			t.GroupIDs[a.GroupID] = true
		default:
			t.Unknown = append(t.Unknown, a)
		}
	}
	return t
}

// Has reports whether the group with this address and id (as groups.get
// or members.list returned it; "" if unknown) may have changed: it was
// named, or some change named no group.
func (t Touched) Has(address, id string) bool {
	if len(t.Unknown) > 0 || t.Groups[members.IdentityOf(address)] {
		return true
	}
	for logged := range t.GroupIDs {
		if MatchID(logged, id) {
			return true
		}
	}
	return false
}

// Distinct is acts without the repeats of an event: the same
// Application, Time, ID (id.uniqueQualifier) and Index, and the same
// content. An activity can come twice (twice in a page, again on an
// overlapping next page), and one removal counted twice reads as two
// people's. Events without an ID cannot be told apart, and are all
// kept; so are two that share the key but differ, which a server that
// reuses qualifiers sends (dropping one would lose a change). The
// first of each is kept, in acts' order.
func Distinct(acts []Activity) []Activity {
	type key struct {
		app, id   string
		at, index int64
	}
	// Each key's events kept, by their place in out: a copy of each would
	// hold every event read twice over (a read may keep 100,000).
	seen := map[key][]int{}
	out := acts[:0:0]
	for _, a := range acts {
		if a.ID != "" {
			k := key{a.Application, a.ID, a.Time.UnixNano(), int64(a.Index)}
			if slices.ContainsFunc(seen[k], func(i int) bool { return sameEvent(a, out[i]) }) {
				continue
			}
			seen[k] = append(seen[k], len(out))
		}
		out = append(out, a)
	}
	return out
}

// sameEvent reports whether two events of one instant say the same.
func sameEvent(a, b Activity) bool {
	a.Time, b.Time = time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

// SortActivities orders events oldest first; events of one time keep
// their order.
func SortActivities(acts []Activity) {
	sort.SliceStable(acts, func(i, j int) bool { return acts[i].Time.Before(acts[j].Time) })
}
