package audit

import (
	"fmt"
	"strings"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/visible"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// maxNamedUnread is how many lists the notice of those an incremental
// run did not read names; the rest are counted.
const maxNamedUnread = 20

// Drift classifies how the live groups differ from the file, from the
// same plan sync would run, so that audit --live, plan and sync give one
// verdict for every live member. People on a private list whom the file
// does not name, extra privileges, groups the policy forbids and
// settings that let more people in are violations; changes the next sync
// makes in the other direction are notices.
func Drift(f *members.File, p *plan.Plan) []Item {
	var out []Item
	add := func(level Level, kind, list, email, format string, args ...any) {
		out = append(out, Item{Level: level, Kind: kind, List: list, Email: email, Message: fmt.Sprintf(format, args...)})
	}
	// addBy is add for a live difference someone made by hand: who made
	// it, and when, ends the message (in brackets) and is its ChangedBy,
	// for the CSV's changed_by column and the site's Who.
	addBy := func(who, summary string, level Level, kind, list, email, format string, args ...any) {
		change := fmt.Sprintf(format, args...)
		msg := change
		if who != "" {
			msg += " [" + who + "]"
		}
		out = append(out, Item{Level: level, Kind: kind, List: list, Email: email, Message: msg, ChangedBy: who, Change: change, Summary: summary})
	}
	// notIn says how the file does not have a live member on a list: not
	// at all, or only on other lists (then where). Members are matched as
	// the plan matches them (members.IdentityOf): a +tag is another
	// member to Google, and so to the plan.
	entries := plan.NewEntries(f)
	notIn := func(email, list string) string {
		if f == nil {
			return "not in the file"
		}
		m := entries.Of(email)
		if m == nil {
			same := f.FindMember(email)
			if same == nil {
				return "not in the file"
			}
			if _, on := same.RoleOn(list); !on {
				// Not on this list in any spelling: where the file does
				// list them is what is wrong, as for their own address.
				m = same
			} else {
				return fmt.Sprintf("not in the file (line %d has %s, the same mailbox without the +tag, which Google counts as another member)", same.Pos.Line, same.Email)
			}
		}
		var on []string
		for _, ms := range m.Lists {
			on = append(on, ms.List)
		}
		if len(on) == 0 {
			return fmt.Sprintf("on no list in the file (line %d)", m.At("lists").Line)
		}
		return fmt.Sprintf("not on %s in the file (line %d lists them only on %s)", list, m.At("lists").Line, strings.Join(on, ", "))
	}
	// One notice for the lists an incremental run did not read, as the
	// plan says it in one line: an hourly audit of a big domain would
	// otherwise print a line for each of thousands of lists.
	switch n := len(p.NotRead); {
	case n == 1:
		add(Notice, KindDrift, p.NotRead[0], "", "%s was not read: nothing in git or Google's audit log says it changed in the window (a change the log does not have yet is read by a later run whose window covers it once logged; one it never logs, by the next full run)", p.NotRead[0])
	case n > 1:
		named := p.NotRead
		more := ""
		if n > maxNamedUnread {
			named, more = named[:maxNamedUnread], fmt.Sprintf(" and %d more", n-maxNamedUnread)
		}
		add(Notice, KindDrift, "", "", "%d lists were not read (%s%s): nothing in git or Google's audit log says they changed in the window (a change the log does not have yet is read by a later run whose window covers it once logged; one it never logs, by the next full run)", n, strings.Join(named, ", "), more)
	}
	for _, l := range p.Lists {
		switch {
		case l.Error != "":
			// The public roster says so in fixed words: the error may
			// quote addresses.
			addBy("", "the live group could not be read", Violation, KindDrift, l.ID, "", "%s: the live group could not be read: %s", l.Address, l.Error)
			continue
		case l.GroupMissing && len(l.Changes) == 0:
			// Nobody on the list: the file's own finding (empty-list)
			// says what sync does, which is nothing.
			continue
		case l.GroupMissing:
			next := "create it, or set create = true on the list for sync to"
			switch {
			case l.PolicyFails:
				next = "sync neither creates it nor adds them while the list's policy fails"
			case l.Create:
				next = "sync creates it (create = true), with the policy's settings, and adds them"
			}
			addBy("", "the live group does not exist yet", Notice, KindDrift, l.ID, "", "%s does not exist yet; %s of the file %s not on it: %s", l.Address, words.Plural(len(l.Changes), "member"), words.Pick(len(l.Changes), "is", "are"), next)
			continue
		}
		if have, need, short := l.OwnersShort(); short {
			// The group as it is, whatever the run would make of it: an
			// owner's add Google refuses every run leaves it so. A list
			// whose own policy fails is read for the auditor, but sync
			// neither reads nor writes it: nothing is said of what sync
			// would do there.
			next := "the file's owners are not all on it: sync adds them, or says why it cannot"
			if l.SuspendedNote() != "" {
				next = "restore the suspended account, or make someone else owner in the file"
			}
			if l.PolicyFails {
				next = "sync leaves this list alone while its policy fails"
			}
			addBy("", fmt.Sprintf("the live group has %s; its policy needs at least %d", words.Plural(have, "owner"), need),
				Violation, KindDrift, l.ID, "", "%s has %s on the live group%s, and its policy needs at least %d (min_owners); %s", l.Address, words.Plural(have, "owner"), l.SuspendedNote(), need, next)
		}
		for _, c := range l.Changes {
			blocked := ""
			if c.Blocked != "" {
				blocked = "; sync will not make this change: " + c.Blocked
			}
			switch {
			case c.Action == plan.ActionAdd:
				// An addition sync refuses is a difference all the same, but
				// the public roster does not say whom it holds back: that
				// would stay on the page build after build, which says as
				// much as the refusal (a verdict on their vetting).
				// Taken off by hand (the log says who) is no "not yet":
				// they were on it, and the next sync puts them back.
				yet, next := "not yet", "; the next sync adds them"
				if c.ChangedBy != "" {
					yet, next = "no longer", "; the next sync adds them back"
				}
				if c.Blocked != "" {
					next = blocked
				}
				summary := c.Email + " is in the file, " + yet + " on the group"
				if c.Blocked != "" {
					summary = "someone the file lists is not on the group yet, and sync does not add them yet"
				}
				addBy(c.ChangedBy, summary, Notice, KindDrift, l.ID, c.Email, "%s is in the file but %s on %s%s", c.Email, yet, l.Address, next)
			case c.Action == plan.ActionRemove:
				// The plan's reason says "not in members.toml", which
				// notIn has said more exactly: only the policy is left.
				why := c.Reason
				if c.WalkIn() {
					why = `unmanaged = "remove"`
					if note := c.ReasonNote(); note != "" {
						why += "; " + note
					}
				}
				next := "the next sync removes them"
				switch {
				case c.Blocked != "":
					next = "the next sync will not remove them: " + c.Blocked
				case l.Provider == string(members.ProviderCSV):
					// No API: sync lists the change for a person.
					next = "sync cannot change a csv list: a person removes them in the group's web page, as sync's checklist says"
				}
				addBy(c.ChangedBy, fmt.Sprintf("%s is on the group as %s, not on this list in the file", c.Email, c.PreviousRole), Violation, KindDrift, l.ID, c.Email, "%s is on %s as %s but %s (%s); %s", c.Email, l.Address, c.PreviousRole, notIn(c.Email, l.ID), why, next)
			case c.Role.Rank() < c.PreviousRole.Rank():
				addBy(c.ChangedBy, roleSummary(c), Violation, KindDrift, l.ID, c.Email, "%s%s is %s on %s; the file says %s", c.Email, onGroupAs(c), c.PreviousRole, l.Address, c.Role)
			default:
				addBy(c.ChangedBy, roleSummary(c), Notice, KindDrift, l.ID, c.Email, "%s%s is %s on %s; the file says %s%s", c.Email, onGroupAs(c), c.PreviousRole, l.Address, c.Role, blocked)
			}
		}
		// Whether the file listed them before is history's to say; with
		// none to read (a repository with no commit yet), it is unknown,
		// as the list's notice says.
		never, neverGroup, neverDomain := "the file has never listed them there", "that the file has never listed", ", which the file has never listed"
		if l.Undetermined != "" {
			never = "roster cannot tell whether the file listed them there before"
			neverGroup, neverDomain = "(roster cannot tell whether the file listed it before)", " (roster cannot tell whether the file listed that before)"
		}
		for _, u := range l.Unmanaged {
			what := u.Email + " is on " + l.Address + " as " + string(u.Role) + " but " + notIn(u.Email, l.ID) + ", and " + never
			summary := u.Email + " is on the group as " + string(u.Role) + ", not on this list in the file"
			mend := "vet and add them, or remove them from the group"
			switch u.Type {
			case "GROUP":
				what = u.Email + " is a group on " + l.Address + " " + neverGroup + ": everyone in it receives the list's mail"
				summary = u.Email + " is a group on the group, not in the file"
			case "CUSTOMER":
				what = "all users of the domain receive " + l.Address + "'s mail" + neverDomain
				summary = "all users of the domain receive the list's mail"
				// Nobody to vet: the domain has no entry to write.
				mend = "remove it from the group"
			}
			addBy(u.ChangedBy, summary, Violation, KindDrift, l.ID, u.Email, "%s; kept because unmanaged = \"report\": %s", what, mend)
			// Told apart in JSON as the plan's JSON tells it (type).
			out[len(out)-1].Type = u.Type
		}
		for _, u := range l.Unvetted {
			// No Summary: that the file's record does not admit them is a
			// verdict on vetting, which the public roster never gives;
			// there they are listed, as the file lists them.
			addBy(u.ChangedBy, "", Violation, KindDrift, l.ID, u.Email,
				"%s is on %s as %s, and the file lists them there, but %s; vet them, or take them off the list in the file", u.Email, l.Address, u.Role, u.Why)
		}
		for _, u := range l.PastCap {
			addBy(u.ChangedBy, u.Email+" is on the group past its cap", Violation, KindDrift, l.ID, u.Email,
				"%s is on %s as %s, past its cap: sync adds nobody past the cap, and the audit log shows them added by hand; take someone off the group and the file, or raise max_members", u.Email, l.Address, u.Role)
		}
		if l.Undetermined != "" {
			add(Notice, KindDrift, l.ID, "", "%s: %s", l.Address, l.Undetermined)
		}
		if l.Attribution != "" {
			add(Notice, KindDrift, l.ID, "", "%s", l.Attribution)
		}
		for _, a := range l.Aliases {
			add(Notice, KindAlias, l.ID, a.File, "%s in the file is %s on %s (%s); %s", a.File, a.Live+plan.LookalikeNote(a.Live), l.Address, a.Why(), a.Advice("the file"))
		}
		for _, pr := range l.Problems {
			if l.PolicyFails && strings.Contains(pr, plan.AfterSync) {
				continue // what sync would leave, where it does nothing
			}
			// In fixed words for the public roster: the problem may
			// quote an address, and its page must not call the group a
			// match when part of it went unchecked.
			addBy("", "part of the live group could not be checked", Violation, KindDrift, l.ID, "", "%s: %s", l.Address, pr)
		}
		for _, s := range l.Settings {
			level := Notice
			why := ""
			if s.Widens {
				level = Violation
				why = "; it lets more people in than the policy allows"
			}
			addBy(s.ChangedBy, "setting "+s.Name+" differs from the policy", level, KindSettings, l.ID, "", "%s: %s is %s, the policy says %s%s", l.Address, s.Name, orUnset(s.Live), s.Desired, why)
		}
	}
	return out
}

// Receiver is someone who receives a list's mail through nested groups,
// as audit --live lists them.
type Receiver struct {
	List  string `json:"list"`
	Email string `json:"email"`
	// Lookalike names each letter of Email, and of the groups of Via,
	// that only looks like an ASCII one, as text output marks them
	// (set for JSON, where the addresses are printed raw).
	Lookalike string `json:"lookalike,omitempty"`
	Type      string `json:"type"`
	Via       string `json:"via"`
	// Entry is true when the file has an entry for them on the list.
	Entry bool `json:"entry"`
}

// Receivers lists everyone who receives list's mail through nested
// groups, and flags each of them with no entry on that list in f, and
// the domain's "all users" member anywhere in the nesting: nobody vetted
// them for the list. changedBy (ReceiverChanges; nil names nobody) says
// who put each flagged person on their group.
func Receivers(f *members.File, list *members.List, rs []directory.Receiver, changedBy map[string]string) ([]Receiver, []Item) {
	onList := make(map[string]bool)
	for _, m := range f.MembersOf(list.ID) {
		onList[members.IdentityOf(m.Email)] = true
	}
	var lines []Receiver
	var out []Item
	seen := make(map[string]bool)
	for _, r := range rs {
		// Each group marked as the report marks an address: a nested
		// group's letters may pass for another's in text, CSV and JSON.
		marked := make([]string, len(r.Via))
		for i, g := range r.Via {
			marked[i] = g + visible.LookalikeNote(g)
		}
		via := strings.Join(marked, " > ")
		key := members.IdentityOf(r.Email) + " " + r.Type
		if seen[key] {
			continue // reached through two nested groups: listed once
		}
		seen[key] = true
		entry := r.Email != "" && onList[members.IdentityOf(r.Email)]
		email := r.Email
		if r.Type == "CUSTOMER" {
			email = "all users of the domain"
		}
		lines = append(lines, Receiver{List: list.ID, Email: email, Type: r.Type, Via: via, Entry: entry})
		switch {
		case r.Type == "CUSTOMER":
			out = append(out, Item{Level: Violation, Kind: KindReceiver, List: list.ID,
				Message: fmt.Sprintf("all users of the domain receive %s's mail through %s", list.Address, via)})
		case r.Type == "GROUP" || entry:
		default:
			change := fmt.Sprintf("%s receives %s's mail through %s but has no entry on %s in the file: nobody vetted them for it", r.Email, list.Address, via, list.ID)
			msg, who := change, changedBy[members.IdentityOf(r.Email)]
			if who != "" {
				msg += " [" + who + "]"
			}
			out = append(out, Item{Level: Violation, Kind: KindReceiver, List: list.ID, Email: r.Email, Message: msg, ChangedBy: who, Change: change})
		}
	}
	return lines, out
}

func orUnset(s string) string {
	if s == "" {
		return "(unset)"
	}
	return s
}

// onGroupAs names the account a role change through an alias changes
// (plan.Change.LiveAs), marked where it only looks like a plain
// address, as the plan's line names it; "" otherwise.
func onGroupAs(c plan.Change) string {
	if c.LiveAs == "" {
		return ""
	}
	return " (on the group as " + c.LiveAs + visible.LookalikeNote(c.LiveAs) + ")"
}

// roleSummary is Item.Summary of a role the file and the group disagree
// on. A promotion sync refuses names nobody, as a refused addition does:
// the public roster would say, build after build, as much as the
// refusal (a verdict on their vetting).
func roleSummary(c plan.Change) string {
	if c.Blocked != "" && c.Role.Rank() > c.PreviousRole.Rank() {
		return "someone the file gives a higher role than they have on the group, and sync does not promote them yet"
	}
	return fmt.Sprintf("%s is %s on the group; the file says %s", c.Email, c.PreviousRole, c.Role)
}
