package history_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// safetyRepo builds, twice over and byte for byte (same commits, same
// ids), a history with a signed commit, a move into a subdirectory, a
// merge and a non-ASCII author: one copy stays clean, the other is made
// hostile by the caller.
func safetyRepo(t *testing.T) *historytest.Repo {
	r := historytest.New(t)
	r.Git("config", "user.name", "Zoë Maintainer")
	ada := member("ada@example.org", `reports = "owner", announce = "owner"`, "grace@example.org@@2026-01-01")
	grace := member("grace@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	r.Commit("members.toml", header+ada+grace, "Create lists (#1)")
	lin := member("lin@example.org", `announce = "member"`, "ada@example.org@@2026-03-02")
	r.CommitSigned("members.toml", header+ada+grace+lin, "Add lin, signed (#2)")
	r.Tick()
	r.Git("mv", "members.toml", "lists.toml")
	r.Git("commit", "-q", "-m", "Rename (#3)")
	r.Git("checkout", "-q", "-b", "feature")
	zoe := member("zoe@example.org", `reports = "member"`, "ada@example.org@@2026-03-09")
	r.Commit("lists.toml", header+ada+grace+lin+zoe, "Add zoe")
	r.Git("checkout", "-q", "main")
	r.Tick()
	r.Git("merge", "-q", "--no-ff", "-m", "Merge pull request #4 from feature", "feature")
	r.Commit("lists.toml", header+ada+lin+zoe, "Remove grace (#5)")
	// Another file with one of the addresses: the walks of other files
	// read its changes (and would run a textconv filter on them).
	r.Commit("teams.toml", teamsHeader+member("kim@example.org", `reports = "member"`), "Teams (#5b)")
	r.Commit("teams.toml", teamsHeader, "Teams without kim (#5c)")
	r.Commit(".gitattributes", "*.toml diff=evil\n", "Attributes (#6)")
	r.Commit(".mailmap", "Mallory <mallory@example.org> Zoë Maintainer <maintainer@example.org>\n", "Mailmap (#7)")
	return r
}

// answers is everything history says of a repository, for comparing a
// clean copy with a hostile one.
type answers struct {
	Log                 []history.Revision
	Events              []history.Event
	Problems            int
	Filtered            []history.Event
	AtDate, AtRev       []string
	AtDateRev, AtRevRev string
	Base                []string
	ByGroup             map[string]map[string]string
	Roles               []string
	Changed             map[string]bool
	Head                string
}

func collect(t *testing.T, dir, path string) answers {
	t.Helper()
	ctx := context.Background()
	var a answers
	var err error
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	a.Log, err = history.Log(ctx, dir, path)
	must("Log", err)
	var problems []history.Problem
	a.Events, problems, err = history.History(ctx, dir, path, history.Options{})
	must("History", err)
	a.Problems = len(problems)
	a.Filtered, _, err = history.History(ctx, dir, path, history.Options{Lists: []string{"announce"}, LogOptions: history.LogOptions{Since: "2026-03-02"}})
	must("History filtered", err)
	f, rev, err := history.FileAt(ctx, dir, path, "2026-03-03")
	must("FileAt date", err)
	a.AtDate, a.AtDateRev = emails(f), rev.Commit
	f, rev, err = history.FileAt(ctx, dir, path, "HEAD~2")
	must("FileAt rev", err)
	a.AtRev, a.AtRevRev = emails(f), rev.Commit
	cur, err := os.ReadFile(filepath.Join(dir, path))
	must("read", err)
	f, _, err = history.Base(ctx, dir, path, cur, "")
	must("Base", err)
	a.Base = emails(f)
	a.ByGroup, err = history.ListedByGroup(ctx, dir, path)
	must("ListedByGroup", err)
	tl, err := history.ReadTimeline(ctx, dir, path)
	must("ReadTimeline", err)
	for _, day := range []int{1, 2, 3, 6, 9} {
		at := time.Date(2026, 3, day, 23, 0, 0, 0, time.UTC)
		for _, m := range []string{"ada@example.org", "grace@example.org", "lin@example.org", "zoe@example.org"} {
			role, ok := tl.Role("security@example.org", m, at)
			a.Roles = append(a.Roles, at.Format("01-02")+" "+m+" "+string(role)+map[bool]string{true: " on", false: ""}[ok])
		}
	}
	a.Changed, err = history.ChangedGroups(ctx, dir, path, time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC), cur)
	must("ChangedGroups", err)
	a.Head, err = history.ResolveRevision(ctx, dir, "HEAD")
	must("ResolveRevision", err)
	return a
}

// marker is a program that records that it ran, and prints something
// that would change roster's answers if git used it.
func marker(t *testing.T) (prog, ran string) {
	dir := t.TempDir()
	ran = filepath.Join(dir, "ran")
	prog = filepath.Join(dir, "evil.sh")
	script := "#!/bin/sh\necho \"$0 $*\" >> '" + ran + "'\necho 'email = \"mallory@example.org\"'\nexit 0\n"
	if err := os.WriteFile(prog, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return prog, ran
}

func noRun(t *testing.T, ran string) {
	t.Helper()
	if data, err := os.ReadFile(ran); err == nil {
		t.Errorf("git ran a program the repository configured:\n%s", data)
	}
}

// TestRepositoryConfigRunsNothing: a repository whose configuration names
// programs for gpg, fsmonitor, external diffs, textconv filters, pagers
// and ssh, and settings that change what git prints (no root diff,
// relative paths, mailmap, another output encoding, colour), gives the
// same answers as a clean copy of it, and none of the programs runs.
func TestRepositoryConfigRunsNothing(t *testing.T) {
	t.Parallel()
	clean := safetyRepo(t)
	want := collect(t, clean.Dir, "lists.toml")

	hostile := safetyRepo(t)
	if got := hostile.Git("rev-parse", "HEAD"); got != want.Head {
		t.Fatalf("the two copies differ: %s and %s", got, want.Head)
	}
	prog, ran := marker(t)
	for _, kv := range [][2]string{
		{"log.showSignature", "true"}, {"gpg.program", prog}, {"gpg.ssh.program", prog}, {"gpg.x509.program", prog},
		{"core.fsmonitor", prog}, {"diff.external", prog}, {"diff.evil.textconv", prog}, {"diff.evil.command", prog},
		{"core.pager", prog}, {"pager.log", prog}, {"core.sshCommand", prog}, {"core.hooksPath", filepath.Dir(prog)},
		{"log.showRoot", "false"}, {"diff.relative", "true"}, {"log.mailmap", "true"}, {"log.follow", "true"},
		{"i18n.logOutputEncoding", "ISO-8859-1"}, {"color.ui", "always"}, {"color.diff", "always"}, {"log.decorate", "full"},
		{"diff.renames", "false"}, {"log.abbrevCommit", "true"}, {"core.abbrev", "7"}, {"notes.displayRef", "refs/notes/*"},
		{"diff.noprefix", "true"}, {"log.showSignature", "true"},
	} {
		hostile.Git("config", kv[0], kv[1])
	}
	for _, hook := range []string{"post-checkout", "post-index-change", "reference-transaction"} {
		if err := os.Symlink(prog, filepath.Join(filepath.Dir(prog), hook)); err != nil {
			t.Fatal(err)
		}
	}
	got := collect(t, hostile.Dir, "lists.toml")
	noRun(t, ran)
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("a hostile configuration changed the answers (-clean +hostile):\n%s", diff)
	}
	if got.Log[0].Blob == "" || got.Log[len(got.Log)-1].Path != "lists.toml" {
		t.Errorf("the root commit's version or the path: %+v", got.Log)
	}
}

// TestReplaceRefsAndGraftsChangeNothing: refs/replace and
// .git/info/grafts rewrite what git shows of a commit; history reads the
// commits themselves.
func TestReplaceRefsAndGraftsChangeNothing(t *testing.T) {
	t.Parallel()
	clean := safetyRepo(t)
	want := collect(t, clean.Dir, "lists.toml")

	t.Run("a replace ref swaps the last commit for the first", func(t *testing.T) {
		r := safetyRepo(t)
		first := r.Git("rev-list", "--max-parents=0", "HEAD")
		r.Git("replace", "-f", r.Git("rev-parse", "HEAD~2"), first)
		if out := r.Git("log", "--format=%s", "-1", "HEAD~2"); !strings.Contains(out, "Create lists") {
			t.Fatalf("the replace ref is not in effect: %s", out)
		}
		if diff := cmp.Diff(want, collect(t, r.Dir, "lists.toml"), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("(-real +replaced):\n%s", diff)
		}
	})
	t.Run("a grafts file cuts the history", func(t *testing.T) {
		r := safetyRepo(t)
		graft := r.Git("rev-parse", "HEAD~3") + "\n"
		if err := os.WriteFile(filepath.Join(r.Dir, ".git", "info", "grafts"), []byte(graft), 0o644); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, collect(t, r.Dir, "lists.toml"), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("(-real +grafted):\n%s", diff)
		}
	})
}

