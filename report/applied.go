package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// ApplySummary is what a sync or apply did, for the end of its output.
type ApplySummary struct {
	Result   plan.Result
	Duration time.Duration
	Stats    directory.Stats
	// Refused, when set, says why nothing was tried (a guard of the
	// whole run, every list failing its policy): the run is not ok.
	Refused string
	// Interrupted is set when Ctrl-C stopped the run before it tried
	// anything (while reading the groups).
	Interrupted bool
}

// syncJSON is the --format json output of sync and apply: the plan and
// what became of every change.
type syncJSON struct {
	Plan *plan.Plan `json:"plan"`
	// OK is false when anything failed, and when unvetted people sit on
	// a list (WalkIns): exit 3 is no green run.
	OK          bool `json:"ok"`
	Interrupted bool `json:"interrupted"`
	// WalkIns names the unvetted people on lists, as the run's last
	// line does: walk-ins the policy keeps, and people the file lists
	// without a record that admits them.
	WalkIns []string `json:"walk_ins"`
	// Refused says why the run changed nothing at all, when it did not
	// try (ApplySummary.Refused).
	Refused string        `json:"refused,omitempty"`
	Seconds float64       `json:"seconds"`
	Calls   int64         `json:"calls"`
	Retries int64         `json:"retries"`
	Lists   []listOutcome `json:"lists"`
}

type listOutcome struct {
	ID string `json:"id"`
	// Created: the run created the list's group (plan.ListResult).
	Created     bool          `json:"created,omitempty"`
	Applied     []plan.Change `json:"applied"`
	Failed      []failureJSON `json:"failed"`
	Interrupted []plan.Change `json:"interrupted"`
	Kept        []failureJSON `json:"kept,omitempty"`
	// Settings are the settings the run set, each with whose hand
	// change it undid (changed_by), as the plan read the audit log.
	Settings []plan.SettingChange `json:"settings_applied,omitempty"`
	Error    string               `json:"error,omitempty"`
}

// failureJSON is a change that failed or was kept back, with why.
type failureJSON struct {
	changeFields
	Error   string `json:"error"`
	Skipped bool   `json:"skipped"`
	Refused bool   `json:"refused"`
}

// SyncJSON writes a plan and the outcome of applying it as one JSON
// document, for scripts.
func SyncJSON(w io.Writer, p *plan.Plan, s ApplySummary) error {
	notDone, _ := s.Result.Interrupted()
	walkIns := append(append(WalkIns(p, s.Result), Unvetted(p)...), NestedReceivers(p)...)
	if walkIns == nil {
		walkIns = []string{}
	}
	out := syncJSON{Plan: p, OK: s.Refused == "" && s.Result.OK() && p.Summary.Problems == 0 && len(walkIns) == 0, Interrupted: notDone > 0 || s.Interrupted, WalkIns: walkIns, Refused: s.Refused,
		Seconds: s.Duration.Round(time.Millisecond).Seconds(), Calls: s.Stats.Calls, Retries: s.Stats.Retries, Lists: []listOutcome{}}
	for _, l := range s.Result.Lists {
		lo := listOutcome{ID: l.ID, Created: l.Created, Applied: orEmpty(l.Applied), Failed: []failureJSON{}, Interrupted: orEmpty(l.Interrupted)}
		if l.SettingsApplied > 0 && l.SettingsErr == nil {
			for _, pl := range p.Lists {
				if pl.ID == l.ID {
					lo.Settings = pl.Settings
				}
			}
		}
		if l.Err != nil {
			lo.Error = l.Err.Error()
		} else if l.SettingsErr != nil {
			lo.Error = l.SettingsErr.Error()
		}
		for _, k := range l.Kept {
			lo.Kept = append(lo.Kept, failureJSON{changeFields: fieldsOf(k.Change), Error: k.Err.Error()})
		}
		for _, f := range l.Failed {
			lo.Failed = append(lo.Failed, failureJSON{changeFields: fieldsOf(f.Change), Error: f.Err.Error(),
				Skipped: errors.Is(f.Err, plan.ErrSkipped), Refused: errors.Is(f.Err, plan.ErrBlocked)})
		}
		out.Lists = append(out.Lists, lo)
	}
	return writeJSON(w, out)
}

// changeFields are a plan.Change's fields, embedded in a failure's
// document beside its error: plan.Change itself, embedded, would lend
// the failure its MarshalJSON and write the change alone.
type changeFields plan.Change

// fieldsOf is c as a failure's document writes it, marked as
// plan.Change's MarshalJSON marks it.
func fieldsOf(c plan.Change) changeFields {
	c.Lookalike = plan.Lookalike(c.Email)
	return changeFields(c)
}

func orEmpty(cs []plan.Change) []plan.Change {
	if cs == nil {
		return []plan.Change{}
	}
	return cs
}

