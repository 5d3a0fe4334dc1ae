package main

import (
	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// commands are roster's commands, in the order --help lists them. Each
// reads its options (options.go) and makes one call.
func commands(e *env) []spec {
	return append(append([]spec{
		{
			name:      "validate",
			usage:     "check members.toml against every list's policy",
			usageText: "roster validate [--file PATH] [--format text|json|github] [--at YYYY-MM-DD] [--base REV] [--head REV]",
			description: `Parses the file strictly (unknown keys, wrong types and duplicate tables
are errors) and applies every policy: capacity, owners, required fields,
domains, duplicate mailboxes, and a qualifying vetting record for every
member on every list. Reports every problem at once, each with file:line:col.

A lapsed vetting record is a warning for someone already on the list
(they stay until re-vetted) and an error for someone being added. Who was
already on each list is the file at --base; without it, the file as
committed at HEAD. In CI, pass the pull request's base.

  roster validate
  roster validate --format github --base origin/main    # annotations on a PR
  roster validate --head refs/roster/pr --base HEAD      # a PR the review workflow fetched (git fetch origin pull/N/merge:refs/roster/pr), as data
  roster validate --at 2027-01-01                        # what will have lapsed by then

Exit status 0 when clean (warnings allowed), 1 on any error.`,
			flags: []cli.Flag{
				fileFlag(),
				newFormatFlag("`FORMAT`: text, json or github (workflow annotations)", report.Text, report.JSON, report.GitHub),
				&cli.StringFlag{Name: "at", Usage: "evaluate vetting as of `DATE` (YYYY-MM-DD) instead of today"},
				&cli.StringFlag{Name: "base", Usage: "the revision `REV` the change is against (who was already on each list); default HEAD"},
				&cli.StringFlag{Name: "head", Usage: "validate the file as committed at `REV` (read as data) instead of the working tree"},
			},
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseValidate(e, c)
				if err != nil {
					return err
				}
				return ws.Validate(c.Context, o)
			},
		},
		{
			name:      "plan",
			usage:     "show what sync would change on the live groups",
			usageText: "roster plan [--file PATH] [--list ID]... [--format text|json|markdown] [--out plan.json] [--changed-since 2h] [--base REV [--head REV]] [--emulator | --endpoint URL]",
			description: `Reads every selected list's live group (one members.list call per 200
members) and prints the adds, removals and role changes that would make it
match members.toml, the group settings its policy pins, and who changed
the group by hand. Never writes.

With --base, it is the pull-request plan: lists whose group or provider
the change sets are not read, nor group settings; only the read-only
scope is asked for.

  roster plan --emulator                  # try it with no Google account
  roster plan --format markdown           # a pull-request comment
  roster plan --out plan.json             # for roster apply plan.json

Exit status: 0 nothing to do, 2 changes pending that sync would make,
1 an error, or a plan sync would not carry out whole (a change shown
BLOCKED, a refusal, a group missing that sync does not create, a problem
no change fixes).`,
			flags: append(append([]cli.Flag{
				fileFlag(),
				newFormatFlag("`FORMAT`: text, json or markdown", report.Text, report.JSON, report.Markdown),
				&cli.StringFlag{Name: "out", Usage: "also save the plan to `FILE` for roster apply (written for its owner only)"},
				&cli.StringFlag{Name: "base", Usage: "plan a pull request against the revision `REV`: only lists whose group the base has, no settings, read-only scope"},
				&cli.StringFlag{Name: "head", Usage: "plan the file as committed at `REV` (a fetched pull request), read as data"},
				attributionFlag(),
				changedSinceFlag(),
			}, liveFlags()...), guardFlags()...),
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parsePlan(e, c)
				if err != nil {
					return refused(e, c, ws, "plan", err)
				}
				return ws.Plan(c.Context, o)
			},
		},
		{
			name:      "sync",
			usage:     "make the live groups match members.toml (the scheduled job)",
			usageText: "roster sync [--file PATH] [--list ID]... [--dry-run] [--changed-since 2h] [--max-removals N] [--max-removal-ratio F] [--concurrency N] [--rate R] [--emulator | --endpoint URL]",
			description: `Validates the file and refuses to touch anything while its structure is
broken; an unvetted addition never reaches a live group. Then it plans
every selected list and applies the plan: a missing group with create =
true is created with its policy's settings pinned first (Google's open
defaults if it pins none, with a warning); adds and promotions come
before removals and demotions (but on a list at its max_members, the
members' removals that make room come first), never below a list's
min_owners. A run
that would remove more than --max-removals members in all is refused
before any write; a group that would lose more than --max-removal-ratio
of its members has its changes held back, and the other lists go ahead.

Calls are rate-limited under Google's quota, each with a deadline, and
retried with backoff on 429, rate-limit 403s and 5xx. "Already a member"
on add and "not found" on remove count as done, so a run killed at any
point, or two runs at once, converge when run again. One failing list
does not stop the others.

  roster sync --emulator                    # the example, against an emulated domain
  roster sync --changed-since 2h            # hourly: only the lists that changed
  roster sync --max-removals 20             # an intended large clean-up

Exit status: 0 all done, 1 anything failed or was refused, 3 done but
unvetted people sit on a list: people the file does not name (unmanaged =
"report"), or people it names without a record that admits them, who got
on by hand; 130 interrupted (--dry-run: 2 when changes are pending).`,
			flags: append(append([]cli.Flag{
				fileFlag(),
				newFormatFlag("`FORMAT` of the report on stdout: text or json", report.Text, report.JSON),
				&cli.BoolFlag{Name: "dry-run", Usage: "plan only; change nothing (the same as roster plan)"},
				attributionFlag(),
				changedSinceFlag(),
			}, liveFlags()...), guardFlags()...),
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseSync(e, c)
				if err != nil {
					return refused(e, c, ws, "sync", err)
				}
				return ws.Sync(c.Context, o)
			},
		},
		{
			name:      "apply",
			usage:     "apply a plan saved with roster plan --out, if it still holds",
			usageText: "roster apply [--file PATH] [--format text|json] [--concurrency N] [--no-attribution] [--emulator | --endpoint URL] PLAN.json",
			description: `Applies a saved plan only if nothing it was computed from has changed:
the plan is recomputed now and applied only if it is the same, so an
edited plan file cannot add anyone. Otherwise it changes nothing and says
what moved; make a new plan. The guards apply as in sync.

  roster plan --out plan.json      # reviewed, e.g. as a CI artifact
  roster apply plan.json

Exit status: 0 applied, 1 refused or anything failed, 3 applied but
unvetted people sit on a list (as for sync), 130 interrupted.`,
			minArgs: 1, maxArgs: 1, argsHint: "PLAN.json",
			flags: append(append([]cli.Flag{
				fileFlag(),
				newFormatFlag("`FORMAT` of the report: text or json", report.Text, report.JSON),
				attributionFlag(),
			}, applyLiveFlags()...), guardFlags()...),
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseApply(e, c)
				if err != nil {
					return refused(e, c, ws, "apply", err)
				}
				return ws.Apply(c.Context, o)
			},
		},
	}, editCommands(e)...), []spec{
		{
			name:      "history",
			usage:     "membership events over the git history of members.toml",
			usageText: "roster history [--file PATH] [--list ID]... [--member EMAIL] [--since REV|DATE] [--until REV|DATE] [--format text|json|csv]",
			description: `Lists every membership change on the main line, oldest first: added,
removed, role_changed, and vetted, each with the date it landed, the
commit, its author and subject. Follows the file across renames and moves;
a list moved to another members file takes its people with it (each such
removal names the file: moved_to).
With --list, only what concerns those lists.

  roster history --member ada@example.org
  roster history --list security-reports --since 2026-11-01 --format csv

Exit status 0, 1 on an error (not in git, a revision or date git does not know).`,
			flags: []cli.Flag{
				fileFlag(),
				newFormatFlag("`FORMAT`: text, json or csv", report.Text, report.JSON, report.CSV),
				listFlag("only the list `ID` (repeatable)"),
				&cli.StringFlag{Name: "member", Usage: "only the member `EMAIL` (any spelling of the mailbox)"},
				&cli.StringFlag{Name: "since", Usage: "only commits after `REV` or on or after DATE (YYYY-MM-DD)"},
				&cli.StringFlag{Name: "until", Usage: "only commits up to `REV` or DATE"},
			},
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseHistory(e, c)
				if err != nil {
					return err
				}
				return ws.History(c.Context, o)
			},
		},
		{
			name:      "diff",
			usage:     "membership difference between two revisions",
			usageText: "roster diff [--file PATH] [--list ID]... [--format text|json|markdown] [--exit-code] REV [REV2]",
			description: `Compares who is on each list at REV and at REV2 (default: the working
tree), with the vetting notes of everyone added. A revision is a commit,
branch or tag, or a date (the file as it was at the end of that day;
today or a later day: the file as it is now, uncommitted changes
included, as audit --at reads it).

  roster diff main                       # what this branch changes
  roster diff 2026-11-24 HEAD --format markdown
  roster diff HEAD --exit-code           # 0 the same, 1 differs, 2 an error

Exit status 0, 1 on an error (a revision git does not know, a file that
does not parse); with --exit-code: 0 the same, 1 differs, 2 an error, as
diff(1).`,
			minArgs: 1, maxArgs: 2, argsHint: "REV [REV2]", troubleFlag: "exit-code",
			flags: []cli.Flag{
				fileFlag(),
				newFormatFlag("`FORMAT`: text, json or markdown", report.Text, report.JSON, report.Markdown),
				listFlag("only the list `ID` (repeatable)"),
				&cli.BoolFlag{Name: "exit-code", Usage: "exit 1 when the membership differs and 2 on an error, as diff(1)"},
			},
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseDiff(e, c)
				if err != nil {
					return err
				}
				return ws.Diff(c.Context, o)
			},
		},
		{
			name:      "show",
			usage:     "membership as it was at a revision or date",
			usageText: "roster show --at REV|DATE [--file PATH] [--list ID]... [--format text|json|csv]",
			description: `Prints who was on each list, with which role and who vetted them, as the
file stood at a commit or at the end of a day. Today, or a day to come,
has not ended: it is the file as it is now, uncommitted changes
included, as audit --at reads it. A commit named whose file does not
parse is refused; a day whose last commit does not parse reads the
last one before it that does.

  roster show --at 2026-11-30 --list security-reports

Exit status 0, 1 on an error (not in git, a revision or date git does not know).`,
			flags: []cli.Flag{
				fileFlag(),
				newFormatFlag("`FORMAT`: text, json or csv", report.Text, report.JSON, report.CSV),
				&cli.StringFlag{Name: "at", Usage: "the `REV` or DATE (YYYY-MM-DD) to show"},
				listFlag("only the list `ID` (repeatable)"),
			},
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseShow(e, c)
				if err != nil {
					return err
				}
				return ws.Show(c.Context, o)
			},
		},
		{
			name:      "audit",
			usage:     "lapsed vetting, capacity, owners, and drift from the live groups",
			usageText: "roster audit [--file PATH] [--list ID]... [--at DATE] [--upcoming 30d] [--live [--changed-since 2h] [--no-attribution]] [--github-issue] [--format text|json|markdown|csv] [--emulator | --endpoint URL]",
			description: `Reports, for every list: vetting that has lapsed or lapses within
--upcoming (per vetter), members with no qualifying vetting, size and
owners against the policy, and members on no list. With --live, also the
drift between the file and the live groups, with who made each change by
hand. With --github-issue, keeps one issue of the repository up to date
with the records that lapse, mentioning each vetter, and closes it when
nothing is due (GITHUB_TOKEN, GITHUB_REPOSITORY).

  roster audit --upcoming 60d
  roster audit --live --format markdown
  roster audit --format csv > vetting.csv     # one row per finding, for a spreadsheet

Exit status 1 when it finds something policy forbids; notices do not.`,
			flags: append([]cli.Flag{
				fileFlag(),
				newFormatFlag("`FORMAT`: text, json, markdown or csv", report.Text, report.JSON, report.Markdown, report.CSV),
				&cli.StringFlag{Name: "at", Usage: "audit as of `DATE` (YYYY-MM-DD) instead of today: a day gone by audits the file as it stood then; a later day, today's file with what will have lapsed by then"},
				&cli.StringFlag{Name: "upcoming", Value: "30d", Usage: "list records that lapse within `WINDOW` (days, weeks or years: 30d, 12w, 1y)"},
				&cli.BoolFlag{Name: "live", Usage: "also compare with the live groups (read-only), with who changed them by hand"},
				&cli.BoolFlag{Name: "github-issue", Usage: "keep one GitHub issue up to date with the records that lapse"},
				attributionFlag(),
				changedSinceFlag(),
			}, append(liveFlags(), githubFlags()...)...),
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseAudit(e, c)
				if err != nil {
					return err
				}
				return ws.Audit(c.Context, o)
			},
		},
		{
			name:      "review",
			usage:     "who must approve a change to the lists, and whether they have",
			usageText: "roster review --base REV [--head REV] [--approved-by HANDLE]... [--format text|json|markdown] [--github-pr N [--comment [--plan FILE]]]",
			description: `Compares members.toml at --base with --head (default: the working tree)
and decides who must approve the change, from the base alone: an owner of
each list whose members, roles or vetting records change; the owners of
every list concerned when the email or github of an owner, manager or
vetter changes; two owners (or the policy's approvals) for a new owner or
manager, an owner removed, or a loosened policy; one of the file's admins
for a new list, address, provider, policy, rename, or change to admins;
and, for each new vetting record, the vetter it names. The change's author
and the authors of its commits never count.

With --github-pr, the author, the commit authors and the approvals are
read from the pull request: only each reviewer's latest review (a later
plain comment aside), APPROVED, on the head commit, by someone with write
access. --comment posts the
review as one comment of roster's own login, updated on every push.

  roster review --base origin/main --approved-by ada-example
  roster review --base HEAD --head refs/roster/pr --github-pr 42 --comment

Exit status 0 when approved, 1 otherwise.`,
			flags: append([]cli.Flag{
				fileFlag(),
				newFormatFlag("`FORMAT`: text, json or markdown", report.Text, report.JSON, report.Markdown),
				&cli.StringFlag{Name: "base", Usage: "the revision `REV` the change is against (required)"},
				&cli.StringFlag{Name: "head", Usage: "the revision `REV` of the change (default: the working tree; with --github-pr, HEAD)"},
				&cli.StringSliceFlag{Name: "approved-by", Usage: "a GitHub `HANDLE` that approved the change (repeatable; outside a pull request)"},
				&cli.StringFlag{Name: "author", Usage: "the change's author `HANDLE` (outside a pull request)"},
				&cli.IntFlag{Name: "github-pr", Usage: "read the author, commits and approvals of pull request `N` from the GitHub API"},
				&cli.BoolFlag{Name: "comment", Usage: "post the review as one comment of --github-pr, updated in place"},
				&cli.StringFlag{Name: "plan", Usage: "a roster plan --format markdown `FILE` to post as the plan comment, beside the review's (empty: this commit has no plan)"},
			}, githubFlags()...),
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseReview(e, c)
				if err != nil {
					return err
				}
				return ws.Review(c.Context, o)
			},
		},
		{
			name:      "site",
			usage:     "build the auditor's static site (or the public roster) from git history",
			usageText: "roster site --out DIR [--public] [--file PATH] [--list ID]... [--at DATE] [--live [--emulator | --endpoint URL]]",
			description: `Writes a self-contained static site: an index of the lists and a page per
list with its size over time against its cap, a timeline of joins, leaves
and role changes with the commit and vetting record of each, the current
members and their vetting, and the records that lapse in the next 90 days.
--public leaves out every email address and vetting detail: names, GitHub
handles, affiliations, roles and counts only, safe for GitHub Pages.

  roster site --out roster-site
  roster site --public --out _site

Exit status 0 when the site is built, 1 when it is not (nothing is left half
written in --out).`,
			flags: append([]cli.Flag{
				fileFlag(),
				&cli.StringFlag{Name: "out", Usage: "the `DIR` to write the site to (new, or a previous roster site)"},
				&cli.BoolFlag{Name: "public", Usage: "no email address, note, evidence or method anywhere"},
				&cli.BoolFlag{Name: "live", Usage: "add a drift section from the live groups (who changed them by hand)"},
				&cli.StringFlag{Name: "at", Usage: "build as of `DATE` (YYYY-MM-DD) instead of today: a day gone by shows the file and its history as they stood then; a later day, today's file with what will have lapsed by then"},
			}, liveFlags()...),
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseSite(e, c)
				if err != nil {
					return err
				}
				return ws.Site(c.Context, o)
			},
		},
		{
			name:      "doctor",
			usage:     "check that a sync would work: file, credentials, scopes, subject, groups",
			usageText: "roster doctor [--file PATH] [--list ID]... [--credentials FILE] [--subject EMAIL] [--impersonate-service-account EMAIL] [--format text|json] [--emulator | --endpoint URL]",
			description: `Checks, one line each with PASS, WARN, FAIL or SKIP and the fix: that the
members file parses with a sound structure; which Google credential is
found and its kind; whether it can carry --subject; that a token can be
minted for each scope set a command needs, each in its own token, naming
the scope and the client ID to authorise; that the subject can read each
list's group and its settings; each csv list's snapshot; and, as a
warning only, the audit log. Read-only: it never changes a group.

  roster doctor --credentials key.json --subject groups-admin@example.org
  roster doctor --emulator

Exit status 0 only when a sync would work (warnings allowed), 1 otherwise.`,
			flags: append([]cli.Flag{
				fileFlag(),
				newFormatFlag("`FORMAT`: text or json", report.Text, report.JSON),
			}, liveFlags()...),
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseDoctor(e, c)
				if err != nil {
					return err
				}
				return ws.Doctor(c.Context, o)
			},
		},
		{
			name:      "emulator",
			usage:     "serve Google's APIs on loopback, to try roster without a Google account",
			usageText: "roster emulator [--listen 127.0.0.1:8089] [--state FILE] [--fail-rate F] [--fail-after-rate F] [--latency D] [--quota 2400/min] [--seed N]",
			description: `Serves the Directory API's groups and members, the Groups Settings API and
the Reports API's audit log, as Google's Go client sees them, with
Google's paging, error bodies, a quota per API and injected faults. Every
write is in its audit log as Google logs it, roster's own included. To
point roster at it, give --endpoint or set ROSTER_GOOGLE_ENDPOINT:

  roster emulator --state /tmp/domain.json &
  ROSTER_GOOGLE_ENDPOINT=http://127.0.0.1:8089/ roster plan

Changes made by hand (the Groups UI, the Admin console, the Cloud console)
are scripted with POST /_emulator/by-hand, for example:

  curl -X POST http://127.0.0.1:8089/_emulator/by-hand -d '{"event":"join","group":"security@example.org","actor":"mallory@example.org"}'
  curl -X POST http://127.0.0.1:8089/_emulator/by-hand -d '{"event":"change_acl_permission","group":"security@example.org","actor":"owner@example.org","setting":"can_join","old":["ALL_MEMBERS_CAN_JOIN"],"new":["ANYONE_CAN_JOIN"],"settings":{"whoCanJoin":"ANYONE_CAN_JOIN"}}'

The body's fields: application (groups, admin, groups_enterprise), event,
group, actor, member, role, members (a bulk upload's), and for a setting
setting, old, new and settings (Groups Settings fields); the README lists
every event.

On first start it creates an empty group for every google list in
members.toml (not those with create = true). Call counts are served at
/_emulator/counters and the state at /_emulator/state. Loopback only.

Exit status 0 when stopped (Ctrl-C, SIGTERM), 1 when it cannot start.`,
			flags: []cli.Flag{
				fileFlag(),
				&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8089", Usage: "loopback `ADDRESS` to listen on (port 0 picks one)"},
				&cli.StringFlag{Name: "state", Usage: "persist the domain to `FILE` (written for its owner only), and load it at start"},
				&cli.StringSliceFlag{Name: "group", Usage: "create the group `EMAIL` at start (repeatable)"},
				&cli.Float64Flag{Name: "fail-rate", Usage: "`FRACTION` of calls answered 429/403/503 before doing anything"},
				&cli.Float64Flag{Name: "fail-after-rate", Usage: "`FRACTION` of writes done whose answer is then lost"},
				durationFlag("latency", "`DURATION` added to every call, like 300ms", ""),
				&cli.StringFlag{Name: "quota", Value: "2400/min", Usage: "calls allowed per period (like 2400/min), as a rate: a second's worth may come at once, and calls past that rate are answered 403 userRateLimitExceeded; none to disable"},
				&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "`N`, the seed of the fault injection"},
				&cli.StringFlag{Name: "log-delay", Usage: "hold audit-log events back like Google, per application: `DELAYS` like admin=5m,groups=30m"},
				durationFlag("create-lag", "answer 404 for a new group for `DURATION` after groups.insert, as Google can", ""),
				&cli.StringFlag{Name: "admin", Usage: "the `EMAIL` calls without a token are logged as (default admin@ the group's domain)"},
				&cli.StringFlag{Name: "client-id", Usage: "the OAuth client `ID` calls without a token are logged with (default " + workspace.EmulatorClientID + ")"},
				&cli.StringSliceFlag{Name: "service-account", Usage: "`EMAIL=ID`: writes with a token minted for the service account EMAIL (a key's client_email) are logged with the OAuth client ID, as Google logs the key's client_id (repeatable; default an id made from EMAIL)"},
			},
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseEmulator(e, c)
				if err != nil {
					return err
				}
				return ws.Emulator(c.Context, o)
			},
		},
		{
			name:      "completion",
			usage:     "print a shell completion script (bash, zsh or fish)",
			usageText: "roster completion bash|zsh|fish",
			description: `Prints a script that completes roster's commands, flags, list ids and
member addresses from the members file:

  source <(roster completion bash)                  # in ~/.bashrc
  source <(roster completion zsh)                   # in ~/.zshrc
  roster completion fish > ~/.config/fish/completions/roster.fish

Exit status 0, 1 for a shell roster has no completion for.`,
			minArgs: 1, maxArgs: 1, argsHint: "bash|zsh|fish",
			run: func(c *cli.Context, _ *workspace.Workspace) error {
				return completionScript(e, c.Args().First())
			},
		},
	}...)
}
