package workspace

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/regular"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/vetting"
)

// ImportOptions configure Import.
type ImportOptions struct {
	File string
	List string
	// FromCSV reads a Google Groups member export instead of the live
	// group.
	FromCSV string
	Live    LiveOptions
}

// Import writes a list's live members into the file as grandfathered
// entries: every live member not yet in the file with their live role
// and a record method = "grandfathered", by = "import"; members already
// in the file get the list. Groups and people the file took off the list
// are skipped, with the reason.
func (w *Workspace) Import(ctx context.Context, o ImportOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	f, _, err := w.parsed(ctx, Source{Path: o.File}, "fix them before importing (nothing was written)")
	if err != nil {
		return err
	}
	l := f.List(o.List)
	if l == nil {
		_, err := selectLists(f, []string{o.List})
		return err
	}
	failing := ""
	if why := policies.NewGate(w.check(f, policies.Options{At: w.today()})).ListFails(l.ID); why != "" {
		failing = " once the list passes its policy (sync leaves it alone until then)"
		// Import is how such a list comes to pass (its members taken
		// into the file), so it reads the group all the same; the run
		// says at once that sync does not.
		w.notef("note: list %s fails its own policy, so plan and sync neither read nor write %s until it passes: %s", l.ID, l.Address, why)
	}
	var lv *live // the live side, for the audit log; nil for an export
	var live []directory.Member
	source := ""
	if o.FromCSV != "" {
		raw, err := regular.ReadFileAtMost(w.path(o.FromCSV), directory.MaxSnapshot)
		if err != nil {
			return fmt.Errorf("read --from-csv: %w", err)
		}
		live, err = directory.ParseSnapshotOf(o.FromCSV, raw, l.Address)
		var other *directory.SnapshotError
		var names []string
		if errors.As(err, &other) && len(other.Of) == 1 {
			names = w.sameGroup(ctx, f, o, l, other.Of[0])
		}
		if names != nil {
			// An export of one group, named at another address than the
			// list's: the group's own, where the file writes an alias
			// of it (Google's export names the primary), as Google says.
			// Its rows are that group's, under any of its names.
			w.notef("note: %s is an export of %s, which Google says is the group list %s is written at (%s)", o.FromCSV, report.Reveal(other.Of[0]), l.ID, l.Address)
			live, err = directory.ParseSnapshotOf(o.FromCSV, raw, other.Of[0], names...)
		} else if other != nil && len(other.Of) == 1 {
			// Google's export names a group's own address: where the
			// file writes an alias, only Google can say it is one.
			return fmt.Errorf("%w (if %s is an alias of %s, run import with Google credentials, or --emulator, so that roster can ask Google; or write the list's address as %[3]s)", err, l.Address, report.Reveal(other.Of[0]))
		}
		if err != nil {
			return err
		}
		source = "the export " + filepath.Base(o.FromCSV)
	} else {
		if lv, err = w.openLive(ctx, f, o.File, []*members.List{l}, o.Live, access{}); err != nil {
			return err
		}
		defer lv.stop()
		if live, err = lv.providers[l.ID].Members(ctx, l.Address); err != nil {
			return fmt.Errorf("read the live members of %s: %w", l.Address, err)
		}
		source = "the live group"
		if l.Provider == members.ProviderCSV {
			source = "the snapshot " + filepath.Base(l.Snapshot)
		}
	}
	op := &openedFile{Source: Source{Path: o.File}, File: f}
	listed, err := w.managed(ctx, op)
	if err != nil {
		return fmt.Errorf("cannot tell whom %s took off %s, so nothing was imported: %w", o.File, o.List, err)
	}
	if listed.Unknown != "" {
		w.notef("note: %s", listed.Unknown)
	}
	names, own := groupNames(ctx, lv, l)
	if others := plan.IndexAddresses(f).Others(l.ID, names); len(others) > 0 {
		other := others[0]
		return fmt.Errorf("list %s: Google resolves %s and list %s's %s to one group, %s: two lists on one group take off whom the other adds, so nothing was imported; keep one list for the group, or point the other at a group of its own", o.List, l.Address, other.ID, other.Address, own)
	}
	was := listed.Of(l.Address, names...)
	people, skips := plan.ForImport(f, o.List, live, was)
	// Someone the file has on the list already keeps the file's role:
	// where the group's differs, sync changes it, which is said here
	// rather than left for the next plan to show.
	byIdentity := make(map[string]*members.Member, len(f.Members))
	for _, m := range f.Members {
		byIdentity[members.IdentityOf(m.Email)] = m
	}
	for _, lm := range live {
		m := byIdentity[members.IdentityOf(lm.Email)]
		if m == nil || lm.Email == "" {
			continue
		}
		if role, on := m.RoleOn(o.List); on && lm.Role != "" && plan.FromLiveRole(lm.Role) != role {
			w.notef("note: %s is %s on %s per %s, and %s in %s: sync gives them the file's role%s", report.Reveal(lm.Email), plan.FromLiveRole(lm.Role), o.List, source, role, o.File, failing)
		}
	}
	if lv != nil {
		// Someone the file listed under an alias and took off is on the
		// group under their primary address: who the file took off, not
		// someone to bring in (as plan removes them).
		former := plan.FormerAliases(ctx, f, l, live, lv.providers[l.ID], was, plan.Domains(f))
		people = slices.DeleteFunc(people, func(p members.Imported) bool {
			as, ok := former[members.IdentityOf(p.Email)]
			if ok {
				skips = append(skips, plan.Skip{Email: p.Email, Removed: true, Why: fmt.Sprintf("%s took them off %s as %s, an address Google resolves to them (%s); sync removes them from the group", filepath.Base(o.File), o.List, as, was[as])})
			}
			return ok
		})
	}
	// Someone the file lists on the list under another address that
	// Google resolves to them (an alias) is that entry, as plan
	// matches them: not someone to import beside it, nor, when the
	// address Google has only looks like a plain one, someone "out
	// of the file" to add by hand.
	// (From an export with no live side, Google cannot be asked; a csv
	// list's group is none of the Workspace's, and has no aliases.)
	var prov directory.Provider
	if lv != nil {
		prov = lv.providers[l.ID]
	}
	var current map[string]string
	var unasked int
	if l.Provider != members.ProviderCSV {
		current, unasked = plan.CurrentAliases(ctx, f, l, live, prov)
	}
	if unasked > 0 && len(people) > 0 {
		w.warnf("import did not ask Google whether %s of %s missing from %s %s an alias of someone it imports (too many to look up, or Google could not be asked): check each entry it writes against them before committing", words.Count(unasked, "entry", "entries"), o.List, l.Address, words.Pick(unasked, "is", "are"))
	}
	if len(current) > 0 {
		matched := func(email string) (string, bool) {
			entry, ok := current[members.IdentityOf(email)]
			return entry, ok
		}
		why := func(entry string) string {
			return fmt.Sprintf("%s lists them on %s as %s, an address Google resolves to them (an alias); sync takes this account for that entry and leaves it on the group", filepath.Base(o.File), o.List, entry)
		}
		people = slices.DeleteFunc(people, func(p members.Imported) bool {
			entry, ok := matched(p.Email)
			if ok {
				skips = append(skips, plan.Skip{Email: p.Email, Matched: true, Why: why(entry)})
			}
			return ok
		})
		for i, sk := range skips {
			if entry, ok := matched(sk.Email); ok && !sk.Matched && !sk.Removed {
				reason := why(entry)
				if plan.Lookalike(sk.Email) != "" {
					reason += "; the address Google has only looks like a plain one: check that the account is the person vetted"
				}
				skips[i] = plan.Skip{Email: sk.Email, Matched: true, Why: reason}
			}
		}
	}
	today := w.today()
	note := fmt.Sprintf("On %s before roster managed it; imported from %s on %s.", l.Address, source, today.Format(members.DateLayout))
	var since time.Time
	managed := false
	// logSays is, by identity, what the audit log says of how each
	// person imported got on the group (nil: it was not read).
	var logSays map[string]string
	if tl, err := w.timeline(ctx, op); err == nil {
		since, managed = tl.ListedSince(l.Address)
		for _, n := range names {
			// Listed under an alias of the group first: since then.
			if at, ok := tl.ListedSince(n); ok && (!managed || at.Before(since)) {
				since, managed = at, true
			}
		}
	}
	// A list moved in from another file was managed there first: its
	// history, which follows it there, says since when.
	dir, name := w.gitPath(ctx, o.File)
	if evs, _, err := history.History(ctx, dir, name, history.Options{Lists: []string{o.List}, LogOptions: history.LogOptions{Now: w.env.Now}}); err == nil && len(evs) > 0 && (!managed || evs[0].Date.Before(since)) {
		since, managed = evs[0].Date, true
	}
	if managed {
		// The file has listed the group before: someone on it the file
		// never listed may have joined while roster managed it, a
		// walk-in, whom a grandfathered record must not make look
		// vetted.
		note = fmt.Sprintf("On %s when imported from %s on %s, though not listed by %s, which has listed the group since %s.", l.Address, source, today.Format(members.DateLayout), filepath.Base(o.File), since.UTC().Format(members.DateLayout))
		undated := slices.ContainsFunc(live, func(m directory.Member) bool {
			return m.Joined.IsZero() && slices.ContainsFunc(people, func(p members.Imported) bool { return members.IdentityOf(p.Email) == members.IdentityOf(m.Email) })
		})
		if lv == nil && undated && l.Provider != members.ProviderCSV {
			// An export may not date its rows (the Admin console's does
			// not): the group's audit log may, where roster can read it.
			if lv, err = w.openLive(ctx, f, o.File, []*members.List{l}, o.Live, access{}); err != nil {
				w.notef("note: the group's audit log cannot be read (%v), so whoever the export does not date is imported without telling whether they joined after %s listed the group", err, o.File)
				lv = nil
			} else {
				defer lv.stop()
			}
		}
		var walkIns []plan.Skip
		people, walkIns, logSays = w.withoutWalkIns(ctx, op, l, own, lv, live, people, since)
		skips = append(skips, walkIns...)
	}
	// Under unmanaged = "remove", sync takes off everyone the file
	// does not list: every one skipped but those it takes for an entry.
	removeAll := f.PolicyOf(l) != nil && f.PolicyOf(l).Unmanaged == members.UnmanagedRemove
	for _, s := range skips {
		why := s.Why
		if removeAll && !s.Matched && !s.Removed {
			why += `; sync removes them from the group (unmanaged = "remove")`
		}
		w.notef("skipped %s: %s", report.Reveal(s.Email), w.inContext(why))
	}
	record := members.Vetting{By: vetting.ImportVetter, On: today, Method: vetting.Grandfathered, Note: note}
	added, joined := 0, 0
	// One batch: every new entry and every added list is spliced into
	// the text as read, and the result is parsed and checked once.
	ed, err := w.editFile(ctx, o.File, func(f *members.File, src []byte) ([]byte, *members.File, error) {
		batch := members.NewBatch(f, src)
		var err error
		if added, joined, err = batch.Import(o.List, people, record); err != nil {
			return nil, nil, err
		}
		return batch.Apply()
	})
	if err != nil {
		return err
	}
	skipped := ""
	if len(skips) > 0 {
		// Those skipped are still on the group and not in the file, but
		// for whom the file took off, whom sync removes: the last line
		// must not say otherwise.
		removed, matched := 0, 0
		for _, s := range skips {
			switch {
			case s.Matched:
				matched++
			case s.Removed || removeAll:
				removed++
			}
		}
		stay := len(skips) - removed - matched
		// sync changes no csv group: its checklist asks a person.
		removes, removesOf := "whom sync removes from the group", "sync removes"
		if l.Provider == members.ProviderCSV {
			removes, removesOf = "whom sync's checklist asks a person to remove from the group", "sync's checklist asks a person to remove"
		}
		switch {
		case removed == 0 && matched == 0:
			skipped = fmt.Sprintf("; skipped %s (above), who stay on the group and out of the file", words.Plural(stay, "member"))
		case stay == 0 && matched == 0:
			skipped = fmt.Sprintf("; skipped %s (above), %s", words.Plural(removed, "member"), removes)
			if removeAll {
				skipped += " (unmanaged = \"remove\")"
			}
		default:
			var parts []string
			if stay > 0 {
				parts = append(parts, fmt.Sprintf("%d stay%s on the group and out of the file", stay, words.Pick(stay, "s", "")))
			}
			if matched > 0 {
				parts = append(parts, fmt.Sprintf("%d stay%s on it as the entr%s the file has for them", matched, words.Pick(matched, "s", ""), words.Pick(matched, "y", "ies")))
			}
			if removed > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", removed, removesOf))
			}
			skipped = fmt.Sprintf("; skipped %s (above): %s", words.Plural(len(skips), "member"), strings.Join(parts, ", "))
		}
	}
	if added+joined == 0 {
		if skipped != "" {
			w.notef("nothing imported: everyone else on %s is in %s%s", l.Address, o.File, skipped)
			return nil
		}
		if len(live) == 0 {
			w.notef("nothing to import: %s has no members", l.Address)
			return nil
		}
		w.notef("nothing to import: every member of %s is in %s", l.Address, o.File)
		return nil
	}
	w.notef("imported %s into %s and added list %s to %s already in the file%s", words.Plural(added, "member"), o.File, o.List, words.Plural(joined, "member"), skipped)
	if p := f.PolicyOf(l); p != nil && added > 0 && !p.AllowsMethod(vetting.Grandfathered) {
		w.notef("policy %s does not accept grandfathered records; add \"grandfathered\" to its vetting_methods until they are re-vetted, or vet them now with %s", p.ID, w.hint("vet", "EMAIL", "--by", "WHO", "--method", "METHOD", "--note", "TEXT"))
	}
	// The entries the import wrote: those who were not on the list.
	var emails []string
	for _, p := range people {
		if m := f.FindMember(p.Email); m == nil || !slices.ContainsFunc(m.Lists, func(ms members.Membership) bool { return ms.List == o.List }) {
			emails = append(emails, p.Email)
		}
	}
	if managed && len(emails) > 0 {
		// What the log says of each is said here: once the import is in
		// the file, no later command shows them as a difference.
		w.warnf("%s has listed %s since %s without the people this import put on %s: check how they got on the group before the change is approved",
			o.File, l.Address, since.UTC().Format(members.DateLayout), o.List)
		joined := map[string]time.Time{}
		for _, m := range live {
			if !m.Joined.IsZero() {
				joined[members.IdentityOf(m.Email)] = m.Joined
			}
		}
		for _, e := range emails {
			says, read := logSays[members.IdentityOf(e)]
			switch {
			case !joined[members.IdentityOf(e)].IsZero() && (logSays == nil || !read || says == ""):
				// The export dates the join, before the file listed the
				// group (a later one was skipped as a walk-in's).
				says = fmt.Sprintf("joined on %s (%s), before %s listed the group", joined[members.IdentityOf(e)].UTC().Format(changedAt), source, o.File)
			case l.Provider == members.ProviderCSV:
				says = "a csv list's group has no audit log roster reads"
			case logSays == nil:
				says = "the group's audit log was not read"
			case !read || says == "":
				says = "the audit log names no change that put them there (one older than the log keeps, or too recent to be logged yet)"
			}
			w.warnf("  %s: %s", report.Reveal(e), says)
		}
	}
	if o.FromCSV != "" && len(emails) > 0 {
		// An export may be old, or edited: whom it names are on the
		// group only if it says so truly, and sync adds the rest.
		w.notef("%s names %s the import put on %s; the group itself was not read: roster plan shows whom sync would add, were the export out of date (%s)",
			o.FromCSV, words.Count(len(emails), "person", "people"), o.List, w.hint("plan", "--list", o.List))
	}
	return w.adviseImport(ctx, ed, o.File, o.List, emails, o.FromCSV != "")
}

