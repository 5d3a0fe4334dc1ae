package workspace

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
)

// PlanOptions configure Plan.
type PlanOptions struct {
	Source
	// Lists limits the plan to these list ids; all when empty.
	Lists  []string
	Format report.Format
	// Out also saves the plan, for Apply.
	Out    string
	Live   LiveOptions
	Guards plan.Guards
	// NoAttribution skips Google's audit log.
	NoAttribution bool
	// Base, when set, makes this the pull-request plan of a change
	// against that revision: lists whose address, provider or creation
	// the change sets are not read (a pull request must not be able to
	// point roster at any group and have its members printed before
	// anyone approved), and group settings are not read (their scope can
	// write): only the read-only members scope is asked for. The plan
	// printed and saved names only addresses the base or head file
	// names (see plan.Plan.Redacted), without the audit log's actors.
	Base string
	// ChangedSince, when positive, reads only the lists that Google's
	// audit log or git says changed in that window (see Incremental).
	ChangedSince Window
}

// Plan reads the live groups and prints what sync would change. It
// returns an error whose Code is ExitChanges when there is something to
// do.
func (w *Workspace) Plan(ctx context.Context, o PlanOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	return w.oneDocumentAs(o.Format, o.Path, func(w *Workspace) error { return w.plan(ctx, o) }, w.refusedPlan)
}

// refusedPlan writes the plan document of a run refused for why.
func (w *Workspace) refusedPlan(p *plan.Plan, why string, _ bool) error {
	p.Refused = why
	return report.Plan(w.out, report.JSON, p)
}

// Refused is, for a command line refused before the command ran (a flag
// out of range), what the command prints asked for JSON whatever stops
// it: plan's document, or sync's and apply's, with refused saying why;
// {"refused": why} for every other command. It returns err.
func (w *Workspace) Refused(command string, format report.Format, file string, err error) error {
	fail := func(*Workspace) error { return err }
	switch command {
	case "plan":
		return w.oneDocumentAs(format, file, fail, w.refusedPlan)
	case "sync", "apply":
		return w.oneDocument(format, file, fail)
	}
	if format == report.JSON {
		if werr := report.RefusedJSON(w.out, err.Error()); werr != nil {
			return werr
		}
	}
	return err
}

