package plan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// Gate says why a member may not be added to or promoted on a list, and
// why nobody may be added to a list: the file's own findings
// (policies.Gate). A nil Gate blocks nothing.
type Gate interface {
	// Blocked says why email may not be added to or promoted on list.
	Blocked(list, email string) string
	// Full says why no one may be added to list.
	Full(list string) string
	// Unadmitted says why the entry for email does not admit them to
	// list in role, their role on the live group ("" when it does).
	Unadmitted(list, email string, role members.Role) string
}

// Observed is what was read of one list's live side.
type Observed struct {
	List *members.List
	Have Live
	// Aliases maps the identity of a file entry to the live member Google
	// resolves its address to, when listed under another address.
	Aliases map[string]directory.Member
	// Missing: the group does not exist.
	Missing bool
	// Err: the live side could not be read; nothing is planned.
	Err error
	// Unread says why the live side was not read at all (a pull
	// request's plan of a group the change names anew): the plan shows
	// what the file alone says of the list (see List.Unread).
	Unread string
	// MovedFrom, for an unread list, names the other members file that
	// manages its group at the base, which the change moves the list in
	// from: sync follows the move once it is merged (Takeover.MovedFrom).
	MovedFrom string
	// strangers counts live members the file does not list, after
	// aliases; strangerMembers are they.
	strangers       int
	strangerMembers []directory.Member
	// formerAliases maps the identity of a stranger to the address an
	// earlier version of the file listed them under on this list, which
	// Google resolves to them (see ResolveFormer).
	formerAliases map[string]string
	// aliasesUnknown: the file's own entries were too many to look up
	// as aliases, so a stranger may still be one of them.
	aliasesUnknown bool
	// unaskedAdds: a stranger at a domain no list uses may be one of the
	// file's entries to add, which no look-up asked about (see
	// aliasCandidates): apply finds out when Google answers the addition.
	unaskedAdds bool
	// demotions are the file's demotions of the group's live owners
	// (demoted), found once the aliases are known, for every question
	// the run asks of them.
	demotions []Demoted
	// settingsErr is why the group's settings could not be read; its
	// members were.
	settingsErr error
	// candidates are the entries to look up as aliases of pending, the
	// strangers, until finish does.
	candidates []*members.Member
	pending    map[string]directory.Member
	// groupChecks are the entries to add to a list whose policy does
	// not allow groups, to ask Google whether they are one (groupsOf),
	// until finish does; groups are those Google says are.
	groupChecks []*members.Member
	groups      map[string]bool
	// groupsErr is why Google would not say whether the entries of
	// unchecked are groups.
	groupsErr error
	unchecked map[string]bool
	// ownDomains are the Workspace's domains as ObserveOptions.Domains
	// gives them: a look-up refused there is the scope's refusal.
	ownDomains map[string]bool
	// names are the group's other addresses Google gave (its own and
	// its aliases), read for a list that keeps strangers: the file may
	// have listed the group under any of them, and took someone off
	// under whichever it wrote then.
	names []string
}

// ObserveOptions tune Observe.
type ObserveOptions struct {
	// Concurrency bounds the lists read at once, and the alias look-ups
	// in flight (0: 8). Pages of different groups are in flight at once;
	// the provider's rate limit keeps them under the quota.
	Concurrency int
	// Settings reads the group settings of lists whose policy pins any.
	// The pull-request plan leaves them out: their scope can write.
	Settings bool
	// Domains are the Workspace's own domains (the domains of its google
	// lists' groups). Google resolves aliases only of its own users, so
	// an entry elsewhere (gmail.com, another company) is never looked up
	// as a possible alias: it is simply new. Nil looks up any domain.
	Domains map[string]bool
	// Unseen names the file entries matched with no live member (see
	// Input.Unseen): they are never looked up as aliases either, since
	// Google's answer would say whether they are on the group.
	Unseen func(list, email string) bool
	// Unmade names the file entries the plan will not add (the file's
	// gate blocks them, or the list is full): they are looked up as
	// aliases of a stranger at any domain that may be the Workspace's,
	// since no addition will find them (see aliasCandidates).
	Unmade func(list, email string) bool
	// Read, when set, is told of each list once its group is read (err
	// nil) or has failed, one call at a time: a run over thousands of
	// groups shows how far it got.
	Read func(list string, err error)
}

