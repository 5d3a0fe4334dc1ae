package site

import "strings"

// The mail providers roster knows by name: the consumer mailboxes and
// relays people hand out (the big webmails, each country's own, the
// ISPs that give every customer an address, the privacy providers and
// the relays that hide an address behind another). A provider missing
// here is read only by an address's shape, which a handle joined to
// its domain by a dot ("jdoe1.foxmail.com") does not have; so the list
// is broad, and each name is filed by what else it means, which is what
// decides where a reading may take it for a mailbox.

// providersByKind are the providers' names, by kind, in lower case: the
// label before the ending of their domain (hanmail of hanmail.net,
// appleid and privaterelay of privaterelay.appleid.com).
var providersByKind = map[providerKind]string{
	// Mail and nothing else: "at foxmail" is a mailbox whoever writes
	// it.
	pureMail: "gmail googlemail hotmail ymail icloud protonmail riseup rediffmail " +
		"foxmail hanmail mozmail privaterelay appleid sbcglobal btinternet tutamail rocketmail bellsouth " +
		"optonline ntlworld blueyonder wanadoo bluewin kpnmail hetnet sympatico optusnet zohomail " +
		"passmail slmail anonaddy aleeas keemail countermail firemail citromail freemail " +
		"windowslive outlookmail mailinator yopmail guerrillamail aliceadsl ezweb",
	// Mail first, and a company people work at: after a job's word it
	// is an affiliation ("Engineer at Runbox").
	mailEmployer: "yandex fastmail rambler gmx tutanota posteo mailfence hushmail " +
		"startmail runbox disroot simplelogin virgilio earthlink migadu kolabnow mailo purelymail " +
		"ctemplar lavabit",
	// A company's name or a word too: a mailbox only beside a handle
	// shaped as one, or ending the field after an '@' word.
	companyWord: "outlook live msn yahoo proton aol zoho tuta mailbox qq naver daum seznam libero comcast hey " +
		"sina sohu aliyun kakao verizon uol globo telus xfinity centurylink windstream tiscali " +
		"virginmedia talktalk telenet skynet ziggo xs4all onet interia freenet arcor sify iinet lycos " +
		"netzero azet zoznam pobox vivaldi prodigy gazeta walla sfr vodafone softbank docomo skiff autistici inventati",
	// A word of its own: read only in a domain before its ending
	// ("jdoe1.yeah.net", "jdoe1.wp.pl"), beside a handle shaped as a
	// mailbox's.
	domainLabel: "me pm mail 163 126 web orange free laposte t-online bigpond " +
		"yeah 139 188 21cn tom nate inbox list bk ukr wp o2 op sky shaw rogers cox charter frontier " +
		"juno alice tin terra bol ig xtra abv centrum atlas volny email usa post excite addy cock " +
		"airmail ya",
}

// mailProviders are the providers, by name in lower case.
var mailProviders = func() map[string]providerKind {
	m := map[string]providerKind{}
	for kind, names := range providersByKind {
		for _, w := range strings.Fields(names) {
			m[w] = kind
		}
	}
	return m
}()
