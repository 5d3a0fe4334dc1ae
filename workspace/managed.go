package workspace

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/visible"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// managed reads whom earlier versions of the members file listed on
// each group, for plans of lists whose policy says unmanaged = "report":
// someone the file took off a list is removed, whatever unmanaged says.
// History is keyed by the group's address, so a list renamed (or moved
// from another file) in the commit that takes someone off still takes
// them off; only the members file's own history, and that of a file a
// list moved from, up to the move, has a say (history.ListedByGroup). Outside git, or before the file's first commit, it says why
// it cannot tell; a shallow clone is an error.
func (w *Workspace) managed(ctx context.Context, op *openedFile) (*plan.Listed, error) {
	byGroup, err := w.listedByGroup(ctx, op)
	why, fix := "", "commit the file to git"
	switch {
	case errors.Is(err, history.ErrNotInGit) && w.gitEnvSet() != "":
		why, fix = "is not in a git repository roster reads", w.gitEnvSet()
	case errors.Is(err, history.ErrNotInGit):
		why = "is not in a git repository"
	case history.OnOrphanBranch(err):
		why, fix = "is on a branch with no commits yet (an orphan branch: other branches have commits)", "commit it on this branch, or check out the branch that has it"
	case errors.Is(err, history.ErrNoCommits):
		why = "is in a repository with no commits yet"
	case errors.Is(err, history.ErrUntracked):
		// A file just moved (git mv) has none under its new name until
		// the move is committed: committed with the change, history
		// follows it.
		why = "has no commits in git yet (if it was moved with git mv, commit the move and the change together, and history follows the move)"
	case err != nil:
		return nil, err
	}
	if why != "" {
		// The file as the command line named it: conf/r.toml, not r.toml
		// of the directory git runs in.
		return &plan.Listed{Unknown: fmt.Sprintf("%s %s, so roster cannot tell whether an earlier version listed them (a removal from the file would look the same); they are kept: %s", op.Path, why, fix)}, nil
	}
	return &plan.Listed{ByGroup: byGroup, RemovedAt: func(group, who string) (time.Time, bool) { return w.removedOn(ctx, op, group, who) }}, nil
}

// gitEnvSet says, when GIT_DIR or GIT_WORK_TREE is set, that roster
// ignores them, and what to do: git reads them, so a repository's
// environment could point every history question elsewhere. "" when
// neither is set.
func (w *Workspace) gitEnvSet() string { return gitEnvNote(w.env.Getenv) }

// ExplainNotInGit is err, with gitEnvNote's word added when it is git's
// "not in a git repository": every command that needs history (history,
// diff, show, audit --github-issue) says why, not only those that note
// it on their way.
func ExplainNotInGit(err error, getenv func(string) string) error {
	if note := gitEnvNote(getenv); note != "" && errors.Is(err, history.ErrNotInGit) {
		return fmt.Errorf("%w (%s)", err, note)
	}
	return err
}

// gitEnvNote is gitEnvSet of the environment getenv reads.
func gitEnvNote(getenv func(string) string) string {
	var set []string
	for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE"} {
		if getenv(k) != "" {
			set = append(set, k)
		}
	}
	if len(set) == 0 {
		return ""
	}
	return strings.Join(set, " and ") + " " + words.Pick(len(set), "is", "are") + " set, which roster ignores (git would read its history wherever they point); run roster in a checkout of the repository, whose .git is beside the members file or above it"
}

