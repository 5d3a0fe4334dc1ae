package workspace

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/atomicfile"
	"github.com/roster-dev/roster/internal/regular"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/vetting"
)

// editFunc computes the new text of a members file from the parsed file
// and its bytes, and the parse of that text the edit already verified; it
// returns nil text when there is nothing to change.
type editFunc func(f *members.File, src []byte) ([]byte, *members.File, error)

// edited is what an edit did: the file before and after.
type edited struct {
	before, after *members.File
	changed       bool
	// history is the file's history, read when a check asks whether a
	// lapsed record ever admitted someone (see heldSince).
	history func() (*history.Timeline, error)
	// ctx is the edit's, for what history reads later (heldBy).
	ctx context.Context
}

// editFile is the one path every edit takes: take the edit lock beside
// the file, read it, refuse a file that does not parse cleanly, edit,
// write atomically unless the file changed on disk meanwhile (an editor
// does not take the lock), release. An edit that reports success is in
// the file.
func (w *Workspace) editFile(ctx context.Context, path string, fn editFunc) (edited, error) {
	unlock, err := atomicfile.Lock(ctx, w.path(path), 30*time.Second)
	if err != nil {
		return edited{}, err
	}
	defer unlock()
	f, src, err := w.parsed(ctx, Source{Path: path}, "fix them before editing it with roster (nothing was written)")
	if err != nil {
		return edited{}, err
	}
	out, nf, err := fn(f, src)
	if err != nil {
		return edited{}, w.withContext(err)
	}
	if out == nil || bytes.Equal(out, src) {
		return edited{before: f, after: f, history: w.timelineOnce(ctx, path, ""), ctx: ctx}, nil
	}
	if err := ctx.Err(); err != nil {
		// Interrupted (Ctrl-C) before the write: nothing is written.
		return edited{}, err
	}
	if err := writeMembersFile(w.path(path), src, out); err != nil {
		return edited{}, err
	}
	return edited{before: f, after: nf, changed: true, history: w.timelineOnce(ctx, path, ""), ctx: ctx}, nil
}

// writeMembersFile replaces the file with out, atomically, keeping its
// permissions (and a symbolic link a link), and only if it still holds
// what was read: an editor that wrote in between is not overwritten.
func writeMembersFile(path string, read, out []byte) error {
	now, err := regular.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Equal(now, read) {
		return fmt.Errorf("%s changed on disk while roster was editing it; nothing was written, run the command again", path)
	}
	if err := atomicfile.Write(path, out, 0o644); err != nil {
		return fmt.Errorf("write %s: %w (the old file is intact)", path, err)
	}
	return nil
}

// AddOptions configure Add.
type AddOptions struct {
	File  string
	Email string
	// Name, GitHub and Affiliation describe a new person; for someone
	// already in the file they must be empty or equal.
	Name, GitHub, Affiliation string
	Lists                     []ListRole
	// Vetting, when set, is a record to write with the entry.
	Vetting *members.Vetting
}

