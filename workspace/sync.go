package workspace

import (
	"context"
	"errors"
	"fmt"
	"github.com/roster-dev/roster/history"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
)

// SyncOptions configure Sync.
type SyncOptions struct {
	Source
	Lists  []string
	Format report.Format
	Live   LiveOptions
	Guards plan.Guards
	// ChangedSince, when positive, syncs only the lists Google's audit
	// log or git says changed in that window.
	ChangedSince Window
	// NoAttribution skips Google's audit log for who changed a group by
	// hand.
	NoAttribution bool
	// DryRun plans and changes nothing: sync --dry-run is roster plan.
	DryRun bool
}

// Sync validates the file, plans every selected list and applies the
// plan: the scheduled job. It fails when anything failed or was refused,
// and returns ExitWalkIns when all went well but people the file does
// not name sit on a list whose policy keeps them.
func (w *Workspace) Sync(ctx context.Context, o SyncOptions) error {
	if o.DryRun {
		return w.Plan(ctx, PlanOptions{Source: o.Source, Lists: o.Lists, Format: o.Format, Live: o.Live, Guards: o.Guards,
			NoAttribution: o.NoAttribution, ChangedSince: o.ChangedSince})
	}
	ctx, done := history.WithReads(ctx)
	defer done()
	return w.oneDocument(o.Format, o.Path, func(w *Workspace) error { return w.sync(ctx, o) })
}

// toWrite is what a run that writes to live groups opens: the members
// file gated, the lists asked for that it may write (failing: those
// whose own policy fails, left alone), and the live side, which the
// caller stops.
type toWrite struct {
	op      *openedFile
	lists   []*members.List
	failing []*plan.List
	lv      *live
}

// openToWrite opens what sync and apply write through, in the same
// steps: the file gated, the lists ids names (all when none) of those
// it may write, and the live side for them.
func (w *Workspace) openToWrite(ctx context.Context, src Source, format report.Format, ids []string, liveOpts LiveOptions) (*toWrite, error) {
	op, err := w.openGated(ctx, src, format)
	if err != nil {
		return nil, err
	}
	lists, err := selectLists(op.File, ids)
	if err != nil {
		return nil, err
	}
	// A list whose own policy fails is never written, whatever a plan
	// file says: sync and plan leave it out, and so does apply.
	lists, failing, err := w.runnable(op, lists)
	if err != nil {
		return nil, w.noneRunnable(op, failing, format, err)
	}
	lv, err := w.openLive(ctx, op.File, op.Path, lists, liveOpts, writing(lists))
	if err != nil {
		return nil, err
	}
	return &toWrite{op: op, lists: lists, failing: failing, lv: lv}, nil
}

func (w *Workspace) sync(ctx context.Context, o SyncOptions) error {
	tw, err := w.openToWrite(ctx, o.Source, o.Format, o.Lists, o.Live)
	if err != nil {
		return err
	}
	op, lists, failing, lv := tw.op, tw.lists, tw.failing, tw.lv
	defer lv.stop()
	p, err := w.planLive(ctx, op, lists, lv, o.Live, o.ChangedSince, !o.NoAttribution)
	if err != nil {
		return err
	}
	p.WithSkipped(failing)
	w.reportFindings(op, lists)
	w.warnUnpinned(op, p)
	if len(failing) > 0 {
		// Said at once, at ERROR in JSON logs, whatever else the run
		// does: a reason it fails. Its last line says it again, with
		// anyone on the groups the file does not admit after it.
		ids := make([]string, len(failing))
		for i, l := range failing {
			ids[i] = l.ID
		}
		w.errorf("%s not synced because %s policy fails in %s: %s", words.Plural(len(failing), "list"), words.Pick(len(failing), "its", "their"), o.Path, strings.Join(ids, ", "))
	}
	rerun := append(listArgs(o.Lists), changedSinceArgs(o.ChangedSince)...)
	err = w.applyPlan(ctx, p, lv, o.Guards, o.Live.Concurrency, o.Format, "sync", rerun...)
	if len(failing) > 0 && (err == nil || Code(err) == ExitWalkIns) {
		return exit(ExitFailed)
	}
	return err
}

// writtenTo is a writer that notes whether anything went through it.
type writtenTo struct {
	io.Writer
	wrote bool
}

func (c *writtenTo) Write(p []byte) (int, error) {
	c.wrote = c.wrote || len(p) > 0
	return c.Writer.Write(p)
}

