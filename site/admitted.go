package site

import (
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// admitting returns the record, among those known by the day of a join,
// that admitted the member to list l: the one its policy accepts as of
// that day (vetting.Admitting, as show, diff and audit name it), else
// the newest. The policy and the vetters are the file's as it is now.
func admitting(l *members.List, f *members.File, people *vetting.People, email string, now *members.Member, rs []history.Record, at time.Time) *history.Record {
	m := &members.Member{Email: email}
	if now != nil {
		m.GitHub = now.GitHub
	}
	var from []int // m.Vetting[j] is rs[from[j]]
	for i, r := range rs {
		on, err := time.Parse(members.DateLayout, r.On)
		if err != nil || on.After(at) {
			continue
		}
		m.Vetting = append(m.Vetting, members.Vetting{By: r.By, On: on, Method: r.Method, Note: r.Note, Evidence: r.Evidence})
		from = append(from, i)
	}
	var pol *members.Policy
	if l != nil {
		pol = f.PolicyOf(l)
	}
	chosen := vetting.Admits(l, pol, people, m, at)
	if chosen == nil {
		return nil
	}
	for j := range m.Vetting {
		if &m.Vetting[j] == chosen {
			return &rs[from[j]]
		}
	}
	return nil
}

// joinInstant is when an addition's commit landed, for whether a record
// admitted them: its later bound when its line's dates read two ways
// (as validate judges it), else the date history shows.
func joinInstant(e history.Event) time.Time {
	if e.LandedLate.After(e.Date) {
		return e.LandedLate
	}
	return e.Date
}
