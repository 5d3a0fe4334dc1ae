package review_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/review"
)

// base is a file with two lists, three owners of reports (ada, bob,
// cy), one of announce (ada), admins root and ops, and lin, a member
// vetted by bob.
const base = `schema = 1
admins = ["root", "ops"]

[lists.reports]
address = "security@example.org"
policy = "receivers"

[lists.announce]
address = "announce@example.org"
policy = "open"

[policies.receivers]
max_members = 10
min_owners = 2
vetting_methods = ["video-call", "known-maintainer"]
vetting_valid_for = "365d"
unmanaged = "remove"
who_can_join = "INVITED_CAN_JOIN"

[policies.open]
vetting_methods = ["known-maintainer"]

[[member]]
email = "ada@example.org"
github = "ada"
lists = { reports = "owner", announce = "owner" }
vetting = [{ by = "bob", on = 2026-01-05, method = "video-call" }]

[[member]]
email = "bob@example.org"
github = "bob"
lists = { reports = "owner" }
vetting = [{ by = "ada", on = 2026-01-05, method = "video-call" }]

[[member]]
email = "cy@example.org"
github = "cy"
lists = { reports = "owner" }
vetting = [{ by = "ada", on = 2026-01-05, method = "video-call" }]

[[member]]
email = "lin@example.org"
github = "lin"
lists = { announce = "member" }
vetting = [{ by = "bob@example.org", on = 2026-02-01, method = "known-maintainer", note = "Known." }]
`

func parse(t *testing.T, src string) *members.File {
	t.Helper()
	f, err := members.Parse("members.toml", []byte(src))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, src)
	}
	return f
}

