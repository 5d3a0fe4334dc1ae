package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
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

// TestGitHubActionsExample: the workflow and the action agree on the
// version; only the sync job, on main, has the write service account; the
// jobs that read history fetch all of it; every roster flag exists.
func TestGitHubActionsExample(t *testing.T) {
	wf := readYAML(t, filepath.Join("..", "..", "examples", "github-actions", "roster.yml"))[0]
	action := readYAML(t, filepath.Join("..", "..", "action.yml"))[0]
	version := dig(action, "inputs", "version", "default").(string)
	jobs := dig(wf, "jobs").(map[string]any)
	raw, _ := os.ReadFile(filepath.Join("..", "..", "examples", "github-actions", "roster.yml"))
	if !strings.Contains(string(raw), "roster-dev/roster@"+version) || !strings.Contains(string(raw), "cmd/roster@"+version) {
		t.Errorf("the workflow does not use roster %s, the action's version", version)
	}
	for name, job := range jobs {
		usesWrite := strings.Contains(marshal(t, job), "ROSTER_SERVICE_ACCOUNT")
		if usesWrite && name != "sync" {
			t.Errorf("job %s uses the write service account", name)
		}
		for _, step := range dig(job, "steps").([]any) {
			if u, _ := dig(step, "uses").(string); strings.HasPrefix(u, "actions/checkout") && dig(step, "with", "fetch-depth") != 0 {
				t.Errorf("job %s checks out a shallow clone; history needs fetch-depth: 0", name)
			}
			if run, _ := dig(step, "run").(string); run != "" {
				for _, m := range rosterLines(run) {
					line := regexp.MustCompile(`"\$\{\{[^}]*\}\}"`).ReplaceAllString(m[1], "X")
					checkFlags(t, "roster.yml job "+name, strings.Fields(line))
				}
			}
		}
	}
	sync := jobs["sync"]
	if cond, _ := dig(sync, "if").(string); !strings.Contains(cond, "refs/heads/main") {
		t.Errorf("the sync job runs off main: if %q", cond)
	}
	if dig(sync, "concurrency", "group") == nil {
		t.Error("the sync job sets no concurrency group")
	}
	// The action's own roster command lines.
	for _, step := range dig(action, "runs", "steps").([]any) {
		run, _ := dig(step, "run").(string)
		for _, m := range rosterLines(run) {
			line := regexp.MustCompile(`\$\{[A-Z_]+:\+[^}]*\}|"\$\{[^}]*\}"|"\$[A-Z_]+"`).ReplaceAllString(m[1], "X")
			checkFlags(t, "action.yml", strings.Fields(line))
		}
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