// Observe reads the live state of each list through its provider, lists
// concurrently. It never writes.
func Observe(ctx context.Context, f *members.File, lists []*members.List, providers map[string]directory.Provider, opts ObserveOptions) []Observed {
	out := make([]Observed, len(lists))
	limit := opts.Concurrency
	if limit <= 0 {
		limit = 8
	}
	var g errgroup.Group
	g.SetLimit(limit)
	// The run's reads stop once Google failed those of a few groups in
	// a row (see streak): the reads in flight are cut short, with the
	// cause, and no other group is read.
	readCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var told sync.Mutex
	brake := &streak{counts: readFailing, onTrip: func(last error) {
		stop(fmt.Errorf("the run's last %d group reads got no answer, a server error try after try, or no end in their time (the last: %w): Google is failing them, and this list is left for the next run", failingInRow, last))
	}}
	for i, l := range lists {
		g.Go(func() error {
			o, read := Observed{List: l}, readCtx.Err() == nil
			if read {
				o = observe(readCtx, f, l, providers[l.ID], opts, limit)
			}
			switch cause := context.Cause(readCtx); {
			case cause != nil && ctx.Err() == nil && (!read || o.Err != nil):
				// Cut short by the brake, or never started: not failed
				// on its own.
				o = Observed{List: l, Err: cause}
			default:
				brake.record(members.IdentityOf(l.Address), o.Err)
			}
			out[i] = o
			if opts.Read != nil {
				told.Lock()
				opts.Read(l.ID, o.Err)
				told.Unlock()
			}
			return nil
		})
	}
	_ = g.Wait()
	budgetAliases(out)
	answerGroupChecks(ctx, out, providers, limit)
	for i := range out {
		g.Go(func() error {
			finish(ctx, f, &out[i], providers[out[i].List.ID], limit)
			return nil
		})
	}
	_ = g.Wait()
	return out
}

func observe(ctx context.Context, f *members.File, l *members.List, prov directory.Provider, opts ObserveOptions, limit int) Observed {
	o := Observed{List: l}
	pol := f.PolicyOf(l)
	if pol == nil || prov == nil {
		o.Err = errors.New("no policy or provider for this list")
		return o
	}
	var err error
	o.Have.Members, err = prov.Members(ctx, l.Address)
	if rc, ok := prov.(directory.ReadClock); ok && err == nil {
		o.Have.ReadAt = rc.MembersReadAt(l.Address)
	}
	if errors.Is(err, directory.ErrGroupNotFound) {
		o.Missing = true
		if l.Create {
			// Sync creates the group and adds everyone: each is asked
			// first, as for a group that exists.
			o.groupChecks = groupChecks(pol, l, f.MembersOf(l.ID))
			o.ownDomains = opts.Domains
		}
		return o
	}
	if err != nil {
		o.Err = err
		return o
	}
	if sp, ok := prov.(directory.SettingsProvider); ok && opts.Settings && len(pol.Settings) > 0 {
		if o.Have.Settings, err = sp.Settings(ctx, l.Address); err != nil {
			if ctx.Err() != nil {
				o.Err = err
				return o
			}
			// The members were read: they are planned and synced, and
			// the settings the run could not read are the list's problem,
			// not a reason to leave its members as they are.
			o.Have.Settings, o.settingsErr = nil, err
		}
	}
	want := f.MembersOf(l.ID)
	if opts.Unseen != nil {
		want = slices.DeleteFunc(slices.Clone(want), func(m *members.Member) bool { return opts.Unseen(l.ID, m.Email) })
	}
	absent, strangers := unmatched(want, o.Have.Members)
	if len(strangers) > 0 {
		// One inbox spelled another way (bob+x@ in the file, bob@ on the
		// group) is the member the entry names: matched at no cost, so
		// that sync neither adds a second spelling nor calls the first a
		// walk-in the file cannot name (validate refuses two entries of
		// one mailbox).
		o.Aliases = sameMailbox(absent, strangers)
		for _, lm := range o.Aliases {
			delete(strangers, lm.ID)
		}
		absent = slices.DeleteFunc(absent, func(m *members.Member) bool { _, ok := o.Aliases[members.IdentityOf(m.Email)]; return ok })
	}
	if len(strangers) > 0 && l.Provider != members.ProviderCSV {
		var unmade func(string) bool
		if opts.Unmade != nil {
			unmade = func(email string) bool { return opts.Unmade(l.ID, email) }
		}
		o.candidates = aliasCandidates(absent, strangers, opts.Domains, unmade)
		o.unaskedAdds = elsewhereUnasked(absent, o.candidates, strangers, opts.Domains)
		if len(o.candidates) > MaxAliasLookups {
			o.candidates = nil // an adoption, not a few spellings
			o.aliasesUnknown = true
		}
	}
	o.pending = strangers
	o.groupChecks, o.ownDomains = groupChecks(pol, l, absent), opts.Domains
	return o
}