// Add puts a person in the file: a new entry at its place in email
// order, or, for someone already in the file, the lists they are not on
// yet. A record given with it is checked against the policies of those
// lists before anything is written.
func (w *Workspace) Add(ctx context.Context, o AddOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	if len(o.Lists) == 0 {
		return fmt.Errorf("add needs at least one --list ID[:role]")
	}
	var err error
	if o.Lists, err = uniqueListRoles(o.Lists); err != nil {
		return err
	}
	if o.Vetting != nil {
		// A copy: the edit spells its vetter as the file does, which is
		// no business of the caller's record.
		v := *o.Vetting
		o.Vetting = &v
	}
	var joined []string
	isNew, recorded := false, false
	near := ""     // an entry's address a new one may be a typo of
	filled := ""   // the details written into an existing entry
	who := o.Email // as the file spells it, when it has them
	ed, err := w.editFile(ctx, o.File, func(f *members.File, src []byte) ([]byte, *members.File, error) {
		if o.Vetting != nil {
			o.Vetting.By = vetterAsWritten(f, o.Vetting.By)
		}
		for _, lr := range o.Lists {
			if err := checkList(f, lr.List); err != nil {
				return nil, nil, err
			}
		}
		existing := f.FindMember(o.Email)
		if existing == nil {
			if err := checkNewAddress(f, o.Email, listIDs(o.Lists)); err != nil {
				return nil, nil, err
			}
			nm := members.Member{Email: o.Email, Name: o.Name, GitHub: strings.TrimPrefix(o.GitHub, "@"), Affiliation: o.Affiliation}
			for _, lr := range o.Lists {
				nm.Lists = append(nm.Lists, members.Membership{List: lr.List, Role: lr.Role})
			}
			// Another entry's handle first: its owner as --by would
			// otherwise read as self-vetting, hiding what is wrong.
			if err := handleTaken(f, nm.GitHub); err != nil {
				return nil, nil, err
			}
			if o.Vetting != nil {
				if err := w.checkRecord(f, &nm, *o.Vetting, listIDs(o.Lists)); err != nil {
					return nil, nil, err
				}
				nm.Vetting = []members.Vetting{*o.Vetting}
			}
			isNew = true
			near = nearestMemberAddress(f, o.Email)
			return members.AddMember(f, src, nm)
		}
		if err := sameDetails(existing, o); err != nil {
			return nil, nil, err
		}
		who = spelledAs(existing, o.Email)
		// One edit: the lists they join and the record, checked first
		// (the specific refusal, before anything is spliced).
		keep := slices.Clone(existing.Lists)
		var already, fixes []string
		for _, lr := range o.Lists {
			if role, on := existing.RoleOn(lr.List); on && role != lr.Role && lr.Written {
				already = append(already, fmt.Sprintf("on %s as %s", lr.List, role))
				fixes = append(fixes, w.hint("role", existing.Email, "--list", lr.List, string(lr.Role)))
			}
		}
		if len(already) > 0 {
			// Every list so: one run of the hints changes them all.
			return nil, nil, fmt.Errorf("%s is already %s; change the role with: %s", spelledAs(existing, o.Email), strings.Join(already, " and "), strings.Join(fixes, " and "))
		}
		for _, lr := range o.Lists {
			if _, on := existing.RoleOn(lr.List); on {
				continue
			}
			keep = append(keep, members.Membership{List: lr.List, Role: lr.Role})
			joined = append(joined, lr.List)
		}
		if err := checkOnLists(f, existing.Email, joined); err != nil {
			return nil, nil, err
		}
		recorded = o.Vetting != nil && !hasRecord(existing, *o.Vetting)
		if recorded || o.Vetting != nil && len(joined) > 0 {
			// The record given is what puts them on the lists joined,
			// whether the entry has it already or not (a repeated add):
			// checked against those lists, not one they are on already.
			against := listIDs(o.Lists)
			if len(joined) > 0 {
				against = joined
			}
			if err := w.checkRecord(f, existing, *o.Vetting, against); err != nil {
				return nil, nil, err
			}
		}
		batch := members.NewBatch(f, src)
		if fill := missingDetails(existing, o); fill != (details{}) {
			if err := batch.FillDetails(existing.Email, fill.name, fill.github, fill.affiliation); err != nil {
				return nil, nil, err
			}
			filled = fill.String()
		}
		if len(joined) > 0 {
			if err := batch.SetLists(existing.Email, keep); err != nil {
				return nil, nil, err
			}
		}
		if recorded {
			if err := batch.AddVetting(existing.Email, *o.Vetting); err != nil {
				return nil, nil, err
			}
		}
		return batch.Apply()
	})
	if err != nil {
		return err
	}
	if filled != "" {
		w.notef("filled in the %s of %s in %s", filled, who, o.File)
	}
	switch {
	case !ed.changed:
		w.notef("%s is already on %s; nothing to change", who, strings.Join(listIDs(o.Lists), ", "))
		return nil
	case filled != "" && len(joined) == 0 && !recorded:
		return w.advise(ctx, ed, o.File, o.Email)
	case isNew && o.Vetting != nil:
		w.notef("added %s to %s, on %s, with the vetting record by %s on %s (%s)", o.Email, o.File, strings.Join(listIDs(o.Lists), ", "), o.Vetting.By, o.Vetting.On.Format(members.DateLayout), o.Vetting.Method)
	case isNew:
		w.notef("added %s to %s, on %s, with no vetting record yet", o.Email, o.File, strings.Join(listIDs(o.Lists), ", "))
	case len(joined) > 0 && recorded:
		w.notef("put %s on %s in %s, with the vetting record by %s on %s (%s)", who, strings.Join(joined, ", "), o.File, o.Vetting.By, o.Vetting.On.Format(members.DateLayout), o.Vetting.Method)
	case len(joined) > 0:
		w.notef("put %s on %s in %s", who, strings.Join(joined, ", "), o.File)
	default:
		w.notef("recorded vetting by %s on %s (%s) for %s", o.Vetting.By, o.Vetting.On.Format(members.DateLayout), o.Vetting.Method, who)
	}
	if near != "" {
		// Written, as a new person may have an address close to
		// another's; but a typo is likelier, and said with how to undo it.
		// What puts the entry meant where this one went, as the edit
		// commands take it: add for the lists they are not on, role
		// for one they hold in another role (add refuses that), vet
		// for the record alone.
		meant := ed.before.FindMember(near)
		args := []string{near}
		var roles []string
		for _, lr := range o.Lists {
			if meant != nil {
				if role, on := meant.RoleOn(lr.List); on {
					if role != lr.Role && lr.Written {
						roles = append(roles, w.hint("role", meant.Email, "--list", lr.List, string(lr.Role)))
					}
					continue
				}
			}
			args = append(args, "--list", lr.List+":"+string(lr.Role))
		}
		// A record by the person meant is not carried over: vet would
		// refuse it (no one vets themself), and the hint must run.
		record := o.Vetting
		if record != nil && meant != nil && vetting.IsSelf(*record, meant) {
			record = nil
		}
		var then []string
		switch {
		case len(args) > 1:
			if record != nil {
				args = append(args, vetArgs("", *record)[1:]...) // the record given, for the entry meant
			}
			then = append(then, w.hint("add", args...))
		case record != nil:
			then = append(then, w.hint("vet", vetArgs(near, *record)...))
		}
		then = append(then, roles...)
		next := ": they are on " + strings.Join(listIDs(o.Lists), ", ") + " as given already"
		if len(then) > 0 {
			next = ", then run " + strings.Join(then, " and ")
		}
		if record == nil && o.Vetting != nil {
			next += fmt.Sprintf("; --by %s is %s themself, so someone else must vet them", o.Vetting.By, near)
		}
		w.notef("note: %s is new to %s, and %s, a letter or two apart, is in it already: if you meant them, undo this with %s%s", o.Email, o.File, near, w.hint("remove", o.Email), next)
	}
	return w.advise(ctx, ed, o.File, o.Email)
}

