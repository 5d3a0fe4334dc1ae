package site

import "testing"

// TestAJobAtACompanyIsNoAddress: a job's word, "at", and a company
// named by its domain in title case is an affiliation, shown whole on
// a public page and passed by its check; the same words in a mailbox's
// shape (lower case, a job run into a name, a name before the "at", a
// shared mailbox's word) are still hidden.
func TestAJobAtACompanyIsNoAddress(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"Security Engineer at Booking.com", "Engineer at Fly.io", "Team lead at Go.dev", "Maintainer at Amazon.com",
		"Staff Software Engineer at Example.org", "PhD student at Ethz.ch",
	} {
		if got := hideField(s); got != s {
			t.Errorf("hideField(%q) = %q, want it shown", s, got)
		}
	}
	for _, s := range []string{
		"engineer at booking.com", "jane.engineer at Othercorp.com", "jane_engineer at Othercorp.com", "Jane at Othercorp.com",
		"security at Othercorp.com", "Engineer at othercorp dot com", "jane.doe at proton Dot me", "secteam at fastmail Dot fm",
		"j.smith at example Dot co Dot uk", "personal: jane.doe1987 at proton [Dot] me", "Jane.Doe At Proton Dot Me",
		"kim.lee at xs4all Ｄｏｔ nl", "ivan.petrov ꩜ yandex.ru", "jo ๏ example.org", "jane.doe at proton -Dot- me",
		"jane.doe at proton \"Dot\" me", "jane.doe at proton Dot ME", "jane.doe at proton Dot mE",
	} {
		if got := hideField(s); got != hidden {
			t.Errorf("hideField(%q) = %q, want it hidden", s, got)
		}
	}
	for _, s := range []string{"Polka Dot Co", "Blue Dot Security", "Engineer at Acme (Point Loma)", "Red Dot Design", "Nguyen Van Dot"} {
		if got := hideField(s); got != s {
			t.Errorf("hideField(%q) = %q, want a name shown", s, got)
		}
	}
}
