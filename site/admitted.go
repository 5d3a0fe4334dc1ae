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

// admittedWhen is the record judge finds admitting someone who joined
// at the instant at: as of that instant, as validate judges a lapse; or,
// failing that, one judge finds as of the end of at's latest calendar
// day (endOfDay) that is dated after at's day in UTC, a record written
// that day where the clock was ahead of UTC, which no instant of that
// day would take for one in the future. A record that lapsed between
// the instant and the day's end admitted them; one that had lapsed by
// the instant did not.
func admittedWhen(judge func(at time.Time) *history.Record, at time.Time) *history.Record {
	if rec := judge(at); rec != nil {
		return rec
	}
	rec := judge(endOfDay(at))
	if rec == nil || rec.On <= at.UTC().Format(members.DateLayout) {
		return nil
	}
	return rec
}

// endOfDay is the last moment of the latest calendar day t was anywhere
// on Earth (UTC+14): a vetting record is dated by day, with no zone, and
// counts for a commit of that day wherever its clock was. History gives
// dates in UTC, and a commit at 01:00 +05:00 is the previous day there:
// the record written that morning, in the commit that adds the person,
// admitted them.
func endOfDay(t time.Time) time.Time {
	y, m, d := t.UTC().Add(14 * time.Hour).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
}
