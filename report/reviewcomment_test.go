package report_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/review"
)

// paddedBase has reports (owners ada, bob, cy; dan a member) under a
// policy of at most 100 members.
const paddedBase = `schema = 1
admins = ["root"]

[lists.reports]
address = "security@example.org"
policy = "receivers"

[policies.receivers]
max_members = 100
vetting_methods = ["video-call"]

[[member]]
email = "ada@example.org"
github = "ada"
lists = { reports = "owner" }

[[member]]
email = "bob@example.org"
github = "bob"
lists = { reports = "owner" }

[[member]]
email = "cy@example.org"
github = "cy"
lists = { reports = "owner" }

[[member]]
email = "dan@example.org"
lists = { reports = "member" }
`

// TestPaddedReviewKeepsWhatRaisesTheApprovals: a pull request adds 1,500
// harmless members first, then, after them in the file, a new owner,
// and loosens the policy (max_members 100 -> 5000), besides every other
// change that raises the approvals a list's owners give (a new manager,
// an owner removed, an owner's handle changed, a group taken back). The
// comment GitHub takes is cut, yet names each of those, before the
// members that pad it; only the plain rows are left out. With a vetter
// asked to attest a record for each padding member, 1,500 rows that
// raise the approvals too, more than a comment holds: the owners' all
// stay, and the row standing for the vetter's left out says what they
// are. The changes are review's own lines, so that a change of its
// words that report no longer reads as raising fails here.
func TestPaddedReviewKeepsWhatRaisesTheApprovals(t *testing.T) {
	parse := func(src string) *members.File {
		t.Helper()
		f, err := members.Parse("members.toml", []byte(src))
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		return f
	}
	former := parse(paddedBase + `
[lists.old]
address = "old@example.org"
policy = "receivers"
`)
	for _, tc := range []struct {
		name    string
		record  string // each padding member's vetting
		leftOut string // a row saying raising changes are left out
	}{
		{name: "members without records"},
		{name: "members each vetted anew", record: `vetting = [{ by = "bob", on = 2026-05-01, method = "video-call" }]` + "\n",
			leftOut: "of them raising the approvals needed) not shown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			head := strings.NewReplacer(
				"max_members = 100", "max_members = 5000",
				`github = "bob"`, `github = "bobby"`,
				"[[member]]\nemail = \"cy@example.org\"\ngithub = \"cy\"\nlists = { reports = \"owner\" }\n", "",
				`email = "dan@example.org"
lists = { reports = "member" }`, `email = "dan@example.org"
lists = { reports = "manager" }`,
			).Replace(paddedBase)
			head = strings.Replace(head, "[policies.receivers]", "[lists.old]\naddress = \"old@example.org\"\npolicy = \"receivers\"\n\n[policies.receivers]", 1)
			var b strings.Builder
			b.WriteString(head)
			for i := range 1500 {
				fmt.Fprintf(&b, "\n[[member]]\nemail = \"pad%04d@example.org\"\nlists = { reports = \"member\" }\n%s", i, tc.record)
			}
			b.WriteString("\n[[member]]\nemail = \"zz.mallory@example.org\"\ngithub = \"mallory\"\nlists = { reports = \"owner\" }\n")
			v := review.Decide(review.Input{
				Base: parse(paddedBase), Head: parse(b.String()), Author: "mallory",
				Former: map[string][]review.Former{members.IdentityOf("old@example.org"): {{File: former, List: "old", Revision: "abc1234"}}},
				At:     time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
			})
			// The lines that raise the approvals, as review wrote them.
			var raising []string
			for _, r := range v.Requirements {
				for _, c := range r.Changes {
					for _, s := range []string{"zz.mallory@example.org (owner)", "max_members 100 -> 5000", "dan@example.org (member -> manager)",
						"- cy@example.org (was owner)", "identity of bob@example.org", "takes on old@example.org", "new list old"} {
						if strings.Contains(c, s) {
							raising = append(raising, c)
						}
					}
				}
			}
			if len(raising) != 7 {
				t.Fatalf("review wrote %d of the 7 raising lines: %q", len(raising), raising)
			}
			got := report.ReviewCommentMarkdown(report.ReviewHead{Base: "main", PR: 7}, v)
			if n := utf8.RuneCountInString(got); n > 65536 || !rowsCut.MatchString(got) {
				t.Fatalf("comment of %d characters, cut: %v", n, rowsCut.MatchString(got))
			}
			for _, c := range raising {
				row := "- " + report.MD(c) + "\n"
				at := strings.Index(got, row)
				if at < 0 {
					t.Errorf("the comment leaves out %q", c)
					continue
				}
				if pad := strings.Index(got, "pad0000"); pad >= 0 && pad < at {
					t.Errorf("%q comes after the padding", c)
				}
			}
			_, vetter, _ := strings.Cut(got, "#### vetter bob")
			if strings.Contains(got, "raising the approvals needed") && (tc.leftOut == "" || strings.Count(got, tc.leftOut) != 1 || !strings.Contains(vetter, tc.leftOut)) {
				t.Errorf("raising changes left out:\n%s", got[len(got)-2000:])
			}
			if tc.leftOut != "" && !strings.Contains(vetter, tc.leftOut) {
				t.Errorf("the vetter's rows left out are not said to raise the approvals:\n%s", got[len(got)-2000:])
			}
		})
	}
}

