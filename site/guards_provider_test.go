package site

import "testing"

// TestTheProviderLooksPassEveryMatch: each look before an expression
// that reads a provider's name (guards_provider.go) passes every text
// the expression matches, in any case and after any sign; and fails
// the prose of an affiliation, which passed the looks by substring
// before ("they", "delivery"), so that its expressions are not read.
func TestTheProviderLooksPassEveryMatch(t *testing.T) {
	t.Parallel()
	matching := []string{
		"jdoe1 gmail.com", "jane.doe, Gmail.com", "jdoe1_gmail_com", "janedoe (gmail.com)", "jdoe1 (yahoo.com)",
		"jdoe on GMAIL.COM", "jdoe1 web.de", "jdoe1 t-online.de", "x 163.com", "jdoe1 gmaiʟ.com",
		"gmail: jdoe1", "my gmail is jdoe1", "ProtonMail - jdoe1", "naver.com: jdoe1", "jdoe1 (gmail)", "jdoe1 on gmail",
		"jane.doe at yahoo", "jdoe1 → gmail", "jdoe1 # gmail", "jane.doe gmail", "jdoe1 yahoo", "Google Mail: jdoe1",
		"jdoe \u212aakao: x1", "jdoe atgmail.com", "x atyahoo.com", "reporter jane.doe (gmail.com)", "jane.doe on gmail.com",
		"jane.doe at gmail", "jdoe.at.gmail", "jdoe+at+gmail",
	}
	for _, s := range matching {
		for _, e := range []struct {
			name  string
			re    *lazyRegexp
			guard func(string) bool
		}{
			{"handleBesideDomain", handleBesideDomain, mayHandleBesideDomain},
			{"providerThenHandle", providerThenHandle, mayProviderWord},
			{"handleThenProvider", handleThenProvider, mayProviderWord},
			{"handleSpaceMail", handleSpaceMail, mayProviderWord},
			{"atProvider2", atProvider2, mayAtProvider2},
			{"joinedAtMail", joinedAtMail, mayProviderWord},
			{"mailOnlyWord", mailOnlyWord, mayProviderWord},
		} {
			if e.re.MatchString(s) && !e.guard(s) {
				t.Errorf("%s matches %q, and its look fails it", e.name, s)
			}
		}
	}
	for _, s := range []string{
		"Release manager at Red Hat; maintainer of glibc; (APAC)",
		"they deliver the delivery; previously staff engineer at Fly.io",
		"Product security lead at kernel.org; co-author of CVE-2019-12345 fix & advisory",
	} {
		if mayHandleBesideDomain(s) || mayProviderWord(s) || mayAtProvider2(s) {
			t.Errorf("a look passes the prose %q", s)
		}
	}
	// A sign is no capital of a letter: " t" is not "@t".
	if hasFold("Release manager at Red Hat; the team", "@t") {
		t.Error(`hasFold reads " t" as "@t"`)
	}
	if !hasFold("jo @T example", "@t") {
		t.Error(`hasFold does not read "@T" as "@t"`)
	}
}
