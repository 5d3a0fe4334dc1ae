package workspace

import (
	"context"
	"sync"
	"time"

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
}

// version is the file as it had landed by at, judged that day; nil when
// it cannot be read.
func (v *fileVersions) version(at time.Time) *judgedVersion {
	rev, ok := v.tl.RevisionAt(at)
	if !ok {
		return nil
	}
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
	j := v.version(at)
	if j == nil || j.f == nil {
		return false, false
	}
	l := listOfGroup(j.f, members.IdentityOf(group))
	if l == nil {
		return false, true
	}
	id := members.IdentityOf(member)
	for _, m := range j.f.MembersOf(l.ID) {
		if members.IdentityOf(m.Email) == id {
			return j.gate.Blocked(l.ID, m.Email) == "", true
		}
	}
	return false, true
}

// Settings are the settings the file as it had landed by at pinned on
// group's list, by API field (see audit.FileVersions).
func (v *fileVersions) Settings(group string, at time.Time) (map[string]string, bool) {
	j := v.version(at)
	if j == nil || j.f == nil {
		return nil, false
	}
	l := listOfGroup(j.f, members.IdentityOf(group))
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