// oneDocument runs a sync or apply so that, asked for JSON, its stdout
// holds one document whatever happened: a run that fails before it
// writes its own (a file that does not parse, a plan file that cannot be
// read, a list id the file does not know, no credentials) writes a run
// refused for that reason. A script reads stdout; an empty one is no
// answer to it.
func (w *Workspace) oneDocument(format report.Format, file string, run func(*Workspace) error) error {
	return w.oneDocumentAs(format, file, run, func(p *plan.Plan, why string, interrupted bool) error {
		if !strings.Contains(why, "nothing was") {
			// A refused sync or apply may have read the groups (a plan
			// that no longer holds); it changed none.
			why += ": nothing was changed"
		}
		return report.SyncJSON(w.out, p, report.ApplySummary{Refused: why, Interrupted: interrupted})
	})
}

// oneDocumentAs is oneDocument, with refused writing the document of a
// run refused (p, an empty plan of file) for why.
func (w *Workspace) oneDocumentAs(format report.Format, file string, run func(*Workspace) error, refused func(p *plan.Plan, why string, interrupted bool) error) error {
	if format != report.JSON {
		return run(w)
	}
	out := &writtenTo{Writer: w.out}
	ws := *w
	ws.out = out
	err := run(&ws)
	if err == nil || out.wrote {
		return err
	}
	why := err.Error()
	var ee *ExitError
	if errors.As(err, &ee) {
		why = ee.Reason
		if why == "" {
			why = "stopped before changing anything (stderr says why)"
		}
	}
	p := &plan.Plan{Version: plan.FormatVersion, Source: plan.Source{File: file}, Lists: []*plan.List{}}
	if jerr := refused(p, why, errors.Is(err, context.Canceled)); jerr != nil {
		return jerr
	}
	return err
}

// noneRunnable reports a sync or apply none of whose lists may run
// (every one fails its own policy) and returns err: the lists left out,
// in text, or in JSON one document saying nothing was tried.
func (w *Workspace) noneRunnable(op *openedFile, failing []*plan.List, format report.Format, err error) error {
	switch format {
	case report.Text:
		_ = w.printSkipped(op, failing, format)
	case report.JSON:
		p := &plan.Plan{Version: plan.FormatVersion, Source: plan.Source{File: op.Path, SHA256: plan.FileDigest(op.Data)}, Lists: []*plan.List{}}
		p.WithSkipped(failing)
		if jerr := report.SyncJSON(w.out, p, report.ApplySummary{Refused: "every selected list fails its own policy: nothing was read or written"}); jerr != nil {
			return jerr
		}
	}
	return err
}

