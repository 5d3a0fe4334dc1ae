package plan

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// A list whose policy does not allow groups never receives one: before
// any addition, Google is asked whether each address sync is about to
// add is a group (groups.get, or past a few one listing of the
// Workspace's groups), and one that is, is blocked (see assemble).

// groupChecks are the entries of ms, to be added to l, that Google is
// asked about (groups.get) before any is added, when l's policy does not
// allow groups: every one but those at a mail provider's own domain,
// where no Workspace holds a group. Not only the domains of the file's
// lists: a group at another domain of the same Workspace (a secondary
// or alias domain, a subdomain) is as much a group.
//
// Under allow_groups, only the entries to add as owners are asked: a
// group made owner is no person to own the list, and the owners'
// guard must count it as none before it is on the group, as after.
func groupChecks(pol *members.Policy, l *members.List, ms []*members.Member) []*members.Member {
	if l.Provider == members.ProviderCSV {
		return nil
	}
	var out []*members.Member
	for _, m := range ms {
		if role, _ := m.RoleOn(l.ID); pol.AllowGroups && role != members.RoleOwner {
			continue
		}
		if !consumerDomains[domainOf(m.Email)] {
			out = append(out, m)
		}
	}
	return out
}

// GroupLookupsBeforeListing is how many groups.get a run makes, across
// its lists, to ask whether the addresses it adds are groups, before it
// lists the Workspace's groups instead (groups.list, 200 a page): a few
// new entries are asked one by one; a thousand, an import, are one
// listing of a few pages.
const GroupLookupsBeforeListing = 25

// answerGroupChecks answers every list's group checks: whether each
// address sync is about to add to it is a group. Each address is asked
// once per provider (groups.get), however many lists add it; past
// GroupLookupsBeforeListing addresses in all, the Workspace's groups are
// listed instead (groups.list, through a provider that can), and a
// listing that fails falls back to asking. Each list gets the answers
// for its own checks, and the error, if any, of its provider's ask.
func answerGroupChecks(ctx context.Context, obs []Observed, providers map[string]directory.Provider, limit int) {
	type ask struct {
		ms   []*members.Member
		seen map[string]bool
		own  map[string]bool
		obs  []*Observed
	}
	asks := map[directory.Provider]*ask{}
	var order []directory.Provider
	total := 0
	for i := range obs {
		o := &obs[i]
		prov := providers[o.List.ID]
		if len(o.groupChecks) == 0 || prov == nil {
			continue
		}
		a := asks[prov]
		if a == nil {
			a = &ask{seen: map[string]bool{}, own: o.ownDomains}
			asks[prov] = a
			order = append(order, prov)
		}
		for _, m := range o.groupChecks {
			if id := members.IdentityOf(m.Email); !a.seen[id] {
				a.seen[id] = true
				a.ms = append(a.ms, m)
				total++
			}
		}
		a.obs = append(a.obs, o)
	}
	for _, prov := range order {
		a := asks[prov]
		found, err, listed := map[string]bool(nil), error(nil), false
		if gl, ok := prov.(directory.GroupLister); ok && total > GroupLookupsBeforeListing {
			if gs, lerr := gl.AllGroups(ctx); lerr == nil {
				all := map[string]bool{}
				for _, g := range gs {
					for _, addr := range g.Addresses() {
						all[members.IdentityOf(addr)] = true
					}
				}
				found, listed = groupsIn(all, a.ms), true
			}
		}
		if !listed {
			found, err = groupsOf(ctx, prov, a.ms, limit, a.own)
		}
		for _, o := range a.obs {
			o.groups, o.groupsErr = groupsIn(found, o.groupChecks), err
		}
	}
}

// groupsIn is the identities of ms that all holds (a listing of every
// group's addresses, or the answers of groupsOf).
func groupsIn(all map[string]bool, ms []*members.Member) map[string]bool {
	var out map[string]bool
	for _, m := range ms {
		if id := members.IdentityOf(m.Email); all[id] {
			if out == nil {
				out = map[string]bool{}
			}
			out[id] = true
		}
	}
	return out
}

// groupsOf asks Google which of ms are groups (groups.get), at most
// limit at once, by identity. Every entry is asked, however many: a
// look-up skipped is a group written to the list for a moment, until
// apply reads the added member's type and takes it off again. A provider
// that cannot read groups says nothing; a look-up Google refuses at one
// of own, the Workspace's domains (nil: any), is the group-read scope
// not granted: it stops the rest, which would be refused alike, and is
// returned. Elsewhere a refusal says only that the address is not the
// Workspace's to tell.
func groupsOf(ctx context.Context, prov directory.Provider, ms []*members.Member, limit int, own map[string]bool) (map[string]bool, error) {
	gr, ok := prov.(directory.GroupReader)
	if !ok || len(ms) == 0 {
		return nil, nil
	}
	found := make([]bool, len(ms))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for i, m := range ms {
		g.Go(func() error {
			grp, err := gr.Group(gctx, m.Email)
			switch {
			case err == nil:
				found[i] = grp.Email != ""
			case !errors.Is(err, directory.ErrGroupNotFound) && gctx.Err() == nil && (own == nil || own[domainOf(m.Email)]):
				return fmt.Errorf("asking Google whether %s is a group: %w", m.Email, err)
			}
			return nil
		})
	}
	err := g.Wait()
	var out map[string]bool
	for i, ok := range found {
		if ok {
			if out == nil {
				out = map[string]bool{}
			}
			out[members.IdentityOf(ms[i].Email)] = true
		}
	}
	return out, err
}
