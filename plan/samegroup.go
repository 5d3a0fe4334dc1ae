package plan

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
)

// OneGroup refuses the lists of p that write to one Google group under
// two addresses: Google resolves a group's aliases (and its domain
// aliases) to the group, which the file cannot see, so a list written
// at sec-team@ can be the group another list manages at security@.
// Each would take off whom the other adds, and the people a pull
// request put on the second list would join the first one's group with
// only the approvals a new list needs. Such lists are neither synced
// nor planned: their Error says which list shares the group and what to
// do.
//
// Only the lists the run would write to, or whose walk-ins it reports,
// are asked about (groups.get, one call each, concurrency at a time):
// two lists on one group always differ somewhere, since each takes the
// other's people for strangers. A provider that cannot read groups (a
// CSV export, a token without the group read scope) is not asked, and
// the run goes on as before; doctor says when the scope is missing.
//
// It returns why some lists could not be asked (the group read scope
// not granted, Google not answering), for the run to say: two lists on
// one group then go unnoticed.
func OneGroup(ctx context.Context, f *members.File, p *Plan, providers map[string]directory.Provider, concurrency int) (unchecked string) {
	var asked []*List
	for _, l := range p.Lists {
		if l.Error == "" && l.Unread == "" && !l.GroupMissing && !l.Create &&
			(len(l.Changes) > 0 || len(l.Settings) > 0 || len(l.Unmanaged) > 0 || len(l.Unvetted) > 0) {
			if _, ok := providers[l.ID].(directory.GroupReader); ok {
				asked = append(asked, l)
			}
		}
	}
	if len(asked) == 0 {
		return ""
	}
	ids := make([]*members.List, len(asked))
	for i, l := range asked {
		ids[i] = &members.List{ID: l.ID, Address: l.Address}
	}
	shared, group, found, unchecked := sharedGroups(ctx, f, ids, providers, concurrency)
	for i, l := range asked {
		if gr := found[i]; gr != nil {
			if own := OwnAddress(*gr, l.Address); l.GroupAddress == "" && !directory.SameAddress(own, l.Address) {
				l.GroupAddress = own
			}
			l.GroupNames = gr.Addresses()
		}
	}
	if len(shared) == 0 {
		return unchecked
	}
	for _, l := range p.Lists {
		others := shared[l.ID]
		if len(others) == 0 {
			continue
		}
		names := make([]string, 0, len(others))
		for id := range others {
			names = append(names, id)
		}
		sort.Strings(names)
		var named []string
		for _, id := range names {
			address := id
			if o := f.List(id); o != nil {
				address = o.Address
			}
			named = append(named, fmt.Sprintf("list %s's %s", id, address))
		}
		l.Error = fmt.Sprintf("Google resolves %s and %s to one group, %s (a group's aliases are the group): two lists on one group take off whom the other adds, so neither is planned or synced; keep one list for the group, with everyone it should hold, or point the other at a group of its own",
			l.Address, strings.Join(named, " and "), group[l.ID])
		l.SharedGroup = true
		l.Changes, l.Settings = []Change{}, nil
		l.Unmanaged, l.Unvetted, l.Aliases = nil, nil, nil
	}
	p.Summarize()
	return unchecked
}

// ListsByAddress indexes a file's lists by the identity of their
// address.
type ListsByAddress map[string]*members.List

// IndexAddresses indexes the lists of f by address, the first of two
// at one address (validate refuses them); nil for no file.
func IndexAddresses(f *members.File) ListsByAddress {
	if f == nil {
		return nil
	}
	out := make(ListsByAddress, len(f.Lists))
	for _, l := range f.Lists {
		if g := members.IdentityOf(l.Address); out[g] == nil {
			out[g] = l
		}
	}
	return out
}

// IDAt is the id of the list at address (its identity), "" for none.
func (x ListsByAddress) IDAt(address string) string {
	if l := x[members.IdentityOf(address)]; l != nil {
		return l.ID
	}
	return ""
}

