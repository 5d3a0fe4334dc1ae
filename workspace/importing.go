package workspace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
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
	f, _, err := w.parsed(ctx, Source{Path: o.File}, "fix them before importing (nothing was written)")
	if err != nil {
		return err
	}
	l := f.List(o.List)
	if l == nil {
		_, err := selectLists(f, []string{o.List})
		return err
	}
	var live []directory.Member
	source := ""
	if o.FromCSV != "" {
		raw, err := os.ReadFile(w.path(o.FromCSV))
		if err != nil {
			return fmt.Errorf("read --from-csv: %w", err)
		}
		if live, err = directory.ParseSnapshot(o.FromCSV, raw); err != nil {
			return err
		}
		source = "the export " + filepath.Base(o.FromCSV)
	} else {
		lv, err := w.openLive(ctx, f, o.File, []*members.List{l}, o.Live, access{})
		if err != nil {
			return err
		}
		live, err = lv.providers[l.ID].Members(ctx, l.Address)
		lv.stop()
		if err != nil {
			return fmt.Errorf("read the live members of %s: %w", l.Address, err)
		}
		source = "the live group"
	}
	listed, err := w.managed(ctx, &Opened{Source: Source{Path: o.File}})
	if err != nil {
		return fmt.Errorf("cannot tell whom members.toml took off %s, so nothing was imported: %w", o.List, err)
	}
	if listed.Unknown != "" {
		w.notef("note: %s", listed.Unknown)
	}
	people, skips := plan.ForImport(f, o.List, live, listed.ByGroup[members.IdentityOf(l.Address)])
	for _, s := range skips {
		w.notef("skipped %s: %s", report.Reveal(s.Email), w.inContext(s.Why))
	}
	today := w.today()
	record := members.Vetting{
		By: vetting.ImportVetter, On: today, Method: vetting.Grandfathered,
		Note: fmt.Sprintf("On %s before roster managed it; imported from %s on %s.", l.Address, source, today.Format(members.DateLayout)),
	}
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
	if added+joined == 0 {
		w.notef("nothing to import: every member of %s is in %s", l.Address, o.File)
		return nil
	}
	w.notef("imported %s into %s and added list %s to %s already in the file", words.Plural(added, "member"), o.File, o.List, words.Plural(joined, "member"))
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
	w.adviseImport(ed, o.File, o.List, emails)
	return nil
}
