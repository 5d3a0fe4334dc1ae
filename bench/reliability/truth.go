package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/roster-dev/roster/bench/internal/harness"
	"github.com/roster-dev/roster/directory/emulator"
)

const truthHeader = `schema = 1

[lists.reports]
address = "security@example.org"
policy = "p"

[lists.announce]
address = "announce@example.org"
policy = "p"

[policies.p]
vetting_methods = ["video-call", "grandfathered"]
vetted_by = "member"
vetting_valid_for = "365d"
unmanaged = "report"
`

func truthMember(email, lists, on string) string {
	return fmt.Sprintf("\n[[member]]\nemail = %q\nlists = { %s }\nvetting = [{ by = \"ada@example.org\", on = %s, method = \"video-call\" }]\n", email, lists, on)
}

// gitRepo makes dir a repository whose one commit holds content.
func gitRepo(dir, content string) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	run := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Bench", "GIT_AUTHOR_EMAIL=bench@example.org", "GIT_COMMITTER_NAME=Bench", "GIT_COMMITTER_EMAIL=bench@example.org")
		if out, err := cmd.CombinedOutput(); err != nil {
			log.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	run("init", "-q", "-b", "main")
	commit(dir, content, "Create the lists", run)
}

func commit(dir, content, subject string, run func(...string)) {
	if err := os.WriteFile(filepath.Join(dir, "members.toml"), []byte(content), 0o644); err != nil {
		log.Fatal(err)
	}
	run("add", "members.toml")
	run("commit", "-q", "-m", subject)
}

func liveSet(d *harness.Domain, group string) string {
	var out []string
	for _, m := range d.Members(group) {
		out = append(out, m.Email)
	}
	return strings.Join(out, " ")
}

