package review_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/review"
)

// imported is a file as roster import writes it: the owners of imported,
// o1 and o2, have no github handle, and nobody is on empty yet.
const imported = `schema = 1
admins = ["root", "ops", "sec"]

[lists.imported]
address = "imported@example.org"
policy = "p"

[lists.empty]
address = "empty@example.org"
policy = "p"

[policies.p]
vetting_methods = ["grandfathered", "video-call"]

[[member]]
email = "o1@example.org"
lists = { imported = "owner" }
vetting = [{ by = "import", on = 2026-01-01, method = "grandfathered" }]

[[member]]
email = "o2@example.org"
lists = { imported = "owner" }
vetting = [{ by = "import", on = 2026-01-01, method = "grandfathered" }]
`

// TestAListNoOwnerCanApprove: when none of a list's owners in the base
// can approve (none has a github handle, or it has none), admins fill
// every seat its rule asks for, each a different person and none of the
// change's authors: the list is never locked, and no fewer people
// approve than the rule asks.
func TestAListNoOwnerCanApprove(t *testing.T) {
	handle := strings.Replace(imported, `email = "o1@example.org"`, "email = \"o1@example.org\"\ngithub = \"owner-one\"", 1)
	member := imported + "\n[[member]]\nemail = \"m@example.org\"\ngithub = \"em\"\nlists = { imported = \"member\" }\nvetting = [{ by = \"root\", on = 2026-03-01, method = \"video-call\" }]\n"
	firstOwner := imported + "\n[[member]]\nemail = \"n@example.org\"\ngithub = \"new-owner\"\nlists = { empty = \"owner\" }\nvetting = [{ by = \"root\", on = 2026-03-01, method = \"video-call\" }]\n"
	noAdmins := func(s string) string { return strings.Replace(s, `admins = ["root", "ops", "sec"]`, "admins = []", 1) }
	for _, tt := range []struct {
		name      string
		base      string
		head      string
		author    string
		approvals []string
		unknown   []string
		want      string
		ok        bool
	}{
		{name: "an owner given a handle, two admins fill the two owners' seats",
			head: handle, author: "owner-one", approvals: []string{"root", "ops"}, want: "owners:imported:2:ok", ok: true},
		{name: "an owner given a handle, one admin does not fill two seats",
			head: handle, author: "owner-one", approvals: []string{"root"}, want: "owners:imported:2:missing"},
		{name: "the author, an admin, does not count",
			head: handle, author: "root", approvals: []string{"root", "ops"}, want: "owners:imported:2:missing"},
		{name: "the author, an admin, with two other admins",
			head: handle, author: "root", approvals: []string{"root", "ops", "sec"}, want: "owners:imported:2:ok", ok: true},
		{name: "a commit GitHub links to no account: no admin standing in counts",
			head: handle, author: "owner-one", approvals: []string{"root", "ops", "sec"}, unknown: []string{"x@example.org"}, want: "owners:imported:2:unsatisfiable"},
		{name: "a new member, one admin fills the owner's seat",
			head: member, author: "em", approvals: []string{"root"}, want: "owners:imported:1:ok", ok: true},
		{name: "a new member, nobody approves",
			head: member, author: "em", want: "owners:imported:1:missing"},
		{name: "a list with no owners, its first owner approved by an admin",
			head: firstOwner, author: "new-owner", approvals: []string{"root"}, want: "owners:empty:1:ok", ok: true},
		{name: "a list with no owners, its first owner, nobody approves",
			head: firstOwner, author: "new-owner", want: "owners:empty:1:missing"},
		{name: "a list with no owners, its first owner, the admin who wrote it does not count",
			head: firstOwner, author: "root", approvals: []string{"root"}, want: "owners:empty:1:missing"},
		{name: "no admins to fill the seats",
			base: noAdmins(imported), head: noAdmins(handle), author: "owner-one", want: "owners:imported:2:unsatisfiable"},
		{name: "too few admins besides the author",
			base: strings.Replace(imported, `["root", "ops", "sec"]`, `["root", "ops"]`, 1), head: strings.Replace(handle, `["root", "ops", "sec"]`, `["root", "ops"]`, 1), author: "root", approvals: []string{"ops"}, want: "owners:imported:2:unsatisfiable"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := tt.base
			if base == "" {
				base = imported
			}
			v := review.Decide(review.Input{Base: parse(t, base), Head: parse(t, tt.head), Author: tt.author, AuthorVouches: true, Approvals: tt.approvals, Attestations: []string{"root"}, UnknownAuthors: tt.unknown})
			var got []string
			var owners review.Requirement
			for i, s := range summary(v) {
				if !strings.HasPrefix(s, "vetter:") {
					got = append(got, s)
					owners = v.Requirements[i]
				}
			}
			if strings.Join(got, "\n") != tt.want || owners.OK != tt.ok {
				t.Errorf("requirements %q (OK %v), want %q (OK %v)", got, owners.OK, tt.want, tt.ok)
				for _, r := range v.Requirements {
					t.Logf("%+v", r)
				}
			}
			// Who may approve is who counts: the admins, never the author.
			if tt.ok && len(owners.Eligible) == 0 {
				t.Errorf("nobody may approve")
			}
			for _, e := range owners.Eligible {
				if e == tt.author || !strings.Contains(base, `"`+e+`"`) {
					t.Errorf("may approve names @%s: %q", e, owners.Eligible)
				}
			}
			if !tt.ok && tt.unknown == nil && !strings.Contains(owners.Why, "seats") {
				t.Errorf("why does not say admins take the owners' seats: %s", owners.Why)
			}
		})
	}
}