// edit returns base with each old string replaced by its new one, once.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	s := base
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("base has no %q", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

const newMember = `
[[member]]
email = "eve@example.org"
github = "eve"
lists = { reports = "member" }
vetting = [{ by = "bob", on = 2026-03-01, method = "video-call" }]
`

// summary renders a verdict as "kind:list:need:ok" lines, for tables.
func summary(v review.Verdict) []string {
	var out []string
	for _, r := range v.Requirements {
		ok := "missing"
		if r.OK {
			ok = "ok"
		}
		if r.Unsatisfiable {
			ok = "unsatisfiable"
		}
		target := r.List
		if r.Kind == review.Vetter {
			target = r.Vetter
		}
		out = append(out, string(r.Kind)+":"+target+":"+string(rune('0'+r.Need))+":"+ok)
	}
	return out
}

func TestDecide(t *testing.T) {
	tests := []struct {
		name      string
		head      string
		author    string
		commits   []string
		approvals []string
		attests   []string
		unknown   []string
		want      []string
		ok        bool
	}{
		{name: "no change needs nobody", head: base, author: "mallory", want: nil, ok: true},
		{name: "a new member needs an owner and the vetter",
			head: base + newMember, author: "eve", approvals: []string{"ada"},
			want: []string{"owners:reports:1:ok", "vetter:bob:1:missing"}},
		{name: "an empty role is weighed as an owner's, not as no role",
			head: base + strings.Replace(newMember, `reports = "member"`, `reports = ""`, 1), author: "eve", approvals: []string{"ada", "bob"},
			want: []string{"owners:reports:2:ok", "vetter:bob:1:ok"}, ok: true},
		{name: "an empty role, one owner's approval",
			head: base + strings.Replace(newMember, `reports = "member"`, `reports = ""`, 1), author: "eve", approvals: []string{"ada"},
			want: []string{"owners:reports:2:missing", "vetter:bob:1:missing"}},
		{name: "the vetter's approval attests to the record",
			head: base + newMember, author: "eve", approvals: []string{"ada", "bob"},
			want: []string{"owners:reports:1:ok", "vetter:bob:1:ok"}, ok: true},
		{name: "a vetter without write access attests, but does not approve",
			head: base + newMember, author: "eve", approvals: []string{"cy"}, attests: []string{"bob"},
			want: []string{"owners:reports:1:ok", "vetter:bob:1:ok"}, ok: true},
		{name: "the author's own approval never counts",
			head: base + newMember, author: "ada", approvals: []string{"ada", "bob"},
			want: []string{"owners:reports:1:ok", "vetter:bob:1:ok"}, ok: true},
		{name: "an owner who authored is not enough alone",
			head: base + newMember, author: "ada", approvals: []string{"ada"},
			want: []string{"owners:reports:1:missing", "vetter:bob:1:missing"}},
		{name: "a commit author's approval does not count",
			head: base + newMember, author: "eve", commits: []string{"cy"}, approvals: []string{"cy", "bob"},
			want: []string{"owners:reports:1:ok", "vetter:bob:1:ok"}, ok: true},
		{name: "a commit author who is the only approver",
			head: base + newMember, author: "eve", commits: []string{"ada"}, approvals: []string{"ada"}, attests: []string{"bob"},
			want: []string{"owners:reports:1:missing", "vetter:bob:1:ok"}},
		{name: "changing only an owner's github handle needs the owners of each list concerned",
			head: edit(t, `github = "ada"`, `github = "ada-new"`), author: "mallory",
			want: []string{"owners:announce:1:missing", "owners:reports:2:missing"}},
		{name: "changing an owner's github handle is approved as a new owner would be",
			head: edit(t, `github = "bob"`, `github = "mallory-gh"`, `by = "bob", on = 2026-01-05`, `by = "mallory-gh", on = 2026-01-05`), author: "mallory-gh", approvals: []string{"ada"},
			want: []string{"owners:announce:1:ok", "owners:reports:2:missing", "vetter:mallory-gh:1:ok"}},
		{name: "changing a vetter's email needs the owners of the lists they vetted for, two where they own",
			head: edit(t, `email = "bob@example.org"`, `email = "bob@evil.example"`), author: "mallory", approvals: []string{"ada"},
			want: []string{"owners:announce:1:ok", "owners:reports:2:missing", "vetter:ada:1:ok"}},
		{name: "changing a vetter's email with the owners' approvals",
			head: edit(t, `email = "bob@example.org"`, `email = "bob@evil.example"`), author: "mallory", approvals: []string{"ada", "cy"},
			want: []string{"owners:announce:1:ok", "owners:reports:2:ok", "vetter:ada:1:ok"}, ok: true},
		{name: "a member's new mailbox keeps records written for the old one: their vetter attests",
			head: edit(t, `email = "lin@example.org"`, `email = "mallory@evil.example"`), author: "mallory", approvals: []string{"ada"},
			want: []string{"owners:announce:1:ok", "vetter:bob@example.org:1:missing"}},
		// Google reads lin+lists@ as lin@'s mailbox, but whether a
		// "+tag" reaches the same inbox is the domain's mail server's
		// to say: not every server does, and the vetter vouched for the
		// address they checked.
		{name: "a member respelled with a +tag: one owner, and the vetter",
			head: edit(t, "email = \"lin@example.org\"\ngithub = \"lin\"", "email = \"lin+lists@example.org\""), author: "mallory", approvals: []string{"ada"},
			want: []string{"owners:announce:1:ok", "vetter:bob@example.org:1:missing"}},
		{name: "a member respelled with a +tag, the vetter approving",
			head: edit(t, "email = \"lin@example.org\"\ngithub = \"lin\"", "email = \"lin+lists@example.org\""), author: "mallory", approvals: []string{"ada", "bob"},
			want: []string{"owners:announce:1:ok", "vetter:bob@example.org:1:ok"}, ok: true},
		{name: "a member's address respelled keeps its records for the same mailbox",
			head: edit(t, `email = "lin@example.org"`, `email = "Lin@Example.org"`), author: "mallory", approvals: []string{"ada"},
			want: []string{"owners:announce:1:ok"}, ok: true},
		{name: "a commit author does not attest as the vetter: its author line is typed by whoever committed",
			head: base + newMember, author: "eve", commits: []string{"bob"}, approvals: []string{"ada"},
			want: []string{"owners:reports:1:ok", "vetter:bob:1:missing"}},
		{name: "an owner named as a commit author does not halve the owner rule",
			head: edit(t, `lists = { announce = "member" }`, `lists = { announce = "member", reports = "owner" }`), author: "mallory", commits: []string{"bob"}, approvals: []string{"ada"},
			want: []string{"owners:reports:2:missing"}},
		{name: "a new owner written with an owner's commits, approved by two others",
			head: edit(t, `lists = { announce = "member" }`, `lists = { announce = "member", reports = "owner" }`), author: "mallory", commits: []string{"bob"}, approvals: []string{"ada", "cy"},
			want: []string{"owners:reports:2:ok"}, ok: true},
		{name: "approvals added below the default is a loosened policy",
			head: edit(t, "min_owners = 2\n", "min_owners = 2\napprovals = 1\n"), author: "mallory", approvals: []string{"ada"},
			want: []string{"owners:reports:2:missing"}},
		// A list deleted, or moved to an export roster only reads, is
		// enforced no more: walk-ins stay, settings go unpinned. Looser
		// than unmanaged = "report", which needs the list's approvals.
		{name: "deleting a list needs an admin and its owners, as a loosening does",
			head:   edit(t, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"receivers\"\n", "", `lists = { reports = "owner", announce = "owner" }`, `lists = { announce = "owner" }`, `lists = { reports = "owner" }`, `lists = {}`, `lists = { reports = "owner" }`, `lists = {}`),
			author: "mallory", approvals: []string{"root", "ada"},
			want: []string{"admins::1:ok", "owners:reports:2:missing"}},
		{name: "deleting a list, an admin and two of its owners approving",
			head:   edit(t, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"receivers\"\n", "", `lists = { reports = "owner", announce = "owner" }`, `lists = { announce = "owner" }`, `lists = { reports = "owner" }`, `lists = {}`, `lists = { reports = "owner" }`, `lists = {}`),
			author: "mallory", approvals: []string{"root", "ada", "bob"},
			want: []string{"admins::1:ok", "owners:reports:2:ok"}, ok: true},
		{name: "moving a list to a csv export roster only reads needs its approvals",
			head:   edit(t, "address = \"security@example.org\"\n", "address = \"security@example.org\"\nprovider = \"csv\"\nsnapshot = \"sec.csv\"\n"),
			author: "mallory", approvals: []string{"root", "ada"},
			want: []string{"admins::1:ok", "owners:reports:2:missing"}},
		{name: "switching a list to a looser policy needs an admin and the owners",
			head:   edit(t, `policy = "receivers"`, `policy = "loose"`, "[policies.open]", "[policies.loose]\nvetting_methods = [\"video-call\", \"known-maintainer\"]\napprovals = 1\n\n[policies.open]"),
			author: "mallory", approvals: []string{"root", "ada"},
			want: []string{"admins::1:ok", "owners:reports:2:missing"}},
		{name: "switching a list to a looser policy with the owners' approvals",
			head:   edit(t, `policy = "receivers"`, `policy = "loose"`, "[policies.open]", "[policies.loose]\nvetting_methods = [\"video-call\", \"known-maintainer\"]\napprovals = 1\n\n[policies.open]"),
			author: "mallory", approvals: []string{"root", "ada", "bob"},
			want: []string{"admins::1:ok", "owners:reports:2:ok"}, ok: true},
		// Git takes any email, and any number of people may write under
		// one: whoever wrote a commit GitHub links to no account may be
		// every approver, so no approval counts until GitHub knows who
		// wrote each (s29-regressA finding 6); a vetter still attests.
		{name: "a commit GitHub links to no account: no owner's approval counts",
			head: base + newMember, author: "eve", unknown: []string{"someone@unlinked.example"}, approvals: []string{"ada", "bob", "cy"},
			want: []string{"owners:reports:1:unsatisfiable", "vetter:bob:1:ok"}},
		{name: "one email two owners wrote under: no approval counts",
			head: base + newMember, author: "eve", unknown: []string{"ghost@unlinked.example"}, approvals: []string{"ada", "bob"}, attests: []string{"bob"},
			want: []string{"owners:reports:1:unsatisfiable", "vetter:bob:1:ok"}},
		{name: "a commit GitHub links to no account: no admin's approval counts",
			head: base + "\n[lists.private]\naddress = \"private@example.org\"\npolicy = \"open\"\n", author: "mallory", unknown: []string{"someone@unlinked.example"}, approvals: []string{"ops", "root"},
			want: []string{"admins::1:unsatisfiable"}},
		{name: "a commit GitHub links to no account on a list of one owner cannot be approved",
			head: edit(t, `note = "Known."`, `note = "Known for years."`), author: "mallory", unknown: []string{"someone@unlinked.example"}, approvals: []string{"ada"},
			want: []string{"owners:announce:1:unsatisfiable"}},
		{name: "a new owner needs two owners",
			head: edit(t, `lists = { announce = "member" }`, `lists = { announce = "member", reports = "owner" }`), author: "lin", approvals: []string{"ada"},
			want: []string{"owners:reports:2:missing"}},
		{name: "a new owner with two owners' approvals",
			head: edit(t, `lists = { announce = "member" }`, `lists = { announce = "member", reports = "owner" }`), author: "lin", approvals: []string{"ada", "cy"},
			want: []string{"owners:reports:2:ok"}, ok: true},
		{name: "two owners other than the author when the list has them",
			head: edit(t, `lists = { announce = "member" }`, `lists = { announce = "member", reports = "manager" }`), author: "ada", approvals: []string{"ada", "bob"},
			want: []string{"owners:reports:2:missing"}},
		{name: "a list of one owner other than the author is never locked",
			head: edit(t, `lists = { announce = "member" }`, `lists = { announce = "owner" }`), author: "lin", approvals: []string{"ada"},
			want: []string{"owners:announce:1:ok"}, ok: true},
		{name: "removing an owner needs two owners",
			head: edit(t, `lists = { reports = "owner" }
vetting = [{ by = "ada", on = 2026-01-05, method = "video-call" }]

[[member]]
email = "cy@example.org"`, `lists = { reports = "member" }
vetting = [{ by = "ada", on = 2026-01-05, method = "video-call" }]

[[member]]
email = "cy@example.org"`), author: "mallory", approvals: []string{"cy"},
			want: []string{"owners:reports:2:missing"}},
		{name: "a loosened policy needs two owners",
			head: edit(t, "max_members = 10", "max_members = 50"), author: "mallory", approvals: []string{"ada"},
			want: []string{"owners:reports:2:missing"}},
		{name: "a widened setting is a loosened policy",
			head: edit(t, `who_can_join = "INVITED_CAN_JOIN"`, `who_can_join = "ALL_IN_DOMAIN_CAN_JOIN"`), author: "mallory", approvals: []string{"ada", "bob"},
			want: []string{"owners:reports:2:ok"}, ok: true},
		{name: "a setting pinned for the first time, open, is a loosened policy",
			head: edit(t, `who_can_join = "INVITED_CAN_JOIN"`, "who_can_join = \"INVITED_CAN_JOIN\"\nwho_can_view_group = \"ANYONE_CAN_VIEW\""), author: "mallory", approvals: []string{"ada"},
			want: []string{"owners:reports:2:missing"}},
		{name: "a boolean pinned for the first time, open, is a loosened policy",
			head: edit(t, `who_can_join = "INVITED_CAN_JOIN"`, "who_can_join = \"INVITED_CAN_JOIN\"\nallow_external_members = true"), author: "mallory", approvals: []string{"ada"},
			want: []string{"owners:reports:2:missing"}},
		{name: "a setting pinned for the first time at its most closed value needs one owner",
			head: edit(t, `who_can_join = "INVITED_CAN_JOIN"`, "who_can_join = \"INVITED_CAN_JOIN\"\nwho_can_view_group = \"ALL_MANAGERS_CAN_VIEW\"\nallow_external_members = false"), author: "mallory", approvals: []string{"ada"},
			want: []string{"owners:reports:1:ok"}, ok: true},
		{name: "unmanaged remove to report is a loosened policy",
			head: edit(t, `unmanaged = "remove"`, `unmanaged = "report"`), author: "mallory", approvals: []string{"ada"},
			want: []string{"owners:reports:2:missing"}},
		{name: "a tightened policy needs one owner",
			head: edit(t, "max_members = 10", "max_members = 5"), author: "mallory", approvals: []string{"bob"},
			want: []string{"owners:reports:1:ok"}, ok: true},
		{name: "a new list needs an admin, not any owner",
			head: base + "\n[lists.private]\naddress = \"ceo@example.org\"\npolicy = \"open\"\n", author: "mallory", approvals: []string{"ada", "bob"},
			want: []string{"admins::1:missing"}},
		{name: "a new list approved by an admin",
			head: base + "\n[lists.private]\naddress = \"private@example.org\"\npolicy = \"open\"\n", author: "mallory", approvals: []string{"ops"},
			want: []string{"admins::1:ok"}, ok: true},
		{name: "a list's address needs an admin, and its owners (the new address may be an alias of the group)",
			head: edit(t, `address = "announce@example.org"`, `address = "board@example.org"`), author: "ada", approvals: []string{"bob", "cy"},
			want: []string{"admins::1:missing", "owners:announce:1:unsatisfiable"}},
		{name: "a list moved to an address that may be its group's alias, approved by an admin and its owners",
			head: edit(t, `address = "security@example.org"`, `address = "sec-team@example.org"`), author: "mallory", approvals: []string{"ops", "ada", "bob"},
			want: []string{"admins::1:ok", "owners:reports:2:ok"}, ok: true},
		{name: "a list moved to an address that may be its group's alias, a new list taking the old one: its owners still approve",
			head: edit(t, `address = "security@example.org"
policy = "receivers"`, `address = "sec-team@example.org"
policy = "receivers"

[lists.old]
address = "security@example.org"
policy = "receivers"`, `lists = { reports = "owner", announce = "owner" }`, `lists = { reports = "owner", old = "owner", announce = "owner" }`,
				"lists = { reports = \"owner\" }\nvetting = [{ by = \"ada\"", "lists = { reports = \"owner\", old = \"owner\" }\nvetting = [{ by = \"ada\"",
				"lists = { reports = \"owner\" }\nvetting = [{ by = \"ada\", on = 2026-01-05, method = \"video-call\" }]\n\n[[member]]\nemail = \"lin", "lists = { reports = \"owner\", old = \"owner\" }\nvetting = [{ by = \"ada\", on = 2026-01-05, method = \"video-call\" }]\n\n[[member]]\nemail = \"lin"),
			author: "mallory", approvals: []string{"ops"},
			want: []string{"admins::1:ok", "owners:reports:2:missing"}},
		{name: "a list moved to an address that may be its group's alias: an admin alone is not enough",
			head: edit(t, `address = "security@example.org"`, `address = "sec-team@example.org"`), author: "mallory", approvals: []string{"ops"},
			want: []string{"admins::1:ok", "owners:reports:2:missing"}},
		{name: "a renamed list needs an admin",
			head:   edit(t, "[lists.announce]", "[lists.news]", `lists = { reports = "owner", announce = "owner" }`, `lists = { reports = "owner", news = "owner" }`, `lists = { announce = "member" }`, `lists = { news = "member" }`),
			author: "ada", approvals: []string{"bob"},
			want: []string{"admins::1:missing"}},
		{name: "a new list with people on it is approved by an admin, and its vetters",
			head:   base + "\n[lists.private]\naddress = \"private@example.org\"\npolicy = \"open\"\n[[member]]\nemail = \"zed@example.org\"\nlists = { private = \"owner\" }\nvetting = [{ by = \"ada\", on = 2026-03-01, method = \"known-maintainer\" }]\n",
			author: "zed", approvals: []string{"root", "ada"},
			want: []string{"admins::1:ok", "vetter:ada:1:ok"}, ok: true},
		{name: "a renamed list approved by an admin",
			head:   edit(t, "[lists.announce]", "[lists.news]", `lists = { reports = "owner", announce = "owner" }`, `lists = { reports = "owner", news = "owner" }`, `lists = { announce = "member" }`, `lists = { news = "member" }`),
			author: "ada", approvals: []string{"root"},
			want: []string{"admins::1:ok"}, ok: true},
		{name: "a renamed list that also takes someone off needs that list's owner too",
			head:   edit(t, "[lists.announce]", "[lists.news]", `lists = { reports = "owner", announce = "owner" }`, `lists = { reports = "owner", news = "owner" }`, `lists = { announce = "member" }`, `lists = {}`),
			author: "mallory", approvals: []string{"root"},
			want: []string{"admins::1:ok", "owners:announce:1:missing"}},
		{name: "an id kept and pointed at another group, its group given a new id and a looser policy, is judged as the group's list",
			head: edit(t, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"receivers\"",
				"[lists.reports]\naddress = \"parked@example.org\"\npolicy = \"receivers\"\n\n[lists.sec2]\naddress = \"security@example.org\"\npolicy = \"open\"",
				`lists = { reports = "owner", announce = "owner" }`, `lists = { reports = "owner", announce = "owner", sec2 = "owner" }`,
				`email = "bob@example.org"
github = "bob"
lists = { reports = "owner" }`, `email = "bob@example.org"
github = "bob"
lists = { reports = "owner", sec2 = "owner" }`) + strings.Replace(newMember, `reports = "member"`, `sec2 = "owner"`, 1),
			author: "eve", approvals: []string{"root", "bob"},
			want: []string{"admins::1:ok", "owners:reports:2:missing", "vetter:bob:1:ok"}},
		{name: "a list's address respelled, the same group by identity, needs an admin",
			head:   edit(t, `address = "security@example.org"`, `address = "security@ｅxample.org"`),
			author: "mallory", approvals: []string{"ada", "bob"},
			want: []string{"admins::1:missing", "owners:reports:2:ok"}},
		{name: "a list's address in another case needs an admin too",
			head:   edit(t, `address = "security@example.org"`, `address = "Security@Example.org"`),
			author: "mallory", approvals: []string{"root"},
			want: []string{"admins::1:ok"}, ok: true},
		{name: "a method respelled in another case admits records written so: a loosening",
			head:   edit(t, `vetting_methods = ["video-call", "known-maintainer"]`, `vetting_methods = ["Video-Call", "known-maintainer"]`),
			author: "mallory", approvals: []string{"ada"},
			want: []string{"owners:reports:2:missing"}},
		{name: "two lists that swap addresses are judged by group",
			head:   edit(t, `address = "security@example.org"`, `address = "TMP"`, `address = "announce@example.org"`, `address = "security@example.org"`, `address = "TMP"`, `address = "announce@example.org"`),
			author: "mallory", approvals: []string{"root"},
			want: []string{"admins::1:ok", "owners:announce:1:missing", "owners:reports:2:missing"}},
		{name: "a record by @import is a handle that must attest",
			head: base + strings.Replace(newMember, `by = "bob", on = 2026-03-01, method = "video-call"`, `by = "@import", on = 2026-03-01, method = "video-call"`, 1), author: "eve", approvals: []string{"ada"},
			want: []string{"owners:reports:1:ok", "vetter:@import:1:missing"}},
		{name: "a record by import needs the import method to need no attestation",
			head: base + strings.Replace(newMember, `by = "bob", on = 2026-03-01, method = "video-call"`, `by = "import", on = 2026-03-01, method = "video-call"`, 1), author: "eve", approvals: []string{"ada"},
			want: []string{"owners:reports:1:ok", "vetter:import:1:missing"}},
		{name: "adding an admin needs an existing admin",
			head: edit(t, `admins = ["root", "ops"]`, `admins = ["root", "ops", "mallory"]`), author: "mallory", approvals: []string{"mallory", "ada"},
			want: []string{"admins::1:missing"}},
		{name: "an admin cannot approve their own change",
			head: edit(t, `admins = ["root", "ops"]`, `admins = ["root"]`), author: "ops", approvals: []string{"ops"},
			want: []string{"admins::1:missing"}},
		{name: "a vetter named by email attests through their base handle",
			head:   edit(t, `method = "known-maintainer", note = "Known." }]`, `method = "known-maintainer", note = "Known." }, { by = "bob@example.org", on = 2026-05-01, method = "known-maintainer" }]`),
			author: "lin", approvals: []string{"ada", "bob"},
			want: []string{"owners:announce:1:ok", "vetter:bob@example.org:1:ok"}, ok: true},
		{name: "a vetter unknown to the base cannot attest",
			head:   edit(t, `method = "known-maintainer", note = "Known." }]`, `method = "known-maintainer", note = "Known." }, { by = "ghost@example.org", on = 2026-05-01, method = "known-maintainer" }]`),
			author: "lin", approvals: []string{"ada"},
			want: []string{"owners:announce:1:ok", "vetter:ghost@example.org:1:unsatisfiable"}},
		{name: "a record on an entry on no list needs an admin: no owner would see it when the person is later put on a list",
			head: base + "\n[[member]]\nemail = \"pat@example.org\"\nvetting = [{ by = \"import\", on = 2026-01-12, method = \"grandfathered\" }]\n", author: "mallory",
			want: []string{"admins::1:missing"}},
		{name: "a vetter's record on an entry on no list needs an admin and the vetter",
			head: base + "\n[[member]]\nemail = \"pat@example.org\"\nvetting = [{ by = \"bob\", on = 2026-01-12, method = \"video-call\" }]\n", author: "mallory", approvals: []string{"root", "bob"},
			want: []string{"admins::1:ok", "vetter:bob:1:ok"}, ok: true},
		{name: "a record added to an entry the change takes off its last list needs an admin too",
			head: edit(t, `lists = { announce = "member" }
vetting = [{ by = "bob@example.org", on = 2026-02-01, method = "known-maintainer", note = "Known." }]`, `vetting = [{ by = "bob@example.org", on = 2026-02-01, method = "known-maintainer", note = "Known." }, { by = "import", on = 2026-02-02, method = "grandfathered" }]`),
			author: "mallory", approvals: []string{"ada"},
			want: []string{"admins::1:missing", "owners:announce:1:ok"}},
		{name: "a grandfathered record written by hand needs an admin, besides the list's owners",
			head: edit(t, `vetting_methods = ["video-call", "known-maintainer"]`, `vetting_methods = ["video-call", "known-maintainer", "grandfathered"]`) +
				strings.Replace(newMember, `by = "bob", on = 2026-03-01, method = "video-call"`, `by = "import", on = 2026-03-01, method = "grandfathered"`, 1),
			author: "eve", approvals: []string{"ada", "bob"},
			want: []string{"admins::1:missing", "owners:reports:2:ok"}},
		{name: "a grandfathered record by anyone but import needs an admin too: validate checks no vetter for it",
			head: edit(t, `vetting_methods = ["video-call", "known-maintainer"]`, `vetting_methods = ["video-call", "known-maintainer", "grandfathered"]`) +
				strings.Replace(newMember, `by = "bob", on = 2026-03-01, method = "video-call"`, `by = "eve", on = 2026-03-01, method = "grandfathered"`, 1),
			author: "eve", approvals: []string{"ada", "bob"},
			want: []string{"admins::1:missing", "owners:reports:2:ok", "vetter:eve:1:ok"}},
		{name: "an entry on no list, without records, needs nobody",
			head: base + "\n[[member]]\nemail = \"pat@example.org\"\nname = \"Pat\"\n", author: "mallory", ok: true},
		{name: "editing a record's note needs an owner only",
			head: edit(t, `note = "Known."`, `note = "Known for years."`), author: "mallory", approvals: []string{"ada"},
			want: []string{"owners:announce:1:ok"}, ok: true},
		{name: "changes on a list whose owners all wrote it cannot be approved",
			head: edit(t, `lists = { announce = "member" }`, `lists = { announce = "manager" }`), author: "ada", approvals: []string{"bob"},
			want: []string{"owners:announce:1:unsatisfiable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The author made every commit GitHub lists (as a pull
			// request of verified commits says).
			v := review.Decide(review.Input{
				Base: parse(t, base), Head: parse(t, tt.head),
				Author: tt.author, AuthorVouches: tt.author != "", CommitAuthors: tt.commits, Approvals: tt.approvals, Attestations: tt.attests,
				UnknownAuthors: tt.unknown,
			})
			got := summary(v)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("requirements:\n got %q\nwant %q", got, tt.want)
				for _, r := range v.Requirements {
					t.Logf("%+v", r)
				}
			}
			if v.OK != tt.ok {
				t.Errorf("OK = %v, want %v", v.OK, tt.ok)
			}
		})
	}
}

