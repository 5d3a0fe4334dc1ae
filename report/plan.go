package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/plan"
)

// Plan writes a plan in the given format: text (a terraform-style diff),
// markdown (a pull-request comment) or json (the plan file format).
func Plan(w io.Writer, format Format, p *plan.Plan) error {
	switch format {
	case JSON:
		return p.Write(w)
	case Markdown:
		return planMarkdown(w, p)
	default:
		return planText(w, p)
	}
}

func planText(w io.Writer, p *plan.Plan) error {
	tw := newTable(w)
	for _, l := range p.Lists {
		head := fmt.Sprintf("list %s: %s (%s)", Line(l.ID), Reveal(l.Address), Line(l.Provider))
		switch {
		case l.PolicyFails:
			fmt.Fprintf(tw, "%s: not read or synced: its policy fails: %s\n\n", head, Line(l.Error))
			continue
		case l.SharedGroup:
			fmt.Fprintf(tw, "%s: not planned or synced: %s\n\n", head, Line(l.Error))
			continue
		case l.Error != "":
			fmt.Fprintf(tw, "%s: cannot read the live group: %s\n\n", head, Line(l.Error))
			continue
		case l.Unread != "":
			fmt.Fprintf(tw, "%s: not read (%s); %s\n", head, Line(l.Unread), Line(unreadNext(l)))
		case l.Create:
			fmt.Fprintf(tw, "%s: the group does not exist; %s, then:\n", head, Line(creation(l)))
		case l.GroupMissing:
			fmt.Fprintf(tw, "%s: the group does not exist; create it (in the Admin console; for an emulator, its --group) or set create = true on the list, then sync will:\n", head)
		case l.Checklist && l.Pending():
			fmt.Fprintf(tw, "%s: roster cannot change this group; in its Members page, by hand:\n", head)
			for _, c := range l.Changes {
				if c.Blocked != "" {
					// Never a task: the policy refuses it, and a person
					// following the list must not make it.
					fmt.Fprintf(tw, "  BLOCKED, do not make: %s: %s\n", checklistItem(c), Line(c.Blocked))
					continue
				}
				fmt.Fprintf(tw, "  [ ] %s\n", checklistItem(c))
			}
			fmt.Fprintf(tw, "  then export the members again to the snapshot file.\n")
			writeUnmanaged(tw, l, fileName(p))
			fmt.Fprintln(tw)
			continue
		case !l.Pending():
			fmt.Fprintf(tw, "%s: %s (%d live members)%s\n", head, upToDate(l), l.Live, attentionColon(l))
			writeUnmanaged(tw, l, fileName(p))
			fmt.Fprintln(tw)
			continue
		default:
			fmt.Fprintf(tw, "%s\n", head)
		}
		for _, s := range l.Settings {
			fmt.Fprintf(tw, "  ! setting %s\n", settingLine(s))
		}
		for _, c := range l.Changes {
			note := ""
			switch {
			case c.Blocked != "":
				note = "\tBLOCKED: " + Line(c.Blocked)
			case c.ReasonNote() != "":
				note = "\t" + Line(c.ReasonNote())
			}
			if c.Elsewhere != "" {
				note += " (" + Line(c.Elsewhere) + ")"
			}
			if c.ChangedBy != "" {
				note += " (live: " + Line(c.ChangedBy) + ")"
			}
			switch c.Action {
			case plan.ActionAdd:
				fmt.Fprintf(tw, "  + %s\t%s%s\n", revealMarked(c.Email, c.Lookalike), roleLine(c.Role), note)
			case plan.ActionRemove:
				fmt.Fprintf(tw, "  - %s\twas %s%s\n", revealMarked(c.Email, c.Lookalike), roleLine(c.PreviousRole), note)
			case plan.ActionSetRole:
				fmt.Fprintf(tw, "  ~ %s\t%s -> %s%s%s\n", revealMarked(c.Email, c.Lookalike), roleLine(c.PreviousRole), roleLine(c.Role), liveAs(c), note)
			}
		}
		writeUnmanaged(tw, l, fileName(p))
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, summaryLine(p))
	return err
}

