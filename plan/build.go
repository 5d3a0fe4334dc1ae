package plan

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// Listed is who the members file listed on each list in its earlier
// versions: list id -> identity -> where it last did (a commit). Unknown,
// when set, says why that cannot be known (the file is not in git); the
// map is then nil.
type Listed struct {
	ByList  map[string]map[string]string
	Unknown string
}

// BuildOptions tune Build.
type BuildOptions struct {
	// Source identifies the members file.
	Source Source
	// Blocked says why a member may not be added to or promoted on a
	// list, and Full why nobody may be added to it; nil blocks nothing.
	Blocked func(list, email string) string
	Full    func(list string) string
	// Listed reads the file's history. Build calls it at most once, and
	// only when a list whose policy says unmanaged = "report" has live
	// members the file does not list: the common run reads no history.
	// An error (a shallow clone) makes those lists unreadable, never a
	// silent "keep".
	Listed func(ctx context.Context) (*Listed, error)
	// Concurrency bounds the lists read at once (0: 8).
	Concurrency int
}

// Build reads the live state of each list through its provider and plans
// it against the file. Lists are read concurrently; a list whose group
// does not exist is planned as all adds, one that cannot be read carries
// its error and no changes. Build never writes.
func Build(ctx context.Context, f *members.File, lists []*members.List, providers map[string]directory.Provider, opts BuildOptions) *Plan {
	p := &Plan{Version: FormatVersion, Source: opts.Source, Lists: make([]*List, len(lists))}
	listed := sync.OnceValues(func() (*Listed, error) {
		if opts.Listed == nil {
			return &Listed{Unknown: "no history of the members file was read"}, nil
		}
		return opts.Listed(ctx)
	})
	limit := opts.Concurrency
	if limit <= 0 {
		limit = 8
	}
	var g errgroup.Group
	g.SetLimit(limit)
	for i, l := range lists {
		g.Go(func() error {
			p.Lists[i] = buildList(ctx, f, l, providers[l.ID], opts, listed)
			return nil
		})
	}
	_ = g.Wait()
	p.Summarize()
	return p
}

func buildList(ctx context.Context, f *members.File, l *members.List, prov directory.Provider, opts BuildOptions, listed func() (*Listed, error)) *List {
	fail := func(err error) *List {
		return &List{ID: l.ID, Address: l.Address, Provider: string(l.Provider), Changes: []Change{}, Error: err.Error()}
	}
	pol := f.PolicyOf(l)
	if pol == nil || prov == nil {
		return fail(errors.New("no policy or provider for this list"))
	}
	in := Input{Want: f.MembersOf(l.ID)}
	if opts.Blocked != nil {
		in.Blocked = func(email string) string { return opts.Blocked(l.ID, email) }
	}
	if opts.Full != nil {
		in.Full = opts.Full(l.ID)
	}
	var err error
	in.Have.Members, err = prov.Members(ctx, l.Address)
	missing := errors.Is(err, directory.ErrGroupNotFound)
	if err != nil && !missing {
		return fail(err)
	}
	if sp, ok := prov.(directory.SettingsProvider); ok && len(pol.Settings) > 0 && !missing {
		if in.Have.Settings, err = sp.Settings(ctx, l.Address); err != nil {
			return fail(err)
		}
	}
	absent, strangers := unmatched(in.Want, in.Have.Members)
	if len(strangers) > 0 && l.Provider != members.ProviderCSV && len(absent) <= MaxAliasLookups {
		if in.Aliases, err = resolveAliases(ctx, prov, l.Address, absent, strangers); err != nil {
			return fail(err)
		}
		for _, lm := range in.Aliases {
			delete(strangers, lm.ID)
		}
	}
	if len(strangers) > 0 && pol.Unmanaged == members.UnmanagedReport {
		h, err := listed()
		if err != nil {
			return fail(fmt.Errorf("cannot tell whether members.toml ever listed the %d live members it does not list now: %w", len(strangers), err))
		}
		in.Listed, in.ListedUnknown = h.ByList[l.ID], h.Unknown
		if in.Listed == nil && h.Unknown == "" {
			in.Listed = map[string]string{}
		}
	}
	out := Compute(l, pol, in)
	out.GroupMissing = missing
	out.Checklist = l.Provider == members.ProviderCSV
	return out
}

// MaxAliasLookups bounds the members.get calls a plan makes per list to
// find file entries written with an alias: a list with more entries
// missing from the group than this is a large change (an adoption, a new
// list), not a few spellings, and is not looked up one by one. Apply
// still never removes a member an added alias turns out to be.
const MaxAliasLookups = 25

// unmatched compares the file's entries for a list with its live group:
// missing are the entries the group does not list, strangers the live
// members (by id) the file does not list.
func unmatched(want []*members.Member, have []directory.Member) (missing []*members.Member, strangers map[string]directory.Member) {
	ids := make(map[string]bool, len(want))
	for _, m := range want {
		ids[members.IdentityOf(m.Email)] = true
	}
	live := make(map[string]bool, len(have))
	strangers = make(map[string]directory.Member)
	for _, lm := range have {
		key := liveKey(lm)
		live[key] = true
		if !ids[key] {
			strangers[lm.ID] = lm
		}
	}
	for _, m := range want {
		if !live[members.IdentityOf(m.Email)] {
			missing = append(missing, m)
		}
	}
	return missing, strangers
}

// resolveAliases asks Google, for each file entry missing from the live
// group, which member its address names: an alias or a renamed account
// is listed under its primary address, and must be matched to its entry
// rather than removed and re-added on every run. One members.get per
// missing entry, and only while live members remain unexplained.
func resolveAliases(ctx context.Context, prov directory.Provider, group string, missing []*members.Member, strangers map[string]directory.Member) (map[string]directory.Member, error) {
	var out map[string]directory.Member
	resolved := make(map[string]bool)
	for _, m := range missing {
		if len(resolved) == len(strangers) {
			break
		}
		got, err := prov.Member(ctx, group, m.Email)
		switch {
		case errors.Is(err, directory.ErrMemberNotFound), errors.Is(err, directory.ErrNoAccount),
			errors.Is(err, directory.ErrInvalid), errors.Is(err, directory.ErrGroupNotFound):
			continue
		case err != nil:
			return nil, fmt.Errorf("look up %s: %w", m.Email, err)
		}
		lm, ok := strangers[got.ID]
		if !ok || resolved[got.ID] {
			continue
		}
		if out == nil {
			out = make(map[string]directory.Member)
		}
		out[members.IdentityOf(m.Email)] = lm
		resolved[got.ID] = true
	}
	return out, nil
}
