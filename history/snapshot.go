package history

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/roster-dev/roster/members"
)

// FileAt returns the members file as it was at rev: a commit, branch or
// tag on any branch (the file in that commit), or a date (YYYY-MM-DD: the
// file at the end of that day on the current branch, by when commits
// landed). It follows the file across renames.
func FileAt(ctx context.Context, dir, path, rev string) (*members.File, Revision, error) {
	var revs []Revision
	if IsDate(rev) {
		all, err := Log(ctx, dir, path)
		if err != nil {
			return nil, Revision{}, err
		}
		_, to, err := Select(ctx, dir, all, LogOptions{Until: rev})
		if err != nil {
			return nil, Revision{}, err
		}
		revs = all[:to]
	} else {
		commit, err := ResolveRevision(ctx, dir, rev)
		if err != nil {
			return nil, Revision{}, err
		}
		if revs, err = logAt(ctx, dir, commit, path); err != nil {
			return nil, Revision{}, err
		}
	}
	if len(revs) == 0 {
		when := "at " + rev
		if IsDate(rev) {
			when = "on or before " + rev
		}
		return nil, Revision{}, fmt.Errorf("%s did not exist %s", path, when)
	}
	r := revs[len(revs)-1]
	if r.Blob == "" {
		return nil, r, fmt.Errorf("%s was deleted in %s (%s)", path, r.Short(), r.Subject)
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, r, err
	}
	defer blobs.Close()
	data, err := blobs.Read(r.Blob)
	if err != nil {
		return nil, r, err
	}
	f, err := members.Parse(filepath.Base(r.Path)+"@"+r.Short(), data)
	if err != nil {
		return nil, r, fmt.Errorf("%s at %s does not parse: %w", r.Path, r.Short(), err)
	}
	return f, r, nil
}

// logAt lists the file's revisions on the first-parent line of commit,
// which may be on another branch. The file may have had another name
// there: each name it had on the current line is tried, newest first.
func logAt(ctx context.Context, dir, commit, path string) ([]Revision, error) {
	revs, err := logFrom(ctx, dir, commit, path)
	if err != nil || len(revs) > 0 {
		return revs, err
	}
	here, err := Log(ctx, dir, path)
	if err != nil {
		return nil, err
	}
	tried := map[string]bool{path: true}
	for i := len(here) - 1; i >= 0; i-- {
		name := here[i].Path
		if name == "" || tried[name] {
			continue
		}
		tried[name] = true
		if revs, err = logFrom(ctx, dir, commit, ":(top)"+name); err != nil || len(revs) > 0 {
			return revs, err
		}
	}
	return nil, nil
}

// MemberChange is one member's change on one list between two versions.
type MemberChange struct {
	Email        string       `json:"email"`
	Role         members.Role `json:"role,omitempty"`
	PreviousRole members.Role `json:"previous_role,omitempty"`
	// Vetting are the records of an added member, the reviewer's
	// question being "who vetted them, and how".
	Vetting []Record `json:"vetting,omitempty"`
}

// ListDiff is the membership difference of one list.
type ListDiff struct {
	List        string         `json:"list"`
	Added       []MemberChange `json:"added"`
	Removed     []MemberChange `json:"removed"`
	RoleChanged []MemberChange `json:"role_changed"`
}

// Empty reports whether the list did not change.
func (d ListDiff) Empty() bool {
	return len(d.Added) == 0 && len(d.Removed) == 0 && len(d.RoleChanged) == 0
}

// Compare returns the membership difference between two versions of the
// file, per list (all lists of either version, or only those named).
func Compare(old, cur *members.File, only []string) []ListDiff {
	ids := map[string]bool{}
	for _, f := range []*members.File{old, cur} {
		for _, l := range f.Lists {
			ids[l.ID] = true
		}
	}
	var lists []string
	for id := range ids {
		if len(only) == 0 || slices.Contains(only, id) {
			lists = append(lists, id)
		}
	}
	sort.Strings(lists)
	oldByID, curByID := byIdentity(old), byIdentity(cur)
	var out []ListDiff
	for _, id := range lists {
		d := ListDiff{List: id, Added: []MemberChange{}, Removed: []MemberChange{}, RoleChanged: []MemberChange{}}
		for key, m := range curByID {
			role, on := m.RoleOn(id)
			if !on {
				continue
			}
			was, existed := oldByID[key]
			oldRole, wasOn := members.Role(""), false
			if existed {
				oldRole, wasOn = was.RoleOn(id)
			}
			switch {
			case !wasOn:
				mc := MemberChange{Email: m.Email, Role: role}
				for _, v := range m.Vetting {
					mc.Vetting = append(mc.Vetting, recordOf(v))
				}
				d.Added = append(d.Added, mc)
			case oldRole != role:
				d.RoleChanged = append(d.RoleChanged, MemberChange{Email: m.Email, Role: role, PreviousRole: oldRole})
			}
		}
		for key, m := range oldByID {
			role, wasOn := m.RoleOn(id)
			if !wasOn {
				continue
			}
			if now, ok := curByID[key]; ok {
				if _, on := now.RoleOn(id); on {
					continue
				}
			}
			d.Removed = append(d.Removed, MemberChange{Email: m.Email, PreviousRole: role})
		}
		for _, s := range [][]MemberChange{d.Added, d.Removed, d.RoleChanged} {
			sort.Slice(s, func(i, j int) bool { return strings.ToLower(s[i].Email) < strings.ToLower(s[j].Email) })
		}
		out = append(out, d)
	}
	return out
}

func byIdentity(f *members.File) map[string]*members.Member {
	out := make(map[string]*members.Member, len(f.Members))
	for _, m := range f.Members {
		out[members.IdentityOf(m.Email)] = m
	}
	return out
}

// Before returns the members file as it was before the change being
// checked, for validation: the last committed version when the working
// file differs from it (an uncommitted edit), else the version before the
// last commit that changed the file (a pull request's merge commit, or
// the last change on a branch). A file created by that change comes back
// with no members. The revision says which version it is.
func Before(ctx context.Context, dir, path string, current []byte) (*members.File, Revision, error) {
	revs, err := Log(ctx, dir, path)
	if err != nil {
		return nil, Revision{}, err
	}
	if len(revs) == 0 {
		return nil, Revision{}, ErrUntracked
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, Revision{}, err
	}
	defer blobs.Close()
	pick := len(revs) - 1
	last := revs[pick]
	if last.Blob != "" {
		data, err := blobs.Read(last.Blob)
		if err != nil {
			return nil, Revision{}, err
		}
		if bytes.Equal(data, current) {
			pick--
		}
	}
	if pick < 0 || revs[pick].Blob == "" {
		f, _ := members.Parse(path, []byte("schema = 1\n"))
		return f, Revision{}, nil
	}
	data, err := blobs.Read(revs[pick].Blob)
	if err != nil {
		return nil, Revision{}, err
	}
	f, err := members.Parse(filepath.Base(revs[pick].Path)+"@"+revs[pick].Short(), data)
	if err != nil {
		return nil, revs[pick], fmt.Errorf("%s at %s does not parse: %w", revs[pick].Path, revs[pick].Short(), err)
	}
	return f, revs[pick], nil
}