// liveAs is what a role change says of the account Google has for its
// member when the file writes another address: the account whose role
// changes, marked where it only looks like a plain address.
func liveAs(c plan.Change) string {
	if c.LiveAs == "" {
		return ""
	}
	return " (on the group as " + revealMarked(c.LiveAs, c.LiveAsLookalike) + ")"
}

// writeUnmanaged writes what a list's plan notes besides its changes:
// the live members kept, aliases, and problems no change fixes.
// upToDate is the head of a list with nothing to change: "up to date",
// unless people are on the group whom policy does not admit (walk-ins
// kept, receivers through nested groups, unvetted or past the cap),
// which no change of this run mends: "up to date" over them read as all
// being well.
func upToDate(l *plan.List) string {
	if needsAttention(l) {
		return "nothing to change"
	}
	return "up to date"
}

// attentionColon ends the head of a list with nothing to change but
// people on it to look at, which the lines below name.
func attentionColon(l *plan.List) string {
	if needsAttention(l) {
		return ", but not as policy admits:"
	}
	return ""
}

func needsAttention(l *plan.List) bool {
	return len(l.Unmanaged)+len(l.Receivers)+len(l.Unvetted)+len(l.PastCap) > 0
}

func writeUnmanaged(w io.Writer, l *plan.List, file string) {
	for _, a := range l.Aliases {
		// A pull request's plan does not say which address it is.
		fmt.Fprintf(w, "  = %s\tis %s on the live group (%s); %s\n", Reveal(a.File), revealMarked(a.Live, a.LiveLookalike), a.Why(), a.Advice(file))
	}
	for _, u := range l.Unmanaged {
		by := ""
		if u.ChangedBy != "" {
			by = " (" + Line(u.ChangedBy) + ")"
		}
		switch {
		case u.Type == "GROUP":
			fmt.Fprintf(w, "  ? %s\t%s, a group never in %s; kept (unmanaged = \"report\"), and everyone in it receives this list's mail%s\n", revealMarked(u.Email, u.Lookalike), roleLine(u.Role), file, by)
		case u.Type == "CUSTOMER":
			fmt.Fprintf(w, "  ? %s\t%s, never in %s; kept (unmanaged = \"report\"), and every user of the domain receives this list's mail%s\n", revealMarked(u.Email, u.Lookalike), roleLine(u.Role), file, by)
		case u.Elsewhere != "":
			fmt.Fprintf(w, "  ? %s\t%s, not on %s in %s (%s); kept (unmanaged = \"report\"): unvetted for this list%s\n", revealMarked(u.Email, u.Lookalike), roleLine(u.Role), Line(l.ID), file, Line(u.Elsewhere), by)
		default:
			fmt.Fprintf(w, "  ? %s\t%s, not in %s; kept (unmanaged = \"report\"): an unvetted person on the list%s\n", revealMarked(u.Email, u.Lookalike), roleLine(u.Role), file, by)
		}
	}
	for _, r := range l.Receivers {
		by := ""
		if r.ChangedBy != "" {
			by = " (live: " + Line(r.ChangedBy) + ")"
		}
		fmt.Fprintf(w, "  ? %s\treceives the list's mail through %s, with no entry on %s in %s: nobody vetted them for it (roster changes no nested group)%s\n", Reveal(r.Email), RevealPath(r.Via[1:]), Line(l.ID), file, by)
	}
	for _, u := range l.Unvetted {
		// roster refused to add them: who did is said as for a walk-in.
		by := ""
		if u.ChangedBy != "" {
			by = " (" + Line(u.ChangedBy) + ")"
		}
		fmt.Fprintf(w, "  ! %s\t%s, on the group and in %s, but unvetted for %s: %s; vet them, or take them off the list in %s%s\n", revealMarked(u.Email, u.Lookalike), roleLine(u.Role), file, Line(l.ID), Line(u.Why), file, by)
	}
	for _, u := range l.PastCap {
		by := ""
		if u.ChangedBy != "" {
			by = " (" + Line(u.ChangedBy) + ")"
		}
		fmt.Fprintf(w, "  ! %s\t%s, on the group past the list's cap, put there by hand (sync adds nobody past the cap)%s\n", revealMarked(u.Email, u.Lookalike), roleLine(u.Role), by)
	}
	for _, n := range listNotes(l) {
		fmt.Fprintf(w, "  note: %s\n", Line(n))
	}
	for _, pr := range l.Problems {
		fmt.Fprintf(w, "  ! problem: %s\n", Line(pr))
	}
}

