package site_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/site"
)

var update = flag.Bool("update", false, "rewrite golden files with the current output")

// smallInput reads testdata/small: a members file, its events and what a
// read of the live groups found.
func smallInput(t testing.TB, public bool) site.Input {
	t.Helper()
	dir := filepath.Join("testdata", "small")
	data, err := os.ReadFile(filepath.Join(dir, "members.toml"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := members.Parse("members.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	var events []history.Event
	readJSON(t, filepath.Join(dir, "events.json"), &events)
	var live site.Live
	readJSON(t, filepath.Join(dir, "live.json"), &live)
	return site.Input{File: f, Events: events, Today: dayRef("2026-04-15"), Public: public, Live: &live}
}

func readJSON(t testing.TB, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// dayRef is day for Input.Today.
func dayRef(s string) *time.Time {
	t := day(s)
	return &t
}

func day(s string) time.Time {
	t, err := time.Parse(members.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

// readSite returns every file of a built site by its name.
func readSite(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if rel == ".gitignore" {
			// The auditor's site ignores itself, which a golden copy in
			// this repository cannot; TestBuildDirectory checks it.
			return nil
		}
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func names(files map[string][]byte) []string {
	var out []string
	for n := range files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// TestGolden builds the small site, private and public, and compares
// every file byte for byte with testdata/small/<kind>/ (go test -update
// rewrites them).
func TestGolden(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"private", "public"} {
		t.Run(kind, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "site")
			if err := site.Build(out, smallInput(t, kind == "public")); err != nil {
				t.Fatal(err)
			}
			got := readSite(t, out)
			golden := filepath.Join("testdata", "small", kind)
			if *update {
				os.RemoveAll(golden)
				for name, data := range got {
					p := filepath.Join(golden, filepath.FromSlash(name))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			want := readSite(t, golden)
			if diff := cmp.Diff(names(want), names(got)); diff != "" {
				t.Fatalf("files (-want +got):\n%s", diff)
			}
			for name := range want {
				if !bytes.Equal(want[name], got[name]) {
					t.Errorf("%s differs from the golden file (-want +got):\n%s\nrun go test ./site -run TestGolden -update if the change is meant",
						name, cmp.Diff(strings.Split(string(want[name]), "\n"), strings.Split(string(got[name]), "\n")))
				}
			}
		})
	}
}

func TestPullRequest(t *testing.T) {
	t.Parallel()
	for subject, want := range map[string]string{
		"Add Ada (#12)":                        "12",
		"Merge pull request #345 from ada/vet": "345",
		"Revert \"Add Ada (#12)\" (#14)":       "14",
		"Add Ada":                              "",
		"Fix #12":                              "",
		"Add (#) nobody":                       "",
		"Revert \"Add bee (#5)\"":              "",
		"Add m1 (#5) (#9)":                     "9",
		"Add m6 (#0)":                          "",
		"(#7) at the start":                    "",
		// A fork-sync pull request titled as a merge, squashed.
		"Merge pull request #5 from upstream/sync (#12)": "12",
	} {
		if got := site.PullRequest(subject); got != want {
			t.Errorf("PullRequest(%q) = %q, want %q", subject, got, want)
		}
	}
}

func TestBuildDirectory(t *testing.T) {
	t.Parallel()
	in := smallInput(t, false)
	t.Run("a new directory, with its parents, is created", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "a", "b", "site")
		if err := site.Build(out, in); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		// The auditor's site holds addresses: its owner's only, and
		// kept out of git.
		if fi.Mode().Perm() != 0o700 {
			t.Errorf("the auditor's site is %v, want rwx------", fi.Mode().Perm())
		}
		if ignore, err := os.ReadFile(filepath.Join(out, ".gitignore")); err != nil || !strings.HasSuffix(string(ignore), "\n*\n") {
			t.Errorf("the auditor's site has no .gitignore of everything: %q %v", ignore, err)
		}
		// The public one is for a web server to read.
		pub := filepath.Join(t.TempDir(), "pub")
		if err := site.Build(pub, smallInput(t, true)); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(pub); err != nil || fi.Mode().Perm()&0o055 != 0o055 {
			t.Errorf("the public site is %v (%v); a web server must be able to read it", fi.Mode().Perm(), err)
		}
		if _, err := os.Stat(filepath.Join(pub, ".gitignore")); err == nil {
			t.Errorf("the public site, which a workflow publishes, ignores itself")
		}
	})
	t.Run("an empty directory is used", func(t *testing.T) {
		out := t.TempDir()
		if err := site.Build(out, in); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("an earlier site is replaced whole, leaving nothing beside it", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "site")
		if err := site.Build(out, in); err != nil {
			t.Fatal(err)
		}
		stray := filepath.Join(out, "list-gone.html")
		if err := os.WriteFile(stray, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		earlierPage(t, out, "list-gone.html")
		if err := site.Build(out, in); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(stray); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a page of the earlier site is still there: %v", err)
		}
		entries, _ := os.ReadDir(parent)
		if len(entries) != 1 {
			var ns []string
			for _, e := range entries {
				ns = append(ns, e.Name())
			}
			t.Errorf("beside the site: %v", ns)
		}
	})
	t.Run("a directory with other files is refused and left alone", func(t *testing.T) {
		out := t.TempDir()
		mine := filepath.Join(out, "notes.txt")
		if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		err := site.Build(out, in)
		if !errors.Is(err, site.ErrNotSite) {
			t.Fatalf("got %v, want ErrNotSite", err)
		}
		if !strings.Contains(err.Error(), "new or empty directory") {
			t.Errorf("the error does not say what to do: %v", err)
		}
		if got := readSite(t, out); len(got) != 1 || string(got["notes.txt"]) != "mine" {
			t.Errorf("the directory changed: %v", names(got))
		}
	})
	t.Run("a file is refused", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "file")
		os.WriteFile(out, nil, 0o644)
		if err := site.Build(out, in); err == nil || !strings.Contains(err.Error(), "not a directory") {
			t.Fatalf("got %v", err)
		}
	})
	// A build refused before writing (here: no file) leaves the earlier
	// site and nothing beside it. A failure while writing the new site
	// goes through the same removal of its temporary directory, but no
	// test provokes one (running as root, permissions do not).
	t.Run("a refused build leaves the earlier site as it was and nothing beside it", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "site")
		if err := site.Build(out, in); err != nil {
			t.Fatal(err)
		}
		before := readSite(t, out)
		bad := in
		bad.File = nil
		if err := site.Build(out, bad); err == nil {
			t.Fatal("a build with no file succeeded")
		}
		if diff := cmp.Diff(names(before), names(readSite(t, out))); diff != "" {
			t.Error(diff)
		}
		entries, _ := os.ReadDir(parent)
		if len(entries) != 1 {
			t.Errorf("%d entries beside the site", len(entries))
		}
	})
	t.Run("a build stopped (SIGTERM) leaves the earlier site as it was", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "site")
		if err := site.Build(out, in); err != nil {
			t.Fatal(err)
		}
		before := readSite(t, out)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		for _, public := range []bool{false, true} {
			in := smallInput(t, public)
			// Another day: a build that wrote would change every page.
			in.Today = dayRef("2030-01-01")
			if err := site.BuildContext(ctx, out, in); !errors.Is(err, context.Canceled) {
				t.Fatalf("a build whose context is done: %v", err)
			}
		}
		if diff := cmp.Diff(names(before), names(readSite(t, out))); diff != "" {
			t.Error(diff)
		}
		for name, data := range readSite(t, out) {
			if !bytes.Equal(data, before[name]) {
				t.Errorf("%s changed though the build was stopped", name)
			}
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 1 {
			t.Errorf("%d entries beside the site", len(entries))
		}
	})
}

