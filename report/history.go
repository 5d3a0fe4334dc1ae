package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/plainjson"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// Ambiguous are the list ids that name more than one group in what an
// output is about (the revisions read, the file now, the output
// itself). Text names a list of such an id with its group ("l1
// (g2@example.org)"), so that two groups never share a heading or a
// row's list; CSV has the group in a column of its own, JSON a field,
// and their list stays the id --list takes.
type Ambiguous map[string]bool

// Label is how text names the list id of group: with the group when
// the id is ambiguous, or when another list of the same output has
// that id with another group (shared, from sharedIDs).
func (a Ambiguous) Label(id, group string, shared map[string]bool) string {
	if (a[id] || shared[id]) && group != "" {
		return id + " (" + group + ")"
	}
	return id
}

// sharedIDs are the ids that pairs (an id, then its group, and so on)
// give more than one group.
func sharedIDs(pairs ...string) map[string]bool {
	first := map[string]string{}
	out := map[string]bool{}
	for i := 0; i+1 < len(pairs); i += 2 {
		id, g := pairs[i], pairs[i+1]
		if g == "" {
			continue
		}
		if have, ok := first[id]; ok && have != g {
			out[id] = true
		}
		if _, ok := first[id]; !ok {
			first[id] = g
		}
	}
	return out
}

