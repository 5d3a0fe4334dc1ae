package site

import (
	"html/template"
	"testing"
)

// TestPageRefusesReadsOnIntoThePagesWords: what a field shows, set
// between the words a page puts beside it (a role, a heading, the
// caption of a list's table), is never what the page check refuses; a
// field that ends in half an address those words complete is hidden.
func TestPageRefusesReadsOnIntoThePagesWords(t *testing.T) {
	t.Parallel()
	words := []string{"member", "owner", "Policy", "at the end of each day it changed", ", counted at the end of each day", "now", "Size of", "joined"}
	for _, s := range []string{
		"Example Linux Distribution, ask ops at example dot", "Private reports; write to security at example dot",
		"jane (at) othercorp (dot)", "jane [at] othercorp [dot]", "jane at othercorp dot", "at othercorp dot",
		// Kept: nothing a word after them completes.
		"Engineer at Blue Dot", "Dot Matrix at Foo", "Example Linux Distribution", "othercorp dot com", "Lab (at) St. Mary's",
	} {
		shown := hideField(s)
		for _, before := range words {
			for _, after := range words {
				page := template.HTMLEscapeString(before + " " + shown + " " + after)
				if _, loc := addressOnPage([]byte(page)); loc != nil {
					t.Errorf("hideField(%q) = %q, which the page check refuses between %q and %q", s, shown, before, after)
				}
			}
		}
	}
	for _, s := range []string{"Example Linux Distribution, ask ops at example dot", "jane (at) othercorp (dot)", "at othercorp dot"} {
		if got := hideField(s); got != hidden {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
	for _, s := range []string{"Engineer at Blue Dot", "Example Linux Distribution", "othercorp dot com"} {
		if got := hideField(s); got != s {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
}
