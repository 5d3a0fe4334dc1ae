package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/roster-dev/roster/bench/internal/harness"
)

// routesBlockedAlias: past the alias look-up cap, the file lists a live
// member under an alias, in an entry with no vetting record (BLOCKED,
// never added, so nothing finds who it is): the member is not removed,
// by either route, nor at the list's max_members, where room is made
// before anyone is added.
func routesBlockedAlias(bin, tmp string) []row {
	var rows []row
	for _, cap := range []string{"", "\nmax_members = 33"} {
		dir := filepath.Join(tmp, "route-blocked-alias"+fmt.Sprint(len(cap)))
		must(os.MkdirAll(dir, 0o755))
		file := strings.Replace(fmt.Sprintf(routeHeader, "reports"), `unmanaged = "report"`, `unmanaged = "remove"`+cap, 1) +
			person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner") +
			"\n[[member]]\nemail = \"sam.alias@example.org\"\nlists = { reports = \"member\" }\n"
		for i := 0; i < 30; i++ {
			file += person(fmt.Sprintf("new%02d@example.org", i), "reports", "member")
		}
		must(os.WriteFile(filepath.Join(dir, "members.toml"), []byte(file), 0o644))
		setup := func() *harness.Domain {
			d := startDomain(map[string][]string{"security@example.org": {"ada@example.org OWNER", "grace@example.org OWNER", "sam@example.org", "walkin@example.org"}})
			d.AddAlias("sam.alias@example.org", "sam@example.org")
			return d
		}
		fig, ok := twoRoutes(bin, dir, setup, []string{"--max-removals", "50", "--max-removal-ratio", "1"}, func(d *harness.Domain, r harness.Run) (string, bool) {
			sam := false
			for _, m := range d.Members("security@example.org") {
				sam = sam || m.Email == "sam@example.org"
			}
			return fmt.Sprintf("sam kept %v (%d)", sam, r.Code), sam && r.Code == 1
		})
		what := "routes: a member written as an alias in an unvetted entry, past the look-up cap"
		if cap != "" {
			what += ", the list at its max_members"
		}
		rows = append(rows, row{what + ": the member kept (exit code)", fig, "sync and plan+apply: true (1)", ok})
	}
	return rows
}

// routesFailingReads: Google failing every group read, three ways (a
// 503 try after try, a 429 every time, pages that never end), costs a few groups' reads, not every group's: the read
// brake stops the run after five in a row, names every list left, and
// exits 1; by plan and by sync.
func routesFailingReads(bin, tmp string) []row {
	dir := filepath.Join(tmp, "route-failing-reads")
	must(os.MkdirAll(dir, 0o755))
	groups := map[string][]string{}
	file := "schema = 1\n\n[policies.p]\nmin_owners = 1\nvetting_methods = [\"video-call\"]\n"
	for i := 0; i < 12; i++ {
		file += fmt.Sprintf("\n[lists.l%02d]\naddress = \"l%02d@example.org\"\npolicy = \"p\"\n", i, i)
		groups[fmt.Sprintf("l%02d@example.org", i)] = []string{"ada@example.org OWNER"}
	}
	var on []string
	for i := 0; i < 12; i++ {
		on = append(on, fmt.Sprintf("l%02d = \"owner\"", i))
	}
	file += fmt.Sprintf("\n[[member]]\nemail = \"ada@example.org\"\nlists = { %s }\nvetting = [{ by = \"grace@example.org\", on = 2026-01-01, method = \"video-call\" }]\n", strings.Join(on, ", "))
	must(os.WriteFile(filepath.Join(dir, "members.toml"), []byte(file), 0o644))
	var rows []row
	for _, way := range []struct {
		name, target string
		limit        int64
		answer       func(w http.ResponseWriter, r *http.Request)
		args         []string
	}{
		{"a 503 try after try", "<= 50", 50, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":{"code":503,"message":"Backend Error","errors":[{"reason":"backendError"}]}}`))
		}, nil},
		{"a 429 every time", "<= 200", 200, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":{"code":429,"message":"Rate Limit Exceeded","errors":[{"reason":"rateLimitExceeded"}]}}`))
		}, nil},
		{"pages that never end", "<= 100,000", 100_000, func(w http.ResponseWriter, r *http.Request) {
			n, _ := strconv.Atoi(r.URL.Query().Get("pageToken"))
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"members":[{"id":"p%d","email":"p%d@example.org","role":"MEMBER","type":"USER","status":"ACTIVE"}],"nextPageToken":"%d"}`, n, n, n+1)
		}, []string{"--rate", "100000"}}, // the page budget (2,500) reached in seconds, not the read timeout

	} {
		var figs []string
		ok := true
		for _, cmd := range []string{"plan", "sync"} {
			d := startDomain(groups)
			var reads atomic.Int64
			d.SetHook(func(w http.ResponseWriter, r *http.Request) bool {
				if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/members") {
					return false
				}
				reads.Add(1)
				way.answer(w, r)
				return true
			})
			start := time.Now()
			r := harness.RunRoster(context.Background(), bin, dir, d, append([]string{cmd, "--concurrency", "1", "--retry-base", "1ms"}, way.args...)...)
			took := time.Since(start)
			d.Close()
			named := 0
			for i := 0; i < 12; i++ {
				if strings.Contains(r.Stdout+r.Stderr, fmt.Sprintf("l%02d", i)) {
					named++
				}
			}
			figs = append(figs, fmt.Sprintf("%s: %d reads, %d of 12 named (%d), %.1f s", cmd, reads.Load(), named, r.Code, took.Seconds()))
			ok = ok && reads.Load() <= way.limit && named == 12 && r.Code == 1 && took < 30*time.Second
		}
		rows = append(rows, row{"routes: Google failing every group read (" + way.name + "), 12 lists, one read at a time: reads made, lists named (exit code), time",
			strings.Join(figs, "; "), "plan and sync: " + way.target + ", 12 (1), < 30 s", ok})
	}
	return rows
}