// Events writes history events: a table, a stable JSON array, or CSV.
// amb names the ids the table gives with their group.
func Events(w io.Writer, format Format, events []history.Event, amb Ambiguous) error {
	switch format {
	case JSON:
		if events == nil {
			events = []history.Event{}
		}
		return writeJSON(w, events)
	case CSV:
		cw := newCSV(w)
		cw.row("commit", "date", "author", "subject", "list", "email", "action", "role", "previous_role", "vetted_by", "vetted_on", "method", "note", "evidence", "file", "group", "lookalike", "via_subject", "moved_to")
		for _, e := range events {
			var by, on, method, note, evidence string
			if e.Vetting != nil {
				by, on, method, note, evidence = e.Vetting.By, e.Vetting.On, e.Vetting.Method, e.Vetting.Note, e.Vetting.Evidence
			}
			cw.row(e.Commit, e.Date.UTC().Format("2006-01-02T15:04:05Z"), e.Author, e.Subject, e.List, e.Email, string(e.Action), string(e.Role), string(e.PreviousRole), by, on, method, note, evidence, e.File, e.Group, plan.Lookalike(e.Email), e.ViaSubject, e.MovedTo)
		}
		return cw.flush()
	}
	var pairs []string
	for _, e := range events {
		pairs = append(pairs, e.List, e.Group)
	}
	shared := sharedIDs(pairs...)
	tw := newTable(w)
	fmt.Fprintln(tw, "DATE\tCOMMIT\tAUTHOR\tACTION\tLIST\tEMAIL\tROLE\tSUBJECT")
	for _, e := range events {
		role := string(e.Role)
		switch e.Action {
		case history.RoleChanged:
			role = string(e.PreviousRole) + " -> " + string(e.Role)
		case history.Removed:
			role = "was " + string(e.PreviousRole)
			if e.MovedTo != "" {
				// Off this file, with the list, onto no one's group.
				role += "; the list moved to " + e.MovedTo
			}
		case history.Vetted:
			role = fmt.Sprintf("by %s on %s (%s)", e.Vetting.By, e.Vetting.On, e.Vetting.Method)
		case history.VettingRemoved:
			role = fmt.Sprintf("was by %s on %s (%s)", e.Vetting.By, e.Vetting.On, e.Vetting.Method)
		}
		list := amb.Label(e.List, e.Group, shared)
		if list == "" {
			list = "-"
		}
		if e.File != "" {
			// The event happened in another file, before the list
			// moved into this one.
			list += " (in " + e.File + ")"
		}
		subject := e.Subject
		if e.ViaSubject != "" {
			// A branch's commit, off the line: its own subject says
			// whatever its author typed ("(#999)" too); the line's
			// commit it landed with names the pull request.
			// First: the subject is the branch's author's text, which
			// may end in anything, a forged "[landed with: …]" too.
			subject = "[landed with: " + e.ViaSubject + "] " + subject
		}
		fmt.Fprintf(tw, "%s\t%.10s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Date.UTC().Format("2006-01-02"), e.Commit, Line(e.Author), e.Action, Line(list), Reveal(e.Email), Line(role), Line(subject))
	}
	return tw.Flush()
}

// Diff writes the membership difference between two revisions; amb
// names the ids whose lists are headed with their group.
// DiffKept names, at each end of a diff, the lists whose own policy
// fails in the version read there, which show the members of the last
// version that applied them (show's kept_from_earlier).
type DiffKept struct {
	From []string `json:"from,omitempty"`
	To   []string `json:"to,omitempty"`
}

func Diff(w io.Writer, format Format, from, to string, d []history.ListDiff, amb Ambiguous, kept DiffKept) error {
	var pairs []string
	for _, l := range d {
		pairs = append(pairs, l.List, l.Group)
	}
	// A list unchanged counts too: "l1: - boss" must not read as the l1
	// that kept boss.
	shared := sharedIDs(pairs...)
	diffLabel := func(l history.ListDiff) string { return amb.Label(l.List, l.Group, shared) }
	switch format {
	case JSON:
		out := map[string]any{"from": from, "to": to, "lists": d}
		if len(kept.From)+len(kept.To) > 0 {
			out["kept_from_earlier"] = kept
		}
		return writeJSON(w, out)
	case Markdown:
		var b strings.Builder
		fmt.Fprintf(&b, "### Membership changes from %s to %s\n\n", Code(from), Code(to))
		changed := false
		for _, l := range d {
			if l.Empty() {
				continue
			}
			changed = true
			fmt.Fprintf(&b, "**%s**\n\n| | member | role | vetting |\n|---|---|---|---|\n", MD(diffLabel(l)))
			for _, m := range l.Added {
				fmt.Fprintf(&b, "| added | %s | %s | %s |\n", MDReveal(m.Email), roleMD(m.Role), MD(vettingSummary(m)))
			}
			for _, m := range l.RoleChanged {
				fmt.Fprintf(&b, "| role | %s | %s → %s | |\n", MDReveal(m.Email), roleMD(m.PreviousRole), roleMD(m.Role))
			}
			for _, m := range l.Removed {
				if m.MovedTo != "" {
					fmt.Fprintf(&b, "| moved | %s | was %s | with the list, to %s |\n", MDReveal(m.Email), roleMD(m.PreviousRole), MD(m.MovedTo))
					continue
				}
				fmt.Fprintf(&b, "| removed | %s | was %s | |\n", MDReveal(m.Email), roleMD(m.PreviousRole))
			}
			b.WriteString("\n")
		}
		if !changed {
			b.WriteString("No membership changes.\n")
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	tw := newTable(w)
	changed := false
	for _, l := range d {
		if l.Empty() {
			continue
		}
		changed = true
		fmt.Fprintf(tw, "list %s:\n", Line(diffLabel(l)))
		for _, m := range l.Added {
			fmt.Fprintf(tw, "  + %s\t%s\t%s\n", Reveal(m.Email), roleLine(m.Role), Line(vettingSummary(m)))
		}
		for _, m := range l.RoleChanged {
			fmt.Fprintf(tw, "  ~ %s\t%s -> %s\t\n", Reveal(m.Email), roleLine(m.PreviousRole), roleLine(m.Role))
		}
		for _, m := range l.Removed {
			if m.MovedTo != "" {
				fmt.Fprintf(tw, "  > %s\twas %s\twent with the list to %s\n", Reveal(m.Email), roleLine(m.PreviousRole), Line(m.MovedTo))
				continue
			}
			fmt.Fprintf(tw, "  - %s\twas %s\t\n", Reveal(m.Email), roleLine(m.PreviousRole))
		}
		fmt.Fprintln(tw)
	}
	if !changed {
		fmt.Fprintf(tw, "No membership changes from %s to %s.\n", Line(from), Line(to))
	}
	return tw.Flush()
}

func vettingSummary(m history.MemberChange) string {
	if len(m.Vetting) == 0 {
		return "no vetting record"
	}
	if m.Admitted == nil {
		// Records, none of which admitted them to the list then (lapsed,
		// by a vetter who may not, a method the policy refuses): said
		// so, as show says it, never "vetted by" the last of them.
		r := m.Vetting[len(m.Vetting)-1]
		// Judged at the later end: a diff of two ends cannot tell
		// when between them they joined (history can).
		return fmt.Sprintf("no vetting record admits them at the later end (the last: by %s on %s, %s)", r.By, r.On, r.Method)
	}
	r := *m.Admitted
	s := fmt.Sprintf("vetted by %s on %s (%s)", r.By, r.On, r.Method)
	if r.Note != "" {
		s += ": " + r.Note
	}
	return s
}

// ShownMember is one member of a list as `roster show` prints it.
type ShownMember struct {
	List string `json:"list"`
	// Group is the identity of the list's address: one id may name
	// two groups across the revisions asked about, a group never two.
	Group string `json:"group"`
	Email string `json:"email"`
	// Lookalike is plan.Change's, of Email: written by MarshalJSON.
	Lookalike string       `json:"lookalike,omitempty"`
	Name      string       `json:"name"`
	Role      members.Role `json:"role"`
	VettedBy  string       `json:"vetted_by"`
	VettedOn  string       `json:"vetted_on"`
	Method    string       `json:"method"`
	// Records is how many vetting records the entry had: with VettedBy
	// empty, none of them admitted them to the list then (a vetter in
	// the wrong role, a lapsed record), which is not having none.
	Records int `json:"records"`
}

// MarshalJSON writes m with Lookalike made from Email.
func (m ShownMember) MarshalJSON() ([]byte, error) {
	type fields ShownMember
	v := fields(m)
	v.Lookalike = plan.Lookalike(m.Email)
	return plainjson.Marshal(v)
}

// ShownAt is the moment roster show read: as asked, and what it found.
type ShownAt struct {
	// Asked is --at as given: a date or a revision.
	Asked string `json:"at"`
	// Commit and Date are the commit read and the day it landed
	// (YYYY-MM-DD); both empty when the working file was read.
	Commit string `json:"commit"`
	Date   string `json:"date"`
	// Working is true when the file was read as it is now (a day not
	// ended yet).
	Working bool `json:"working"`
	// Kept are the lists whose own policy fails in the version read:
	// their members are those of the last version that applied it, as
	// sync left the group, not the version's own (a note says so).
	Kept []string `json:"kept_from_earlier,omitempty"`
	// Label is the moment in words, for the text heading.
	Label string `json:"-"`
}

// Membership writes who was on each list at a moment; amb names the
// ids whose lists are headed with their group.
func Membership(w io.Writer, format Format, at ShownAt, ms []ShownMember, amb Ambiguous) error {
	rev := at.Label
	switch format {
	case JSON:
		if ms == nil {
			ms = []ShownMember{}
		}
		return writeJSON(w, struct {
			ShownAt
			Members []ShownMember `json:"members"`
		}{at, ms})
	case CSV:
		cw := newCSV(w)
		cw.row("list", "email", "name", "role", "vetted_by", "vetted_on", "method", "group", "lookalike")
		for _, m := range ms {
			cw.row(m.List, m.Email, m.Name, string(m.Role), m.VettedBy, m.VettedOn, m.Method, m.Group, plan.Lookalike(m.Email))
		}
		return cw.flush()
	}
	var pairs []string
	for _, m := range ms {
		pairs = append(pairs, m.List, m.Group)
	}
	shared := sharedIDs(pairs...)
	tw := newTable(w)
	fmt.Fprintf(tw, "Membership at %s\n", Line(rev))
	last, lastGroup := "", ""
	for i, m := range ms {
		if i == 0 || m.List != last || m.Group != lastGroup {
			fmt.Fprintf(tw, "\nlist %s:\n", Line(amb.Label(m.List, m.Group, shared)))
			last, lastGroup = m.List, m.Group
		}
		vetted := "no vetting record"
		if m.Records > 0 {
			vetted = fmt.Sprintf("no vetting record that admitted them then (the entry had %d)", m.Records)
		}
		if m.VettedBy != "" {
			vetted = fmt.Sprintf("vetted by %s on %s (%s)", m.VettedBy, m.VettedOn, m.Method)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", Reveal(m.Email), roleLine(m.Role), Line(vetted))
	}
	return tw.Flush()
}

// AuditReport writes an audit.
func AuditReport(w io.Writer, format Format, a *audit.Report) error {
	switch format {
	case JSON:
		// Each finding's message marks a look-alike address, as the
		// text and CSV ones do, for whoever prints it.
		items := slices.Clone(a.Items)
		for i := range items {
			items[i].Message += RevealNote(items[i].Email)
			items[i].Lookalike = plan.Lookalike(items[i].Email)
		}
		out := map[string]any{"at": a.Date, "lists": a.Lists, "items": items, "violations": a.Violations()}
		if len(a.Receivers) > 0 {
			rs := slices.Clone(a.Receivers)
			for i := range rs {
				var notes []string
				for _, s := range []string{rs[i].Email, rs[i].Via} {
					if n := plan.Lookalike(s); n != "" {
						notes = append(notes, n)
					}
				}
				rs[i].Lookalike = strings.Join(notes, "; ")
			}
			out["receivers"] = rs
		}
		if a.Reminder != nil {
			out["reminder"] = a.Reminder
		}
		return writeJSON(w, out)
	case CSV:
		// One row per finding, for a spreadsheet: whose vetting lapses
		// when, and who vetted them.
		cw := newCSV(w)
		cw.row("at", "level", "kind", "rule", "list", "email", "finding", "vetted_by", "vetted_on", "expires", "changed_by", "lookalike")
		for _, it := range a.Items {
			cw.row(a.Date, string(it.Level), it.Kind, string(it.Rule), it.List, it.Email, it.Message+RevealNote(it.Email), it.VettedBy, it.VettedOn, it.Expires, it.ChangedBy, plan.Lookalike(it.Email))
		}
		return cw.flush()
	case Markdown:
		var b strings.Builder
		fmt.Fprintf(&b, "### roster audit, %s\n\n| list | members | owners |\n|---|---|---|\n", a.Date)
		for _, l := range a.Lists {
			fmt.Fprintf(&b, "| %s (%s) | %s | %d of at least %d |\n", MD(l.ID), CodeCell(l.Address), capacity(l), l.Owners, l.MinOwners)
		}
		b.WriteString("\n")
		if len(a.Receivers) > 0 {
			b.WriteString("Receivers through nested groups:\n\n| list | receiver | through | entry on the list |\n|---|---|---|---|\n")
			for _, r := range a.Receivers {
				fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", MD(r.List), MDReveal(r.Email), MD(r.Via), entryWord(r))
			}
			b.WriteString("\n")
		}
		if len(a.Items) > 0 {
			b.WriteString("| level | kind | list | member | finding |\n|---|---|---|---|---|\n")
			for _, it := range a.Items {
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", it.Level, MD(it.Kind), MD(it.List), MDReveal(it.Email), MD(it.Message))
			}
		}
		writeByVetterMarkdown(&b, a)
		fmt.Fprintf(&b, "\n%s\n", auditSummary(a))
		_, err := io.WriteString(w, b.String())
		return err
	}
	tw := newTable(w)
	fmt.Fprintf(tw, "Audit of %s\n\nLIST\tADDRESS\tMEMBERS\tOWNERS\n", a.Date)
	for _, l := range a.Lists {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d (min %d)\n", Line(l.ID), Reveal(l.Address), capacity(l), l.Owners, l.MinOwners)
	}
	fmt.Fprintln(tw)
	if len(a.Receivers) > 0 {
		fmt.Fprintf(tw, "RECEIVES THROUGH NESTED GROUPS\tTHROUGH\tENTRY ON THE LIST\n")
		for _, r := range a.Receivers {
			fmt.Fprintf(tw, "%s: %s\t%s\t%s\n", Line(r.List), Reveal(r.Email), Line(r.Via), entryWord(r))
		}
		fmt.Fprintln(tw)
	}
	for _, it := range a.Items {
		// The list too: one person's finding on two lists is two lines
		// that must not read as one said twice.
		list := it.List
		if list == "" {
			list = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s%s\n", strings.ToUpper(string(it.Level)), Line(it.Kind), Line(list), Line(it.Message), RevealNote(it.Email))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := writeByVetter(w, a); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, auditSummary(a))
	return err
}

func entryWord(r audit.Receiver) string {
	switch {
	case r.Type == "GROUP":
		return "(a group)"
	case r.Entry:
		return "yes"
	}
	return "NO: unvetted"
}

func capacity(l audit.ListSummary) string {
	if l.MaxMembers > 0 {
		return fmt.Sprintf("%d of %d", l.Members, l.MaxMembers)
	}
	return fmt.Sprint(l.Members)
}

func auditSummary(a *audit.Report) string {
	v := a.Violations()
	n := len(a.Items) - v
	if v == 0 && n == 0 {
		return "Nothing to report: every list meets its policy."
	}
	return fmt.Sprintf("%s, %s.", words.Count(v, "violation", "violations"), words.Count(n, "notice", "notices"))
}