// TestNewListsRecordSaysWhy: a record on someone only on a new list
// goes to an admin, and says it is because the list is new, not that
// the person is on no list.
func TestNewListsRecordSaysWhy(t *testing.T) {
	head := base + "\n[lists.private]\naddress = \"private@example.org\"\npolicy = \"open\"\n[[member]]\nemail = \"zed@example.org\"\nlists = { private = \"owner\" }\nvetting = [{ by = \"ada\", on = 2026-03-01, method = \"known-maintainer\" }]\n"
	v := review.Decide(review.Input{Base: parse(t, base), Head: parse(t, head), Author: "zed"})
	var changes []string
	for _, r := range v.Requirements {
		if r.Kind == review.Admins {
			changes = append(changes, r.Changes...)
		}
	}
	all := strings.Join(changes, "\n")
	if !strings.Contains(all, "new vetting of zed@example.org") || !strings.Contains(all, "only on lists this change creates") || strings.Contains(all, "on no list") {
		t.Errorf("the admins' changes:\n%s", all)
	}
}

// TestListlessEntryIdentity: the records of an entry on no list go
// with its identity; handing the entry to someone else (a new address,
// a new handle, in one change or in steps) would let the records vouch
// for them later, so an admin approves it, as for a changed record.
func TestListlessEntryIdentity(t *testing.T) {
	alumna := base + "\n[[member]]\nemail = \"old@example.org\"\ngithub = \"old-alumna\"\nvetting = [{ by = \"bob\", on = 2026-03-01, method = \"video-call\", note = \"Known for years.\" }]\n"
	bare := base + "\n[[member]]\nemail = \"old@example.org\"\ngithub = \"old-alumna\"\n"
	// The alumna vetted lin, who is on announce.
	vetter := strings.Replace(alumna, `by = "bob@example.org", on = 2026-02-01`, `by = "old-alumna", on = 2026-02-01`, 1)
	tests := []struct {
		name, base, head string
		want             []string
	}{
		{name: "a new address", base: alumna,
			head: strings.Replace(alumna, `email = "old@example.org"`, `email = "mallory@evil.example"`, 1),
			want: []string{"admins::1:missing"}},
		{name: "a new handle", base: alumna,
			head: strings.Replace(alumna, `github = "old-alumna"`, `github = "mallory"`, 1),
			want: []string{"admins::1:missing"}},
		{name: "another spelling of the same address needs nobody", base: alumna,
			head: strings.Replace(alumna, `email = "old@example.org"`, `email = "Old@Example.org"`, 1)},
		{name: "a new address for an entry that vetted someone on a list: an admin too", base: vetter,
			head: strings.Replace(vetter, `email = "old@example.org"`, `email = "mallory@evil.example"`, 1),
			want: []string{"admins::1:missing", "owners:announce:1:missing"}},
		{name: "a new address and a list in one change: an admin, and the list's owner", base: alumna,
			head: strings.Replace(alumna, "email = \"old@example.org\"\ngithub = \"old-alumna\"", "email = \"mallory@evil.example\"\ngithub = \"old-alumna\"\nlists = { announce = \"member\" }", 1),
			want: []string{"admins::1:missing", "owners:announce:1:missing"}},
		{name: "without records, nobody", base: bare,
			head: strings.Replace(bare, `email = "old@example.org"`, `email = "mallory@evil.example"`, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := review.Decide(review.Input{Base: parse(t, tt.base), Head: parse(t, tt.head), Author: "mallory", AuthorVouches: true})
			if got := summary(v); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("requirements:\n got %q\nwant %q", got, tt.want)
			}
			if v.OK != (len(tt.want) == 0) {
				t.Errorf("OK = %v", v.OK)
			}
		})
	}
}