// TestAdmittedAsOfTheUTCDay: days count as UTC counts them, on the
// site as in validate, show and audit. A record dated the day the commit
// landed in UTC admits the person, whatever zone the date comes in; one
// dated the next UTC day (written where the clock was ahead, at 01:00
// +05:00) is dated in the future then, and admitted nobody, as show
// --at that commit and validate then say.
func TestAdmittedAsOfTheUTCDay(t *testing.T) {
	t.Parallel()
	east := time.FixedZone("+05:00", 5*60*60)
	for _, tc := range []struct {
		name     string
		at       time.Time
		admitted bool
	}{
		{"the record's UTC day, in the committer's zone", time.Date(2026, 1, 10, 6, 0, 0, 0, east), true},
		{"the record's UTC day, in UTC", time.Date(2026, 1, 10, 6, 0, 0, 0, east).UTC(), true},
		{"the day before in UTC", time.Date(2026, 1, 10, 1, 0, 0, 0, east), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := smallInput(t, false)
			first := in.Events[0].Commit
			for i := range in.Events {
				if e := &in.Events[i]; e.Commit == first {
					e.Date = tc.at
				}
			}
			dir := filepath.Join(t.TempDir(), "site")
			if err := site.Build(dir, in); err != nil {
				t.Fatal(err)
			}
			said := false
			for _, data := range readSite(t, dir) {
				said = said || strings.Contains(string(data), "no record admitted them then")
			}
			if said == tc.admitted {
				t.Errorf("a page says no record admitted them then: %v, want %v", said, !tc.admitted)
			}
		})
	}
}

// TestNamesKeepTheirJoiners: a name that needs a zero-width joiner or
// non-joiner (Persian, an emoji sequence) reads as written, not as an
// escape, while a bidi override is still shown escaped.
func TestNamesKeepTheirJoiners(t *testing.T) {
	t.Parallel()
	in := smallInput(t, true)
	in.File.Members[0].Name = "علی\u200cرضا 👩\u200d🔬 \u202eevil"
	dir := filepath.Join(t.TempDir(), "site")
	if err := site.Build(dir, in); err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, data := range readSite(t, dir) {
		all += string(data)
	}
	if !strings.Contains(all, "علی\u200cرضا") || !strings.Contains(all, "👩\u200d🔬") || strings.Contains(all, "\u202e") || !strings.Contains(all, `\u202e`) {
		t.Errorf("the name is not shown as written, with its override escaped")
	}
}

