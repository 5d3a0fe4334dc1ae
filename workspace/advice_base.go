package workspace

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/policies"
)

// syncBase is what the advice after an edit takes the live groups to
// hold, without reading them: the members file as last committed (git
// HEAD's version), which the scheduled sync converges the groups to;
// outside git, or before the file's first commit, the file as it was
// before the edit.
type syncBase struct {
	file *members.File
	// unsynced are the people file lists whom sync would never have put
	// on a list in the role it lists them in (list id -> mailbox -> the
	// role sync did give them there, "" for none): they have no vetting
	// record at all, or one that had lapsed when the file came to list
	// them so, and sync refused the addition or promotion. Another
	// finding may have come since they were added (a lapse, a vetter
	// who left), and they stay: those are taken to be there.
	unsynced map[string]map[string]members.Role
	// doubtful are the people file lists whom its own verdict holds
	// back on a list for their vetting (list id -> mailbox -> why),
	// where it cannot tell whether sync ever put them there (a method
	// the policy took then, a vetter on the list then): the group may
	// not have them, which the advice on a removal or role change says.
	doubtful map[string]map[string]string
	// committed: file is HEAD's version; rev is its commit, short.
	committed bool
	rev       string
	// why, when not committed, says why HEAD's version was not used.
	why string
	// exports are the groups of the csv lists (list id -> its member
	// export): what roster reads as those groups, in place of file.
	exports map[string]export
	// groups are file's lists by group, and roles its members' roles:
	// the advice asks them for each list of the entry edited. A
	// syncBase without them (nil) reads file each time.
	groups plan.ListsByAddress
	roles  roleTable
}

// newSyncBase is the syncBase of f, indexed for the advice's questions.
func newSyncBase(f *members.File) syncBase {
	return syncBase{file: f, groups: plan.IndexAddresses(f), roles: roleTable{}}
}

// listOfGroup is the base file's list for group g, nil when it has none.
func (b syncBase) listOfGroup(g string) *members.List {
	if b.groups != nil {
		return b.groups[g]
	}
	return listOfGroup(b.file, g)
}

// newGroup reports whether l's group may never have been synced: no
// committed version of the file is known, or the committed one names
// no list on that group.
func (b syncBase) newGroup(l *members.List) bool {
	if !b.committed || b.file == nil || l == nil {
		return true
	}
	return b.listOfGroup(members.IdentityOf(l.Address)) == nil
}

// idOf returns the id, in b's file, of the list for the group that f's
// list (by id) writes to, "" when b's file has none: a list whose
// address an edit changed (the same id, another group) has no committed
// members on its new group, and sync finds none of them there. A list
// renamed by an edit (the same address, another id) is the group sync
// reads, and the advice follows the group, as sync and history do.
// Without a base file, or for a list f does not have, it is list.
func (b syncBase) idOf(f *members.File, list string) string {
	l := f.List(list)
	if b.file == nil || l == nil || l.Address == "" {
		return list
	}
	if bl := b.file.List(list); bl != nil && members.IdentityOf(bl.Address) == members.IdentityOf(l.Address) {
		return list
	}
	if bl := b.listOfGroup(members.IdentityOf(l.Address)); bl != nil {
		return bl.ID
	}
	return ""
}

// describe names what the groups are taken to hold, for the advice.
func (b syncBase) describe(file string) string {
	if b.committed {
		return fmt.Sprintf("%s as last committed (%s)", file, b.rev)
	}
	return fmt.Sprintf("%s as it was before this edit", file)
}

func (w *Workspace) syncBase(ctx context.Context, file string, ed edited) syncBase {
	b := w.syncBaseFile(ctx, file, ed)
	b.exports = w.exports(ctx, file, ed.after)
	return b
}

// syncBaseFile is syncBase but for the exports.
func (w *Workspace) syncBaseFile(ctx context.Context, file string, ed edited) syncBase {
	dir, name := w.gitPath(ctx, file)
	f, rv, err := history.BaseAtHead(ctx, dir, name, nil, nil)
	switch {
	case err == nil && f != nil:
		rev := "HEAD " + history.ShortCommit(rv.Commit)
		if head, err := history.ResolveRevision(ctx, dir, "HEAD"); err == nil && head != rv.Commit {
			rev = "HEAD, last changed in " + history.ShortCommit(rv.Commit)
		}
		b := newSyncBase(f)
		b.committed, b.rev = true, rev
		b.unsynced, b.doubtful = w.unsynced(ed, f, w.versionsSince(ctx, dir, name))
		for list, held := range w.heldOverCap(ctx, dir, name, f, rv) {
			if b.unsynced[list] == nil {
				b.unsynced[list] = map[string]members.Role{}
			}
			for _, mailbox := range held {
				b.unsynced[list][mailbox] = ""
			}
		}
		return b
	case errors.Is(err, history.ErrNotInGit), errors.Is(err, history.ErrUntracked), errors.Is(err, history.ErrNoCommits):
		return w.baseBefore(ed, "it is not committed in git")
	case err != nil:
		return w.baseBefore(ed, "its committed version could not be read: "+err.Error())
	}
	return w.baseBefore(ed, "it is not committed in git")
}