// TestAdditionNamesItsRecord: the line that puts someone on a list names
// the record they are admitted on, which may have come in an earlier
// change, so the owner who approves sees it.
func TestAdditionNamesItsRecord(t *testing.T) {
	withPat := base + "\n[[member]]\nemail = \"pat@example.org\"\nvetting = [{ by = \"import\", on = 2026-01-12, method = \"grandfathered\" }, { by = \"bob\", on = 2025-01-12, method = \"video-call\" }]\n"
	head := strings.Replace(withPat, `email = "pat@example.org"`, "email = \"pat@example.org\"\nlists = { reports = \"member\" }", 1)
	v := review.Decide(review.Input{Base: parse(t, withPat), Head: parse(t, head), Author: "mallory"})
	if len(v.Requirements) != 1 || len(v.Requirements[0].Changes) != 1 ||
		v.Requirements[0].Changes[0] != "+ pat@example.org (member), vetted by import on 2026-01-12 (grandfathered)" {
		t.Errorf("requirements: %+v", v.Requirements)
	}
}

// TestDecideNoAdmins: without admins in the base, a new list can be
// approved by nobody, and says how to get out of that.
// TestDomainsAsValidateReadsThem checks that a domain restriction is
// compared as validate matches addresses against it: a denied domain
// respelled with a letter that only looks Latin (the Kelvin sign K)
// denies nobody at the old domain, a loosened policy, and the
// requirement says so; in capitals it is the same domain.
func TestDomainsAsValidateReadsThem(t *testing.T) {
	withDenied := func(d string) string {
		return strings.Replace(base, `who_can_join = "INVITED_CAN_JOIN"`, "who_can_join = \"INVITED_CAN_JOIN\"\ndenied_domains = [\""+d+"\"]", 1)
	}
	for _, tc := range []struct {
		now  string
		want []string
		why  string
	}{
		{"shar\u212Alasers.com", []string{"owners:reports:2:missing"}, `shar\u212Alasers.com`},
		{"SharKlasers.COM", []string{"owners:reports:1:ok"}, ""},
		{"mail.sharklasers.com", []string{"owners:reports:2:missing"}, "no longer denies sharklasers.com"},
	} {
		// validate refuses such a domain before review reads it; review
		// is judged on its own here, on a file as if it had passed.
		head := parse(t, withDenied("placeholder.example"))
		for _, p := range head.Policies {
			if p.ID == "receivers" {
				p.DeniedDomains = []string{tc.now}
			}
		}
		v := review.Decide(review.Input{Base: parse(t, withDenied("sharklasers.com")), Head: head, Author: "mallory", AuthorVouches: true, Approvals: []string{"ada"}})
		if got := summary(v); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s: requirements %q, want %q", tc.now, got, tc.want)
		}
		if tc.why != "" && (len(v.Requirements) == 0 || !strings.Contains(strings.Join(v.Requirements[0].Changes, " ")+v.Requirements[0].Why, tc.why)) {
			t.Errorf("%s: the requirement does not say %q: %+v", tc.now, tc.why, v.Requirements)
		}
	}
}

