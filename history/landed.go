package history

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// When a commit had landed: committer dates are whatever the committer's
// clock said, and one commit's clock must never re-date the rest.

// Landed returns when each of revs (oldest first, on one first-parent
// line) had landed by. Each commit of the line counts as dated by its
// committer date, unless its neighbours on the line show it to be a
// single outlier, which is corrected rather than trusted:
//
//   - backdated: a commit dated before its first parent while the next
//     commit on the line is not (date[j] < date[j-1] <= date[j+1]), a
//     clock years slow or a date set by hand, counts as its parent's
//     date; so does the line's last commit when dated before its
//     parent, unless that parent is itself in the future (then the last
//     commit is the one whose clock is right);
//   - future-dated: a commit dated after the next one while its parent
//     is not (date[j-1] <= date[j+1] < date[j]) counts as the next one's
//     date.
//
// Here a parent's date is the one it counts as: after a future-dated
// commit corrected down to its successor's date, that successor is not
// also read as backdated. A date after now (the time of reading:
// time.Now here, LogOptions.Now for History and Select) counts as now:
// the commit is in the repository, so it had landed by then, and history
// agrees with show --at and diff, which read a day not yet ended as the
// file is now. Then, as the commits are in the order they landed in,
// each had landed by the earliest count of itself and every later commit
// on the line (a rebased or amended commit, a skewed clock): the dates
// never go back. Only single outliers are corrected: two commits in a
// row dated decades back still date everything before them, as git's
// own order cannot tell which side's clocks were right.
//
// For revisions read from git (Log), the line is every commit of it, also
// those that did not touch the file (see Revision.LandedBy); for others,
// revs are taken as the whole line.
func Landed(revs []Revision) []time.Time {
	return landedAt(revs, time.Now())
}

// landedAt is Landed as of now, the time of reading.
func landedAt(revs []Revision, now time.Time) []time.Time {
	dates := make([]time.Time, len(revs))
	for i, r := range revs {
		// A stamped revision's date is its line's answer already, and
		// the answers never go back: the rule leaves them as they are.
		dates[i] = r.LandedOn()
	}
	return landing(dates, now)
}

// landing applies Landed's rule, as of now, to the committer dates of
// consecutive commits of one first-parent line, oldest first.
func landing(dates []time.Time, now time.Time) []time.Time {
	out, _ := landingBounds(dates, now)
	return out
}

// clockSkew is how far a commit may be dated after the next one before
// the two readings (a fast clock, a backdated commit) count as two: a
// push from a machine whose clock is a few minutes ahead, merged at once
// on GitHub's, is an honest history, and the later bound would make a
// record that lapsed since read as never having admitted whom it lists.
// Records are dated by day: a day's skew moves no verdict by more.
const clockSkew = 24 * time.Hour

// landingBounds is landing, with the later bound of each commit the rule
// read two ways (zero for the others): a commit dated after the next one
// and no other is read as future-dated, its clock fast, and the next as
// honest; but the next may as well be the one backdated, as the line's
// last commit is when nothing comes after it, and then it landed as late
// as the commit after it (or now, at the tip): the README's "the next
// commit's date, or today's". Dates say when people joined; the later
// bound says whether a record may have admitted them (Timeline.HeldSince),
// where the reading a backdater would pick must not be the one taken.
func landingBounds(dates []time.Time, now time.Time) (out, late []time.Time) {
	n := len(dates)
	out = make([]time.Time, n)
	late = make([]time.Time, n)
	for j, d := range dates {
		out[j] = d
		if j == 0 {
			continue // no parent on the line to tell it by
		}
		parent := out[j-1]
		switch {
		case j+1 < n && d.Before(parent) && !dates[j+1].Before(parent.Add(-clockSkew)) && (!dates[j+1].Before(parent) || parent.Sub(d) > clockSkew):
			// Backdated: the next commit is dated after its parent, or
			// within a clock's skew of it while this one is a day or
			// more before.
			out[j] = parent
			if parent.Sub(d) > clockSkew {
				// Landed after its parent, as late as the next commit.
				late[j] = dates[j+1]
			}
		case j+1 == n && d.Before(parent) && !dates[j-1].After(now):
			out[j] = parent // the last commit, backdated
			if parent.Sub(d) > clockSkew {
				late[j] = now // landed after its parent, as late as now
			}
		case j+1 < n && !dates[j+1].Before(parent) && dates[j+1].Before(d):
			out[j] = dates[j+1] // future-dated
			// A second witness counts only a skew or more before this
			// one: a commit an hour before a fast one says little.
			if (j+2 == n || d.Sub(dates[j+2]) <= clockSkew) && d.Sub(dates[j+1]) > clockSkew {
				// One witness: the next commit may be the backdated one,
				// landed after this one did, as late as the commit after
				// it (or now, at the tip); and this one may be honest,
				// landed on its own date, not the next one's.
				late[j+1] = now
				if j+2 < n {
					late[j+1] = dates[j+2]
				}
				late[j] = d
			}
		}
		if late[j].IsZero() && parent.After(now) {
			// After a commit dated in the future (its clock off, for
			// sure), tell this one by the last commit before that is not:
			// dated before it by more than a skew, it was backdated, and
			// landed as late as the next commit (or now).
			k := j - 1
			for k >= 0 && dates[k].After(now) {
				k--
			}
			if k >= 0 && out[k].Sub(d) > clockSkew {
				late[j] = now
				if j+1 < n {
					late[j] = dates[j+1]
				}
			}
		}
	}
	if now = now.UTC().Truncate(time.Second); true {
		for j := range late {
			if late[j].After(now) {
				late[j] = now
			}
		}
	}
	// In UTC and whole seconds, as git's dates are.
	now = now.UTC().Truncate(time.Second)
	for j := range out {
		if out[j].After(now) {
			out[j] = now
		}
	}
	for j := n - 2; j >= 0; j-- {
		if out[j+1].Before(out[j]) {
			out[j] = out[j+1]
		}
	}
	return out, late
}