// Applied writes the outcome of a sync or apply: counts, then every
// failure with what to do about it.
func Applied(w io.Writer, s ApplySummary) error {
	var added, removed, roles, settings, failed, planned, created, found int
	for _, l := range s.Result.Lists {
		// A group created is one of the plan's changes ("1 group to
		// create"): counted in both, or the count disagrees with it.
		if l.Create {
			planned++
		}
		if l.Created {
			created++
		}
		aliased := map[string]bool{} // entries an addition found on the group under another address
		for _, entry := range l.Aliased {
			aliased[members.IdentityOf(entry)] = true
		}
		for _, c := range l.Applied {
			switch c.Action {
			case plan.ActionAdd:
				if aliased[members.IdentityOf(c.Email)] {
					// Google answered "already a member": nobody added.
					found++
					continue
				}
				added++
			case plan.ActionRemove:
				removed++
			case plan.ActionSetRole:
				roles++
			}
		}
		settings += l.SettingsApplied
		failed += len(l.Failed)
		// A setting is one of the plan's changes too ("11 settings to
		// change"): a run that only pins settings applied some.
		planned += len(l.Applied) + len(l.Failed) + len(l.Interrupted) + l.SettingsPlanned
	}
	fmt.Fprintf(w, "Applied %d of %d changes (", created+added+removed+roles+settings+found, planned)
	if slices.ContainsFunc(s.Result.Lists, func(l plan.ListResult) bool { return l.Create }) {
		fmt.Fprintf(w, "%s created, ", words.Count(created, "group", "groups"))
	}
	fmt.Fprintf(w, "%d added, %d removed, %s changed", added, removed, words.Count(roles, "role", "roles"))
	if settings > 0 {
		fmt.Fprintf(w, ", %s", words.Count(settings, "setting", "settings"))
	}
	if found > 0 {
		fmt.Fprintf(w, ", %d already on the group under another address", found)
	}
	fmt.Fprintf(w, ") in %.1fs", s.Duration.Seconds())
	if s.Stats.Calls > 0 {
		fmt.Fprintf(w, "; %d API calls, %d retries", s.Stats.Calls, s.Stats.Retries)
	}
	fmt.Fprintln(w, ".")
	for _, l := range s.Result.Lists {
		if l.Err != nil {
			label := Outcome(l.Err)
			fmt.Fprintf(w, "%s %s: %s\n", label, Line(l.ID), Line(l.Err.Error()))
		}
		if l.SettingsErr != nil {
			fmt.Fprintf(w, "%s %s settings: %s\n", Outcome(l.SettingsErr), Line(l.ID), Line(l.SettingsErr.Error()))
		}
		for _, k := range l.Kept {
			fmt.Fprintf(w, "KEPT %s: %s: %s\n", Line(l.ID), ChangeLine(k.Change), Line(k.Err.Error()))
		}
		for _, f := range l.Failed {
			fmt.Fprintf(w, "%s %s: %s: %s\n", Outcome(f.Err), Line(l.ID), ChangeLine(f.Change), Line(f.Err.Error()))
		}
	}
	if notDone, total := s.Result.Interrupted(); notDone > 0 {
		// A write in flight when the run stopped may have been made:
		// Google's answer never came. The next run finds out.
		fmt.Fprintf(w, "interrupted: %d of %d changes not confirmed (a write in flight may have been made); run sync again to finish\n", notDone, total)
	}
	return nil
}

// Outcome is what a run's summary, and its progress lines, call
// something that did not happen, by its error: cut short by Ctrl-C,
// not tried (or a list skipped for its policy), refused by the plan,
// left to a person, or failed.
func Outcome(err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return "INTERRUPTED"
	case errors.Is(err, plan.ErrSkipped), errors.Is(err, plan.ErrPolicyFails):
		return "SKIPPED"
	case errors.Is(err, plan.ErrBlocked):
		return "REFUSED"
	case errors.Is(err, plan.ErrChecklist):
		return "NEEDS A PERSON"
	}
	return "FAILED"
}

// ChangeLine is one change for a log line: "+ ada@example.org (owner)",
// its address Revealed (a removal's is the live group's, which may only
// look like a listed one).
func ChangeLine(c plan.Change) string {
	switch c.Action {
	case plan.ActionAdd:
		return fmt.Sprintf("+ %s (%s)", Reveal(c.Email), Line(string(c.Role)))
	case plan.ActionRemove:
		return fmt.Sprintf("- %s (was %s)", Reveal(c.Email), Line(string(c.PreviousRole)))
	}
	return fmt.Sprintf("~ %s (%s -> %s)%s", Reveal(c.Email), Line(string(c.PreviousRole)), Line(string(c.Role)), liveAs(c))
}

// WalkIns names the live members a plan keeps although the file does not
// list them (unmanaged = "report"), as "address (list)": people who sit
// on a private list without a vetting record; less those res says an add
// found under another address, whom the file lists by an alias.
func WalkIns(p *plan.Plan, res plan.Result) []string {
	var out []string
	walkIns(p, res, func(l *plan.List, u plan.LiveMember) {
		out = append(out, Reveal(u.Email)+" ("+Line(l.ID)+")")
	})
	return out
}