// finish looks up o's alias candidates (those the run's budget left
// it), and counts the strangers that remain.
func finish(ctx context.Context, f *members.File, o *Observed, prov directory.Provider, limit int) {
	if o.groupsErr != nil {
		o.unchecked = map[string]bool{}
		for _, m := range o.groupChecks {
			if !o.groups[members.IdentityOf(m.Email)] {
				o.unchecked[members.IdentityOf(m.Email)] = true
			}
		}
	}
	o.groupChecks = nil
	if o.pending == nil {
		// Not read, or nobody on the group the file does not name:
		// no alias to resolve first.
		o.findDemotions(f)
		return
	}
	strangers := o.pending
	o.pending = nil
	l := o.List
	found, err := resolveAliases(ctx, prov, l.Address, o.candidates, strangers, limit)
	o.candidates = nil
	if err != nil {
		o.Err = err
		return
	}
	for key, lm := range found {
		if o.Aliases == nil {
			o.Aliases = map[string]directory.Member{}
		}
		o.Aliases[key] = lm
		delete(strangers, lm.ID)
	}
	o.strangers = len(strangers)
	for _, lm := range strangers {
		o.strangerMembers = append(o.strangerMembers, lm)
	}
	pol := f.PolicyOf(l)
	o.findDemotions(f)
	if gr, ok := prov.(directory.GroupReader); ok && pol != nil && l.Provider != members.ProviderCSV &&
		(o.strangers > 0 && pol.Unmanaged == members.UnmanagedReport || len(o.demotions) > 0) {
		// Whom the file took off, or demoted, is read from history by
		// group: asked once (the client remembers it for the run), and
		// skipped when the scope is not granted, as before.
		if g, err := gr.Group(ctx, l.Address); err == nil {
			o.names = g.Addresses()
		}
	}
}

// AssembleOptions tune Assemble.
type AssembleOptions struct {
	// Source identifies the members file.
	Source Source
	// Gate blocks what the file's findings refuse; nil blocks nothing.
	Gate Gate
	// Listed is the file's history, when NeedsHistory asked for it; nil
	// with HistoryErr set makes the lists that needed it unreadable,
	// never a silent "keep".
	Listed     *Listed
	HistoryErr error
	// Unseen names, by list, the file entries matched with no live
	// member; give Observe the same (see Input.Unseen).
	Unseen func(list, email string) bool
	// Unmade names the file entries the plan will not add (the file's
	// gate blocks them, or the list is full): they are looked up as
	// aliases of a stranger at any domain that may be the Workspace's,
	// since no addition will find them (see aliasCandidates).
	Unmade func(list, email string) bool
}

// Assemble plans every observed list against the file.
func Assemble(f *members.File, obs []Observed, opts AssembleOptions) *Plan {
	p := &Plan{Version: FormatVersion, Source: opts.Source, Lists: make([]*List, len(obs))}
	entries := NewEntries(f)
	for i, o := range obs {
		p.Lists[i] = assemble(f, o, opts, entries)
	}
	p.Summarize()
	return p
}

