package workspace_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/internal/testkey"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestDoctor runs doctor against an emulated domain set up to fail in
// each way a real setup fails, and compares each report with its golden
// file (testdata/doctor/want.<case>.golden): every line is tested, and
// the exit status says whether a sync would work.
func TestDoctor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		auth  *emulator.Auth
		key   string // "sa" (a service-account key), "user" (authorized_user), "" (none)
		live  func(f *fixture) workspace.LiveOptions
		exit  int
		empty bool   // the domain has no group
		file  string // the members file, when not the case's
		// demote makes the list's only owner a member: its policy fails.
		demote bool
		// edit rewrites the case's members.toml (testdata/doctor).
		edit func(string) string
	}{
		{name: "healthy", key: "sa", exit: 0},
		{name: "no-subject", key: "sa", live: func(f *fixture) workspace.LiveOptions {
			lo := f.live()
			lo.Credentials = "key.json"
			return lo
		}, exit: 0},
		{name: "credentials-missing", live: func(f *fixture) workspace.LiveOptions {
			lo := f.live()
			lo.Credentials = "nope.json"
			return lo
		}, exit: 1},
		{name: "subject-dropped", key: "user", exit: 1},
		{name: "scope-not-granted", key: "sa", auth: &emulator.Auth{DeniedScopes: []string{google.ScopeWrite}}, exit: 1},
		{name: "unknown-subject", key: "sa", auth: &emulator.Auth{UnknownSubjects: []string{"groups-admin@example.org"}}, exit: 1},
		{name: "not-an-admin", key: "sa", auth: &emulator.Auth{NotAdmin: true}, exit: 1},
		// The scope granted, the subject without the Reports privilege:
		// the read is refused, and the fix is the privilege.
		{name: "audit-log-unavailable", key: "sa", auth: &emulator.Auth{NoReports: true}, exit: 0},
		// The scope not granted: on loopback the read carries no token
		// and is answered, but a real domain would refuse it, so the
		// audit log is not said to be readable.
		{name: "audit-log-scope-refused", key: "sa", auth: &emulator.Auth{DeniedScopes: []string{google.ScopeReports}}, exit: 0},
		{name: "group-missing", key: "sa", exit: 1, empty: true},
		{name: "emulator-without-credentials", exit: 0},
		{name: "members-file-broken", key: "sa", exit: 1, file: "schema = 1\n[lists.x\n"},
		// Sync neither reads nor writes a list whose own policy fails:
		// doctor fails it, and does not check its group.
		{name: "list-policy-fails", key: "sa", exit: 1, demote: true},
		// The read-only token refused: doctor reads the groups with the
		// member-write token, as sync and apply do, which never ask for
		// the read-only one: only plan, import and audit would fail.
		{name: "read-scope-refused", key: "sa", auth: &emulator.Auth{DeniedScopes: []string{google.ScopeRead}}, exit: 0},
		// The settings token refused fails the pinned settings, not the
		// group reads, which need only a member token.
		{name: "settings-scope-refused", key: "sa", auth: &emulator.Auth{DeniedScopes: []string{google.ScopeSettings}}, exit: 1},
		// Sync asks for the group-create token only for groups.insert:
		// with every create = true list's group there, its refusal
		// fails nothing, and the groups are still read.
		{name: "create-scope-refused-groups-exist", key: "sa", auth: &emulator.Auth{DeniedScopes: []string{google.ScopeGroup}}, exit: 0, edit: creating},
		// A create = true list whose group is missing: sync would have
		// to create it, and cannot.
		{name: "create-scope-refused-group-missing", key: "sa", auth: &emulator.Auth{DeniedScopes: []string{google.ScopeGroup}}, exit: 1,
			edit: func(s string) string { return withMissingList(creating(s)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "doctor")
			if tt.empty {
				f.startDomain(emulator.Options{})
			}
			if tt.auth != nil {
				f.emu.SetAuth(tt.auth)
			}
			lo := f.live()
			switch tt.key {
			case "sa":
				data, _, err := testkey.ServiceAccount(strings.TrimSuffix(f.url, "/") + "/token")
				if err != nil {
					t.Fatal(err)
				}
				f.write("key.json", string(data))
				lo.Credentials, lo.Subject = "key.json", "groups-admin@example.org"
			case "user":
				f.write("key.json", `{"type":"authorized_user","client_id":"x","client_secret":"y","refresh_token":"z"}`)
				lo.Credentials, lo.Subject = "key.json", "groups-admin@example.org"
			}
			if tt.live != nil {
				lo = tt.live(f)
			}
			if tt.file != "" {
				f.write("members.toml", tt.file)
			}
			if tt.edit != nil {
				f.write("members.toml", tt.edit(readTestdata(t, "doctor/members.toml")))
			}
			if tt.demote {
				f.write("members.toml", strings.Replace(readTestdata(t, "doctor/members.toml"), `lists = { reports = "owner" }`, `lists = { reports = "member" }`, 1))
			}
			r := f.outcome(f.ws(workspace.Context{}).Doctor(ctx, workspace.DoctorOptions{File: "members.toml", Format: report.Text, Live: lo}))
			if r.code != tt.exit {
				t.Errorf("exit %d, want %d\n%s%s", r.code, tt.exit, r.stdout, r.stderr)
			}
			got := regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(r.stdout, "127.0.0.1:PORT")
			golden(t, filepath.Join("doctor", "want."+tt.name+".golden"), got)
			if writes := f.writes(); writes != 0 {
				t.Errorf("doctor wrote %d times", writes)
			}
		})
	}
}

