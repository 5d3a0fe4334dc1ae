package workspace

import (
	"context"
	"fmt"
	"slices"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// expansion is who receives a list's mail through its nested groups, as
// read once in a run (directory.Expand), with the error that cut the
// reading short.
type expansion struct {
	receivers []directory.Receiver
	err       error
}

// receiversOf is who receives list l's mail through its nested groups:
// what the plan read (nestedReceivers), or, for a list whose policy
// allows no group (the plan reads none there: the group is a walk-in
// already), read now, so that audit --live and the auditor's site name
// the people behind it alike. read says the plan had read them, and a
// failure is one of the list's problems already.
func (lv *live) receiversOf(ctx context.Context, l *plan.List) (rs []directory.Receiver, read bool, err error) {
	if ex, ok := lv.expanded[l.ID]; ok {
		return ex.receivers, true, ex.err
	}
	rs, err = directory.Expand(ctx, lv.providers[l.ID], l.Address, l.Groups)
	return rs, false, err
}

// nestedReceivers reads, for each list whose policy lets it hold groups
// and whose group holds some, everyone who receives its mail through
// them (one read per nested group), and puts on the plan those with no
// entry on the list: nobody vetted them for it, and the scheduled job
// must not stay green while they get the list's mail. A nested group
// that cannot be read is a problem of the list: who gets its mail is
// unknown. On a list whose policy allows no group, the nested group is
// itself a walk-in or a problem already. A pull request's plan reads no
// nested group: its members are no one's to see there.
func (w *Workspace) nestedReceivers(ctx context.Context, op *openedFile, p *plan.Plan, lv *live) {
	if op.base != nil {
		return
	}
	for _, l := range p.Lists {
		fl := op.File.List(l.ID)
		if len(l.Groups) == 0 || l.Error != "" || fl == nil || lv.providers[l.ID] == nil {
			continue
		}
		if pol := op.File.PolicyOf(fl); pol == nil || !pol.AllowGroups {
			continue
		}
		rs, err := directory.Expand(ctx, lv.providers[l.ID], l.Address, l.Groups)
		lv.expanded[l.ID] = expansion{rs, err}
		if err != nil {
			l.Problems = append(l.Problems, fmt.Sprintf("cannot tell who receives its mail through nested groups: %v", err))
			continue
		}
		l.Receivers = unvettedReceivers(op.File, fl, rs)
	}
	p.Summarize()
}

// attributeReceivers names, on each receiver of p's lists, who put
// them on the nested group they are in: asked of that group's logs,
// whatever else the list's own group shows.
func (w *Workspace) attributeReceivers(ctx context.Context, op *openedFile, p *plan.Plan, lv *live) {
	for _, l := range p.Lists {
		if ex, ok := lv.expanded[l.ID]; ok && len(l.Receivers) > 0 && ex.err == nil {
			by := w.receiverChanges(ctx, lv, op.File, op.File.List(l.ID), ex.receivers)
			for i := range l.Receivers {
				l.Receivers[i].ChangedBy = by[members.IdentityOf(l.Receivers[i].Email)]
			}
		}
	}
}

// receiverChanges asks the logs of the groups nested in list l who put
// each person there who gets its mail with no entry on l
// (audit.ReceiverChanges): the scheduled job's log names whose change
// gave them the list's mail, as for a walk-in on the list's own group.
// Nothing is asked when the run's audit log was refused, or of a list
// no provider reads logs for.
func (w *Workspace) receiverChanges(ctx context.Context, lv *live, f *members.File, l *members.List, rs []directory.Receiver) map[string]string {
	if lv == nil || l == nil || len(rs) == 0 || len(lv.logFailed) > 0 {
		return nil
	}
	ap, ok := lv.providers[l.ID].(directory.ActivityProvider)
	if !ok {
		return nil
	}
	onList := map[string]bool{}
	for _, m := range f.MembersOf(l.ID) {
		onList[members.IdentityOf(m.Email)] = true
	}
	return audit.ReceiverChanges(ctx, ap, rs, func(r directory.Receiver) bool {
		return r.Type != "GROUP" && r.Type != "CUSTOMER" && !onList[members.IdentityOf(r.Email)]
	}, w.env.Now())
}

// unvettedReceivers are those of rs with no entry on list in f, each
// once: every user of the domain, named so, and anyone else but the
// nested groups themselves.
func unvettedReceivers(f *members.File, list *members.List, rs []directory.Receiver) []plan.Receiver {
	onList := make(map[string]bool)
	for _, m := range f.MembersOf(list.ID) {
		onList[members.IdentityOf(m.Email)] = true
	}
	seen := make(map[string]bool)
	var out []plan.Receiver
	for _, r := range rs {
		email := r.Email
		switch {
		case r.Type == "CUSTOMER":
			email = "all users in the domain (CUSTOMER)"
		case r.Type == "GROUP" || r.Email == "" || onList[members.IdentityOf(r.Email)]:
			continue
		}
		key := members.IdentityOf(email)
		if seen[key] {
			continue // reached through two nested groups: named once
		}
		seen[key] = true
		out = append(out, plan.Receiver{Email: email, Type: r.Type, Via: append([]string(nil), r.Via...)})
	}
	return out
}

// afterApply reads again, once, the groups whose live state the run's
// own writes cannot tell:
//   - a group the run created: Google makes it with its default
//     settings, and someone may have joined it before the run pinned
//     them; whoever is on it and not on the list in the file is a
//     walk-in of this run, named as the next run would name them;
//   - on a list whose policy lets it hold groups, one the run added
//     members to: an address the file adds may be a group, which Google
//     says only once it is on the list; its nested groups are expanded
//     (nestedReceivers), so that the run that gave the list's mail to
//     people with no entry exits as the next run would, naming them.
//
// One members.list per such list (and the nested groups' reads).
func (w *Workspace) afterApply(ctx context.Context, p *plan.Plan, res plan.Result, lv *live) {
	if lv.file == nil {
		return
	}
	for _, lr := range res.Lists {
		added := slices.ContainsFunc(lr.Applied, func(c plan.Change) bool { return c.Action == plan.ActionAdd })
		i := slices.IndexFunc(p.Lists, func(l *plan.List) bool { return l.ID == lr.ID })
		fl, prov := lv.file.List(lr.ID), lv.providers[lr.ID]
		if i < 0 || fl == nil || prov == nil {
			continue
		}
		pol := lv.file.PolicyOf(fl)
		groupsMayCome := added && pol != nil && pol.AllowGroups
		// A capped list that this run added to: someone added while it
		// ran (by hand, or by another run) may have taken it past the
		// cap, which the plan could not count.
		capped := added && pol != nil && pol.MaxMembers > 0
		if !lr.Created && !groupsMayCome && !capped {
			continue
		}
		l := p.Lists[i]
		ms, err := prov.Members(ctx, l.Address)
		if err != nil {
			l.Problems = append(l.Problems, fmt.Sprintf("cannot read the group again after this run's writes, to tell who is on it: %v", err))
			continue
		}
		if n := len(ms); capped && n > pol.MaxMembers {
			l.Problems = append(l.Problems, fmt.Sprintf("the group has %s after this run's writes, and policy %s allows at most %d (max_members): someone joined it while the run made its own additions (by hand, or another run); take %d off the group and the file, or raise max_members",
				words.Plural(n, "member"), pol.ID, pol.MaxMembers, n-pol.MaxMembers))
		}
		if lr.Created {
			l.Unmanaged = append(l.Unmanaged, joinedSinceCreated(lv.file, fl, lr, ms)...)
		}
		var groups []string
		for _, m := range ms {
			if m.Type == "GROUP" && m.Email != "" {
				groups = append(groups, m.Email)
			}
		}
		if !groupsMayCome || len(groups) == 0 {
			continue
		}
		rs, err := directory.Expand(ctx, prov, l.Address, groups)
		if err != nil {
			l.Problems = append(l.Problems, fmt.Sprintf("cannot tell who receives its mail through nested groups: %v", err))
			continue
		}
		l.Groups, l.Receivers = groups, unvettedReceivers(lv.file, fl, rs)
	}
	p.Summarize()
}

// joinedSinceCreated are the members of a group this run created, ms,
// that neither the list in f has an entry for nor this run's additions
// made (an alias Google resolved to its user): they joined it around
// the run.
func joinedSinceCreated(f *members.File, l *members.List, lr plan.ListResult, ms []directory.Member) []plan.LiveMember {
	onList := make(map[string]bool)
	for _, m := range f.MembersOf(l.ID) {
		onList[members.IdentityOf(m.Email)] = true
	}
	var out []plan.LiveMember
	for _, m := range ms {
		if (m.Email != "" && onList[members.IdentityOf(m.Email)]) || lr.MadeBy(m.ID) != "" {
			continue
		}
		email := m.Email
		if m.Type == "CUSTOMER" {
			email = "all users in the domain (CUSTOMER)"
		}
		out = append(out, plan.LiveMember{Email: email, Role: plan.FromLiveRole(m.Role), ID: m.ID, Type: m.Type})
	}
	return out
}
