package plan

import (
	"context"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// HasStrangers reports whether any list observed has live members the
// file does not list.
func HasStrangers(obs []Observed) bool {
	return slices.ContainsFunc(obs, Observed.hasStrangers)
}

// hasStrangers reports whether the list was read and has live members
// the file does not list.
func (o Observed) hasStrangers() bool { return o.Err == nil && !o.Missing && o.strangers > 0 }

// ResolveFormer asks Google, for the lists with strangers, which of the
// addresses earlier versions of the file listed them under (listed) and
// that no live member has now, resolve to a stranger: someone listed as
// grace.hopper@, an alias, is on the group as grace@. Taken off the
// file since, they are who the file listed, not someone it never named
// (whom unmanaged = "report" keeps): obs records it, for Assemble.
//
// Only addresses in the Workspace's own domains are looked up (Google
// resolves no other alias), the most recently taken off first, and at
// most MaxAliasLookups in a run, whatever the number of lists: a list
// that keeps a walk-in for good must not cost a call for each person who
// ever left it, on every run. A look-up that fails leaves the stranger
// as it was, as when nothing was asked.
//
// The lists whose policy keeps strangers (unmanaged = "report") come
// first: there the answer decides whether someone is removed; elsewhere
// it only names the address history knew them by.
func ResolveFormer(ctx context.Context, f *members.File, obs []Observed, providers map[string]directory.Provider, listed *Listed, domains map[string]bool, concurrency int) {
	if listed == nil || listed.ByGroup == nil {
		return
	}
	if concurrency <= 0 {
		concurrency = 8
	}
	var all []formerCandidate
	for i := range obs {
		o := &obs[i]
		if !o.hasStrangers() || o.aliasesUnknown || providers[o.List.ID] == nil || o.List.Provider == members.ProviderCSV {
			// (With the file's own entries not looked up, a stranger a
			// former address names may be one the file lists now under
			// another alias: no removal is decided on it.)
			continue
		}
		keeps := false
		if p := f.PolicyOf(o.List); p != nil {
			keeps = p.Unmanaged == members.UnmanagedReport
		}
		for _, c := range formerCandidates(f, o, listed.Of(o.List.Address, o.names...), domains) {
			c.obs, c.decides = i, keeps
			all = append(all, c)
		}
	}
	// The most recently taken off first: a stranger who is someone the
	// file listed is most likely someone it dropped lately (a sync since
	// would have removed an older one).
	slices.SortFunc(all, func(a, b formerCandidate) int {
		if a.decides != b.decides {
			if a.decides {
				return -1
			}
			return 1
		}
		if c := strings.Compare(b.on, a.on); c != 0 {
			return c
		}
		return strings.Compare(a.addr, b.addr)
	})
	if len(all) > MaxAliasLookups {
		all = all[:MaxAliasLookups]
	}
	found := make([]directory.Member, len(all))
	var g errgroup.Group
	g.SetLimit(concurrency)
	for j, c := range all {
		l := obs[c.obs].List
		g.Go(func() error {
			if got, err := providers[l.ID].Member(ctx, l.Address, c.addr); err == nil {
				found[j] = got
			}
			return nil
		})
	}
	_ = g.Wait()
	for j, got := range found {
		o := &obs[all[j].obs]
		if got.ID == "" {
			continue
		}
		i := slices.IndexFunc(o.strangerMembers, func(lm directory.Member) bool { return lm.ID == got.ID })
		if i < 0 {
			continue
		}
		if o.formerAliases == nil {
			o.formerAliases = map[string]string{}
		}
		if key := liveKey(o.strangerMembers[i]); o.formerAliases[key] == "" {
			o.formerAliases[key] = all[j].addr
		}
	}
}

// formerCandidate is an address a list's earlier versions listed, and
// the day it was taken off ("" when not known).
type formerCandidate struct {
	obs      int // the list's index in the observations
	addr, on string
	// decides: the list keeps strangers, so the answer decides whether
	// one is removed.
	decides bool
}

// formerCandidates are the addresses the file listed on o's list before
// (keys of was) that name no live member of it now and could be an
// alias of a stranger: in one of the Workspace's own domains, as a
// stranger who is a user is.
//
// An address the file lists on the list now is no candidate: it is not
// taken off (history names it too, as listed in the last commit), and
// whether it is an alias is the plan's own look-up's to tell.
func formerCandidates(f *members.File, o *Observed, was map[string]string, domains map[string]bool) []formerCandidate {
	if len(was) == 0 {
		return nil
	}
	now := make(map[string]bool, 2*f.CountOn(o.List.ID))
	for _, m := range f.MembersOf(o.List.ID) {
		now[members.IdentityOf(m.Email)] = true
		now[members.MailboxOf(m.Email)] = true
	}
	if !slices.ContainsFunc(o.strangerMembers, func(s directory.Member) bool { return isUser(s, domains) }) {
		return nil
	}
	live := make(map[string]bool, 2*len(o.Have.Members))
	for _, lm := range o.Have.Members {
		if lm.Email != "" {
			live[members.IdentityOf(lm.Email)] = true
			live[members.MailboxOf(lm.Email)] = true
		}
	}
	var out []formerCandidate
	for addr, where := range was {
		if where == "" || live[members.IdentityOf(addr)] || live[members.MailboxOf(addr)] || now[members.IdentityOf(addr)] || now[members.MailboxOf(addr)] {
			continue
		}
		if domains == nil || domains[domainOf(addr)] {
			out = append(out, formerCandidate{addr: addr, on: removedOn(where)})
		}
	}
	return out
}

// removedOn is the day in a Listed value ("removed in abc1234 on
// 2026-11-02: …"), "" when it has none.
func removedOn(where string) string {
	if _, rest, ok := strings.Cut(where, " on "); ok && len(rest) >= 10 {
		return rest[:10]
	}
	return ""
}

// liveIDsOf are the ids of a group's members, as read (never nil: a
// group read with no one on it has none, which is known).
func liveIDsOf(ms []directory.Member) []string {
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		if m.ID != "" {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

// FormerAliases is ResolveFormer for one list's live members, read on
// their own (import): by the identity of each live member the file does
// not list there, the address an earlier version listed on the list (a
// key of was) that Google resolves to them; nil when none does.
func FormerAliases(ctx context.Context, f *members.File, l *members.List, live []directory.Member, prov directory.Provider, was map[string]string, domains map[string]bool) map[string]string {
	if prov == nil || len(was) == 0 {
		return nil
	}
	_, strangers := unmatched(f.MembersOf(l.ID), live)
	o := Observed{List: l, Have: Live{Members: live}, strangers: len(strangers)}
	for _, lm := range strangers {
		o.strangerMembers = append(o.strangerMembers, lm)
	}
	obs := []Observed{o}
	ResolveFormer(ctx, f, obs, map[string]directory.Provider{l.ID: prov},
		&Listed{ByGroup: map[string]map[string]string{members.IdentityOf(l.Address): was}}, domains, 0)
	return obs[0].formerAliases
}

// NeedsHistory reports whether planning obs needs to know whom the file
// listed before: a list whose policy keeps strangers (unmanaged =
// "report") has live members the file does not list. The common run
// reads no history.
//
// A list that removes strangers needs it too when one of them owns the
// group and the policy sets min_owners: an owner the file took off
// weighs against the owners left, a walk-in does not (List.weighs).
func NeedsHistory(f *members.File, obs []Observed) bool {
	for _, o := range obs {
		if len(o.demotions) > 0 {
			return true
		}
		if o.hasStrangers() {
			if p := f.PolicyOf(o.List); p != nil && (p.Unmanaged == members.UnmanagedReport || o.strangerOwns(p)) {
				return true
			}
		}
	}
	return false
}

// Demoted is a live owner of a group whom the file lists on its list in
// a lower role: whether the file demoted them (and their demotion weighs
// against the owners left) or someone made them owner by hand, only the
// file's history tells (Listed.Owners).
type Demoted struct {
	// Group is the list's group address; Live the owner's address on
	// it; Entry the address the file writes them at (an alias of Live,
	// or Live itself).
	Group, Live, Entry string
	// Names are the group's other addresses Google gave (its own and
	// its aliases): the file may have listed the group under any of
	// them, and demoted the owner in the commit that respelled it.
	Names []string
}

// DemotedOwners are the demotions the file makes on the lists of obs
// whose policies set min_owners, in list order.
func DemotedOwners(obs []Observed) []Demoted {
	var out []Demoted
	for _, o := range obs {
		for _, d := range o.demotions {
			// The group's names, read once its demotions were known.
			d.Names = o.names
			out = append(out, d)
		}
	}
	return out
}

// findDemotions sets o.demotions, once the aliases are known.
func (o *Observed) findDemotions(f *members.File) {
	if p := f.PolicyOf(o.List); p != nil {
		o.demotions = o.demoted(f, p)
	}
}

// demoted is DemotedOwners of one list, whose policy is p.
func (o Observed) demoted(f *members.File, p *members.Policy) []Demoted {
	if p.MinOwners <= 0 {
		return nil
	}
	owning := map[string]string{} // mailbox -> live address
	for _, lm := range o.Have.Members {
		if lm.Owning() {
			owning[members.MailboxOf(lm.Email)] = lm.Email
		}
	}
	if len(owning) == 0 {
		return nil
	}
	var out []Demoted
	for _, m := range f.MembersOf(o.List.ID) {
		role, _ := m.RoleOn(o.List.ID)
		if role == members.RoleOwner {
			continue
		}
		live, on := owning[members.MailboxOf(m.Email)]
		if !on {
			if lm, alias := o.Aliases[members.IdentityOf(m.Email)]; alias && lm.Owning() {
				live, on = lm.Email, true
			}
		}
		if on {
			out = append(out, Demoted{Group: o.List.Address, Live: live, Entry: m.Email})
		}
	}
	return out
}

// strangerOwns reports whether, on a list whose policy p removes
// strangers and sets min_owners, a person the file does not list owns
// the group.
func (o Observed) strangerOwns(p *members.Policy) bool {
	if p.Unmanaged != members.UnmanagedRemove || p.MinOwners <= 0 {
		return false
	}
	for _, lm := range o.strangerMembers {
		if lm.Role == directory.RoleOwner && lm.Person() {
			return true
		}
	}
	return false
}

// maxImportAliases bounds the look-ups CurrentAliases makes: an import
// of a list whose entries are mostly missing from the group (a list
// just written) asks no more than this many of Google.
const maxImportAliases = 1000

// CurrentAliases is the alias look-up of a plan, for one list's live
// members read on their own (import): by the identity of each live
// member the file does not list on l under their own address, the entry
// on l whose address Google resolves to them (an alias, a former
// address); nil when none does, or Google cannot be asked. Such a
// member is that entry's, never someone to import beside it. unasked
// counts the entries not looked up (past maxImportAliases, or when
// Google could not be asked), any of which may be an alias of someone
// imported.
func CurrentAliases(ctx context.Context, f *members.File, l *members.List, live []directory.Member, prov directory.Provider) (aliases map[string]string, unasked int) {
	missing, strangers := unmatched(f.MembersOf(l.ID), live)
	if len(missing) == 0 || len(strangers) == 0 {
		return nil, 0
	}
	if prov == nil {
		return nil, len(missing)
	}
	if len(missing) > maxImportAliases {
		unasked, missing = len(missing)-maxImportAliases, missing[:maxImportAliases]
	}
	found, err := resolveAliases(ctx, prov, l.Address, missing, strangers, 8)
	if err != nil {
		return nil, unasked + len(missing)
	}
	if len(found) == 0 {
		return nil, unasked
	}
	out := make(map[string]string, len(found))
	for _, m := range missing {
		if lm, ok := found[members.IdentityOf(m.Email)]; ok {
			out[liveKey(lm)] = m.Email
		}
	}
	return out, unasked
}