func assemble(f *members.File, o Observed, opts AssembleOptions, entries *Entries) *List {
	l := o.List
	fail := func(err error) *List {
		return &List{ID: l.ID, Address: l.Address, Provider: string(l.Provider), Changes: []Change{}, Error: err.Error()}
	}
	if o.Err != nil {
		return fail(o.Err)
	}
	pol := f.PolicyOf(l)
	if pol == nil {
		return fail(errors.New("no policy for this list"))
	}
	if o.Unread != "" {
		return assembleUnread(f, o, pol, opts)
	}
	in := Input{Want: f.MembersOf(l.ID), Have: o.Have, Aliases: o.Aliases, File: opts.Source.File, ListedAliases: o.formerAliases, IsGroup: FileGroups(f)}
	in.gated(l.ID, opts)
	if opts.Listed != nil && opts.Listed.Unknown == "" && opts.HistoryErr == nil {
		in.ListedOwners = opts.Listed.OwnersOf(l.Address, o.names...)
	} else if len(o.demotions) > 0 {
		// Whether the file demoted them or someone made them owner by
		// hand is not known (no history, a shallow clone): their
		// demotion weighs, as an owner's removal would.
		in.OwnersUnknown = true
	}
	if o.strangers > 0 && pol.Unmanaged == members.UnmanagedReport {
		switch {
		case opts.HistoryErr != nil:
			return fail(fmt.Errorf("cannot tell whether members.toml ever listed the %d live members it does not list now: %w", o.strangers, opts.HistoryErr))
		case opts.Listed == nil:
			in.ListedUnknown = "no history of the members file was read"
		case opts.Listed.Unknown != "":
			in.ListedUnknown = opts.Listed.Unknown
		default:
			in.Listed = opts.Listed.Of(l.Address, o.names...)
		}
	} else if o.strangerOwns(pol) {
		// Which of the strangers owning the group the file took off:
		// their departure weighs against the owners left (former).
		// Without the history (a shallow clone), every one of them
		// weighs: an owner the file took off must not go for a walk-in.
		if opts.Listed != nil && opts.Listed.Unknown == "" && opts.HistoryErr == nil {
			in.Listed = opts.Listed.Of(l.Address, o.names...)
		} else {
			in.FormerUnknown = true
		}
	} else if o.strangers > 0 && opts.Listed != nil && opts.Listed.Unknown == "" && opts.HistoryErr == nil {
		// unmanaged = "remove": every stranger goes whatever history
		// says, but someone the file took off goes for the commit that
		// took them off, which the line names, not as a walk-in.
		in.Listed = opts.Listed.Of(l.Address, o.names...)
	}
	if len(o.groups) > 0 && pol.AllowGroups {
		// Groups the policy allows, made owner: no owner all the same.
		fileGroup := in.IsGroup
		in.IsGroup = func(email string) bool { return o.groups[members.IdentityOf(email)] || fileGroup(email) }
	} else if len(o.groups) > 0 {
		// Google says these addresses are groups: added, everyone in
		// them would receive the list's mail, if only until apply saw
		// the member's type and took it off again.
		blocked := in.Blocked
		in.Blocked = func(email string) string {
			if o.groups[members.IdentityOf(email)] {
				return fmt.Sprintf("%s is a group (Google says): everyone in it would receive the list's mail without a vetting record of their own, and policy %s does not allow groups (allow_groups); remove its entry, or set allow_groups = true", email, pol.ID)
			}
			if blocked == nil {
				return ""
			}
			return blocked(email)
		}
	}
	out := Compute(l, pol, in)
	out.GroupNames = o.names
	// Only an address: Google's answer becomes the audit log's filter
	// and a line of the plan.
	if own := OwnAddress(directory.Group{Email: o.Have.Settings["email"]}, l.Address); !directory.SameAddress(own, l.Address) {
		out.GroupAddress = own
	}
	if o.aliasesUnknown {
		// The file's new entries were too many to look up as aliases: a
		// removal may be someone one of them names, whom sync keeps
		// when the addition finds them. The plan must not promise it.
		out.AliasesUnknown = true
		adds := 0
		for _, c := range out.Changes {
			if c.Action == ActionAdd {
				adds++
			}
		}
		for i := range out.Changes {
			// Google resolves aliases only to its own users: a member
			// at a consumer provider's domain is nobody's alias.
			if c := &out.Changes[i]; c.Action == ActionRemove && !WholeDomain(c.Email) && mayBeUser(c.Email) {
				c.MayBeAddition = true
				c.Reason += fmt.Sprintf("; unless one of the %d additions is this member under another address (too many to look up one by one): sync adds first, and then keeps them, and removes them only once every addition is made (none BLOCKED or failing)", adds)
			}
		}
	}
	if o.unaskedAdds && !o.aliasesUnknown {
		// An entry written with the alias of a user at a domain no list
		// uses is added, not looked up: Google answers "already a
		// member" and apply keeps that user. The plan must not promise
		// their removal.
		for i := range out.Changes {
			if c := &out.Changes[i]; c.Action == ActionRemove && !c.MayBeAddition && !WholeDomain(c.Email) && !c.Group && mayBeUser(c.Email) && !isUser(directory.Member{Email: c.Email}, o.ownDomains) {
				c.MayBeAddition = true
				c.Reason += "; unless one of this list's additions is this member under another address (an alias of a user at a domain no list uses, which only Google can tell): sync adds first, and then keeps them"
			}
		}
	}
	if o.groupsErr != nil {
		// Not a failure of the run: the group-read scope is recommended,
		// not required. The reviewer reads, on each addition, what stands
		// between a group and the list.
		for i := range out.Changes {
			if c := &out.Changes[i]; c.Action == ActionAdd && o.unchecked[members.IdentityOf(c.Email)] {
				c.Reason += fmt.Sprintf("; whether it is a group could not be asked (%v; grant the scope https://www.googleapis.com/auth/admin.directory.group.readonly): if it is one, sync takes it off again as soon as its addition says so", o.groupsErr)
			}
		}
	}
	if o.settingsErr != nil {
		// Settings not read may let more people in than the policy
		// allows: nobody new until they are read and pinned, as apply
		// holds additions when a pin fails. Removals and demotions go
		// ahead.
		for i := range out.Changes {
			if c := &out.Changes[i]; c.Phase() == 1 && c.Blocked == "" {
				c.Blocked = "the group's settings could not be read, so whether it is open wider than its policy is unknown; nobody is added or promoted until they are read and pinned"
			}
		}
		out.Problems = append(out.Problems, fmt.Sprintf("its settings could not be read, so they were not checked or pinned (its members were; removals go ahead, additions wait): %v", o.settingsErr))
	}
	for i, u := range out.Unmanaged {
		if in.Unseen != nil && in.Unseen(u.Email) {
			continue // a stranger to this plan, whatever the file says
		}
		out.Unmanaged[i].Elsewhere = elsewhere(entries, l.ID, u)
	}
	for i, c := range out.Changes {
		if c.Action != ActionRemove || in.Unseen != nil && in.Unseen(c.Email) {
			continue
		}
		out.Changes[i].Elsewhere = elsewhere(entries, l.ID, LiveMember{Email: c.Email})
	}
	out.GroupMissing = o.Missing
	out.Create = o.Missing && l.Create && l.Provider == members.ProviderGoogle
	out.Checklist = l.Provider == members.ProviderCSV
	if out.Create {
		out.Settings = creationSettings(pol)
		if len(out.Settings) == 0 {
			out.Unpinned = pol.ID
		}
	}
	return out
}

