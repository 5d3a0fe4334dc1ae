package site_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/site"
)

// TestPublicBuildsForOrdinaryPeople: a one-word name, a handle without a
// hyphen and a country written in its own script (an ending of the
// internet too) are a person's three cells, under the row of another
// person: the public site builds, and shows them.
func TestPublicBuildsForOrdinaryPeople(t *testing.T) {
	t.Parallel()
	for _, p := range [][3]string{
		{"Mei", "mei", "台灣"},
		{"Ivan", "ivan", "рф"},
		{"Somchai", "somchai", "ไทย"},
		{"Dmitry", "dmitry", "中国"},
		{"Minji", "minji", "한국"},
		{"Eleni", "eleni", "ελ"},
		{"Wei", "wei", "中国 (China)"},
	} {
		t.Run(p[0], func(t *testing.T) {
			t.Parallel()
			in := smallInput(t, true)
			for i, m := range in.File.Members {
				if i > 0 && len(m.Lists) > 0 {
					m.Name, m.GitHub, m.Affiliation = p[0], p[1], p[2]
					break
				}
			}
			dir := filepath.Join(t.TempDir(), "public")
			if err := site.Build(dir, in); err != nil {
				t.Fatalf("%v: %v", p, err)
			}
			shown := false
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				data, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				shown = shown || strings.Contains(string(data), p[2])
			}
			if !shown {
				t.Errorf("%v: the affiliation is not shown", p)
			}
		})
	}
}

// TestPublicBuildsForManyOrdinaryPeople: names, handles and
// affiliations as people write them, a few people a build, never stop
// the public site from building.
func TestPublicBuildsForManyOrdinaryPeople(t *testing.T) {
	t.Parallel()
	names := []string{"Mei", "Ivan", "Somchai", "Dmitry", "Minji", "Eleni", "Wei", "Ana", "Jo", "Li", "Amara Okafor", "Chen Wei", "José", "Zoë", "Ngozi", "Farid", "Kenji", "Olu", "Priya", "Sven"}
	affiliations := []string{"台灣", "рф", "ไทย", "中国", "한국", "ελ", "中国 (China)", "日本", "भारत", "Україна", "Red Hat", "Google", "Independent", "Example Linux Distribution", "Fly.io", "Debian", "ACME GmbH", "Universidad de Chile", "", "kernel.org"}
	// The people of build b+20 are those of build b (7·20 and 11·20 are
	// multiples of 20, the lists' length): a build already made is not
	// made again, which halves the test's cost under the race detector.
	built := map[string]bool{}
	for b := range 40 {
		in := smallInput(t, true)
		k := 0
		var people []string
		for i, m := range in.File.Members {
			if i == 0 || len(m.Lists) == 0 {
				continue
			}
			n := names[(b*7+k*3)%len(names)]
			m.Name, m.GitHub, m.Affiliation = n, strings.ToLower(strings.Fields(n)[0]), affiliations[(b*11+k*5)%len(affiliations)]
			people = append(people, m.Name+"\x00"+m.Affiliation)
			k++
		}
		key := strings.Join(people, "\x00")
		if built[key] {
			continue
		}
		built[key] = true
		if err := site.Build(filepath.Join(t.TempDir(), "public"), in); err != nil {
			t.Errorf("build %d: %v", b, err)
		}
	}
}