// ownersDemoted is, for plan.Listed.Owners, which of the demotions ds
// the file's history says it made: it listed the owner as owner since
// it last put them on the list (under the address it writes now, their
// live one, or across the files the list moved in from). One it cannot
// tell (a history read failing) is taken to be one, failing closed.
func (w *Workspace) ownersDemoted(ctx context.Context, op *openedFile, ds []plan.Demoted) map[string]map[string]bool {
	if len(ds) == 0 {
		return nil
	}
	tl, err := w.timeline(ctx, op)
	out := map[string]map[string]bool{}
	for _, d := range ds {
		owned := err != nil
		if !owned {
			var qerr error
			owned, qerr = tl.OwnerInStint(ctx, d.Group, d.Entry, d.Live)
			owned = owned || qerr != nil
		}
		for _, g := range d.Names {
			// The group's other addresses: the file may have listed it
			// under one until the commit that demoted them.
			if !owned && members.IdentityOf(g) != members.IdentityOf(d.Group) {
				owned = tl.OwnerBeforeRespelling(d.Group, g, d.Entry, d.Live)
			}
		}
		if owned {
			g := members.IdentityOf(d.Group)
			if out[g] == nil {
				out[g] = map[string]bool{}
			}
			out[g][members.MailboxOf(d.Live)] = true
			out[g][members.MailboxOf(d.Entry)] = true
		}
	}
	return out
}

// pullRequestLists keeps the lists a pull-request plan may read: those
// whose group, provider and snapshot the base already had; it returns the base
// file too. A change that adds a
// list, or points one at another group, is read only once it has
// been approved and merged: before that, its plan would print the
// members of any group the pull request names. Those lists are
// returned as unread, each saying why, for the plan to show what the
// file alone says of them: a plan that left them out would say the live
// groups match.
func (w *Workspace) pullRequestLists(ctx context.Context, op *openedFile, lists []*members.List, baseRev string) (read []*members.List, unread []plan.Observed, base *members.File, elsewhere []history.MovedList, err error) {
	dir, name := w.gitPath(ctx, op.Path)
	var broken string
	if base, broken, err = w.baseOf(ctx, dir, name, baseRev, ""); err != nil {
		return nil, nil, nil, nil, err
	}
	if broken != "" {
		// Which groups the base manages is unknown: none is read until
		// the change is merged, and each list is shown from the file.
		for _, l := range lists {
			w.notef("list %s: not read: %s", l.ID, broken)
			unread = append(unread, plan.Observed{List: l, Unread: broken + "; no group is read until the change is approved and merged"})
		}
		return nil, unread, base, nil, nil
	}
	known := map[string]*members.List{}
	for _, l := range base.Lists {
		known[members.IdentityOf(l.Address)] = l
	}
	// A list moved in from another members file manages a group the
	// base manages there; its people were on the group before the change
	// (the findings are judged so). Its group is still not read: that
	// file is no file this review gates (a pull request may have planted
	// it), and reading the group its list names would print its members
	// before anyone approved.
	elsewhere = w.movedIn(ctx, dir, name, baseRev, op.Rev, base, op.File)
	from := map[string]string{}
	for _, mv := range elsewhere {
		from[members.IdentityOf(mv.List.Address)] = mv.Path
	}
	for _, l := range lists {
		was, ok := known[members.IdentityOf(l.Address)]
		why := ""
		movedFrom := ""
		switch {
		case !ok && from[members.IdentityOf(l.Address)] != "":
			movedFrom = from[members.IdentityOf(l.Address)]
			w.notef("list %s: not read: its group %s is managed at the base by %s (a list moved in from it, or one group written in two files), and is read only once the change is approved and merged", l.ID, l.Address, movedFrom)
			why = fmt.Sprintf("its group is managed at the base by %s (a list moved in from it, or one group written in two files), and is read only once the change is approved and merged", movedFrom)
		case !ok:
			w.notef("list %s: not read: its group %s is new in this change, and is read only once the change is approved and merged", l.ID, l.Address)
			why = "its group is new in this change, and is read only once the change is approved and merged"
		case was.Provider != l.Provider:
			w.notef("list %s: not read: this change sets its provider to %s", l.ID, l.Provider)
			why = fmt.Sprintf("this change sets its provider to %s; its group is read only once the change is approved and merged", l.Provider)
		case was.Snapshot != l.Snapshot:
			w.notef("list %s: not read: this change points it at another snapshot, %s", l.ID, l.Snapshot)
			why = fmt.Sprintf("this change points it at another snapshot, %s, which is read only once the change is approved and merged", l.Snapshot)
		default:
			read = append(read, l)
			continue
		}
		unread = append(unread, plan.Observed{List: l, Unread: why, MovedFrom: movedFrom})
	}
	return read, unread, base, elsewhere, nil
}

