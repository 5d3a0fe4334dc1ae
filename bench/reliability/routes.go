package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/roster-dev/roster/bench/internal/harness"
	"github.com/roster-dev/roster/directory/emulator"
)

// routes checks "every route to the same truth": for each class of
// input that has two spellings, two histories or two commands that must
// come to one answer, that they do, each by two routes where there are
// two (sync, and plan --out then apply; validate and sync; plan and
// audit --live; two shapes of history).
func routes(bin, tmp string) []row {
	var rows []row
	rows = append(append(rows, routesMoved(bin, tmp)...), routesBeforeMove(bin, tmp)...)
	rows = append(rows, routesAliasCap(bin, tmp)...)
	rows = append(append(rows, routesBlockedAlias(bin, tmp)...), routesFailingReads(bin, tmp)...)
	rows = append(rows, routesSpellings(bin, tmp)...)
	rows = append(rows, routesShown(bin, tmp)...)
	rows = append(rows, routesAllFail(bin, tmp)...)
	rows = append(rows, routesHistoryShape(bin, tmp)...)
	rows = append(rows, routesFreshRepo(bin, tmp)...)
	rows = append(rows, routesWalkIn(bin, tmp)...)
	rows = append(rows, routesNoAnswer(bin, tmp)...)
	rows = append(rows, routesLineage(bin, tmp)...)
	rows = append(rows, routesGroupOwner(bin, tmp)...)
	rows = append(rows, routesEmptied(bin, tmp)...)
	rows = append(rows, routesCapHeld(bin, tmp)...)
	rows = append(rows, routesOwnersCounted(bin, tmp)...)
	rows = append(rows, routesOfHistory(bin, tmp)...)
	return rows
}

// routeHeader is a report list that keeps walk-ins (unmanaged =
// "report"), so that only the file's history says that someone it no
// longer lists was taken off.
const routeHeader = `schema = 1

[lists.%s]
address = "security@example.org"
policy = "p"

[policies.p]
min_owners = 2
vetting_methods = ["video-call"]
vetted_by = "member"
vetting_valid_for = "365d"
unmanaged = "report"
allow_non_ascii = true
`

// person is a member entry on one list, vetted two months ago.
func person(email, list, role string) string {
	on := time.Now().AddDate(0, -2, 0).Format("2006-01-02")
	by := "ada@example.org"
	if email == by {
		by = "grace@example.org"
	}
	return fmt.Sprintf("\n[[member]]\nemail = %q\nlists = { %s = %q }\nvetting = [{ by = %q, on = %s, method = \"video-call\" }]\n", email, list, role, by, on)
}

