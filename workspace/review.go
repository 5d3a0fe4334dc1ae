package workspace

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/regular"
	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/pullrequest"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/review"
)

// GitHubOptions say how to reach GitHub's REST API: as GitHub Actions
// sets $GITHUB_API_URL, $GITHUB_REPOSITORY and $GITHUB_TOKEN.
type GitHubOptions struct {
	API, Repo, Token string
	// Login is roster's own identity, whose comment and issue it keeps;
	// "" asks GitHub for the token's (pullrequest.Client.Login):
	// github-actions[bot] for an Actions token, which GET /user does not
	// answer, a personal token's user otherwise.
	Login string
	// CallTimeout bounds one HTTP exchange with GitHub (0: the client's
	// default, pullrequest.DefaultTimeout).
	CallTimeout time.Duration
}

func (g GitHubOptions) client(ua string, log *slog.Logger) (*pullrequest.Client, error) {
	if g.API == "" {
		g.API = "https://api.github.com"
	}
	if err := pullrequest.CheckAPI(g.API); err != nil {
		return nil, err
	}
	if g.Repo == "" {
		return nil, fmt.Errorf("GitHub needs GITHUB_REPOSITORY (owner/name), as GitHub Actions sets it")
	}
	return &pullrequest.Client{API: g.API, Repo: g.Repo, Token: g.Token, UserAgent: ua, Log: log, Timeout: g.CallTimeout}, nil
}

