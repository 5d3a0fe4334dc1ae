package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/review"
)

// ReviewMarker is the hidden line that finds roster's pull-request
// comment again, so that every push updates one comment. Only a comment
// written by roster's own identity counts: anyone can type the marker.
const ReviewMarker = "<!-- roster:review -->"

// ReviewHead is what a review rendering says about the change: the base
// it is against and, in a pull request, its number and head commit.
type ReviewHead struct {
	Base string `json:"base"`
	Head string `json:"head,omitempty"`
	PR   int    `json:"pull_request,omitempty"`
	// Notes are facts about the approvals read (a truncated commit list,
	// reviews on an older commit), one line each.
	Notes []string `json:"notes,omitempty"`
	// Comment is what review --comment did on the pull request, or why
	// it could not; nil without --comment.
	Comment *Posted `json:"comment,omitempty"`
}

// Posted is what review --comment wrote on the pull request: the
// outcome (created, updated, unchanged) of the review's comment and of
// the plan's, and why GitHub refused one.
type Posted struct {
	Review    string `json:"review,omitempty"`
	ReviewURL string `json:"review_url,omitempty"`
	Plan      string `json:"plan,omitempty"`
	PlanURL   string `json:"plan_url,omitempty"`
	Error     string `json:"error,omitempty"`
}