// stampLanded sets the LandedBy of revs (oldest first, all on the
// first-parent line of from) from every commit of that line since the
// one before the first of them: the revisions are only the commits that
// touched the file, and a commit that touched something else is just as
// much a point of the line, by which everything before it had landed,
// and a neighbour that tells an outlier.
func (r *repo) stampLanded(ctx context.Context, from string, revs []Revision) error {
	_, at, late, err := r.landingLineBounds(ctx, from, revs[0].Commit)
	if err != nil {
		return err
	}
	for i := range revs {
		if t, ok := at[revs[i].Commit]; ok {
			revs[i].LandedBy = t
		}
		revs[i].LandedLate = late[revs[i].Commit]
	}
	return nil
}

// landings returns when each commit of the first-parent line of from, from
// oldest on (the whole line when oldest is ""), had landed by (Landed),
// by commit id. The commit before oldest is read too, as the neighbour
// that tells whether oldest's date is an outlier. One git log, of hashes,
// dates and parents only: the line from oldest on, and oldest's parents
// as its boundary.
func (r *repo) landings(ctx context.Context, from, oldest string) (map[string]time.Time, error) {
	_, at, err := r.landingLine(ctx, from, oldest)
	return at, err
}

// landingLine is landings, with the line's commits too, newest first.
func (r *repo) landingLine(ctx context.Context, from, oldest string) ([]string, map[string]time.Time, error) {
	line, at, _, err := r.landingLineBounds(ctx, from, oldest)
	return line, at, err
}

// landingLineBounds is landingLine, with the later bound of the commits
// landingBounds reads two ways.
func (r *repo) landingLineBounds(ctx context.Context, from, oldest string) ([]string, map[string]time.Time, map[string]time.Time, error) {
	args := []string{"log", "--first-parent", "--boundary", "--format=%m %H %ct %P", from}
	if oldest != "" {
		args = append(args, "--not", oldest+"^@")
	}
	out, err := git(ctx, r.dir, append(args, "--")...)
	if err != nil {
		return nil, nil, nil, err
	}
	var line []string               // the line's commits, newest first
	var parent []string             // their first parents
	stamp := map[string]time.Time{} // every commit listed, boundary too
	for rest := out; len(rest) > 0; {
		var l []byte
		l, rest, _ = bytes.Cut(rest, []byte{'\n'})
		f := strings.Fields(string(l))
		if len(f) < 3 || !isHash(f[1]) {
			continue
		}
		sec, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("git log date %q: %w", clip(string(l)), err)
		}
		stamp[f[1]] = time.Unix(sec, 0).UTC()
		if f[0] == ">" {
			line = append(line, f[1])
			p := ""
			if len(f) > 3 {
				p = f[3]
			}
			parent = append(parent, p)
		}
	}
	if len(line) == 0 {
		return nil, map[string]time.Time{}, map[string]time.Time{}, nil
	}
	dates := make([]time.Time, 0, len(line)+1)
	// The oldest commit's first parent, when it has one: a boundary.
	before, hasBefore := stamp[parent[len(parent)-1]]
	if hasBefore {
		dates = append(dates, before)
	}
	for i := len(line) - 1; i >= 0; i-- {
		dates = append(dates, stamp[line[i]])
	}
	landed, bounds := landingBounds(dates, r.now)
	if hasBefore {
		landed, bounds = landed[1:], bounds[1:]
	}
	at := make(map[string]time.Time, len(line))
	late := map[string]time.Time{}
	for i, c := range line {
		at[c] = landed[len(line)-1-i]
		if b := bounds[len(line)-1-i]; !b.IsZero() {
			late[c] = b
		}
	}
	return line, at, late, nil
}