// spelledAs names an existing entry, saying how the file spells it when
// the command line spelled it otherwise.
func spelledAs(m *members.Member, typed string) string {
	if m.Email == typed {
		return m.Email
	}
	return fmt.Sprintf("%s (in the file as %s, line %d)", typed, m.Email, m.Pos.Line)
}

func hasRecord(m *members.Member, v members.Vetting) bool {
	for _, r := range m.Vetting {
		if r.By == v.By && r.On.Equal(v.On) && r.Method == v.Method && r.Note == v.Note && r.Evidence == v.Evidence {
			return true
		}
	}
	return false
}

func listIDs(lrs []ListRole) []string {
	out := make([]string, len(lrs))
	for i, lr := range lrs {
		out[i] = lr.List
	}
	return out
}

// vetArgs are the arguments of roster vet that write v for email.
func vetArgs(email string, v members.Vetting) []string {
	args := []string{email, "--by", v.By, "--method", v.Method, "--note", v.Note}
	if v.Evidence != "" {
		args = append(args, "--evidence", v.Evidence)
	}
	if !v.On.IsZero() {
		args = append(args, "--on", v.On.Format(members.DateLayout))
	}
	return args
}

// addWithRecord is the advice for a record vet was given for someone
// the file does not have: the add that puts them on a list with that
// record, runnable as printed: on the first list whose policy takes the
// record's method and needs no field the record cannot give (name,
// affiliation), else the first that takes the method; the others named
// after it.
func (w *Workspace) addWithRecord(f *members.File, email string, v members.Vetting) string {
	var ids []string
	var needs [][]string
	rank := func(l *members.List) int {
		p := f.PolicyOf(l)
		switch {
		case p == nil || !slices.Contains(p.VettingMethods, v.Method):
			return 2
		case len(p.RequiredFields) > 0:
			return 1
		}
		return 0
	}
	for r := range 3 {
		for _, l := range f.Lists {
			if rank(l) == r {
				ids = append(ids, l.ID)
				var need []string
				if p := f.PolicyOf(l); p != nil {
					need = p.RequiredFields
				}
				needs = append(needs, need)
			}
		}
	}
	if len(ids) == 0 {
		return "add a list to the file first, then the member with roster add"
	}
	args := append([]string{email, "--list", ids[0]}, vetArgs("", v)[1:]...)
	out := "add them with the record"
	if len(needs[0]) > 0 {
		// Their values are the user's to give: a placeholder would make
		// the line write "NAME" as printed. Said before the command, so
		// that the command is the line's end, to copy whole.
		flags := make([]string, len(needs[0]))
		for i, n := range needs[0] {
			flags[i] = "--" + n
		}
		out += fmt.Sprintf(" (%s also needs %s: put them in the command)", ids[0], strings.Join(flags, " and "))
	}
	if len(ids) > 1 {
		out += fmt.Sprintf(" (or --list %s in its place)", strings.Join(ids[1:], ", "))
	}
	return out + ": " + w.hint("add", args...)
}

