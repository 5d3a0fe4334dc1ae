package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/history/historytest"
	yaml "go.yaml.in/yaml/v3"
)

func readYAML(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	var docs []map[string]any
	for {
		var d map[string]any
		if err := dec.Decode(&d); err != nil {
			if err.Error() == "EOF" {
				return docs
			}
			t.Fatalf("%s: %v", path, err)
		}
		docs = append(docs, d)
	}
}

// dig walks a decoded YAML document by keys and list indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// checkFlags fails for any --flag of a roster command line the command
// does not define.
func checkFlags(t *testing.T, where string, args []string) {
	t.Helper()
	app := newApp(&env{})
	args = reorder(app, append([]string{"roster"}, args...))[1:]
	var cmd *cli.Command
	known := flagTable(app.Flags)
	for _, a := range args {
		if a == "--" {
			break
		}
		if cmd == nil && !isFlag(a) {
			if cmd = findCommand(app, a); cmd == nil {
				t.Errorf("%s: roster has no command %q", where, a)
				return
			}
			known = flagTable(cmd.Flags)
			continue
		}
		if _, ok := lookup(known, a); !ok && isFlag(a) {
			t.Errorf("%s: %q is not a flag of roster %s", where, a, cmd.Name)
		}
	}
}

// TestKubernetesExample: the CronJob's roster container reads the file
// where git-sync links it, with the whole history, as the Kubernetes
// account that Workload Identity binds to the account it impersonates,
// from a pinned image, within limits; every flag it passes exists.
func TestKubernetesExample(t *testing.T) {
	docs := readYAML(t, filepath.Join("..", "..", "examples", "kubernetes", "cronjob.yaml"))
	var sa, cron map[string]any
	for _, d := range docs {
		switch d["kind"] {
		case "ServiceAccount":
			sa = d
		case "CronJob":
			cron = d
		}
	}
	if sa == nil || cron == nil {
		t.Fatalf("want a ServiceAccount and a CronJob, got %d documents", len(docs))
	}
	pod := dig(cron, "spec", "jobTemplate", "spec", "template", "spec")
	if dig(pod, "serviceAccountName") != dig(sa, "metadata", "name") {
		t.Errorf("the pod runs as %v, not the annotated service account %v", dig(pod, "serviceAccountName"), dig(sa, "metadata", "name"))
	}
	gsa, _ := dig(sa, "metadata", "annotations", "iam.gke.io/gcp-service-account").(string)
	fetch := strs(dig(pod, "initContainers", 0, "args"))
	flag := func(args []string, name string) string {
		for _, a := range args {
			if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
				return v
			}
		}
		return ""
	}
	root, link := flag(fetch, "root"), flag(fetch, "link")
	if root == "" || link == "" || flag(fetch, "depth") != "0" {
		t.Errorf("git-sync needs --root, --link and --depth=0 (full history): %v", fetch)
	}
	roster := dig(pod, "containers", 0).(map[string]any)
	args := strs(roster["args"])
	if want := root + "/" + link + "/members.toml"; flag(args, "file") != want {
		t.Errorf("roster reads %s; git-sync links the checkout at %s", flag(args, "file"), want)
	}
	if flag(args, "impersonate-service-account") != gsa || gsa == "" {
		t.Errorf("roster impersonates %q; Workload Identity binds %q", flag(args, "impersonate-service-account"), gsa)
	}
	mounted := func(c any) string {
		for _, m := range dig(c, "volumeMounts").([]any) {
			if dig(m, "mountPath") == root {
				return dig(m, "name").(string)
			}
		}
		return ""
	}
	if v := mounted(roster); v == "" || v != mounted(dig(pod, "initContainers", 0)) {
		t.Errorf("git-sync and roster do not share a volume at %s", root)
	}
	image := roster["image"].(string)
	if !regexp.MustCompile(`:v\d+\.\d+\.\d+(@sha256:[0-9a-f]{64})?$`).MatchString(image) {
		t.Errorf("image %s is not pinned to a release", image)
	}
	for _, c := range []any{roster, dig(pod, "initContainers", 0)} {
		if dig(c, "resources", "limits", "memory") == nil {
			t.Errorf("container %v has no memory limit", dig(c, "name"))
		}
	}
	checkFlags(t, "cronjob.yaml", args)
	// Hardening, on every CronJob: no API token, the runtime's seccomp
	// profile, and on every container (init containers too) a non-root
	// user, a read-only root, no escalation, no capabilities.
	for _, d := range docs {
		if d["kind"] != "CronJob" {
			continue
		}
		name := dig(d, "metadata", "name")
		pod := dig(d, "spec", "jobTemplate", "spec", "template", "spec")
		if dig(pod, "automountServiceAccountToken") != false {
			t.Errorf("CronJob %v mounts a Kubernetes API token", name)
		}
		// A run that hangs must not hold the schedule (concurrencyPolicy
		// Forbid) for ever: the Job has a deadline.
		if d, ok := dig(d, "spec", "jobTemplate", "spec", "activeDeadlineSeconds").(int); !ok || d <= 0 {
			t.Errorf("CronJob %v has no activeDeadlineSeconds", name)
		}
		if dig(pod, "securityContext", "seccompProfile", "type") != "RuntimeDefault" {
			t.Errorf("CronJob %v has no RuntimeDefault seccomp profile", name)
		}
		var all []any
		for _, k := range []string{"initContainers", "containers"} {
			if l, ok := dig(pod, k).([]any); ok {
				all = append(all, l...)
			}
		}
		for _, c := range all {
			sc := dig(c, "securityContext")
			caps, _ := dig(sc, "capabilities", "drop").([]any)
			if dig(sc, "runAsNonRoot") != true || dig(sc, "readOnlyRootFilesystem") != true ||
				dig(sc, "allowPrivilegeEscalation") != false || len(caps) != 1 || caps[0] != "ALL" {
				t.Errorf("CronJob %v container %v: want runAsNonRoot, readOnlyRootFilesystem, allowPrivilegeEscalation: false, capabilities drop ALL; got %v", name, dig(c, "name"), sc)
			}
		}
	}
}

