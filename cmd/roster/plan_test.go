package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
)

// domain is an emulated Google domain for command tests, seeded from a
// state file, reachable through $ROSTER_GOOGLE_ENDPOINT.
type domain struct {
	emu *emulator.Server
	url string
}

func newDomain(t testing.TB, opts emulator.Options, statePath string) *domain {
	t.Helper()
	if statePath != "" {
		st, err := emulator.LoadState(statePath)
		if err != nil {
			t.Fatal(err)
		}
		opts.State = st
	}
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return &domain{emu: emu, url: srv.URL + "/"}
}

func (d *domain) vars() map[string]string { return map[string]string{"ROSTER_GOOGLE_ENDPOINT": d.url} }

// run runs roster against the domain, fast: no rate limit to wait for.
// The flag goes right after the command name, before any argument.
func (d *domain) run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	full := append([]string{args[0], "--rate", "10000"}, args[1:]...)
	return runRosterEnv(t, dir, d.vars(), full...)
}

func (d *domain) writes() int64 {
	c := d.emu.Counters()
	return c["members.insert"] + c["members.delete"] + c["members.patch"] + c["members.update"] + c["settings.patch"]
}

// members returns a group's live members as "email ROLE", sorted.
func (d *domain) members(group string) []string {
	var out []string
	for _, m := range d.emu.Members(group) {
		out = append(out, strings.ToLower(m.Email)+" "+m.Role)
	}
	sort.Strings(out)
	return out
}

// copyCase copies testdata/plan/<name> to a temporary directory.
func copyCase(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("testdata", "plan", name)
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".golden") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dst, e.Name()), data)
	}
	return dst
}

func TestPlanGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		exit int
	}{{"basic", 2}, {"uptodate", 0}} {
		for _, format := range []string{"text", "markdown", "json"} {
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				dir := copyCase(t, tc.name)
				d := newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
				r := d.run(t, dir, "plan", "--format", format)
				if r.code != tc.exit {
					t.Errorf("exit %d, want %d; stderr:\n%s", r.code, tc.exit, r.stderr)
				}
				if d.writes() != 0 {
					t.Errorf("plan made %d writes", d.writes())
				}
				checkGolden(t, filepath.Join("testdata", "plan", tc.name, "plan."+format+".golden"), r.stdout)
			})
		}
	}
}

func TestPlanReadsWithFewestCalls(t *testing.T) {
	dir := copyCase(t, "basic")
	d := newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
	d.run(t, dir, "plan")
	c := d.emu.Counters()
	// One list call per existing or missing google group, one settings
	// read for the one group whose policy pins settings, one lookup for
	// the one entry missing from a group that has a member the file does
	// not list (is it an alias of theirs?), and for each of the two groups
	// with drift, the Admin console's audit log, then, as neither explains
	// its live member the file does not list, the Groups UI's and Cloud
	// Identity's (which needs the group's id: one groups.get).
	if c["members.list"] != 3 || c["settings.get"] != 1 || c["members.get"] != 1 || c["activities.list"] != 6 || c["groups.get"] != 2 || c["calls"] != 13 {
		t.Errorf("plan made these calls: %v", c)
	}
}

func TestPlanJSONIsStable(t *testing.T) {
	dir := copyCase(t, "basic")
	d := newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
	r := d.run(t, dir, "plan", "--format", "json")
	var got struct {
		Lists []struct {
			ID       string `json:"id"`
			Address  string `json:"address"`
			Provider string `json:"provider"`
			Changes  []struct {
				Action       string `json:"action"`
				Email        string `json:"email"`
				Role         string `json:"role"`
				PreviousRole string `json:"previous_role"`
			} `json:"changes"`
			Settings []struct{ Name, Live, Desired string } `json:"settings"`
		} `json:"lists"`
		Summary struct{ Add, Remove, SetRole int } `json:"summary"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.Summary.Add != 4 || got.Summary.Remove != 1 || got.Lists[0].Changes[0].Action != "set_role" || got.Lists[0].Changes[0].Role != "owner" || got.Lists[0].Changes[0].PreviousRole != "member" {
		t.Errorf("unexpected plan JSON:\n%s", r.stdout)
	}
}

func TestPlanUnreadableGroupExitsOne(t *testing.T) {
	dir := copyCase(t, "uptodate")
	forbidden := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"error":{"code":403,"message":"Not Authorized to access this resource/api","errors":[{"domain":"global","reason":"forbidden","message":"Not Authorized to access this resource/api"}]}}`))
	}))
	defer forbidden.Close()
	r := runRosterEnv(t, dir, map[string]string{"ROSTER_GOOGLE_ENDPOINT": forbidden.URL}, "plan")
	if r.code != 1 || !strings.Contains(r.stdout, "cannot read the live group") || !strings.Contains(r.stdout, "forbidden") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// addViaAPI adds a member through the emulator's HTTP API, as someone
// clicking in the Admin console would.
func addViaAPI(endpoint, group, email string) error {
	body := strings.NewReader(`{"email": "` + email + `", "role": "MEMBER"}`)
	resp, err := http.Post(endpoint+"admin/directory/v1/groups/"+group+"/members", "application/json", body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("add %s: %s", email, resp.Status)
	}
	return nil
}