// startDomain serves an emulator whose groups hold the given members:
// address -> members; a member "x@y OWNER" has its role after a space.
func startDomain(groups map[string][]string) *harness.Domain {
	d, err := harness.StartDomain(emulator.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for g, ms := range groups {
		var members []emulator.Member
		for _, m := range ms {
			email, role, _ := strings.Cut(m, " ")
			members = append(members, emulator.Member{Email: email, Role: role})
		}
		if err := d.AddGroup(g, members...); err != nil {
			log.Fatal(err)
		}
	}
	return d
}

// twoRoutes runs a change to the live side both ways it can be made:
// sync, and plan --out then apply of the saved plan, each against a
// fresh domain from setup, and returns what check says of each.
func twoRoutes(bin, dir string, setup func() *harness.Domain, extra []string, check func(d *harness.Domain, r harness.Run) (string, bool)) (figure string, ok bool) {
	var figures []string
	ok = true
	for _, route := range []string{"sync", "plan+apply"} {
		d := setup()
		var r harness.Run
		if route == "sync" {
			r = harness.RunRoster(context.Background(), bin, dir, d, append([]string{"sync"}, extra...)...)
		} else {
			plan := filepath.Join(os.TempDir(), fmt.Sprintf("roster-route-plan-%d.json", time.Now().UnixNano()))
			p := harness.RunRoster(context.Background(), bin, dir, d, append([]string{"plan", "--out", plan}, extra...)...)
			if p.Code != 0 && p.Code != 2 {
				r = p
			} else {
				r = harness.RunRoster(context.Background(), bin, dir, d, append(append([]string{"apply"}, extra...), plan)...)
			}
			os.Remove(plan)
		}
		f, good := check(d, r)
		figures = append(figures, route+": "+f)
		ok = ok && good
		d.Close()
	}
	return strings.Join(figures, "; "), ok
}

// routesMoved: someone taken off a report list in the very commit that
// renames the list, moves the file, or moves the list in from another
// file is removed: whom the file managed is known by the group.
func routesMoved(bin, tmp string) []row {
	base := fmt.Sprintf(routeHeader, "reports") + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner") + person("lin@example.org", "reports", "member")
	without := func(list string) string {
		return fmt.Sprintf(routeHeader, list) + person("ada@example.org", list, "owner") + person("grace@example.org", list, "owner")
	}
	old := time.Now().Add(-48 * time.Hour)
	cases := []struct {
		name, file string
		repo       func(dir string)
	}{
		{"a list renamed", "members.toml", func(dir string) {
			must(harness.Commit(dir, old, "Create the lists", map[string]string{"members.toml": base}))
			must(harness.Commit(dir, time.Time{}, "Rename reports to security-reports; take lin off", map[string]string{"members.toml": without("security-reports")}))
		}},
		{"the file moved", "lists/members.toml", func(dir string) {
			must(harness.Commit(dir, old, "Create the lists", map[string]string{"members.toml": base}))
			must(harness.Commit(dir, time.Time{}, "Move the file to lists/; take lin off", map[string]string{"lists/members.toml": without("reports"), "members.toml": ""}))
		}},
		{"the list moved in from another file", "members.toml", func(dir string) {
			other := base
			mine := "schema = 1\n\n[lists.announce]\naddress = \"announce@example.org\"\npolicy = \"p\"\n\n[policies.p]\nmin_owners = 2\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\nunmanaged = \"report\"\n" +
				person("ada@example.org", "announce", "owner") + person("grace@example.org", "announce", "owner")
			must(harness.Commit(dir, old, "Create the lists", map[string]string{"security.toml": other, "members.toml": mine}))
			moved := strings.Replace(without("reports"), "schema = 1\n", "schema = 1\n\n[lists.announce]\naddress = \"announce@example.org\"\npolicy = \"p\"\n", 1)
			moved = strings.Replace(moved, `lists = { reports = "owner" }`, `lists = { reports = "owner", announce = "owner" }`, -1)
			must(harness.Commit(dir, time.Time{}, "Move the reports list into members.toml; take lin off", map[string]string{"members.toml": moved, "security.toml": ""}))
		}},
		{"the file moved and rewritten (git sees a delete and an add)", "lists/members.toml", func(dir string) {
			must(harness.Commit(dir, old, "Create the lists", map[string]string{"members.toml": base}))
			must(harness.Commit(dir, time.Time{}, "Rewrite the file into lists/; take lin off", map[string]string{"lists/members.toml": rewritten(without("reports")), "members.toml": ""}))
		}},
		{"the list moved out to another file and back", "members.toml", func(dir string) {
			must(harness.Commit(dir, old, "Create the lists", map[string]string{"members.toml": base}))
			must(harness.Commit(dir, old.Add(time.Hour), "Move the list out", map[string]string{"members.toml": "schema = 1\n", "other.toml": base}))
			must(harness.Commit(dir, time.Time{}, "Move the list back; take lin off", map[string]string{"members.toml": without("reports"), "other.toml": ""}))
		}},
	}
	var rows []row
	for i, c := range cases {
		dir := filepath.Join(tmp, fmt.Sprintf("route-moved%d", i))
		c.repo(dir)
		setup := func() *harness.Domain {
			return startDomain(map[string][]string{
				"security@example.org": {"ada@example.org OWNER", "grace@example.org OWNER", "lin@example.org"},
				"announce@example.org": {"ada@example.org OWNER", "grace@example.org OWNER"},
			})
		}
		fig, ok := twoRoutes(bin, dir, setup, []string{"--file", c.file}, func(d *harness.Domain, r harness.Run) (string, bool) {
			got := liveSet(d, "security@example.org")
			return fmt.Sprintf("%s (%d)", got, r.Code), got == "ada@example.org grace@example.org" && r.Code == 0
		})
		rows = append(rows, row{"routes: " + c.name + " in the commit that takes lin off a report list: live group (exit code)", fig,
			"sync and plan+apply: ada@example.org grace@example.org (0)", ok})
	}
	return rows
}

// rewritten is a members file with a long comment on top, so that git
// sees less than half of an earlier version in it: a move git shows as a
// delete and an add, not a rename.
func rewritten(file string) string {
	var b strings.Builder
	for i := range 120 {
		fmt.Fprintf(&b, "# Line %d of a long preface the reorganisation added: who we are, how to join, whom to ask.\n", i)
	}
	return b.String() + file
}

// routesBeforeMove: show --at and diff of a revision from before the
// file or the list moved answer as of then, whether the revision is a
// commit or a date: lin was on the list, and diff from then says he left.
func routesBeforeMove(bin, tmp string) []row {
	base := fmt.Sprintf(routeHeader, "reports") + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner") + person("lin@example.org", "reports", "member")
	without := fmt.Sprintf(routeHeader, "reports") + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner")
	old := time.Now().Add(-72 * time.Hour)
	cases := []struct {
		name, file string
		after      map[string]string
	}{
		{"a move git sees as a rename", "lists/members.toml", map[string]string{"lists/members.toml": without, "members.toml": ""}},
		{"a move git sees as a delete and an add", "lists/members.toml", map[string]string{"lists/members.toml": rewritten(without), "members.toml": ""}},
		{"the list moved in from another file", "members.toml", map[string]string{"members.toml": without, "security.toml": ""}},
	}
	var rows []row
	for i, c := range cases {
		dir := filepath.Join(tmp, fmt.Sprintf("route-before-move%d", i))
		first := map[string]string{"members.toml": base}
		if c.file == "members.toml" {
			first = map[string]string{"security.toml": base, "members.toml": "schema = 1\n"}
		}
		must(harness.Commit(dir, old, "Create the list", first))
		must(harness.Commit(dir, time.Time{}, "Move it; take lin off", c.after))
		day := old.Add(time.Hour).Format("2006-01-02")
		var figs []string
		ok := true
		for _, args := range [][]string{
			{"show", "--file", c.file, "--at", "HEAD~1"},
			{"show", "--file", c.file, "--at", day},
			{"diff", "--file", c.file, "HEAD~1", "HEAD"},
		} {
			r := harness.RunRoster(context.Background(), bin, dir, nil, args...)
			named := strings.Contains(r.Stdout, "lin@example.org")
			label := strings.Join(append([]string{args[0]}, args[3:]...), " ") // without --file
			figs = append(figs, fmt.Sprintf("%s: %d, lin %v", label, r.Code, named))
			ok = ok && r.Code == 0 && named
		}
		rows = append(rows, row{"routes: revisions before " + c.name + ": exit, names lin (show --at a commit, --at a date; diff)", strings.Join(figs, "; "),
			"0 and true each", ok})
	}
	return rows
}

// routesAliasCap: an owner listed in the file under an alias, on a list
// with more possible aliases than roster looks up (plan.MaxAliasLookups),
// is planned as "add the alias, remove the primary"; the insert finds
// them already there, and the removal must never take the group below
// min_owners.
func routesAliasCap(bin, tmp string) []row {
	dir := filepath.Join(tmp, "route-alias-cap")
	must(os.MkdirAll(dir, 0o755))
	file := strings.Replace(fmt.Sprintf(routeHeader, "reports"), `unmanaged = "report"`, `unmanaged = "remove"`, 1) +
		person("ada@example.org", "reports", "owner") + person("grace.hopper@example.org", "reports", "owner")
	live := []string{"ada@example.org OWNER", "grace@example.org OWNER"}
	for i := 0; i < 10; i++ {
		e := fmt.Sprintf("kept%02d@example.org", i)
		file += person(e, "reports", "member")
		live = append(live, e)
	}
	// 30 new members at the group's domain: each could be an alias of a
	// live member, more than the 25 roster looks up one by one.
	for i := 0; i < 30; i++ {
		file += person(fmt.Sprintf("new%02d@example.org", i), "reports", "member")
	}
	must(os.WriteFile(filepath.Join(dir, "members.toml"), []byte(file), 0o644))
	setup := func() *harness.Domain {
		d := startDomain(map[string][]string{"security@example.org": live})
		d.AddAlias("grace.hopper@example.org", "grace@example.org")
		return d
	}
	fig, ok := twoRoutes(bin, dir, setup, []string{"--max-removals", "50", "--max-removal-ratio", "1"}, func(d *harness.Domain, r harness.Run) (string, bool) {
		owners, grace := 0, false
		for _, m := range d.Members("security@example.org") {
			if m.Role == "OWNER" {
				owners++
			}
			grace = grace || m.Email == "grace@example.org" && m.Role == "OWNER"
		}
		return fmt.Sprintf("%d owners, grace kept %v, %d members.get (%d)", owners, grace, d.Counters()["members.get"], r.Code), owners >= 2 && grace
	})
	return []row{{"routes: an owner written as an alias, past the look-up cap (30 candidates): owners left, the owner kept, look-ups (exit code)", fig, "sync and plan+apply: >= 2 owners, grace kept true", ok}}
}

// routesSpellings: one person written two ways is refused as a
// duplicate (validate, and sync before any call), and an entry whose
// spelling differs from the live group's only in form is one identity:
// nothing to change, nothing written.
func routesSpellings(bin, tmp string) []row {
	var rows []row
	spellings := []struct {
		name, a, b string // two spellings of one identity
		field      string // "github" or "email"
		says       string
	}{
		{"GitHub handle case", "Ada-Example", "ada-example", "github", "GitHub handle"},
		{"NFC / NFD", "jos\u00e9@example.org", "jose\u0301@example.org", "email", "same mailbox"},
		{"Unicode / punycode domain", "ann@b\u00fccher.example", "ann@xn--bcher-kva.example", "email", "same mailbox"},
		{"a +tag", "bob@gmail.com", "bob+lists@gmail.com", "email", "same mailbox"},
	}
	for i, s := range spellings {
		dir := filepath.Join(tmp, fmt.Sprintf("route-spelling%d", i))
		must(os.MkdirAll(dir, 0o755))
		file := fmt.Sprintf(routeHeader, "reports") + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner")
		if s.field == "github" {
			file += person("lin@example.org", "reports", "member") + "github = \"" + s.a + "\"\n" + person("lin.two@example.org", "reports", "member") + "github = \"" + s.b + "\"\n"
		} else {
			file += person(s.a, "reports", "member") + person(s.b, "reports", "member")
		}
		// person() ends with the vetting line; a key after it belongs to
		// the member table still.
		must(os.WriteFile(filepath.Join(dir, "members.toml"), []byte(file), 0o644))
		v := harness.RunRoster(context.Background(), bin, dir, nil, "validate")
		d := startDomain(map[string][]string{"security@example.org": {"ada@example.org OWNER", "grace@example.org OWNER"}})
		r := harness.RunRoster(context.Background(), bin, dir, d, "sync")
		calls := d.Counters()["calls"]
		d.Close()
		vSays, sSays := strings.Contains(v.Stdout+v.Stderr, s.says), strings.Contains(r.Stdout+r.Stderr, s.says)
		rows = append(rows, row{fmt.Sprintf("routes: one person, two spellings (%s) in the file: validate exit, says; sync exit, says, API calls", s.name),
			fmt.Sprintf("%d, %v; %d, %v, %d", v.Code, vSays, r.Code, sSays, calls), "1, true; 1, true, 0", v.Code == 1 && vSays && r.Code == 1 && sSays && calls == 0})
		if s.field != "email" {
			continue
		}
		// One identity: the file writes one spelling, the live group
		// holds the other.
		dir = filepath.Join(tmp, fmt.Sprintf("route-identity%d", i))
		must(os.MkdirAll(dir, 0o755))
		file = fmt.Sprintf(routeHeader, "reports") + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner") + person(s.b, "reports", "member")
		must(os.WriteFile(filepath.Join(dir, "members.toml"), []byte(file), 0o644))
		setup := func() *harness.Domain {
			return startDomain(map[string][]string{"security@example.org": {"ada@example.org OWNER", "grace@example.org OWNER", s.a}})
		}
		d = setup()
		p := harness.RunRoster(context.Background(), bin, dir, d, "plan")
		d.Close()
		fig, ok := twoRoutes(bin, dir, setup, nil, func(d *harness.Domain, r harness.Run) (string, bool) {
			w := len(d.Journal())
			return fmt.Sprintf("%d writes (%d)", w, r.Code), w == 0 && r.Code == 0
		})
		rows = append(rows, row{fmt.Sprintf("routes: the file writes %+q, the group holds %+q: plan exit; writes (exit code)", s.b, s.a),
			fmt.Sprintf("plan %d; %s", p.Code, fig), "plan 0; sync and plan+apply: 0 writes (0)", ok && p.Code == 0})
	}
	return rows
}

// routesShown: what the file never listed is printed so that nobody
// mistakes it: a live look-alike of a listed address (a Cyrillic 'а'
// for 'a') with the character named, and the whole domain (a CUSTOMER
// member, no address) by what it means.
func routesShown(bin, tmp string) []row {
	dir := filepath.Join(tmp, "route-shown")
	must(os.MkdirAll(dir, 0o755))
	file := fmt.Sprintf(routeHeader, "reports") + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner")
	must(os.WriteFile(filepath.Join(dir, "members.toml"), []byte(file), 0o644))
	d := startDomain(map[string][]string{"security@example.org": {"ada@example.org OWNER", "grace@example.org OWNER", "\u0430da@example.org"}})
	must(d.AddGroup("announce@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}))
	defer d.Close()
	p := harness.RunRoster(context.Background(), bin, dir, d, "plan")
	a := harness.RunRoster(context.Background(), bin, dir, d, "audit", "--live")
	named := func(r harness.Run) bool { return strings.Contains(r.Stdout+r.Stderr, "U+0430") }
	rows := []row{{"routes: a live look-alike of a listed address (Cyrillic \u0430): named with its character by plan; by audit --live (exit code)",
		fmt.Sprintf("%v; %v (%d)", named(p), named(a), a.Code), "true; true (1)", named(p) && named(a) && a.Code == 1}}

	// The whole domain as a member: Google lists it with type CUSTOMER
	// and no address.
	c := customerDomain()
	defer c.Close()
	p = harness.RunRoster(context.Background(), bin, dir, c, "plan")
	a = harness.RunRoster(context.Background(), bin, dir, c, "audit", "--live")
	domain := regexp.MustCompile(`(?i)all users (in|of) the domain`)
	rows = append(rows, row{"routes: the whole domain (a CUSTOMER member) on a list: named by audit --live (exit code); by plan",
		fmt.Sprintf("%v (%d); %v", domain.MatchString(a.Stdout), a.Code, domain.MatchString(p.Stdout+p.Stderr)), "true (1); true",
		domain.MatchString(a.Stdout) && a.Code == 1 && domain.MatchString(p.Stdout+p.Stderr)})
	return rows
}

func customerDomain() *harness.Domain {
	d, err := harness.StartDomain(emulator.Options{State: &emulator.State{Groups: []*emulator.Group{{
		Email: "security@example.org",
		Members: []*emulator.Member{
			{Email: "ada@example.org", Role: "OWNER"}, {Email: "grace@example.org", Role: "OWNER"},
			{Role: "MEMBER", Type: "CUSTOMER", ID: "C03az79cb"},
		},
	}}}})
	if err != nil {
		log.Fatal(err)
	}
	return d
}

// routesAllFail: a file in which every list fails its own policy (fewer
// owners than min_owners), 10,000 lists of it, syncs nothing, reads
// nothing, and says so at once.
func routesAllFail(bin, tmp string) []row {
	const n = 10_000
	dir := filepath.Join(tmp, "route-all-fail")
	must(os.MkdirAll(dir, 0o755))
	var b strings.Builder
	b.WriteString("schema = 1\n\n[policies.p]\nmin_owners = 2\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\nunmanaged = \"report\"\n")
	var lists []string
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\n[lists.l%05d]\naddress = \"l%05d@example.org\"\npolicy = \"p\"\n", i, i)
		lists = append(lists, fmt.Sprintf("l%05d = \"owner\"", i))
	}
	fmt.Fprintf(&b, "\n[[member]]\nemail = \"ada@example.org\"\nlists = { %s }\nvetting = [{ by = \"grace@example.org\", on = %s, method = \"video-call\" }]\n",
		strings.Join(lists, ", "), time.Now().AddDate(0, -2, 0).Format("2006-01-02"))
	must(os.WriteFile(filepath.Join(dir, "members.toml"), []byte(b.String()), 0o644))
	var figs []string
	ok := true
	for _, cmd := range []string{"sync", "plan"} {
		d := startDomain(nil)
		for i := 0; i < n; i++ {
			must(d.AddGroup(fmt.Sprintf("l%05d@example.org", i), emulator.Member{Email: "ada@example.org", Role: "OWNER"}))
		}
		r := harness.RunRoster(context.Background(), bin, dir, d, cmd)
		calls := d.Counters()["calls"]
		d.Close()
		said := strings.Contains(r.Stderr, "every selected list fails its policy")
		lines := strings.Count(r.Stderr, "\n")
		figs = append(figs, fmt.Sprintf("%s: %d calls, exit %d, says %v, %d lines, %.2f s", cmd, calls, r.Code, said, lines, r.Took.Seconds()))
		ok = ok && calls == 0 && r.Code == 1 && said && lines <= 25 && r.Took < 2*time.Second
	}
	return []row{{fmt.Sprintf("routes: %d lists, each failing its policy (1 owner, min_owners 2): API calls, exit, says so, stderr lines, seconds", n),
		strings.Join(figs, "; "), "0 calls, exit 1, true, <= 25 lines, < 2 s", ok}}
}

// routesFreshRepo: in a repository with no commit yet, plan and import
// work, and no raw git error reaches the user.
func routesFreshRepo(bin, tmp string) []row {
	dir := filepath.Join(tmp, "route-fresh")
	must(os.MkdirAll(dir, 0o755))
	must(harness.Git(dir, time.Time{}, "init", "-q", "-b", "main"))
	file := fmt.Sprintf(routeHeader, "reports") + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner")
	file = strings.Replace(file, "[policies.p]", "[lists.announce]\naddress = \"announce@example.org\"\npolicy = \"g\"\n\n[policies.g]\nvetting_methods = [\"grandfathered\"]\nunmanaged = \"report\"\n\n[policies.p]", 1)
	must(os.WriteFile(filepath.Join(dir, "members.toml"), []byte(file), 0o644))
	d := startDomain(map[string][]string{
		"security@example.org": {"ada@example.org OWNER", "grace@example.org OWNER", "walk-in@example.org"},
		"announce@example.org": {"ada@example.org OWNER", "bob@example.org"},
	})
	defer d.Close()
	raw := regexp.MustCompile(`(?m)fatal:|^error: |exit status 128|ambiguous argument|unknown revision|does not have any commits`)
	p := harness.RunRoster(context.Background(), bin, dir, d, "plan")
	i := harness.RunRoster(context.Background(), bin, dir, d, "import", "--list", "announce")
	data, _ := os.ReadFile(filepath.Join(dir, "members.toml"))
	imported := strings.Contains(string(data), "bob@example.org")
	rawP, rawI := raw.MatchString(p.Stdout+p.Stderr), raw.MatchString(i.Stdout+i.Stderr)
	if rawP || rawI {
		fmt.Fprintf(os.Stderr, "fresh repository:\n%s%s%s%s", p.Stdout, p.Stderr, i.Stdout, i.Stderr)
	}
	// An import whose entries validate then refuses (ada, put on a list
	// that takes only grandfathered records) is written and exits 1,
	// saying so: written all the same.
	written := i.Code == 0 || i.Code == 1 && strings.Contains(i.Stderr, " is written, but ")
	return []row{{"routes: a repository with no commit: plan exit, raw git error; import exit, imported, raw git error",
		fmt.Sprintf("%d, %v; %d, %v, %v", p.Code, rawP, i.Code, imported, rawI), "0, 1 (announce, empty before the import, left alone) or 2, false; 0 (or 1, written), true, false",
		(p.Code == 0 || p.Code == 2 || p.Code == 1 && strings.Contains(p.Stderr, "announce is not read or synced")) && !rawP && written && imported && !rawI}}
}

// routesWalkIn: someone on a report list whom the file never named ends
// a sync with exit 3, its last line naming them, whether the changes
// come from sync or from apply of a saved plan.
func routesWalkIn(bin, tmp string) []row {
	dir := filepath.Join(tmp, "route-walk-in")
	file := fmt.Sprintf(routeHeader, "reports") + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner") + person("lin@example.org", "reports", "member")
	must(harness.Commit(dir, time.Now().Add(-48*time.Hour), "Create the lists", map[string]string{"members.toml": file}))
	setup := func() *harness.Domain {
		return startDomain(map[string][]string{"security@example.org": {"ada@example.org OWNER", "grace@example.org OWNER", "walk-in@example.org"}})
	}
	fig, ok := twoRoutes(bin, dir, setup, nil, func(d *harness.Domain, r harness.Run) (string, bool) {
		last := lastLine(r.Stderr)
		named := strings.Contains(last, "walk-in@example.org")
		lin := strings.Contains(liveSet(d, "security@example.org"), "lin@")
		return fmt.Sprintf("exit %d, last line names them %v, lin added %v", r.Code, named, lin), r.Code == 3 && named && lin
	})
	return []row{{"routes: a walk-in on a report list (and one addition): exit, last line names them, addition made", fig,
		"sync and plan+apply: exit 3, true, true", ok}}
}

// routesNoAnswer: a group whose calls are never answered (no answer at
// all, or headers and then a stalled body) fails that list alone, within
// the tries' deadlines, while the other lists sync.
func routesNoAnswer(bin, tmp string) []row {
	dir := filepath.Join(tmp, "route-no-answer")
	must(os.MkdirAll(dir, 0o755))
	var b strings.Builder
	b.WriteString("schema = 1\n\n[policies.p]\nmin_owners = 1\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\nunmanaged = \"remove\"\n")
	var lists []string
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&b, "\n[lists.l%d]\naddress = \"l%d@example.org\"\npolicy = \"p\"\n", i, i)
		lists = append(lists, fmt.Sprintf("l%d = \"owner\"", i))
	}
	on := time.Now().AddDate(0, -2, 0).Format("2006-01-02")
	fmt.Fprintf(&b, "\n[[member]]\nemail = \"ada@example.org\"\nlists = { %s }\nvetting = [{ by = \"grace@example.org\", on = %s, method = \"video-call\" }]\n", strings.Join(lists, ", "), on)
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&b, "\n[[member]]\nemail = \"new%d@example.org\"\nlists = { l%d = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = %s, method = \"video-call\" }]\n", i, i, on)
	}
	must(os.WriteFile(filepath.Join(dir, "members.toml"), []byte(b.String()), 0o644))
	// Each try may take 1 s; 10 tries and their backoff from 10 ms
	// (capped at 2.56 s a wait) take at most 10 x 1 s + 5.1 s.
	args := []string{"sync", "--call-timeout", "1s", "--retry-base", "10ms"}
	const deadline = 16 * time.Second
	stalls := []struct {
		name string
		h    func(w http.ResponseWriter, r *http.Request)
	}{
		{"no answer", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			<-r.Context().Done()
		}},
		{"headers, then a stalled body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			fmt.Fprint(w, `{"kind":"admin#directory#members","members":[{"id":"1",`)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}},
	}
	var figs []string
	ok := true
	for _, s := range stalls {
		groups := map[string][]string{}
		for i := 0; i < 5; i++ {
			groups[fmt.Sprintf("l%d@example.org", i)] = []string{"ada@example.org OWNER"}
		}
		d := startDomain(groups)
		d.SetHook(func(w http.ResponseWriter, r *http.Request) bool {
			if !strings.Contains(r.URL.Path, "l2@example.org") {
				return false
			}
			s.h(w, r)
			return true
		})
		r := harness.RunRoster(context.Background(), bin, dir, d, args...)
		synced := 0
		for i := 0; i < 5; i++ {
			if i != 2 && strings.Contains(liveSet(d, fmt.Sprintf("l%d@example.org", i)), fmt.Sprintf("new%d@", i)) {
				synced++
			}
		}
		named := strings.Contains(r.Stdout+r.Stderr, "l2@example.org") && strings.Contains(r.Stdout+r.Stderr, "timeout")
		d.SetHook(nil)
		d.Close()
		figs = append(figs, fmt.Sprintf("%s: exit %d, %d of 4 others synced, failure named %v, %.1f s", s.name, r.Code, synced, named, r.Took.Seconds()))
		ok = ok && r.Code == 1 && synced == 4 && named && r.Took < deadline
	}
	return []row{{"routes: one group never answers (--call-timeout 1s): exit, the 4 other lists synced, the list's failure named, seconds",
		strings.Join(figs, "; "), fmt.Sprintf("exit 1, 4 of 4, true, < %v", deadline), ok}}
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
