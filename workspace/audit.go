package workspace

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
)

// AuditOptions configure Audit.
type AuditOptions struct {
	Source
	Lists  []string
	Format report.Format
	// At is the day of the audit: always a date (the command line gives
	// today's when --at is not set), the zero Time being 0001-01-01.
	At time.Time
	// Upcoming is how far ahead records about to lapse are listed (0:
	// DefaultUpcoming, 30 days).
	Upcoming time.Duration
	// UpcomingWritten is Upcoming as the command line wrote it ("12w"),
	// for the commands roster prints: "" when not given.
	UpcomingWritten string
	// Live, when set, also compares the file with the live groups.
	Live *LiveOptions
	// NoAttribution skips Google's audit log.
	NoAttribution bool
	// ChangedSince, with Live, reads only the lists that changed in that
	// window.
	ChangedSince Window
	// Issue, when set, keeps one GitHub issue of the repository up to
	// date with the records that lapse.
	Issue *GitHubOptions
}

// DefaultUpcoming is how far ahead audit lists lapsing records.
const DefaultUpcoming = 30 * 24 * time.Hour

// Audit reports, for every list, vetting that has lapsed or lapses soon,
// members without qualifying vetting, size and owners against the
// policy, and with Live the drift from the live groups. It fails when it
// finds something policy forbids.
func (w *Workspace) Audit(ctx context.Context, o AuditOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	past := o.Source.Rev == "" && w.pastDay(o.At)
	op, err := w.open(ctx, o.Source)
	var nowErr error
	if past && err != nil {
		// A file moved or deleted since, or mid-edit (it does not parse
		// now): as of a day gone by, git has it, as show --at reads it.
		// Only without git does the working copy have to be read.
		op, err, nowErr = &openedFile{Source: o.Source}, nil, err
	}
	if err != nil {
		return err
	}
	upcoming := o.Upcoming
	if upcoming <= 0 {
		upcoming = DefaultUpcoming
	}
	var rem reminder
	if o.Issue != nil {
		// Before the audit, not after it is printed: a reminder that
		// cannot be kept is the run's error.
		if err := o.Issue.forWriting(); err != nil {
			return fmt.Errorf("--github-issue: %w", err)
		}
		if rem.file, rem.dir, err = w.issuePath(ctx, op.Path); err != nil {
			return err
		}
		rem.upcoming, rem.upcomingWritten = upcoming, o.UpcomingWritten
	}
	file := op.File
	// Judged as validate judges it, against the committed file, so that
	// both say the same of a lapsed record of someone already on a list
	// (they stay until re-vetted).
	var before *members.File
	if file != nil {
		if before, err = w.base(ctx, o.Source, op.Data, op.File, ""); err != nil {
			return err
		}
	}
	var moved []history.MovedList
	var committed *members.File     // past: the day's version, when sync applied another
	var unparsed []policies.Finding // past: why the day's version does not parse
	if past {
		// A day gone by: the file as it stood at its end, committed then
		// (so it is its own base), as show --at and site --at read it.
		dir, name := w.gitPath(ctx, o.Path)
		var fromGit bool
		var then *members.File
		cur := op.File
		if cur == nil {
			// Mid-edit: the lists it names now are the last good
			// version's, whose moved-in lists are read where they were.
			cur = w.current(ctx, o.Path)
		}
		then, moved, fromGit, err = w.fileOnDay(ctx, dir, name, o.Path, cur, o.At)
		switch {
		case err != nil && nowErr != nil && !errors.Is(nowErr, fs.ErrNotExist):
			return nowErr
		case err != nil:
			return err
		}
		if fromGit {
			file, before = then, then
			// (Its lists alone: a list then in another file is judged in
			// the version of then, with the others.)
			committed, unparsed = w.committedOnDay(ctx, dir, name, cur, then, o.At)
		}
	}
	// A list is its group: an id it had before a rename, or in the file
	// it moved in from, names it too, as for history and show.
	where := "the file"
	if file != op.File {
		where += " at " + o.At.Format(members.DateLayout)
	}
	ids, err := w.listsOfGroups(ctx, o.Path, op.File, o.Lists, where, file)
	if err != nil {
		return err
	}
	o.Lists = ids
	// The findings as policies word them, for the reminder issue, which
	// words their commands for itself; the report's are in this run's
	// context (w.check).
	held := heldSince(ctx, w.timelineOnce(ctx, o.Path, ""), file, o.At)
	rem.findings = policies.CheckWith(file, policies.Options{At: o.At, LapsingWithin: upcoming, Before: before, HeldSince: held})
	if committed != nil {
		// The version committed that day was one sync refused (a list's
		// own policy failing): the groups held the version before it,
		// which is judged, but why the day's was refused is that day's
		// violation, as today's audit of such a file says, not "0
		// violations".
		// Said once, as the version committed that day says it: the
		// version applied then may say the same rule of the list with
		// its own counts ("has 2 owners" where the day's had 1).
		var day []policies.Finding
		dayRule := map[string]bool{}
		for _, fd := range policies.CheckWith(committed, policies.Options{At: o.At, Before: committed}) {
			if fd.Member == "" && (fd.Effect == policies.Stop || fd.Effect == policies.Fail) {
				day = append(day, fd)
				dayRule[string(fd.Rule)+"\x00"+fd.List] = true
			}
		}
		rem.findings = slices.DeleteFunc(rem.findings, func(fd policies.Finding) bool {
			return fd.Member == "" && dayRule[string(fd.Rule)+"\x00"+fd.List]
		})
		rem.findings = append(rem.findings, day...)
	}
	// A day's version that does not parse: sync refused it whole, and
	// that is the day's violation.
	rem.findings = append(rem.findings, unparsed...)
	placeFindings(rem.findings, file, moved)
	shown := file
	if !past && file != nil {
		// Today, the lists as the groups hold them: a list whose own
		// policy fails keeps whom sync left on it, as show, diff and site
		// read the file now; its members' records are judged too.
		dir, name := w.gitPath(ctx, o.Path)
		if shown = w.applied(ctx, dir, name, o.Path, file); shown != file {
			// Judged as the file is (the history of who was listed
			// when): one member's lapse is one finding, never one of
			// each kind.
			rem.findings = append(rem.findings, heldFindings(file, shown, rem.findings, policies.CheckWith(shown, policies.Options{At: o.At, LapsingWithin: upcoming, Before: before, HeldSince: held}))...)
		}
	}
	findings := slices.Clone(rem.findings)
	for i := range findings {
		findings[i].Message = w.inContext(findings[i].Message)
	}
	rep := audit.FromFindings(shown, findings, o.At)
	rep.Until = o.At.Add(upcoming).Format(members.DateLayout)
	if o.Live != nil {
		if err := w.auditLive(ctx, op, o, rep); err != nil {
			return err
		}
	}
	rep.Only(o.Lists)
	var reminded error
	if o.Issue != nil {
		// Before the report is printed, which then says what became of
		// the issue: a script reading it learns why the run failed.
		reminded = w.remind(ctx, file, rem, rep, *o.Issue)
	}
	if err := report.AuditReport(w.out, o.Format, rep); err != nil {
		return err
	}
	if reminded != nil {
		return reminded
	}
	if n := rep.Violations(); n > 0 {
		return w.failed("audit found %s", words.Plural(n, "violation"))
	}
	return nil
}