// creationSettings are the settings a group created by roster gets
// pinned before its first member is added: every setting the policy
// pins, from Google's defaults for a new group (unknown here: shown as
// unset).
func creationSettings(p *members.Policy) []SettingChange {
	var out []SettingChange
	for _, s := range p.Settings {
		spec, ok := members.SettingSpecByKey(s.Name)
		if !ok {
			continue
		}
		out = append(out, SettingChange{Name: s.Name, Field: spec.Field, Desired: s.Value})
	}
	return out
}

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

// sameMailbox matches the missing entries to the live strangers that
// are the same mailbox (members.MailboxOf: a +tag added or dropped):
// entry identity -> the stranger, the first by address when several
// are; nil when none is.
func sameMailbox(missing []*members.Member, strangers map[string]directory.Member) map[string]directory.Member {
	if len(missing) == 0 {
		return nil
	}
	byMailbox := map[string][]directory.Member{}
	for _, lm := range strangers {
		if lm.Email != "" && lm.Type != "GROUP" && lm.Type != "CUSTOMER" {
			k := members.MailboxOf(lm.Email)
			byMailbox[k] = append(byMailbox[k], lm)
		}
	}
	for _, cands := range byMailbox {
		slices.SortFunc(cands, func(a, b directory.Member) int { return strings.Compare(a.Email, b.Email) })
	}
	var out map[string]directory.Member
	taken := map[string]bool{}
	for _, m := range missing {
		for _, lm := range byMailbox[members.MailboxOf(m.Email)] {
			if !taken[lm.ID] {
				if out == nil {
					out = map[string]directory.Member{}
				}
				out[members.IdentityOf(m.Email)] = lm
				taken[lm.ID] = true
				break
			}
		}
	}
	return out
}

// FileGroups is an Input.IsGroup for f: whether an address is the group
// of one of its lists.
func FileGroups(f *members.File) func(email string) bool {
	return func(email string) bool { return f.ListAt(email) != nil }
}