// TestEnvironmentDoesNotRedirectGit: roster run from a git hook or under
// a git that passes configuration through the environment (GIT_DIR,
// GIT_CONFIG_COUNT/KEY/VALUE, GIT_EXTERNAL_DIFF...) still reads the
// repository it was given, with the pins in force.
func TestEnvironmentDoesNotRedirectGit(t *testing.T) {
	r := safetyRepo(t)
	want := collect(t, r.Dir, "lists.toml")
	other := historytest.New(t)
	other.Commit("lists.toml", header, "Another repository")
	prog, ran := marker(t)
	t.Setenv("GIT_DIR", filepath.Join(other.Dir, ".git"))
	t.Setenv("GIT_WORK_TREE", other.Dir)
	t.Setenv("GIT_INDEX_FILE", filepath.Join(other.Dir, ".git", "index"))
	t.Setenv("GIT_CONFIG_COUNT", "2")
	t.Setenv("GIT_CONFIG_KEY_0", "log.showSignature")
	t.Setenv("GIT_CONFIG_VALUE_0", "true")
	t.Setenv("GIT_CONFIG_KEY_1", "gpg.program")
	t.Setenv("GIT_CONFIG_VALUE_1", prog)
	t.Setenv("GIT_CONFIG_PARAMETERS", "'log.showroot'='false'")
	t.Setenv("GIT_EXTERNAL_DIFF", prog)
	t.Setenv("GIT_PAGER", prog)
	t.Setenv("GIT_REPLACE_REF_BASE", "refs/heads/")
	t.Setenv("LC_ALL", "fr_FR.UTF-8")
	t.Setenv("LANGUAGE", "fr")
	got := collect(t, r.Dir, "lists.toml")
	noRun(t, ran)
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("the environment changed the answers (-clean +redirected):\n%s", diff)
	}
}

