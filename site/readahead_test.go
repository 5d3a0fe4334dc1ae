package site_test

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/site"
)

// TestReadingAheadChangesNothing: a public roster whose tables are read
// ahead on several processors (readAhead) is the one read in page order
// on one: the same pages, byte for byte, an address spelled across rows
// hidden in both (the field that ends it), and so is a member whose
// name and affiliation spell one side by side (membersAhead reads them
// ahead once there are membersAheadAt people). Not parallel: it sets
// GOMAXPROCS.
func TestReadingAheadChangesNothing(t *testing.T) {
	in := smallInput(t, true)
	var affiliations []string
	for i := range 72 {
		switch i % 6 {
		case 5:
			affiliations = append(affiliations, "(gmail dot com)") // beside the name jane.doe
		case 0:
			affiliations = append(affiliations, fmt.Sprintf("Engineer at Example Cloud %d", i))
		case 1:
			affiliations = append(affiliations, "write to jane.doe at") // the next row's field ends it
		case 2:
			affiliations = append(affiliations, "zorbix.io")
		case 3:
			affiliations = append(affiliations, fmt.Sprintf("CTO at zorbix%d.io", i))
		default:
			affiliations = append(affiliations, fmt.Sprintf("Maintainer %d, kernel.org", i))
		}
	}
	addPeople(&in, "many", affiliations, func(m *members.Member, v string) {
		m.Affiliation = v
		m.GitHub = strings.ReplaceAll(strings.ToLower(strings.Fields(v)[0]), ".", "-") + "-x"
		if v == "(gmail dot com)" {
			m.Name, m.GitHub = "jane.doe", ""
		}
	})
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	alone := build(t, in)
	runtime.GOMAXPROCS(4)
	ahead := build(t, in)
	if !maps.EqualFunc(alone, ahead, func(a, b []byte) bool { return string(a) == string(b) }) {
		for _, name := range slices.Sorted(maps.Keys(alone)) {
			if string(alone[name]) != string(ahead[name]) {
				t.Errorf("%s differs when read ahead", name)
			}
		}
	}
	if page := string(ahead["list-security-reports.html"]); strings.Count(page, "zorbix.io") >= 12 {
		t.Error("no field ending an address spelled across rows is hidden")
	}
	for name, page := range ahead {
		if strings.Contains(string(page), "gmail dot com") {
			t.Errorf("%s shows a name and an affiliation that spell an address together", name)
		}
	}
	// Read ahead from the file while the build starts (site.Prepare, as
	// workspace starts it before the history): the same pages, however
	// far the reading ahead got.
	for range 3 {
		warmed := in
		warmed.Warm = site.Prepare(in.File)
		if got := build(t, warmed); !maps.EqualFunc(alone, got, func(a, b []byte) bool { return string(a) == string(b) }) {
			t.Error("a build with its fields read ahead (Prepare) differs")
		}
	}
	// And read to the end first.
	w := site.Prepare(in.File)
	time.Sleep(100 * time.Millisecond)
	warmed := in
	warmed.Warm = w
	if got := build(t, warmed); !maps.EqualFunc(alone, got, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Error("a build with its fields read ahead to the end differs")
	}
}
