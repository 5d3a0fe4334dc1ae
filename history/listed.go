package history

import (
	"context"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
)

func removedWhere(r Revision, from string) string {
	if from != "" {
		return fmt.Sprintf("removed in %s on %s from %s: %s", r.Short(), r.Date.UTC().Format(dayLayout), from, r.Subject)
	}
	return fmt.Sprintf("removed in %s on %s: %s", r.Short(), r.Date.UTC().Format(dayLayout), r.Subject)
}

// ListedByGroup returns whom the file managed: for each group (the
// identity of a list's address, members.IdentityOf) the file had a list
// for in any committed version on the current line, everyone it put on
// that group, by identity, with where it last did, as Listed says it.
// It is how sync knows whom it managed: a live member the file once
// listed and no longer does was taken off by a person, and is removed
// even under unmanaged = "report".
//
// Keyed by group, a list renamed in the file (same address) keeps its
// members' history, also when the rename and a removal are one commit.
// The file is followed across renames and moves; and a list that moved
// here from another tracked file (with the same extension) carries that
// file's history up to the move: one pickaxe search (git log -S) over
// the other files finds where the file's group addresses ever appeared,
// and only those files' histories are read. A list moved when one commit
// dropped it from the other file and put it in this one; any other file
// that merely names the address (an example, a draft, a file committed
// and deleted to look like a removal, ahead of the day this file adopts
// the group) has no say, and what the other file did after the move has
// none either. A list that had moved out of this file into the other
// one and then back is followed through the other file in between.
// Where both files took someone off, the later removal on the line is
// named, whatever the commits' dates. Someone the other file
// took off is "removed in <commit> on <date> from <path>:
// <subject>". Addresses are searched case-insensitively as written in
// the file.
//
// Cost: ReadTimeline's, then Timeline.ListedByGroup's.
//
// Errors: ErrNotInGit, ErrShallow, ErrNoCommits, ErrUntracked (see Log).
func ListedByGroup(ctx context.Context, dir, path string) (map[string]map[string]string, error) {
	t, err := ReadTimeline(ctx, dir, path)
	if err != nil {
		return nil, err
	}
	return t.ListedByGroup(ctx)
}

// ListedByGroup answers the package function ListedByGroup from a
// timeline already read.
//
// Cost: one git log -S restricted to the other files; more only when
// other files had its groups (one git log for all of them, and one git
// cat-file to read them).
func (t *Timeline) ListedByGroup(ctx context.Context) (map[string]map[string]string, error) {
	if t.repo == nil {
		return nil, errors.New("history: ListedByGroup needs a timeline from ReadTimeline")
	}
	r, path := t.repo, t.path
	revs := t.revs
	last := revs[len(revs)-1]
	type state struct {
		listing
		from string // "" for the members file itself
	}
	merged := map[string]map[string]state{}
	for g, ids := range t.listings() {
		m := make(map[string]state, len(ids))
		for id, l := range ids {
			m[id] = state{listing: l}
		}
		merged[g] = m
	}
	// Lists that came from other files.
	others, err := r.otherPaths(ctx, t.addresses, pathsOf(revs), path)
	if err != nil {
		return nil, err
	}
	if len(others) > 0 {
		byPath, err := r.pathsLog(ctx, others)
		if err != nil {
			return nil, err
		}
		blobs, err := OpenBlobs(ctx, r.dir)
		if err != nil {
			return nil, err
		}
		defer blobs.Close()
		var order map[string]int // read when two removals are compared
		for _, p := range others {
			prevs := byPath[p]
			if len(prevs) == 0 {
				continue
			}
			ot, err := buildTimeline(ctx, blobs, prevs, true)
			if err != nil {
				return nil, err
			}
			for g := range ot.roles {
				m := merged[g]
				if m == nil {
					continue // not a group of the members file
				}
				moved := t.handedOver(ot, g)
				if moved < 0 {
					continue // the list never moved from there
				}
				for id, l := range ot.listingsUntil(g, moved) {
					have, ok := m[id]
					switch {
					case !ok:
					case have.on:
						continue
					case l.on:
					default:
						// The later removal is the last word: later on
						// the line, whatever the commits' dates say.
						if order == nil {
							if order, err = lineOrder(ctx, r.dir); err != nil {
								return nil, err
							}
						}
						if !before(order, have.removed, l.removed) {
							continue
						}
					}
					m[id] = state{listing: l, from: p}
				}
			}
		}
	}
	out := make(map[string]map[string]string, len(merged))
	for g, ids := range merged {
		m := make(map[string]string, len(ids))
		for id, s := range ids {
			switch {
			case s.on:
				m[id] = "listed in the last commit, " + last.Short()
			default:
				m[id] = removedWhere(s.removed, s.from)
			}
		}
		out[g] = m
	}
	return out, nil
}

// otherPaths returns the tracked paths, other than ours, in whose
// first-parent history one of the addresses appeared or disappeared:
// one pickaxe search, case-insensitive, over files with the same
// extension as the members file (every file when it has none).
func (r *repo) otherPaths(ctx context.Context, addresses map[string]map[string]bool, ours []string, file string) ([]string, error) {
	var alts []string
	for _, spellings := range addresses {
		for a := range spellings {
			if a != "" {
				alts = append(alts, regexp.QuoteMeta(a))
			}
		}
	}
	if len(alts) == 0 {
		return nil, nil
	}
	sort.Strings(alts)
	scope := ":(top)"
	if ext := path.Ext(path.Base(file)); ext != "" && !strings.ContainsAny(ext, `*?[\`) {
		scope = ":(top,glob)**/*" + ext
	}
	args := []string{"log", "-z", "--first-parent", "--no-renames", "--name-only", "--format=", "-i", "--pickaxe-regex",
		"-S(" + strings.Join(alts, "|") + ")", r.head, "--", scope}
	for _, p := range ours {
		args = append(args, ":(exclude,top,literal)"+p)
	}
	out, err := git(ctx, r.dir, args...)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, p := range strings.Split(string(out), "\x00") {
		p = strings.Trim(p, "\n")
		if p != "" && !slices.Contains(ours, p) && !slices.Contains(paths, p) {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	return paths, nil
}
