package site

import "testing"

// TestAJobWrittenAsATitleAtADomainIsShown: a job's title before a
// domain in lower case that is no mail provider's is an affiliation,
// shown whole, however the title is written: a job's word of any trade
// (a packager, a co-chair), a title whose capital is on a word before
// the job's ("Product security lead"), one in prose after a word that
// starts a title ("previously security engineer"); inside a longer
// affiliation too. A mailbox's name, a job alone in lower case, and a
// provider's domain after any title are still hidden.
func TestAJobWrittenAsATitleAtADomainIsShown(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		field string
		shown bool
	}{
		{"Product security lead at kernel.org", true},
		{"Packager at kernel.org", true},
		{"Co-chair at Booking.com", true},
		{"previously security engineer at kernel.org", true},
		{"Distro packager at Fly.io", true},
		{"Maintainer at kernel.org", true},
		{"Engineer at Fly.io", true},
		{"maintainer of glibc; previously co-chair at kernel.org; (APAC)", true},
		{"Senior product security lead at kernel.org", true},

		{"jdoe at gmail.com", false},
		{"engineer at booking.com", false},
		{"security at kernel.org", false},
		{"jane engineer at othercorp.com", false},
		{"previously jdoe at gmail.com", false},
		{"formerly jdoe at kernel.org", false},
		{"Packager at gmail.com", false},
		{"Product security lead at proton.me", false},
		{"jane.doe security lead at kernel.org", false},
	} {
		got := hideField(tc.field)
		if shown := got == tc.field; shown != tc.shown {
			t.Errorf("hideField(%q) = %q, want shown %v", tc.field, got, tc.shown)
		}
	}
}
