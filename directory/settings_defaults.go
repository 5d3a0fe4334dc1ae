package directory

// APIDefaultSettings returns what a group created through the Directory
// API (groups.insert) starts with, as Groups Settings API fields and
// values, whatever the domain's defaults for new groups: Google's "Default settings for API groups" (Admin Help,
// "Create and manage groups using APIs", support.google.com/a/answer/
// 10427204): shown in the directory, seen by anyone in the organization,
// members seen by the group's owners, managers and members (the page
// said anyone in the organization in earlier versions), anyone in the
// organization can ask to join, no external members, anyone on the web
// can post and contact the owners, web posting allowed, no moderation,
// no conversation history. Open: a security list pins its settings
// before anyone is added. whoCanViewGroup is not in Google's table;
// "conversation history off" is read as members only. The emulator
// gives a group it creates these, and attribution calls a value "Google's
// default" only when it is the one here.
func APIDefaultSettings() map[string]string {
	return map[string]string{
		"whoCanJoin":                 "CAN_REQUEST_TO_JOIN",
		"whoCanViewMembership":       "ALL_MEMBERS_CAN_VIEW",
		"whoCanViewGroup":            "ALL_MEMBERS_CAN_VIEW",
		"whoCanPostMessage":          "ANYONE_CAN_POST",
		"whoCanDiscoverGroup":        "ALL_IN_DOMAIN_CAN_DISCOVER",
		"whoCanContactOwner":         "ANYONE_CAN_CONTACT",
		"allowExternalMembers":       "false",
		"allowWebPosting":            "true",
		"membersCanPostAsTheGroup":   "false",
		"includeInGlobalAddressList": "true",
		"isArchived":                 "false",
		"archiveOnly":                "false",
		"messageModerationLevel":     "MODERATE_NONE",
	}
}