// changedLists keeps the lists an incremental run must read: those whose
// group Google's audit log says changed in the window (the window is
// widened by the log's delay), and those whose entries changed in git in
// it. When the log cannot be read, or names a change without its group,
// every list is read: a missed hand change must never pass for none.
func (w *Workspace) changedLists(ctx context.Context, op *openedFile, lists []*members.List, lv *live, window Window) []*members.List {
	since := w.env.Now().Add(-window.Length)
	if delay := audit.LogDelay(directory.AppGroups); window.Length < delay {
		// The log is read further back by its delay whatever the
		// window; git is not, and a window that short is no interval
		// between scheduled runs.
		w.warnf("--changed-since %s is shorter than Google's audit log delay (up to %d minutes): the log is read %d minutes further back, but commits only from %s ago; give the time between runs plus %d minutes (--changed-since 90m for an hourly job)",
			window, int(delay.Minutes()), int(delay.Minutes()), window, int(delay.Minutes()))
	}
	tl, err := w.timeline(ctx, op)
	var inGit map[string]bool
	if err == nil {
		inGit, err = tl.ChangedGroups(since, op.Data)
	}
	if err != nil {
		// Outside git, or before the first commit, nothing says what
		// changed: every list is read.
		w.warnf("--changed-since: cannot tell from git what changed (%v); reading every list", err)
		return lists
	}
	var touched directory.Touched
	var adds windowAdds
	if lv.google != nil {
		logSince := since.Add(-audit.LogDelay(directory.AppGroups))
		if w.env.Now().Sub(logSince) > audit.ReadLogDays*24*time.Hour {
			// Google refuses a start before the days it keeps; and
			// what it no longer keeps no window can tell.
			w.warnf("--changed-since %s, with the log's delay (%d minutes), reaches back further than roster reads Google's audit log (%d days, a day inside the %d Google keeps); reading every list", window, int(audit.LogDelay(directory.AppGroups).Minutes()), audit.ReadLogDays, audit.AuditLogDays)
			return lists
		}
		// The three logs at once: one that stalls or is refused costs
		// the run its retry budget once, not once for each log after it.
		apps := []string{directory.AppAdmin, directory.AppGroups, directory.AppGroupsEnterprise}
		got := make([][]directory.Activity, len(apps))
		errs := make([]error, len(apps))
		var g sync.WaitGroup
		for i, app := range apps {
			g.Go(func() { got[i], errs[i] = lv.google.Activities(ctx, app, "", logSince) })
		}
		g.Wait()
		var acts []directory.Activity
		for i, app := range apps {
			if err := errs[i]; err != nil {
				if ctx.Err() != nil {
					return lists
				}
				// Each log is read for the domain once: one that fails
				// is not asked again group by group (each ask would pay
				// the retry budget again), and the others, read beside
				// it, are kept for attribution to use.
				w.warnf("--changed-since: cannot read Google's audit log (%v); reading every list", err)
				if lv.logFailed == nil {
					lv.logFailed = map[string]error{}
				}
				lv.logFailed[app] = err
				continue
			}
			acts = append(acts, got[i]...)
		}
		if len(lv.logFailed) > 0 {
			return lists
		}
		// roster's own writes that agree with the file changed nothing
		// it must read again; its client id comes from the credentials
		// (without it, every write counts).
		own, _ := lv.google.ClientID(ctx)
		ids := []string{own}
		if former := w.clientIDs(); len(former) > 1 {
			ids = append(ids, former[1:]...) // a replaced account's writes are roster's too
		}
		touched = directory.TouchedGroups(ownAgreeing(acts, ids, op.File, op.Gate))
		// Cloud Identity names groups by id: one groups.get each says
		// which group it was, several at once. The first that cannot be
		// looked up settles the run (every list is read): the others
		// are not waited for.
		if len(touched.Unknown) > 0 {
			w.notef("--changed-since: the audit log has %s that name%s no group (a bulk upload, an account restored, or an event roster cannot place); reading every list",
				words.Plural(len(touched.Unknown), "change"), words.Pick(len(touched.Unknown), "s", ""))
			return lists
		}
		byID, err := w.lookUpGroups(ctx, lv, touched.GroupIDs, false)
		if err != nil {
			w.notef("--changed-since: the audit log names a group by its Cloud Identity id that roster cannot look up (%v); reading every list", err)
			return lists
		}
		emails := make(map[string]string, len(byID))
		for id, g := range byID {
			touched.Groups[members.IdentityOf(g.Email)] = true
			emails[id] = g.Email
		}
		// Google logs a group by its own address: a list written at one
		// of its aliases is named by none of the log's changes. Each
		// group the log names that no list writes is looked up, and its
		// aliases count as changed too, with its additions.
		aliases := w.aliasesTouched(ctx, lv, op.File, touched.Groups)
		adds = addsIn(acts, emails)
		adds.alsoAt(aliases)
	}
	// A change to a group that is none of the lists' may be to a group
	// nested in one of them, which changes who gets its mail: the lists
	// whose policy lets them hold groups and that nest it are read too.
	// (On any other list a nested group is itself a finding of the full
	// run.)
	w.sayAccounts(touched.Accounts)
	nestedIn, everyNesting := w.nestingLists(ctx, lv, op.File, touched.Groups)
	dated := datedIn(op.File, since, w.env.Now())
	var out []*members.List
	for _, l := range lists {
		id := members.IdentityOf(l.Address)
		nests := op.File.PolicyOf(l) != nil && op.File.PolicyOf(l).AllowGroups && (everyNesting || nestedIn[id])
		if inGit[id] || touched.Groups[id] || dated[id] || nests || l.Provider == members.ProviderCSV || namesAccount(op.File, l, touched.Accounts) {
			out = append(out, l)
		}
	}
	// The reasons a list is read, those alone that this file can have.
	why := "in git or in Google's audit log (a group roster created counts, and an account deleted, restored or renamed counts for the lists that name it), or by a vetting record coming into force or lapsing"
	var nesting, csv bool
	for _, l := range lists {
		nesting = nesting || op.File.PolicyOf(l) != nil && op.File.PolicyOf(l).AllowGroups
		csv = csv || l.Provider == members.ProviderCSV
	}
	if nesting {
		why += ", or by a change to a group nested in it"
	}
	if csv {
		why += "; a csv list is read every run"
	}
	w.notef("--changed-since %s: %s of %d changed %s", window, words.Plural(len(out), "list"), len(lists), why)
	adds.since = since
	if lv.google != nil {
		op.logged = &adds
	}
	if len(out) < len(lists) {
		op.window = &adds
	}
	return out
}

