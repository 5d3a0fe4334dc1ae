package workspace

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// adviseImport says, after an import, what validate finds about the
// entries it wrote: a policy that does not take grandfathered records,
// or that requires fields an import cannot know, fails them, and sync
// would then add none of them again were they to leave the group. Those
// on the group whose entries do not admit them at all (a record of a
// method the policy does not take, a missing field) are as unvetted as
// walk-ins: sync exits 3 for them.
func (w *Workspace) adviseImport(ctx context.Context, ed edited, file, list string, emails []string, fromExport bool) error {
	if !ed.changed || ed.after == nil {
		return nil
	}
	// Against the file validate judges it against (HEAD's, or none),
	// so that a cap is blamed on the entries validate blames.
	base := w.syncBaseFile(ctx, file, ed).validated()
	all, mine, others := w.findingsAbout(ed, base, nil, emails...)
	before := w.check(ed.before, policies.Options{At: w.today(), Before: base, HeldSince: w.heldBy(ed, ed.before)})
	made := len(newFailures(before, all, further(ed.before, ed.after)))
	imported := make(map[string]bool, len(emails))
	for _, e := range emails {
		imported[members.IdentityOf(e)] = true
	}
	failing := map[string]bool{}
	for _, f := range mine {
		// Of the entries the import wrote, on the list it imported (or
		// about the entry whatever its lists): a finding about another
		// (their vetter, say), or about their place on another list,
		// is not one of "the N imported".
		if id := members.IdentityOf(f.Member); f.Fails() && imported[id] && (f.List == list || f.List == "") {
			failing[id] = true
		}
	}
	if n := len(failing); n > 0 {
		gate := policies.NewGate(all)
		var unvetted []string
		for _, e := range emails {
			if m := ed.after.FindMember(e); m != nil && failing[members.IdentityOf(e)] {
				if r, _ := m.RoleOn(list); gate.Unadmitted(list, m.Email, r) != "" {
					unvetted = append(unvetted, m.Email)
				}
			}
		}
		fix := "vet them"
		if fill := fillArgs(ed.after, list); len(fill) > 0 {
			fix += ", or fill in the fields the policy requires with " + w.hint("add", append([]string{"EMAIL", "--list", list}, fill...)...)
		}
		w.notef("%s of the %d imported into %s %s findings above: %s, but %s fails until they are fixed (%s)",
			words.Count(n, "entry", "entries"), len(emails), file, words.Pick(n, "has", "have"), importKept(list, n, unvetted, fromExport), w.hint("validate"), fix)
	}
	if others > 0 {
		w.notef("%s has %s about other entries; %s shows %s", file, words.Plural(others, "more error"), w.hint("validate"), words.Pick(others, "it", "them"))
	}
	if made > 0 {
		// As for any edit: written, so that vet can complete it, and a
		// failure, so that "import && git commit" stops.
		w.errorf("%s is written, but %s (what CI runs) now fails on %s this import made; fix %s as named above before committing", file, w.hint("validate"), words.Plural(made, "error"), words.Pick(made, "it", "them"))
		return exit(ExitFailed)
	}
	return nil
}

// importKept says what sync does with the n imported entries on list
// that fail, of which unvetted have entries that do not admit them: it
// keeps the others as they are, and leaves those on the group unvetted,
// exiting 3 for them. From an export, the group was not read: only whom
// it has, as the export says, are kept, and sync adds none of the rest.
func importKept(list string, n int, unvetted []string, fromExport bool) string {
	kept, u := n-len(unvetted), len(unvetted)
	where := ""
	if fromExport {
		where = " where the group has them as the export says"
	}
	var says []string
	if kept > 0 {
		what, as := words.Pick(n, "it", "them"), ""
		if u > 0 {
			what = fmt.Sprintf("%d of them", kept)
		}
		if !fromExport {
			as = " as " + words.Pick(kept, "it is", "they are")
		}
		says = append(says, fmt.Sprintf("sync keeps %s on %s%s%s", what, list, where, as))
	}
	if u > 0 {
		who := "them"
		if kept > 0 {
			who = names(unvetted)
		}
		says = append(says, fmt.Sprintf("sync leaves %s on %s%s, but unvetted: it exits 3 for them, as for %s, until a record admits them", who, list, where, words.Pick(u, "a walk-in", "walk-ins")))
	}
	out := strings.Join(says, "; ")
	if fromExport {
		out += fmt.Sprintf(", and adds none of %s that it does not", words.Pick(n, "it", "them"))
	}
	return out
}

// fillArgs are the flags of roster add that fill in the fields list's
// policy requires (name, github, affiliation), each with a placeholder:
// none when it requires none.
func fillArgs(f *members.File, list string) []string {
	l := f.List(list)
	if l == nil || f.PolicyOf(l) == nil {
		return nil
	}
	placeholder := map[string]string{"name": "NAME", "github": "HANDLE", "affiliation": "TEXT"}
	var out []string
	for _, field := range []string{"name", "github", "affiliation"} {
		if slices.Contains(f.PolicyOf(l).RequiredFields, field) {
			out = append(out, "--"+field, placeholder[field])
		}
	}
	return out
}