// creating marks the doctor case's list create = true (its group is in
// the case's domain).
func creating(file string) string {
	return strings.Replace(file, `policy = "receivers"`, "policy = \"receivers\"\ncreate = true", 1)
}

// withMissingList adds to the doctor case's file a list whose group the
// domain does not have, which sync creates (create = true).
func withMissingList(file string) string {
	file = strings.Replace(file, "[policies.receivers]", "[lists.incidents]\naddress = \"incidents@example.org\"\npolicy = \"receivers\"\ncreate = true\n\n[policies.receivers]", 1)
	file = strings.Replace(file, `lists = { reports = "owner" }`, `lists = { reports = "owner", incidents = "owner" }`, 1)
	return strings.Replace(file, `lists = { reports = "member" }`, `lists = { reports = "member", incidents = "member" }`, 1)
}

// TestDoctorJSON: the checks as JSON, for scripts.
func TestDoctorJSON(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-uptodate")
	r := f.outcome(f.ws(workspace.Context{}).Doctor(ctx, workspace.DoctorOptions{File: "members.toml", Format: report.JSON, Live: f.live()}))
	var out struct {
		OK     bool
		Checks []struct{ Status, Name, Detail string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || !out.OK || len(out.Checks) < 4 {
		t.Errorf("%v %+v\n%s", err, out, r.stdout)
	}
}

// TestDoctorSnapshot: a csv list's check reads its export as sync
// would, and a missing one says how to make it; no Google call is made.
func TestDoctorSnapshot(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", strings.Replace(header, `policy = "p"`, "policy = \"p\"\nprovider = \"csv\"\nsnapshot = \"reports.csv\"", 1)+
		person("ada@example.org", `reports = "owner"`))
	doctor := func() outcome {
		return f.outcome(f.ws(workspace.Context{}).Doctor(ctx, workspace.DoctorOptions{File: "members.toml", Format: report.Text}))
	}
	f.write("reports.csv", "Email address,Nickname,Group status,Email status\nada@example.org,,owner,\nlin@example.org,,member,\n")
	if r := doctor(); r.code != 0 || !strings.Contains(r.stdout, "reports.csv: 2 members") {
		t.Errorf("with the export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.write("reports.csv", "not,an,export\n")
	if r := doctor(); r.code != 1 || !strings.Contains(r.stdout, "is this a Google Groups member export?") {
		t.Errorf("with a file that is no export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if err := os.Remove(filepath.Join(f.dir, "reports.csv")); err != nil {
		t.Fatal(err)
	}
	if r := doctor(); r.code != 1 || !strings.Contains(r.stdout, "export the group's members") {
		t.Errorf("without the export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := f.calls(); n != 0 {
		t.Errorf("doctor of a csv list made %d Google calls", n)
	}
	// A members file in a directory: the export's path is said from
	// here, where it is to be written.
	f.write("lists/members.toml", f.read("members.toml"))
	r := f.outcome(f.ws(workspace.Context{}).Doctor(ctx, workspace.DoctorOptions{File: "lists/members.toml", Format: report.Text}))
	if !strings.Contains(r.stdout, "Export) to lists/reports.csv") {
		t.Errorf("doctor --file lists/members.toml:\n%s", r.stdout)
	}
}