// walkIns calls fn for each walk-in WalkIns names, list by list.
func walkIns(p *plan.Plan, res plan.Result, fn func(*plan.List, plan.LiveMember)) {
	found := map[string]map[string]string{} // list id -> member ids an add found
	for _, lr := range res.Lists {
		found[lr.ID] = lr.Aliased
	}
	for _, l := range p.Lists {
		for _, u := range l.Unmanaged {
			if _, ok := found[l.ID][u.ID]; ok && u.ID != "" {
				continue // the file writes them by an alias: no walk-in
			}
			fn(l, u)
		}
	}
}

// WalkInMend says what to do about the walk-ins of p: vet and add them,
// or take them off; the whole domain (a CUSTOMER member) has no entry to
// write, and can only be taken off.
func WalkInMend(p *plan.Plan) string {
	domain, people := false, false
	for _, l := range p.Lists {
		for _, u := range l.Unmanaged {
			domain = domain || u.Type == "CUSTOMER"
			people = people || u.Type != "CUSTOMER"
		}
	}
	switch {
	case domain && !people:
		return "remove it from the group (the whole domain has no entry to write)"
	case domain:
		return "vet and add them, or remove them from the group (the whole domain, which has no entry to write: remove it)"
	}
	return "vet and add them, or remove them from the group"
}

// WalkInWho says whom WalkIns names and on how many lists, as the
// subject of a line: "2 people on a list", one on two lists counted
// once; the whole domain (a CUSTOMER member) is no person and is named
// as itself: "the whole domain and 1 person on lists".
func WalkInWho(p *plan.Plan, res plan.Result) string {
	c := newTally()
	walkIns(p, res, func(l *plan.List, u plan.LiveMember) { c.add(l.ID, u) })
	return c.who()
}

// UnvettedWho is WalkInWho for those Unvetted names.
func UnvettedWho(p *plan.Plan) string {
	c := newTally()
	for _, l := range p.Lists {
		for _, u := range l.Unvetted {
			c.add(l.ID, u)
		}
	}
	return c.who()
}

// tally counts distinct people (by address identity) and lists, and
// whether the whole domain is among them.
type tally struct {
	people, lists map[string]bool
	domain        bool
}

func newTally() *tally { return &tally{people: map[string]bool{}, lists: map[string]bool{}} }

func (c *tally) add(list string, u plan.LiveMember) {
	c.lists[list] = true
	if u.Type == "CUSTOMER" {
		c.domain = true
		return
	}
	c.people[members.IdentityOf(u.Email)] = true
}

func (c *tally) who() string {
	var who []string
	if c.domain {
		who = append(who, "the whole domain")
	}
	if len(c.people) > 0 || !c.domain {
		who = append(who, words.Count(len(c.people), "person", "people"))
	}
	return strings.Join(who, " and ") + " on " + words.Pick(len(c.lists), "a list", "lists")
}

// HeldRemovals names the removals a run did not make because a guard
// held them back (Blocked), as "address (list)": people on a group the
// file no longer admits there, who stay. With refused (the run as a
// whole over a guard, nothing tried), every removal the plan made.
func HeldRemovals(p *plan.Plan, refused bool) []string {
	var out []string
	for _, l := range p.Lists {
		for _, c := range l.Changes {
			if c.Action == plan.ActionRemove && (refused || c.Blocked != "") {
				out = append(out, Reveal(c.Email)+" ("+Line(l.ID)+")")
			}
		}
	}
	return out
}

// FailedRemovals names the removals the run tried to make, or held
// back as it ran (a removal that waits for an addition, a failing
// Google), and did not, as "address (list)": people still on a group.
// Those the plan refused are HeldRemovals's.
func FailedRemovals(res plan.Result) []string {
	var out []string
	for _, l := range res.Lists {
		for _, f := range l.Failed {
			if f.Change.Action == plan.ActionRemove && !errors.Is(f.Err, plan.ErrBlocked) {
				out = append(out, Reveal(f.Change.Email)+" ("+Line(l.ID)+")")
			}
		}
	}
	return out
}

// NestedReceivers names who receive a list's mail through its nested
// groups with no entry on it (plan.List.Receivers), as "address (list,
// through group > group)".
func NestedReceivers(p *plan.Plan) []string {
	var out []string
	for _, l := range p.Lists {
		for _, r := range l.Receivers {
			out = append(out, Reveal(r.Email)+" ("+Line(l.ID)+", through "+RevealPath(r.Via[1:])+")")
		}
	}
	return out
}

// Unvetted names the live members the file lists without admitting them
// (plan.List.Unvetted), as "address (list: why; added by ...)": on a
// private list all the same, which a scheduled job's log must not lose,
// nor who put them there when the audit log says.
func Unvetted(p *plan.Plan) []string {
	var out []string
	for _, l := range p.Lists {
		for _, u := range l.Unvetted {
			by := ""
			if u.ChangedBy != "" {
				by = "; " + Line(u.ChangedBy)
			}
			out = append(out, Reveal(u.Email)+" ("+Line(l.ID)+": "+Line(u.Why)+by+")")
		}
	}
	return out
}