// TestBuildForEveryDate: the first day there is, the zero Time, is a
// date to build the site for; only no date is refused.
func TestBuildForEveryDate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		today *time.Time
		shows string // "" when Build refuses
	}{
		{dayRef("0001-01-01"), "0001-01-01"},
		{dayRef("0001-01-02"), "0001-01-02"},
		{&time.Time{}, "0001-01-01"},
		{nil, ""},
	} {
		in := smallInput(t, false)
		in.Today = tc.today
		out := filepath.Join(t.TempDir(), "site")
		err := site.Build(out, in)
		if tc.shows == "" {
			if err == nil || !strings.Contains(err.Error(), "no date") {
				t.Errorf("Build with no date: %v, want it refused", err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Build as of %s: %v", tc.shows, err)
			continue
		}
		if index := readSite(t, out)["index.html"]; !bytes.Contains(index, []byte(tc.shows)) {
			t.Errorf("the site as of %s does not say so:\n%s", tc.shows, index)
		}
	}
}

// addPeople adds to in one member per value, a copy of its first member
// at <prefix><n>@example.net, with set giving the value its fields: the
// tests that read many spellings put several in one build.
func addPeople(in *site.Input, prefix string, values []string, set func(m *members.Member, v string)) {
	for i, v := range values {
		m := *in.File.Members[0]
		m.Email = fmt.Sprintf("%s%d@example.net", prefix, i)
		set(&m, v)
		in.File.Members = append(in.File.Members, &m)
	}
	in.File.Index()
}

// TestAHostileOutputDirectoryIsRefused: Build replaces the whole
// directory it is given, so a directory a repository can shape (a link
// it commits, a marker it commits beside the members file or a .git)
// is refused and left as it was; and the auditor's site never takes a
// public roster's place, which may be committed and published.
func TestAHostileOutputDirectoryIsRefused(t *testing.T) {
	t.Parallel()
	marker := []byte("This directory is a site built by roster site; the next build replaces all of it.\n")
	for _, tc := range []struct {
		name   string
		public bool
		setUp  func(t *testing.T, root string) (out string, protect []string)
		says   string
	}{
		{"a link to the repository, a marker committed in it", true, func(t *testing.T, root string) (string, []string) {
			writeTestFile(t, filepath.Join(root, ".roster-site"), marker)
			writeTestFile(t, filepath.Join(root, ".git", "HEAD"), []byte("ref: refs/heads/main\n"))
			if err := os.Symlink(".", filepath.Join(root, "_site")); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(root, "_site"), nil
		}, "is a link"},
		{"a repository's directory with a marker", true, func(t *testing.T, root string) (string, []string) {
			writeTestFile(t, filepath.Join(root, ".roster-site"), marker)
			writeTestFile(t, filepath.Join(root, ".git", "HEAD"), []byte("ref: refs/heads/main\n"))
			return root, nil
		}, "git repository"},
		{"the members file's directory with a marker", true, func(t *testing.T, root string) (string, []string) {
			writeTestFile(t, filepath.Join(root, "team", ".roster-site"), marker)
			writeTestFile(t, filepath.Join(root, "team", "members.toml"), []byte("schema = 1\n"))
			return filepath.Join(root, "team"), []string{filepath.Join(root, "team", "members.toml")}
		}, "members.toml"},
		{"a marker that is a link", true, func(t *testing.T, root string) (string, []string) {
			writeTestFile(t, filepath.Join(root, "other", "mine.txt"), []byte("mine"))
			writeTestFile(t, filepath.Join(root, "m"), marker)
			if err := os.Symlink(filepath.Join(root, "m"), filepath.Join(root, "other", ".roster-site")); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(root, "other"), nil
		}, "new or empty directory"},
		{"the auditor's site over a public roster built before markers named their kind", false, func(t *testing.T, root string) (string, []string) {
			out := filepath.Join(root, "docs")
			if err := site.Build(out, smallInput(t, true)); err != nil {
				t.Fatal(err)
			}
			writeTestFile(t, filepath.Join(out, ".roster-site"), marker)
			return out, nil
		}, "public roster"},
		{"the auditor's site inside a public roster", false, func(t *testing.T, root string) (string, []string) {
			out := filepath.Join(root, "docs")
			if err := site.Build(out, smallInput(t, true)); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(out, "audit"), nil
		}, "inside"},
		{"the auditor's site over a public roster", false, func(t *testing.T, root string) (string, []string) {
			out := filepath.Join(root, "docs")
			if err := site.Build(out, smallInput(t, true)); err != nil {
				t.Fatal(err)
			}
			return out, nil
		}, "public roster"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			out, protect := tc.setUp(t, root)
			before := readTree(t, root)
			in := smallInput(t, tc.public)
			in.Protect = protect
			err := site.Build(out, in)
			if err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("got %v, want an error saying %q", err, tc.says)
			}
			if diff := cmp.Diff(before, readTree(t, root)); diff != "" {
				t.Errorf("the directory changed (-before +after):\n%s", diff)
			}
		})
	}
	// A public roster over the auditor's site is no leak: it is built;
	// and the auditor's site over its own, with or without a kind in
	// its marker, as before.
	out := filepath.Join(t.TempDir(), "site")
	if err := site.Build(out, smallInput(t, false)); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(out, ".roster-site"), marker)
	if err := site.Build(out, smallInput(t, false)); err != nil {
		t.Errorf("the auditor's site over one built before markers named their kind: %v", err)
	}
	// Built before it wrote a .gitignore too: its pages name addresses.
	writeTestFile(t, filepath.Join(out, ".roster-site"), marker)
	if err := os.Remove(filepath.Join(out, ".gitignore")); err != nil {
		t.Fatal(err)
	}
	if err := site.Build(out, smallInput(t, false)); err != nil {
		t.Errorf("the auditor's site over one built before it wrote a .gitignore: %v", err)
	}
	if err := site.Build(out, smallInput(t, true)); err != nil {
		t.Errorf("a public roster over the auditor's site: %v", err)
	}
}

// writeTestFile writes data to p, making its directory.
func writeTestFile(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// readTree is every file and link under root, by path, with its content
// (a link's target).
func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			out[rel] = "-> " + target
			return err
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			out[rel] = string(data)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestARebuildKeepsWhatNoBuildWrites: a public roster committed in
// docs/ beside a Pages CNAME and images is rebuilt in place: its pages
// are replaced (a stale list's page goes), the CNAME and images stay.
func TestARebuildKeepsWhatNoBuildWrites(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "docs")
	if err := site.Build(out, smallInput(t, true)); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(out, "CNAME"), []byte("roster.example.org\n"))
	writeTestFile(t, filepath.Join(out, "img", "logo.png"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	writeTestFile(t, filepath.Join(out, "list-gone.html"), []byte("old"))
	earlierPage(t, out, "list-gone.html")
	// A marker edited by hand to list what no build writes deletes
	// nothing of it.
	earlierPage(t, out, "CNAME")
	earlierPage(t, out, "img")
	writeTestFile(t, filepath.Join(out, "list-of-friends.html"), []byte("<p>friends</p>"))
	writeTestFile(t, filepath.Join(out, ".gitignore"), []byte("tmp/\n"))
	if err := site.Build(out, smallInput(t, true)); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, out)
	if got["CNAME"] != "roster.example.org\n" || got[filepath.Join("img", "logo.png")] != "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" || got[".gitignore"] != "tmp/\n" {
		t.Errorf("the CNAME or the images were lost: %v", names(readSite(t, out)))
	}
	if got["list-of-friends.html"] != "<p>friends</p>" {
		t.Error("a page of the user's, named like a list's page but no build's, was lost")
	}
	if _, ok := got["list-gone.html"]; ok {
		t.Error("a page of the earlier site is still there")
	}
}