// listNotes are a list's notes, in the order every format gives them.
func listNotes(l *plan.List) []string {
	var out []string
	if l.GroupAddress != "" {
		out = append(out, aliasNote(l))
	}
	for _, n := range []string{l.Attribution, l.Undetermined, takeover(l)} {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

func checklistItem(c plan.Change) string {
	switch c.Action {
	case plan.ActionAdd:
		return fmt.Sprintf("add %s as %s", Reveal(c.Email), roleLine(c.Role))
	case plan.ActionRemove:
		return fmt.Sprintf("remove %s (now %s)", Reveal(c.Email), roleLine(c.PreviousRole))
	}
	return fmt.Sprintf("change %s from %s to %s", Reveal(c.Email), roleLine(c.PreviousRole), roleLine(c.Role))
}

func orNone(s string) string {
	if s == "" {
		return "(unset)"
	}
	return s
}

// summaryLine is the last line of a plan: what it would do in all,
// and, for an incremental run, that the lists it did not read were not
// compared.
func summaryLine(p *plan.Plan) string {
	line := planLine(p)
	// The lists a pull request's plan did not read are shown above,
	// each saying why; the others an incremental run left out are not.
	shown := map[string]bool{}
	var unread []string
	for _, l := range p.Lists {
		if l.Unread != "" {
			shown[l.ID] = true
			unread = append(unread, Line(l.ID))
		}
	}
	var ids []string
	for _, id := range p.NotRead {
		if !shown[id] {
			ids = append(ids, Line(id))
		}
	}
	if n := len(ids); n > 0 {
		// Twenty named, as in JSON and audit --live: an hourly job over
		// ten thousand groups must not log them all on one line.
		if n > maxNamedNotRead {
			ids = append(ids[:maxNamedNotRead:maxNamedNotRead], fmt.Sprintf("and %d more", n-maxNamedNotRead))
		}
		line += fmt.Sprintf(" %s not read (%s): nothing in git or Google's audit log says %s changed in the window (a change the log does not have yet is read by a later run whose window covers it once logged; one it never logs, by the next full run).",
			words.Count(n, "list was", "lists were"), strings.Join(ids, ", "), words.Pick(n, "it", "they"))
	}
	if n := len(unread); n > 0 {
		line += fmt.Sprintf(" %s not read (%s): a pull request's plan reads no group the change names anew or repoints until it is approved and merged; what it shows of %s is from the file alone.",
			words.Count(n, "list was", "lists were"), strings.Join(unread, ", "), words.Pick(n, "it", "them"))
	}
	return line
}

// maxNamedNotRead is how many lists an incremental run's summary names
// of those it did not read.
const maxNamedNotRead = 20

// nestedReceivers counts the people who receive a list's mail through a
// nested group without an entry on it, and whether the whole domain is
// among them.
func nestedReceivers(p *plan.Plan) (n int, domain bool) {
	for _, l := range p.Lists {
		for _, r := range l.Receivers {
			n++
			domain = domain || r.Type == "CUSTOMER"
		}
	}
	return n, domain
}

func planLine(p *plan.Plan) string {
	s := p.Summary
	if len(p.Lists) == 0 && len(p.NotRead) == 0 {
		return "No lists to sync: the file (or --list) names none."
	}
	if !p.Pending() {
		msg := "No changes: the live groups match " + fileName(p) + "."
		if len(p.NotRead) > 0 {
			msg = "No changes in the lists read."
		}
		if s.Unmanaged > 0 {
			// Not "match": someone the file does not name is on a list.
			msg = fmt.Sprintf("No changes to make, but %s that %s does not list there %s kept by policy (unmanaged = \"report\"): %s.",
				words.Count(s.Unmanaged, "live member", "live members"), fileName(p), words.Pick(s.Unmanaged, "is", "are"), WalkInMend(p))
		}
		if s.Unvetted > 0 {
			msg = fmt.Sprintf("No changes to make, but %s that %s lists %s on the group without a vetting record that admits them: vet them, or take them off the list in the file.",
				words.Count(s.Unvetted+s.Unmanaged, "live member", "live members"), fileName(p), words.Pick(s.Unvetted, "is", "are"))
			if s.Unmanaged > 0 {
				msg = fmt.Sprintf("No changes to make, but %s on the groups without a vetting record that admits them (%d not in %s, %d in it unvetted): vet them, or remove them from the group.",
					words.Count(s.Unvetted+s.Unmanaged, "live member is", "live members are"), s.Unmanaged, fileName(p), s.Unvetted)
			}
		}
		if n, domain := nestedReceivers(p); n > 0 {
			// Not "match" either: the groups on the lists give their mail
			// to people the file does not name there (sync exits 3).
			who := words.Count(n, "person receives", "people receive")
			if domain {
				who = "every user of the domain receives"
			}
			nested := fmt.Sprintf("%s a list's mail through a nested group without an entry on the list: give them one (vetted), or take them out of the nested group.", who)
			if s.Unmanaged == 0 && s.Unvetted == 0 {
				msg = "No changes to make, but " + nested
			} else {
				msg += " And " + nested
			}
		}
		if p.PullRequest && s.Unmanaged == 0 && s.Unvetted == 0 {
			// Such a plan reads no nested group: it cannot say who else
			// gets the mail.
			msg = "No changes: the lists read hold whom " + fileName(p) + " would after the merge (a pull request's plan reads no nested group: the scheduled sync names whoever receives a list's mail through one)."
		}
		if s.Unreadable > 0 {
			msg = fmt.Sprintf("%s could not be read; nothing is planned for %s.", words.Count(s.Unreadable, "list", "lists"), words.Pick(s.Unreadable, "it", "them"))
		}
		if s.PolicyFails > 0 {
			msg = policyFailsLine(s, p.Source.File, s.Unreadable == 0)
		}
		if s.SharedGroup > 0 {
			msg += sharedGroupLine(s)
		}
		return msg
	}
	var parts []string
	if s.Create > 0 {
		parts = append(parts, words.Count(s.Create, "group to create", "groups to create"))
	}
	if s.CreateIfMissing > 0 {
		// Whether they exist was not read: a group that does is taken
		// over, as each list's note says.
		parts = append(parts, words.Count(s.CreateIfMissing, "group to create if it does not exist", "groups to create if they do not exist"))
	}
	parts = append(parts, fmt.Sprintf("%d to add", s.Add), fmt.Sprintf("%d to remove", s.Remove), words.Count(s.SetRole, "role to change", "roles to change"))
	if s.Settings > 0 {
		parts = append(parts, words.Count(s.Settings, "setting to change", "settings to change"))
	}
	line := "Plan: " + strings.Join(parts, ", ") + "."
	if s.Blocked > 0 {
		line += fmt.Sprintf(" %s blocked (BLOCKED above says why).", words.Count(s.Blocked, "change", "changes"))
	}
	if s.Problems > 0 {
		line += fmt.Sprintf(" %s no change fixes.", words.Count(s.Problems, "problem", "problems"))
	}
	if s.Unreadable > 0 {
		line += fmt.Sprintf(" %s could not be read.", words.Count(s.Unreadable, "list", "lists"))
	}
	if s.PolicyFails > 0 {
		line += " " + policyFailsLine(s, p.Source.File, false)
	}
	line += sharedGroupLine(s)
	if p.GuardRefuses != "" {
		line += " Sync refuses to run this plan as a whole, and changes nothing: " + Line(p.GuardRefuses) + "."
	}
	return line
}

// fileName is the members file a plan was made from, as its lines name
// it.
func fileName(p *plan.Plan) string {
	if p.Source.File == "" {
		return "members.toml"
	}
	return Line(p.Source.File)
}

// sharedGroupLine says, after a space, how many lists were not planned
// because their group is another list's too; "" when none.
func sharedGroupLine(s plan.Summary) string {
	if s.SharedGroup == 0 {
		return ""
	}
	return fmt.Sprintf(" %s not planned or synced: %s group is another list's too.", words.Count(s.SharedGroup, "list", "lists"), words.Pick(s.SharedGroup, "its", "their"))
}

// policyFailsLine says how many lists were not read because their own
// policy fails; alone, it says the others match.
func policyFailsLine(s plan.Summary, file string, alone bool) string {
	if file == "" {
		file = "members.toml"
	}
	line := fmt.Sprintf("%s not read or synced: %s policy fails in %s.", words.Count(s.PolicyFails, "list", "lists"), words.Pick(s.PolicyFails, "its", "their"), Line(file))
	if alone && s.Unmanaged == 0 {
		line = "No changes to the lists read; " + strings.ToLower(line[:1]) + line[1:]
	}
	return line
}

func planMarkdown(w io.Writer, p *plan.Plan) error {
	var b strings.Builder
	b.WriteString("### roster plan\n\n")
	for _, l := range p.Lists {
		fmt.Fprintf(&b, "**%s** (%s, %s)", MD(l.ID), Code(l.Address), MD(l.Provider))
		switch {
		case l.PolicyFails:
			fmt.Fprintf(&b, ": not read or synced: its policy fails: %s\n\n", MD(l.Error))
			continue
		case l.SharedGroup:
			fmt.Fprintf(&b, ": not planned or synced: %s\n\n", MD(l.Error))
			continue
		case l.Error != "":
			fmt.Fprintf(&b, ": cannot read the live group: %s\n\n", MD(l.Error))
			continue
		case l.Unread != "":
			fmt.Fprintf(&b, ": not read (%s); %s", MD(l.Unread), MD(unreadNext(l)))
			if len(l.Changes) == 0 && len(l.Settings) == 0 {
				b.WriteString("\n\n")
				markdownNotes(&b, l)
				continue
			}
		case l.Create:
			fmt.Fprintf(&b, ": the group does not exist yet; %s, then:", MD(creation(l)))
		case l.GroupMissing:
			b.WriteString(": the group does not exist yet; once it is created, sync will:")
		case l.Checklist && l.Pending():
			b.WriteString(": roster cannot change this group; a person must, in its Members page:")
		case !l.Pending():
			// Up to date with the file, and still worth reading: who the
			// policy keeps that the file does not name, and problems no
			// change fixes.
			fmt.Fprintf(&b, ": %s (%d live members)%s", upToDate(l), l.Live, attentionColon(l))
			if len(l.Unmanaged) == 0 && len(l.Unvetted) == 0 && len(l.Aliases) == 0 && len(l.Receivers) == 0 && len(l.PastCap) == 0 {
				b.WriteString("\n\n")
				markdownNotes(&b, l)
				continue
			}
		}
		b.WriteString("\n\n| | member | role |\n|---|---|---|\n")
		for _, s := range l.Settings {
			b.WriteString(settingRowMD(s))
		}
		for _, c := range l.Changes {
			note := ""
			switch {
			case c.Blocked != "":
				note = " — **blocked**: " + MD(c.Blocked)
			case c.ReasonNote() != "":
				note = " — " + MD(c.ReasonNote())
			}
			if c.Elsewhere != "" {
				note += " (" + MD(c.Elsewhere) + ")"
			}
			note += liveByMD(c.ChangedBy)
			switch c.Action {
			case plan.ActionAdd:
				fmt.Fprintf(&b, "| add | %s | %s%s |\n", mdRevealMarked(c.Email, c.Lookalike), roleMD(c.Role), note)
			case plan.ActionRemove:
				fmt.Fprintf(&b, "| remove | %s | was %s%s |\n", mdRevealMarked(c.Email, c.Lookalike), roleMD(c.PreviousRole), note)
			case plan.ActionSetRole:
				if c.LiveAs != "" {
					note = " (on the group as " + mdRevealMarked(c.LiveAs, c.LiveAsLookalike) + ")" + note
				}
				fmt.Fprintf(&b, "| role | %s | %s → %s%s |\n", mdRevealMarked(c.Email, c.Lookalike), roleMD(c.PreviousRole), roleMD(c.Role), note)
			}
		}
		for _, a := range l.Aliases {
			fmt.Fprintf(&b, "| alias | %s | is %s live; %s |\n", MDReveal(a.File), mdRevealMarked(a.Live, a.LiveLookalike), MD(a.Advice(fileName(p))))
		}
		for _, u := range l.Unmanaged {
			what := "kept, not in file"
			switch {
			case u.Type == "GROUP":
				what = "kept, a group not in file"
			case u.Type == "CUSTOMER":
				what = "kept, every user of the domain, not in file"
			case u.Elsewhere != "":
				what = "kept, not on this list in file (" + MD(u.Elsewhere) + ")"
			}
			fmt.Fprintf(&b, "| %s | %s | %s%s |\n", what, mdRevealMarked(u.Email, u.Lookalike), roleMD(u.Role), liveByMD(u.ChangedBy))
		}
		for _, u := range l.Unvetted {
			fmt.Fprintf(&b, "| kept, in file but unvetted (%s) | %s | %s%s |\n", MD(u.Why), mdRevealMarked(u.Email, u.Lookalike), roleMD(u.Role), liveByMD(u.ChangedBy))
		}
		for _, r := range l.Receivers {
			fmt.Fprintf(&b, "| receives the mail through %s, no entry | %s | %s |\n", MD(RevealPath(r.Via[1:])), MDReveal(r.Email), strings.TrimPrefix(liveByMD(r.ChangedBy), " "))
		}
		for _, u := range l.PastCap {
			fmt.Fprintf(&b, "| kept, past the cap, put there by hand | %s | %s%s |\n", mdRevealMarked(u.Email, u.Lookalike), roleMD(u.Role), liveByMD(u.ChangedBy))
		}
		b.WriteString("\n")
		markdownNotes(&b, l)
	}
	fmt.Fprintf(&b, "%s\n", summaryLine(p))
	_, err := io.WriteString(w, b.String())
	return err
}

// creation says how sync creates a list's group: its settings pinned
// before anyone is added, or, when its policy pins none, open as Google
// makes it, which the plan must not hide.
func creation(l *plan.List) string {
	if l.Unpinned == "" {
		return "sync will create it, pin its settings"
	}
	return "sync will create it with Google's default settings (nothing in policy " + l.Unpinned + " pins them: anyone in the domain may find it and ask to join, and anyone may post)"
}

// unreadNext says, after why a list was not read, what its plan from
// the file alone is: the group created if missing, then the changes
// listed; the changes, on a group sync does not create; or nothing
// until the change is merged and the group read.
func unreadNext(l *plan.List) string {
	switch {
	case l.CreateIfMissing:
		return "if the group does not exist, " + creation(l) + ", then, from the file alone:"
	case len(l.Changes) == 0:
		return "nothing is planned for it until then"
	case l.Checklist:
		return "then a person makes these changes in the group's Members page, from the file alone (some may be made already):"
	}
	return "sync does not create the group (the list has no create = true); once it exists, sync will, from the file alone:"
}

// liveByMD is who made the live state differ by hand, as the text plan
// notes it: " (live: added by ... on ...)", or "".
func liveByMD(by string) string {
	if by == "" {
		return ""
	}
	return " (live: " + MD(by) + ")"
}

// markdownNotes writes a list's notes and problems.
func markdownNotes(b *strings.Builder, l *plan.List) {
	for _, n := range listNotes(l) {
		fmt.Fprintf(b, "Note: %s\n\n", MD(n))
	}
	for _, pr := range l.Problems {
		fmt.Fprintf(b, "**Problem**: %s\n\n", MD(pr))
	}
}

// aliasNote says that a list's address is an alias of its group's.
func aliasNote(l *plan.List) string {
	if plan.Masked(l.GroupAddress) {
		// A pull request's plan: the group's own address is the live
		// side's, and the mask is no address to write.
		return fmt.Sprintf("%s is an alias of the group %s (its own address, which a plan run outside the pull request names in full): Google's audit log, and so --changed-since, know the group by that address only; check it in the Admin console and write it on the list in the members file", l.Address, l.GroupAddress)
	}
	if note := RevealNote(l.GroupAddress); note != "" {
		// Not advice to write it: letters that pass for others in the
		// group's own address are for someone to look at first.
		return fmt.Sprintf("%s is an alias of the group %s%s, an address with letters that pass for others: check that group in the Admin console before writing its address in the members file", l.Address, l.GroupAddress, note)
	}
	return fmt.Sprintf("%s is an alias of the group %s: Google's audit log, and so --changed-since, know the group by %s only (an hourly run looks the group up each time the log names it); write address = %q in the members file", l.Address, l.GroupAddress, l.GroupAddress, l.GroupAddress)
}
