package google_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// domain is an emulated Google domain and a client of it.
type domain struct {
	emu    *emulator.Server
	client *google.Client
}

func newDomain(t *testing.T, opts emulator.Options) *domain {
	t.Helper()
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	client, err := google.New(context.Background(), google.Config{
		Endpoint: srv.URL, Rate: 100000,
		Retry: google.Retry{Attempts: 15, Base: time.Millisecond, Max: 10 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	return &domain{emu: emu, client: client}
}

// file builds a members file with one list "l" under a policy with the
// given unmanaged mode and min_owners, and the given members (email=role).
func file(t *testing.T, unmanaged string, minOwners int, who ...string) *members.File {
	t.Helper()
	var b strings.Builder
	b.WriteString("schema = 1\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\n")
	b.WriteString("[policies.p]\nvetting_methods = [\"x\"]\nunmanaged = \"" + unmanaged + "\"\n")
	b.WriteString("min_owners = " + strconv.Itoa(minOwners) + "\n")
	for _, w := range who {
		email, role, _ := strings.Cut(w, "=")
		b.WriteString("[[member]]\nemail = \"" + email + "\"\nlists = { l = \"" + role + "\" }\n")
	}
	f, err := members.Parse("m.toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// bigFile has n lists, each with owners o0 and o1 and size members.
func bigFile(t *testing.T, lists, size int, prefix string) *members.File {
	t.Helper()
	var b strings.Builder
	b.WriteString("schema = 1\n")
	for l := 0; l < lists; l++ {
		fmt.Fprintf(&b, "[lists.l%d]\naddress = \"l%d@example.org\"\npolicy = \"p\"\n", l, l)
	}
	b.WriteString("[policies.p]\nvetting_methods = [\"x\"]\nmin_owners = 2\nunmanaged = \"remove\"\n")
	for i := 0; i < size; i++ {
		role := "member"
		if i < 2 {
			role = "owner"
		}
		fmt.Fprintf(&b, "[[member]]\nemail = \"%s%04d@example.org\"\nlists = {", prefix, i)
		for l := 0; l < lists; l++ {
			if l > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, " l%d = %q", l, role)
		}
		b.WriteString(" }\n")
	}
	f, err := members.Parse("m.toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (d *domain) providers(f *members.File) map[string]directory.Provider {
	out := make(map[string]directory.Provider)
	for _, l := range f.Lists {
		out[l.ID] = d.client
	}
	return out
}

func (d *domain) plan(t *testing.T, f *members.File) *plan.Plan {
	t.Helper()
	obs := plan.Observe(context.Background(), f, f.Lists, d.providers(f), plan.ObserveOptions{Settings: true})
	return plan.Assemble(f, obs, plan.AssembleOptions{Source: plan.Source{File: "m.toml", SHA256: "sha256:x"}})
}

// liveState is every group's members as "email role", sorted.
func (d *domain) liveState(f *members.File) map[string][]string {
	out := make(map[string][]string)
	for _, l := range f.Lists {
		var ms []string
		for _, m := range d.emu.Members(l.Address) {
			ms = append(ms, strings.ToLower(m.Email)+" "+m.Role)
		}
		sort.Strings(ms)
		out[l.Address] = ms
	}
	return out
}

func wantState(f *members.File) map[string][]string {
	out := make(map[string][]string)
	for _, l := range f.Lists {
		var ms []string
		for _, m := range f.MembersOf(l.ID) {
			role, _ := m.RoleOn(l.ID)
			ms = append(ms, strings.ToLower(m.Email)+" "+strings.ToUpper(string(role)))
		}
		sort.Strings(ms)
		out[l.Address] = ms
	}
	return out
}

// seed fills every group with the members of another file, so that the
// plan has adds, removals and role changes.
func (d *domain) seed(t *testing.T, f *members.File, from *members.File) {
	t.Helper()
	for _, l := range f.Lists {
		var ms []emulator.Member
		for _, m := range from.MembersOf(l.ID) {
			role, _ := m.RoleOn(l.ID)
			ms = append(ms, emulator.Member{Email: m.Email, Role: strings.ToUpper(string(role))})
		}
		if err := d.emu.AddGroup(l.Address, ms...); err != nil {
			t.Fatal(err)
		}
	}
}

// TestApplyConvergesUnderFaults applies ~600 changes over 3 lists while
// 20% of calls fail before the write and 5% lose their answer after it:
// one run converges, and the live state is exactly the file.
func TestApplyConvergesUnderFaults(t *testing.T) {
	d := newDomain(t, emulator.Options{FailRate: 0.2, FailAfterRate: 0.05, Seed: 3})
	f := bigFile(t, 3, 150, "p")
	old := bigFile(t, 3, 100, "q") // all different people: 150 adds and 100 removals per list
	d.seed(t, f, old)
	p := d.plan(t, f)
	if p.Summary.Add != 450 || p.Summary.Remove != 300 {
		t.Fatalf("plan %+v", p.Summary)
	}
	res := plan.Apply(context.Background(), p, d.providers(f), plan.ApplyOptions{Concurrency: 16})
	if !res.OK() {
		t.Fatalf("apply failed: %+v", res)
	}
	if diff := cmp.Diff(wantState(f), d.liveState(f)); diff != "" {
		t.Fatalf("live state (-want +got):\n%s", diff)
	}
	if again := d.plan(t, f); again.Pending() {
		t.Errorf("a second run would still change %+v", again.Summary)
	}
	c := d.emu.Counters()
	if c["faults.before"] == 0 || c["faults.after"] == 0 {
		t.Errorf("no faults injected: %v", c)
	}
}

// TestRemovalsWaitForAdds: an add that fails (the address has no Google
// account) holds back the list's removals and demotions, so that an
// owner replaced by a new owner is not removed before the new one is in.
func TestRemovalsWaitForAdds(t *testing.T) {
	d := newDomain(t, emulator.Options{State: &emulator.State{NoAccount: []string{"new.owner@gmail.com"}}})
	f := file(t, "remove", 2, "stay@example.org=owner", "new.owner@gmail.com=owner")
	if err := d.emu.AddGroup("l@example.org",
		emulator.Member{Email: "stay@example.org", Role: "OWNER"},
		emulator.Member{Email: "old.owner@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	p := d.plan(t, f)
	res := plan.Apply(context.Background(), p, d.providers(f), plan.ApplyOptions{Concurrency: 4})
	if res.OK() || len(res.Lists[0].Failed) != 2 {
		t.Fatalf("want the add to fail and the removal to be skipped, got %+v", res.Lists[0])
	}
	if got := len(d.emu.Members("l@example.org")); got != 2 {
		t.Errorf("the old owner was removed although the new one could not be added (%d members)", got)
	}
	if !strings.Contains(res.Lists[0].Failed[0].Err.Error(), "no Google account") {
		t.Errorf("first failure: %v", res.Lists[0].Failed[0].Err)
	}
}

// TestTwoAppliesAtOnce runs two applies of the same plan concurrently:
// each sees the other's writes as 409s and 404s, both succeed, and the
// live state is the file.
func TestTwoAppliesAtOnce(t *testing.T) {
	d := newDomain(t, emulator.Options{FailRate: 0.1, Seed: 9})
	f := bigFile(t, 2, 120, "p")
	d.seed(t, f, bigFile(t, 2, 60, "q"))
	p1, p2 := d.plan(t, f), d.plan(t, f)
	var wg sync.WaitGroup
	results := make([]plan.Result, 2)
	for i, p := range []*plan.Plan{p1, p2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = plan.Apply(context.Background(), p, d.providers(f), plan.ApplyOptions{Concurrency: 8})
		}()
	}
	wg.Wait()
	for i, r := range results {
		if !r.OK() {
			t.Errorf("apply %d failed: %+v", i, r)
		}
	}
	if diff := cmp.Diff(wantState(f), d.liveState(f)); diff != "" {
		t.Fatalf("live state (-want +got):\n%s", diff)
	}
}

// TestInterruptedApplyResumes cancels an apply after some changes; the
// next plan holds only what is left, and applying it converges.
func TestInterruptedApplyResumes(t *testing.T) {
	d := newDomain(t, emulator.Options{})
	f := bigFile(t, 2, 200, "p")
	d.seed(t, f, bigFile(t, 2, 30, "q"))
	p := d.plan(t, f)
	total := len(p.Lists[0].Changes) + len(p.Lists[1].Changes)
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	n := 0
	res := plan.Apply(ctx, p, d.providers(f), plan.ApplyOptions{Concurrency: 4, Report: func(plan.Event) {
		mu.Lock()
		defer mu.Unlock()
		if n++; n == 100 {
			cancel()
		}
	}})
	if res.OK() {
		t.Fatal("an interrupted apply reported success")
	}
	rest := d.plan(t, f)
	left := len(rest.Lists[0].Changes) + len(rest.Lists[1].Changes)
	if left == 0 || left >= total {
		t.Fatalf("%d of %d changes left after the interruption", left, total)
	}
	if res := plan.Apply(context.Background(), rest, d.providers(f), plan.ApplyOptions{Concurrency: 4}); !res.OK() {
		t.Fatalf("resume failed: %+v", res)
	}
	if diff := cmp.Diff(wantState(f), d.liveState(f)); diff != "" {
		t.Fatalf("live state (-want +got):\n%s", diff)
	}
}

// TestRoleFixedAfterDuplicate: a member added by someone else with another
// role since the plan is fixed, not left wrong.
func TestRoleFixedAfterDuplicate(t *testing.T) {
	d := newDomain(t, emulator.Options{})
	f := file(t, "remove", 0, "a@example.org=owner")
	if err := d.emu.AddGroup("l@example.org"); err != nil {
		t.Fatal(err)
	}
	p := d.plan(t, f) // plans an add
	if _, err := d.client.Add(context.Background(), "l@example.org", "A@example.org", directory.RoleMember); err != nil {
		t.Fatal(err)
	}
	if res := plan.Apply(context.Background(), p, d.providers(f), plan.ApplyOptions{Concurrency: 1}); !res.OK() {
		t.Fatalf("%+v", res)
	}
	if ms := d.emu.Members("l@example.org"); len(ms) != 1 || ms[0].Role != "OWNER" {
		t.Fatalf("members %+v", ms)
	}
}

// TestUnreadableListFails: a list whose live state could not be read has
// no changes, and must still fail the run rather than pass as up to date.
func TestUnreadableListFails(t *testing.T) {
	p := &plan.Plan{Lists: []*plan.List{{ID: "l", Address: "l@example.org", Changes: []plan.Change{}, Error: "snapshot unreadable"}}}
	res := plan.Apply(context.Background(), p, map[string]directory.Provider{}, plan.ApplyOptions{})
	if res.OK() || res.Lists[0].Err == nil {
		t.Fatalf("an unreadable list passed: %+v", res)
	}
}
