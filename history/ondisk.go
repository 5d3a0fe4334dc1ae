package history

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/roster-dev/roster/internal/regular"
	"github.com/roster-dev/roster/members"
)

// ListsOnDisk is ListsElsewhereAt for the files as they are on disk:
// the lists that other members files hold for any of groups, read from
// the working tree, which is what a plan run by hand reads the members
// file from. The files are those git lists in the checkout, tracked or
// untracked and not ignored, whose name ends in .toml (any case); outside
// git, or before the first commit, the .toml files beside the members
// file. Links are not followed (a link to the members file is not
// another file) and a file larger than a members file may be is skipped.
//
// broken names the files (from the top of the repository, or beside the
// members file outside git) that read as a members file someone broke:
// what they hold for the groups is their committed version's to say
// (ListsElsewhereAt), not nothing.
//
// Cost: one git ls-files, and one read of each .toml file whose text may
// name a group (mayName).
func ListsOnDisk(ctx context.Context, dir, path string, groups []string) (found []MovedList, broken []string, err error) {
	if len(groups) == 0 {
		return nil, nil, nil
	}
	wanted := map[string]bool{}
	for _, g := range groups {
		wanted[g] = true
	}
	files, err := tomlOnDisk(ctx, dir, path)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range files {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		data, ok := regular.Read(f.disk, members.MaxFileSize)
		if !ok || !mayName(data, wanted) {
			continue
		}
		parsed, err := members.Parse(f.name, data)
		if err != nil {
			if mayBeMembersFile(data) {
				broken = append(broken, f.name)
			}
			continue
		}
		for _, l := range parsed.Lists {
			if wanted[members.IdentityOf(l.Address)] {
				found = append(found, MovedList{File: parsed, List: l, Path: f.name, At: Revision{Path: f.name}})
			}
		}
	}
	return found, broken, nil
}

// diskFile is a file ListsOnDisk reads: its name as reported (from the
// top of the repository) and where it is on disk.
type diskFile struct{ name, disk string }

// tomlOnDisk lists the .toml files ListsOnDisk reads, the members file
// at path (relative to dir) left out.
func tomlOnDisk(ctx context.Context, dir, path string) ([]diskFile, error) {
	// A shallow clone lists its checkout as well as any.
	r, _, err := openAny(ctx, dir)
	if errors.Is(err, ErrNotInGit) {
		return besideFile(dir, path)
	}
	if err != nil {
		return nil, err
	}
	self, err := r.top(path)
	if err != nil {
		return nil, err
	}
	out, err := runGit(ctx, r.dir, "ls-files", "-z", "--full-name", "--cached", "--others", "--exclude-standard", "--", ":(top,icase,glob)**/*.toml")
	if err != nil {
		return nil, err
	}
	var files []diskFile
	seen := map[string]bool{}
	for _, p := range strings.Split(string(out), "\x00") {
		// A file in conflict is listed once per stage.
		if p == "" || p == self || seen[p] || !isTOML(p) {
			continue
		}
		seen[p] = true
		files = append(files, diskFile{name: p, disk: filepath.Join(r.dir, r.fromTop(p))})
	}
	return files, nil
}

// besideFile lists the .toml files in the directory of the members file
// at path (relative to dir), the members file left out: outside git
// there is no checkout to list, and the files a team keeps together
// sit together.
func besideFile(dir, path string) ([]diskFile, error) {
	where := filepath.Join(dir, path)
	entries, err := os.ReadDir(filepath.Dir(where))
	if err != nil {
		return nil, nil // nothing beside it to read
	}
	var files []diskFile
	for _, e := range entries {
		if e.Name() == filepath.Base(where) || !e.Type().IsRegular() || !isTOML(e.Name()) {
			continue
		}
		disk := filepath.Join(filepath.Dir(where), e.Name())
		files = append(files, diskFile{name: filepath.ToSlash(filepath.Join(filepath.Dir(path), e.Name())), disk: disk})
	}
	return files, nil
}