func TestDecideNoAdmins(t *testing.T) {
	b := strings.Replace(base, `admins = ["root", "ops"]`+"\n", "", 1)
	v := review.Decide(review.Input{Base: parse(t, b), Head: parse(t, b+"\n[lists.x]\naddress = \"x@example.org\"\npolicy = \"open\"\n"), Author: "mallory", Approvals: []string{"ada"}})
	if v.OK || len(v.Requirements) != 1 || !v.Requirements[0].Unsatisfiable || !strings.Contains(v.Requirements[0].Why, "names no admins") {
		t.Errorf("verdict %+v", v)
	}
}

// TestNotCounted says why an approval does not count, so the comment can
// tell the reviewer.
func TestNotCounted(t *testing.T) {
	v := review.Decide(review.Input{Base: parse(t, base), Head: parse(t, base+newMember), Author: "eve", Approvals: []string{"eve", "lin"}})
	r := v.Requirements[0]
	got := map[string]string{}
	for _, n := range r.NotCounted {
		got[n.Login] = n.Why
	}
	if !strings.Contains(got["eve"], "authored the change") || !strings.Contains(got["lin"], "not an owner of reports") {
		t.Errorf("not counted: %v", got)
	}
}

// TestDecideSnapshotEdits: an edited snapshot of a csv list needs one
// of that list's owners; a list whose snapshot path or provider changes
// needs an admin, and its owners too: what roster reads of the group
// changes.
func TestDecideSnapshotEdits(t *testing.T) {
	csv := strings.Replace(base, "[lists.announce]\naddress = \"announce@example.org\"", "[lists.announce]\naddress = \"announce@googlegroups.com\"\nprovider = \"csv\"\nsnapshot = \"announce.csv\"", 1)
	for _, tc := range []struct {
		name      string
		head      string
		snapshots []string
		approvals []string
		want      []string
		ok        bool
	}{
		{"nothing edited", csv, nil, nil, nil, true},
		{"the snapshot edited, unapproved", csv, []string{"announce"}, nil, []string{"owners:announce:1:missing"}, false},
		{"the snapshot edited, approved by another list's owner", csv, []string{"announce"}, []string{"bob"}, []string{"owners:announce:1:missing"}, false},
		{"the snapshot edited, approved by its owner", csv, []string{"announce"}, []string{"ada"}, []string{"owners:announce:1:ok"}, true},
		{"the snapshot moved", strings.Replace(csv, `snapshot = "announce.csv"`, `snapshot = "other.csv"`, 1), []string{"announce"}, []string{"ada"}, []string{"admins::1:missing", "owners:announce:1:ok"}, false},
		{"the snapshot moved, approved by an admin only", strings.Replace(csv, `snapshot = "announce.csv"`, `snapshot = "other.csv"`, 1), nil, []string{"root"}, []string{"admins::1:ok", "owners:announce:1:missing"}, false},
		{"the snapshot moved, approved by an admin and its owner", strings.Replace(csv, `snapshot = "announce.csv"`, `snapshot = "other.csv"`, 1), nil, []string{"root", "ada"}, []string{"admins::1:ok", "owners:announce:1:ok"}, true},
		{"the provider switched to google", strings.Replace(csv, "provider = \"csv\"\nsnapshot = \"announce.csv\"", "", 1), nil, []string{"root"}, []string{"admins::1:ok", "owners:announce:1:missing"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := review.Decide(review.Input{Base: parse(t, csv), Head: parse(t, tc.head), Author: "mallory", Approvals: tc.approvals, Snapshots: tc.snapshots})
			if got := summary(v); strings.Join(got, "\n") != strings.Join(tc.want, "\n") || v.OK != tc.ok {
				t.Errorf("got %q ok=%v, want %q ok=%v", got, v.OK, tc.want, tc.ok)
			}
		})
	}
}