func (w *Workspace) plan(ctx context.Context, o PlanOptions) (err error) {
	if err := w.checkOutput("--out", o.Out, o.Path); err != nil {
		return err
	}
	op, err := w.open(ctx, o.Source)
	if err != nil {
		return err
	}
	if n := len(op.Gate.Stop); n > 0 {
		// What sync refuses whole has no plan: a plan of the groups
		// read as if the file were sound would say "no changes" (or
		// offer an apply that refuses) of a file no run will apply.
		w.stderrFindings(op.Gate.Stop)
		return w.noPlan(op, o.Format, n)
	}
	lists, err := selectLists(op.File, o.Lists)
	if err != nil {
		return err
	}
	acc := access{settings: true}
	var base *members.File
	// By mailbox: an entry the base has under another spelling
	// (alice+x@ where the base has alice@) is the base's person, whom
	// the plan matches with the group as it would alice@ itself (which
	// the change could name as well): a respelling plans as what it is,
	// no removal and addition. A name the base does not list on the
	// list, under any spelling, stays unseen there: an entry on no list,
	// or on another, which a change can plant with fewer approvals, says
	// nothing of who is on this group.
	var inBase map[string]map[string]bool // base list's group -> mailboxes
	groupOf := map[string]string{}        // head list id -> its group
	for _, l := range op.File.Lists {
		groupOf[l.ID] = members.IdentityOf(l.Address)
	}
	// A list whose own policy fails is neither read nor planned, new in
	// a pull request or not: sync would leave it alone.
	lists, failing, err := w.runnable(op, lists)
	if err != nil {
		if p := w.printSkipped(op, failing, o.Format); p != nil && o.Out != "" {
			// Saved too, as any plan: apply then says the lists fail,
			// not that there is no plan.
			if serr := w.savePlan(p, o.Out, o.Guards, false); serr != nil {
				return serr
			}
		}
		return err
	}
	if o.Base != "" {
		if lists, op.unread, base, op.baseElsewhere, err = w.pullRequestLists(ctx, op, lists, o.Base); err != nil {
			return err
		}
		acc.settings = false
		inBase = mailboxesByGroup(base)
		// Whoever opens a pull request may name anyone: were a new name
		// matched with the live group, the plan would say whether they
		// are on it. They plan as additions instead.
		op.unseen = func(list, email string) bool { return !inBase[groupOf[list]][members.MailboxOf(email)] }
		op.base = base
		// What the run prints beside the plan is masked as the plan is.
		w.maskLive = func(text string) string { return plan.MaskAddresses(text, namedIn(base, op.File)) }
		defer func() { err, w.maskLive = w.maskedError(err), nil }()
		// Whom the file listed before is the base's history: the pull
		// request's own commits (in HEAD when it is checked out) must
		// not make a live member it names look taken off the file, which
		// would tell its author they are on the group.
		op.historyAt = o.Base
	}
	lv, err := w.openLive(ctx, op.File, op.Path, lists, o.Live, acc)
	if err != nil {
		return err
	}
	defer lv.stop()
	if op.Rev != "" {
		if err := w.snapshotsAt(ctx, op, lists, lv); err != nil {
			return err
		}
	}
	p, err := w.planLive(ctx, op, lists, lv, o.Live, o.ChangedSince, !o.NoAttribution)
	if err != nil {
		return err
	}
	p.WithSkipped(failing)
	if base != nil {
		withFileSettings(op.File, base, p)
	}
	lv.stop()
	planned := lists
	for _, u := range op.unread {
		planned = append(planned, u.List)
		p.NotRead = append(p.NotRead, u.List.ID)
	}
	w.reportFindings(op, planned)
	w.warnUnpinned(op, p)
	// What sync's guards would hold back is shown held back (BLOCKED),
	// as sync does, not only warned of.
	gerr := p.HoldBackGuards(o.Guards)
	if ge := (*plan.GuardError)(nil); errors.As(gerr, &ge) {
		// Over a guard of the whole run: sync changes nothing at all,
		// which the plan's reader (a pull request's comment, a script
		// reading its JSON) must see, and its exit code say.
		p.GuardRefuses = ge.Refuses()
	}
	shown := p
	if base != nil {
		// A pull request's plan is read by whoever can read the pull
		// request: the addresses the base names are public already, and
		// so are the additions, as the change writes them; any other
		// address comes from the live side, which is not.
		// Public on a list's lines: whom the base lists on that list
		// (its group's, paired by address), as it spells them. Another
		// spelling of their mailbox (alice+x@ for alice@) is the live
		// side's; an entry on no list, or on another list, which a
		// change can plant with fewer approvals, says nothing of who is
		// on this group.
		onList := map[string]map[string]bool{}
		for _, bl := range base.Lists {
			set := map[string]bool{}
			for _, m := range base.MembersOf(bl.ID) {
				set[members.IdentityOf(m.Email)] = true
			}
			onList[members.IdentityOf(bl.Address)] = set
		}
		shown = p.Redacted(func(list, email string) bool { return onList[groupOf[list]][members.IdentityOf(email)] })
		shown.PullRequest = true
		if unseenAdditions(op.File, planned, op.unseen) {
			w.notef("note: a pull request's plan shows the people this change names for the first time as additions, without reading whether they are on the group already; sync, after the merge, adds only those who are not")
		}
	}
	// Saved before it is printed: a plan asked for with --out that could
	// not be written is a failed run, which the document a script reads
	// must say, not only stderr.
	var serr error
	if o.Out != "" {
		if serr = w.savePlan(shown, o.Out, o.Guards, gerr != nil); serr != nil && o.Format == report.JSON {
			shown.Refused = serr.Error() + "; nothing was saved for apply"
		}
	}
	if err := report.Plan(w.out, o.Format, shown); err != nil {
		return err
	}
	if serr != nil {
		return serr
	}
	if gerr != nil {
		w.warnf("sync would hold this back: %v", gerr)
		if o.Out != "" && !shown.PullRequest {
			// The plan saved is the one reviewed: apply it, with the
			// guards it needs, rather than plan anew with sync.
			w.intendedRun(gerr, o.Guards, "apply", o.Out)
		} else {
			w.intendedRun(gerr, o.Guards, "sync", append(listArgs(o.Lists), changedSinceArgs(o.ChangedSince)...)...)
		}
	}
	switch {
	case p.Summary.Unreadable > 0 || p.Summary.PolicyFails > 0 || p.Summary.SharedGroup > 0:
		var why []string
		if n := p.Summary.SharedGroup; n > 0 {
			why = append(why, words.Plural(n, "list")+" whose group is another list's too")
		}
		if n := p.Summary.Unreadable; n > 0 {
			why = append(why, words.Plural(n, "list")+" whose group could not be read")
		}
		if n := p.Summary.PolicyFails; n > 0 {
			why = append(why, words.Plural(n, "list")+" left out because "+words.Pick(n, "its", "their")+" policy fails")
		}
		w.errorf("the plan is incomplete: %s; the lines above name them", strings.Join(why, ", "))
		return exit(ExitFailed)
	case p.GuardRefuses != "":
		return exit(ExitFailed)
	case p.Summary.Problems > 0:
		// What no change fixes fails sync, whatever else is pending: a
		// job gating on plan must not read it as nothing to do.
		w.errorf("sync would fail: %s no change fixes; the lines above name %s", words.Plural(p.Summary.Problems, "problem"), words.Pick(p.Summary.Problems, "it", "them"))
		return exit(ExitFailed)
	case len(missingGroups(p)) > 0:
		// sync fails on them (create it, or set create = true): a job
		// gating on plan must read the same.
		missing := missingGroups(p)
		where := "create it in the Admin console, or set create = true"
		if u, err := url.Parse(o.Live.Endpoint); err == nil && o.Live.Endpoint != "" && google.IsLoopback(u.Hostname()) {
			// An emulator on this machine has no Admin console: its
			// groups come from --group (or the file, on first start).
			where = "start the emulator with --group ADDRESS for each (it has no Admin console), or set create = true"
		}
		w.errorf("sync would fail: %s no group, and sync creates none without create = true on the list (%s): %s", words.Count(len(missing), "list has", "lists have"), where, strings.Join(missing, ", "))
		return exit(ExitFailed)
	case refusedChanges(p) > 0:
		// sync refuses them, and fails: a job gating on plan must read
		// the same (the others still pend, and sync makes them).
		n := refusedChanges(p)
		w.errorf("sync would fail: it refuses %s (BLOCKED above says why)", words.Plural(n, "change"))
		return exit(ExitFailed)
	case p.Pending():
		return exit(ExitChanges)
	}
	return nil
}

