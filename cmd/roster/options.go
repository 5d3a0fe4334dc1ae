package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// Every flag is read here, into one options struct per command, with the
// rules that tie flags together; the commands only call the workspace.

// fileFlag is --file, shared by every command that reads members.toml.
func fileFlag() cli.Flag {
	return &cli.StringFlag{Name: "file", Aliases: []string{"f"}, Value: "members.toml", Usage: "the members file `PATH` (or $ROSTER_FILE)"}
}

// formatFlag is a command's --format with the formats it offers, the
// first the default: written once, where the command's flags are, and
// read by its options (formatOf) and the completion alike.
type formatFlag struct {
	cli.StringFlag
	formats []report.Format
}

func newFormatFlag(usage string, formats ...report.Format) *formatFlag {
	return &formatFlag{StringFlag: cli.StringFlag{Name: "format", Value: string(formats[0]), Usage: usage}, formats: formats}
}

// formatsOf returns the formats cmd's --format offers, nil when it has
// none.
func formatsOf(cmd *cli.Command) []report.Format {
	if cmd == nil {
		return nil
	}
	for _, f := range cmd.Flags {
		if ff, ok := f.(*formatFlag); ok {
			return ff.formats
		}
	}
	return nil
}

// formatOf reads --format, refusing a format the command does not offer.
func formatOf(c *cli.Context) (report.Format, error) {
	return report.ParseFormat(c.String("format"), formatsOf(c.Command)...)
}

// membersFile returns --file, or $ROSTER_FILE when --file is not given.
func (e *env) membersFile(c *cli.Context) string {
	return e.fileNamed(c.String("file"), c.IsSet("file"))
}

// fileNamed is the members file a command line names: file when given
// (--file), else $ROSTER_FILE, else file as its default, members.toml.
// Every route that reads a command line (the commands, the one JSON
// document of a refused run, completion) asks it.
func (e *env) fileNamed(file string, given bool) string {
	if !given {
		if v := e.getenv("ROSTER_FILE"); v != "" {
			return v
		}
	}
	if file == "" {
		return "members.toml"
	}
	return file
}

// importLiveFlags are liveFlags with import's own --list: exactly one.
func importLiveFlags() []cli.Flag {
	out := []cli.Flag{oneListFlag("the list `ID` to import (exactly one)")}
	for _, f := range liveFlags() {
		if !slices.Contains(f.Names(), "list") {
			out = append(out, f)
		}
	}
	return out
}

// applyLiveFlags are liveFlags for apply, which takes its lists from the
// plan: --list stays known, so that giving it says so, but --help does
// not offer it.
func applyLiveFlags() []cli.Flag {
	fs := liveFlags()
	for i, f := range fs {
		if slices.Contains(f.Names(), "list") {
			fs[i] = &cli.StringSliceFlag{Name: "list", Aliases: []string{"l"}, Hidden: true}
		}
	}
	return fs
}

// liveFlags are the flags of every command that reads live groups.
func liveFlags() []cli.Flag {
	return append([]cli.Flag{
		listFlag("only the list `ID` (repeatable); default all"),
		&cli.BoolFlag{Name: "emulator", Usage: "use a built-in emulated Google domain kept in .roster/ next to the members file (no Google account needed)"},
		&cli.StringFlag{Name: "endpoint", Usage: "Directory API root `URL` (or $ROSTER_GOOGLE_ENDPOINT), e.g. a roster emulator; plain http only on loopback"},
		&cli.StringFlag{Name: "credentials", Usage: "service-account key `FILE` (default: $GOOGLE_APPLICATION_CREDENTIALS or application-default credentials)"},
		&cli.StringFlag{Name: "subject", Usage: "admin `EMAIL` to impersonate through domain-wide delegation (or $ROSTER_GOOGLE_SUBJECT)"},
		&cli.StringFlag{Name: "impersonate-service-account", Usage: "keyless: sign domain-wide delegation as service account `EMAIL` with the ambient credentials (Workload Identity)"},
		&cli.Float64Flag{Name: "rate", Value: workspace.DefaultRate, Usage: "at most `N` API calls a second; the default stays under Google's 2,400 a minute"},
		&cli.IntFlag{Name: "concurrency", Value: workspace.DefaultConcurrency, Usage: "at most `N` API calls in flight, reads and writes"},
		// Tests and benchmarks shorten the backoff; people need not.
		hidden(durationFlag("retry-base", "first backoff `DURATION` (default 1s; each wait is capped at 60s)", "")),
	}, deadlineFlags()...)
}