// TestForgedRaisingRowsCrowdNothingOut: which rows raise the approval
// is review's mark (Requirement.Raising), not the words of a row: a
// thousand members vetted by a method that reads "x loosened: y" are
// plain rows, and never crowd the real loosened policy out.
func TestForgedRaisingRowsCrowdNothingOut(t *testing.T) {
	var changes []string
	for i := range 2000 {
		changes = append(changes, fmt.Sprintf("+ pad%04d@example.org (member), vetted by bob on 2026-05-01 (x loosened: y)", i))
	}
	real := []string{"policy receivers loosened: max_members 100 -> 5000", "a kind of change not known yet"}
	v := review.Verdict{Requirements: []review.Requirement{{Kind: review.Owners, List: "reports", Need: 2, Eligible: []string{"ada", "bob"},
		Changes: append(changes, real...), Raising: real, Why: "needs approving reviews from 2 owners of reports (0 so far): @ada, @bob"}}}
	got := report.ReviewCommentMarkdown(report.ReviewHead{Base: "main"}, v)
	if n := utf8.RuneCountInString(got); n > 65536 || !rowsCut.MatchString(got) || strings.Contains(got, "raising the approvals needed") {
		t.Fatalf("comment of %d characters:\n%s", n, got[len(got)-600:])
	}
	for _, c := range real {
		if at, pad := strings.Index(got, "- "+report.MD(c)+"\n"), strings.Index(got, "pad0000"); at < 0 || at > pad {
			t.Errorf("%q is left out, or after the padding", c)
		}
	}
}

// TestNotesCrowdNoChangeOut: notes quote what the change's author wrote
// (the emails of a commit's Co-authored-by trailers), so a thousand of
// them never push a change, a requirement or who may approve it out of
// the comment: the notes that do not fit are left out, and counted.
func TestNotesCrowdNoChangeOut(t *testing.T) {
	var notes []string
	for i := range 1000 {
		notes = append(notes, fmt.Sprintf("a commit is by u%04d@unlinked.example, whom GitHub links to no account: any approver may have written it %s", i, strings.Repeat("x", 100)))
	}
	changes := []string{"+ mallory@example.org (member), vetted by bob on 2026-05-01 (video-call)", "+ zed@example.org (member)"}
	v := review.Verdict{OK: true, Requirements: []review.Requirement{
		{Kind: review.Owners, List: "reports", Need: 1, OK: true, Approved: []string{"ada"}, Eligible: []string{"ada", "bob"}, Changes: changes[:1], Raising: changes[:1]},
		{Kind: review.Admins, Need: 1, OK: true, Approved: []string{"root"}, Eligible: []string{"root"}, Changes: changes[1:]},
	}}
	got := report.ReviewCommentMarkdown(report.ReviewHead{Base: "main", PR: 5, Notes: notes}, v)
	if n := utf8.RuneCountInString(got); n > 65536 {
		t.Fatalf("comment of %d characters", n)
	}
	for _, want := range []string{report.MD(changes[0]), report.MD(changes[1]), "@ada", "@root", "u0000@unlinked.example", "more notes not shown"} {
		if !strings.Contains(got, want) {
			t.Errorf("the comment leaves out %q:\n%s", want, got[:min(len(got), 3000)])
		}
	}
}