// applyPlan checks the guards, applies a plan and reports; shared by
// Sync and Apply.
//
// rerun is the command (sub and its arguments, without guards or
// context) that repeats this run, for the line that says how to make
// removals a guard refused.
func (w *Workspace) applyPlan(ctx context.Context, p *plan.Plan, lv *live, guards plan.Guards, concurrency int, format report.Format, sub string, rerun ...string) error {
	// A list that breaks a guard of its own keeps its members (the plan
	// shows its removals held back); the rest of the run goes ahead, and
	// fails at the end. A run over the guard of all lists changes nothing.
	gerr := p.HoldBackGuards(guards)
	var ge *plan.GuardError
	errors.As(gerr, &ge)
	if format == report.Text {
		if err := report.Plan(w.out, report.Text, p); err != nil {
			return err
		}
	}
	if gerr != nil {
		if ge == nil || ge.Global {
			if format == report.JSON {
				// One document on stdout whatever happened.
				if err := report.SyncJSON(w.out, p, report.ApplySummary{Refused: gerr.Error(), Duration: w.env.Now().Sub(lv.opened), Stats: lv.stats()}); err != nil {
					return err
				}
			}
			w.errorf("%v", gerr)
			w.intendedRun(gerr, guards, sub, rerun...)
			if also := onTheGroups(report.WalkIns(p, plan.Result{}), report.Unvetted(p), report.NestedReceivers(p), report.HeldRemovals(p, true)); also != "" {
				// The refusal changed nothing: whoever sits on a group
				// unadmitted sits there still, and the line a log is
				// read by names them.
				w.errorf("%s changed nothing%s", sub, also)
			}
			return exit(ExitFailed)
		}
		w.notef("%v", gerr)
		w.intendedRun(gerr, guards, sub, rerun...)
	}
	if concurrency <= 0 {
		concurrency = DefaultConcurrency
	}
	prog := w.newProgress(p)
	res := plan.Apply(ctx, p, lv.providers, plan.ApplyOptions{Concurrency: concurrency, Report: prog.event})
	prog.finish()
	w.afterApply(ctx, p, res, lv)
	// The run's seconds, its reads included, as its calls count them.
	summary := report.ApplySummary{Result: res, Duration: w.env.Now().Sub(lv.opened), Stats: lv.stats()}
	if format == report.JSON {
		if err := report.SyncJSON(w.out, p, summary); err != nil {
			return err
		}
	} else if p.Pending() || !res.OK() {
		if err := report.Applied(w.out, summary); err != nil {
			return err
		}
	}
	if notDone, _ := res.Interrupted(); notDone > 0 || ctx.Err() != nil {
		// Those the run was to take off and did not get to stay on
		// the groups as much as a walk-in: named too.
		var notOff, notDown []string
		for _, l := range res.Lists {
			for _, c := range l.Interrupted {
				switch {
				case c.Action == plan.ActionRemove:
					notOff = append(notOff, c.Email+plan.LookalikeNote(c.Email)+" ("+l.ID+")")
				case c.Action == plan.ActionSetRole && c.Role.Rank() < c.PreviousRole.Rank():
					notDown = append(notDown, fmt.Sprintf("%s%s (%s, %s still)", c.Email, plan.LookalikeNote(c.Email), l.ID, c.PreviousRole))
				}
			}
		}
		also := onTheGroups(report.WalkIns(p, res), report.Unvetted(p), report.NestedReceivers(p), report.HeldRemovals(p, false))
		if len(notDown) > 0 {
			also = "; not yet demoted: " + strings.Join(notDown, ", ") + also
		}
		if len(notOff) > 0 {
			also = "; not yet taken off the groups: " + strings.Join(notOff, ", ") + also
		}
		return &ExitError{Code: ExitInterrupted, OnTheGroups: also}
	}
	code := ExitOK
	unvetted := report.Unvetted(p)
	unvettedWho := report.UnvettedWho(p)
	sayUnvetted := func(exit string) {
		// A person the file names, on the group by hand, whose entry no
		// policy admits: as unvetted as a walk-in.
		w.warnf("%s the file lists them on without a vetting record that admits them: %s; vet them, or take them off the list in the file%s",
			unvettedWho, strings.Join(unvetted, ", "), exit)
	}
	nested := report.NestedReceivers(p)
	sayNested := func(exit string) {
		w.warnf("%s %s a list's mail through a nested group with no entry on the list: %s; give them an entry, or take them out of the nested group%s",
			words.Count(len(nested), "person", "people"), words.Pick(len(nested), "receives", "receive"), strings.Join(nested, ", "), exit)
	}
	walkIns := report.WalkIns(p, res)
	sayWalkIns := func(after string) {
		w.warnf("%s the file does not list them on, %s: %s; %s%s",
			report.WalkInWho(p, res), keptWhy(lv.file, p), strings.Join(walkIns, ", "), report.WalkInMend(p), after)
	}
	switch {
	case !res.OK() || p.Summary.Problems > 0 || p.Summary.Unreadable > 0:
		code = ExitFailed
		// Said on stderr (at ERROR in JSON logs) as well as in the
		// summary on stdout: a scheduled job's log must say why it
		// failed wherever it is read.
		// Said even when something failed: a failure must not hide an
		// unvetted person on a private list. The failure is said last,
		// naming them too, so that the line a log is read by says both.
		if len(unvetted) > 0 {
			sayUnvetted("")
		}
		if len(nested) > 0 {
			sayNested("")
		}
		if len(walkIns) > 0 {
			sayWalkIns("")
		}
		also := onTheGroups(walkIns, unvetted, nested, append(report.HeldRemovals(p, false), report.FailedRemovals(res)...))
		w.errorf("%s did not converge every group: %s%s", sub, strings.Join(unconverged(p, res), "; "), also)
	case len(walkIns) > 0 || len(unvetted) > 0 || len(nested) > 0:
		code = ExitWalkIns
		if len(walkIns) == 0 {
			// The last line names everyone: a log read from its end
			// must not miss one.
			switch {
			case len(nested) == 0:
				sayUnvetted(fmt.Sprintf(" (exit %d)", ExitWalkIns))
			case len(unvetted) == 0:
				sayNested(fmt.Sprintf(" (exit %d)", ExitWalkIns))
			default:
				sayUnvetted("")
				sayNested(fmt.Sprintf("; and, listed but unvetted (above): %s (exit %d)", strings.Join(unvetted, ", "), ExitWalkIns))
			}
			break
		}
		also := ""
		if len(unvetted) > 0 {
			sayUnvetted("")
			// The last line names everyone, the listed-but-unvetted too:
			// a log read from its end must not miss one.
			also = "; and, listed but unvetted (above): " + strings.Join(unvetted, ", ")
		}
		if len(nested) > 0 {
			sayNested("")
			also += "; and, receiving the mail through nested groups (above): " + strings.Join(nested, ", ")
		}
		// Last line of the run, so that a scheduled job's log ends with
		// it: an unvetted person on a private list must not stay green.
		sayWalkIns(fmt.Sprintf("%s (exit %d)", also, ExitWalkIns))
		code = ExitWalkIns
	}
	if code != ExitOK {
		return exit(code)
	}
	return nil
}