// parseLive reads the live flags: one live side (--emulator or an
// endpoint), numbers in range.
func (e *env) parseLive(c *cli.Context) (workspace.LiveOptions, error) {
	o := workspace.LiveOptions{
		Emulator:    c.Bool("emulator"),
		Endpoint:    c.String("endpoint"),
		Credentials: c.String("credentials"),
		Subject:     c.String("subject"),
		Impersonate: c.String("impersonate-service-account"),
		Rate:        c.Float64("rate"),
		Concurrency: c.Int("concurrency"),
	}
	retryBase, retryWritten := flagDurationOf(c, "retry-base")
	o.RetryBase = retryBase
	if o.Endpoint == "" {
		o.Endpoint = e.getenv("ROSTER_GOOGLE_ENDPOINT")
	}
	if o.Subject == "" {
		o.Subject = e.getenv("ROSTER_GOOGLE_SUBJECT")
	}
	if o.Emulator && o.Endpoint != "" {
		return o, fmt.Errorf("--emulator and --endpoint (or $ROSTER_GOOGLE_ENDPOINT) both name the live side; use one")
	}
	if o.Emulator {
		// The built-in emulator takes no credentials: given, they would
		// be ignored, and a key that does not exist would pass for one
		// that works.
		for _, name := range []string{"credentials", "subject", "impersonate-service-account"} {
			if c.IsSet(name) {
				return o, fmt.Errorf("--%s has no use with --emulator, which needs no credentials; drop it, or try the credentials against an emulator started with 'roster emulator' (its --endpoint)", name)
			}
		}
	}
	if err := checkFloat("rate", o.Rate, 0.01, 1e6); err != nil {
		return o, err
	}
	if err := checkInt("concurrency", o.Concurrency, 1, 1000); err != nil {
		return o, err
	}
	if o.RetryBase < 0 || o.RetryBase > workspace.MaxRetryWait {
		return o, fmt.Errorf("--retry-base %s: give a duration from 0 to %s", retryWritten, flagDuration(workspace.MaxRetryWait))
	}
	return o, parseDeadlines(c, &o)
}

func guardFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "max-removals", Value: workspace.DefaultGuards().MaxRemovals, Usage: "refuse a run that removes more than `N` members in all"},
		&cli.Float64Flag{Name: "max-removal-ratio", Value: workspace.DefaultGuards().MaxRemovalRatio, Usage: "refuse a run that removes more than this `FRACTION` of one live group"},
	}
}

func parseGuards(c *cli.Context) (workspace.Guards, error) {
	g := workspace.Guards{MaxRemovals: c.Int("max-removals"), MaxRemovalRatio: c.Float64("max-removal-ratio")}
	if err := checkInt("max-removals", g.MaxRemovals, 0, math.MaxInt32); err != nil {
		return g, err
	}
	return g, checkFloat("max-removal-ratio", g.MaxRemovalRatio, 0, 1)
}

func attributionFlag() cli.Flag {
	return &cli.BoolFlag{Name: "no-attribution", Usage: "do not read Google's audit log for who changed a group by hand"}
}

func changedSinceFlag() cli.Flag {
	return &cli.StringFlag{Name: "changed-since", Usage: "read only the lists changed in the last `WINDOW` (like 2h) per Google's audit log and git; make it cover the schedule's interval plus the log's delay (about 30m)"}
}

// parseDay reads a YYYY-MM-DD date flag, as every date flag is read
// (workspace.ParseDay).
func (e *env) parseDay(flag, s string) (time.Time, error) {
	return workspace.ParseDay(flag, "a date", s, e.today())
}

func (e *env) atFlag(c *cli.Context) (time.Time, error) {
	if !c.IsSet("at") {
		return e.today(), nil
	}
	return e.parseDay("at", c.String("at"))
}

func (e *env) source(c *cli.Context) workspace.Source {
	return workspace.Source{Path: e.membersFile(c), Rev: c.String("head")}
}

