package site_test

import (
	"html"
	"strings"
	"testing"

	"github.com/roster-dev/roster/members"
)

// TestPublicReadsBlanksAsAReaderDoes: a field whose words an invisible
// character or a blank no expression knows sets apart (a page shows
// the first as its escape, "\u200b", which a reader reads as a gap) is
// hidden in every field that takes it, and the build succeeds.
func TestPublicReadsBlanksAsAReaderDoes(t *testing.T) {
	t.Parallel()
	in := smallInput(t, true)
	var spelled []string
	for _, b := range []string{"\u200b", "\u00ad", "\u2060", "\ufeff", "\u180e", "\u2800", "\u1680"} {
		spelled = append(spelled, "jane.doe"+b+"at"+b+"zorbix"+b+"dot"+b+"com", "jdoe1"+b+"gmail.com")
	}
	addPeople(&in, "blank", spelled, func(m *members.Member, v string) { m.Affiliation = v })
	addPeople(&in, "named", spelled, func(m *members.Member, v string) { m.Name = v })
	in.File.Lists[0].Description = spelled[0]
	for name, data := range build(t, in) {
		text := strings.ToLower(html.UnescapeString(string(data)))
		for _, part := range []string{"zorbix", "jdoe1"} {
			if i := strings.Index(text, part); i >= 0 {
				t.Errorf("%s shows %q", name, text[max(0, i-16):min(len(text), i+24)])
			}
		}
	}
}