// Review writes who must approve a change, and whether they have.
func Review(w io.Writer, format Format, h ReviewHead, v review.Verdict) error {
	switch format {
	case JSON:
		// Each change line marks a look-alike address as text's does,
		// for whoever prints it; Raising's lines stay equal to theirs.
		reqs := slices.Clone(v.Requirements)
		for i := range reqs {
			mark := func(cs []string) []string {
				out := slices.Clone(cs)
				for j, c := range out {
					out[j] = c + changeNote(c)
				}
				return out
			}
			reqs[i].Changes, reqs[i].Raising = mark(reqs[i].Changes), mark(reqs[i].Raising)
		}
		out := map[string]any{"base": h.Base, "head": h.Head, "pull_request": h.PR, "ok": v.OK, "requirements": reqs, "notes": orEmptyStrings(h.Notes)}
		if h.Comment != nil {
			out["comment"] = h.Comment
		}
		return writeJSON(w, out)
	case Markdown:
		_, err := io.WriteString(w, ReviewMarkdown(h, v))
		return err
	}
	var b strings.Builder
	if len(v.Requirements) == 0 {
		fmt.Fprintf(&b, "No change since %s needs an approval.\n", Line(h.Base))
	}
	for _, r := range v.Requirements {
		verdict := "OK: " + describeApproved(r, false)
		if !r.OK {
			verdict = "NOT APPROVED: " + r.Why
		}
		fmt.Fprintf(&b, "%s: %s\n", Line(requirementTitle(r)), Line(verdict))
		for _, c := range r.Changes {
			fmt.Fprintf(&b, "  %s\n", Line(c)+changeNote(c)) // a look-alike address is named
		}
		if len(r.Eligible) > 0 && r.Kind != review.Vetter {
			fmt.Fprintf(&b, "  may approve: %s\n", Line(strings.Join(at(r.Eligible), ", ")))
		}
		for _, n := range r.NotCounted {
			fmt.Fprintf(&b, "  not counted: @%s (%s)\n", Line(n.Login), Line(n.Why))
		}
		b.WriteByte('\n')
	}
	for _, n := range h.Notes {
		fmt.Fprintf(&b, "note: %s\n", Line(n))
	}
	if v.OK {
		b.WriteString("Approved.\n")
	} else {
		b.WriteString("Not approved yet.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func requirementTitle(r review.Requirement) string {
	switch r.Kind {
	case review.Admins:
		return "admins"
	case review.Fix:
		return "errors"
	case review.Invalid:
		return "validate errors"
	case review.Vetter:
		return "vetter " + r.Vetter
	}
	if r.Need > 1 {
		return fmt.Sprintf("list %s (%d owners)", r.List, r.Need)
	}
	return "list " + r.List
}

func describeApproved(r review.Requirement, md bool) string {
	who := at(r.Approved)
	if md {
		who = mentions(r.Approved)
	}
	if r.Kind == review.Vetter {
		return "attested by " + strings.Join(who, ", ")
	}
	return "approved by " + strings.Join(who, ", ")
}

// ReviewMarkdown is the pull-request comment: the marker, and per
// requirement what the change does and who must approve it. Every field
// is escaped: a vetting note cannot open a paragraph of its own, mention
// anyone, or hide the rest of the comment. The plan has a comment of its
// own (PlanCommentMarkdown).
func ReviewMarkdown(h ReviewHead, v review.Verdict) string {
	head, reqs, notes := reviewParts(h, v)
	var b strings.Builder
	b.WriteString(head)
	for _, r := range reqs {
		b.WriteString(r.top)
		for _, row := range r.rows {
			b.WriteString(row)
		}
		b.WriteString(r.tail)
	}
	b.WriteString(notes)
	return b.String()
}

// reviewPart is one requirement of the review comment: its verdict, the
// changes that need it (one row each) and who may approve it.
type reviewPart struct {
	top string // the title and the verdict: approved by whom, or what is missing
	// rows are the changes, in tiers (rowTier), each in the review's
	// order; ends[t] is where tier t ends. raises and moves say of each
	// row whether it raises the approval needed (raisesApproval), and
	// whether it adds, removes or re-roles someone.
	rows          []string
	ends          [tiers]int
	raises, moves []bool
	tail          string // who may approve, and whose approvals do not count
	ok            bool
}

// leftOut counts, of the rows from the first not shown on, those that
// raise the approval needed and those that move someone.
func (p reviewPart) leftOut(shown int) (raised, moved int) {
	for i := shown; i < len(p.rows); i++ {
		if p.raises[i] {
			raised++
		}
		if p.moves[i] {
			moved++
		}
	}
	return raised, moved
}

// The tiers of a requirement's changes, in the order a comment too long
// for GitHub keeps them: what raises the approval needed (a new owner, a
// looser policy), then who joins, leaves or changes role or mailbox,
// then whom the change's own commits moved on the way, then vetting
// records and the rest (review's marks tell them apart). A thousand records written to pad the comment
// (their vetter need not even have access to the repository) must not
// push out the one line that puts someone on the list.
const (
	tierRaising = iota
	tierMoves   // who the file puts on, takes off, re-roles or respells
	tierPassing // whom the change's commits moved on the way (±, ∓)
	tierRest
	tiers
)

// changeNote is RevealNote of a review's change line, but for the mark
// roster itself writes first (review.Mark): its own sign is no
// look-alike in the data.
func changeNote(c string) string { return RevealNote(review.Mark(c)) }

// rowTier is the tier of change c of requirement r.
func rowTier(r review.Requirement, c string) int {
	switch {
	case raisesApproval(r, c) && !review.RecordChange(c):
		return tierRaising
	case review.MovedOnTheWay(c):
		return tierPassing
	case review.MovesSomeone(c):
		return tierMoves
	}
	return tierRest
}

// reviewParts renders the review comment in parts: the head (marker and
// overall verdict), each requirement, and the notes, whole lines each,
// so that the comment can be cut between them (ReviewCommentMarkdown).
// The changes that raise what a requirement needs come before the rest
// of its changes: a new owner listed after a thousand new members is
// the first thing its approvers read, not a row a long comment cuts.
func reviewParts(h ReviewHead, v review.Verdict) (head string, reqs []reviewPart, notes string) {
	var b strings.Builder
	b.WriteString(ReviewMarker + "\n### roster review\n\n")
	switch {
	case len(v.Requirements) == 0:
		fmt.Fprintf(&b, "No change since %s needs an approval.\n\n", Code(h.Base))
	case v.OK:
		b.WriteString("**Approved**: every change below has the approvals it needs.\n\n")
	default:
		b.WriteString("**Not approved yet**: the changes below need the approvals named.\n\n")
	}
	if h.PR > 0 && h.Head != "" {
		// The commit decided: a comment left from an earlier run reads
		// as of an earlier head, never as this one's.
		fmt.Fprintf(&b, "_Reviewed at %s._\n\n", Code(history.ShortCommit(h.Head)))
	}
	head = b.String()
	for _, r := range v.Requirements {
		mark := "✅ " + describeApproved(r, true)
		if !r.OK {
			mark = "❌ " + MD(r.Why)
		}
		p := reviewPart{top: fmt.Sprintf("#### %s\n\n%s\n\n", MD(requirementTitle(r)), mark), ok: r.OK}
		var byTier [tiers][]string
		for t := range byTier {
			for _, c := range r.Changes {
				if rowTier(r, c) != t {
					continue
				}
				p.rows = append(p.rows, fmt.Sprintf("- %s\n", MD(c+changeNote(c))))
				p.raises = append(p.raises, raisesApproval(r, c))
				p.moves = append(p.moves, review.MovesSomeone(c))
			}
			p.ends[t] = len(p.rows)
		}
		var t strings.Builder
		if len(r.Eligible) > 0 && r.Kind != review.Vetter {
			fmt.Fprintf(&t, "\nMay approve: %s\n", strings.Join(mentions(r.Eligible), ", "))
		}
		for _, n := range r.NotCounted {
			fmt.Fprintf(&t, "\nNot counted: %s (%s)\n", MD("@"+n.Login), MD(n.Why))
		}
		t.WriteString("\n")
		p.tail = t.String()
		reqs = append(reqs, p)
	}
	b.Reset()
	for _, n := range h.Notes {
		fmt.Fprintf(&b, "> %s\n", MD(n))
	}
	return head, reqs, b.String()
}

// PlanMarker is the hidden line of roster's plan comment, a comment of
// its own beside the review's.
const PlanMarker = "<!-- roster:plan -->"

// maxPlanComment is how much of a plan the plan comment holds: GitHub
// takes comments of up to 65,536 characters, and the rest of the comment
// is short.
const maxPlanComment = 60000

// PlanCommentMarkdown is the plan comment: the plan `roster plan
// --format markdown` made for commit head (short), folded when it is
// long, and the commit it is of. An empty plan (the plan job made none)
// says so, rather than leave an older commit's plan standing.
func PlanCommentMarkdown(head, plan string) string {
	var b strings.Builder
	b.WriteString(PlanMarker + "\n")
	commit := Code(head)
	plan = strings.TrimSpace(plan)
	if plan == "" {
		fmt.Fprintf(&b, "### roster plan\n\nNo plan for %s: the plan job made none (see its log). Who must approve does not depend on it.\n", commit)
		return b.String()
	}
	lines := strings.Count(plan, "\n") + 1
	if len(plan) > maxPlanComment {
		// GitHub refuses a comment over 65,536 characters: the plan is
		// cut at a line, and says so, rather than the upsert failing and
		// an older commit's plan standing.
		cut := strings.LastIndexByte(plan[:maxPlanComment], '\n')
		if cut < 0 {
			cut = maxPlanComment // one long line: cut it between characters
			for cut > 0 && !utf8.RuneStart(plan[cut]) {
				cut--
			}
		}
		rest := strings.Count(plan[cut:], "\n")
		plan = plan[:cut] + fmt.Sprintf("\n\n... %d more lines, cut to fit GitHub's limit on a comment: roster plan, run where the plan job runs, prints the whole plan.", rest)
	}
	if lines > 30 {
		fmt.Fprintf(&b, "<details><summary>Plan against the live groups (%d lines)</summary>\n\n%s\n\n</details>\n", lines, plan)
	} else {
		b.WriteString(plan + "\n")
	}
	fmt.Fprintf(&b, "\n_Planned for %s when it was pushed; updated on every push, never on a review._\n", commit)
	return b.String()
}

// isHandle reports whether h is exactly a GitHub login, to be written as
// a mention that pings its person.
func isHandle(h string) bool {
	return h != "" && !strings.HasPrefix(h, "@") && members.CheckHandle(h) == nil
}

// mentions renders GitHub handles as mentions: a handle that is exactly
// a GitHub login pings its person (the file's github fields are checked
// to be one at parse time); anything else is escaped text.
func mentions(hs []string) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		if isHandle(h) {
			out[i] = "@" + h
		} else {
			out[i] = MD("@" + h)
		}
	}
	return out
}

