package main

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
)

// TestDoctor runs roster doctor against an emulated domain set up to fail
// in each way a real setup fails, and compares each report with its
// golden file: every line is tested, and the exit status says whether a
// sync would work.
func TestDoctor(t *testing.T) {
	tests := []struct {
		name  string
		auth  *emulator.Auth
		args  []string
		key   string // "sa" (a service-account key), "user" (authorized_user), "" (none)
		exit  int
		setup func(d *domain)
	}{
		{name: "healthy", key: "sa", exit: 0},
		{name: "no-subject", key: "sa", args: []string{"--subject", ""}, exit: 0},
		{name: "credentials-missing", args: []string{"--credentials", "nope.json"}, exit: 1},
		{name: "subject-dropped", key: "user", exit: 1},
		{name: "scope-not-granted", key: "sa", auth: &emulator.Auth{DeniedScopes: []string{google.ScopeWrite}}, exit: 1},
		{name: "unknown-subject", key: "sa", auth: &emulator.Auth{UnknownSubjects: []string{"groups-admin@example.org"}}, exit: 1},
		{name: "not-an-admin", key: "sa", auth: &emulator.Auth{NotAdmin: true}, exit: 1},
		{name: "audit-log-unavailable", key: "sa", auth: &emulator.Auth{DeniedScopes: []string{google.ScopeReports}, NoReports: true}, exit: 0},
		{name: "group-missing", key: "sa", exit: 1, setup: func(d *domain) {}},
		{name: "emulator-without-credentials", exit: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyCase(t, "uptodate")
			path := filepath.Join(dir, "members.toml")
			writeFile(t, path, []byte(strings.Replace(readFile(t, path), `unmanaged = "remove"`, "unmanaged = \"remove\"\nwho_can_join = \"INVITED_CAN_JOIN\"", 1)))
			live := filepath.Join(dir, "live.json")
			if tt.name == "group-missing" {
				live = ""
			}
			d := newDomain(t, emulator.Options{}, live)
			if tt.auth != nil {
				d.emu.SetAuth(tt.auth)
			}
			args := []string{"doctor"}
			switch tt.key {
			case "sa":
				data, _, err := testkey.ServiceAccount(strings.TrimSuffix(d.url, "/") + "/token")
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(dir, "key.json"), data)
				args = append(args, "--credentials", "key.json", "--subject", "groups-admin@example.org")
			case "user":
				writeFile(t, filepath.Join(dir, "key.json"), []byte(`{"type":"authorized_user","client_id":"x","client_secret":"y","refresh_token":"z"}`))
				args = append(args, "--credentials", "key.json", "--subject", "groups-admin@example.org")
			}
			args = append(args, tt.args...)
			r := runRosterEnv(t, dir, d.vars(), args...)
			if r.code != tt.exit {
				t.Errorf("exit %d, want %d\n%s%s", r.code, tt.exit, r.stdout, r.stderr)
			}
			got := regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(r.stdout, "127.0.0.1:PORT")
			checkGolden(t, filepath.Join("testdata", "doctor", tt.name+".golden"), got)
			if writes := d.writes(); writes != 0 {
				t.Errorf("doctor wrote %d times", writes)
			}
		})
	}
}

func TestDoctorJSON(t *testing.T) {
	dir := copyCase(t, "uptodate")
	d := newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
	r := d.run(t, dir, "doctor", "--format", "json")
	var out struct {
		OK     bool
		Checks []struct{ Status, Name, Detail string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || !out.OK || len(out.Checks) < 4 {
		t.Errorf("%v %+v\n%s", err, out, r.stdout)
	}
	_ = os.Remove(filepath.Join(dir, "x"))
}
