package site

import (
	"sort"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// onList is someone on a list as the history replayed so far has them.
type onList struct {
	email string
	role  members.Role
}

// edit is a join, leave or role change of the file as it is over the
// last version history read: was "" for a join, now "" for a leave.
type edit struct {
	email    string
	was, now members.Role
}

// uncommitted compares set, who the history has on list, with ms, who
// the file has on it now, oldest entry first: joins and role changes in
// the file's order, then leaves by address.
func uncommitted(set map[string]onList, ms []*members.Member, list string) []edit {
	var out []edit
	seen := make(map[string]bool, len(ms))
	for _, m := range ms {
		id := history.PersonOf(m.Email)
		seen[id] = true
		role, _ := m.RoleOn(list)
		switch on, ok := set[id]; {
		case !ok:
			out = append(out, edit{email: m.Email, now: role})
		case on.role != role:
			out = append(out, edit{email: m.Email, was: on.role, now: role})
		}
	}
	var left []edit
	for id, on := range set {
		if !seen[id] {
			left = append(left, edit{email: on.email, was: on.role})
		}
	}
	sort.Slice(left, func(a, b int) bool { return left[a].email < left[b].email })
	return append(out, left...)
}

// uncommittedRows are the timeline's rows of edits, an edit not
// committed yet (uncommitted), dated today: a join with the record that
// admits them today (none on a public site), as a commit's join has.
// whoIs names a person as the page does; byID are the file's entries by
// person.
func uncommittedRows(edits []edit, l *members.List, f *members.File, people *vetting.People, today time.Time, public bool, whoIs func(string) person, byID map[string]*members.Member) []eventRow {
	var out []eventRow
	for _, c := range edits {
		row := eventRow{Date: today.Format(members.DateLayout), Commit: "not committed", Who: whoIs(c.email)}
		switch {
		case c.was == "":
			row.Action, row.Role = "joined", roleText(c.now)
			if m := byID[history.PersonOf(c.email)]; !public && m != nil {
				var rs []history.Record
				for _, vr := range m.Vetting {
					rs = append(rs, history.Record{By: vr.By, On: vr.On.Format(members.DateLayout), Method: vr.Method, Note: vr.Note, Evidence: vr.Evidence})
				}
				if rec := admitting(l, f, people, c.email, m, rs, today); rec != nil {
					shown := *rec
					shown.By, shown.Method, shown.Note = pageAddress(shown.By), pageLine(shown.Method), pageLine(shown.Note)
					row.Admitted = &shown
				}
			}
		case c.now == "":
			row.Action, row.Role = "left", "was "+roleText(c.was)
		default:
			row.Action, row.Role = "role changed", roleText(c.was)+" → "+roleText(c.now)
		}
		out = append(out, row)
	}
	return out
}