// forWriting refuses options that cannot write to GitHub, naming every
// variable that is missing, and a --github-login no account has.
func (g GitHubOptions) forWriting() error {
	if err := g.checkLogin(); err != nil {
		return err
	}
	var missing []string
	if g.Repo == "" {
		missing = append(missing, "GITHUB_REPOSITORY (owner/name)")
	}
	if g.Token == "" {
		missing = append(missing, "GITHUB_TOKEN (with issues: write)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("GitHub needs %s, as GitHub Actions sets them", strings.Join(missing, " and "))
	}
	return nil
}

// checkLogin refuses a --github-login that names no GitHub account: no
// issue or comment is ever written as it, so every run would write
// another, found by none.
func (g GitHubOptions) checkLogin() error {
	if g.Login == "" {
		return nil
	}
	if err := pullrequest.CheckLogin(g.Login); err != nil {
		return fmt.Errorf("--github-login: %w; pass the login the token writes as, or drop the flag for the token's own", err)
	}
	return nil
}

// self is roster's own login: Login when given, else the token's. A
// personal token writes as its user, whom GitHub names: a Login that is
// not theirs is refused before anything is written as the user, since
// every run would write another issue or comment, found by none. (An
// installation token's bot is not named; a write reveals it.)
func (g GitHubOptions) self(ctx context.Context, gh *pullrequest.Client) (string, error) {
	if g.Login == "" {
		return gh.Login(ctx)
	}
	if err := g.checkLogin(); err != nil {
		return "", err
	}
	user, err := gh.TokenUser(ctx)
	if err != nil {
		return "", err
	}
	if user != "" && !strings.EqualFold(user, g.Login) {
		return "", fmt.Errorf("--github-login %s, but the token is %s's, who writes every issue and comment it writes: pass --github-login %s, or drop the flag; nothing was written", shell.Quote(g.Login), user, shell.Quote(user))
	}
	return g.Login, nil
}

// written is err, the outcome of a write to GitHub, with what to do when
// GitHub says it was made as another login than roster's own (the next
// run would not find it, and would write another), or when roster's
// marker is on what another bot wrote (an earlier run's, most likely).
func written(err error) error {
	var wl *pullrequest.WrongLoginError
	if errors.As(err, &wl) {
		return fmt.Errorf("%w; run with --github-login %s (the token's login), or with the job's own GITHUB_TOKEN", err, shell.Quote(wl.Author))
	}
	var le *pullrequest.LeftoverError
	if errors.As(err, &le) {
		return fmt.Errorf("%w; if the token writes as %s, run with --github-login %s; if not, close or delete it (%s)", err, le.Author, shell.Quote(le.Author), le.URL)
	}
	return err
}

// ReviewOptions configure Review.
type ReviewOptions struct {
	File string
	// Base is the revision the change is against (required).
	Base string
	// Head is the revision of the change; "" is the working tree (or,
	// with PR, HEAD).
	Head   string
	Format report.Format
	// ApprovedBy are approvals given by hand, for a review outside a
	// pull request.
	ApprovedBy []string
	// Author is the change's author, for a review outside a pull request.
	Author string
	// PR reads the author, the commit authors and the approvals from the
	// pull request; Comment posts the review there, and PlanFile (a
	// roster plan --format markdown) as the plan comment beside it.
	PR       int
	GitHub   GitHubOptions
	Comment  bool
	PlanFile string
}

// Review decides who must approve a change and whether they have: the
// owners of every list it touches, two of them for a new owner or a
// loosened policy, one of the admins for a new list or address, and each
// new record's vetter; never the change's own authors. It fails until
// the change is approved.
func (w *Workspace) Review(ctx context.Context, o ReviewOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	if o.Comment {
		if err := o.GitHub.checkLogin(); err != nil {
			return err
		}
	}
	reviewed := false
	err := w.review(ctx, o, &reviewed)
	if err != nil && !reviewed && o.Comment && o.PR > 0 {
		// The comment of an earlier run would still say what it
		// decided of an earlier head ("Approved"): it says now that
		// this head was not reviewed, and why.
		w.commentNotReviewed(ctx, o, err)
	}
	return err
}

// review is Review; reviewed is set once the change is decided, before
// the verdict is printed or posted.
func (w *Workspace) review(ctx context.Context, o ReviewOptions, reviewed *bool) error {
	dir, name := w.gitPath(ctx, o.File)
	// The members file at the base: a list moved into it from another
	// file is a new list, which an admin approves, and the other file's
	// owners at the base too (formerLists). The other file's older
	// history says nothing to the gate (a pull request that left the
	// members file alone may have planted it), nor do the moves of the
	// change under review (the checkout may be the pull request).
	base, broken, err := w.baseOf(ctx, dir, name, o.Base, "")
	if err != nil {
		return err
	}
	headRev := o.Head
	if headRev == "" && o.PR > 0 {
		headRev = "HEAD"
	}
	var head *members.File
	if headRev != "" {
		// The head must hold the members file where sync and the
		// workflows read it, as a file: a change that moves, deletes or
		// links it would pass review against the file it followed to,
		// and leave sync reading nothing (or another text).
		switch err := history.CheckRegular(ctx, dir, name, headRev); {
		case errors.Is(err, history.ErrNoFileAt) && o.Base != "" && errors.Is(history.CheckRegular(ctx, dir, name, o.Base), history.ErrNoFileAt):
			// Not there at the base either: the path is one the file
			// came to later, not one the change leaves.
			return fmt.Errorf("neither %s nor %s has %s at that path (moved there since?), so nothing was reviewed; pass the path the file had then with --file", o.Base, headRev, o.File)
		case errors.Is(err, history.ErrNoFileAt):
			return fmt.Errorf("%s: the change moves or deletes %s, which sync and the workflows read at that path, so nothing was reviewed; moving the members file is an admin's change, with the workflows' --file, outside review", headRev, o.File)
		case err != nil:
			return fmt.Errorf("--head %s: %w; nothing was reviewed", headRev, err)
		}
		if head, _, err = w.parsed(ctx, Source{Path: o.File, Rev: headRev}, "nothing was reviewed"); err != nil {
			return err
		}
		if err := checkSnapshotsAt(ctx, dir, headRev, head); err != nil {
			return err
		}
		// The members file and every export, in one listing of the tree.
		read := append([]string{name}, snapshotsOf(head)...)
		folded, err := history.FoldedNames(ctx, dir, headRev, read...)
		if err != nil {
			return fmt.Errorf("--head %s: %w; nothing was reviewed", headRev, err)
		}
		for i, p := range read {
			if len(folded[p]) == 0 {
				continue
			}
			what := o.File
			if i > 0 {
				what = "the snapshot " + p
			}
			return fmt.Errorf("%s: the change holds %s, whose name folds to %s or a .gitattributes on its path: on a filesystem that folds names (macOS, Windows), a checkout writes it over the file git holds, so nothing was reviewed; rename it", headRev, strings.Join(folded[p], ", "), what)
		}
	} else if head, _, err = w.parsed(ctx, Source{Path: o.File}, "nothing was reviewed"); err != nil {
		return err
	}
	// Outside a pull request, whoever runs review names the author and
	// the approvals: the author they name vouches for the change.
	in := review.Input{Base: base, Head: head, Author: o.Author, AuthorVouches: o.Author != "", Approvals: o.ApprovedBy, At: w.today(), BaseBroken: broken}
	baseStops := w.newErrors(ctx, o, base, head, headRev, &in)
	if in.Attributes, err = history.AttributesChanged(ctx, dir, name, o.Base, headRev, snapshotsOf(head)...); err != nil {
		return fmt.Errorf("cannot tell whether the change edits .gitattributes, which decides how %s is checked out, so nothing was reviewed: %w", name, err)
	}
	if in.Former, in.Elsewhere, err = w.formerLists(ctx, dir, name, o.Base, headRev, base, head); err != nil {
		return fmt.Errorf("cannot tell whether a list of the change takes back a group the file managed before, or one another members file manages, so nothing was reviewed: %w", err)
	}
	if in.Passing, in.PassingElsewhere, in.RoundTrips, err = passing(ctx, dir, name, o.Base, headRev, base, head); err != nil {
		return fmt.Errorf("cannot tell whom the change's own commits listed on the way, which sync counts once it is merged, so nothing was reviewed: %w", err)
	}
	if in.Snapshots, err = w.snapshotsChanged(ctx, dir, name, o.Base, headRev, head); err != nil {
		return fmt.Errorf("cannot tell whether the change edits a csv list's snapshot, which roster reads as the group's members, so nothing was reviewed: %w", err)
	}
	h := report.ReviewHead{Base: o.Base, Head: headRev, PR: o.PR}
	if others := w.otherFilesNaming(ctx, dir, name, o.Base, headRev, head); len(others) > 0 {
		h.Notes = append(h.Notes, fmt.Sprintf("%s, which this change adds or edits, %s a list for a group %s manages: no file this review gates, and none sync reads, but one whose lists history and the gate follow when a list moves from it into %s; have an admin read %s",
			strings.Join(others, ", "), words.Pick(len(others), "holds", "hold"), name, name, words.Pick(len(others), "it", "them")))
	}
	if baseStops > 0 {
		h.Notes = append(h.Notes, fmt.Sprintf("%s at the base already %s every sync, and the change leaves %s (%s names %s): sync stays stopped until a change fixes %s", words.Plural(baseStops, "error"), words.Pick(baseStops, "stops", "stop"), words.Pick(baseStops, "it", "them"), w.hint("validate"), words.Pick(baseStops, "it", "them"), words.Pick(baseStops, "it", "them")))
	}
	var gh *pullrequest.Client
	if o.PR > 0 {
		if gh, err = o.GitHub.client(w.env.UserAgent, w.env.Logger); err != nil {
			return err
		}
		if err := w.fromPullRequest(ctx, gh, o, dir, headRev, base, &in, &h); err != nil {
			return err
		}
	}
	v := review.Decide(in)
	*reviewed = true
	var commented error
	if o.Comment {
		// Before the review is printed, which then says what became of
		// the comments: a script reading it learns why the run failed.
		h.Comment = &report.Posted{}
		if commented = w.comment(ctx, gh, o, h, v, h.Comment); commented != nil {
			h.Comment.Error = commented.Error()
		}
	}
	if err := report.Review(w.out, o.Format, h, v); err != nil {
		return err
	}
	if commented != nil {
		return commented
	}
	if !v.OK {
		return w.failed("the change is not approved yet")
	}
	return nil
}

// snapshotsOf returns the snapshot paths of f's csv lists.
func snapshotsOf(f *members.File) []string {
	var out []string
	for _, l := range f.Lists {
		if l.Provider == members.ProviderCSV && l.Snapshot != "" && !slices.Contains(out, l.Snapshot) {
			out = append(out, l.Snapshot)
		}
	}
	return out
}

// checkSnapshotsAt refuses a head whose csv snapshots are not files sync
// would read as review reads them: a link, or under one (git holds its
// text, a checkout follows it). Folded names are checked with the
// members file's (FoldedNames).
func checkSnapshotsAt(ctx context.Context, dir, rev string, f *members.File) error {
	for _, s := range snapshotsOf(f) {
		if err := history.CheckRegular(ctx, dir, s, rev); errors.Is(err, history.ErrNotRegular) {
			return fmt.Errorf("--head %s: snapshot %w; nothing was reviewed", rev, err)
		}
	}
	return nil
}

// otherFilesNaming names the other members files the change adds or
// edits (between base and head) that, at head, hold a list for a group
// head's lists manage: planted today, such a file is what a later change
// moving a list from it is judged against. None when that cannot be
// read: the note is advice, the gate's verdict is review's.
func (w *Workspace) otherFilesNaming(ctx context.Context, dir, name, base, head string, f *members.File) []string {
	if head == "" || f == nil || len(f.Lists) == 0 {
		return nil
	}
	var groups []string
	for _, l := range f.Lists {
		groups = append(groups, members.IdentityOf(l.Address))
	}
	found, err := history.ListsElsewhereAt(ctx, dir, name, head, head, groups)
	if err != nil || len(found) == 0 {
		return nil
	}
	var paths []string
	for _, mv := range found {
		if !slices.Contains(paths, mv.Path) {
			paths = append(paths, mv.Path)
		}
	}
	changed, err := history.ChangedPaths(ctx, dir, name, base, head, paths)
	if err != nil {
		return nil
	}
	return changed
}

// snapshotsChanged returns the ids of head's csv lists whose snapshot
// file differs between base and head.
func (w *Workspace) snapshotsChanged(ctx context.Context, dir, name, base, head string, f *members.File) ([]string, error) {
	paths := snapshotsOf(f)
	if len(paths) == 0 {
		return nil, nil
	}
	changed, err := history.SiblingsChanged(ctx, dir, name, base, head, paths)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, l := range f.Lists {
		if l.Provider == members.ProviderCSV && slices.Contains(changed, l.Snapshot) {
			ids = append(ids, l.ID)
		}
	}
	return ids, nil
}

// fromPullRequest reads the pull request: its author and every commit
// author (who never count), the approvals of its head commit by users
// who may write (who do), and the approvals of the head by others (which
// let a vetter attest). The revision reviewed must be the pull request's
// head, or a merge whose second parent it is: otherwise approvals of one
// commit would be applied to the contents of another.
func (w *Workspace) fromPullRequest(ctx context.Context, gh *pullrequest.Client, o ReviewOptions, dir, headRev string, base *members.File, in *review.Input, h *report.ReviewHead) error {
	pr, err := gh.PullRequest(ctx, o.PR)
	if err != nil {
		return err
	}
	if pr.BaseRef != pr.DefaultBranch {
		// Reviewed against a branch its author chose (one a writer
		// pushed the change to beforehand), the change shows nothing,
		// and the check would pass on the commit that is then merged
		// into the default branch by another pull request.
		return fmt.Errorf("pull request #%d targets branch %s, not %s, the repository's default branch, which sync reads: roster review gates changes to %s only, so nothing was reviewed; retarget the pull request to %s", o.PR, pr.BaseRef, pr.DefaultBranch, pr.DefaultBranch, pr.DefaultBranch)
	}
	commit, err := history.ResolveRevision(ctx, dir, headRev)
	if err != nil {
		return fmt.Errorf("--head %s: %w", headRev, err)
	}
	if commit != pr.HeadSHA {
		second, err := history.ResolveRevision(ctx, dir, commit+"^2")
		if err != nil || second != pr.HeadSHA {
			return fmt.Errorf("--head %s is %s, which is neither pull request #%d's head commit %s nor a merge of it; fetch the pull request again (it may have moved) and review that", headRev, history.ShortCommit(commit), o.PR, history.ShortCommit(pr.HeadSHA))
		}
	}
	h.Head = pr.HeadSHA
	in.Author = pr.Author
	// A merge of the base branch into the change that brings nothing
	// but the base (GitHub's "Update branch", which branch protection's
	// "up to date" asks for) is no part of the change its clicker wrote:
	// an owner who clicked it still approves.
	wrote := *pr
	wrote.Commits = slices.DeleteFunc(slices.Clone(pr.Commits), func(c pullrequest.Commit) bool {
		if !c.Merge || !history.CleanMerge(ctx, dir, c.SHA, o.Base) {
			return false
		}
		by := c.Author.Login
		if by == "" {
			by = report.Line(c.Author.Email)
		} else {
			by = "@" + by
		}
		h.Notes = append(h.Notes, fmt.Sprintf("commit %s, by %s, merges the base branch into the change and brings nothing else (as GitHub's Update branch does): its author is not counted as writing the change", history.ShortCommit(c.SHA), by))
		return true
	})
	in.CommitAuthors = wrote.Contributors()
	in.AuthorVouches = wrote.OwnCommits()
	// A commit whose git email GitHub links to no account may be anyone's:
	// git takes whatever email its writer types, and any number of
	// people may write under one, so an owner can write a commit under
	// another member's address, or a made-up one, and still approve. No
	// approval counts while there is one, whether or not the file knows
	// the email; a member the file gives it to is, besides, not counted
	// (it may be theirs).
	var unlinked, given, givenTo []string
	for _, email := range wrote.UnknownContributors() {
		in.UnknownAuthors = append(in.UnknownAuthors, email)
		if m := base.FindMember(email); m != nil && m.GitHub != "" {
			in.CommitAuthors = append(in.CommitAuthors, m.Handle())
			given, givenTo = append(given, email), append(givenTo, "@"+m.Handle())
			continue
		}
		unlinked = append(unlinked, email)
	}
	// One note for each kind, however many trailers the commits carry:
	// they are the author's to write, and a note each would push the
	// change itself out of the comment.
	if len(given) > 0 {
		h.Notes = append(h.Notes, fmt.Sprintf("%s by %s, whom GitHub links to no account: the file gives %s to %s, who do not count, but anyone can type an email in git, so any approver may have written them and no approval counts until GitHub knows who wrote every commit; add each email to its GitHub account to lift this (for a Co-authored-by trailer, write the co-author's GitHub noreply address)", commitsAre(len(given)), review.AbridgedQuoted(given), pronoun(len(given)), review.Abridged(givenTo)))
	}
	if len(unlinked) > 0 {
		h.Notes = append(h.Notes, fmt.Sprintf("%s by %s, whom GitHub links to no account: any approver may have written them, so no approval counts until GitHub knows who wrote every commit; add each email to its GitHub account to lift this (for a Co-authored-by trailer, write the co-author's GitHub noreply address)", commitsAre(len(unlinked)), review.AbridgedQuoted(unlinked)))
	}
	// Only who may count is looked up: the people each requirement
	// names as eligible, read from a verdict with no approvals yet
	// (eligibility is the files' and the authors', never the
	// approvals'). On a public repository anyone may approve, and a
	// look-up each would spend the token's hourly budget.
	seats := map[string]bool{}
	for _, r := range review.Decide(*in).Requirements {
		for _, h := range r.Eligible {
			seats[members.HandleKey(h)] = true
		}
	}
	// And the change's authors, whom a requirement leaves out of its
	// eligible: an owner who wrote part of the change is told so, not
	// told they hold no seat.
	for _, h := range append([]string{in.Author}, in.CommitAuthors...) {
		seats[members.HandleKey(h)] = true
	}
	ap, err := gh.ApprovalsOf(ctx, pr, func(login string) bool { return seats[members.HandleKey(login)] })
	if err != nil {
		return err
	}
	for _, a := range ap.Counted {
		in.Approvals = append(in.Approvals, a.Login)
	}
	// One note per reason, however many reviewers share it: anyone who
	// can read the repository can approve, and eight hundred notes would
	// push the change out of the comment.
	var reasons []string
	byReason := map[string][]string{}
	for _, a := range ap.NotCounted {
		// A vetter without write access attests by approving the head;
		// an app's bot account is nobody's word (as a bot's pull
		// request is not).
		if a.Reason == pullrequest.NoWriteAccess && a.CommitID == pr.HeadSHA && a.Permission != "bot" {
			in.Attestations = append(in.Attestations, a.Login)
		}
		why := a.Why()
		if byReason[why] == nil {
			reasons = append(reasons, why)
		}
		byReason[why] = append(byReason[why], "@"+a.Login)
	}
	for _, why := range reasons {
		if logins := byReason[why]; len(logins) == 1 {
			h.Notes = append(h.Notes, fmt.Sprintf("%s's approval does not count: %s", logins[0], why))
		} else {
			h.Notes = append(h.Notes, fmt.Sprintf("the approvals of %s do not count: %s", review.Abridged(logins), why))
		}
	}
	return nil
}

// comment posts the review on the pull request, and, when the run has a
// plan (--plan), the plan in a comment of its own.
//
// Both are written whole, from what this run made: neither reads
// anything back from a comment. The comments are found by roster's login
// and marker, and that login (github-actions[bot]) is every workflow's
// in the repository: any of them can write a comment roster then finds,
// or edit roster's. Copying a part of it forward (the plan of a run with
// none, on a review) would republish under roster's name what another
// workflow wrote, so a run without a plan leaves the plan comment alone
// and the review comment holds no plan.
//
// What each write did goes into posted.
func (w *Workspace) comment(ctx context.Context, gh *pullrequest.Client, o ReviewOptions, h report.ReviewHead, v review.Verdict, posted *report.Posted) error {
	planned, plan := o.PlanFile != "", ""
	if planned {
		data, err := regular.ReadFile(w.path(o.PlanFile))
		if err != nil {
			return fmt.Errorf("--plan: %w", err)
		}
		plan = string(data)
	}
	self, err := o.GitHub.self(ctx, gh)
	if err != nil {
		return err
	}
	// What was written goes into posted even when the write failed after
	// it (a comment created as another login): the JSON says it exists.
	res, err := gh.UpsertComment(ctx, o.PR, self, report.ReviewMarker, report.ReviewCommentMarkdown(h, v))
	posted.Review, posted.ReviewURL = string(res.Outcome), res.URL
	if err != nil {
		return written(err)
	}
	w.notef("review %s on pull request #%d", res.Outcome, o.PR)
	if !planned {
		return nil
	}
	res, err = gh.UpsertComment(ctx, o.PR, self, report.PlanMarker, report.PlanCommentMarkdown(history.ShortCommit(h.Head), plan))
	posted.Plan, posted.PlanURL = string(res.Outcome), res.URL
	if err != nil {
		return written(err)
	}
	w.notef("plan %s on pull request #%d", res.Outcome, o.PR)
	return nil
}

// commitsAre begins a note on n emails of the change's commits.
func commitsAre(n int) string {
	if n == 1 {
		return "a commit is"
	}
	return fmt.Sprintf("commits are, under %d emails,", n)
}

// pronoun names n emails the file gives to members.
func pronoun(n int) string {
	if n == 1 {
		return "that email"
	}
	return "those emails"
}