// missingGroups names the lists read whose group does not exist and
// that sync does not create: it fails on each.
func missingGroups(p *plan.Plan) []string {
	var ids []string
	for _, l := range p.Lists {
		if l.GroupMissing && !l.Create && l.Unread == "" && l.Error == "" {
			ids = append(ids, l.ID+" ("+l.Address+")")
		}
	}
	return ids
}

// refusedChanges counts the changes sync would refuse: those blocked on
// the lists the plan read. What a pull request's plan shows of a list it
// did not read is the file's alone, for after the merge.
func refusedChanges(p *plan.Plan) int {
	n := 0
	for _, l := range p.Lists {
		if l.Unread != "" {
			continue
		}
		for _, c := range l.Changes {
			if c.Blocked != "" {
				n++
			}
		}
	}
	return n
}

// planLive plans lists against the open live side: only those that
// changed in the window when changedSince is set, with who changed what
// by hand when attribute is set. On an error it stops the live side.
func (w *Workspace) planLive(ctx context.Context, op *openedFile, lists []*members.List, lv *live, lo LiveOptions, changedSince Window, attribute bool) (*plan.Plan, error) {
	all := lists
	if changedSince.Length > 0 {
		lists = w.changedLists(ctx, op, lists, lv, changedSince)
	}
	p, err := w.buildPlan(ctx, op, lists, lv, lo, attribute)
	if err != nil {
		return nil, err
	}
	if op.window != nil {
		w.deferOlderRemovals(ctx, op, p)
	}
	for _, l := range all {
		if !slices.Contains(lists, l) {
			p.NotRead = append(p.NotRead, l.ID)
		}
	}
	if attribute {
		w.attribute(ctx, op, p, lv)
	}
	return p, nil
}

