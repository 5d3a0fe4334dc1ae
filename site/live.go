package site

import (
	"strings"

	"github.com/roster-dev/roster/members"
)

// liveOf is what the pages show of the live groups: where each list's
// group differs from the file, counted, and the groups not read said
// so (never that they matched). A public page names the member a line
// is about as its tables do (publicName).
func liveOf(live *Live, public bool, fs *fields, f *members.File, lists map[string]*listView) *liveView {
	txt := fs.text
	out := &liveView{}
	if !live.Read.IsZero() {
		out.Read = live.Read.UTC().Format("2006-01-02 15:04 UTC")
	}
	unread := map[string]bool{}
	for _, id := range live.Unread {
		unread[id] = true
		out.Unread++
		if v := lists[id]; v != nil {
			v.Unread = true
		}
	}
	for _, d := range live.Drift {
		text := d.Text
		if public && d.Email != "" {
			// Named as the tables name them, hidden where they hide
			// them: who is hidden is hidden on every page.
			m := f.FindMember(d.Email)
			name := publicName(fs, m, func(list string) bool { return lists[list] != nil })
			if m != nil && name != hidden && members.IdentityOf(m.Email) != members.IdentityOf(d.Email) {
				// Another spelling of their mailbox (a +tag): the file
				// lists them, under the address the tables mean, and
				// this line is about the other one.
				name = "another address of " + name
			}
			text = strings.ReplaceAll(text, d.Email, name)
		}
		if !unread[d.List] {
			out.Count++ // the row of a group not read says why, and is no difference
		}
		row := driftRow{List: txt(d.List), Who: txt(d.Who), Text: txt(text)}
		if public && fs.besideTexts(row.List, row.Who, row.Text) {
			row.Who, row.Text = hidden, hidden // the cells of one row
		}
		if !d.When.IsZero() {
			row.When = d.When.UTC().Format("2006-01-02 15:04 UTC")
		}
		if v := lists[d.List]; v != nil {
			v.Drift = append(v.Drift, row)
		} else {
			out.Other = append(out.Other, row)
		}
	}
	return out
}