// rosterLines returns the roster command lines of a shell script, with
// their continuation lines joined.
func rosterLines(script string) [][]string {
	script = strings.ReplaceAll(script, "\\\n", " ")
	var out [][]string
	for _, m := range regexp.MustCompile(`(?m)^\s*roster\s+(.*)$`).FindAllStringSubmatch(script, -1) {
		out = append(out, m)
	}
	return out
}

// TestGitHubActionsExample: the examples install the release the action
// bakes in; every action is pinned by commit; the gate runs from the base
// branch on pull_request_target and pull_request_review, checks out only
// the base and keeps no credentials; only the sync job holds the writer,
// on main, in its environment; every checkout fetches all history; every
// roster flag exists.
func TestGitHubActionsExample(t *testing.T) {
	root := filepath.Join("..", "..")
	action := readYAML(t, filepath.Join(root, "action.yml"))[0]
	var version string
	for _, step := range dig(action, "runs", "steps").([]any) {
		if v, ok := dig(step, "env", "ROSTER_VERSION").(string); ok {
			version = v
		}
	}
	if !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(version) {
		t.Fatalf("action.yml bakes in ROSTER_VERSION %q, not a release", version)
	}
	pinned := regexp.MustCompile(`^[^@\s]+@[0-9a-f]{40}$`)
	jobs := map[string]map[string]any{}
	for _, name := range []string{"review.yml", "roster.yml"} {
		path := filepath.Join(root, "examples", "github-actions", name)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(raw), "cmd/roster@"+version) {
			t.Errorf("%s does not install roster %s, the action's release", name, version)
		}
		wf := readYAML(t, path)[0]
		for jname, job := range dig(wf, "jobs").(map[string]any) {
			jobs[name+" "+jname] = job.(map[string]any)
			// GitHub's own limit is six hours, during which a hung sync
			// holds its concurrency group and no other run starts.
			if m, ok := dig(job, "timeout-minutes").(int); !ok || m <= 0 || m > 60 {
				t.Errorf("%s job %s has no timeout-minutes of at most an hour", name, jname)
			}
			if strings.Contains(marshal(t, job), "ROSTER_SERVICE_ACCOUNT") && (name != "roster.yml" || jname != "sync") {
				t.Errorf("%s job %s uses the write service account", name, jname)
			}
			for _, step := range dig(job, "steps").([]any) {
				u, _ := dig(step, "uses").(string)
				if u != "" && !pinned.MatchString(u) {
					t.Errorf("%s job %s: %s is not pinned by a full commit", name, jname, u)
				}
				if strings.HasPrefix(u, "actions/checkout@") {
					if dig(step, "with", "fetch-depth") != 0 {
						t.Errorf("%s job %s checks out a shallow clone; history needs fetch-depth: 0", name, jname)
					}
					if dig(step, "with", "persist-credentials") != false {
						t.Errorf("%s job %s leaves the token in .git/config (persist-credentials)", name, jname)
					}
					if name == "review.yml" && dig(step, "with", "ref") != "${{ github.event.pull_request.base.ref }}" {
						t.Errorf("review.yml job %s checks out %v, not the base branch", jname, dig(step, "with", "ref"))
					}
				}
				if run, _ := dig(step, "run").(string); run != "" {
					for _, m := range rosterLines(run) {
						line := regexp.MustCompile(`"\$\{\{[^}]*\}\}"`).ReplaceAllString(m[1], "X")
						checkFlags(t, name+" job "+jname, strings.Fields(line))
					}
				}
			}
		}
		if name == "review.yml" {
			on, _ := dig(wf, "on").(map[string]any)
			if _, ok := on["pull_request"]; ok {
				t.Error("review.yml runs on pull_request: GitHub would run the pull request's own copy of the gate")
			}
			if on["pull_request_target"] == nil || on["pull_request_review"] == nil {
				t.Errorf("review.yml must run on pull_request_target and pull_request_review, runs on %v", on)
			}
		}
	}
	sync := jobs["roster.yml sync"]
	if cond, _ := dig(sync, "if").(string); !strings.Contains(cond, "refs/heads/main") {
		t.Errorf("the sync job runs off main: if %q", cond)
	}
	if dig(sync, "environment") != "roster-sync" {
		t.Errorf("the sync job is not in environment roster-sync, which holds the writer")
	}
	if group, _ := dig(sync, "concurrency", "group").(string); group == "" {
		t.Error("the sync job sets no concurrency group")
	} else if hourly := dig(readYAML(t, filepath.Join(root, "examples", "github-actions", "roster.yml"))[0], "on", "schedule").([]any)[0]; !strings.Contains(group, fmt.Sprint(dig(hourly, "cron"))) {
		// GitHub keeps one waiting run per group, and a newer one
		// cancels it: an hourly run must queue apart from the nightly.
		t.Errorf("the hourly and the full syncs share the concurrency group %q: an hourly run would cancel the waiting nightly one", group)
	}
	if dig(jobs["review.yml plan"], "environment") != "roster-plan" {
		t.Error("the plan job is not in environment roster-plan, which holds the reader")
	}
	// The action's own roster command lines.
	for _, step := range dig(action, "runs", "steps").([]any) {
		run, _ := dig(step, "run").(string)
		for _, m := range rosterLines(run) {
			line := regexp.MustCompile(`\$\{[A-Z_]+:\+[^}]*\}|"\$\{[^}]*\}"|"\$[A-Z_]+"`).ReplaceAllString(m[1], "X")
			checkFlags(t, "action.yml", strings.Fields(line))
		}
	}
	if _, ok := dig(action, "inputs", "require-approval").(map[string]any); ok {
		t.Error("action.yml has a require-approval input: a switch that turns a missing approval green")
	}
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	out, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestReviewPlanStepPostsWhatSyncWouldRefuse runs the review workflow's
// plan step with a stand-in roster: a plan that exits 1 (a change sync
// would refuse, shown BLOCKED) is still posted, and turns the job red;
// an error with no plan posts nothing; 0 and 2 post and pass.
func TestReviewPlanStepPostsWhatSyncWouldRefuse(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	wf := readYAML(t, filepath.Join("..", "..", "examples", "github-actions", "review.yml"))[0]
	var script string
	for _, step := range dig(wf, "jobs", "plan", "steps").([]any) {
		if dig(step, "id") == "plan" {
			script, _ = dig(step, "run").(string)
		}
	}
	if script == "" {
		t.Fatal("review.yml has no step with id plan")
	}
	for _, tc := range []struct {
		name   string
		print  string
		code   int
		posted bool
	}{
		{"nothing to do", "### roster plan\nup to date\n", 0, true},
		{"pending", "### roster plan\n+ lin\n", 2, true},
		{"a change sync would refuse", "### roster plan\n+ lin BLOCKED\n", 1, true},
		{"an error, no plan", "", 1, false},
		{"interrupted", "### roster plan\n", 130, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			bin := filepath.Join(dir, "bin")
			if err := os.Mkdir(bin, 0o755); err != nil {
				t.Fatal(err)
			}
			stub := fmt.Sprintf("#!/bin/sh\nprintf '%%s' '%s'\nexit %d\n", tc.print, tc.code)
			if err := os.WriteFile(filepath.Join(bin, "roster"), []byte(stub), 0o755); err != nil {
				t.Fatal(err)
			}
			output := filepath.Join(dir, "output")
			cmd := exec.Command("bash", "-e", "-c", script)
			cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "RUNNER_TEMP="+dir, "GITHUB_OUTPUT="+output, "BASE=b", "HEAD=h", "READER=r", "ADMIN=a")
			err := cmd.Run()
			code := 0
			if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			wantCode := tc.code
			if wantCode == 2 {
				wantCode = 0
			}
			got, _ := os.ReadFile(output)
			if code != wantCode || strings.Contains(string(got), "roster plan") != tc.posted {
				t.Errorf("exit %d (want %d), output %q (posted: want %v)", code, wantCode, got, tc.posted)
			}
		})
	}
}

