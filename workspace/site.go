package workspace

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/site"
)

// SiteOptions configure Site.
type SiteOptions struct {
	File string
	// Out is the directory: new, empty, or an earlier roster site.
	Out string
	// Public leaves out every address and all vetting detail.
	Public bool
	// At is the day the site is built as of: always a date (the command
	// line gives today's when --at is not set), the zero Time being
	// 0001-01-01.
	At time.Time
	// Live, when set, adds what was changed on the live groups by hand.
	Live *LiveOptions
	// Lists limits the site to these list ids; all when empty.
	Lists []string
}

// Site builds the auditor's static site (or, with Public, the public
// roster) from the file and its git history. A repository with no
// commit of the file is refused, as History refuses it; outside git the
// site is of the file alone, and its pages say it has no history.
func (w *Workspace) Site(ctx context.Context, o SiteOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	if err := w.checkOutput("--out", o.Out, o.File); err != nil {
		return err
	}
	past := w.pastDay(o.At)
	op, err := w.open(ctx, Source{Path: o.File})
	var nowErr error
	if past && err != nil && o.Live == nil {
		// Moved, deleted or mid-edit now: as of a day gone by, git has
		// the file, as for audit --at.
		op, err, nowErr = &openedFile{Source: Source{Path: o.File}}, nil, err
	}
	if err != nil {
		return err
	}
	dir, name := w.gitPath(ctx, o.File)
	// The history first: a repository with no commit of the file has
	// none to build the site from, and is told so (as history tells
	// it) before anything is read as of a day. Outside git the site
	// is of the file alone, and its pages say it has no history.
	hopts := history.Options{LogOptions: history.LogOptions{Now: w.env.Now}}
	if past {
		// What had landed by the end of that day, as show --at reads it:
		// its events, and its versions that do not parse.
		hopts.Until = o.At.Format(members.DateLayout)
	}
	var versions []*history.Version
	hopts.Versions = func(vs []*history.Version) { versions = vs }
	var caps map[string][]history.CapAt
	hopts.Caps = func(c map[string][]history.CapAt) { caps = c }
	// A public roster of a day gone by hides every address the
	// repository holds, later ones too: when something landed after that
	// day, the whole history is read for them, beside the history of
	// the day (two processes of git at once: the two reads take as long
	// as the longer, not as both).
	var held struct {
		all   bool // the day's history holds every address there is
		known []string
		notes []string
		err   error
	}
	heldRead := make(chan struct{})
	if o.Public && past {
		if _, head, herr := history.Committed(ctx, dir, name); herr == nil && head.Date.Before(o.At) {
			held.all = true
			close(heldRead)
		} else {
			go func() {
				defer close(heldRead)
				held.known, held.notes, held.err = w.heldInRepository(ctx, dir, name, op.File)
			}()
		}
	} else {
		close(heldRead)
	}
	var warm *site.Warm
	if o.Public {
		// While git is read, on the processor it leaves: what the file's
		// members' fields spell side by side, which the build reads
		// again only where the history hides a field more.
		warm = site.Prepare(op.File)
		defer warm.Stop()
	}
	events, problems, err := history.History(ctx, dir, name, hopts)
	<-heldRead
	if err != nil && !errors.Is(err, history.ErrNotInGit) {
		return w.namingFile(err, dir, name)
	}
	file := op.File
	if !past && err == nil {
		// Today, as show --at and diff read it: a file sync refuses
		// whole left the groups as the last version it applied.
		file = w.applied(ctx, dir, name, o.File, op.File)
	}
	if past {
		// As of a day gone by: the file as it was then, its lists under
		// the ids they have now (as history names them).
		cur := op.File
		if cur == nil {
			cur = w.current(ctx, o.File) // mid-edit: as audit --at reads it
		}
		if file, _, past, err = w.fileOnDay(ctx, dir, name, o.File, cur, o.At); err != nil {
			if nowErr != nil && !errors.Is(nowErr, fs.ErrNotExist) {
				return nowErr
			}
			return err
		}
	}
	// The site is of the lists' history: an id a list had before a
	// rename names it too.
	ids, err := w.listsOfGroups(ctx, o.File, op.File, o.Lists, "the file", file)
	if err != nil {
		return err
	}
	lists, err := selectLists(file, ids)
	if err != nil {
		return err
	}
	w.skipped(problems)
	// Every commit of the file in the history read: the versions that
	// parsed and those that did not.
	in := site.Input{File: file, Events: events, Versions: versions, Caps: caps, Commits: len(versions) + len(problems), Today: &o.At, Now: w.env.Now(), Public: o.Public,
		Lists: ids, Skipped: len(problems), Commands: w.inContext, Warm: warm}
	if abs, err := filepath.Abs(w.path(o.File)); err == nil {
		in.Protect = []string{abs}
	}
	// The rows' verdicts are validate's on the file of that day: a
	// record that had lapsed before the file listed someone never
	// admitted them, which history tells.
	// (The public roster shows no verdict: nothing to judge.)
	if !o.Public {
		in.Findings = w.check(file, policies.Options{At: o.At, Before: file, HeldSince: heldSince(ctx, w.timelineOnce(ctx, o.File, ""), file, o.At)})
	}
	if o.Public && past {
		// An address that came into the repository after that day is
		// in it all the same: a field of then that spells it is hidden.
		switch {
		case held.all:
			// Nothing landed on or after that day: the history read for
			// the site holds every address there is.
			in.Known, in.KnownNotes = heldIn(op.File, events)
		case held.err != nil:
			return held.err
		default:
			in.Known, in.KnownNotes = held.known, held.notes
		}
	}
	var unread []string  // lists whose live group could not be read
	var missing []string // lists whose group does not exist, which sync does not create
	if o.Live != nil {
		w.noteFailingBeforeReads(op, lists, "site --live")
		lv, err := w.openLive(ctx, op.File, op.Path, lists, *o.Live, access{settings: true})
		if err != nil {
			return err
		}
		defer lv.stop()
		p, err := w.planLive(ctx, op, lists, lv, *o.Live, Window{}, true)
		if err != nil {
			return err
		}
		lv.stop()
		live := &site.Live{Read: w.env.Now()}
		for _, l := range p.Lists {
			if l.Error != "" {
				unread = append(unread, l.ID+" ("+report.Line(l.Error)+")")
				live.Unread = append(live.Unread, l.ID)
			}
			if l.GroupMissing && !l.Create && len(l.Changes) > 0 {
				missing = append(missing, l.ID)
			}
		}
		for _, it := range liveDrift(op.File, op.Gate, p) {
			text := it.Change
			switch {
			case o.Public && it.Summary != "":
				// Reasons quote vetting records (who, when, how): not
				// for the public roster. The address is roster's own
				// words' subject: the site names them in place as its
				// tables do (Drift.Email), so the rest reads.
				text = it.Summary
			case o.Public:
				continue // a note about a list, or a verdict on vetting: not a difference
			case text == "":
				text = it.Message // a finding with no who
			}
			if !o.Public {
				// Which letters of an address are not what they look
				// like: for the auditor; the public page hides the
				// address, and would give its letters away.
				text += report.RevealNote(it.Email)
			}
			d := site.Drift{List: it.List, Text: text, Who: it.ChangedBy, Email: it.Email}
			d.When, _ = audit.WhenChanged(it.ChangedBy)
			live.Drift = append(live.Drift, d)
		}
		live.Drift = append(live.Drift, receiverDrift(ctx, op.File, p, lv, o.Public)...)
		in.Live = live
	}
	if err := site.BuildContext(ctx, w.path(o.Out), in); err != nil {
		if errors.Is(err, site.ErrOwnDirectory) {
			// The command that gives it one, as this one was run: the
			// public roster stays public, the same lists, the same day.
			return w.withContext(fmt.Errorf("%w ('%s')", err, w.siteCommand(o, "roster-site")))
		}
		return err
	}
	what := "the auditor's site"
	if o.Public {
		what = "the public roster"
	}
	w.notef("wrote %s to %s (open %s)", what, o.Out, o.Out+"/index.html")
	if o.Live == nil {
		return nil
	}
	// Built, with the pages saying so; but a job that publishes the site
	// must not go green where the scheduled sync fails, nor on drift it
	// could not read. Every cause is said, then the run fails.
	failed := false
	if op.Gate != nil && len(op.Gate.Stop) > 0 {
		w.errorf("--live: %s is one sync refuses whole (%s): the pages show the groups against the last version sync would apply; fix the file (%s says how)", o.File, op.Gate.Stop[0].Plain(), w.hint("validate"))
		failed = true
	}
	if op.Gate != nil {
		var failing []string
		for _, l := range lists {
			if why := op.Gate.ListFails(l.ID); why != "" {
				failing = append(failing, l.ID+" ("+why+")")
			}
		}
		if n := len(failing); n > 0 {
			// A few with their reasons: the line must stay one a job's
			// log can show, whatever the number of lists.
			const named = 5
			more := ""
			if n > named {
				more = fmt.Sprintf("; and %d more (%s lists them all)", n-named, w.hint("validate"))
				failing = failing[:named]
			}
			w.errorf("--live: %s %s, so sync neither reads nor writes %s: %s%s", words.Plural(n, "list"), words.Pick(n, "fails its own policy", "fail their own policy"), words.Pick(n, "it", "them"), strings.Join(failing, "; "), more)
			failed = true
		}
	}
	if len(missing) > 0 {
		w.errorf("--live: the group of %s does not exist, and sync does not create %s (create = true would): %s", words.Plural(len(missing), "list"), words.Pick(len(missing), "it", "them"), strings.Join(missing, ", "))
		failed = true
	}
	if len(unread) > 0 {
		w.errorf("--live: the live group of %s could not be read, as %s: %s", words.Plural(len(unread), "list"), words.Pick(len(unread), "its page says", "their pages say"), strings.Join(unread, "; "))
		failed = true
	}
	if failed {
		return exit(ExitFailed)
	}
	return nil
}

