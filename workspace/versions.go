package workspace

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// fileVersions answers audit.FileVersions from the members file's
// history: each version asked about is read and judged once, as it
// stood at the event's time. Only the events attribution weighs ask,
// so a run with no drift reads none.
type fileVersions struct {
	ctx context.Context
	tl  *history.Timeline
	mu  sync.Mutex
	// revs and landed are the timeline's revisions and when each had
	// landed, for Near; read once, when first asked.
	revs   []history.Revision
	landed []time.Time
	// judged holds, by commit, the version read and its findings as of
	// the day asked (a record lapses with the days: the day is part of
	// the key).
	judged map[string]*judgedVersion
	// parsed holds each version read, by commit (nil: it could not be):
	// judged on several days, a version is read from git once.
	parsed map[string]*members.File
}

// judgedVersion is one version of the file, judged on one day; f is
// nil when it could not be read.
type judgedVersion struct {
	f    *members.File
	gate *policies.Gate

	mu sync.Mutex
	// entries holds, by group identity, the group's list and its
	// entries by member identity, built on the first ask: a sync that
	// adds thousands asks of each.
	entries map[string]listEntries
}

// version is the file as it had landed by at, judged that day; nil when
// it cannot be read.
func (v *fileVersions) version(at time.Time) *judgedVersion {
	rev, ok := v.tl.RevisionAt(at)
	if !ok {
		return nil
	}
	return v.judge(rev, at)
}

// judge is the version of rev, judged on at's day.
func (v *fileVersions) judge(rev history.Revision, at time.Time) *judgedVersion {
	y, m, d := at.UTC().Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	key := rev.Commit + " " + day.Format(members.DateLayout)
	v.mu.Lock()
	defer v.mu.Unlock()
	if j, ok := v.judged[key]; ok {
		return j
	}
	j := &judgedVersion{}
	f, read := v.parsed[rev.Commit]
	if !read {
		var err error
		if f, err = v.tl.VersionOf(v.ctx, rev); err != nil {
			f = nil
		}
		if v.parsed == nil {
			v.parsed = map[string]*members.File{}
		}
		v.parsed[rev.Commit] = f
	}
	if f != nil {
		j.f = f
		j.gate = policies.NewGate(policies.CheckWith(f, policies.Options{At: day}))
	}
	if v.judged == nil {
		v.judged = map[string]*judgedVersion{}
	}
	v.judged[key] = j
	return j
}

// Admitted reports whether the file as it had landed by at listed member
// on group and nothing in it blocked their addition (see audit.FileVersions).
func (v *fileVersions) Admitted(group, member string, at time.Time) (admitted, known bool) {
	return v.version(at).admitted(group, member)
}

// admitted is Admitted in this version; not known when there is none,
// or it could not be read.
func (j *judgedVersion) admitted(group, member string) (admitted, known bool) {
	if j == nil || j.f == nil {
		return false, false
	}
	le := j.entriesOf(members.IdentityOf(group))
	if le.list == nil {
		return false, true
	}
	m := le.byID[members.IdentityOf(member)]
	if m == nil {
		return false, true
	}
	return j.gate.Blocked(le.list.ID, m.Email) == "", true
}

// listEntries are a group's list in a version, and its entries by
// member identity (the first of two with one identity, as validate
// reports them).
type listEntries struct {
	list *members.List
	byID map[string]*members.Member
}

// entriesOf returns group's listEntries, read once.
func (j *judgedVersion) entriesOf(group string) listEntries {
	j.mu.Lock()
	defer j.mu.Unlock()
	if le, ok := j.entries[group]; ok {
		return le
	}
	le := listEntries{list: listOfGroup(j.f, group)}
	if le.list != nil {
		le.byID = map[string]*members.Member{}
		for _, m := range j.f.MembersOf(le.list.ID) {
			if id := members.IdentityOf(m.Email); le.byID[id] == nil {
				le.byID[id] = m
			}
		}
	}
	if j.entries == nil {
		j.entries = map[string]listEntries{}
	}
	j.entries[group] = le
	return le
}

// Settings are the settings the file as it had landed by at pinned on
// group's list, by API field (see audit.FileVersions).
func (v *fileVersions) Settings(group string, at time.Time) (map[string]string, bool) {
	return v.version(at).settings(group)
}

// settings is Settings in this version.
func (j *judgedVersion) settings(group string) (map[string]string, bool) {
	if j == nil || j.f == nil {
		return nil, false
	}
	l := j.entriesOf(members.IdentityOf(group)).list
	if l == nil {
		return nil, false
	}
	pol := j.f.PolicyOf(l)
	if pol == nil {
		return nil, false
	}
	out := make(map[string]string, len(pol.Settings))
	for _, s := range pol.Settings {
		if spec, ok := members.SettingSpecByKey(s.Name); ok {
			out[spec.Field] = s.Value
		}
	}
	return out, true
}

// Near returns the versions of the file in effect within slack of at,
// each judged on at's day (see audit.NearbyVersions): git dates a
// commit to the whole second, and a version whose successor shares its
// second is in effect at no time RevisionAt can be asked about, yet a
// write in that second may have followed it.
func (v *fileVersions) Near(at time.Time, slack time.Duration) []audit.FileVersion {
	v.mu.Lock()
	if v.landed == nil {
		v.revs = v.tl.Revisions()
		v.landed = history.Landed(v.revs)
	}
	revs, landed := v.revs, v.landed
	v.mu.Unlock()
	from, to := at.Add(-slack), at.Add(slack)
	next := sort.Search(len(landed), func(i int) bool { return landed[i].After(from) })
	if next == len(landed) || landed[next].After(to) {
		// None landed within: the version in effect all along is the
		// one the timeline answers for at.
		return nil
	}
	// The one that had landed by from, then each landed by to.
	i := max(next-1, 0)
	var out []audit.FileVersion
	for ; i < len(revs) && !landed[i].After(to); i++ {
		if j := v.judge(revs[i], at); j.f != nil {
			out = append(out, nearVersion{j})
		}
	}
	return out
}

// nearVersion is one version of the file Near returns.
type nearVersion struct{ j *judgedVersion }

// Role is member's role on group in this version, both by identity, as
// history.Timeline.Role reads them: the highest of the lists with that
// address.
func (n nearVersion) Role(group, member string) (members.Role, bool) {
	g, who := members.IdentityOf(group), history.PersonOf(member)
	var role members.Role
	for _, l := range n.j.f.Lists {
		if members.IdentityOf(l.Address) != g {
			continue
		}
		for _, m := range n.j.f.MembersOf(l.ID) {
			if r, on := m.RoleOn(l.ID); on && history.PersonOf(m.Email) == who && r.Rank() > role.Rank() {
				role = r
			}
		}
	}
	return role, role != ""
}

// Admitted is fileVersions.Admitted, in this version.
func (n nearVersion) Admitted(group, member string) (admitted, known bool) {
	return n.j.admitted(group, member)
}

// Settings is fileVersions.Settings, in this version.
func (n nearVersion) Settings(group string) (map[string]string, bool) { return n.j.settings(group) }