// TestActionRefusesAWorkspaceHoldingThePullRequest runs the action's
// workspace check in a repository with the base branch, the pull
// request's head and its merge commit: checked out at the base it
// passes; at the head, at the merge commit (refs/pull/N/merge, the
// best-known unsafe checkout), on a branch that is not the base (a head
// force-pushed since, not fetched), or with a file of the pull request
// copied into the base's tree, the gate has lost and refuses; once the
// pull request is merged the base holds its head rightly.
func TestActionRefusesAWorkspaceHoldingThePullRequest(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	action := readYAML(t, filepath.Join("..", "..", "action.yml"))[0]
	var script string
	for _, step := range dig(action, "runs", "steps").([]any) {
		if dig(step, "name") == "Check the event and the workspace" {
			script, _ = dig(step, "run").(string)
		}
	}
	if script == "" {
		t.Fatal("action.yml has no step named Check the event and the workspace")
	}
	repo := historytest.New(t)
	repo.Commit("members.toml", "schema = 1\n", "Base")
	base := repo.Git("rev-parse", "HEAD")
	repo.Git("checkout", "-q", "-b", "pr")
	repo.Commit("hook.sh", "echo the pull request's\n", "The pull request")
	head := repo.Git("rev-parse", "HEAD")
	repo.Git("checkout", "-q", "--orphan", "other")
	repo.Commit("hook.sh", "echo another tip\n", "Force-pushed, unrelated")
	other := repo.Git("rev-parse", "HEAD")
	repo.Git("checkout", "-q", base)
	repo.Commit("other.txt", "main moved on\n", "Main moves on")
	tip := repo.Git("rev-parse", "HEAD")
	repo.Git("merge", "-q", "--no-ff", "-m", "Merge", head)
	merge := repo.Git("rev-parse", "HEAD")
	for _, tc := range []struct {
		name, at, origin, event, merged, headSHA string
		dirty                                    func()
		refused                                  bool
	}{
		{name: "the base branch", at: tip, origin: tip, event: "pull_request_target", merged: "false", headSHA: head},
		{name: "the pull request's head", at: head, origin: tip, event: "pull_request_target", merged: "false", headSHA: head, refused: true},
		{name: "its merge commit", at: merge, origin: tip, event: "pull_request_target", merged: "false", headSHA: head, refused: true},
		{name: "its merge commit, on a review", at: merge, origin: tip, event: "pull_request_review", merged: "false", headSHA: head, refused: true},
		{name: "a tip force-pushed since, the event's head not fetched", at: other, origin: tip, event: "pull_request_target", merged: "false", headSHA: "0123456789012345678901234567890123456789", refused: true},
		{name: "the base with the pull request's file added", at: tip, origin: tip, event: "pull_request_target", merged: "false", headSHA: head, refused: true,
			dirty: func() { repo.Write("hook.sh", "echo the pull request's\n") }},
		{name: "the base with a file changed", at: tip, origin: tip, event: "pull_request_target", merged: "false", headSHA: head, refused: true,
			dirty: func() { repo.Write("members.toml", "schema = 1\n# changed\n") }},
		{name: "the base branch after the merge", at: merge, origin: merge, event: "pull_request_review", merged: "true", headSHA: head},
		{name: "the base with google-github-actions/auth's credentials file", at: tip, origin: tip, event: "pull_request_target", merged: "false", headSHA: head,
			dirty: func() { repo.Write("gha-creds-0123abcd.json", "{}\n") }},
		{name: "the base with a file named like it in a directory", at: tip, origin: tip, event: "pull_request_target", merged: "false", headSHA: head, refused: true,
			dirty: func() { repo.Write("sub/gha-creds-0123abcd.json", "{}\n") }},
		{name: "the base with thousands of files added (more than a pipe holds)", at: tip, origin: tip, event: "pull_request_target", merged: "false", headSHA: head, refused: true,
			dirty: func() {
				for i := range 3000 {
					repo.Write(fmt.Sprintf("pr/a-long-name-for-a-file-of-the-pull-request-%04d.txt", i), "x\n")
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo.Git("checkout", "-q", "-f", tc.at)
			repo.Git("clean", "-qfd")
			repo.Git("update-ref", "refs/remotes/origin/main", tc.origin)
			if tc.dirty != nil {
				tc.dirty()
			}
			cmd := exec.Command("bash", "-c", script)
			cmd.Dir = repo.Dir
			cmd.Env = append(os.Environ(), "COMMAND=review", "EVENT="+tc.event, "HEAD_SHA="+tc.headSHA, "EVENT_SHA=0000000000000000000000000000000000000000", "MERGED="+tc.merged, "BASE_REF=main")
			out, err := cmd.CombinedOutput()
			if refused := err != nil; refused != tc.refused {
				t.Errorf("refused %v, want %v: %s", refused, tc.refused, out)
			}
		})
	}
}