// receiverDrift is the drift of the lists whose live group holds nested
// groups: whoever receives a list's mail through one with no entry on
// the list (every user of the domain too), as audit --live names them
// from the same reads (receiversOf), a list whose policy allows no
// group too. The public roster names a person as it names them
// elsewhere, and no nested group.
func receiverDrift(ctx context.Context, f *members.File, p *plan.Plan, lv *live, public bool) []site.Drift {
	var out []site.Drift
	for _, l := range p.Lists {
		fl := f.List(l.ID)
		if len(l.Groups) == 0 || fl == nil || lv.providers[l.ID] == nil {
			continue
		}
		rs, read, err := lv.receiversOf(ctx, l)
		if err != nil {
			if !read { // (read by the plan, its failure is one of the list's problems, in the drift already)
				text := fmt.Sprintf("cannot tell who receives %s's mail through nested groups: %v", l.Address, err)
				if public {
					text = "cannot tell who receives the list's mail through nested groups"
				}
				out = append(out, site.Drift{List: l.ID, Text: text})
			}
			continue
		}
		// Who put them there, as the plan's attribution read it: for
		// the auditor's site (the public one names no actor).
		var by map[string]string
		if !public {
			by = map[string]string{}
			for _, r := range l.Receivers {
				by[members.IdentityOf(r.Email)] = r.ChangedBy
			}
		}
		_, items := audit.Receivers(f, fl, rs, by)
		for _, it := range items {
			// Who made it is the drift's own column, as for the list's
			// own group's differences.
			text := cmp.Or(it.Change, it.Message) + report.RevealNote(it.Email)
			if public {
				who := "all users of the domain receive"
				if it.Email != "" {
					who = it.Email + " receives" // named as the site's tables name them (Drift.Email)
				}
				text = who + " the list's mail through a nested group, with no entry on this list" // no id: the page may hide it
			}
			d := site.Drift{List: l.ID, Text: text, Email: it.Email}
			if !public {
				d.Who = it.ChangedBy
				d.When, _ = audit.WhenChanged(it.ChangedBy)
			}
			out = append(out, d)
		}
	}
	return out
}