// Others are the lists, other than the list id, at one of addresses
// (every address Google gives a group): lists that write to that group
// too.
func (x ListsByAddress) Others(id string, addresses []string) []*members.List {
	var out []*members.List
	for _, a := range addresses {
		if o := x[members.IdentityOf(a)]; o != nil && o.ID != id && !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

// OwnAddress is the group's own address as Google gave it in g, read
// for the address asked: only an address becomes a line of a plan or a
// log's filter (as the settings' is, in assemble); anything else Google
// sends gives the address asked.
func OwnAddress(g directory.Group, asked string) string {
	if _, err := members.ParseAddress(g.Email); err == nil {
		return g.Email
	}
	return asked
}

// sharedGroups asks Google for the group of each of lists (groups.get,
// concurrency at a time) and returns, per list id, the other lists of f
// on the same group, and that group's own address; the groups found
// (nil where none was); and why some could not be asked.
func sharedGroups(ctx context.Context, f *members.File, asked []*members.List, providers map[string]directory.Provider, concurrency int) (shared map[string]map[string]bool, group map[string]string, found []*directory.Group, unchecked string) {
	found = make([]*directory.Group, len(asked))
	failed := make([]error, len(asked))
	var g errgroup.Group
	g.SetLimit(max(concurrency, 1))
	for i, l := range asked {
		g.Go(func() error {
			gr, err := providers[l.ID].(directory.GroupReader).Group(ctx, l.Address)
			if err == nil {
				found[i] = &gr
			} else if !errors.Is(err, directory.ErrGroupNotFound) {
				failed[i] = err
			}
			return nil
		})
	}
	_ = g.Wait()

	// The file's lists: a list this run does not read (an incremental
	// run's) may be the other one.
	byAddress := IndexAddresses(f)
	shared = map[string]map[string]bool{} // list id -> the lists on its group
	group = map[string]string{}           // list id -> the group's own address
	byID := map[string]string{}           // group id -> the first list asked about it
	join := func(a, b, address string) {
		for _, pair := range [][2]string{{a, b}, {b, a}} {
			if shared[pair[0]] == nil {
				shared[pair[0]] = map[string]bool{}
			}
			shared[pair[0]][pair[1]] = true
			group[pair[0]] = address
		}
	}
	for i, l := range asked {
		gr := found[i]
		if gr == nil {
			continue
		}
		own := OwnAddress(*gr, l.Address)
		for _, other := range byAddress.Others(l.ID, gr.Addresses()) {
			join(l.ID, other.ID, own)
		}
		if gr.ID == "" {
			continue
		}
		if first, ok := byID[gr.ID]; ok && first != l.ID {
			join(l.ID, first, own)
		} else if !ok {
			byID[gr.ID] = l.ID
		}
	}
	n, first := 0, -1
	for i, err := range failed {
		if err != nil {
			if n++; first < 0 {
				first = i
			}
		}
	}
	if n > 0 && ctx.Err() == nil {
		// (Interrupted, the run says so, and no more.) A refusal is
		// mended by a grant; a call with no answer, or a server error,
		// by asking again: a grant never mends those.
		fix := "the next run asks again"
		if errors.Is(failed[first], directory.ErrForbidden) || errors.Is(failed[first], directory.ErrAuth) {
			fix = "grant https://www.googleapis.com/auth/admin.directory.group.readonly"
		}
		unchecked = fmt.Sprintf("could not ask Google which group %s (%s: %v): were its address an alias of another list's group, the two lists would take off whom the other adds, unnoticed; %s", words.Plural(n, "list")+" "+words.Pick(n, "is", "are"), asked[first].ID, failed[first], fix)
	}
	return shared, group, found, unchecked
}

// SharedGroups asks Google for the group of each of lists (those a
// provider can ask, groups.get each) and says, one line each, which
// lists of f write to one group under two addresses: what OneGroup
// refuses in a run, for a check (doctor) to say before one. unchecked
// is why some could not be asked.
func SharedGroups(ctx context.Context, f *members.File, lists []*members.List, providers map[string]directory.Provider, concurrency int) (lines []string, unchecked string) {
	var asked []*members.List
	for _, l := range lists {
		if _, ok := providers[l.ID].(directory.GroupReader); ok {
			asked = append(asked, l)
		}
	}
	if len(asked) == 0 {
		return nil, ""
	}
	shared, group, _, unchecked := sharedGroups(ctx, f, asked, providers, concurrency)
	ids := slices.Sorted(maps.Keys(shared))
	said := map[string]bool{}
	for _, id := range ids {
		if said[id] {
			continue
		}
		set := append([]string{id}, slices.Sorted(maps.Keys(shared[id]))...)
		var named []string
		for _, o := range set {
			said[o] = true
			address := o
			if l := f.List(o); l != nil {
				address = l.Address
			}
			named = append(named, fmt.Sprintf("%s (%s)", o, address))
		}
		lines = append(lines, fmt.Sprintf("lists %s are one group, %s: sync neither plans nor syncs them", strings.Join(named, " and "), group[id]))
	}
	return lines, unchecked
}