// namesAccount reports whether list l of f names any of accounts (by
// mailbox): an account deleted, restored or renamed changed the groups
// it is on, which the log does not name.
func namesAccount(f *members.File, l *members.List, accounts map[string]directory.Activity) bool {
	if len(accounts) == 0 {
		return false
	}
	return slices.ContainsFunc(f.MembersOf(l.ID), func(m *members.Member) bool {
		_, changed := accounts[members.MailboxOf(m.Email)]
		return changed
	})
}

// sayAccounts notes, for the job's log, each account the window's
// admin log deleted, restored or renamed, and who did: the lists that
// name it are read for it (sync's add back of a deleted account fails,
// naming it, until the file lets it go).
func (w *Workspace) sayAccounts(accounts map[string]directory.Activity) {
	seen := map[string]bool{}
	var lines []string
	for _, box := range slices.Sorted(maps.Keys(accounts)) {
		a := accounts[box]
		if key := a.ID + "\x00" + a.Event + "\x00" + a.Member; seen[key] {
			continue // a rename, under its old address and its new
		} else {
			seen[key] = true
		}
		what := map[string]string{directory.EventDeleteUser: "deleted", directory.EventUndeleteUser: "restored", directory.EventRenameUser: "renamed"}[a.Event]
		if a.Event == directory.EventRenameUser && a.New != "" {
			what += " to " + visible.Line(a.New)
		}
		by := ""
		if a.Actor != "" {
			by = " by " + visible.Line(a.Actor)
		}
		lines = append(lines, fmt.Sprintf("%s's account %s%s on %s (%s, Admin console)", visible.Line(a.Member), what, by, a.Time.UTC().Format("2006-01-02 15:04 UTC"), a.Event))
	}
	if len(lines) == 0 {
		return
	}
	const named = 5
	more := ""
	if len(lines) > named {
		more = fmt.Sprintf(", and %d more", len(lines)-named)
		lines = lines[:named]
	}
	w.notef("--changed-since: %s%s: an account leaves or rejoins every group it is on, which the log does not name; the lists that name it are read", strings.Join(lines, "; "), more)
}