// heldInRepository are the addresses, and the vetting notes and
// evidence, the repository holds for a public site's reading: those of
// the file now (when it opens) and of every version of its history, the
// lists' earlier addresses too.
func (w *Workspace) heldInRepository(ctx context.Context, dir, name string, now *members.File) (addrs, notes []string, err error) {
	events, _, err := history.History(ctx, dir, name, history.Options{LogOptions: history.LogOptions{Now: w.env.Now}})
	if err != nil && !errors.Is(err, history.ErrNotInGit) && !errors.Is(err, history.ErrUntracked) {
		return nil, nil, w.namingFile(err, dir, name)
	}
	addrs, notes = heldIn(now, events)
	return addrs, notes, nil
}

// heldIn is every address now (the file as it is) and events name:
// members, vetters, and the groups' addresses then; and every vetting
// note and evidence they hold.
func heldIn(now *members.File, events []history.Event) (addrs, notes []string) {
	if now != nil {
		for _, m := range now.Members {
			addrs = append(addrs, m.Email)
			for _, v := range m.Vetting {
				addrs = append(addrs, v.By)
				notes = append(notes, v.Note, v.Evidence)
			}
		}
		for _, l := range now.Lists {
			addrs = append(addrs, l.Address)
		}
	}
	for _, e := range events {
		addrs = append(addrs, e.Email)
		if e.Group != "" {
			// The address a list had then, changed since or not.
			addrs = append(addrs, e.Group)
		}
		if e.Vetting != nil {
			addrs = append(addrs, e.Vetting.By)
			notes = append(notes, e.Vetting.Note, e.Vetting.Evidence)
		}
	}
	return addrs, notes
}

// siteCommand is the command line of a site build as o asks for it,
// into out.
func (w *Workspace) siteCommand(o SiteOptions, out string) string {
	args := []string{"roster", "site"}
	if o.Public {
		args = append(args, "--public")
	}
	for _, l := range o.Lists {
		args = append(args, "--list", shell.Quote(l))
	}
	if !o.At.IsZero() && !o.At.Equal(w.today()) {
		args = append(args, "--at", o.At.Format(members.DateLayout))
	}
	if o.Live != nil {
		args = append(args, "--live")
	}
	return strings.Join(append(args, "--out", shell.Quote(out)), " ")
}
