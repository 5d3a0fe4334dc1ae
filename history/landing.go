package history

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Landing is where a commit stands against the current branch's
// first-parent line, the line a date reads, history walks and sync ran
// from.
type Landing struct {
	// OnLine: the commit is one of the line's.
	OnLine bool
	// Merged, for a commit of a branch merged since, is the line's first
	// commit that has it (the merge it landed with); zero otherwise.
	Merged Revision
	// Named: rev names a branch or a tag, whose state is what it is
	// asked for ("diff main": main as it is, not where it landed).
	Named bool
}

// LandingOf finds where rev (a commit, branch or tag) stands: on the
// line, merged into it by a later commit of the line, or neither (a pull
// request's commit not merged, or one rewritten since). A date is on the
// line by definition.
func LandingOf(ctx context.Context, dir, rev string) (Landing, error) {
	if IsDate(rev) {
		return Landing{OnLine: true}, nil
	}
	r, err := openHead(ctx, dir)
	if err != nil {
		return Landing{}, err
	}
	commit, err := r.resolve(ctx, rev)
	if err != nil {
		return Landing{}, err
	}
	line, err := run(ctx, r.dir, "rev-list", "--first-parent", r.head)
	if err != nil {
		return Landing{}, err
	}
	if strings.Contains("\n"+string(line), "\n"+commit+"\n") {
		return Landing{OnLine: true}, nil
	}
	// A branch or tag off the line is read as it is: "diff main" asks
	// for main, not where it landed. (resolve refused a rev git would
	// read as an option.)
	if ref, err := run(ctx, r.dir, "rev-parse", "--symbolic-full-name", rev); err == nil && strings.HasPrefix(strings.TrimSpace(string(ref)), "refs/") {
		return Landing{Named: true}, nil
	}

	// The merge that took it in is the line's oldest commit that has it.
	// --ancestry-path with --first-parent would find only a commit that
	// is a merge's own second parent (a branch's tip), never one deeper
	// in the branch or on a branch merged into it: the descendants are
	// listed over every parent, then met with the line. None when HEAD
	// does not have it.
	desc, err := run(ctx, r.dir, "rev-list", "--ancestry-path", commit+".."+r.head, "--")
	if err != nil {
		return Landing{}, err
	}
	has := make(map[string]bool)
	for _, h := range strings.Fields(string(desc)) {
		has[h] = true
	}
	// Once a commit of the line has it, every later one does: the
	// line, newest first, has it up to the merge.
	merge := ""
	for _, h := range strings.Fields(string(line)) {
		if !has[h] {
			break
		}
		merge = h
	}
	if merge == "" {
		return Landing{}, nil
	}
	out, err := run(ctx, r.dir, "log", "-1", "-z", "--format="+logFormat, merge, "--")
	if err != nil {
		return Landing{}, err
	}
	commits, err := parseLog(out)
	if err != nil || len(commits) == 0 {
		return Landing{}, err
	}
	merged := commits[0].Revision
	// Landed as every date of history reads it (Landed), over the whole
	// line: a merge with a clock fast had landed by the next commit's
	// date, and one after a parent with a clock fast is read as
	// corrected only when the line before it is read too.
	at, err := r.landings(ctx, r.head, "")
	if err != nil {
		return Landing{}, err
	}
	merged.LandedBy = at[merge]
	return Landing{Merged: merged}, nil
}

// LandedDate is when rev (a commit, branch or tag) landed on the line,
// as Landed dates the line's commits (a commit with a clock fast had
// landed by the next one's date): for a commit merged since, when its
// merge landed; for one off the line, its own commit date. A commit
// that did not touch the members file is dated so too: what was
// committed at it is judged as of then, not as of the file's last
// commit before it.
func LandedDate(ctx context.Context, dir, rev string) (time.Time, error) {
	r, err := openHead(ctx, dir)
	if err != nil {
		return time.Time{}, err
	}
	commit, err := r.resolve(ctx, rev)
	if err != nil {
		return time.Time{}, err
	}
	// Asked by its name: a branch or tag off the line is read as it is
	// (LandingOf's Named), so it is dated by its own commit, not by a
	// merge that took it in later.
	land, err := LandingOf(ctx, dir, rev)
	if err != nil {
		return time.Time{}, err
	}
	switch {
	case land.OnLine:
		// Over the whole line, as history dates it: a commit's parent
		// with a clock fast is read as corrected only when the line
		// before it is read too.
		at, err := r.landings(ctx, r.head, "")
		if err != nil {
			return time.Time{}, err
		}
		if t, ok := at[commit]; ok {
			return t, nil
		}
	case land.Merged.Commit != "":
		return land.Merged.LandedOn(), nil
	}
	out, err := run(ctx, r.dir, "log", "-1", "--format=%ct", commit, "--")
	if err != nil {
		return time.Time{}, err
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("the date of %s: %w", rev, err)
	}
	return time.Unix(sec, 0).UTC(), nil
}