// VetOptions configure Vet.
type VetOptions struct {
	File    string
	Email   string
	Vetting members.Vetting
}

// Vet appends a vetting record under a member, once it is checked
// against the policies of the lists the member is on.
func (w *Workspace) Vet(ctx context.Context, o VetOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	who := o.Email // as the file spells it (spelledAs)
	ed, err := w.editFile(ctx, o.File, func(f *members.File, src []byte) ([]byte, *members.File, error) {
		o.Vetting.By = vetterAsWritten(f, o.Vetting.By)
		m := f.FindMember(o.Email)
		if m != nil {
			who = spelledAs(m, o.Email)
		}
		if m == nil {
			if near := nearestMemberAddress(f, o.Email); near != "" {
				// A typo, most likely: the record for the member meant,
				// not a new entry for the typo.
				return nil, nil, fmt.Errorf("no member %s in %s%s; record it for them with %s, or, for someone new, %s", o.Email, o.File, nearestMember(f, o.Email), w.hint("vet", vetArgs(near, o.Vetting)...), w.addWithRecord(f, o.Email, o.Vetting))
			}
			return nil, nil, fmt.Errorf("no member %s in %s; %s", o.Email, o.File, w.addWithRecord(f, o.Email, o.Vetting))
		}
		var lists []string
		for _, ms := range m.Lists {
			lists = append(lists, ms.List)
		}
		// The date first (one the file cannot hold would not parse
		// back), then the file's shape (an inline array of members is
		// refused with how to rewrite it), then the record.
		if err := w.checkOn(o.Vetting); err != nil {
			return nil, nil, err
		}
		out, nf, err := members.AddVetting(f, src, o.Email, o.Vetting)
		if err != nil {
			return nil, nil, err
		}
		if err := w.checkRecord(f, m, o.Vetting, lists); err != nil {
			return nil, nil, err
		}
		if hasRecord(m, o.Vetting) {
			return nil, nil, nil // run again: the record is there once
		}
		return out, nf, nil
	})
	if err != nil {
		return err
	}
	if !ed.changed {
		w.notef("%s already has this record (by %s on %s, %s); nothing to change", who, o.Vetting.By, o.Vetting.On.Format(members.DateLayout), o.Vetting.Method)
		return nil
	}
	w.notef("recorded vetting by %s on %s (%s) for %s", o.Vetting.By, o.Vetting.On.Format(members.DateLayout), o.Vetting.Method, who)
	return w.advise(ctx, ed, o.File, o.Email)
}

// RoleOptions configure Role.
type RoleOptions struct {
	File  string
	Email string
	List  string
	Role  members.Role
}

