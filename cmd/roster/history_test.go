package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/history/historytest"
)

const histHeader = `schema = 1

[lists.reports]
address = "security@example.org"
policy = "p"

[policies.p]
min_owners = 1
vetting_methods = ["video-call"]
vetted_by = "member"
vetting_valid_for = "365d"
unmanaged = "report"
`

func histMember(email, role, by, on string) string {
	return "\n[[member]]\nemail = \"" + email + "\"\nlists = { reports = \"" + role + "\" }\n\n  [[member.vetting]]\n  by = \"" + by + "\"\n  on = " + on + "\n  method = \"video-call\"\n  note = \"Checked.\"\n"
}

// histRepo has three commits: two members, a third added, then a role
// change and a broken follow-up.
func histRepo(t *testing.T) *historytest.Repo {
	r := historytest.New(t)
	ada := histMember("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	grace := histMember("grace@example.org", "member", "ada@example.org", "2026-01-05")
	r.Commit("members.toml", histHeader+ada+grace, "Create the list (#1)")
	lin := histMember("lin@example.org", "member", "ada@example.org", "2026-03-02")
	r.Commit("members.toml", histHeader+ada+grace+lin, "Add lin (#2)")
	r.Commit("members.toml", histHeader+ada+strings.Replace(grace, `"member"`, `"owner"`, 1)+lin, "Promote grace (#3)")
	r.Commit("members.toml", histHeader+"[[member]\n", "Break the file")
	r.Commit("members.toml", histHeader+ada+strings.Replace(grace, `"member"`, `"owner"`, 1)+lin, "Fix the file (#5)")
	return r
}

func TestHistoryCommand(t *testing.T) {
	r := histRepo(t)
	res := runRoster(t, r.Dir, "history", "--format", "json")
	if res.code != 0 {
		t.Fatalf("exit %d %s", res.code, res.stderr)
	}
	var events []map[string]any
	if err := json.Unmarshal([]byte(res.stdout), &events); err != nil {
		t.Fatal(err)
	}
	if len(events) != 7 {
		t.Fatalf("%d events:\n%s", len(events), res.stdout)
	}
	for _, key := range []string{"commit", "date", "author", "subject", "list", "email", "action", "role", "previous_role"} {
		if _, ok := events[0][key]; !ok {
			t.Errorf("JSON event lacks %q: %v", key, events[0])
		}
	}
	last := events[len(events)-1]
	if last["action"] != "role_changed" || last["role"] != "owner" || last["previous_role"] != "member" || last["subject"] != "Promote grace (#3)" {
		t.Errorf("last event %v", last)
	}
	if !strings.Contains(res.stderr, "skipped") || !strings.Contains(res.stderr, "Break the file") {
		t.Errorf("the broken revision is not reported: %s", res.stderr)
	}
	res = runRoster(t, r.Dir, "history", "--format", "csv", "--member", "LIN@example.org")
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	if res.code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "commit,date,author,subject,list,email,action") || !strings.Contains(lines[1], ",added,member,") {
		t.Errorf("csv: exit %d\n%s", res.code, res.stdout)
	}
	res = runRoster(t, r.Dir, "history", "--since", "2026-03-04")
	if res.code != 0 || strings.Contains(res.stdout, "Add lin") || !strings.Contains(res.stdout, "Promote grace (#3)") {
		t.Errorf("--since:\n%s", res.stdout)
	}
}

func TestDiffAndShowCommands(t *testing.T) {
	r := histRepo(t)
	res := runRoster(t, r.Dir, "diff", "HEAD~4")
	if res.code != 0 || !strings.Contains(res.stdout, "+ lin@example.org") || !strings.Contains(res.stdout, "vetted by ada@example.org on 2026-03-02 (video-call): Checked.") ||
		!strings.Contains(res.stdout, "~ grace@example.org  member -> owner") {
		t.Errorf("diff: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	res = runRoster(t, r.Dir, "diff", "--format", "markdown", "2026-03-02", "2026-03-04")
	if res.code != 0 || !strings.Contains(res.stdout, "| role | grace@example.org | member → owner |") {
		t.Errorf("diff markdown:\n%s%s", res.stdout, res.stderr)
	}
	res = runRoster(t, r.Dir, "show", "--at", "2026-03-02", "--format", "csv")
	if res.code != 0 || strings.Count(res.stdout, "\n") != 3 || strings.Contains(res.stdout, "lin@") {
		t.Errorf("show at 2026-03-02 (before lin):\n%s%s", res.stdout, res.stderr)
	}
	res = runRoster(t, r.Dir, "show", "--at", "nonsense")
	if res.code != 1 || !strings.Contains(res.stderr, "neither a date") {
		t.Errorf("show --at nonsense: %d %s", res.code, res.stderr)
	}
	res = runRoster(t, t.TempDir(), "history")
	if res.code != 1 || !strings.Contains(res.stderr, "not in a git repository") {
		t.Errorf("outside git: %d %s", res.code, res.stderr)
	}
}

func TestAuditCommand(t *testing.T) {
	dir := t.TempDir()
	ada := histMember("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	grace := histMember("grace@example.org", "member", "ada@example.org", "2025-12-01")
	lin := histMember("lin@example.org", "member", "ada@example.org", "2025-11-01")
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(histHeader+ada+grace+lin))
	res := runRoster(t, dir, "audit", "--format", "json")
	if res.code != 1 {
		t.Fatalf("exit %d, want 1 (lin's vetting lapsed)\n%s", res.code, res.stdout)
	}
	var a struct {
		Items []struct {
			Level, Kind, Email, VettedBy, Expires string
		}
		Violations int
	}
	if err := json.Unmarshal([]byte(res.stdout), &a); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range a.Items {
		got[it.Email] = it.Level + " " + it.Kind + " " + it.Expires
	}
	want := map[string]string{
		"lin@example.org":   "violation lapsed 2026-11-01",
		"grace@example.org": "notice lapsing 2026-12-01",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	// A week earlier nothing had lapsed: exit 0.
	if res := runRoster(t, dir, "audit", "--at", "2026-10-25"); res.code != 0 {
		t.Errorf("audit --at 2026-10-25: exit %d\n%s", res.code, res.stdout)
	}

	// --live: a stranger on the live group is a violation.
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(histHeader+ada+strings.Replace(grace, "2025-12-01", "2026-06-01", 1)))
	d := newDomain(t, emulator.Options{}, "")
	if err := d.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}, emulator.Member{Email: "stranger@example.org"}); err != nil {
		t.Fatal(err)
	}
	res = d.run(t, dir, "audit", "--live")
	if res.code != 1 || !strings.Contains(res.stdout, "stranger@example.org is on security@example.org as member but not in the file") {
		t.Errorf("audit --live: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if d.writes() != 0 {
		t.Errorf("audit wrote to the live group")
	}
}
