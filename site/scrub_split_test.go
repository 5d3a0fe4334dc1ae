package site

import "testing"

// TestSpellingsStillOpenFromEarlierRounds: the spellings s13, s14 and
// s15-22 found shown, each hidden whole (a domain's ending set apart
// from its label, a local part and a domain beside a word for a
// mailbox or in angle brackets, an address run into one word, one
// reversed before a provider's name, a Greek alpha for the '@', "snail"
// for it), with a few more of each class.
func TestSpellingsStillOpenFromEarlierRounds(t *testing.T) {
	t.Parallel()
	checkClasses(t, []classCase{
		{"jane.doe at zorbix. io", false}, {"jdoe at zorbix - io", false}, {"jdoe at zorbix (io)", false},
		{"jdoe at zorbix [io]", false}, {"jdoe at zorbix — io.", false}, {"jdoe (at) zorbix . de", false},
		{"jane.doe at zorbix io", false},
		{"email jdoe, zorbix.io", false}, {"Email: jdoe zorbix.io", false}, {"e-mail jane.doe; zorbix.co.uk", false},
		{"contact jdoe1 zorbix.io", false}, {"write to jdoe, zorbix.io", false}, {"mail me: jdoe zorbix.io", false},
		{"jdoe at zorbix | io", false}, {"(jane.doe zorbix.io)", false}, {"[jdoe1 zorbix.io]", false}, {"jdoe α zorbix.io", false},
		{"jdoe snail zorbix.io", false}, {"jane.doe (snail) zorbix dot io", false},
		{"<jane.doe zorbix.io>", false}, {"Jane Doe <jdoe zorbix.io>", false}, {"«jdoe1 zorbix.io»", false},
		{"jdoeatzorbixdotcom", false}, {"jane.doeatzorbixdotio", false}, {"JDOEATZORBIXDOTORG", false},
		{"jane.doe\ufe00at\ufe00zorbix\ufe00dot\ufe00com", false},
		{"liamg ta eod.enaj", false}, {"oohay ta 1eodj", false}, {"liamg@eodj", false},
		{"jdoeαzorbix.io", false}, {"jane.doeΑzorbix.co.uk", false},
		// s16-22: an envelope, or another language's word, says a
		// mailbox follows; an alpha in another form stands for the '@'.
		{"📧 jane.doe zorbix.io", false}, {"✉ jane.doe zorbix.io", false}, {"courriel: jane.doe zorbix.io", false},
		{"correo: jane.doe zorbix.io", false}, {"E-Mail-Adresse: jane.doe zorbix.io", false}, {"メール: jane.doe zorbix.io", false},
		{"邮箱: jane.doe zorbix.io", false}, {"почта: jane.doe zorbix.io", false}, {"addr: jane.doe zorbix.io", false},
		{"jdoe1ɑgmail.com", false}, {"jane.doe𝛂zorbix.io", false}, {"jane.doe𝜶zorbix.io", false}, {"jane.doe𝞪zorbix.io", false},
		{"jane.doeᾳzorbix.io", false}, {"jane.doeάzorbix.io", false},
		// A number is a mailbox at a provider that gives numbers.
		{"12345678 → qq.com", false}, {"qq: 12345678", false}, {"12345678 - gmail", false},
		// s16-22b: a one-word local part beside a provider's domain
		// written whole, of any kind of provider, in brackets or after
		// a small word.
		{"janedoe (gmail.com)", false}, {"janedoe(gmail.com)", false}, {"janedoe <gmail.com>", false}, {"janedoe [gmail.com]", false},
		{"janedoe（gmail.com）", false}, {"janedoe of gmail.com", false}, {"janedoe outlook.com", false}, {"janedoe on mail.ru", false},
		{"zhangwei qq.com", false}, {"janedoe proton.me", false}, {"janedoe 163.com", false}, {"janedoe web.de", false},
		// s16-22c: the provider's domain first, then the handle.
		{"gmail.com: janedoe", false}, {"gmail.com (janedoe)", false}, {"gmail.com / janedoe", false}, {"naver.com: jdoe1", false},
		{"yahoo.co.jp: jdoe1", false},
	})
}

