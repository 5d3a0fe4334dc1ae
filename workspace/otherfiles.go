package workspace

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// maxFilesNamed is how many other files warnGroupsOfOtherFiles names by
// name; the rest it counts.
const maxFilesNamed = 3

// warnGroupsOfOtherFiles names, for each list of p whose group another
// members file of the repository also names, that file: two files on
// one group, each synced by a job of its own, take off whom the other
// adds, and neither job's plan would say why. It warns rather than
// refuses: a repository's example or test files name groups too, and
// roster cannot tell which file a job syncs (review asks the other
// file's owners before a change gives its group to this one).
//
// The other files are read as the members file is, from disk: tracked
// or not, as edited (a list taken out of the other file, not yet
// committed, is out). Outside git, the files beside the members file.
// A file broken on disk says what its committed version says.
func (w *Workspace) warnGroupsOfOtherFiles(ctx context.Context, op *openedFile, p *plan.Plan) {
	var groups []string
	for _, l := range p.Lists {
		if l.Error == "" {
			groups = append(groups, members.IdentityOf(l.Address))
		}
	}
	if len(groups) == 0 {
		return
	}
	dir, name := w.gitPath(ctx, op.Path)
	others, broken, err := history.ListsOnDisk(ctx, dir, name, groups)
	if ctx.Err() != nil {
		return // interrupted: the run says so, and no more
	}
	if err != nil {
		w.warnf("cannot tell whether another members file of the repository manages these groups too: %v", err)
		return
	}
	if len(broken) > 0 {
		committed, err := history.ListsElsewhereAt(ctx, dir, name, "HEAD", "HEAD", groups)
		switch {
		case errors.Is(err, history.ErrNotInGit), errors.Is(err, history.ErrNoCommits), errors.Is(err, history.ErrUntracked):
		case ctx.Err() != nil:
			return
		case err != nil:
			w.warnf("cannot tell whether another members file of the repository manages these groups too: %v", err)
		default:
			for _, mv := range committed {
				if slices.Contains(broken, mv.Path) {
					others = append(others, mv)
				}
			}
		}
	}
	elsewhere := map[string][]string{}
	for _, mv := range others {
		if slices.Contains(strings.Split(mv.Path, "/"), "testdata") {
			// Fixtures of tests (Go's convention, which the go tool
			// ignores too): no job syncs them.
			continue
		}
		g := members.IdentityOf(mv.List.Address)
		elsewhere[g] = append(elsewhere[g], fmt.Sprintf("%s (list %s)", mv.Path, mv.List.ID))
	}
	for _, l := range p.Lists {
		files := elsewhere[members.IdentityOf(l.Address)]
		if l.Error != "" || len(files) == 0 {
			continue
		}
		sort.Strings(files)
		named := strings.Join(files, " and ")
		if len(files) > maxFilesNamed {
			named = strings.Join(files[:maxFilesNamed], ", ") + fmt.Sprintf(" and %d other files", len(files)-maxFilesNamed)
		}
		verb := "names"
		if len(files) > 1 {
			verb = "name"
		}
		w.warnf("list %s: %s %s %s too: if a job syncs that file as well, each takes off whom the other adds; keep the group in one file (take its list out of the other)",
			l.ID, named, verb, l.Address)
	}
}
