package main

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
)

// byHand makes a change through the emulator's API as a person would,
// not as roster: the audit log records who.
func byHand(t *testing.T, d *domain, method, path, body, actor, app string) {
	t.Helper()
	req, err := http.NewRequest(method, strings.TrimSuffix(d.url, "/")+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(emulator.HeaderActor, actor)
	if app != "" {
		req.Header.Set(emulator.HeaderApplication, app)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d", method, path, resp.StatusCode)
	}
}

// TestWhoChangedTheGroupByHand: audit --live and plan name who made the
// live group differ from the file, when and how, from the audit log;
// without permission to read it they say how to grant it.
func TestWhoChangedTheGroupByHand(t *testing.T) {
	dir := copyCase(t, "uptodate")
	path := filepath.Join(dir, "members.toml")
	writeFile(t, path, []byte(strings.Replace(readFile(t, path), `unmanaged = "remove"`, "unmanaged = \"report\"\nwho_can_join = \"INVITED_CAN_JOIN\"", 1)))
	d := newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
	if r := d.run(t, dir, "sync"); r.code != 0 {
		t.Fatalf("sync: %d %s%s", r.code, r.stdout, r.stderr)
	}
	base := "/admin/directory/v1/groups/security@example.org"
	byHand(t, d, "POST", base+"/members", `{"email":"walk-in@example.org"}`, "root@example.org", "")
	byHand(t, d, "POST", base+"/members", `{"email":"friend@example.org"}`, "owner@example.org", "groups")
	byHand(t, d, "PATCH", "/groups/v1/groups/security@example.org", `{"whoCanJoin":"ALL_IN_DOMAIN_CAN_JOIN"}`, "root@example.org", "")
	var grace string
	for _, m := range d.emu.Members("security@example.org") {
		if strings.HasPrefix(m.Email, "grace") {
			grace = m.ID
		}
	}
	byHand(t, d, "DELETE", base+"/members/"+grace, "", "intern@example.org", "")
	res := d.run(t, dir, "audit", "--live")
	for _, want := range []string{
		"walk-in@example.org is on security@example.org as member but not in the file",
		"added by root@example.org on",
		"(ADD_GROUP_MEMBER, Admin console or API)",
		"added by owner@example.org on",
		"(add_user, Groups UI)",
		"who_can_join is ALL_IN_DOMAIN_CAN_JOIN, the policy says INVITED_CAN_JOIN; it lets more people in than the policy allows [set by root@example.org",
		"removed by intern@example.org",
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("audit --live lacks %q:\n%s", want, res.stdout)
		}
	}
	if res := d.run(t, dir, "plan"); !strings.Contains(res.stdout, "added by root@example.org") {
		t.Errorf("plan does not say who added the walk-in:\n%s", res.stdout)
	}
	// Without the audit log's scope: the audit still runs and says how.
	d.emu.SetAuth(&emulator.Auth{NoReports: true})
	res = d.run(t, dir, "audit", "--live")
	if res.code != 1 || !strings.Contains(res.stderr, "admin.reports.audit.readonly") || strings.Contains(res.stdout, "added by root") {
		t.Errorf("without the audit log: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}