func parseValidate(e *env, c *cli.Context) (workspace.ValidateOptions, error) {
	o := workspace.ValidateOptions{Source: e.source(c), Base: c.String("base")}
	var err error
	if o.Format, err = formatOf(c); err != nil {
		return o, err
	}
	o.At, err = e.atFlag(c)
	return o, err
}

func parsePlan(e *env, c *cli.Context) (workspace.PlanOptions, error) {
	o := workspace.PlanOptions{Source: e.source(c), Lists: c.StringSlice("list"), Out: c.String("out"),
		NoAttribution: c.Bool("no-attribution"), Base: c.String("base")}
	var err error
	if o.Format, err = formatOf(c); err != nil {
		return o, err
	}
	if o.Live, err = e.parseLive(c); err != nil {
		return o, err
	}
	if o.Guards, err = parseGuards(c); err != nil {
		return o, err
	}
	if o.ChangedSince, err = parseChangedSince(c); err != nil {
		return o, err
	}
	if o.Rev != "" && o.Base == "" {
		return o, fmt.Errorf("--head needs --base: a plan of a revision is the pull-request plan, read against its base")
	}
	if o.Base != "" && o.ChangedSince.Length > 0 {
		return o, fmt.Errorf("--changed-since is for scheduled runs; a pull-request plan (--base) reads every list the change may touch")
	}
	return o, nil
}

func parseSync(e *env, c *cli.Context) (workspace.SyncOptions, error) {
	o := workspace.SyncOptions{Source: e.source(c), Lists: c.StringSlice("list"), NoAttribution: c.Bool("no-attribution"), DryRun: c.Bool("dry-run")}
	var err error
	if o.Format, o.Live, o.Guards, err = e.parseWriting(c); err != nil {
		return o, err
	}
	o.ChangedSince, err = parseChangedSince(c)
	return o, err
}

// parseWriting reads the flags of a command that writes to the live
// groups (sync, apply): the output format, the live side and the guards.
func (e *env) parseWriting(c *cli.Context) (format report.Format, live workspace.LiveOptions, guards workspace.Guards, err error) {
	if format, err = formatOf(c); err != nil {
		return
	}
	if live, err = e.parseLive(c); err != nil {
		return
	}
	guards, err = parseGuards(c)
	return
}

func parseApply(e *env, c *cli.Context) (workspace.ApplyOptions, error) {
	o := workspace.ApplyOptions{Source: e.source(c), PlanFile: c.Args().First(), NoAttribution: c.Bool("no-attribution")}
	var err error
	if o.Format, o.Live, o.Guards, err = e.parseWriting(c); err != nil {
		return o, err
	}
	if len(c.StringSlice("list")) > 0 {
		return o, fmt.Errorf("apply takes the lists from the plan; --list is for plan and sync")
	}
	return o, nil
}

func parseAudit(e *env, c *cli.Context) (workspace.AuditOptions, error) {
	o := workspace.AuditOptions{Source: e.source(c), Lists: c.StringSlice("list"), NoAttribution: c.Bool("no-attribution")}
	var err error
	if o.Format, err = formatOf(c); err != nil {
		return o, err
	}
	if o.At, err = e.atFlag(c); err != nil {
		return o, err
	}
	if o.Upcoming, err = parseUpcoming(c.String("upcoming")); err != nil {
		return o, err
	}
	if c.IsSet("upcoming") {
		o.UpcomingWritten = c.String("upcoming")
	}
	if c.Bool("live") {
		lo, err := e.parseLive(c)
		if err != nil {
			return o, err
		}
		o.Live = &lo
		if o.ChangedSince, err = parseChangedSince(c); err != nil {
			return o, err
		}
	} else {
		for _, name := range []string{"emulator", "endpoint", "changed-since", "no-attribution"} {
			if c.IsSet(name) {
				return o, fmt.Errorf("--%s reads the live groups; add --live", name)
			}
		}
	}
	if c.Bool("github-issue") {
		if len(o.Lists) > 0 {
			return o, fmt.Errorf("--github-issue keeps one issue for every list; drop --list")
		}
		g := e.gitHub(c)
		o.Issue = &g
	}
	if o.Live != nil || o.Issue != nil {
		if err := e.aboutNow(o.At, o.Source.Rev == "", "audits the file", "--live and --github-issue are about now"); err != nil {
			return o, err
		}
	}
	return o, nil
}