// truth checks that the file is the truth on every path: a removal on a
// report list happens, a lapse does not hold back removals, nested
// groups are expanded, aliases never flap, hostile listings end.
func truth(bin, tmp string) []row {
	var rows []row
	// Vetted two months ago: valid for the 365 days the policy allows,
	// whenever this runs.
	recent := time.Now().AddDate(0, -2, 0).Format("2006-01-02")
	// ada was on the lists before roster (no one may vet themselves).
	ada := strings.Replace(truthMember("ada@example.org", `reports = "owner", announce = "owner"`, recent), `by = "ada@example.org", on = `+recent+`, method = "video-call"`, `by = "import", on = `+recent+`, method = "grandfathered"`, 1)
	grace := truthMember("grace@example.org", `reports = "member", announce = "member"`, recent)

	// A person taken off a report list in a commit is removed; a walk-in
	// the file never listed is kept.
	{
		dir := filepath.Join(tmp, "truth-remove")
		lin := truthMember("lin@example.org", `reports = "member"`, recent)
		gitRepo(dir, truthHeader+ada+grace+lin)
		run := func(args ...string) {
			cmd := exec.Command("git", args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Bench", "GIT_AUTHOR_EMAIL=b@example.org", "GIT_COMMITTER_NAME=Bench", "GIT_COMMITTER_EMAIL=b@example.org")
			_ = cmd.Run()
		}
		commit(dir, truthHeader+ada+grace, "Remove lin", run)
		d, err := harness.StartDomain(emulator.Options{})
		if err != nil {
			log.Fatal(err)
		}
		_ = d.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}, emulator.Member{Email: "lin@example.org"}, emulator.Member{Email: "walk-in@example.org"})
		_ = d.AddGroup("announce@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"})
		r := harness.RunRoster(context.Background(), bin, dir, d, "sync")
		got := liveSet(d, "security@example.org")
		want := "ada@example.org grace@example.org walk-in@example.org"
		// Exit 3: the walk-in stays, as the policy says, and the run says
		// so (ExitWalkIns).
		rows = append(rows, row{"truth: taken off a report list by a commit: live group after one sync (exit code)", fmt.Sprintf("%s (%d)", got, r.Code), want + " (3)", got == want && r.Code == 3})
		d.Close()
	}

	// A lapsed member on one list holds back nothing on another: the
	// compromised account goes, the lapsed member stays, exit 0.
	{
		dir := filepath.Join(tmp, "truth-lapse")
		old := truthMember("old@example.org", `reports = "member"`, "2024-01-01")
		file := strings.Replace(truthHeader, `unmanaged = "report"`, `unmanaged = "remove"`, 1) + ada + grace + old
		_ = os.MkdirAll(dir, 0o755)
		_ = os.WriteFile(filepath.Join(dir, "members.toml"), []byte(file), 0o644)
		d, err := harness.StartDomain(emulator.Options{})
		if err != nil {
			log.Fatal(err)
		}
		_ = d.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}, emulator.Member{Email: "old@example.org"})
		_ = d.AddGroup("announce@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}, emulator.Member{Email: "compromised@example.org"})
		r := harness.RunRoster(context.Background(), bin, dir, d, "sync")
		gone := !strings.Contains(liveSet(d, "announce@example.org"), "compromised")
		kept := strings.Contains(liveSet(d, "security@example.org"), "old@")
		rows = append(rows, row{"truth: a lapsed vetting elsewhere: urgent removal made, lapsed member kept (exit code)", fmt.Sprintf("%v, %v (%d)", gone, kept, r.Code), "true, true (0)", gone && kept && r.Code == 0})
		d.Close()
	}

	// Nested groups, two levels deep: everyone who gets the mail is
	// listed, and each without an entry is flagged.
	{
		dir := filepath.Join(tmp, "truth-nested")
		_ = os.MkdirAll(dir, 0o755)
		_ = os.WriteFile(filepath.Join(dir, "members.toml"), []byte(truthHeader+ada+grace), 0o644)
		d, err := harness.StartDomain(emulator.Options{})
		if err != nil {
			log.Fatal(err)
		}
		_ = d.AddGroup("inner@example.org", emulator.Member{Email: "carl@example.org"}, emulator.Member{Email: "grace@example.org"})
		_ = d.AddGroup("staff@example.org", emulator.Member{Email: "bob@example.org"}, emulator.Member{Email: "inner@example.org"})
		_ = d.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}, emulator.Member{Email: "staff@example.org"})
		_ = d.AddGroup("announce@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"})
		r := harness.RunRoster(context.Background(), bin, dir, d, "audit", "--live", "--format", "json")
		var a struct {
			Receivers []struct{ Email string }
			Items     []struct{ Kind, Email string }
		}
		_ = json.Unmarshal([]byte(r.Stdout), &a)
		flagged := 0
		for _, it := range a.Items {
			if it.Kind == "receiver" {
				flagged++
			}
		}
		rows = append(rows, row{"truth: nested groups 2 deep: receivers listed, unvetted flagged (exit code)", fmt.Sprintf("%d, %d (%d)", len(a.Receivers), flagged, r.Code), "5, 2 (1)", len(a.Receivers) == 5 && flagged == 2 && r.Code == 1})
		d.Close()
	}

	// An entry written with an alias: five syncs, no write.
	{
		dir := filepath.Join(tmp, "truth-alias")
		hopper := truthMember("grace.hopper@example.org", `reports = "member", announce = "member"`, recent)
		file := strings.Replace(truthHeader, `unmanaged = "report"`, `unmanaged = "remove"`, 1) + ada + hopper
		_ = os.MkdirAll(dir, 0o755)
		_ = os.WriteFile(filepath.Join(dir, "members.toml"), []byte(file), 0o644)
		d, err := harness.StartDomain(emulator.Options{})
		if err != nil {
			log.Fatal(err)
		}
		for _, g := range []string{"security@example.org", "announce@example.org"} {
			_ = d.AddGroup(g, emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"})
		}
		d.AddAlias("grace.hopper@example.org", "grace@example.org")
		codes := 0
		for i := 0; i < 5; i++ {
			codes += harness.RunRoster(context.Background(), bin, dir, d, "sync").Code
		}
		writes := len(d.Journal())
		rows = append(rows, row{"truth: an entry written with an alias, 5 syncs: writes (sum of exit codes)", fmt.Sprintf("%d (%d)", writes, codes), "0 (0)", writes == 0 && codes == 0})
		d.Close()
	}

	// Hostile listings: a page token that cycles, and pages that repeat
	// members.
	{
		dir := filepath.Join(tmp, "truth-hostile")
		_ = os.MkdirAll(dir, 0o755)
		_ = os.WriteFile(filepath.Join(dir, "members.toml"), []byte(strings.Replace(truthHeader, "[lists.announce]\naddress = \"announce@example.org\"\npolicy = \"p\"\n", "", 1)+strings.NewReplacer(`, announce = "owner"`, "", `, announce = "member"`, "").Replace(ada+grace)), 0o644)
		var calls atomic.Int32
		cycle := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"members":[{"id":"1","email":"ada@example.org","role":"OWNER","type":"USER"}],"nextPageToken":"same"}`)
		}))
		start := time.Now()
		r := harness.RunRoster(context.Background(), bin, dir, &harness.Domain{URL: cycle.URL + "/"}, "sync")
		took := time.Since(start)
		cycle.Close()
		// The listing must be read (two pages, the second repeating the
		// token) and refused as a cycle, not retried or followed.
		said := strings.Contains(r.Stdout+r.Stderr, "cycle")
		rows = append(rows, row{"truth: a page token that cycles: exit code, calls, seconds, says cycle", fmt.Sprintf("%d, %d, %.1f, %v", r.Code, calls.Load(), took.Seconds(), said), "1, 2 or 3, < 5, true", r.Code == 1 && calls.Load() >= 2 && calls.Load() <= 3 && took < 5*time.Second && said})

		repeat := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			ada := `{"id":"1","email":"ada@example.org","role":"OWNER","type":"USER"}`
			grace := `{"id":"2","email":"grace@example.org","role":"MEMBER","type":"USER"}`
			if r.URL.Query().Get("pageToken") == "" {
				fmt.Fprint(w, `{"members":[`+ada+`,`+grace+`],"nextPageToken":"p2"}`)
				return
			}
			fmt.Fprint(w, `{"members":[`+grace+`,`+ada+`,`+grace+`]}`)
		}))
		r = harness.RunRoster(context.Background(), bin, dir, &harness.Domain{URL: repeat.URL + "/"}, "plan")
		repeat.Close()
		rows = append(rows, row{"truth: overlapping pages that repeat members: plan exit code (0 = nothing to change)", fmt.Sprint(r.Code), "0", r.Code == 0})
	}
	return rows
}