// earlierPage records page in the marker of the site at dir, as the
// build that wrote it would have.
func earlierPage(t *testing.T, dir, page string) {
	t.Helper()
	m := filepath.Join(dir, site.Marker)
	data, err := os.ReadFile(m)
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, m, append(data, "page: "+page+"\n"...))
}

// TestARebuildRefusesWhatItCannotKeepSafely: what a rebuild would carry
// over must not publish an address or point anywhere: a public roster
// built over the auditor's site that kept a file besides its pages, a
// public roster holding an auditor's site or a text file with an
// address, and a link in either kind are refused, and the earlier site
// stays as it was.
func TestARebuildRefusesWhatItCannotKeepSafely(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		first, public bool
		plant         func(t *testing.T, out string)
		want          string
	}{
		{"a copied page kept beside the auditor's site", false, true, func(t *testing.T, out string) {
			page, err := os.ReadFile(filepath.Join(out, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			writeTestFile(t, filepath.Join(out, "copy.html"), page)
		}, "copy.html besides the auditor's site"},
		{"an auditor's site nested in it", false, true, func(t *testing.T, out string) {
			if err := site.Build(filepath.Join(out, "2026-12"), smallInput(t, false)); err != nil {
				t.Fatal(err)
			}
		}, "2026-12 besides the auditor's site"},
		{"an auditor's site inside a public roster", true, true, func(t *testing.T, out string) {
			inner := filepath.Join(t.TempDir(), "snap")
			if err := site.Build(inner, smallInput(t, false)); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(inner, filepath.Join(out, "snap")); err != nil {
				t.Fatal(err)
			}
		}, "snap is an auditor's site inside the public roster"},
		{"a note with an address in a public roster", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "notes", "contacts.md"), []byte("ask mark.ruiz@qentra.dev\n"))
		}, "contacts.md in the public roster's directory shows"},
		// Inline tags join their text with no space in a browser.
		{"a page with an address split by inline tags", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "contact.html"), []byte("<p>jane@<span>zorbix</span>.io</p>\n"))
		}, "contact.html in the public roster's directory shows an email address"},
		{"a page with a member's address split by inline tags", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "contact.html"), []byte("<p>Mail <b>carol</b>@<b>example</b>.<b>org</b></p>\n"))
		}, "contact.html in the public roster's directory shows"},
		// A '>' in an attribute's quotes, or in a comment, ends no tag.
		{"a page with an address split by tags whose attributes hold a '>'", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "contact.html"), []byte(`<p>jane<span title=">"></span>@zorbix<i title='>'></i>.io</p>`))
		}, "contact.html in the public roster's directory shows an email address"},
		{"a page with an address split by comments holding a '>'", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "contact.html"), []byte(`<p>jane<!-- > -->@zorbix<!-- > -->.io</p>`))
		}, "contact.html in the public roster's directory shows an email address"},
		// A quote opens a value only after '='; a comment ends as a
		// browser ends it.
		{"a page with an address split by tags with quotes in names and unquoted values", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "contact.html"), []byte(`<p>jane<i x=a">@zorbix<i a"b>.io</p>`))
		}, "contact.html in the public roster's directory is a page a public roster keeps only as plain markup"},
		{"a page with an address split by tags with '=' starting a name and inside a value", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "contact.html"), []byte(`<p>ann<i =">@zorbix<i x=a=">.io</p>`))
		}, "contact.html in the public roster's directory is a page a public roster keeps only as plain markup"},
		{"a page with an address split by a tag name holding '='", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "contact.html"), []byte(`<p>bo<i=">@zorbix<b=">.io</p>`))
		}, "contact.html in the public roster's directory is a page a public roster keeps only as plain markup"},
		{"a page with an address split by comments a browser ends early", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "contact.html"), []byte(`<p>jane<!-->@zorbix<!-- x --!>.io</p>`))
		}, "contact.html in the public roster's directory shows an email address"},
		// Any blank between the letters, the dot word in brackets.
		{"a page spelling a two-letter ending with a wide blank", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "d.html"), []byte("<p>reach jane.doe at zorbix dot i&nbsp;o</p><p>jane.doe at zorbix dot i\n o</p>"))
		}, "d.html in the public roster's directory shows an email address"},
		{"a text spelling a two-letter ending after a bracketed dot", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "d.txt"), []byte("reach jane.doe (at) zorbix (dot) i o\n"))
		}, "d.txt in the public roster's directory shows an email address"},
		{"an SVG with an address split by tspans", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "logo.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"><text><tspan>ja</tspan><tspan>ne@zor</tspan>bix.io</text></svg>`))
		}, "logo.svg in the public roster's directory is an SVG image"},
		{"a text spelling an address with a two-letter ending", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "d.txt"), []byte("reach jane.doe at zorbix dot i o\n"))
		}, "d.txt in the public roster's directory shows an email address"},
		{"a UTF-16 text file with an address", true, true, func(t *testing.T, out string) {
			u := []byte{0xff, 0xfe}
			for _, r := range "ask mark.ruiz@qentra.dev\r\n" {
				u = append(u, byte(r), 0)
			}
			writeTestFile(t, filepath.Join(out, "audit.txt"), u)
		}, "audit.txt in the public roster's directory shows"},
		{"a file named with a member's address in a shape, with an extension", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "people", "carol_example.org.png"), []byte("hello\n"))
		}, "is named like an email address (that of the member at members.toml:"},
		{"a member's address across a kept file's path", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "carol", "example.org.png"), []byte("hello\n"))
		}, "is named like an email address (that of the member at members.toml:"},
		{"a file named with a member's address in words", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "people", "carol example.org.txt"), []byte("hello\n"))
		}, "is named like an email address (that of the member at members.toml:"},
		{"a copy of the members file", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "backup", "members"), []byte("[[member]]\nemail = \"ada@example.org\"\n"))
		}, "members in the public roster's directory shows"},
		{"a compressed file", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "old.html.gz"), []byte{0x1f, 0x8b, 8, 0, 0, 0})
		}, "old.html.gz in the public roster's directory is compressed"},
		{"a page hiding behind a NUL byte", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "docs", "contact.html"), []byte("<p>write to jane.doe@gmail.com</p>\n\x00"))
		}, "contact.html in the public roster's directory is compressed or not text"},
		{"text as UTF-16 without a byte-order mark", true, true, func(t *testing.T, out string) {
			var u []byte
			for _, r := range "ask mark.ruiz@qentra.dev" {
				u = append(u, byte(r), 0)
			}
			writeTestFile(t, filepath.Join(out, "audit.txt"), u)
		}, "audit.txt in the public roster's directory is compressed or not text"},
		{"a tar archive", true, true, func(t *testing.T, out string) {
			header := make([]byte, 512)
			copy(header, "contacts.txt")
			copy(header[257:], "ustar\x0000")
			writeTestFile(t, filepath.Join(out, "old.tar"), append(header, "jane.doe@gmail.com\n"...))
		}, "old.tar in the public roster's directory is compressed or not text"},
		{"a 7z archive", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "old.7z"), []byte("7z\xbc\xaf\x27\x1c\x00\x04"))
		}, "old.7z in the public roster's directory is compressed"},
		{"an image whose metadata holds an address", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "logo.png"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x1ctEXtAuthor\x00jane.doe@gmail.com\x00\x00"))
		}, "logo.png in the public roster's directory shows"},
		{"an image whose compressed text holds an address", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "logo.png"), pngWithZTXt(t, "Author", "dana.whitfield@example.org"))
		}, "logo.png in the public roster's directory shows"},
		{"a JPEG whose comment holds an address", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "photo.jpg"), jpegWithComment(t, "dana.whitfield@example.org"))
		}, "photo.jpg in the public roster's directory shows"},
		{"a JPEG whose comment follows a fill byte", true, true, func(t *testing.T, out string) {
			j := jpegWithComment(t, "dana.whitfield@example.org")
			writeTestFile(t, filepath.Join(out, "photo.jpg"), append(append(append([]byte{}, j[:2]...), 0xff), j[2:]...))
		}, "photo.jpg in the public roster's directory shows"},
		{"a JPEG whose address is split over two comments", true, true, func(t *testing.T, out string) {
			j := jpegWithComment(t, "mail.example.co")
			seg := []byte{0xff, 0xfe, 0, 11}
			j = append(append(append(append([]byte{}, j[:2]...), seg...), "jane.doe@"...), j[2:]...)
			writeTestFile(t, filepath.Join(out, "photo.jpg"), j)
		}, "photo.jpg in the public roster's directory shows"},
		{"a JPEG with an address after its end", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "photo.jpg"), append(jpegWithComment(t, ""), "jane.doe@gmail.com"...))
		}, "photo.jpg in the public roster's directory shows"},
		{"a text file that starts as an icon does", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "contact.html"), []byte("\x00\x00\x01\x00\x00\x00<p>Write to jane.doe@gmail.com</p>"))
		}, "contact.html in the public roster's directory shows"},
		{"bytes after a zTXt chunk's stream", true, true, func(t *testing.T, out string) {
			png := pngWithZTXt(t, "Comment", "hello")
			n := binary.BigEndian.Uint32(png[8:])
			extra := []byte("jane.doe@gmail.com")
			binary.BigEndian.PutUint32(png[8:], n+uint32(len(extra)))
			png = append(append(png[:len(png)-4], extra...), 0, 0, 0, 0)
			writeTestFile(t, filepath.Join(out, "logo.png"), png)
		}, "logo.png in the public roster's directory shows"},
		{"a member's address where the pixels go", true, true, func(t *testing.T, out string) {
			png := []byte("\x89PNG\r\n\x1a\n")
			png = binary.BigEndian.AppendUint32(png, uint32(len("carol@example.org")))
			png = append(append(append(png, "IDAT"...), "carol@example.org"...), 0, 0, 0, 0)
			writeTestFile(t, filepath.Join(out, "logo.png"), png)
		}, "logo.png in the public roster's directory shows one of the members file's addresses"},
		{"a page that starts as a JPEG's scan does", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "contact.html"), []byte("\xff\xd8\xff\xda\r\n<!-- -->\n<p>Write to jane.doe@gmail.com</p>"))
		}, "contact.html in the public roster's directory shows"},
		{"a font's outline table over its name table", true, true, func(t *testing.T, out string) {
			f := sfnt(map[string]string{"glyf": "xxxxxxxx", "name": "(c) jane.doe@gmail.com"})
			// glyf (the first table) made long enough to cover name.
			binary.BigEndian.PutUint32(f[12+12:], uint32(len(f)))
			writeTestFile(t, filepath.Join(out, "font.ttf"), f)
		}, "font.ttf in the public roster's directory shows"},
		{"a font whose name table holds an address", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "font.ttf"), sfnt(map[string]string{"glyf": "x", "name": "Copyright jane.doe@gmail.com"}))
		}, "font.ttf in the public roster's directory shows"},
		{"a GIF whose comment's address is split over two sub-blocks", true, true, func(t *testing.T, out string) {
			g := gifImage(t, color.Black, color.White)
			c := append(append(append([]byte{0x21, 0xfe, 9}, "jane.doe@"...), 15), "mail.example.co"...)
			g = append(append(append(append([]byte{}, g[:len(g)-1]...), c...), 0), 0x3b)
			writeTestFile(t, filepath.Join(out, "anim.gif"), g)
		}, "anim.gif in the public roster's directory shows"},
		{"a GIF whose comment holds an address", true, true, func(t *testing.T, out string) {
			g := gifImage(t, color.Black, color.White)
			c := append([]byte{0x21, 0xfe, 18}, "jane.doe@gmail.com"...)
			g = append(append(append(append([]byte{}, g[:len(g)-1]...), c...), 0), 0x3b)
			writeTestFile(t, filepath.Join(out, "anim.gif"), g)
		}, "anim.gif in the public roster's directory shows"},
		{"a PNG with an address after IEND", true, true, func(t *testing.T, out string) {
			png := pngWithZTXt(t, "Software", "roster")
			png = append(png, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82)
			writeTestFile(t, filepath.Join(out, "logo.png"), append(png, "jane.doe@gmail.com"...))
		}, "logo.png in the public roster's directory shows"},
		{"an image whose EXIF author is UTF-16", true, true, func(t *testing.T, out string) {
			var u []byte
			for _, r := range "jane.doe@gmail.com" {
				u = append(u, byte(r), 0)
			}
			writeTestFile(t, filepath.Join(out, "photo.jpg"), jpegWithComment(t, string(u)))
		}, "photo.jpg in the public roster's directory shows"},
		{"a PNG whose colour profile holds an address", true, true, func(t *testing.T, out string) {
			png := pngWithZTXt(t, "sRGB", "dana.whitfield@example.org")
			copy(png[12:16], "iCCP")
			writeTestFile(t, filepath.Join(out, "logo.png"), png)
		}, "logo.png in the public roster's directory shows"},
		{"a WOFF font whose metadata holds an address", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "font.woff"), woff(t, "<credit url=\"mailto:dana.whitfield@example.org\"/>", 0))
		}, "font.woff in the public roster's directory shows"},
		{"a WOFF font whose tables all point at one bomb", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "font.woff"), woff(t, "", 40))
		}, "font.woff in the public roster's directory is compressed or not text"},
		{"a member's vetting note, wrapped and escaped", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "README.md"), []byte("Erin is our distribution\nsecurity   contact.\n"))
		}, "README.md in the public roster's directory shows the text of a vetting note"},
		{"a member's vetting note, marked up and quoted", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "notes.html"), []byte("<blockquote>\n> Distri&shy;bution <b>security</b>\n> con\u200btact.\n</blockquote>\n"))
		}, "notes.html in the public roster's directory shows the text of a vetting note"},
		{"a member's vetting note in UTF-16 in a font", true, true, func(t *testing.T, out string) {
			var u []byte
			for _, r := range "Distribution security contact." {
				u = append(u, 0, byte(r))
			}
			writeTestFile(t, filepath.Join(out, "font.ttf"), append([]byte("\x00\x01\x00\x00"), u...))
		}, "font.ttf in the public roster's directory shows the text of a vetting note"},
		{"a WOFF2 font, whose tables roster cannot read", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "font.woff2"), []byte("wOF2\x00\x01\x00\x00rest"))
		}, "font.woff2 in the public roster's directory is compressed or not text"},
		{"a note spelling a member's address out of shape", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "README.txt"), []byte("Write to carol (example dot org) if anything breaks.\n"))
		}, "README.txt in the public roster's directory shows one of the members file's addresses"},
		{"a member's vetting note", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "vetting.txt"), []byte("erin: distribution security contact.\n"))
		}, "vetting.txt in the public roster's directory shows the text of a vetting note"},
		{"a file named like an address", true, true, func(t *testing.T, out string) {
			writeTestFile(t, filepath.Join(out, "ada@example.org.png"), []byte("x"))
		}, "is named like an email address"},
		{"a link in a public roster", true, true, func(t *testing.T, out string) {
			if err := os.Symlink("/etc/passwd", filepath.Join(out, "logo.png")); err != nil {
				t.Fatal(err)
			}
		}, "logo.png in the earlier site is a link"},
		{"a link in the auditor's site", false, false, func(t *testing.T, out string) {
			if err := os.Symlink("..", filepath.Join(out, "up")); err != nil {
				t.Fatal(err)
			}
		}, "up in the earlier site is a link"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "site")
			if err := site.Build(out, smallInput(t, tt.first)); err != nil {
				t.Fatal(err)
			}
			tt.plant(t, out)
			before := readTree(t, out)
			err := site.Build(out, smallInput(t, tt.public))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want a refusal with %q", err, tt.want)
			}
			if after := readTree(t, out); !maps.Equal(before, after) {
				t.Error("the earlier site changed")
			}
		})
	}
}

// TestAListIDNeverStopsThePublicRoster: a list id that the page's own
// words beside it (its chart's caption) would complete into an address
// ("sec-2024-gmail" before "at the end of each day") is hidden or
// shown, never a reason to refuse the build.
func TestAListIDNeverStopsThePublicRoster(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"sec-2024-gmail", "team1-gmail", "v2-gmail", "alerts2-yahoo", "gmail-users", "ops_at_example"} {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			in := renamedList(t, "security-reports", id)
			if err := site.Build(filepath.Join(t.TempDir(), "s"), in); err != nil {
				t.Errorf("the public roster was refused: %v", err)
			}
		})
	}
}

// renamedList is smallInput's public roster with list from renamed to.
func renamedList(t *testing.T, from, to string) site.Input {
	t.Helper()
	dir := filepath.Join("testdata", "small")
	data, err := os.ReadFile(filepath.Join(dir, "members.toml"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := members.Parse("members.toml", []byte(strings.ReplaceAll(string(data), from, to)))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "events.json"))
	if err != nil {
		t.Fatal(err)
	}
	var events []history.Event
	if err := json.Unmarshal([]byte(strings.ReplaceAll(string(raw), from, to)), &events); err != nil {
		t.Fatal(err)
	}
	return site.Input{File: f, Events: events, Today: dayRef("2026-04-15"), Public: true}
}

// pngWithZTXt is a PNG's signature and one zTXt chunk, keyword and text
// compressed as the format writes it (the CRC is not checked).
func pngWithZTXt(t *testing.T, keyword, text string) []byte {
	t.Helper()
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	if _, err := w.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	chunk := append(append([]byte(keyword), 0, 0), z.Bytes()...)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, uint32(len(chunk)))
	out = append(append(out, "zTXt"...), chunk...)
	return append(out, 0, 0, 0, 0)
}

// woff is a WOFF font of its header, its extended metadata meta
// (compressed, none when empty) and, for bombs > 0, that many table
// entries all at one compressed blob that inflates to 16 MiB.
func woff(t *testing.T, meta string, bombs int) []byte {
	t.Helper()
	deflate := func(b []byte) []byte {
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return z.Bytes()
	}
	h := make([]byte, 44)
	copy(h, "wOFF")
	binary.BigEndian.PutUint16(h[12:], uint16(bombs))
	out := h
	blobAt := 44 + 20*bombs
	var blob []byte
	if bombs > 0 {
		blob = deflate(make([]byte, 16<<20))
	}
	for range bombs {
		e := make([]byte, 20)
		binary.BigEndian.PutUint32(e[4:], uint32(blobAt))
		binary.BigEndian.PutUint32(e[8:], uint32(len(blob)))
		binary.BigEndian.PutUint32(e[12:], 16<<20)
		out = append(out, e...)
	}
	out = append(out, blob...)
	if meta != "" {
		z := deflate([]byte(meta))
		binary.BigEndian.PutUint32(out[24:], uint32(len(out)))
		binary.BigEndian.PutUint32(out[28:], uint32(len(z)))
		binary.BigEndian.PutUint32(out[32:], uint32(len(meta)))
		out = append(out, z...)
	}
	return out
}

// jpegWithComment is a small JPEG with a comment segment (none when
// empty) right after its start.
func jpegWithComment(t *testing.T, comment string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 37)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	if comment == "" {
		return data
	}
	seg := []byte{0xff, 0xfe}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(comment)+2))
	seg = append(seg, comment...)
	return append(append(append([]byte{}, data[:2]...), seg...), data[2:]...)
}

// TestARebuildKeepsOrdinaryPages: a page of the maintainers' own, on
// one line as a generator writes it, whose list items and cells a
// browser sets apart (a handle in one, a site in the next), shows no
// address and is kept; only inline elements run their text together.
func TestARebuildKeepsOrdinaryPages(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "site")
	if err := site.Build(out, smallInput(t, true)); err != nil {
		t.Fatal(err)
	}
	for name, page := range map[string]string{
		"links.html":  `<ul><li><a href="https://twitter.com/rosterdev">Twitter</a></li><li><a href="https://fosstodon.org/@roster">@roster</a></li><li><a href="https://roster.dev">roster.dev</a></li></ul>`,
		"footer.html": `<footer><p>Follow</p><p>@roster</p><p>github.com/roster-dev</p></footer>`,
		"team.html":   `<ul><li>Ada, @ada, ada.dev</li></ul><dl><dt>Maintainer</dt><dd>@ada</dd><dt>Site</dt><dd>example.org</dd></dl>`,
		"math.html":   `<p>a < b and b > c, <b>bold</b> text</p>`,
	} {
		writeTestFile(t, filepath.Join(out, name), []byte(page))
	}
	if err := site.Build(out, smallInput(t, true)); err != nil {
		t.Errorf("an ordinary page refused: %v", err)
	}
}

// TestARebuildKeepsOrdinaryImages: a public roster's directory keeps a
// logo or a photo (the compressed bytes of whose pixels may spell an
// address's shape by chance): only the parts of an image that hold text
// are read.
func TestARebuildKeepsOrdinaryImages(t *testing.T) {
	t.Parallel()
	favicon, err := os.ReadFile(filepath.Join("testdata", "favicon.png"))
	if err != nil {
		t.Fatal(err)
	}
	// A QR code whose colour profile's compressed bytes, and a GIF whose
	// colour table, spell an address's shape by chance.
	qr, err := os.ReadFile(filepath.Join("testdata", "qr.png"))
	if err != nil {
		t.Fatal(err)
	}
	cast := gifImage(t, color.RGBA{'a', '@', 'N', 255}, color.RGBA{'X', '.', 'K', 255}, color.RGBA{'t', 0, 0, 255})
	out := filepath.Join(t.TempDir(), "site")
	if err := site.Build(out, smallInput(t, true)); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(out, "favicon.png"), favicon)
	writeTestFile(t, filepath.Join(out, "photo.jpg"), jpegWithComment(t, ""))
	writeTestFile(t, filepath.Join(out, "signed.jpg"), jpegWithComment(t, "Taken at the 2026 summit"))
	// Outline bytes that spell an address's shape by chance.
	writeTestFile(t, filepath.Join(out, "font.ttf"), sfnt(map[string]string{"glyf": "\x01a@NX.Kt\x02", "name": "Example Sans"}))
	writeTestFile(t, filepath.Join(out, "anim.gif"), gifImage(t, color.Black, color.White))
	writeTestFile(t, filepath.Join(out, "qr.png"), qr)
	writeTestFile(t, filepath.Join(out, "font.woff"), woffOf(t, map[string]string{"glyf": "\x01a@NX.Kt\x02", "name": "Example Sans, Regular"}))
	writeTestFile(t, filepath.Join(out, "cli.gif"), cast)
	if err := site.Build(out, smallInput(t, true)); err != nil {
		t.Fatalf("an ordinary image refused: %v", err)
	}
	for _, n := range []string{"favicon.png", "photo.jpg", "signed.jpg", "font.ttf", "anim.gif", "qr.png", "cli.gif", "font.woff"} {
		if _, err := os.Stat(filepath.Join(out, n)); err != nil {
			t.Errorf("%s not kept: %v", n, err)
		}
	}
}

// sfnt is a TrueType font of the tables given, by tag.
func sfnt(tables map[string]string) []byte {
	tags := slices.Sorted(maps.Keys(tables))
	out := binary.BigEndian.AppendUint32(nil, 0x00010000)
	out = binary.BigEndian.AppendUint16(out, uint16(len(tags)))
	out = append(out, 0, 0, 0, 0, 0, 0)
	off := 12 + 16*len(tags)
	var body []byte
	for _, tag := range tags {
		out = append(out, tag...)
		out = binary.BigEndian.AppendUint32(out, 0)
		out = binary.BigEndian.AppendUint32(out, uint32(off+len(body)))
		out = binary.BigEndian.AppendUint32(out, uint32(len(tables[tag])))
		body = append(body, tables[tag]...)
	}
	return append(out, body...)
}

// gifImage is a small GIF of the colours given, as Go's encoder writes
// it.
func gifImage(t *testing.T, colours ...color.Color) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, 8, 8), colours)
	for i := range img.Pix {
		img.Pix[i] = byte(i % len(colours))
	}
	var b bytes.Buffer
	if err := gif.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// woffOf is a WOFF font of the tables given, by tag, each compressed as
// real fonts' are.
func woffOf(t *testing.T, tables map[string]string) []byte {
	t.Helper()
	tags := slices.Sorted(maps.Keys(tables))
	h := make([]byte, 44)
	copy(h, "wOFF")
	binary.BigEndian.PutUint16(h[12:], uint16(len(tags)))
	off := 44 + 20*len(tags)
	var dir, body []byte
	for _, tag := range tags {
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		if _, err := w.Write([]byte(strings.Repeat(tables[tag], 8))); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		dir = append(dir, tag...)
		dir = binary.BigEndian.AppendUint32(dir, uint32(off+len(body)))
		dir = binary.BigEndian.AppendUint32(dir, uint32(z.Len()))
		dir = binary.BigEndian.AppendUint32(dir, uint32(8*len(tables[tag])))
		dir = binary.BigEndian.AppendUint32(dir, 0)
		body = append(body, z.Bytes()...)
	}
	return append(append(h, dir...), body...)
}

// TestAKeptFileQuotingALongerLinkIsKept: evidence is matched whole: a
// kept page linking somewhere below or beside the evidence's link
// quotes no record.
func TestAKeptFileQuotingALongerLinkIsKept(t *testing.T) {
	t.Parallel()
	in := smallInput(t, true)
	in.Events = append(in.Events, history.Event{Commit: "2222222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", Date: day("2026-02-01"), Action: history.Vetted,
		Email: "carol.c@example.org", Vetting: &history.Record{By: "ada@example.org", On: "2026-02-01", Method: "video-call", Evidence: "https://github.com/security/advisories"}})
	out := filepath.Join(t.TempDir(), "site")
	if err := site.Build(out, in); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(out, "README.md"), []byte("Report at https://github.com/security/advisories/new or https://github.com/security/advisories-archive.\n"))
	if err := site.Build(out, in); err != nil {
		t.Errorf("a longer link was taken for the evidence: %v", err)
	}
}

// TestAKeptFileQuotingARecordNotInTheFileIsRefused: a vetting note or
// evidence is private wherever it came from: a record of someone taken
// off since (in history's events), or one made after the day the
// roster is built for (KnownNotes). A kept file quoting one is refused,
// an evidence link of one word as much as a note of several.
func TestAKeptFileQuotingARecordNotInTheFileIsRefused(t *testing.T) {
	t.Parallel()
	note := "Carol was verified on a video call with her passport shown"
	evidence := "https://intranet.example.org/hr/carol-passport-scan"
	later := "Dev was checked by the release managers in person at the summit"
	for _, tc := range []struct{ name, kept string }{
		{"a former member's note", note},
		{"a former member's evidence", "see " + evidence + "\n"},
		{"a later record's note", later},
		{"a note in markdown's emphasis", "Carol was verified on a **video call** with her passport shown\n"},
		{"evidence in a link's target", `<a href="` + evidence + `">HR</a>`},
		// What markup holds a browser shows too: a tooltip, an image's
		// text in its place.
		{"a note in a title attribute", `<span title="` + note + `">Carol</span>`},
		{"a note in an image's alt text", `<img src="x.png" alt="` + later + `">`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := smallInput(t, true)
			in.Events = append(in.Events, history.Event{Commit: "2222222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", Date: day("2026-02-01"), Action: history.Vetted,
				Email: "carol.c@example.org", Vetting: &history.Record{By: "ada@example.org", On: "2026-02-01", Method: "video-call", Note: note, Evidence: evidence}})
			in.KnownNotes = []string{later}
			out := filepath.Join(t.TempDir(), "site")
			if err := site.Build(out, in); err != nil {
				t.Fatal(err)
			}
			writeTestFile(t, filepath.Join(out, "extra.txt"), []byte(tc.kept))
			if err := site.Build(out, in); err == nil || !strings.Contains(err.Error(), "extra.txt in the public roster's directory shows the text of a vetting note or evidence") {
				t.Errorf("got %v, want the kept file refused", err)
			}
		})
	}
}