// Role changes a member's role on one list.
func (w *Workspace) Role(ctx context.Context, o RoleOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	who := o.Email // as the file spells it (spelledAs)
	ed, err := w.editFile(ctx, o.File, func(f *members.File, src []byte) ([]byte, *members.File, error) {
		if err := checkList(f, o.List); err != nil {
			return nil, nil, err
		}
		m := f.FindMember(o.Email)
		if m == nil {
			return nil, nil, fmt.Errorf("no member %s in %s%s", o.Email, o.File, nearestMember(f, o.Email))
		}
		who = spelledAs(m, o.Email)
		role, on := m.RoleOn(o.List)
		if !on {
			// The add offered must be one that runs: not where the
			// list's policy refuses the address.
			if err := checkOnLists(f, m.Email, []string{o.List}); err != nil {
				return nil, nil, fmt.Errorf("%s is not on %s, and cannot be put on it: %w", m.Email, o.List, err)
			}
			return nil, nil, fmt.Errorf("%s is not on %s; put them on it with: %s", m.Email, o.List, w.hint("add", m.Email, "--list", o.List+":"+string(o.Role)))
		}
		if role == o.Role {
			return nil, nil, nil
		}
		return members.SetRole(f, src, m.Email, o.List, o.Role)
	})
	if err != nil {
		return err
	}
	if !ed.changed {
		w.notef("%s is already %s on %s; nothing to change", who, o.Role, o.List)
		return nil
	}
	w.notef("%s is now %s on %s in %s", who, o.Role, o.List, o.File)
	return w.advise(ctx, ed, o.File, o.Email)
}

// RemoveOptions configure Remove.
type RemoveOptions struct {
	File  string
	Email string
	// Lists takes the member off these lists and keeps the entry; empty
	// removes the whole entry with its vetting records.
	Lists []string
}

// Remove takes a member off lists, or out of the file. Taking someone
// off a list they are not on changes nothing and succeeds, as add and
// role do when there is nothing to change, so that running it again is
// safe; an address the file does not have at all is refused (exit 1),
// since it is as likely a typo as someone already gone.
func (w *Workspace) Remove(ctx context.Context, o RemoveOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	var off, notOn []string // the lists taken off, and those they were not on
	ed, err := w.editFile(ctx, o.File, func(f *members.File, src []byte) ([]byte, *members.File, error) {
		m := f.FindMember(o.Email)
		if m == nil {
			return nil, nil, fmt.Errorf("no member %s in %s%s", o.Email, o.File, nearestMember(f, o.Email))
		}
		if len(o.Lists) == 0 {
			return members.RemoveMember(f, src, o.Email)
		}
		keep := append([]members.Membership(nil), m.Lists...)
		for _, id := range uniqueIDs(o.Lists) {
			if err := checkList(f, id); err != nil {
				return nil, nil, err
			}
			i := slices.IndexFunc(keep, func(ms members.Membership) bool { return ms.List == id })
			if i < 0 {
				notOn = append(notOn, id)
				continue
			}
			off = append(off, id)
			keep = append(keep[:i], keep[i+1:]...)
		}
		if len(off) == 0 {
			return nil, nil, nil
		}
		return members.SetLists(f, src, o.Email, keep)
	})
	if err != nil {
		return err
	}
	written := o.Email // as the file spells them, not as typed
	if m := ed.before.FindMember(o.Email); m != nil {
		written = m.Email
	}
	if len(notOn) > 0 {
		w.notef("%s is not on %s; nothing to change there", written, strings.Join(notOn, ", "))
	}
	if !ed.changed {
		return nil // not on any of the lists: the note above says so
	}
	what := "the file"
	if len(o.Lists) > 0 {
		what = strings.Join(off, ", ")
	}
	w.notef("removed %s from %s", written, what)
	return w.advise(ctx, ed, o.File, o.Email)
}

// FmtOptions configure Fmt.
type FmtOptions struct {
	File string
	// Check changes nothing and fails with the difference when the file
	// is not formatted.
	Check bool
}

// Fmt sorts and normalises the file, keeping every comment.
func (w *Workspace) Fmt(ctx context.Context, o FmtOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	if o.Check {
		f, src, err := w.parsed(ctx, Source{Path: o.File}, "fix them before formatting")
		if err != nil {
			return err
		}
		out, _, err := members.Reformat(f, src)
		if err != nil {
			return err
		}
		if bytes.Equal(out, src) {
			return nil
		}
		fmt.Fprint(w.out, report.LineDiff(o.File, src, out))
		w.errorf("%s is not formatted; run %s", o.File, w.hint("fmt"))
		return exit(ExitFailed)
	}
	ed, err := w.editFile(ctx, o.File, func(f *members.File, src []byte) ([]byte, *members.File, error) {
		return members.Reformat(f, src)
	})
	if err == nil && ed.changed {
		w.notef("formatted %s", o.File)
	}
	return err
}
