package site_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/site"
)

// TestRenamedListKeepsItsHistory: a list renamed in the file (same
// address) keeps its timeline on the site: its members joined when they
// joined, not on the day of the rename.
func TestRenamedListKeepsItsHistory(t *testing.T) {
	t.Parallel()
	file := func(id, extra string) string {
		return "schema = 1\n\n[lists." + id + "]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n[policies.p]\nvetting_methods = [\"video-call\"]\n" +
			"\n[[member]]\nemail = \"ada@example.org\"\nlists = { " + id + " = \"owner\" }\nvetting = [{ by = \"lin@example.org\", on = 2026-01-05, method = \"video-call\" }]\n" + extra
	}
	repo := historytest.New(t)
	repo.Commit("members.toml", file("reports", ""), "Create the list (#1)")
	repo.Commit("members.toml", file("security-reports", ""), "Rename the list (#2)")
	events, _, err := history.History(context.Background(), repo.Dir, "members.toml", history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := members.Parse("members.toml", []byte(file("security-reports", "")))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	if err := site.Build(dir, site.Input{File: f, Events: events, Today: dayRef("2026-04-01")}); err != nil {
		t.Fatal(err)
	}
	page := string(readSite(t, dir)["list-security-reports.html"])
	if !strings.Contains(page, "Create the list (#1)") || strings.Contains(page, "Rename the list (#2)") {
		t.Errorf("the renamed list's timeline does not start at its creation:\n%s", page)
	}
}
