package site_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/internal/shipped"
)

// markup is a tag of a page, which a reader sees as a space.
var markup = regexp.MustCompile(`<[^>]*>`)

// TestOwnFileWithFieldsAcrossRows builds the public roster of the
// project's own members.toml, committed, then edited as the findings
// of h203 edit it: fields of neighbouring rows that spell an address
// together. The build must succeed (a refused build would let anyone
// stop the roster being published) and no page show the address: the
// later field is hidden.
func TestOwnFileWithFieldsAcrossRows(t *testing.T) {
	t.Parallel()
	own := shipped.Example(t)
	for _, tc := range []struct {
		name           string
		edits          []string // pairs: old, new
		earlier, later string   // must not show one after the other
	}{
		{"a name over a name", []string{`name = "Dana Whitfield"`, `name = "jane.doe at"`, `name = "Elif Demir"`, `name = "gmail.com"`}, "jane.doe", "gmail.com"},
		{"a known address over two names", []string{`name = "Elif Demir"`, `name = "dana.whitfield at"`, `name = "Farid Haddad"`, `name = "example.org"`}, "dana.whitfield at", "example.org"},
		{"three names", []string{`name = "Dana Whitfield"`, `name = "jane.doe"`, `name = "Elif Demir"`, `name = "＠"`, `name = "Farid Haddad"`, `name = "gmail.com"`}, "jane.doe", "gmail.com"},
		{"an affiliation into the next name", []string{`affiliation = "Example Linux Distribution"`, `affiliation = "jane.doe at"`, `name = "Elif Demir"`, `name = "Dot Com"`}, "jane.doe at", "Dot Com"},
		{"list ids", []string{"[lists.security-reports]", `[lists."jane.doe"]
address = "l1@example.org"
policy = "receivers"

[lists.at]
address = "l2@example.org"
policy = "receivers"

[lists."gmail.com"]
address = "l3@example.org"
policy = "receivers"

[lists.security-reports]`}, "jane.doe at", "gmail.com"},
		{"an affiliation into the next name, lower case", []string{`affiliation = "Example Linux Distribution"`, `affiliation = "jane.doe at"`, `name = "Elif Demir"`, `name = "dot com"`}, "jane.doe at", "dot com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			edited := string(own)
			for i := 0; i < len(tc.edits); i += 2 {
				if !strings.Contains(edited, tc.edits[i]) {
					t.Fatalf("members.toml has no %s: the test no longer edits what it means to", tc.edits[i])
				}
				edited = strings.Replace(edited, tc.edits[i], tc.edits[i+1], 1)
			}
			r := historytest.New(t)
			r.Commit("members.toml", string(own), "The project's file")
			r.Commit("members.toml", edited, "Edited")
			in := fromHistory(t, r, "", "2026-04-01")
			in.Public = true
			// The earlier field, then the later within a few words (the
			// cells of a row, the role between), as the page reads.
			together := regexp.MustCompile(regexp.QuoteMeta(tc.earlier) + ` (?:[^\s\[]\S* ){0,4}` + regexp.QuoteMeta(tc.later))
			for name, data := range build(t, in) {
				for _, text := range append(columns(string(data)), read(string(data))) {
					if m := together.FindString(text); m != "" {
						t.Errorf("%s shows %q", name, m)
					}
				}
			}
		})
	}
}

// read is the text of a page as a reader reads it, in page order.
func read(page string) string {
	return strings.Join(strings.Fields(html.UnescapeString(markup.ReplaceAllString(page, " "))), " ")
}

var (
	tableRow  = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	tableCell = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
)

// columns is the text of each column of each table of a page, read
// down, its cells one after the other.
func columns(page string) []string {
	var cols []string
	for _, tab := range strings.Split(page, "<table") {
		var down [][]string
		for _, row := range tableRow.FindAllStringSubmatch(tab, -1) {
			for c, cell := range tableCell.FindAllStringSubmatch(row[1], -1) {
				if c == len(down) {
					down = append(down, nil)
				}
				down[c] = append(down[c], read(cell[1]))
			}
		}
		for _, col := range down {
			cols = append(cols, strings.Join(col, " "))
		}
	}
	return cols
}