// auditLive adds the drift between the file and the live groups, read
// only, as the plan sync would run sees it, and everyone who receives a
// list's mail through nested groups.
func (w *Workspace) auditLive(ctx context.Context, op *openedFile, o AuditOptions, rep *audit.Report) error {
	lists, err := selectLists(op.File, o.Lists)
	if err != nil {
		return err
	}
	w.noteFailingBeforeReads(op, lists, "audit --live")
	lv, err := w.openLive(ctx, op.File, op.Path, lists, *o.Live, access{settings: true})
	if err != nil {
		return err
	}
	defer lv.stop()
	p, err := w.planLive(ctx, op, lists, lv, *o.Live, o.ChangedSince, !o.NoAttribution)
	if err != nil {
		return err
	}
	rep.Add(liveDrift(op.File, op.Gate, p)...)
	// Each list the window did not read, by id, for a script (the
	// notice names twenty).
	for i := range rep.Lists {
		rep.Lists[i].NotRead = slices.Contains(p.NotRead, rep.Lists[i].ID)
	}
	for _, l := range p.Lists {
		if len(l.Groups) == 0 {
			continue
		}
		rs, read, err := lv.receiversOf(ctx, l)
		fl := op.File.List(l.ID)
		// Who put them there: as the plan's attribution said it, its
		// nested groups' logs read once; read now for receivers the plan
		// did not read (a list whose policy allows no group).
		var by map[string]string
		switch {
		case read:
			by = map[string]string{}
			for _, r := range l.Receivers {
				by[members.IdentityOf(r.Email)] = r.ChangedBy
			}
		case !o.NoAttribution:
			by = w.receiverChanges(ctx, lv, op.File, fl, rs)
		}
		lines, items := audit.Receivers(op.File, fl, rs, by)
		rep.Receivers = append(rep.Receivers, lines...)
		rep.Add(items...)
		if err != nil && !read {
			// (Read by the plan, its failure is one of the list's
			// problems, reported with the drift.)
			rep.Add(audit.Item{Level: audit.Violation, Kind: audit.KindReceiver, List: l.ID,
				Message: fmt.Sprintf("cannot tell who receives %s's mail: %v", l.Address, err)})
		}
	}
	return nil
}