// keptWhy says why the walk-ins of p are still on their groups after
// the run: unmanaged = "report" leaves them be; on a list whose policy
// removes them, they joined a group this run created after it read it
// (afterApply), and the next sync takes them off.
func keptWhy(f *members.File, p *plan.Plan) string {
	kept, remove := false, false
	for _, l := range p.Lists {
		if len(l.Unmanaged) == 0 || f == nil {
			continue
		}
		var pol *members.Policy
		if fl := f.List(l.ID); fl != nil {
			pol = f.PolicyOf(fl)
		}
		if pol != nil && pol.Unmanaged == members.UnmanagedRemove {
			remove = true
		} else {
			kept = true
		}
	}
	switch {
	case remove && kept:
		return `kept because unmanaged = "report", or, on a group this run created, joined after it read it (unmanaged = "remove" there: the next sync takes them off)`
	case remove:
		return `who joined a group this run created after it read it (unmanaged = "remove": the next sync takes them off)`
	}
	return `kept because unmanaged = "report"`
}

// onTheGroups is what a failed run's last line adds about the people on
// the groups whom the file does not admit there (report.Unvetted,
// report.NestedReceivers, report.WalkIns, and those whose removal a guard
// held back, report.HeldRemovals): "" when there are none.
func onTheGroups(walkIns, unvetted, nested, held []string) string {
	also := ""
	if len(held) > 0 {
		also += "; still on the groups, their removal held back: " + strings.Join(held, ", ")
	}
	if len(unvetted) > 0 {
		also += "; listed but unvetted on the groups: " + strings.Join(unvetted, ", ")
	}
	if len(nested) > 0 {
		also += "; receiving the mail through nested groups, with no entry: " + strings.Join(nested, ", ")
	}
	if len(walkIns) > 0 {
		also += "; walk-ins on the groups: " + strings.Join(walkIns, ", ")
	}
	return also
}

// progress reports a running sync: on a terminal, one line rewritten in
// place; in CI logs, one line per change; with JSON logs, one record per
// change.
type progress struct {
	w            *Workspace
	total        int
	done, failed int
	start        time.Time
	drawn        bool
}

func (w *Workspace) newProgress(p *plan.Plan) *progress {
	total := 0
	for _, l := range p.Lists {
		if l.Error == "" && (!l.GroupMissing || l.Create) && !l.Checklist {
			total += len(l.Changes)
		}
		if l.Create {
			total++ // the group's creation, one of the plan's changes
		}
	}
	return &progress{w: w, total: total, start: w.env.Now()}
}

// event is called by plan.Apply, serialised.
func (p *progress) event(ev plan.Event) {
	what, undid := "", ""
	switch {
	case ev.Change != nil:
		p.done++
		what = report.ChangeLine(*ev.Change)
		// Whose hand change this undoes, as the plan's audit log read
		// said: the scheduled job's log names them on the line itself.
		undid = ev.Change.ChangedBy
	case ev.Created:
		p.done++
		what = "group created"
	default:
		what = fmt.Sprintf("settings (%d)", len(ev.Setting))
		// Whose setting changes the patch undid, each named.
		var by []string
		for _, s := range ev.Setting {
			if s.ChangedBy != "" {
				by = append(by, s.Name+": "+s.ChangedBy)
			}
		}
		undid = strings.Join(by, "; ")
	}
	if ev.Err != nil && report.Outcome(ev.Err) == "FAILED" {
		p.failed++
	}
	env := p.w.env
	switch {
	case env.JSONLogs:
		if ev.Err != nil {
			env.Logger.Warn("change "+strings.ToLower(report.Outcome(ev.Err)), "list", ev.List, "change", what, "err", ev.Err.Error())
		} else if ev.Found != "" {
			env.Logger.Info("change done", "list", ev.List, "change", what, "already_on_the_group_as", ev.Found)
		} else if undid != "" {
			env.Logger.Info("change done", "list", ev.List, "change", what, "changed_by", undid)
		} else {
			env.Logger.Info("change done", "list", ev.List, "change", what)
		}
	case env.Terminal:
		elapsed := env.Now().Sub(p.start).Seconds()
		rate := 0.0
		if elapsed > 0 {
			rate = float64(p.done) / elapsed
		}
		// Past the guard's filter, which would escape the sequence that
		// redraws the line, but under its lock.
		fmt.Fprintf(p.w.progress, "\r\033[Ksyncing: %d/%d changes, %d failed, %.0f/s", p.done, p.total, p.failed, rate)
		p.drawn = true
	case ev.Err != nil:
		fmt.Fprintf(p.w.errw, "%s: %s: %s: %s\n", report.Line(ev.List), what, report.Outcome(ev.Err), report.Line(ev.Err.Error()))
	case undid != "":
		// As the plan prints it: the audit log's word on the live side,
		// a hand change by someone, or why none can be named.
		fmt.Fprintf(p.w.errw, "%s: %s: done (live: %s)\n", report.Line(ev.List), what, report.Line(undid))
	case ev.Found != "":
		// Google answered "already a member": the entry is an alias of
		// someone on the group, added by nobody.
		fmt.Fprintf(p.w.errw, "%s: %s: already on the group as %s\n", report.Line(ev.List), what, report.Reveal(ev.Found))
	default:
		fmt.Fprintf(p.w.errw, "%s: %s: done\n", report.Line(ev.List), what)
	}
}