// TestPartialCloneFetchesNothing: in a partial clone, a missing object
// makes git fetch it from the promisor remote, which runs
// core.sshCommand or remote.*.uploadpack. History reports the missing
// object, as a partial clone's, and runs nothing.
func TestPartialCloneFetchesNothing(t *testing.T) {
	t.Parallel()
	for _, remote := range []struct{ url, key string }{
		{"ssh://git.example.org/roster.git", "core.sshCommand"},
		{"", "remote.origin.uploadpack"}, // a local path: the file transport runs upload-pack
	} {
		t.Run(remote.key, func(t *testing.T) {
			r := historytest.New(t)
			r.Commit("members.toml", header+member("ada@example.org", `reports = "owner"`), "Create")
			r.Commit("members.toml", header+member("ada@example.org", `reports = "owner"`)+member("lin@example.org", `reports = "member"`), "Add lin")
			blob := r.Git("rev-parse", "HEAD:members.toml")
			dropObject(t, r, blob)
			prog, ran := marker(t)
			url := remote.url
			if url == "" {
				url = historytest.New(t).Dir
			}
			for _, kv := range [][2]string{{"core.repositoryformatversion", "1"}, {"extensions.partialClone", "origin"},
				{"remote.origin.url", url}, {"remote.origin.promisor", "true"}, {remote.key, prog},
				{"protocol.allow", "always"}, {"protocol.ssh.allow", "always"}, {"protocol.file.allow", "always"}} {
				r.Git("config", kv[0], kv[1])
			}
			_, _, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{})
			noRun(t, ran)
			// It says why the object is missing, and what to do.
			if err == nil || !strings.Contains(err.Error(), "no such object") || !errors.Is(err, history.ErrPartial) {
				t.Errorf("History with a missing object: %v", err)
			}
		})
	}
}

// dropObject removes one blob from a repository, by packing every other
// object into one pack and deleting the rest.
func dropObject(t *testing.T, r *historytest.Repo, blob string) {
	t.Helper()
	r.Git("repack", "-a", "-d", "-q")
	var keep []string
	for _, id := range strings.Fields(r.Git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)")) {
		if id != blob {
			keep = append(keep, id)
		}
	}
	pack := filepath.Join(r.Dir, ".git", "objects", "pack")
	old, _ := filepath.Glob(filepath.Join(pack, "pack-*"))
	r.GitInput(strings.Join(keep, "\n")+"\n", "pack-objects", "-q", filepath.Join(pack, "pack"))
	for _, p := range old {
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	if out := r.GitInput(blob+"\n", "cat-file", "--batch-check"); !strings.HasSuffix(out, "missing") {
		t.Fatalf("the object is still there: %s", out)
	}
}
