package site

import "testing"

// reportedProviders are the consumer providers and relays s15-22's
// report found missing, by their domains.
var reportedProviders = []string{
	"foxmail.com", "yeah.net", "sina.com", "aliyun.com", "hanmail.net", "kakao.com", "mozmail.com",
	"privaterelay.appleid.com", "simplelogin.com", "addy.io", "inbox.ru", "bk.ru", "list.ru", "ukr.net",
	"wp.pl", "o2.pl", "virgilio.it", "verizon.net", "sbcglobal.net", "btinternet.com", "sky.com", "shaw.ca",
	"uol.com.br", "tutamail.com", "startmail.com", "runbox.com", "disroot.org", "cock.li", "hey.com",
	"duck.com", "mac.com", "aim.com", "att.net", "earthlink.net", "bellsouth.net", "rocketmail.com",
	"wanadoo.fr", "bluewin.ch", "optusnet.com.au", "sympatico.ca", "zohomail.com", "passmail.net",
	"slmail.me", "anonaddy.com", "comcast.net", "rambler.ru", "seznam.cz", "naver.com", "daum.net", "163.com",
}

// TestEveryProviderJoinedToAHandle: a handle joined to the domain of
// any provider roster knows by a dot, as an id or a GitHub handle joins
// it (hyphens, underscores), is an address with its '@' written so,
// and is hidden whole.
func TestEveryProviderJoinedToAHandle(t *testing.T) {
	t.Parallel()
	var cases []classCase
	for _, d := range reportedProviders {
		cases = append(cases, classCase{"jdoe1." + d, false}, classCase{"jane.doe." + d, false})
	}
	checkClasses(t, append(cases, []classCase{
		{"jdoe1-foxmail-com", false}, {"jane-doe-gmx-de", false}, {"jane_doe_gmail_com", false},
		{"jane-doe-yahoo-com", false}, {"jane-doe-tutanota-com", false}, {"jdoe1-hanmail-net", false},
		{"jane-doe-hey-com", false}, {"jane-doe-hotmail-co-uk", false}, {"jdoe1-uol-com-br", false},
		// Domains that end in a provider's name, a provider's own
		// subdomains, words that are labels of one.
		{"team-gmail.com", true}, {"research.yahoo.com", true}, {"open-source-list", true},
		{"advance-warning", true}, {"Team-Sky-UK", true}, {"shaw-ca", true},
		{"security-list-de", true}, {"mac-os-list", true},
	}...))
}

// TestAProviderAfterAnyWordForTheAt: a provider's name without its
// ending after a word or a sign for the '@', in any language, ends a
// field as an address does: a mailbox's handle before a name that is a
// word too ("hey", "duck", "sky"), any handle but a job's or prose's
// before a provider of mail. A job at a provider, and a word before a
// name that is a word too, stay.
func TestAProviderAfterAnyWordForTheAt(t *testing.T) {
	t.Parallel()
	checkClasses(t, []classCase{
		{"jane.doe at hey", false}, {"jane.doe at duck", false}, {"jdoe1 at mac", false}, {"jdoe1 @ sky", false},
		{"jane.doe (at) duck", false}, {"jdoe1 at foxmail", false}, {"jane.doe at hanmail.", false},
		{"jdoe arroba gmail", false}, {"jane.doe собака gmail", false}, {"jane.doe klammeraffe gmail", false},
		{"jane.doe sobaka yandex", false}, {"jdoe chiocciola gmail", false}, {"jdoe snabel-a gmail", false},
		{"jdoe kukac freemail", false}, {"jdoe1 małpa wp", false},
		{"jane.doe arroba yahoo", false}, {"jdoe [arroba] gmail", false}, {"jdoe1 snail hey", false},
		{"jdoe arroba gmаil", false}, // a Cyrillic а
		{"Jane Doe arroba Gmail", false}, {"Jane Doe (at) Yandex", false}, {"jdoe strudel walla", false},
		// A dash or a comma for the '@', a word between, a word after
		// (s15-22b).
		{"jane.doe - gmail", false}, {"jane.doe \u2013 gmail", false}, {"jdoe1 \u2014 gmail", false}, {"jane.doe, gmail", false},
		// No sign at all for the '@', a handle only a mailbox has
		// (s18-22 finding 3); a name or a word before a provider stays.
		{"jane.doe gmail", false}, {"jdoe1 hotmail", false}, {"reach me: jane_doe hotmail", false}, {"Jane Doe <jane.doe gmail>", false},
		{"Engineer Gmail", true}, {"Jane Doe Yahoo", true}, {"ex-Yahoo", true},
		{"jane.doe at the gmail", false}, {"jane.doe at my gmail", false}, {"jane.doe (my gmail)", false},
		{"jane.doe at the gmail domain", false}, {"jane.doe at the gmail address", false}, {"jdoe1 at the protonmail domain", false},
		{"jane.doe at the yahoo domain", false},
		// An "at" joined by dots or pluses at the field's end, and a
		// provider said in two words (s24c finding 2, 3).
		{"Acme, jmallory.at.gmail", false}, {"Acme, jmallory+at+gmail", false}, {"Acme, jmallory~at~hotmail.", false},
		{"jmallory at Proton Mail", false}, {"data.at.rest", true}, {"Proton Mail", true}, {"Engineer at the Gmail team", true},
		// A company's mail said with "Mail" is the company's name: a
		// mailbox beside a handle, an employer after a job (s24e).
		{"kfox at Yahoo Mail", false}, {"Engineer at Proton Mail", true}, {"Team at Proton Mail and Tuta", true},
		{"Acme, emma.at.outlook", false}, {"wlee.at.fastmail", false}, {"nkim·at·gmail", false},
		{"nkim•at•gmail", false}, {"nkim[.]at[.]yahoo", false}, {"nkim・at・gmail", false},
		{"Acme, wleeATgmail", false}, {"Acme, wlee(.)at(.)gmail", false},
		// Jobs, names and words.
		{"Team lead at duck", true}, {"Engineer at Sky", true}, {"Engineer at Verizon", true},
		{"Engineer at Kakao", true}, {"Engineer at Runbox", true}, {"Jane Doe (Verizon)", true},
		{"Meet me at mac", true}, {"Sina Weibo", true}, {"Alibaba Cloud (Aliyun)", true},
		{"Shaw Communications", true}, {"Rogers", true}, {"Engineer arroba Yahoo", true},
		{"Engineer - Gmail", true}, {"Product, Gmail", true}, {"Engineer at the Gmail team", true},
		{"Jane Doe - Yahoo", true}, {"Research (the Yahoo lab)", true},
	})
}
