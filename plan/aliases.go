package plan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/visible"
	"github.com/roster-dev/roster/internal/words"
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
//
// A Workspace may have domains no list uses (sam@example.net beside
// lists at example.org), whose users roster cannot tell from outsiders.
// An entry that will be added needs no look-up for them: Google answers
// its addition "already a member", and apply matches the two. One that
// will not be added (blocked, per unmade) never asks, so it is looked up
// whenever such a stranger is on the group: otherwise the member it
// names is removed for want of the entry that would have kept them.
func aliasCandidates(missing []*members.Member, strangers map[string]directory.Member, domains map[string]bool, unmade func(email string) bool) []*members.Member {
	names := map[string]bool{}
	elsewhere := false
	for _, s := range strangers {
		switch {
		case isUser(s, domains):
			names[localOf(s.Email)] = true
		case s.Email != "" && s.Type != "GROUP" && s.Type != "CUSTOMER" && mayBeUser(s.Email):
			elsewhere = true
		}
	}
	if len(names) == 0 && !elsewhere {
		return nil
	}
	var out []*members.Member
	for _, m := range missing {
		d := domainOf(m.Email)
		switch {
		case len(names) > 0 && (domains == nil || domains[d] || names[localOf(m.Email)] && !consumerDomains[d]):
		case elsewhere && unmade != nil && !consumerDomains[d] && unmade(m.Email):
		default:
			continue
		}
		out = append(out, m)
	}
	return out
}

// elsewhereUnasked reports whether a stranger at a domain no list uses
// (a user of the Workspace, perhaps, whom roster cannot tell from an
// outsider) may be one of the entries to add that no look-up asks about
// (not among candidates, at a domain that could be an alias domain).
func elsewhereUnasked(absent, candidates []*members.Member, strangers map[string]directory.Member, domains map[string]bool) bool {
	elsewhere := false
	for _, s := range strangers {
		if !isUser(s, domains) && s.Email != "" && s.Type != "GROUP" && s.Type != "CUSTOMER" && mayBeUser(s.Email) {
			elsewhere = true
			break
		}
	}
	if !elsewhere {
		return false
	}
	for _, m := range absent {
		if !consumerDomains[domainOf(m.Email)] && !slices.Contains(candidates, m) {
			return true
		}
	}
	return false
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

// Domains returns the domains of a file's google lists' groups: the
// Workspace's own domains, for ObserveOptions.Domains.
func Domains(f *members.File) map[string]bool {
	out := map[string]bool{}
	for _, l := range f.Lists {
		if l.Provider == members.ProviderGoogle {
			if d := domainOf(l.Address); d != "" {
				out[d] = true
			}
		}
	}
	return out
}

// Alias is a file entry Google knows under another address: an alias or
// former address of a live member. The live member is matched to the
// entry, never removed for it.
type Alias struct {
	File string `json:"file"` // as members.toml writes it
	Live string `json:"live"` // the primary address Google lists
	// LiveLookalike is Change.Lookalike, of Live.
	LiveLookalike string `json:"live_lookalike,omitempty"`
	// SameMailbox: the two are one inbox spelled two ways (a +tag
	// added or dropped), found without asking Google.
	SameMailbox bool `json:"same_mailbox,omitempty"`
}

// Why says how the file's address and the live one are one member.
func (a Alias) Why() string {
	if a.SameMailbox {
		return "the same mailbox, another spelling"
	}
	return "an alias or a former address"
}

// Advice says what to do about a in file: write the address Google
// has, except where that address only looks like an ASCII one (a
// look-alike, which validate refuses) or is masked (a pull request's
// plan does not say it).
func (a Alias) Advice(file string) string {
	// A look-alike first: a redacted plan masks the address and keeps
	// its mark (LiveLookalike), and the warning must not turn into
	// "write the address Google has".
	if a.LiveLookalike != "" || Lookalike(a.Live) != "" {
		return "the address Google has for it only looks like a plain one: check that the account is the person vetted before anything else, and keep " + visible.Line(a.File) + " in " + file + " (validate refuses a look-alike address)"
	}
	if Masked(a.Live) {
		return "write the address Google has for it in " + file
	}
	return "write " + visible.Line(a.Live) + " in " + file
}

// holdForUnmadeAdds returns second without the removals a list whose
// aliases were too many to look up (List.AliasesUnknown) cannot make
// yet: while one of its additions was not made (BLOCKED, refused,
// failing, interrupted), that addition may be the very member a removal
// would take off, under another address, which only the addition would
// have found (Google answers it with "already a member"). Each waits,
// failed and named, until the additions are made or taken out of the
// file; a whole-domain member is nobody's alias.
func (a *applier) holdForUnmadeAdds(ctx context.Context, l *List, second []Change, r *ListResult) []Change {
	if !l.AliasesUnknown || ctx.Err() != nil {
		return second // interrupted: not made, and not held either
	}
	made := map[string]bool{}
	for _, c := range r.Applied {
		made[members.IdentityOf(c.Email)] = true
	}
	var unmade []string
	for _, c := range l.Changes {
		if c.Action == ActionAdd && !made[members.IdentityOf(c.Email)] {
			unmade = append(unmade, c.Email)
		}
	}
	if len(unmade) == 0 {
		return second
	}
	named := strings.Join(unmade[:min(3, len(unmade))], ", ")
	if len(unmade) > 3 {
		named += fmt.Sprintf(" and %d more", len(unmade)-3)
	}
	var rest []Change
	for _, c := range second {
		if c.Action != ActionRemove || !c.MayBeAddition {
			rest = append(rest, c)
			continue
		}
		r.Failed = append(r.Failed, Failure{Change: c, Err: fmt.Errorf("%w: %s to %s %s not made (%s), and the file's new entries were too many to look up one by one: any of them may be this member under another address, which only its addition finds; the removal waits until they are made, or taken out of the file",
			ErrSkipped, words.Plural(len(unmade), "addition"), l.Address, words.Pick(len(unmade), "was", "were"), named)})
	}
	return rest
}

// mayBeUser reports whether email may be a user of the Workspace, whom
// an entry may name at an alias: any address but a consumer provider's
// (gmail.com, outlook.com, ...), whose accounts are no Workspace's. Not
// only the domains of the lists' groups: a Workspace may have others
// (sam@example.net beside lists at example.org), which roster does not
// know.
func mayBeUser(email string) bool { return !consumerDomains[domainOf(email)] }