// TestAffiliationsStayReadable: employers, jobs and names that read
// like part of an address, and are none, are shown as they are
// (s15-22's list, and the readings' neighbours).
func TestAffiliationsStayReadable(t *testing.T) {
	t.Parallel()
	var cases []classCase
	for _, s := range []string{
		"Yahoo Research", "Fly.io", "Proton AG", "research.google", "Proton.me", "Fastmail.com", "Engineer at Mail.ru",
		"Microsoft (Outlook.com)", "Red Hat", "Engineer at Acme - uk", "Postdoc at MIT - us", "Acme (de)",
		"Mαrk Smith", "Αλφα Beta", "Works at Zorbix io", "Student at ETH ch", "Contractor at Acme (eu)", "Acme GmbH (de)", "Turbo Snail Games", "Contact us", "Mail team", "k8s (kubernetes.io)", "(see kubernetes.io)", "Works at Acme/uk", "Write to us, acme.io",
		"Email security at Example Corp", "Greek letters α and β", "Engineer at Sky", "Shaw Communications",
		"Verizon", "Team lead at duck", "Senior Engineer, Kakao", "Yeah Records", "Jane Doe", "jane-doe",
		"Private vulnerability reports (Gmail.com, Outlook.com and GMX.de users welcome)", "naver-security", "yandex-security", "kakao-security", "gmx-security",
		"Ex-Yahoo (yahoo.com)", "Tuta (tuta.com)", "Proton AG (proton.me)", "Developer (GMX.de)", "Outlook.com team", "Gmail.com, Outlook.com", "Team lead (web.de)",
		"Security lead at openssl.org", "Release manager at python.org", "Hosted at lists.debian.org", "Security contacts at kernel.org",
		"Vendors at Mail.ru Group and Yandex", "Security team at example.org", "Class of 2019 → qq.com", "Room 1234 - gmail", "k8s → kubernetes.io", "12345678 → kubernetes.io", "Courriel Corp", "Correo Argentino", "Mail.ru Group", "Ѕecurity at Почта Банк", "ɑlpha Labs", "Dr. Ἀλέξανδρος Papadopoulos",
	} {
		cases = append(cases, classCase{s, true})
	}
	checkClasses(t, cases)
}

