package workspace

import (
	"context"
	"fmt"
	"slices"

	"github.com/roster-dev/roster/directory"
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

// nestedReceivers reads, for each list whose policy lets it hold groups
// and whose group holds some, everyone who receives its mail through
// them (one read per nested group), and puts on the plan those with no
// entry on the list: nobody vetted them for it, and the scheduled job
// must not stay green while they get the list's mail. A nested group
// that cannot be read is a problem of the list: who gets its mail is
// unknown. On a list whose policy allows no group, the nested group is
// itself a walk-in or a problem already. A pull request's plan reads no
// nested group: its members are no one's to see there.
func (w *Workspace) nestedReceivers(ctx context.Context, op *Opened, p *plan.Plan, lv *live) {
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

// nestedAfterAdds is nestedReceivers for the groups a run's additions
// made members: on a list whose policy lets it hold groups, an address
// the file adds may be a group, which Google says only once it is on
// the list. Each such list with an addition applied is read again (one
// members.list) and its nested groups expanded, so that the run that
// gave the list's mail to people with no entry exits as the next run
// would, naming them, not green.
func (w *Workspace) nestedAfterAdds(ctx context.Context, p *plan.Plan, res plan.Result, lv *live) {
	if lv.file == nil {
		return
	}
	for _, lr := range res.Lists {
		if !slices.ContainsFunc(lr.Applied, func(c plan.Change) bool { return c.Action == plan.ActionAdd }) {
			continue
		}
		i := slices.IndexFunc(p.Lists, func(l *plan.List) bool { return l.ID == lr.ID })
		fl, prov := lv.file.List(lr.ID), lv.providers[lr.ID]
		if i < 0 || fl == nil || prov == nil {
			continue
		}
		if pol := lv.file.PolicyOf(fl); pol == nil || !pol.AllowGroups {
			continue
		}
		l := p.Lists[i]
		ms, err := prov.Members(ctx, l.Address)
		if err != nil {
			l.Problems = append(l.Problems, fmt.Sprintf("cannot tell who receives its mail through nested groups its additions made: %v", err))
			continue
		}
		var groups []string
		for _, m := range ms {
			if m.Type == "GROUP" && m.Email != "" {
				groups = append(groups, m.Email)
			}
		}
		if len(groups) == 0 {
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