// noteFailingBeforeReads says, before the reads, which for many groups
// take a while, that lists whose own policy fails are read all the same
// by cmd (audit --live, site --live): the run is no sync, and what it
// finds on these lists, sync leaves.
func (w *Workspace) noteFailingBeforeReads(op *openedFile, lists []*members.List, cmd string) {
	failing := failingLists(op.Gate, lists)
	n := len(failing)
	if n == 0 {
		return
	}
	which := words.Plural(n, "list")
	if n <= 5 {
		which = strings.Join(failing, ", ")
	}
	w.notef("note: %s %s, so sync neither reads nor writes %s; %s reads %s all the same, to say how %s", which, words.Pick(n, "fails its own policy", "fail their own policy"),
		words.Pick(n, "it", "them"), cmd, words.Pick(n, "it", "them"), words.Pick(n, "it stands", "they stand"))
}

// failingLists are the ids of lists whose own policy fails (gate).
func failingLists(gate *policies.Gate, lists []*members.List) []string {
	var out []string
	for _, l := range lists {
		if gate != nil && gate.ListFails(l.ID) != "" {
			out = append(out, l.ID)
		}
	}
	return out
}

// liveDrift is what differs between the file and the live groups, for
// audit --live and the site's drift section alike: what a sync with the
// default guards would hold back is said to be held back (an audit
// refuses nothing; it says what sync would not do).
//
// A list whose own policy fails (gate) is read, for the auditor, but
// sync neither reads nor writes it: each difference says so, not what a
// guard would hold back.
func liveDrift(f *members.File, gate *policies.Gate, p *plan.Plan) []audit.Item {
	var failing []audit.Item
	for _, l := range p.Lists {
		why := gate.ListFails(l.ID)
		if why == "" {
			continue
		}
		l.PolicyFails = true // read for the auditor all the same: what sync would do is nothing
		for i := range l.Changes {
			l.Changes[i].Blocked = "sync neither reads nor writes " + l.ID + " while its policy fails: " + why
		}
		failing = append(failing, audit.Item{Level: audit.Violation, Kind: audit.KindDrift, List: l.ID,
			Message: fmt.Sprintf("%s is not read or synced while its policy fails: %s", l.ID, why), Summary: "this list is not read or synced while its policy fails"}) // no id: a public page may hide it
	}
	_ = p.HoldBackGuards(plan.DefaultGuards())
	return append(failing, audit.Drift(f, p)...)
}

// heldFindings are the findings of shown (the file as the groups hold
// it) about members of a list whose members differ from raw's, the file
// as written: the people sync left on a list it refuses, whose records
// lapse as anyone's; raw's own findings say why the list is held.
func heldFindings(raw, shown *members.File, have, fs []policies.Finding) []policies.Finding {
	held := map[string]bool{}
	for _, l := range shown.Lists {
		if !slices.Equal(listing(raw, l.ID), listing(shown, l.ID)) {
			held[l.ID] = true
		}
	}
	var out []policies.Finding
	for _, fd := range fs {
		same := func(h policies.Finding) bool {
			return h.Rule == fd.Rule && h.List == fd.List && h.Member == fd.Member
		}
		if fd.Member == "" || !held[fd.List] || slices.ContainsFunc(have, same) {
			continue
		}
		// Named where the file as written has them: their entry, and
		// the record the finding is of. Someone whose entry is gone is
		// on the group until sync applies the list again, with nothing
		// in the file to re-vet: the list's own finding says why.
		m := raw.FindMember(fd.Member)
		if m == nil {
			continue
		}
		fd.Pos = m.Pos
		if fd.Vetting != nil {
			for _, v := range m.Vetting {
				if v.By == fd.Vetting.By && v.On.Format(members.DateLayout) == fd.Vetting.On {
					fd.Pos = v.Pos
				}
			}
		}
		fd.Line, fd.Column = fd.Pos.Line, fd.Pos.Col
		out = append(out, fd)
	}
	return out
}

// listing is who is on list in f, with their roles, in the file's order.
func listing(f *members.File, list string) []string {
	var out []string
	for _, m := range f.MembersOf(list) {
		role, _ := m.RoleOn(list)
		out = append(out, members.IdentityOf(m.Email)+" "+string(role))
	}
	return out
}