// TestLabelledPartsAndTheAtSignNamed: a mailbox given as labelled
// parts ("user jdoe, domain zorbix.io") after a word for a mailbox, and
// the '@' named in words ("then the at sign then"), are hidden whole;
// a job with a company's site, and labels alone, are not.
func TestLabelledPartsAndTheAtSignNamed(t *testing.T) {
	t.Parallel()
	checkClasses(t, []classCase{
		{"Email jdoe, domain zorbix.io", false}, {"E-mail: user jdoe, server zorbix.io", false},
		{"Address: jdoe, zorbix.io", false}, {"email: username jdoe host zorbix.io", false},
		{"Mailbox jdoe, then zorbix.io", false}, {"contact: login jdoe, domain: zorbix.io", false},
		{"jdoe then at sign then zorbix.io", false}, {"jane.doe, then the at sign, then zorbix.io", false},
		{"jdoe at-symbol zorbix.io", false}, {"jdoe commercial at zorbix.io", false},
		// Not addresses: a job, a company's site, a sign named alone.
		{"Security engineer, Zorbix (zorbix.io)", true}, {"Domain expert at Zorbix", true},
		{"Maintains the at sign parser", true}, {"Address book maintainer", true},
		// A label before the local part alone names a job, and
		// "address" before a city is a postal one.
		{"Mail server admin, zorbix.io", true}, {"Email server admin, example.org", true},
		{"Address: Berlin, example.de", true}, {"Address Book, kde.org", true},
		{"Contact user research, example.org", true}, {"Write domain code, zorbix.io", true},
		{"Mail: host Debian, debian.org", true}, {"Message: domain expert, zorbix.io", true},
		{"Email provider Fastmail, fastmail.com", true}, {"E-mail: at Zorbix, zorbix.io", true},
		{"Works on the at sign then zorbix.io stuff", true},
		// Labels, separators and words between the parts.
		{"Email: jdoe / domain: zorbix.io", false}, {"Email: jdoe / zorbix.io", false},
		{"Email jdoe - zorbix.io", false}, {"E-mail jdoe | zorbix.io", false},
		{"Email jdoe. Domain zorbix.io", false}, {"Email jdoe, the domain zorbix.io", false},
		{"Email jdoe, domain name zorbix.io", false}, {"Email - user jdoe - domain zorbix.io", false},
		{"user: jdoe, domain: zorbix.io", false}, {"my email: jdoe; the domain: zorbix.io", false},
		{"email user=jdoe domain=zorbix.io", false}, {"jdoe followed by the at sign and zorbix.io", false},
		// Companies and projects, not mailboxes: a name in capitals
		// after a word for a mailbox, an ending in capitals after an
		// '@', a host or a server named first.
		{"Mailbox Inc. (mailbox.org)", true}, {"Contact Acme (acme.io)", true}, {"Reach Acme on acme.io", true},
		{"Contact Energy (contactenergy.co.nz)", true}, {"Courriel Corp (courriel.fr)", true},
		{"Host fosdem.org, user group Brussels", true}, {"Server zorbix.io user support", true},
		// Read as words: quotes, brackets and articles passed over, the
		// sign's other names, the domain first.
		{"Email jdoe, domain zorbix.io", false}, {"Email: jdoe (domain: zorbix.io)", false},
		{"Email - jdoe, domain - zorbix.io", false}, {"Mail to: jdoe, on the domain zorbix.io", false},
		{"Mailbox name jdoe, domain zorbix.io", false}, {"Email jdoe and then the domain zorbix.io", false},
		{"email jdoe, and the domain is zorbix.io", false}, {"Email is jdoe, domain is zorbix.io", false},
		{"Email: local part jdoe, domain zorbix.io", false}, {"Email: local-part jdoe, domain zorbix.io", false},
		{"Email: name jdoe, host name zorbix.io", false}, {"Email: account jdoe, provider zorbix.io", false},
		{"email (user jdoe) (domain zorbix.io)", false}, {"email user:jdoe domain:zorbix.io", false},
		{"email user => jdoe, domain => zorbix.io", false}, {"EMAIL: USER JDOE, DOMAIN ZORBIX.IO", false},
		{"Email jdoe, domain zorbix dot io", false}, {"Email jdoe, domain zorbix (io)", false},
		{"jdoe, then the \"at\" sign, then zorbix.io", false}, {"jdoe then an at sign then zorbix.io", false},
		{"jdoe then at-sign then zorbix.io", false}, {"jdoe then the at symbol then zorbix.io", false},
		{"jdoe followed by an at sign, then zorbix.io", false}, {"jdoe, at sign, zorbix.io", false},
		{"jdoe + at sign + zorbix.io", false}, {"jdoe [at sign] zorbix.io", false},
		{"jdoe (at sign) zorbix.io", false}, {"jdoe <at sign> zorbix.io", false},
		{"jdoe then the ampersat then zorbix.io", false}, {"jdoe then the strudel then zorbix.io", false},
		{"jdoe then the arobase then zorbix.io", false}, {"jdoe then the klammeraffe then zorbix.io", false},
		{"jdoe then @ then zorbix.io", false}, {"jdoe then ＠ then zorbix.io", false},
		{"jdoe then the at sign then zorbix then a dot then io", false}, {"domain zorbix.io, user jdoe", false},
		{"domain: zorbix.io; email user: jdoe", false},
		{"Email: jdoe\ndomain: zorbix.io", false}, {"Email: jdoe, domain zorbix\u00ad.io", false},
		{"Email jdoe, domain zorbix.io.", false}, {"Email jdoe — domain zorbix.io", false},
		{"Email jdoe – domain zorbix.io", false}, {"Email jdoe · domain zorbix.io", false},
		{"Email jdoe → domain zorbix.io", false}, {"Email jdoe :: domain zorbix.io", false},
		{"Email jdoe » zorbix.io", false}, {"Email jdoe (zorbix.io)", false},
		{"Email `jdoe` domain `zorbix.io`", false}, {"Email \"jdoe\", domain \"zorbix.io\"", false},
		{"Email 'jdoe' at domain 'zorbix.io'", false}, {"E mail jdoe, domain zorbix.io", false},
		{"Mail jdoe, domain zorbix.io", false}, {"Reach me: jdoe, domain zorbix.io", false},
		{"user jdoe, domain zorbix.io", false}, {"Jane Doe (email: jdoe, domain: zorbix.io)", false},
		{"Jane Doe, Zorbix — email jdoe, domain zorbix.io", false},
	})
}