// buildPlan reads lists through the open live side and plans them. On
// an error it stops the live side.
//
// A stranger may be someone the file listed under an alias and took off:
// Google is asked (plan.ResolveFormer) when history is read anyway, for
// the lists that keep strangers, for an incremental run's window, or for
// the attribution of who changed a group (explain).
func (w *Workspace) buildPlan(ctx context.Context, op *openedFile, lists []*members.List, lv *live, lo LiveOptions, explain bool) (*plan.Plan, error) {
	concurrency := lo.Concurrency
	if concurrency <= 0 {
		concurrency = DefaultConcurrency
	}
	reads := w.newReadProgress(len(lists))
	obs := plan.Observe(ctx, op.File, lists, lv.providers, plan.ObserveOptions{
		Read:        reads.read,
		Concurrency: concurrency,
		Settings:    lv.settings,
		Domains:     plan.Domains(op.File),
		Unseen:      op.unseen,
		Unmade:      unmadeBy(op.Gate),
	})
	reads.finish()
	if len(op.unread) > 0 {
		// Planned from the file alone, among the others in the file's
		// order.
		obs = append(obs, op.unread...)
		order := make(map[string]int, len(op.File.Lists))
		for i, l := range op.File.Lists {
			order[l.ID] = i
		}
		slices.SortStableFunc(obs, func(a, b plan.Observed) int { return order[a.List.ID] - order[b.List.ID] })
	}
	// The file's findings again, now that who is on each live group is
	// known: a lapsed record of someone already there lets them stay (a
	// warning); anyone else's blocks their addition.
	w.judgeLive(ctx, op, obs)
	opts := plan.AssembleOptions{Source: plan.Source{File: op.Path, SHA256: plan.FileDigest(op.Data)}, Gate: op.Gate, Unseen: op.unseen}
	if plan.NeedsHistory(op.File, obs) || (op.window != nil || explain) && plan.HasStrangers(obs) {
		opts.Listed, opts.HistoryErr = w.managed(ctx, op)
		if opts.HistoryErr == nil && opts.Listed.Unknown == "" {
			opts.Listed.Owners = w.ownersDemoted(ctx, op, plan.DemotedOwners(obs))
		}
		if opts.HistoryErr == nil {
			plan.ResolveFormer(ctx, op.File, obs, lv.providers, opts.Listed, plan.Domains(op.File), concurrency)
		}
	}
	p := plan.Assemble(op.File, obs, opts)
	w.warnGroupsOfOtherFiles(ctx, op, p)
	if why := plan.OneGroup(ctx, op.File, p, lv.providers, concurrency); why != "" {
		w.warnf("%s", why)
	}
	// Whom nested groups give the lists' mail: part of every plan read
	// of the live side, the one apply makes again of a saved plan too.
	w.nestedReceivers(ctx, op, p, lv)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("interrupted while reading the live groups (%v): %w", context.Cause(ctx), ctx.Err())
	}
	return p, nil
}