func (p *progress) finish() {
	if p.drawn {
		fmt.Fprintln(p.w.progress)
	}
}

// unconverged says, by kind, what kept a run from converging every
// group, naming the lists: the run's last line on stderr, which a log
// that keeps no stdout (or JSON output) must make sense of alone.
func unconverged(p *plan.Plan, res plan.Result) []string {
	// Each list once, by what stopped it; its changes and settings only
	// when the list itself went ahead.
	unreadable := map[string]bool{}
	for _, l := range p.Lists {
		if l.Error != "" {
			unreadable[l.ID] = true
		}
	}
	var byHand, skipped, shared, unread, listFailed, failed, refused, notTried, settings []string
	for _, l := range res.Lists {
		switch {
		case l.Err == nil:
			for _, f := range l.Failed {
				switch {
				case errors.Is(f.Err, plan.ErrBlocked):
					refused = append(refused, l.ID)
				case errors.Is(f.Err, plan.ErrSkipped):
					notTried = append(notTried, l.ID)
				default:
					failed = append(failed, l.ID)
				}
			}
			if l.SettingsErr != nil {
				settings = append(settings, l.ID)
			}
		case errors.Is(l.Err, plan.ErrChecklist):
			byHand = append(byHand, l.ID)
		case errors.Is(l.Err, plan.ErrPolicyFails):
			skipped = append(skipped, l.ID)
		case errors.Is(l.Err, plan.ErrSharedGroup):
			shared = append(shared, l.ID)
		case unreadable[l.ID]:
			unread = append(unread, l.ID)
		default:
			listFailed = append(listFailed, fmt.Sprintf("%s (%s)", l.ID, report.Line(l.Err.Error())))
		}
	}
	var out []string
	lists := func(ids []string, what string) {
		if len(ids) > 0 {
			what = strings.ReplaceAll(what, "their", words.Pick(len(ids), "its", "their"))
			out = append(out, fmt.Sprintf("%s %s: %s", words.Plural(len(ids), "list"), what, strings.Join(ids, ", ")))
		}
	}
	changes := func(ids []string, what string) {
		if len(ids) > 0 {
			out = append(out, fmt.Sprintf("%s %s (%s)", words.Plural(len(ids), "change"), what, strings.Join(slices.Compact(ids), ", ")))
		}
	}
	lists(byHand, "whose changes a person must make (NEEDS A PERSON)")
	lists(skipped, "skipped because their policy fails")
	lists(shared, "not synced because their group is another list's too")
	lists(unread, "whose group could not be read")
	lists(listFailed, "that could not be synced")
	changes(failed, "failed")
	changes(refused, "refused")
	changes(notTried, "not tried")
	if len(settings) > 0 {
		out = append(out, fmt.Sprintf("settings not pinned on %s", strings.Join(settings, ", ")))
	}
	if n := p.Summary.Problems; n > 0 {
		// Each said, with its list: the line a log is read by must say
		// what is wrong, not how many things are.
		var probs []string
		for _, l := range p.Lists {
			for _, pr := range l.Problems {
				probs = append(probs, report.Line(l.ID+": "+pr))
			}
		}
		out = append(out, words.Plural(n, "problem")+" no change fixes ("+strings.Join(probs, "; ")+")")
	}
	if len(out) == 0 {
		out = append(out, "a change was not made")
	}
	return out
}
