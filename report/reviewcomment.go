package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/roster-dev/roster/review"
)

// maxReviewComment is how long the review comment may be. GitHub takes
// comments of up to 65,536 characters; a byte is never less than a
// character, so counting bytes keeps under that.
const maxReviewComment = 60000

// ReviewCommentMarkdown is ReviewMarkdown made to fit in a pull-request
// comment. A comment GitHub refuses would fail the gate of a change that
// is approved (one adding hundreds of members), so a review too long for
// one is cut: never its verdict, nor any requirement's verdict, who may
// approve it and whose approval does not count; only the notes and the
// changes each requirement lists, whole rows at a time, with a row
// saying how many are left out and where all of them are (the review
// job's log, `roster review` run locally). Notes give way to the
// changes that raise the approval needed: the change's author writes
// what some of them quote (commit trailers). The changes that raise the approval needed (raisesApproval)
// are never cut while they fit: a change padded with a thousand new
// members cannot push its new owner out of the comment. Only when they
// alone do not fit are some of them left out, and the row says how many.
func ReviewCommentMarkdown(h ReviewHead, v review.Verdict) string {
	return foldReview(h, v, maxReviewComment)
}

// foldReview renders the review comment in at most limit bytes.
func foldReview(h ReviewHead, v review.Verdict, limit int) string {
	head, reqs, notes := reviewParts(h, v)
	full := len(head) + len(notes)
	for _, r := range reqs {
		full += len(r.top) + len(r.tail)
		for _, row := range r.rows {
			full += len(row)
		}
	}
	if full <= limit {
		return ReviewMarkdown(h, v)
	}
	// Room for the rows and notes once every requirement is written
	// without them (with the longest row that says how many are left
	// out).
	room := limit - len(head)
	for _, r := range reqs {
		room -= len(r.top) + len(r.tail)
		if len(r.rows) > 0 {
			room -= len(rowsLeftOut(r, 0))
		}
	}
	if room < 0 {
		return foldRequirements(head, reqs, notes, limit)
	}
	// A row of each requirement in turn, each requirement's first rows,
	// up to upTo(r) of them.
	shown := make([]int, len(reqs))
	fill := func(upTo func(reviewPart) int) {
		for more := true; more; {
			more = false
			for i, r := range reqs {
				if shown[i] < upTo(r) && len(r.rows[shown[i]]) <= room {
					room -= len(r.rows[shown[i]])
					shown[i]++
					more = true
				}
			}
		}
	}
	// Tier by tier, each while the one before fitted whole: every
	// change that raises the approval needed, then who joins, leaves,
	// changes role or mailbox; then the notes (the change's author
	// writes what some of them quote: they never push such a change
	// out); then whom the change's commits moved on the way (± and ∓,
	// as many as its author likes to make); then the rest, vetting
	// records among them, so that every list's owners see whom they let
	// on before any record (a thousand of those, by a vetter who need
	// not even have access to the repository, are the author's to write
	// too).
	whole := func(t int) bool {
		for i, r := range reqs {
			if shown[i] != r.ends[t] {
				return false
			}
		}
		return true
	}
	fill(func(r reviewPart) int { return r.ends[tierRaising] })
	if whole(tierRaising) {
		fill(func(r reviewPart) int { return r.ends[tierMoves] })
	}
	notes, room = foldNotes(notes, room)
	for t := tierMoves; t+1 < tiers && whole(t); t++ {
		fill(func(r reviewPart) int { return r.ends[t+1] })
	}
	var b strings.Builder
	b.WriteString(head)
	for i, r := range reqs {
		b.WriteString(r.top)
		for _, row := range r.rows[:shown[i]] {
			b.WriteString(row)
		}
		if shown[i] < len(r.rows) {
			b.WriteString(rowsLeftOut(r, shown[i]))
		}
		b.WriteString(r.tail)
	}
	b.WriteString(notes)
	return b.String()
}

// foldNotes keeps, of notes, the lines that fit in room (with a line
// saying how many it leaves out), and returns them with the room left.
func foldNotes(notes string, room int) (string, int) {
	if len(notes) <= room {
		return notes, room - len(notes)
	}
	lines := noteLines(notes)
	room -= len(notesLeftOut(len(lines)))
	var b strings.Builder
	left, room := fitLines(&b, lines, room)
	b.WriteString(notesLeftOut(left))
	return b.String(), max(room, 0)
}

