package site_test

import (
	"html"
	"strings"
	"testing"

	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/internal/shipped"
	"github.com/roster-dev/roster/members"
)

// TestPublicHidesAnAddressWhoseAtIsADot: a handle joined to a mail
// provider's domain by a dot, two, a middle dot or a hyphen
// ("jane.doe.gmail.com", "jdoe1-gmail-com") is an address with its '@'
// written as a dot: a provider hosts no one's subdomain. It is hidden
// on every route into the public roster: a member's name or
// affiliation, a list's description, a list's id (its title, heading,
// link text and file name), a policy's id. A provider's domain alone,
// and other organisations' domains, stay.
func TestPublicHidesAnAddressWhoseAtIsADot(t *testing.T) {
	t.Parallel()
	own := string(shipped.Example(t))
	spelled := []string{"jane.doe.gmail.com", "jane.doe..gmail.com", "jane.doe-gmail.com", "jdoe1.yahoo.com",
		"jane.doe.proton.me", "Acme (jane.doe.gmail.com)", "jane.doe·gmail.com", "JDOE1.GMAIL.COM", "jdoe1.gmx.de",
		"jdoe1.foxmail.com", "jdoe1.privaterelay.appleid.com"}
	for _, s := range spelled {
		t.Run(s, func(t *testing.T) {
			t.Parallel()
			id := strings.Trim(strings.ToLower(strings.NewReplacer(" ", "", "(", "", ")", "", "·", ".").Replace(s)), ".")
			edited := strings.NewReplacer(
				`affiliation = "Example Project"`, `affiliation = "`+s+`"`,
				`[lists.advance-warning]`, `[lists."`+id+`"]`,
				`advance-warning = `, `"`+id+`" = `,
				`[policies.receivers]`, `[policies."x-`+id+`"]`,
				`policy = "receivers"`, `policy = "x-`+id+`"`,
			).Replace(own)
			r := historytest.New(t)
			r.Commit("members.toml", edited, "Spelled")
			in := fromHistory(t, r, "", "2026-04-01")
			in.Public = true
			for name, data := range build(t, in) {
				text := strings.ToLower(html.UnescapeString(string(data)))
				for _, part := range []string{"jane.doe", "jdoe1", "jane-doe", "jdoe"} {
					if strings.Contains(text, part) || strings.Contains(strings.ToLower(name), part) {
						t.Errorf("%s shows %q", name, part)
					}
				}
			}
		})
	}
	// Affiliations (the joiners of other scripts are no list id) and
	// handles, one member each, in one build.
	t.Run("affiliations and handles", func(t *testing.T) {
		t.Parallel()
		in := smallInput(t, true)
		addPeople(&in, "joined", []string{"jdoe1.mail.ru", "jdoe1.pm.me", "jdoe1.web.de", "jdoe1.t-online.de", "jdoe1_yahoo_com", "jdoe1 gmail com",
			"jdoe1...gmail.com", "jdoe1,gmail,com", "jdoe1\u2014gmail.com", "jdoe1\u2212gmail.com", "jdoe1\uff61gmail.com", "jdoe1.hey.com", "jdoe1.duck.com",
			"jdoe1.uol.com.br", "jdoe1.mozmail.com", "jdoe1.yeah.net", "jdoe1.cock.li", "jdoe1 at hey", "jdoe1 arroba gmail", "jdoe1 собака yandex"},
			func(m *members.Member, v string) { m.Affiliation = v })
		// A GitHub handle holds no dot: the hyphens an id joins with.
		addPeople(&in, "handle", []string{"jdoe1-gmail-com", "jdoe1-yahoo-com", "jane-doe1-proton-me", "jdoe1-foxmail-com", "jane-doe1-gmx-de"},
			func(m *members.Member, v string) { m.GitHub = v })
		for name, data := range build(t, in) {
			text := strings.ToLower(html.UnescapeString(string(data)))
			if i := strings.Index(text, "doe1"); i >= 0 {
				t.Errorf("%s shows %q", name, text[i:min(len(text), i+24)])
			}
		}
	})
	// Not every domain of a provider is an address: its own subdomains,
	// a domain that ends in its name, its domains alone.
	for _, said := range []string{
		"Formerly research.yahoo.com, cloud.yandex.com, news.mail.ru and team-gmail.com",
		"Private vulnerability reports (Gmail.com, Outlook.com and GMX.de users welcome)",
	} {
		t.Run(said, func(t *testing.T) {
			t.Parallel()
			r := historytest.New(t)
			r.Commit("members.toml", strings.Replace(own, `description = "Private vulnerability reports"`, `description = "`+said+`"`, 1), "Domains")
			in := fromHistory(t, r, "", "2026-04-01")
			in.Public = true
			found := false
			for _, data := range build(t, in) {
				found = found || strings.Contains(html.UnescapeString(string(data)), said)
			}
			if !found {
				t.Error("the description was hidden")
			}
		})
	}
}
