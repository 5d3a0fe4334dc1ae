package plan

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// Entries of the file written with an alias of a live member: Google
// lists the member under their primary address, so the entry would be
// added again and the member removed on every run, unless the alias is
// looked up (members.get of the entry's address on the group).

// MaxAliasLookups bounds the members.get calls a plan makes per list to
// find file entries written with an alias: a list with more candidates
// than this is a large change (an adoption), not a few spellings, and is
// not looked up one by one. Apply still never removes a member an added
// alias turns out to be, and never lowers a list's owners below
// min_owners through one.
const MaxAliasLookups = 25

// MaxAliasLookupsPerRun bounds the alias look-ups of a whole run: one
// stranger on each of many groups would otherwise cost a look-up of
// every new entry of every list. Lists past it, in the file's order,
// are planned as an adoption is (a removal may be an addition's alias,
// which apply finds when it adds).
const MaxAliasLookupsPerRun = 4 * MaxAliasLookups

// budgetAliases gives the lists, in order, the run's look-ups: a list
// whose candidates no longer fit is not looked up.
func budgetAliases(obs []Observed) {
	left := MaxAliasLookupsPerRun
	for i := range obs {
		o := &obs[i]
		switch n := len(o.candidates); {
		case n == 0:
		case n > left:
			o.candidates, o.aliasesUnknown = nil, true
		default:
			left -= n
		}
	}
}

// aliasCandidates are the missing entries that could be an alias of a
// live stranger: Google resolves aliases (and former addresses) only of
// the users of its own domains, so some stranger who is a user must be
// in one of them, and the entry too, or at a domain that could be one of
// its alias domains: an alias domain gives every user the address of the
// same name there (o1@example.net for o1@example.org), which only Google
// knows to be theirs. A plain new member at another domain, with no
// stranger of their name, costs no call.
func aliasCandidates(missing []*members.Member, strangers map[string]directory.Member, domains map[string]bool) []*members.Member {
	names := map[string]bool{}
	for _, s := range strangers {
		if isUser(s, domains) {
			names[localOf(s.Email)] = true
		}
	}
	if len(names) == 0 {
		return nil
	}
	var out []*members.Member
	for _, m := range missing {
		if domains == nil || domains[domainOf(m.Email)] || names[localOf(m.Email)] && !consumerDomains[domainOf(m.Email)] {
			out = append(out, m)
		}
	}
	return out
}

// consumerDomains are mail providers' own domains, which no Workspace
// can hold as an alias domain: an entry there is never looked up for a
// stranger of its name.
var consumerDomains = map[string]bool{"gmail.com": true, "googlemail.com": true, "outlook.com": true, "hotmail.com": true,
	"live.com": true, "yahoo.com": true, "icloud.com": true, "me.com": true, "proton.me": true, "protonmail.com": true, "aol.com": true}

// localOf is an address's name before the @, as Google compares them
// (case aside).
func localOf(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	return strings.ToLower(email[:at])
}

// isUser reports whether a live member may be a user of the
// Workspace's own domains (nil: any), whose aliases Google resolves.
func isUser(s directory.Member, domains map[string]bool) bool {
	return s.Email != "" && s.Type != "GROUP" && s.Type != "CUSTOMER" && (domains == nil || domains[domainOf(s.Email)])
}

func domainOf(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	return strings.ToLower(email[at+1:])
}

// resolveAliases asks Google, for each candidate entry, which member its
// address names: an alias or a renamed account is listed under its
// primary address, and must be matched to its entry rather than removed
// and re-added on every run. The look-ups run in parallel, at most limit
// at once.
func resolveAliases(ctx context.Context, prov directory.Provider, group string, candidates []*members.Member, strangers map[string]directory.Member, limit int) (map[string]directory.Member, error) {
	if len(candidates) == 0 {
		return nil, nil
	}
	found := make([]directory.Member, len(candidates))
	var g errgroup.Group
	g.SetLimit(limit)
	for i, m := range candidates {
		g.Go(func() error {
			got, err := prov.Member(ctx, group, m.Email)
			switch {
			case errors.Is(err, directory.ErrMemberNotFound), errors.Is(err, directory.ErrNoAccount),
				errors.Is(err, directory.ErrInvalid), errors.Is(err, directory.ErrGroupNotFound):
				return nil
			case err != nil:
				return fmt.Errorf("look up %s: %w", m.Email, err)
			}
			found[i] = got
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var out map[string]directory.Member
	resolved := make(map[string]bool)
	for i, got := range found {
		lm, ok := strangers[got.ID]
		if got.ID == "" || !ok || resolved[got.ID] {
			continue
		}
		if out == nil {
			out = make(map[string]directory.Member)
		}
		out[members.IdentityOf(candidates[i].Email)] = lm
		resolved[got.ID] = true
	}
	return out, nil
}

// GroupLookupsBeforeListing is how many groups.get a run makes, across
// its lists, to ask whether the addresses it adds are groups, before it
// lists the Workspace's groups instead (groups.list, 200 a page): a few
// new entries are asked one by one; a thousand, an import, are one
// listing of a few pages.
const GroupLookupsBeforeListing = 25

// listGroups lists the Workspace's groups once, through each provider
// that can (directory.GroupLister), when the lists' group checks are
// more than GroupLookupsBeforeListing, and gives each list the answer.
// A listing that fails leaves its lists to ask one by one.
func listGroups(ctx context.Context, obs []Observed, providers map[string]directory.Provider) {
	n := 0
	for _, o := range obs {
		n += len(o.groupChecks)
	}
	if n <= GroupLookupsBeforeListing {
		return
	}
	listed := map[directory.GroupLister]map[string]bool{}
	for i := range obs {
		o := &obs[i]
		gl, ok := providers[o.List.ID].(directory.GroupLister)
		if len(o.groupChecks) == 0 || !ok {
			continue
		}
		all, seen := listed[gl]
		if !seen {
			if gs, err := gl.AllGroups(ctx); err == nil {
				all = map[string]bool{}
				for _, g := range gs {
					for _, a := range g.Addresses() {
						all[members.IdentityOf(a)] = true
					}
				}
			}
			listed[gl] = all
		}
		o.allGroups = all
	}
}

// groupsIn is groupsOf answered from a listing of every group's
// addresses (identities).
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