// noteLines are the notes, one line each with its newline.
func noteLines(notes string) []string {
	if notes == "" {
		return nil
	}
	lines := strings.SplitAfter(notes, "\n")
	if last := len(lines) - 1; lines[last] == "" {
		lines = lines[:last]
	} else {
		lines[last] += "\n"
	}
	return lines
}

// fitLines writes, of lines, those that fit in room, in order up to the
// first that does not, and returns how many it left out and the room
// left.
func fitLines(b *strings.Builder, lines []string, room int) (left, after int) {
	left = len(lines)
	for _, l := range lines {
		if len(l) > room {
			break
		}
		b.WriteString(l)
		room -= len(l)
		left--
	}
	return left, room
}

// notesLeftOut is the line that stands for n notes the comment leaves
// out.
func notesLeftOut(n int) string {
	return fmt.Sprintf("\n_… %d more notes not shown: GitHub takes a comment of at most 65,536 characters. The review job's log has them all, as does `roster review` run locally._\n", n)
}

// rowsLeftOut is the row that stands for the changes of r the comment
// leaves out, from row shown on: how many, how many of them raise the
// approval needed, and how many add, remove or re-role someone.
func rowsLeftOut(r reviewPart, shown int) string {
	n := len(r.rows) - shown
	raised, moved := r.leftOut(shown)
	var some []string
	if raised > 0 {
		some = append(some, fmt.Sprintf("%d of them raising the approvals needed", raised))
	}
	if moved > 0 {
		some = append(some, fmt.Sprintf("%d adding, removing or re-roling someone", moved))
	}
	about := ""
	if len(some) > 0 {
		about = " (" + strings.Join(some, "; ") + ")"
	}
	return fmt.Sprintf("- … %d more changes%s not shown: GitHub takes a comment of at most 65,536 characters. The review job's log lists them all, as does `roster review` run locally.\n", n, about)
}

// foldRequirements is the comment of a review whose requirements alone
// do not fit (hundreds of lists, each with its approvers): it keeps the
// overall verdict, then as many requirements as fit, those not approved
// first, without their changes, then the notes that fit, and says how
// many of each it leaves out.
func foldRequirements(head string, reqs []reviewPart, notes string, limit int) string {
	notesByLine := noteLines(notes)
	// The closing line is reserved at its longest.
	room := limit - len(head) - len(partsLeftOut(len(reqs), len(reqs), len(notesByLine)))
	part := func(r reviewPart) string {
		s := r.top
		if len(r.rows) > 0 {
			s += rowsLeftOut(r, 0)
		}
		return s + r.tail
	}
	shown := make([]bool, len(reqs))
	for _, approved := range []bool{false, true} {
		for i, r := range reqs {
			if r.ok == approved && len(part(r)) <= room {
				shown[i] = true
				room -= len(part(r))
			}
		}
	}
	var b strings.Builder
	b.WriteString(head)
	left, leftNotOK := 0, 0
	for i, r := range reqs {
		if !shown[i] {
			left++
			if !r.ok {
				leftNotOK++
			}
			continue
		}
		b.WriteString(part(r))
	}
	notesLeft, _ := fitLines(&b, notesByLine, room)
	if left > 0 || notesLeft > 0 {
		b.WriteString(partsLeftOut(left, leftNotOK, notesLeft))
	}
	return b.String()
}

// partsLeftOut is the closing line of a comment that leaves out whole
// requirements or notes.
func partsLeftOut(reqs, notOK, notes int) string {
	return fmt.Sprintf("\n_… %d more requirements (%d of them not approved) and %d notes not shown: GitHub takes a comment of at most 65,536 characters. The review job's log has them all, as does `roster review` run locally._\n", reqs, notOK, notes)
}

// raisesApproval reports whether change is one that makes requirement r
// ask for more than the plain approval of a change to a list (one
// owner), as review marks it (Requirement.Raising): the comment lists
// these first, and never cuts them while they fit.
func raisesApproval(r review.Requirement, change string) bool {
	return slices.Contains(r.Raising, change)
}
