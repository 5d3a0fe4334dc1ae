package site_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/shipped"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/site"
)

var screenshot = flag.Bool("screenshot", false, "write ../docs/site-list.png, the README's picture of a list page")

// ownHistory commits, into a new repository, a short history that ends
// in the project's own members.toml: the lists filled over half a year,
// a promotion, and someone who joined and left. It returns the
// repository's directory.
func ownHistory(t testing.TB) string {
	t.Helper()
	text := string(shipped.Example(t))
	parts := strings.Split(text, "\n[[member]]\n")
	pre, blocks := parts[0], parts[1:]
	block := map[string]string{}
	for _, b := range blocks {
		for _, who := range []string{"amara", "bjorn", "chen", "dana", "elif", "farid"} {
			if strings.HasPrefix(b, "email = \""+who) {
				block[who] = b
			}
		}
	}
	if len(block) != 6 {
		t.Fatalf("members.toml has changed: found %d of its six members", len(block))
	}
	chenMember := strings.Replace(block["chen"], `advance-warning = "manager"`, `advance-warning = "member"`, 1)
	gita := `email = "gita.rao@example.org"
name = "Gita Rao"
github = "gita-rao"
affiliation = "Example Project"
lists = { security-reports = "member" }

  [[member.vetting]]
  by = "amara-okafor"
  on = 2026-03-30
  method = "video-call"
  note = "Joined the response team for the spring release."
`
	version := func(bs ...string) string { return pre + "\n[[member]]\n" + strings.Join(bs, "\n[[member]]\n") }
	b := block
	steps := []struct{ date, subject, content string }{
		{"2026-01-12", "Import the advance-warning group as it is (#1)", version(b["farid"])},
		{"2026-02-03", "Amara and Bjørn own both lists (#2)", version(b["amara"], b["bjorn"], b["farid"])},
		{"2026-03-10", "Add Chen Wei to the security response team (#4)", version(b["amara"], b["bjorn"], chenMember, b["farid"])},
		{"2026-04-01", "Add Gita Rao for the spring release (#5)", version(b["amara"], b["bjorn"], chenMember, b["farid"], gita)},
		{"2026-04-22", "Add Dana Whitfield, distribution contact (#6)", version(b["amara"], b["bjorn"], chenMember, b["dana"], b["farid"], gita)},
		{"2026-05-02", "Merge pull request #7 from chenwei-sec/manager", version(b["amara"], b["bjorn"], b["chen"], b["dana"], b["farid"], gita)},
		{"2026-05-20", "Gita Rao leaves the response team (#9)", version(b["amara"], b["bjorn"], b["chen"], b["dana"], b["farid"])},
		{"2026-06-15", "Add Elif Demir, cloud provider contact (#11)", text},
	}
	dir := t.TempDir()
	run := func(date string, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date+"T12:00:00Z", "GIT_COMMITTER_DATE="+date+"T12:00:00Z",
			"GIT_AUTHOR_NAME=Amara Okafor", "GIT_AUTHOR_EMAIL=amara.okafor@example.org",
			"GIT_COMMITTER_NAME=Amara Okafor", "GIT_COMMITTER_EMAIL=amara.okafor@example.org")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("2026-01-01", "init", "-q", "-b", "main")
	run("2026-01-01", "config", "commit.gpgsign", "false")
	for _, s := range steps {
		if err := os.WriteFile(filepath.Join(dir, "members.toml"), []byte(s.content), 0o644); err != nil {
			t.Fatal(err)
		}
		run(s.date, "add", "members.toml")
		run(s.date, "commit", "-q", "-m", s.subject)
	}
	return dir
}

// TestOwnMembersFile builds the site of the project's own members.toml
// over a short history; with -screenshot it also writes the README's
// picture of a list page, docs/site-list.png.
//
//	go test ./site -run TestOwnMembersFile -screenshot
func TestOwnMembersFile(t *testing.T) {
	t.Parallel()
	repo := ownHistory(t)
	events, problems, err := history.History(context.Background(), repo, "members.toml", history.Options{})
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	data, err := os.ReadFile(filepath.Join(repo, "members.toml"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := members.Parse("members.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	in := site.Input{File: f, Events: events, Today: dayRef("2026-07-01")}
	if err := site.Build(out, in); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "list-security-reports.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Gita Rao", "#9", "Merge pull request #7", `amara-okafor</span>, <span class="nowrap">2026-03-30</span>, <span class="nowrap">video-call`} {
		if !bytes.Contains(page, []byte(want)) && !strings.Contains(string(mustRead(t, filepath.Join(out, "list-advance-warning.html"))), want) {
			t.Errorf("the site does not show %q", want)
		}
	}
	if !*screenshot {
		return
	}
	srv, _ := serve(t, out)
	ctx, seen := startBrowser(t, time.Minute)
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(srv.URL+"/list-security-reports.html"),
	); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range seen.take() {
		t.Error(p)
	}
	if err := os.MkdirAll(filepath.Join("..", "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "docs", "site-list.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