// attribute reads, for the lists whose live state differs from the
// file, who changed them by hand; when the audit log cannot be read it
// says so once, with how to grant it.
func (w *Workspace) attribute(ctx context.Context, op *openedFile, p *plan.Plan, lv *live) {
	w.attributeReceivers(ctx, op, p, lv)
	drift := false
	for _, l := range p.Lists {
		if op.Gate != nil && op.Gate.ListFails(l.ID) != "" {
			// Read for an auditor (audit --live, site --live), but no
			// list sync touches: see audit.Attribute.
			l.PolicyFails = true
		}
		drift = drift || l.Error == "" && l.Unread == "" && !l.GroupMissing && (len(l.Changes) > 0 || len(l.Unmanaged) > 0 || len(l.Unvetted) > 0 || len(l.OverCapListed) > 0 || len(l.Settings) > 0)
	}
	if !drift {
		return
	}
	opts := audit.AttributeOptions{Now: w.env.Now(), Concurrency: DefaultConcurrency, FileName: op.Path, Failed: lv.logFailed}
	if lv.google != nil {
		// As many lists' logs at once as the client lets calls fly.
		opts.Concurrency = lv.google.MaxInFlight()
		id, err := lv.google.ClientID(ctx)
		switch {
		case err != nil:
			// Without it, a write of roster's that no committed version
			// of the file asked for (a sync of an older checkout) reads
			// as a change by hand: say so, and how to give it.
			w.notef("note: roster could not learn its own OAuth client ID (%v), so a write of its own that no committed version of members.toml asked for may be named as a change by hand; set ROSTER_CLIENT_ID to the service account's unique ID (roster doctor names it), or let roster read it (the IAM API enabled, iam.serviceAccounts.get)", err)
		case id != "" && !sharedClients[id]:
			opts.ClientIDs = append(opts.ClientIDs, id)
		}
		if ids := w.clientIDs(); len(ids) > 1 {
			// The clients roster wrote through before: their writes are
			// roster's too; but never a client anyone signs in with
			// (gcloud's, the Admin console's), whose writes are anyone's.
			for _, id := range ids[1:] {
				if !sharedClients[id] {
					opts.ClientIDs = append(opts.ClientIDs, id)
				}
			}
		}
	}
	// Whether a write agreed with the file as it stood then comes from
	// the file's history: one walk, read only when something differs.
	if tl, err := w.timeline(ctx, op); err == nil {
		opts.File = &lineage{Timeline: tl, listed: func() map[string]map[string]string {
			byGroup, _ := w.listedByGroup(ctx, op)
			return byGroup
		}}
		// Whom it admitted and which settings it pinned, read from the
		// versions the events weighed fall in, when one asks.
		opts.Versions = &fileVersions{ctx: ctx, tl: tl}
		if op.logged != nil {
			// An incremental run read the whole domain's log for its
			// window: a group whose only differences are people the
			// file listed in it, whom no event of it names, has nothing
			// by hand to name, and its logs are not read again, however
			// many lists the window selected (all of them too).
			opts.NewInWindow = op.logged.newIn(tl)
		}
	}
	if note := audit.Attribute(ctx, p, lv.providers, opts); note != "" {
		w.notef("note: %s", note)
	}
}

// unseenAdditions reports whether a list of lists has an entry unseen
// names.
func unseenAdditions(f *members.File, lists []*members.List, unseen func(list, email string) bool) bool {
	for _, l := range lists {
		for _, m := range f.MembersOf(l.ID) {
			if unseen(l.ID, m.Email) {
				return true
			}
		}
	}
	return false
}

// judgeLive recomputes the file's findings with the live groups as what
// each list already has (people op.unseen names are on none).
func (w *Workspace) judgeLive(ctx context.Context, op *openedFile, obs []plan.Observed) {
	live := liveOn(op, obs)
	opts := policies.Options{At: w.today(), Live: live, Before: op.base, BeforeElsewhere: listsOf(op.baseElsewhere)}
	// Whether a lapsed record ever admitted someone on the group: it did
	// not if it had lapsed when the file came to list them. op's timeline
	// (read once, on the first question: policies ask from several
	// goroutines, and most runs never ask).
	opts.HeldSince = heldSince(ctx, sync.OnceValues(func() (*history.Timeline, error) { return w.historySaid(op.Path)(w.timeline(ctx, op)) }), op.File, w.today())
	if opts.Before == nil && op.Rev == "" {
		// Edited since the last commit: judged as validate and the
		// advice after an edit judge it, against HEAD, so that a cap
		// holds back the entries new since then, on a group that does
		// not exist yet too (whose live side says nothing). A file as
		// committed needs no base: the live groups are its.
		dir, name := w.gitPath(ctx, op.Path)
		if dirty, err := history.Uncommitted(ctx, dir, name, op.Data); err == nil && dirty {
			if base, _, err := history.BaseAtHead(ctx, dir, name, op.Data, op.File); err == nil {
				opts.Before = base
			}
		}
	}
	op.Findings = w.check(op.File, opts)
	op.Gate = policies.NewGate(op.Findings)
}