// TestOwnersWithoutAHandle: owners without a github handle cannot
// approve, but they are owners: a sensitive change to a list of three
// owners, two of them without a handle, is not lowered to one approval;
// an admin, another person than the owner who approves, stands in for
// them. A change that needs one owner does not need the admin.
func TestOwnersWithoutAHandle(t *testing.T) {
	b := strings.Replace(strings.Replace(base, "github = \"bob\"\n", "", 1), "github = \"cy\"\n", "", 1)
	newOwner := b + "\n[[member]]\nemail = \"mallory@evil.example\"\ngithub = \"mallory\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"ada\", on = 2026-03-01, method = \"video-call\" }]\n"
	newMember := strings.Replace(newOwner, `lists = { reports = "owner" }`+"\nvetting = [{ by = \"ada\", on = 2026-03-01", `lists = { reports = "member" }`+"\nvetting = [{ by = \"ada\", on = 2026-03-01", 1)
	for _, tt := range []struct {
		name      string
		head      string
		approvals []string
		want      []string
		ok        bool
	}{
		{"a new owner, one owner with a handle approves", newOwner, []string{"ada"}, []string{"owners:reports:2:missing"}, false},
		{"a new owner, an admin stands in for the others", newOwner, []string{"ada", "root"}, []string{"owners:reports:2:ok"}, true},
		{"two admins do not make an owner", newOwner, []string{"ops", "root"}, []string{"owners:reports:2:missing"}, false},
		{"an admin who is the owner approving fills one seat", strings.Replace(newOwner, `admins = ["root", "ops"]`, `admins = ["root", "ops", "ada"]`, 1), []string{"ada"}, []string{"owners:reports:2:missing"}, false},
		{"a new member needs one owner", newMember, []string{"ada"}, []string{"owners:reports:1:ok"}, true},
		// A list moved to another policy needs an admin, and, being a
		// looser one, two owners: the admin counted as the admin does
		// not also fill bob's seat.
		{"the admin a change needs is not also a stand-in", strings.Replace(b, `policy = "receivers"`, `policy = "open"`, 1), []string{"ada", "root"}, []string{"admins::1:ok", "owners:reports:2:missing"}, false},
		{"another admin may stand in", strings.Replace(b, `policy = "receivers"`, `policy = "open"`, 1), []string{"ada", "root", "ops"}, []string{"admins::1:ok", "owners:reports:2:ok"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := b
			if strings.Contains(tt.head, `"ada"]`) {
				base = strings.Replace(b, `admins = ["root", "ops"]`, `admins = ["root", "ops", "ada"]`, 1)
			}
			v := review.Decide(review.Input{Base: parse(t, base), Head: parse(t, tt.head), Author: "mallory", Approvals: tt.approvals, Attestations: []string{"ada"}})
			var got []string
			for _, s := range summary(v) {
				if !strings.HasPrefix(s, "vetter:") {
					got = append(got, s)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") || v.OK != tt.ok {
				t.Errorf("requirements %q (OK %v), want %q (OK %v)", got, v.OK, tt.want, tt.ok)
				for _, r := range v.Requirements {
					t.Logf("%+v", r)
				}
			}
		})
	}
}

// TestAPushToSomeoneElsesPullRequest: opening a pull request vouches for
// the author's own commits only. When someone else pushed a commit to
// it, the author neither lowers how many owners approve besides them
// nor attests to a record that names them.
func TestAPushToSomeoneElsesPullRequest(t *testing.T) {
	two := strings.Replace(base, "email = \"cy@example.org\"\ngithub = \"cy\"\nlists = { reports = \"owner\" }", "email = \"cy@example.org\"\ngithub = \"cy\"\nlists = { reports = \"member\" }", 1)
	owner := two + "\n[[member]]\nemail = \"mallory@evil.example\"\ngithub = \"mallory\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"ada\", on = 2026-03-01, method = \"video-call\" }]\n"
	for _, tt := range []struct {
		name    string
		commits []string
		vouches bool // every commit verified as the author's
		want    []string
		ok      bool
	}{
		{"the author's own commits", []string{"ada"}, true, []string{"owners:reports:1:ok", "vetter:ada:1:ok"}, true},
		{"the author's own commits, one made in GitHub's web editor", []string{"ada", "web-flow"}, true, []string{"owners:reports:1:ok", "vetter:ada:1:ok"}, true},
		{"a commit someone else pushed", []string{"ada", "mallory"}, false, []string{"owners:reports:2:unsatisfiable", "vetter:ada:1:missing"}, false},
		// Pushed under the author's own noreply email: GitHub names the
		// author, but no signature of theirs says they made it.
		{"a commit someone else pushed under the author's name", []string{"ada"}, false, []string{"owners:reports:2:unsatisfiable", "vetter:ada:1:missing"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := review.Decide(review.Input{Base: parse(t, two), Head: parse(t, owner), Author: "ada", AuthorVouches: tt.vouches, CommitAuthors: tt.commits, Approvals: []string{"bob"}})
			if got := summary(v); strings.Join(got, "\n") != strings.Join(tt.want, "\n") || v.OK != tt.ok {
				t.Errorf("requirements %q (OK %v), want %q (OK %v)", got, v.OK, tt.want, tt.ok)
				for _, r := range v.Requirements {
					t.Logf("%+v", r)
				}
			}
		})
	}
}

// TestAnOwnersOwnChangeWhereTheOtherHasNoHandle: ada and bob own
// reports, bob without a handle. Ada's own change adding an owner
// needs one more person besides her: an admin stands in for bob. Not
// hers, it needs her approval as well.
func TestAnOwnersOwnChangeWhereTheOtherHasNoHandle(t *testing.T) {
	two := strings.Replace(strings.Replace(base, "email = \"cy@example.org\"\ngithub = \"cy\"\nlists = { reports = \"owner\" }", "email = \"cy@example.org\"\ngithub = \"cy\"\nlists = { reports = \"member\" }", 1),
		"github = \"bob\"\n", "", 1)
	owner := two + "\n[[member]]\nemail = \"dan@example.org\"\ngithub = \"dan\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"ada\", on = 2026-03-01, method = \"video-call\" }]\n"
	for _, tt := range []struct {
		name      string
		vouches   bool
		approvals []string
		want      string
		ok        bool
	}{
		{"hers, an admin stands in", true, []string{"root"}, "owners:reports:1:ok", true},
		{"hers, nobody else", true, nil, "owners:reports:1:missing", false},
		{"not hers: admins alone do not make it", false, []string{"root", "ops"}, "owners:reports:2:unsatisfiable", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := review.Decide(review.Input{Base: parse(t, two), Head: parse(t, owner), Author: "ada", AuthorVouches: tt.vouches, CommitAuthors: []string{"ada"}, Approvals: tt.approvals})
			got := summary(v)
			if len(got) == 0 || got[0] != tt.want || v.Requirements[0].OK != tt.ok {
				t.Errorf("requirements %q, want first %q (OK %v)", got, tt.want, tt.ok)
				for _, r := range v.Requirements {
					t.Logf("%+v", r)
				}
			}
		})
	}
}