// baseBefore is the syncBase of the file as it was before the edit,
// which is not committed (why).
func (w *Workspace) baseBefore(ed edited, why string) syncBase {
	b := newSyncBase(ed.before)
	b.why = why
	b.unsynced, b.doubtful = w.unsynced(ed, ed.before, nil)
	return b
}

// stayVersion is a version of the members file in force from at, with
// its gate as sync judged someone new to a list then.
type stayVersion struct {
	at   time.Time
	file *members.File
	gate *policies.Gate
	// byMailbox are file's entries by mailbox, for the stays that ask
	// whether it listed someone.
	byMailbox map[string]*members.Member
}

// maxStayVersions is how many versions of a stay refusedWhenListed
// reads: a longer one says nothing (the advice hedges, as before).
const maxStayVersions = 50

// versionsSince returns a reader of the versions of the members file in
// force from a moment on (the last landed by then, and each after it),
// each read and judged once however many stays ask; false when they
// are more than maxStayVersions, or cannot be read. The log is read on
// the first call only.
func (w *Workspace) versionsSince(ctx context.Context, dir, name string) func(at time.Time) ([]stayVersion, bool) {
	var revs []history.Revision
	logged := false
	read := map[string]*stayVersion{}
	return func(at time.Time) ([]stayVersion, bool) {
		if !logged {
			logged = true
			revs, _ = history.Log(ctx, dir, name)
		}
		start := -1
		for i, r := range revs {
			if r.LandedOn().After(at) {
				break
			}
			start = i
		}
		// Versions landed in the very second the stay began are all
		// read (git dates to the second): which of them began it, the
		// order alone does not say.
		for start > 0 && revs[start].LandedOn().Equal(at) && revs[start-1].LandedOn().Equal(at) {
			start--
		}
		if start < 0 || len(revs)-start > maxStayVersions {
			return nil, false
		}
		var out []stayVersion
		for _, rv := range revs[start:] {
			if rv.Commit == "" || rv.Blob == "" {
				continue // deleted: sync applied nothing then
			}
			v, ok := read[rv.Commit]
			if !ok {
				f, _, err := history.FileAt(ctx, dir, name, rv.Commit)
				if err == nil {
					v = &stayVersion{at: rv.LandedOn(), file: f, gate: policies.NewGate(policies.CheckWith(f, policies.Options{At: rv.LandedOn()})), byMailbox: make(map[string]*members.Member, len(f.Members))}
					for _, m := range f.Members {
						v.byMailbox[members.MailboxOf(m.Email)] = m
					}
				}
				read[rv.Commit] = v
			}
			if v != nil {
				out = append(out, *v)
			}
		}
		return out, len(out) > 0
	}
}

// unsynced finds syncBase.unsynced and syncBase.doubtful of f, by the file's history where a
// lapsed record asks since when it listed someone (as validate judges
// it).
//
// A record the list's policy does not take (a vetter who may not vet
// for it, a method it does not accept, a date to come, the member's
// own) refused them too when the version that began their stay on the
// list (then, at that moment) already had it, and every version since
// did: sync never added them; one that came later replaced a record
// that had.
func (w *Workspace) unsynced(ed edited, f *members.File, since func(at time.Time) ([]stayVersion, bool)) (map[string]map[string]members.Role, map[string]map[string]string) {
	if f == nil {
		return nil, nil
	}
	held := w.heldBy(ed, f)
	out := map[string]map[string]members.Role{}
	doubtful := map[string]map[string]string{}
	for _, fd := range w.check(f, policies.Options{At: w.today(), Before: f, HeldSince: held}) {
		if fd.Member == "" || fd.List == "" {
			continue
		}
		// A doubt, not a certainty: the policy may have changed since.
		if fd.Effect == policies.Block && fd.Rule.LikelyNeverAdmitted() {
			if doubtful[fd.List] == nil {
				doubtful[fd.List] = map[string]string{}
			}
			doubtful[fd.List][members.MailboxOf(fd.Member)] = fd.Message
		}
		var gave members.Role
		switch {
		case fd.Rule == policies.RuleVettingLapsedWhenListed && admittedWhenListed(f, fd, held, since):
			// Lapsed, by today's policy, before they were listed, but
			// a version in force since admitted them: sync added them.
			continue
		case fd.Rule == policies.RuleVettingLapsedWhenListed:
			if fd.Role.Rank() > members.RoleMember.Rank() {
				// Added while the record held, and not promoted since
				// it lapsed: to manager, if that came before.
				gave = members.RoleMember
				if exp, err := time.Parse(members.DateLayout, lapseOf(fd)); err == nil && fd.Role == members.RoleOwner {
					if since, ok, err := held(fd.List, fd.Member, members.RoleManager); err == nil && ok && since.Before(exp) {
						gave = members.RoleManager
					}
				}
			}
		case fd.Rule.NeverAdmitted():
			// Sync never added them. A record by a vetter no longer on
			// the list may have admitted them when it was written: the
			// group may hold them.
		case fd.Rule.RefusesRecord() && refusedWhenListed(f, fd, held, since):
			// Refused so since their stay began: never added.
		default:
			continue
		}
		if out[fd.List] == nil {
			out[fd.List] = map[string]members.Role{}
		}
		out[fd.List][members.MailboxOf(fd.Member)] = gave
	}
	return out, doubtful
}