// maxNestingLookups bounds the groups an incremental run asks which
// groups they are in (groups.list with userKey), walking up from the
// groups the log names that no list writes to; past it, every list that
// may hold groups is read.
const maxNestingLookups = 50

// nestingLists walks up from the groups touched names (each a group
// someone changed by hand, a list's or not) through the groups each is
// in, and returns the group identities of the lists reached: a list
// whose policy lets it hold groups, and that nests a changed group at
// any depth, has other receivers now. every is true when the walk
// could not be made (too many groups, a look-up refused or failing, a
// group gone, which no longer says where it was), and every list that
// may hold groups is read. No list may hold groups: no call.
func (w *Workspace) nestingLists(ctx context.Context, lv *live, f *members.File, touched map[string]bool) (reached map[string]bool, every bool) {
	own := plan.IndexAddresses(f)
	// Every group changed, a list's own too: a list's group nested in
	// another list's changes who gets that one's mail.
	frontier := slices.Sorted(maps.Keys(touched))
	if len(frontier) == 0 || !slices.ContainsFunc(f.Lists, func(l *members.List) bool {
		p := f.PolicyOf(l)
		return p != nil && p.AllowGroups
	}) {
		return nil, false
	}
	if lv == nil || lv.google == nil {
		return nil, true
	}
	reached = map[string]bool{}
	seen := map[string]bool{}
	for _, g := range frontier {
		seen[g] = true
	}
	asked := 0
	for len(frontier) > 0 {
		if asked += len(frontier); asked > maxNestingLookups {
			w.notef("--changed-since: the audit log names more than %d changed groups, or groups nested deeper; reading every list that may hold groups", maxNestingLookups)
			return nil, true
		}
		parents := make([][]directory.Group, len(frontier))
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(DefaultConcurrency)
		for i, member := range frontier {
			g.Go(func() error {
				got, err := lv.google.ParentGroups(gctx, member)
				if err == nil && len(got) == 0 {
					// In no group, or gone (a group deleted leaves the
					// lists that held it with other receivers, and no
					// longer says which they were).
					_, err = lv.google.Group(gctx, member)
				}
				if err != nil {
					return fmt.Errorf("the groups %s is in: %w", member, err)
				}
				parents[i] = got
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			w.notef("--changed-since: cannot tell which lists nest the groups the audit log names (%v); reading every list that may hold groups", err)
			return nil, true
		}
		frontier = frontier[:0]
		for _, ps := range parents {
			for _, p := range ps {
				for _, a := range p.Addresses() {
					if id := members.IdentityOf(a); own[id] != nil {
						reached[id] = true
					}
				}
				// A list's group nested in another list's is walked
				// up from too: both have other receivers now.
				if id := members.IdentityOf(p.Email); !seen[id] {
					seen[id] = true
					frontier = append(frontier, id)
				}
			}
		}
	}
	return reached, false
}

// maxAliasLookups is how many groups an incremental run looks up one
// by one to find a list written at an alias (aliasesTouched); more are
// found in one paged listing of the domain's groups.
const maxAliasLookups = 50

// aliasesTouched adds to touched (group identities the log says
// changed) every address a list writes to of each such group no list
// writes at the address logged (groups.get): a list written at an alias
// of a changed group is then read. It returns those addresses by the
// group's logged one. A bonus, never a reason to read every list: a
// list at an alias is a finding of the full run, which says to write
// the group's own address; so when the groups cannot be looked up (the
// scope not granted), it says so and such a list waits for the full
// run.
func (w *Workspace) aliasesTouched(ctx context.Context, lv *live, f *members.File, touched map[string]bool) map[string][]string {
	own := plan.IndexAddresses(f)
	var others []string
	for g := range touched {
		if own[g] == nil {
			others = append(others, g)
		}
	}
	if len(others) == 0 {
		return nil
	}
	keys := make(map[string]bool, len(others))
	for _, g := range others {
		keys[g] = true
	}
	var grps map[string]directory.Group
	var err error
	if len(others) > maxAliasLookups {
		// Many: one paged listing of the domain's groups (200 a page)
		// costs less than a look-up each, and no group is left out
		// (names chosen to sort first cannot crowd the others out).
		grps, err = w.listGroups(ctx, lv, keys)
	} else {
		grps, err = w.lookUpGroups(ctx, lv, keys, true)
	}
	if err != nil {
		w.notef("--changed-since: cannot look up the groups the audit log names that no list writes to (%v); a list written at one of their aliases waits for the full run (write the group's own address)", err)
		return nil
	}
	aliases := map[string][]string{}
	for logged, g := range grps {
		for _, a := range g.Addresses() {
			if id := members.IdentityOf(a); own[id] != nil {
				touched[id] = true
				aliases[logged] = append(aliases[logged], id)
			}
		}
	}
	return aliases
}

// listGroups is lookUpGroups for many groups named by address: the
// Workspace's groups listed in one paged read, those keys names kept.
func (w *Workspace) listGroups(ctx context.Context, lv *live, keys map[string]bool) (map[string]directory.Group, error) {
	all, err := lv.google.AllGroups(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]directory.Group{}
	for _, g := range all {
		if id := members.IdentityOf(g.Email); keys[id] {
			out[id] = g
		}
	}
	return out, nil
}

// lookUpGroups looks up the groups keys name (Cloud Identity ids, or
// addresses), a few at a time: a domain's activity may name many groups
// no list uses. It stops at the first that fails; with gone, a group
// that no longer exists is left out instead.
func (w *Workspace) lookUpGroups(ctx context.Context, lv *live, keys map[string]bool, gone bool) (map[string]directory.Group, error) {
	out := make(map[string]directory.Group, len(keys))
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(DefaultConcurrency)
	for key := range keys {
		g.Go(func() error {
			grp, err := lv.google.Group(gctx, directory.GroupKey(key))
			if gone && errors.Is(err, directory.ErrGroupNotFound) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("group %s: %w", key, err)
			}
			mu.Lock()
			out[key] = grp
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// namedIn reports whether an address is one a pull request's reader
// sees in the file: an entry of the base (approved, merged), or a list's
// address in the base or the head. A name only the head writes is the
// pull request author's, who may have typed it to learn what the live
// side says of it.
func namedIn(base, head *members.File) func(email string) bool {
	named := map[string]bool{}
	for _, m := range base.Members {
		named[members.IdentityOf(m.Email)] = true
	}
	for _, f := range []*members.File{base, head} {
		for _, l := range f.Lists {
			named[members.IdentityOf(l.Address)] = true
		}
	}
	return func(email string) bool { return named[members.IdentityOf(email)] }
}