// TestAPolicyDeletedThenWrittenBack: deleting the table of a list's
// policy in one change and writing it back loosened in the next needs,
// in the second, what the loosening needs in one change (an admin, and
// the policy's owners), and in the first what a loosening of the policy
// it had needs (its approvals); a policy the base does not define is
// compared with nothing, so any is loose.
func TestAPolicyDeletedThenWrittenBack(t *testing.T) {
	receivers := base[strings.Index(base, "[policies.receivers]"):strings.Index(base, "[policies.open]")]
	gone := strings.Replace(base, receivers, "", 1)
	loose := strings.Replace(receivers, "max_members = 10", "max_members = 1000", 1)
	loose = strings.Replace(loose, `unmanaged = "remove"`, `unmanaged = "report"`, 1)
	back := strings.Replace(base, receivers, loose, 1)
	renamed := strings.Replace(base, "[policies.receivers]", "[policies.receivers2]", 1)
	tests := []struct {
		name       string
		base, head string
		want       []string
	}{
		{"the table deleted", base, gone, []string{"owners:reports:2:missing"}},
		{"the table renamed from under the list", base, renamed, []string{"owners:reports:2:missing"}},
		{"the table deleted, with approvals = 3", strings.Replace(base, "min_owners = 2\n", "min_owners = 2\napprovals = 3\n", 1), gone, []string{"owners:reports:3:missing"}},
		{"written back loosened", gone, back, []string{"admins::1:missing", "owners:reports:2:missing"}},
		{"written back as it was", gone, base, []string{"admins::1:missing", "owners:reports:2:missing"}},
		{"the list pointed at the renamed table", renamed, strings.Replace(renamed, `policy = "receivers"`, `policy = "receivers2"`, 1), []string{"admins::1:missing", "owners:reports:2:missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := review.Decide(review.Input{Base: parse(t, tt.base), Head: parse(t, tt.head), Author: "mallory"})
			if got := summary(v); strings.Join(got, " ") != strings.Join(tt.want, " ") || v.OK {
				t.Errorf("requirements %v, want %v (ok %t)", got, tt.want, v.OK)
			}
		})
	}
}

