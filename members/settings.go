package members

import (
	"reflect"
	"strings"
)

// SettingSpec describes one group setting a policy may pin: its key in
// members.toml, its field in the Groups Settings API, and its values.
type SettingSpec struct {
	Key   string // policy key, e.g. "who_can_join"
	Field string // Groups Settings API JSON field, e.g. "whoCanJoin"
	// Values are the values the API accepts, from the one that lets the
	// most people in (read, join, post, see members) to the one that lets
	// the fewest: drift towards the front of the list widens a private
	// list, which audit reports as a violation.
	Values []string
	Bool   bool // the API spells it "true"/"false"; the file writes a TOML boolean
	Doc    string
}

// SettingSpecs returns the settings that decide who can see, join and
// post to a group, in the order plan and audit print them. Each call
// builds them afresh, so no caller can change what another reads.
func SettingSpecs() []SettingSpec {
	return []SettingSpec{
		{Key: "who_can_join", Field: "whoCanJoin",
			Values: []string{"ANYONE_CAN_JOIN", "ALL_IN_DOMAIN_CAN_JOIN", "CAN_REQUEST_TO_JOIN", "INVITED_CAN_JOIN"},
			Doc:    "who may join without an owner adding them"},
		{Key: "who_can_view_membership", Field: "whoCanViewMembership",
			Values: []string{"ALL_IN_DOMAIN_CAN_VIEW", "ALL_MEMBERS_CAN_VIEW", "ALL_MANAGERS_CAN_VIEW"},
			Doc:    "who may see the member list"},
		{Key: "who_can_view_group", Field: "whoCanViewGroup",
			Values: []string{"ANYONE_CAN_VIEW", "ALL_IN_DOMAIN_CAN_VIEW", "ALL_MEMBERS_CAN_VIEW", "ALL_MANAGERS_CAN_VIEW"},
			Doc:    "who may read the archive"},
		{Key: "who_can_post_message", Field: "whoCanPostMessage",
			Values: []string{"ANYONE_CAN_POST", "ALL_IN_DOMAIN_CAN_POST", "ALL_MEMBERS_CAN_POST", "ALL_MANAGERS_CAN_POST", "ALL_OWNERS_CAN_POST", "NONE_CAN_POST"},
			Doc:    "who may send mail to the list"},
		{Key: "who_can_discover_group", Field: "whoCanDiscoverGroup",
			Values: []string{"ANYONE_CAN_DISCOVER", "ALL_IN_DOMAIN_CAN_DISCOVER", "ALL_MEMBERS_CAN_DISCOVER"},
			Doc:    "who may find the group in the directory"},
		{Key: "who_can_contact_owner", Field: "whoCanContactOwner",
			Values: []string{"ANYONE_CAN_CONTACT", "ALL_IN_DOMAIN_CAN_CONTACT", "ALL_MEMBERS_CAN_CONTACT", "ALL_MANAGERS_CAN_CONTACT", "ALL_OWNERS_CAN_CONTACT"},
			Doc:    "who may contact the owners through the web UI"},
		{Key: "allow_external_members", Field: "allowExternalMembers", Bool: true,
			Values: []string{"true", "false"},
			Doc:    "whether addresses outside the domain may be members"},
		{Key: "allow_web_posting", Field: "allowWebPosting", Bool: true,
			Values: []string{"true", "false"},
			Doc:    "whether members may post from the web UI"},
		{Key: "members_can_post_as_the_group", Field: "membersCanPostAsTheGroup", Bool: true,
			Values: []string{"true", "false"},
			Doc:    "whether members may send mail as the group's address"},
		{Key: "include_in_global_address_list", Field: "includeInGlobalAddressList", Bool: true,
			Values: []string{"true", "false"},
			Doc:    "whether the group appears in the domain's address list"},
		{Key: "is_archived", Field: "isArchived", Bool: true,
			Values: []string{"true", "false"},
			Doc:    "whether messages are kept in an archive"},
		{Key: "archive_only", Field: "archiveOnly", Bool: true,
			Values: []string{"false", "true"},
			Doc:    "whether the group is closed to new mail"},
		{Key: "message_moderation_level", Field: "messageModerationLevel",
			Values: []string{"MODERATE_NONE", "MODERATE_NEW_MEMBERS", "MODERATE_NON_MEMBERS", "MODERATE_ALL_MESSAGES"},
			Doc:    "which incoming mail waits for a moderator"},
	}
}

// settingSpecs is SettingSpecs, built once for the decoder's look-ups;
// nothing in this package writes to it.
var settingSpecs = SettingSpecs()

// SettingSpecByKey returns the spec of a policy setting key.
func SettingSpecByKey(key string) (SettingSpec, bool) { return settingByKey(key) }

func settingByKey(key string) (SettingSpec, bool) {
	for _, s := range settingSpecs {
		if s.Key == key {
			return s, true
		}
	}
	return SettingSpec{}, false
}

func settingKeyNames() []string {
	out := make([]string, len(settingSpecs))
	for i, s := range settingSpecs {
		out[i] = s.Key
	}
	return out
}

// Openness ranks a value: higher lets more people in. Unknown values rank
// highest, so that an unrecognised live value is treated as the widest.
func (s SettingSpec) Openness(value string) int {
	for i, v := range s.Values {
		if strings.EqualFold(v, value) {
			return len(s.Values) - i
		}
	}
	return len(s.Values) + 1
}

// Allows reports whether value is one the API accepts.
func (s SettingSpec) Allows(value string) bool {
	for _, v := range s.Values {
		if v == value {
			return true
		}
	}
	return false
}

// Says reports whether p and q say the same (settings included),
// wherever each is written: two files can each have a policy of one
// name that says different things.
func (p *Policy) Says(q *Policy) bool {
	x, y := *p, *q
	x.Located, y.Located = Located{}, Located{}
	x.Settings, y.Settings = unplaced(x.Settings), unplaced(y.Settings)
	return reflect.DeepEqual(x, y)
}

func unplaced(ss []Setting) []Setting {
	out := make([]Setting, len(ss))
	for i, s := range ss {
		out[i] = Setting{Name: s.Name, Value: s.Value}
	}
	return out
}