// aboutNow refuses --at for a command whose live side (or GitHub issue)
// is about now: a day gone by (when that day's file is what is judged,
// past) or a day to come. A reminder written as of a day to come would
// tell vetters that records lapsed which have not, and ping them for it.
func (e *env) aboutNow(at time.Time, past bool, does, now string) error {
	today := e.today()
	switch {
	case past && at.Before(today):
		return fmt.Errorf("--at %s %s as it stood then, and %s: drop one of them", at.Format(workspace.DateLayout), does, now)
	case !at.Before(today.AddDate(0, 0, 1)):
		return fmt.Errorf("--at %s %s as of a day to come, and %s: drop one of them", at.Format(workspace.DateLayout), does, now)
	}
	return nil
}

func githubFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "github-login", Usage: "roster's own GitHub `LOGIN`: only its comment or issue is ever edited (default: the token's, as GitHub names it; github-actions[bot] for an Actions token)"},
	}
}

func (e *env) gitHub(c *cli.Context) workspace.GitHubOptions {
	// --call-timeout, where the command has it, bounds GitHub's calls
	// as it does Google's (checked with the live side's deadlines).
	timeout, _ := flagDurationOf(c, "call-timeout")
	return workspace.GitHubOptions{API: e.getenv("GITHUB_API_URL"), Repo: e.getenv("GITHUB_REPOSITORY"), Token: e.getenv("GITHUB_TOKEN"), Login: c.String("github-login"), CallTimeout: timeout}
}

func parseReview(e *env, c *cli.Context) (workspace.ReviewOptions, error) {
	o := workspace.ReviewOptions{File: e.membersFile(c), Base: c.String("base"), Head: c.String("head"),
		ApprovedBy: c.StringSlice("approved-by"), Author: c.String("author"), PR: c.Int("github-pr"),
		Comment: c.Bool("comment"), PlanFile: c.String("plan"), GitHub: e.gitHub(c)}
	var err error
	if o.Format, err = formatOf(c); err != nil {
		return o, err
	}
	switch {
	case o.Base == "":
		return o, fmt.Errorf("review needs --base REV, the revision the change is against (in a pull request: its base commit)")
	case o.Comment && o.PR == 0:
		return o, fmt.Errorf("--comment needs --github-pr N")
	case o.PlanFile != "" && !o.Comment:
		return o, fmt.Errorf("--plan is posted as a comment on the pull request; add --comment")
	case o.PR > 0 && (len(o.ApprovedBy) > 0 || o.Author != ""):
		return o, fmt.Errorf("--approved-by and --author are for a review outside a pull request; with --github-pr they come from GitHub")
	}
	return o, checkInt("github-pr", o.PR, 0, 1<<30)
}

func parseImport(e *env, c *cli.Context) (workspace.ImportOptions, error) {
	o := workspace.ImportOptions{File: e.membersFile(c), FromCSV: c.String("from-csv")}
	ids := c.StringSlice("list")
	if len(ids) != 1 {
		known := ""
		if ls := e.suggestions(o.File).Lists(false); len(ls) > 0 {
			known = " (" + o.File + " has " + strings.Join(ls, ", ") + ")"
		}
		return o, fmt.Errorf("import needs exactly one --list ID%s", known)
	}
	o.List = ids[0]
	var err error
	o.Live, err = e.parseLive(c)
	return o, err
}

func parseHistory(e *env, c *cli.Context) (workspace.HistoryOptions, error) {
	o := workspace.HistoryOptions{File: e.membersFile(c), Lists: c.StringSlice("list"), Member: c.String("member"), Since: c.String("since"), Until: c.String("until")}
	if workspace.IsDate(o.Since) && workspace.IsDate(o.Until) && o.Since > o.Until {
		return o, fmt.Errorf("--since %s is after --until %s: no commit can be in that window; swap them", o.Since, o.Until)
	}
	var err error
	o.Format, err = formatOf(c)
	return o, err
}

func parseDiff(e *env, c *cli.Context) (workspace.DiffOptions, error) {
	o := workspace.DiffOptions{File: e.membersFile(c), Lists: c.StringSlice("list"), From: c.Args().Get(0), To: c.Args().Get(1), ExitCode: c.Bool("exit-code")}
	var err error
	o.Format, err = formatOf(c)
	return o, err
}

