package workspace

import (
	"context"

	"github.com/roster-dev/roster/report"
)

// commentNotReviewed replaces the pull request's review comment with one
// that says its head could not be reviewed, and why (err): a comment
// left from a run on an earlier head would go on saying "Approved" of
// a change that is no longer the pull request's. What cannot be written
// is said on stderr; the run fails with err either way.
func (w *Workspace) commentNotReviewed(ctx context.Context, o ReviewOptions, cause error) {
	gh, err := o.GitHub.client(w.env.UserAgent, w.env.Logger)
	if err != nil {
		return
	}
	self, err := o.GitHub.self(ctx, gh)
	if err != nil {
		w.notef("note: the review comment on pull request #%d still says what an earlier run decided: %v", o.PR, err)
		return
	}
	head := ""
	if pr, err := gh.PullRequest(ctx, o.PR); err == nil {
		head = pr.HeadSHA
	}
	res, err := gh.UpsertComment(ctx, o.PR, self, report.ReviewMarker, report.NotReviewedMarkdown(head, cause.Error()))
	if err != nil {
		w.notef("note: the review comment on pull request #%d still says what an earlier run decided: %v", o.PR, written(err))
		return
	}
	w.notef("review %s on pull request #%d: not reviewed", res.Outcome, o.PR)
}