// reportFindings prints, after a plan, what the file's findings about
// single members mean for this run: those that block a change (the plan
// shows it BLOCKED), and warnings that change nothing (a lapsed record of
// someone who stays on the list).
func (w *Workspace) reportFindings(op *openedFile, lists []*members.List) {
	// Only about the lists this run reads (--list): a finding about
	// another list is not this run's business.
	read := make(map[string]bool, len(lists))
	for _, l := range lists {
		read[l.ID] = true
	}
	concerns := func(f policies.Finding) bool { return f.List == "" || read[f.List] }
	var block, warn []policies.Finding
	for _, f := range op.Gate.Member {
		if concerns(f) {
			block = append(block, f)
		}
	}
	for _, f := range op.Gate.Other {
		// A member's warning on a list this run reads (a lapsed record
		// of someone who stays): one on no list changes no group.
		if f.Member != "" && f.List != "" && !f.Fails() && concerns(f) {
			warn = append(warn, f)
		}
	}
	if len(block) > 0 {
		w.warnf("%s has %s about single members; sync goes ahead without their additions and promotions:", op.Path, words.Plural(len(block), "finding"))
		w.stderrFindings(block)
	}
	if len(warn) > 0 {
		w.stderrFindings(warn)
	}
}

// snapshotsAt reads each csv list's snapshot as committed at op.Rev (a
// pull request's head), as the members file is read there: a change
// that edits the export must show its effect in the plan the owners
// approve, not the checkout's.
func (w *Workspace) snapshotsAt(ctx context.Context, op *openedFile, lists []*members.List, lv *live) error {
	dir, _ := w.gitPath(ctx, op.Path)
	for _, l := range lists {
		if l.Provider != members.ProviderCSV {
			continue
		}
		data, _, err := history.ReadAtMost(ctx, dir, l.Snapshot, op.Rev, directory.MaxSnapshot)
		if err != nil {
			return fmt.Errorf("list %s: read snapshot %s at %s: %w", l.ID, l.Snapshot, op.Rev, err)
		}
		lv.providers[l.ID] = directory.CSV{Path: l.Snapshot, Data: data}
	}
	return nil
}

// lineage is the members file's timeline for attribution, whose Ever
// also counts the files its lists moved in from (listedByGroup, read
// once a run, when first asked, as sync's removals read it): roster's
// add of someone such a file listed is no sync of an uncommitted file.
type lineage struct {
	*history.Timeline
	listed func() map[string]map[string]string
}

// Spelled reports whether a committed version listed member on group
// under this very spelling (its +tag included). Without the listing
// (history unreadable) it cannot tell, and says yes: a write is then
// judged by the mailbox alone, as before spellings were told apart.
func (l *lineage) Spelled(group, member string) bool {
	byGroup := l.listed()
	if byGroup == nil {
		return true
	}
	return byGroup[members.IdentityOf(group)][members.IdentityOf(member)] != ""
}

// Ever reports whether any committed version of the file, or of a file
// a list moved in from, listed member on group.
func (l *lineage) Ever(group, member string) bool {
	onGroup := l.listed()[members.IdentityOf(group)]
	if l.Timeline.Ever(group, member) || onGroup[members.IdentityOf(member)] != "" {
		return true
	}
	// Under another spelling of the mailbox (b+lists@ for b@), which
	// plan took for the same member while the file listed it.
	mb := members.MailboxOf(member)
	for id, where := range onGroup {
		if where != "" && members.MailboxOf(id) == mb {
			return true
		}
	}
	return false
}