func parseShow(e *env, c *cli.Context) (workspace.ShowOptions, error) {
	o := workspace.ShowOptions{File: e.membersFile(c), Lists: c.StringSlice("list"), At: c.String("at")}
	if o.At == "" {
		return o, fmt.Errorf("show needs --at REV or --at YYYY-MM-DD")
	}
	var err error
	o.Format, err = formatOf(c)
	return o, err
}

func parseDoctor(e *env, c *cli.Context) (workspace.DoctorOptions, error) {
	o := workspace.DoctorOptions{File: e.membersFile(c), Lists: c.StringSlice("list")}
	var err error
	if o.Format, err = formatOf(c); err != nil {
		return o, err
	}
	o.Live, err = e.parseLive(c)
	return o, err
}

func parseSite(e *env, c *cli.Context) (workspace.SiteOptions, error) {
	o := workspace.SiteOptions{File: e.membersFile(c), Out: c.String("out"), Public: c.Bool("public"), Lists: c.StringSlice("list")}
	if o.Out == "" {
		return o, fmt.Errorf("site needs --out DIR, the directory to write the site to")
	}
	var err error
	if o.At, err = e.atFlag(c); err != nil {
		return o, err
	}
	if c.Bool("live") {
		lo, err := e.parseLive(c)
		if err != nil {
			return o, err
		}
		o.Live = &lo
		if err := e.aboutNow(o.At, true, "builds the site", "--live reads the groups as they are now"); err != nil {
			return o, err
		}
	} else if c.Bool("emulator") || c.IsSet("endpoint") {
		return o, fmt.Errorf("--emulator and --endpoint read the live groups for the drift section; add --live")
	}
	return o, nil
}

func parseEmulator(e *env, c *cli.Context) (workspace.EmulatorOptions, error) {
	o := workspace.EmulatorOptions{File: e.membersFile(c), Listen: c.String("listen"), State: c.String("state"), Groups: c.StringSlice("group")}
	o.Server = workspace.ServerOptions{
		Seed:          c.Uint64("seed"),
		FailRate:      c.Float64("fail-rate"),
		FailAfterRate: c.Float64("fail-after-rate"),
	}
	latency, latencyWritten := flagDurationOf(c, "latency")
	o.Server.Latency = latency
	var err error
	if o.Server.Quota, err = workspace.ParseQuota(c.String("quota")); err != nil {
		return o, fmt.Errorf("--quota: %w", err)
	}
	if err := checkFloat("fail-rate", o.Server.FailRate, 0, 1); err != nil {
		return o, err
	}
	if err := checkFloat("fail-after-rate", o.Server.FailAfterRate, 0, 1); err != nil {
		return o, err
	}
	if o.Server.Latency < 0 || o.Server.Latency > time.Minute {
		return o, fmt.Errorf("--latency %s: give a duration from 0 to 1m", latencyWritten)
	}
	if o.Server.LogDelay, err = workspace.ParseLogDelay(c.String("log-delay")); err != nil {
		return o, fmt.Errorf("--log-delay: %w", err)
	}
	lag, lagWritten := flagDurationOf(c, "create-lag")
	o.Server.CreateLag = lag
	if o.Server.CreateLag < 0 || o.Server.CreateLag > time.Hour {
		return o, fmt.Errorf("--create-lag %s: give a duration from 0 to 1h", lagWritten)
	}
	o.Server.Admin, o.Server.ClientID = c.String("admin"), c.String("client-id")
	if o.Server.ServiceAccounts, err = workspace.ParseServiceAccounts(c.StringSlice("service-account")); err != nil {
		return o, fmt.Errorf("--service-account: %w", err)
	}
	// The run's own flags, but --listen, for a hint that starts it again
	// elsewhere: as printed, it must serve the same domain the same way.
	for _, name := range []string{"state", "seed", "fail-rate", "fail-after-rate", "latency", "quota", "log-delay", "create-lag", "admin", "client-id"} {
		if c.IsSet(name) {
			o.Flags = append(o.Flags, "--"+name, fmt.Sprint(c.Value(name)))
		}
	}
	for _, g := range o.Groups {
		o.Flags = append(o.Flags, "--group", g)
	}
	for _, a := range c.StringSlice("service-account") {
		o.Flags = append(o.Flags, "--service-account", a)
	}
	return o, nil
}
