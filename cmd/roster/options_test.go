package main

import (
	"io"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// parsers are the parse functions of options.go, by command.
var parsers = map[string]func(*env, *cli.Context) (any, error){
	"validate": func(e *env, c *cli.Context) (any, error) { return parseValidate(e, c) },
	"plan":     func(e *env, c *cli.Context) (any, error) { return parsePlan(e, c) },
	"sync":     func(e *env, c *cli.Context) (any, error) { return parseSync(e, c) },
	"apply":    func(e *env, c *cli.Context) (any, error) { return parseApply(e, c) },
	"audit":    func(e *env, c *cli.Context) (any, error) { return parseAudit(e, c) },
	"review":   func(e *env, c *cli.Context) (any, error) { return parseReview(e, c) },
	"add":      func(e *env, c *cli.Context) (any, error) { return parseAdd(e, c) },
	"vet":      func(e *env, c *cli.Context) (any, error) { return parseVet(e, c) },
	"role":     func(e *env, c *cli.Context) (any, error) { return parseRole(e, c) },
	"remove":   func(e *env, c *cli.Context) (any, error) { return parseRemove(e, c) },
	"fmt":      func(e *env, c *cli.Context) (any, error) { return parseFmt(e, c) },
	"import":   func(e *env, c *cli.Context) (any, error) { return parseImport(e, c) },
	"history":  func(e *env, c *cli.Context) (any, error) { return parseHistory(e, c) },
	"diff":     func(e *env, c *cli.Context) (any, error) { return parseDiff(e, c) },
	"show":     func(e *env, c *cli.Context) (any, error) { return parseShow(e, c) },
	"doctor":   func(e *env, c *cli.Context) (any, error) { return parseDoctor(e, c) },
	"site":     func(e *env, c *cli.Context) (any, error) { return parseSite(e, c) },
	"emulator": func(e *env, c *cli.Context) (any, error) { return parseEmulator(e, c) },
}

// parse reads a command line as roster does (reordered, through the
// real app and its flags) up to the command's action, and returns what
// the command's parse function makes of the cli.Context. err is a usage
// error of the CLI library, or the parse function's.
func parse(t *testing.T, vars map[string]string, args ...string) (any, error) {
	t.Helper()
	e := &env{stdout: io.Discard, stderr: io.Discard, now: func() time.Time { return testToday }, getenv: func(k string) string { return vars[k] }}
	app := newApp(e)
	var got any
	var perr error
	ran := false
	for _, c := range app.Commands {
		p := parsers[c.Name]
		if p == nil {
			continue
		}
		c.Action = func(c *cli.Context) error {
			ran = true
			got, perr = p(e, c)
			return nil
		}
	}
	if err := app.Run(reorder(app, append([]string{"roster"}, args...))); err != nil {
		return nil, err
	}
	if !ran {
		t.Fatalf("%v: no command ran", args)
	}
	return got, perr
}

var (
	day2026 = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	here    = workspace.Source{Path: "members.toml"}
	// live is every command's live side with no flag given.
	live = workspace.LiveOptions{Rate: google.DefaultRate, Concurrency: workspace.DefaultConcurrency}
)

func withLive(f func(*workspace.LiveOptions)) workspace.LiveOptions {
	lo := live
	f(&lo)
	return lo
}

// TestParseOptions: each command's flags, and the environment variables
// that stand for some of them, become its options struct.
func TestParseOptions(t *testing.T) {
	endpoint := map[string]string{"ROSTER_GOOGLE_ENDPOINT": "http://127.0.0.1:8089/", "ROSTER_GOOGLE_SUBJECT": "admin@example.org"}
	tests := []struct {
		args []string
		vars map[string]string
		want any
	}{
		{[]string{"validate"}, nil, workspace.ValidateOptions{Source: here, Format: report.Text, At: day2026}},
		{[]string{"validate", "--file", "x.toml", "--format", "github", "--at", "2027-01-01", "--base", "main", "--head", "refs/roster/pr"}, nil,
			workspace.ValidateOptions{Source: workspace.Source{Path: "x.toml", Rev: "refs/roster/pr"}, Format: report.GitHub, At: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Base: "main"}},
		{[]string{"validate"}, map[string]string{"ROSTER_FILE": "lists/team.toml"}, workspace.ValidateOptions{Source: workspace.Source{Path: "lists/team.toml"}, Format: report.Text, At: day2026}},
		{[]string{"validate", "-f", "mine.toml"}, map[string]string{"ROSTER_FILE": "lists/team.toml"}, workspace.ValidateOptions{Source: workspace.Source{Path: "mine.toml"}, Format: report.Text, At: day2026}},
		{[]string{"plan"}, nil, workspace.PlanOptions{Source: here, Format: report.Text, Live: live, Guards: plan.DefaultGuards()}},
		{[]string{"plan", "--format", "markdown", "--out", "plan.json", "--list", "a", "--list", "b", "--no-attribution", "--changed-since", "7d", "--max-removals", "20", "--max-removal-ratio", "0.5"}, nil,
			workspace.PlanOptions{Source: here, Lists: []string{"a", "b"}, Format: report.Markdown, Out: "plan.json", Live: live, Guards: plan.Guards{MaxRemovals: 20, MaxRemovalRatio: 0.5}, NoAttribution: true, ChangedSince: workspace.Window{Length: 7 * 24 * time.Hour, Written: "7d"}}},
		{[]string{"plan", "--base", "main", "--head", "refs/roster/pr"}, nil,
			workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "refs/roster/pr"}, Base: "main", Format: report.Text, Live: live, Guards: plan.DefaultGuards()}},
		// A long --call-timeout alone is not refused for the default
		// --read-timeout: the client gives each read room for three such
		// calls (google.New).
		{[]string{"plan", "--call-timeout", "20m"}, nil,
			workspace.PlanOptions{Source: here, Format: report.Text, Live: withLive(func(lo *workspace.LiveOptions) {
				lo.CallTimeout, lo.CallTimeoutText = 20*time.Minute, "20m"
			}), Guards: plan.DefaultGuards()}},
		{[]string{"plan", "--emulator", "--rate", "5", "--concurrency", "3", "--call-timeout", "10s", "--read-timeout", "45m", "--retry-base", "2ms"}, nil,
			workspace.PlanOptions{Source: here, Format: report.Text, Live: withLive(func(lo *workspace.LiveOptions) {
				lo.Emulator, lo.Rate, lo.Concurrency, lo.CallTimeout, lo.CallTimeoutText, lo.ReadTimeout, lo.ReadTimeoutText, lo.RetryBase = true, 5, 3, 10*time.Second, "10s", 45*time.Minute, "45m", 2*time.Millisecond
			}), Guards: plan.DefaultGuards()}},
		{[]string{"plan", "--credentials", "key.json", "--subject", "a@example.org", "--impersonate-service-account", "sa@p.iam.gserviceaccount.com"}, nil,
			workspace.PlanOptions{Source: here, Format: report.Text, Live: withLive(func(lo *workspace.LiveOptions) {
				lo.Credentials, lo.Subject, lo.Impersonate = "key.json", "a@example.org", "sa@p.iam.gserviceaccount.com"
			}), Guards: plan.DefaultGuards()}},
		{[]string{"plan"}, endpoint, workspace.PlanOptions{Source: here, Format: report.Text, Live: withLive(func(lo *workspace.LiveOptions) {
			lo.Endpoint, lo.Subject = "http://127.0.0.1:8089/", "admin@example.org"
		}), Guards: plan.DefaultGuards()}},
		{[]string{"plan", "--endpoint", "http://127.0.0.1:9/", "--subject", "b@example.org"}, endpoint, workspace.PlanOptions{Source: here, Format: report.Text, Live: withLive(func(lo *workspace.LiveOptions) {
			lo.Endpoint, lo.Subject = "http://127.0.0.1:9/", "b@example.org"
		}), Guards: plan.DefaultGuards()}},
		{[]string{"sync", "--list", "reports", "--format", "json", "--changed-since", "2h"}, nil,
			workspace.SyncOptions{Source: here, Lists: []string{"reports"}, Format: report.JSON, Live: live, Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour, Written: "2h"}}},
		{[]string{"apply", "plan.json", "--rate", "100"}, nil,
			workspace.ApplyOptions{Source: here, PlanFile: "plan.json", Format: report.Text, Live: withLive(func(lo *workspace.LiveOptions) { lo.Rate = 100 }), Guards: plan.DefaultGuards()}},
		{[]string{"audit"}, nil, workspace.AuditOptions{Source: here, Format: report.Text, At: day2026, Upcoming: 30 * 24 * time.Hour}},
		{[]string{"sync", "--changed-since", "1w"}, nil, workspace.SyncOptions{Source: here, Format: report.Text, Live: live, Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 7 * 24 * time.Hour, Written: "1w"}}},
		{[]string{"sync", "--changed-since", "10y"}, nil, workspace.SyncOptions{Source: here, Format: report.Text, Live: live, Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 3650 * 24 * time.Hour, Written: "10y"}}},
		{[]string{"audit", "--upcoming", "52w"}, nil, workspace.AuditOptions{Source: here, Format: report.Text, At: day2026, Upcoming: 364 * 24 * time.Hour, UpcomingWritten: "52w"}},
		{[]string{"audit", "--upcoming", "1y"}, nil, workspace.AuditOptions{Source: here, Format: report.Text, At: day2026, Upcoming: 365 * 24 * time.Hour, UpcomingWritten: "1y"}},
		{[]string{"audit", "--live", "--emulator", "--at", "2026-11-24", "--upcoming", "60d", "--changed-since", "90m", "--no-attribution"}, nil,
			workspace.AuditOptions{Source: here, Format: report.Text, At: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), Upcoming: 60 * 24 * time.Hour, UpcomingWritten: "60d",
				Live: func() *workspace.LiveOptions {
					lo := withLive(func(lo *workspace.LiveOptions) { lo.Emulator = true })
					return &lo
				}(), NoAttribution: true, ChangedSince: workspace.Window{Length: 90 * time.Minute, Written: "90m"}}},
		{[]string{"audit", "--github-issue"}, map[string]string{"GITHUB_API_URL": "https://ghe.example.org/api/v3", "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "t"},
			workspace.AuditOptions{Source: here, Format: report.Text, At: day2026, Upcoming: 30 * 24 * time.Hour,
				Issue: &workspace.GitHubOptions{API: "https://ghe.example.org/api/v3", Repo: "o/r", Token: "t"}}},
		{[]string{"audit", "--github-issue", "--call-timeout", "2s"}, map[string]string{"GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "t"},
			workspace.AuditOptions{Source: here, Format: report.Text, At: day2026, Upcoming: 30 * 24 * time.Hour,
				Issue: &workspace.GitHubOptions{Repo: "o/r", Token: "t", CallTimeout: 2 * time.Second}}},
		{[]string{"review", "--base", "HEAD", "--approved-by", "ada-x", "--approved-by", "bob-x", "--author", "lin-x", "--format", "markdown"}, nil,
			workspace.ReviewOptions{File: "members.toml", Base: "HEAD", Format: report.Markdown, ApprovedBy: []string{"ada-x", "bob-x"}, Author: "lin-x", GitHub: workspace.GitHubOptions{}}},
		{[]string{"review", "--base", "HEAD~1", "--head", "HEAD", "--github-pr", "7", "--comment", "--plan", "plan.md", "--github-login", "roster-bot"}, map[string]string{"GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "t"},
			workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, PR: 7, Comment: true, PlanFile: "plan.md", GitHub: workspace.GitHubOptions{Repo: "o/r", Token: "t", Login: "roster-bot"}}},
		{[]string{"add", "-l", "reports:owner", "-l", "announce", "--name", "Ada", "--github", "@ada-x", "--affiliation", "Example", "Ada@Example.org"}, nil,
			workspace.AddOptions{File: "members.toml", Email: "Ada@Example.org", Name: "Ada", GitHub: "@ada-x", Affiliation: "Example",
				Lists: []workspace.ListRole{{List: "reports", Role: members.RoleOwner, Written: true}, {List: "announce", Role: members.RoleMember}}}},
		{[]string{"add", "--list", "reports", "--by", " ada-x ", "--method", "video-call", "--note", "n", "new@example.org"}, nil,
			workspace.AddOptions{File: "members.toml", Email: "new@example.org", Lists: []workspace.ListRole{{List: "reports", Role: members.RoleMember}},
				Vetting: &members.Vetting{By: "ada-x", Method: "video-call", Note: "n", On: day2026}}},
		{[]string{"vet", "lin@example.org", "--by", "ada-x", "--method", "video-call", "--note", "n", "--evidence", "https://example.org", "--on", "2026-11-01"}, nil,
			workspace.VetOptions{File: "members.toml", Email: "lin@example.org", Vetting: members.Vetting{By: "ada-x", Method: "video-call", Note: "n", Evidence: "https://example.org", On: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}}},
		{[]string{"role", "lin@example.org", "--list", "reports", "OWNER"}, nil, workspace.RoleOptions{File: "members.toml", Email: "lin@example.org", List: "reports", Role: members.RoleOwner}},
		{[]string{"remove", "lin@example.org", "--list", "reports"}, nil, workspace.RemoveOptions{File: "members.toml", Email: "lin@example.org", Lists: []string{"reports"}}},
		{[]string{"fmt", "--check"}, nil, workspace.FmtOptions{File: "members.toml", Check: true}},
		{[]string{"fmt"}, map[string]string{"ROSTER_FILE": "lists/team.toml"}, workspace.FmtOptions{File: "lists/team.toml"}},
		{[]string{"import", "--list", "reports", "--from-csv", "export.csv"}, nil, workspace.ImportOptions{File: "members.toml", List: "reports", FromCSV: "export.csv", Live: live}},
		{[]string{"history", "--member", "ada@example.org", "--since", "2026-01-01", "--until", "HEAD", "--format", "csv"}, nil,
			workspace.HistoryOptions{File: "members.toml", Format: report.CSV, Member: "ada@example.org", Since: "2026-01-01", Until: "HEAD"}},
		{[]string{"diff", "main", "feature", "--exit-code", "--format", "json"}, nil, workspace.DiffOptions{File: "members.toml", Format: report.JSON, From: "main", To: "feature", ExitCode: true}},
		{[]string{"show", "--at", "2026-03-31", "--list", "reports"}, nil, workspace.ShowOptions{File: "members.toml", Format: report.Text, Lists: []string{"reports"}, At: "2026-03-31"}},
		{[]string{"doctor", "--format", "json"}, nil, workspace.DoctorOptions{File: "members.toml", Format: report.JSON, Live: live}},
		{[]string{"site", "--out", "site", "--public"}, nil, workspace.SiteOptions{File: "members.toml", Out: "site", Public: true, At: day2026}},
		{[]string{"site", "--out", "site", "--list", "reports"}, nil, workspace.SiteOptions{File: "members.toml", Out: "site", At: day2026, Lists: []string{"reports"}}},
		{[]string{"site", "--out", "site", "--live", "--emulator"}, nil, workspace.SiteOptions{File: "members.toml", Out: "site", At: day2026,
			Live: func() *workspace.LiveOptions {
				lo := withLive(func(lo *workspace.LiveOptions) { lo.Emulator = true })
				return &lo
			}()}},
		{[]string{"emulator"}, nil, workspace.EmulatorOptions{File: "members.toml", Listen: "127.0.0.1:8089", Server: emulator.Options{Seed: 1, Quota: emulator.Quota{Calls: 2400, Per: time.Minute}}}},
		{[]string{"emulator", "--listen", "127.0.0.1:0", "--state", "d.json", "--group", "g@example.org", "--fail-rate", "0.1", "--fail-after-rate", "0.2", "--latency", "300ms",
			"--quota", "none", "--seed", "7", "--log-delay", "admin=5m", "--create-lag", "2s", "--admin", "root@example.org", "--client-id", "42", "--service-account", "Roster@p.iam.gserviceaccount.com=105"}, nil,
			workspace.EmulatorOptions{File: "members.toml", Listen: "127.0.0.1:0", State: "d.json", Groups: []string{"g@example.org"}, Server: emulator.Options{
				Seed: 7, FailRate: 0.1, FailAfterRate: 0.2, Latency: 300 * time.Millisecond, LogDelay: map[string]time.Duration{"admin": 5 * time.Minute},
				CreateLag: 2 * time.Second, Admin: "root@example.org", ClientID: "42", ServiceAccounts: map[string]string{"roster@p.iam.gserviceaccount.com": "105"}},
				Flags: []string{"--state", "d.json", "--seed", "7", "--fail-rate", "0.1", "--fail-after-rate", "0.2", "--latency", "300ms",
					"--quota", "none", "--log-delay", "admin=5m", "--create-lag", "2s", "--admin", "root@example.org", "--client-id", "42", "--group", "g@example.org", "--service-account", "Roster@p.iam.gserviceaccount.com=105"}}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parse(t, tt.vars, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty(), cmpopts.IgnoreUnexported(emulator.Options{}, members.Located{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestFlagRules: values out of range and flags that contradict each
// other are refused before anything runs, each saying what to write.
func TestFlagRules(t *testing.T) {
	tests := []struct {
		args []string
		vars map[string]string
		want string
	}{
		{[]string{"validate", "--format", "xml"}, nil, `--format "xml" is not offered here; use one of text, json, github`},
		{[]string{"validate", "--at", "24/11/2026"}, nil, "write a date as YYYY-MM-DD"},
		// --at reads a day as --on does: the same mistake, the same words.
		{[]string{"validate", "--at", "2026-11-4"}, nil, "--at 2026-11-4: write the month and the day with two digits: did you mean 2026-11-04?"},
		{[]string{"audit", "--at", "2026-02-30"}, nil, "--at 2026-02-30 is not a day that exists (February 2026 has 28 days): did you mean 2026-02-28?"},
		{[]string{"validate", "--at", "2026-02-30"}, nil, "--at 2026-02-30 is not a day that exists"},
		{[]string{"plan", "--emulator", "--endpoint", "http://127.0.0.1:9/"}, nil, "--emulator and --endpoint (or $ROSTER_GOOGLE_ENDPOINT) both name the live side"},
		{[]string{"sync", "--emulator"}, map[string]string{"ROSTER_GOOGLE_ENDPOINT": "http://127.0.0.1:9/"}, "both name the live side"},
		{[]string{"plan", "--emulator", "--credentials", "nope.json"}, nil, "--credentials has no use with --emulator"},
		{[]string{"sync", "--emulator", "--subject", "a@example.org"}, nil, "--subject has no use with --emulator"},
		{[]string{"doctor", "--emulator", "--impersonate-service-account", "sa@p.iam.gserviceaccount.com"}, nil, "--impersonate-service-account has no use with --emulator"},
		{[]string{"plan", "--head", "refs/roster/pr"}, nil, "--head needs --base"},
		{[]string{"plan", "--base", "main", "--changed-since", "2h"}, nil, "--changed-since is for scheduled runs"},
		{[]string{"plan", "--format", "github"}, nil, "is not offered here"},
		{[]string{"sync", "--format", "markdown"}, nil, "is not offered here"},
		// Written as a window but out of range: which way, not how to
		// write one.
		{[]string{"sync", "--changed-since", "0d"}, nil, `--changed-since "0d": the window must be longer than zero, like 2h or 7d`},
		{[]string{"sync", "--changed-since", "0w"}, nil, `--changed-since "0w": the window must be longer than zero`},
		{[]string{"sync", "--changed-since", "0s"}, nil, `--changed-since "0s": the window must be longer than zero`},
		{[]string{"sync", "--changed-since", "-1h"}, nil, `--changed-since "-1h": the window must be longer than zero`},
		{[]string{"sync", "--changed-since", "soon"}, nil, `--changed-since "soon": write a window like 2h, 90m, 7d or 1w, of at most 3650d`},
		{[]string{"sync", "--changed-since", "2H"}, nil, `--changed-since "2H": write 2h (units are lower case: s, m, h, d, w, y)`},
		{[]string{"plan", "--changed-since", "7D"}, nil, `--changed-since "7D": write 7d (units are lower case`},
		{[]string{"sync", "--changed-since", "2X"}, nil, `--changed-since "2X": write a window like 2h`},
		{[]string{"sync", "--changed-since", "4000d"}, nil, `--changed-since "4000d" is too long: write at most 3650d`},
		{[]string{"sync", "--changed-since", "11y"}, nil, `--changed-since "11y" is too long: write at most 3650d`},
		{[]string{"audit", "--upcoming", "18mo"}, nil, `--upcoming "18mo": roster counts days, weeks and years, not months; write "548d" or "78w"`},
		{[]string{"sync", "--changed-since", "99999999999999999999d"}, nil, `--changed-since "99999999999999999999d" is too long: write at most 3650d`},
		{[]string{"sync", "--changed-since", "999999999999h"}, nil, `--changed-since "999999999999h" is too long: write at most 3650d`},
		{[]string{"plan", "--rate", "NaN"}, nil, "--rate NaN: give a number from 0.01 to 1000000"},
		{[]string{"plan", "--rate", "Inf"}, nil, "--rate"},
		{[]string{"plan", "--rate", "-5"}, nil, "--rate"},
		{[]string{"plan", "--rate", "0"}, nil, "--rate"},
		{[]string{"sync", "--concurrency", "0"}, nil, "--concurrency 0: give a whole number from 1 to 1000"},
		{[]string{"sync", "--concurrency", "1001"}, nil, "--concurrency"},
		{[]string{"sync", "--max-removals", "-1"}, nil, "--max-removals -1"},
		{[]string{"sync", "--max-removal-ratio", "NaN"}, nil, "--max-removal-ratio NaN"},
		{[]string{"sync", "--max-removal-ratio", "1.5"}, nil, "--max-removal-ratio 1.5"},
		{[]string{"sync", "--max-removal-ratio", "-0.1"}, nil, "--max-removal-ratio -0.1"},
		{[]string{"sync", "--max-removal-ratio", "+Inf"}, nil, "--max-removal-ratio +Inf"},
		{[]string{"sync", "--retry-base", "2m"}, nil, "--retry-base 2m: give a duration from 0 to 1m"},
		{[]string{"sync", "--retry-base", "-1s"}, nil, "--retry-base"},
		{[]string{"sync", "--call-timeout", "2h"}, nil, "--call-timeout 2h: give a duration from 1s to 1h"},
		{[]string{"sync", "--call-timeout", "10ms"}, nil, "--call-timeout 10ms: give a duration from 1s to 1h"},
		{[]string{"sync", "--call-timeout", "-1s"}, nil, "--call-timeout -1s"},
		// Repeated as written, not as Go prints it (1h30m0s).
		{[]string{"sync", "--call-timeout", "90m"}, nil, "--call-timeout 90m: give a duration from 1s to 1h"},
		{[]string{"sync", "--call-timeout", "0.5s"}, nil, "--call-timeout 0.5s: give a duration from 1s to 1h"},
		{[]string{"sync", "--read-timeout", "30s"}, nil, "--read-timeout 30s: give a duration from 1m to 24h"},
		{[]string{"sync", "--read-timeout", "25h"}, nil, "--read-timeout 25h: give a duration from 1m to 24h"},
		{[]string{"plan", "--read-timeout", "2m", "--call-timeout", "3m"}, nil, "--read-timeout (2m) is shorter than --call-timeout (3m)"},
		{[]string{"emulator", "--latency", "1.5m"}, nil, "--latency 1.5m: give a duration from 0 to 1m"},
		{[]string{"emulator", "--create-lag", "7200s"}, nil, "--create-lag 7200s: give a duration from 0 to 1h"},
		{[]string{"apply", "--list", "reports", "plan.json"}, nil, "apply takes the lists from the plan"},
		{[]string{"audit", "--list", "reports", "--github-issue"}, nil, "--github-issue keeps one issue for every list; drop --list"},
		// --live and --github-issue are about now: not as of a day gone
		// by, nor of one to come (a reminder would ping vetters for
		// lapses that have not happened).
		{[]string{"audit", "--live", "--emulator", "--at", "2026-01-01"}, nil, "--at 2026-01-01 audits the file as it stood then, and --live and --github-issue are about now: drop one of them"},
		{[]string{"audit", "--github-issue", "--at", "2026-01-01"}, nil, "audits the file as it stood then"},
		{[]string{"audit", "--github-issue", "--at", "2029-11-24"}, nil, "--at 2029-11-24 audits the file as of a day to come"},
		{[]string{"audit", "--live", "--emulator", "--at", "2026-11-25"}, nil, "as of a day to come"},
		{[]string{"site", "--out", "s", "--live", "--emulator", "--at", "2099-01-01"}, nil, "--at 2099-01-01 builds the site as of a day to come, and --live reads the groups as they are now"},
		{[]string{"site", "--out", "s", "--live", "--emulator", "--at", "2026-01-01"}, nil, "--at 2026-01-01 builds the site as it stood then, and --live reads the groups as they are now"},
		{[]string{"history", "--since", "2026-05-01", "--until", "2026-01-01"}, nil, "--since 2026-05-01 is after --until 2026-01-01: no commit can be in that window; swap them"},
		{[]string{"audit", "--emulator"}, nil, "--emulator reads the live groups; add --live"},
		{[]string{"audit", "--endpoint", "http://127.0.0.1:9/"}, nil, "--endpoint reads the live groups; add --live"},
		{[]string{"audit", "--changed-since", "2h"}, nil, "--changed-since reads the live groups; add --live"},
		{[]string{"audit", "--no-attribution"}, nil, "--no-attribution reads the live groups; add --live"},
		{[]string{"audit", "--upcoming", "soon"}, nil, `--upcoming "soon": write a window of days, weeks or years like 30d, 12w or 1y`},
		{[]string{"audit", "--upcoming", "2h"}, nil, "--upcoming \"2h\""},
		// Written as a window, but out of range: say which way, not how
		// to write one.
		{[]string{"audit", "--upcoming", "0d"}, nil, `--upcoming "0d": the window must be longer than zero, like 30d`},
		{[]string{"audit", "--upcoming", "-5d"}, nil, `--upcoming "-5d": the window must be longer than zero, like 30d`},
		{[]string{"audit", "--upcoming", "99999999y"}, nil, `--upcoming "99999999y" is too long: write at most 100y`},
		{[]string{"audit", "--upcoming", "101y"}, nil, `--upcoming "101y" is too long: write at most 100y`},
		{[]string{"audit", "--upcoming", "9223372036854775807y"}, nil, `--upcoming "9223372036854775807y" is too long: write at most 100y`},
		{[]string{"audit", "--upcoming", "99999999999999999999d"}, nil, `--upcoming "99999999999999999999d" is too long: write at most 100y`},
		// A Go duration too long to hold is out of the flag's range, not
		// "not a duration".
		{[]string{"sync", "--call-timeout", "999999999999h"}, nil, "--call-timeout 999999999999h: give a duration from 1s to 1h"},
		{[]string{"emulator", "--create-lag", "999999999999999h"}, nil, "--create-lag 999999999999999h: give a duration from 0 to 1h"},
		{[]string{"audit", "--live", "--rate", "NaN"}, nil, "--rate"},
		{[]string{"review"}, nil, "review needs --base REV"},
		{[]string{"review", "--base", "HEAD", "--comment"}, nil, "--comment needs --github-pr N"},
		{[]string{"role", "--list", "reports", "lin@example.org", "manger"}, nil, `role "manger": use owner, manager or member; did you mean manager?`},
		{[]string{"role", "--list", "reports:owner", "lin@example.org"}, nil, `roster role takes the role as its last argument, not in --list: roster role lin@example.org --list reports owner (see roster role --help)`},
		// A role mistyped there: the command given is one that runs.
		{[]string{"role", "--list", "reports:manger", "lin@example.org"}, nil, `roster role takes the role as its last argument, not in --list: roster role lin@example.org --list reports manager (role "manger": use owner, manager or member; did you mean manager?) (see roster role --help)`},
		// The role in --list and as the last argument too: not "no such
		// list reports:owner".
		{[]string{"role", "lin@example.org", "--list", "reports:owner", "manager"}, nil, `roster role takes the role as its last argument only, and --list reports:owner names a second one (owner): roster role lin@example.org --list reports manager, or roster role lin@example.org --list reports owner (see roster role --help)`},
		{[]string{"role", "lin@example.org", "--list", "reports:owner", "owner"}, nil, `roster role takes the role as its last argument only, not in --list too: roster role lin@example.org --list reports owner (see roster role --help)`},
		{[]string{"vet", "--by", "ada-x", "--method", "video-call", "--note", "n", "--on", "2026-13-01", "lin@example.org"}, nil, "there is no month 13); write the day the vetting happened as YYYY-MM-DD"},
		// The command a missing record's message prints, run as printed.
		{[]string{"vet", "x@example.org", "--by", "WHO", "--method", "METHOD", "--note", "TEXT"}, nil, "replace WHO with who vetted x@example.org (their GitHub handle, as the file writes it), METHOD with how they did, TEXT with what was checked; nothing was written"},
		{[]string{"review", "--base", "HEAD", "--plan", "plan.md"}, nil, "--plan is posted as a comment on the pull request; add --comment"},
		{[]string{"review", "--base", "HEAD", "--github-pr", "7", "--approved-by", "ada-x"}, nil, "with --github-pr they come from GitHub"},
		{[]string{"review", "--base", "HEAD", "--github-pr", "7", "--author", "ada-x"}, nil, "with --github-pr they come from GitHub"},
		{[]string{"review", "--base", "HEAD", "--github-pr", "-1"}, nil, "--github-pr -1"},
		{[]string{"add", "--list", "reports", "ada at example.org"}, nil, "invalid email address"},
		{[]string{"add", "--list", "reports", "Ada <ada2@example.org>"}, nil, "without a display name"},
		{[]string{"add", "--list", "reports:admin", "new@example.org"}, nil, `role "admin"`},
		{[]string{"add", "--list", ":owner", "new@example.org"}, nil, "write a list id"},
		{[]string{"add", "new@example.org"}, nil, "add needs at least one --list ID[:role]"},
		{[]string{"add", "--list", "reports", "--by", "ada-x", "new@example.org"}, nil, "a vetting record needs --by, --method and --note"},
		{[]string{"add", "--list", "reports", "--note", "n", "new@example.org"}, nil, "a vetting record needs --by, --method and --note"},
		{[]string{"add", "--list", "reports", "--by", "ada-x", "--method", "video-call", "new@example.org"}, nil, "a vetting record needs --by, --method and --note (what was checked)"},
		{[]string{"vet", "--method", "video-call", "--note", "n", "lin@example.org"}, nil, "vet needs --by"},
		{[]string{"vet", "--by", "ada-x", "--note", "n", "lin@example.org"}, nil, "vet needs --method"},
		{[]string{"vet", "--by", "ada-x", "--method", "video-call", "lin@example.org"}, nil, "vet needs --note"},
		{[]string{"vet", "--by", "ada-x", "--method", "video-call", "--note", " ", "lin@example.org"}, nil, "vet needs --note"},
		{[]string{"vet", "--by", "ada-x", "--method", "video-call", "--note", "n", "--on", "yesterday", "lin@example.org"}, nil, `--on "yesterday" is not a date; write the day the vetting happened as YYYY-MM-DD, like 2026-11-24 (today); nothing was written`},
		{[]string{"role", "lin@example.org", "owner"}, nil, "role needs exactly one --list ID"},
		{[]string{"role", "lin@example.org", "--list", "a", "--list", "b", "owner"}, nil, "role needs exactly one --list ID"},
		{[]string{"role", "lin@example.org", "--list", "a", "boss"}, nil, `role "boss": use owner, manager or member`},
		{[]string{"import"}, nil, "import needs exactly one --list"},
		{[]string{"import", "--list", "a", "--list", "b"}, nil, "import needs exactly one --list"},
		{[]string{"history", "--format", "markdown"}, nil, "is not offered here"},
		{[]string{"show"}, nil, "show needs --at REV or --at YYYY-MM-DD"},
		{[]string{"site"}, nil, "site needs --out DIR"},
		{[]string{"site", "--out", "s", "--emulator"}, nil, "--emulator and --endpoint read the live groups for the drift section; add --live"},
		{[]string{"site", "--out", "s", "--at", "tomorrow"}, nil, "YYYY-MM-DD"},
		{[]string{"doctor", "--format", "markdown"}, nil, "is not offered here"},
		{[]string{"emulator", "--quota", "lots"}, nil, "--quota:"},
		{[]string{"emulator", "--fail-rate", "2"}, nil, "--fail-rate 2"},
		{[]string{"emulator", "--fail-after-rate", "NaN"}, nil, "--fail-after-rate NaN"},
		{[]string{"emulator", "--latency", "2m"}, nil, "--latency 2m: give a duration from 0 to 1m"},
		{[]string{"emulator", "--service-account", "roster@p.iam.gserviceaccount.com"}, nil, `--service-account: "roster@p.iam.gserviceaccount.com": write EMAIL=ID`},
		{[]string{"emulator", "--service-account", "roster@p=abc"}, nil, "the key's client_email and its client_id (digits)"},
		{[]string{"emulator", "--log-delay", "admin"}, nil, "--log-delay:"},
		{[]string{"emulator", "--create-lag", "2h"}, nil, "--create-lag 2h:"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parse(t, tt.vars, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %+v, error %v; want an error with %q", got, err, tt.want)
			}
		})
	}
}

// TestCheckNumbers: the range checks refuse what strconv accepts and no
// one means.
func TestCheckNumbers(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -0.5, 1.5} {
		if checkFloat("x", v, 0, 1) == nil {
			t.Errorf("checkFloat accepts %v", v)
		}
	}
	for _, v := range []float64{0, 0.25, 1} {
		if err := checkFloat("x", v, 0, 1); err != nil {
			t.Errorf("checkFloat refuses %v: %v", v, err)
		}
	}
	if checkInt("x", -1, 0, 5) == nil || checkInt("x", 6, 0, 5) == nil || checkInt("x", 5, 0, 5) != nil {
		t.Error("checkInt does not keep to [0, 5]")
	}
}

// TestFormatFlags: each command's --format accepts exactly the formats
// its flag offers (what completion offers), and its help names them.
func TestFormatFlags(t *testing.T) {
	app := newApp(&env{})
	all := []report.Format{report.Text, report.JSON, report.Markdown, report.GitHub, report.CSV}
	n := 0
	for _, c := range app.Commands {
		formats := formatsOf(c)
		if formats == nil || parsers[c.Name] == nil {
			continue
		}
		n++
		for _, f := range all {
			args := append([]string{c.Name, "--format", string(f)}, requiredFlags[c.Name]...)
			_, err := parse(t, nil, args...)
			offered := slices.Contains(formats, f)
			refused := err != nil && strings.Contains(err.Error(), "is not offered here")
			if offered == refused {
				t.Errorf("%s --format %s: offered %v, parse says %v", c.Name, f, offered, err)
			}
			var usage string
			for _, fl := range c.Flags {
				if ff, ok := fl.(*formatFlag); ok {
					usage = ff.Usage
				}
			}
			if offered && !strings.Contains(usage, string(f)) {
				t.Errorf("%s --help does not name the format %s: %q", c.Name, f, usage)
			}
		}
	}
	if n < 8 {
		t.Errorf("checked only %d commands", n)
	}
}

// requiredFlags are what each command needs to parse at all.
var requiredFlags = map[string][]string{
	"show": {"--at", "HEAD"}, "review": {"--base", "HEAD"}, "diff": {"HEAD"}, "apply": {"plan.json"},
}
