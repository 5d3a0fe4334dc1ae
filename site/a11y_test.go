package site_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/roster-dev/roster/site"
)

// bodyRow is a row of a table's body, and rowHeader the cell that names
// what the row is about to a screen reader.
var (
	bodyRow   = regexp.MustCompile(`(?s)<tbody>(.*?)</tbody>`)
	bodyTR    = regexp.MustCompile(`(?s)<tr[ >].*?</tr>`)
	rowHeader = regexp.MustCompile(`<th scope="row"`)
)

// TestEveryBodyRowHasARowHeader: every row of every table in the body
// of every page, drift included, has a cell that heads it, so that a
// screen reader names the row as it reads each cell.
func TestEveryBodyRowHasARowHeader(t *testing.T) {
	t.Parallel()
	for _, public := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "site")
		if err := site.Build(out, smallInput(t, public)); err != nil {
			t.Fatal(err)
		}
		rows := 0
		for name, data := range readSite(t, out) {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			for _, body := range bodyRow.FindAllStringSubmatch(string(data), -1) {
				for _, row := range bodyTR.FindAllString(body[1], -1) {
					rows++
					if !rowHeader.MatchString(row) {
						t.Errorf("public=%v %s: a row with no row header: %s", public, name, row)
					}
				}
			}
		}
		if rows == 0 {
			t.Fatalf("public=%v: no table rows read", public)
		}
	}
}

// TestATimelineRowIsHeadedByItsPerson (s31-site finding 5): a screen
// reader names a timeline's row by the person who joined, left or
// changed role, as the Members table's by its member, not by the
// change word that every other row repeats.
func TestATimelineRowIsHeadedByItsPerson(t *testing.T) {
	t.Parallel()
	timeline := regexp.MustCompile(`(?s)<table class="timeline">.*?<tbody>(.*?)</tbody>`)
	header := regexp.MustCompile(`(?s)<th scope="row">(.*?)</th>`)
	for _, public := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "site")
		if err := site.Build(out, smallInput(t, public)); err != nil {
			t.Fatal(err)
		}
		rows := 0
		for name, data := range readSite(t, out) {
			for _, body := range timeline.FindAllStringSubmatch(string(data), -1) {
				for _, row := range bodyTR.FindAllString(body[1], -1) {
					rows++
					h := header.FindStringSubmatch(row)
					if h == nil || !strings.Contains(h[1], `class="person"`) {
						t.Errorf("public=%v %s: a timeline row not headed by its person: %s", public, name, row)
					}
				}
			}
		}
		if rows == 0 {
			t.Fatalf("public=%v: no timeline rows read", public)
		}
	}
}