// TestANewListOnAnExistingListsGroupIsSaidAsItIs: a change that adds a
// list naming an existing list's group (respelled) has two lists for
// one group, which validate refuses; the review says so, with the
// owners' approval still needed, rather than "moves from X to X" or
// "X -> X: another address" (s29-gate finding 1).
func TestANewListOnAnExistingListsGroupIsSaidAsItIs(t *testing.T) {
	sr2 := "[lists.sr2]\naddress = \"Security@Example.org\"\npolicy = \"receivers\"\n\n"
	for name, head := range map[string]string{
		"after the list":  strings.Replace(base, "[lists.announce]", sr2+"[lists.announce]", 1),
		"before the list": strings.Replace(base, "[lists.reports]", sr2+"[lists.reports]", 1),
	} {
		t.Run(name, func(t *testing.T) { sharedGroupSaid(t, head) })
	}
}

func sharedGroupSaid(t *testing.T, head string) {
	v := review.Decide(review.Input{Base: parse(t, base), Head: parse(t, head), Author: "mallory"})
	var all []string
	owners := false
	for _, r := range v.Requirements {
		all = append(all, r.Changes...)
		owners = owners || r.Kind == review.Owners && r.List == "reports"
	}
	text := strings.Join(all, "\n")
	if strings.Contains(text, "security@example.org -> ") || strings.Contains(text, "moves from security@example.org to security@example.org") || strings.Contains(strings.ToLower(text), "moves from security@example.org to security@example.org") {
		t.Errorf("the review says the group moves to itself:\n%s", text)
	}
	if !strings.Contains(strings.ToLower(text), "is also the group of list") || !owners {
		t.Errorf("the review does not say two lists share the group, or asks no owner (%v):\n%s", owners, text)
	}
	if v.OK {
		t.Error("the change passed")
	}
}

// TestUnlinkedCommitsCountNoApproval: while a commit's email is one
// GitHub links to no account, the approvals given are listed as not
// counted, with why, not as approvals of a requirement that fails
// (s29-regressC finding 3).
func TestUnlinkedCommitsCountNoApproval(t *testing.T) {
	v := review.Decide(review.Input{Base: parse(t, base), Head: parse(t, base+newMember), Author: "eve",
		UnknownAuthors: []string{"ghost@unlinked.example"}, Approvals: []string{"ada", "bob"}})
	for _, r := range v.Requirements {
		if r.Kind != review.Owners {
			continue
		}
		if r.OK || len(r.Approved) != 0 || len(r.NotCounted) != 2 || !strings.Contains(r.NotCounted[0].Why, "links to no account") {
			t.Errorf("%+v", r)
		}
	}
}

// TestUnlinkedCommitsCountNoAdminAnywhere: while a commit's email is
// unlinked, the admins' requirement counts no admin, and so no list's
// requirement says an admin was counted there (s30-gate finding 1): each
// approval is listed once, for why it does not count.
func TestUnlinkedCommitsCountNoAdminAnywhere(t *testing.T) {
	const twoOwners = `schema = 1
admins = ["zed-admin", "yan-admin"]

[lists.l]
address = "l@example.org"
policy = "p"

[policies.p]
vetting_methods = ["video-call"]
vetted_by = "owner"
min_owners = 1

[[member]]
email = "nina@example.org"
lists = { l = "owner" }

  [[member.vetting]]
  by = "olly-o"
  on = 2026-01-01
  method = "video-call"

[[member]]
email = "olly@example.org"
github = "olly-o"
lists = { l = "owner" }

  [[member.vetting]]
  by = "nina@example.org"
  on = 2026-01-01
  method = "video-call"
`
	const pete = `
[lists.n]
address = "n@example.org"
policy = "p"

[[member]]
email = "pete@example.org"
github = "pete-p"
lists = { l = "owner", n = "owner" }

  [[member.vetting]]
  by = "olly-o"
  on = 2026-01-02
  method = "video-call"
`
	v := review.Decide(review.Input{Base: parse(t, twoOwners), Head: parse(t, twoOwners+pete), Author: "mallory",
		UnknownAuthors: []string{"ghost@unlinked.example"}, Approvals: []string{"zed-admin", "yan-admin", "olly-o"}})
	if v.OK {
		t.Fatal("the change passed")
	}
	for _, r := range v.Requirements {
		for _, nc := range r.NotCounted {
			if strings.Contains(nc.Why, "counted for the admins' requirement") {
				t.Errorf("%s: %s not counted as %q, where the admins' requirement counted nobody", r.Kind, nc.Login, nc.Why)
			}
		}
	}
}

// TestAnExportTakenBackIntoRostersHands: a list moved from a csv export
// (which roster only reads) to the group itself is roster writing to it
// again, a tightening: an admin and one owner, not the approvals a move
// the other way needs.
func TestAnExportTakenBackIntoRostersHands(t *testing.T) {
	csv := strings.Replace(base, "address = \"security@example.org\"\n", "address = \"security@example.org\"\nprovider = \"csv\"\nsnapshot = \"sec.csv\"\n", 1)
	v := review.Decide(review.Input{Base: parse(t, csv), Head: parse(t, base), Author: "mallory", AuthorVouches: true, Approvals: []string{"root", "ada"}})
	if got := strings.Join(summary(v), " "); got != "admins::1:ok owners:reports:1:ok" || !v.OK {
		t.Errorf("csv -> google: %s (ok %v), want an admin and one owner", got, v.OK)
	}
}