// lapseOf is the day a finding's record lapsed, "" when it does not say.
func lapseOf(fd policies.Finding) string {
	if fd.Vetting == nil {
		return ""
	}
	return fd.Vetting.Expires
}

// never reports whether sync never put mailbox on base's list.
func (b syncBase) never(list, mailbox string) bool {
	r, ok := b.unsynced[list][mailbox]
	return ok && r == ""
}

// roleOn is m's role on base's list as sync gave it them, "" for none.
func (b syncBase) roleOn(m *members.Member, list string) members.Role {
	if m == nil {
		return ""
	}
	if r, ok := b.unsynced[list][members.MailboxOf(m.Email)]; ok {
		return r
	}
	return b.roles.of(m, list)
}

// refusedWhenListed reports whether every version in force since fd's
// member's stay on fd's list of f began (held says when; since reads
// them, the list found in each by its group, whatever its id was then)
// refused their records for it as fd does now, as someone new to the
// list: sync, which judged them so each time, never added them. One that
// admitted them let sync add them; a stay too long to read says nothing.
func refusedWhenListed(f *members.File, fd policies.Finding, held func(list, email string, role members.Role) (time.Time, bool, error), since func(at time.Time) ([]stayVersion, bool)) bool {
	admitted, judged := judgeStay(f, fd, members.RoleMember, held, since, func(g *policies.Gate, list string) bool {
		return g.Unadmitted(list, fd.Member, members.RoleMember) == ""
	})
	return judged && !admitted
}

// admittedWhenListed reports whether some version in force since fd's
// member's stay in fd's role on fd's list began admitted them in it: a
// record that lapsed, by today's policy, before they were listed was in
// force under one that gave records longer (vetting_valid_for
// shortened since), and sync added them then.
func admittedWhenListed(f *members.File, fd policies.Finding, held func(list, email string, role members.Role) (time.Time, bool, error), since func(at time.Time) ([]stayVersion, bool)) bool {
	// A lapse does not take someone off, so Unadmitted says nothing of
	// one: whether sync added them then is whether it let them on.
	admitted, _ := judgeStay(f, fd, fd.Role, held, since, func(g *policies.Gate, list string) bool {
		return g.Blocked(list, fd.Member) == ""
	})
	return admitted
}

// judgeStay reads the versions in force since fd's member's stay in role
// on fd's list began, and says whether one of them admitted them in it
// (admits says, of a version's gate and the list's id then), and whether
// any could be judged at all.
func judgeStay(f *members.File, fd policies.Finding, role members.Role, held func(list, email string, role members.Role) (time.Time, bool, error), since func(at time.Time) ([]stayVersion, bool), admits func(g *policies.Gate, list string) bool) (admitted, judged bool) {
	if held == nil || since == nil || role == "" {
		return false, false
	}
	began, ok, err := held(fd.List, fd.Member, role)
	l := f.List(fd.List)
	if err != nil || !ok || began.IsZero() || l == nil {
		return false, false
	}
	vs, ok := since(began)
	if !ok {
		return false, false
	}
	for _, v := range vs {
		lv := v.file.ListOfGroup(members.IdentityOf(l.Address))
		if lv == nil {
			continue
		}
		if m := v.byMailbox[members.MailboxOf(fd.Member)]; m == nil {
			continue // not in that version: it says nothing of them
		} else if r, on := m.RoleOn(lv.ID); !on || r.Rank() < role.Rank() {
			continue // not on the list so then
		}
		if admits(v.gate, lv.ID) {
			return true, true
		}
		judged = true
	}
	return false, judged
}