// rowsCut matches the row that stands for a requirement's changes a
// comment leaves out.
var rowsCut = regexp.MustCompile(`more changes( \([^)]*\))? not shown`)

// TestPaddedRecordsCrowdNoMemberOut: thousands of vetting records, each
// a line its vetter attests to (a vetter who needs no access to the
// repository), never push out the line that puts someone on the list:
// who joins, leaves or changes role is kept before any record, and the
// row for what is left out says how many of those it hides (s16-19).
func TestPaddedRecordsCrowdNoMemberOut(t *testing.T) {
	var records []string
	for i := range 2500 {
		records = append(records, fmt.Sprintf("new vetting of carol@example.org by zz-sock on %s (video-call)", time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format("2006-01-02")))
	}
	join := "+ mallory@example.org (member), vetted by alice on 2026-02-01 (video-call)"
	v := review.Verdict{OK: true, Requirements: []review.Requirement{
		{Kind: review.Owners, List: "private", Need: 1, OK: true, Approved: []string{"alice"}, Eligible: []string{"alice", "bob"}, Changes: append(slices.Clone(records), join)},
		{Kind: review.Vetter, Vetter: "zz-sock", Need: 1, OK: true, Approved: []string{"zz-sock"}, Changes: records, Raising: records},
	}}
	got := report.ReviewCommentMarkdown(report.ReviewHead{Base: "main", PR: 9}, v)
	if n := utf8.RuneCountInString(got); n > 65536 || !rowsCut.MatchString(got) {
		t.Fatalf("comment of %d characters, cut: %v", n, rowsCut.MatchString(got))
	}
	private := got[strings.Index(got, "#### list private"):strings.Index(got, "#### vetter")]
	if !strings.Contains(private, "- "+report.MD(join)+"\n") {
		t.Errorf("the list's section leaves out who joins it:\n%s", private[:min(len(private), 2000)])
	}
}

// TestPaddedPassingCrowdsNoMailboxSwapOut: an entry given another
// mailbox is one person's seat given to another; hundreds of people
// listed and taken off by the change's own commits (±, as many as its
// author likes) never push that line out of the comment, and the cut
// row counts it (s16-19b finding 4).
func TestPaddedPassingCrowdsNoMailboxSwapOut(t *testing.T) {
	var changes []string
	for i := range 2000 {
		changes = append(changes, fmt.Sprintf("± guest%04d@example.org: listed by a commit of the change and taken off by a later one: merged with a merge commit, that takes them off public as roster reads history", i))
	}
	swap := "identity of vic@example.org: email vic@example.org -> mal2@example.org"
	changes = append(changes, swap)
	v := review.Verdict{OK: true, Requirements: []review.Requirement{
		{Kind: review.Owners, List: "public", Need: 1, OK: true, Approved: []string{"olivia"}, Eligible: []string{"olivia"}, Changes: changes},
	}}
	got := report.ReviewCommentMarkdown(report.ReviewHead{Base: "main", PR: 9}, v)
	if n := utf8.RuneCountInString(got); n > 65536 || !rowsCut.MatchString(got) {
		t.Fatalf("comment of %d characters, cut: %v", n, rowsCut.MatchString(got))
	}
	if !strings.Contains(got, "- "+report.MD(swap)+"\n") {
		t.Errorf("the swap is left out:\n%s", got[len(got)-600:])
	}
}