func at(hs []string) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = "@" + h
	}
	return out
}

func orEmptyStrings(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

// NotReviewedMarkdown is the review comment of a run that could not
// review the pull request's head (cause says why): it stands in for
// whatever an earlier run said of an earlier head.
func NotReviewedMarkdown(head, cause string) string {
	var b strings.Builder
	b.WriteString(ReviewMarker + "\n### roster review\n\n")
	what := "The pull request's head"
	if head != "" {
		what = "Head " + Code(history.ShortCommit(head))
	}
	// The reason may name every file a push adds: cut, it never makes
	// the comment longer than GitHub takes (the log has it whole).
	if r := []rune(cause); len(r) > maxNotReviewedCause {
		cause = string(r[:maxNotReviewedCause]) + " … (cut; the review job's log has it whole)"
	}
	fmt.Fprintf(&b, "**Not reviewed**: %s could not be reviewed, so no approval counts for it yet:\n\n> %s\n\nFix what the review job's log names and push; the check stays red until a run reviews the head.\n", what, MD(cause))
	return b.String()
}

// maxNotReviewedCause is how many characters of a run's error the Not
// reviewed comment quotes: escaped, each may grow tenfold (a character
// reference), and the comment stays far under GitHub's 65,536.
const maxNotReviewedCause = 2000
