package plan

import (
	"context"
	"errors"
	"sync"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// Build reads the live state of each list through its provider and plans
// it against the file. Lists are read concurrently; a list whose group
// does not exist is planned as all adds, one that cannot be read carries
// its error and no changes. Build never writes.
func Build(ctx context.Context, f *members.File, lists []*members.List, providers map[string]directory.Provider, source Source) *Plan {
	p := &Plan{Version: FormatVersion, Source: source, Lists: make([]*List, len(lists))}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, l := range lists {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			p.Lists[i] = buildList(ctx, f, l, providers[l.ID])
		}()
	}
	wg.Wait()
	p.Summarize()
	return p
}

func buildList(ctx context.Context, f *members.File, l *members.List, prov directory.Provider) *List {
	pol := f.PolicyOf(l)
	if pol == nil || prov == nil {
		return &List{ID: l.ID, Address: l.Address, Provider: string(l.Provider), Changes: []Change{}, Error: "no policy or provider for this list"}
	}
	var have Live
	var err error
	have.Members, err = prov.Members(ctx, l.Address)
	missing := errors.Is(err, directory.ErrGroupNotFound)
	if err != nil && !missing {
		return &List{ID: l.ID, Address: l.Address, Provider: string(l.Provider), Changes: []Change{}, Error: err.Error()}
	}
	if sp, ok := prov.(directory.SettingsProvider); ok && len(pol.Settings) > 0 && !missing {
		if have.Settings, err = sp.Settings(ctx, l.Address); err != nil {
			return &List{ID: l.ID, Address: l.Address, Provider: string(l.Provider), Changes: []Change{}, Error: err.Error()}
		}
	}
	out := Compute(l, pol, f.MembersOf(l.ID), have)
	out.GroupMissing = missing
	out.Checklist = l.Provider == members.ProviderCSV
	return out
}