// changedAt is how a join's moment is written.
const changedAt = "2006-01-02 15:04 UTC"

// withoutWalkIns takes out of people (those an import would write) the
// ones who joined the group after since, when the file already listed
// it: walk-ins, whom a grandfathered record must not admit. The day a
// member export gives for each join says so first; else the group's
// audit log, through the live side. Where neither tells (no log, a join
// older than it keeps), they are kept, and the caller warns.
func (w *Workspace) withoutWalkIns(ctx context.Context, op *openedFile, l *members.List, own string, lv *live, live []directory.Member, people []members.Imported, since time.Time) ([]members.Imported, []plan.Skip, map[string]string) {
	var logSays map[string]string
	byID := make(map[string]directory.Member, len(live))
	for _, m := range live {
		byID[members.IdentityOf(m.Email)] = m
	}
	sinceDay := since.UTC().Truncate(24 * time.Hour)
	joined := map[string]string{} // identity -> how they joined, when after since
	pl := &plan.List{ID: l.ID, Address: l.Address}
	if !directory.SameAddress(own, l.Address) {
		// Google logs the group under its own address, not the alias
		// the list names it by.
		pl.GroupAddress = own
	}
	for _, p := range people {
		id := members.IdentityOf(p.Email)
		entry := op.File.FindMember(p.Email)
		switch m := byID[id]; {
		case entry != nil && slices.ContainsFunc(entry.Lists, func(ms members.Membership) bool { return ms.List == l.ID }):
			// On the list already: the import writes nothing for them.
		case !m.Joined.IsZero() && !m.JoinedDayOnly:
			if m.Joined.After(since) {
				joined[id] = "joined on " + m.Joined.UTC().Format(changedAt) + " (the export's join time)"
			}
		case !m.Joined.IsZero():
			// Only the day, in a zone not known: a join that may have
			// been on the day the file first listed the group, in any
			// zone, is given the benefit of the doubt.
			if m.Joined.After(sinceDay.AddDate(0, 0, 1)) {
				joined[id] = "joined on " + m.Joined.Format(members.DateLayout) + " (the export's join date)"
			}
		default:
			pl.Unmanaged = append(pl.Unmanaged, plan.LiveMember{Email: p.Email, Role: p.Role, ID: m.ID})
		}
	}
	if lv != nil && len(pl.Unmanaged) > 0 {
		w.attribute(ctx, op, &plan.Plan{Lists: []*plan.List{pl}}, lv)
		logSays = make(map[string]string, len(pl.Unmanaged))
		for _, u := range pl.Unmanaged {
			says := u.ChangedBy
			if pl.Attribution != "" && says == "" {
				// The log was not read (refused, no scope): said so, not
				// taken for a log that names no change.
				says = "the group's audit log was not read: " + pl.Attribution
			}
			logSays[members.IdentityOf(u.Email)] = says
			if !u.AddedAt.IsZero() && u.AddedAt.After(since) {
				by := u.ChangedBy
				if by == "" {
					by = "added on " + u.AddedAt.UTC().Format(members.DateLayout)
				}
				joined[members.IdentityOf(u.Email)] = by
			} else if u.AddedAt.IsZero() && strings.HasPrefix(u.ChangedBy, "perhaps a bulk upload") {
				// A bulk upload names no one: whether it brought them,
				// after the file listed the group, the log cannot say.
				// The reviewer must hear of it.
				w.warnf("%s: the audit log cannot tell when they joined: %s", report.Reveal(u.Email), u.ChangedBy)
			}
		}
	}
	var kept []members.Imported
	var skips []plan.Skip
	for _, p := range people {
		by, walkIn := joined[members.IdentityOf(p.Email)]
		if !walkIn {
			kept = append(kept, p)
			continue
		}
		skips = append(skips, plan.Skip{Email: p.Email, Why: fmt.Sprintf("%s, after %s listed the group (since %s): someone who joined while roster managed it is not grandfathered; vet them and add them with roster add, or take them off the group",
			by, op.Path, since.UTC().Format(members.DateLayout))})
	}
	return kept, skips, logSays
}

// groupNames are the addresses Google gives the group of l (its own and
// its aliases), where the live side can read groups: the file may have
// listed the group, and taken someone off it, under any of them; and the
// group's own address (plan.OwnAddress), l's when Google does not say.
func groupNames(ctx context.Context, lv *live, l *members.List) (names []string, own string) {
	if lv == nil {
		return nil, l.Address
	}
	gr, ok := lv.providers[l.ID].(directory.GroupReader)
	if !ok {
		return nil, l.Address
	}
	g, err := gr.Group(ctx, l.Address)
	if err != nil {
		return nil, l.Address
	}
	return g.Addresses(), plan.OwnAddress(g, l.Address)
}
