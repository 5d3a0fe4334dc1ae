package site

import "testing"

// TestHalvesInField: a field holding a local part shaped as only a
// mailbox's is and a mailbox's domain (a provider's, one spelled so that
// it is no link, or any where the field names a mailbox's parts), apart
// or joined by a sign, is an address, hidden whole; names, jobs,
// employers, projects and a handle beside an employer's domain show.
func TestHalvesInField(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"jdoe1 (gmail dot com)", "jane.doe [gmail dot com]", "jane.doe, gmail dot com", "jdoe1 (proton dot me)", "jane.doe «gmail.com»",
		"jdoe1 at g-mail", "jane.doe is my gmail", "jdoe1 is my Gmail username", "local part jane.doe, domain zorbix.io",
		"Mailbox jane.doe, host zorbix.io", "jane.doe_gmail_dot_com", "jdoe1-yahoo-dot-com", "jdoe1-proton-dot-me", "jdoe1-gmx-dot-de",
		"jane.doe-gmail", "jane.doe_zorbix.io", "jane.doe-zorbix-dot-io", "farid.haddad is my email on example.org", "example.org user dana.whitfield",
		"jdoe1.gmail.com", "jane.doe (wp dot pl)", "jane.doe zorbix[.]io", "jdoe1 (yahoo dot co dot in)", "ｊａｎｅ．ｄｏｅ (zorbix dot io)",
		"jane\u2024doe zorbix dot io", "jd42 (zorbix dot io)", "jane.doe42 (gmail dot com)",
		"jane.doe, docomo.ne.jp", "jane.doe, sfr.fr", "jane.doe zorbix . io", "jane.doe (zorbix точка io)",
		"Courriel : jane.doe, serveur zorbix.io", "login jane.doe, server zorbix.io", "Почта jane.doe, сервер zorbix.io",
		"jane.m.doe (zorbix dot io)", "doe.j (zorbix dot io)", "jane.doe.1990 (zorbix dot io)", "jane.doe (zorbix «dot» io)", "jane.doe zorbix [punkt] io",
	} {
		if !halvesInField(s) && hideField(s) != hidden {
			t.Errorf("%q is shown", s)
		}
	}
	for _, s := range []string{
		"CTO at zorbix.io", "Security team, Hooli", "Maintainer at proj42.org", "Engineer at GMX", "Python3 core dev, python.org",
		"k8s SIG Auth, kubernetes.io", "Dana Whitfield", "jdoe1", "rust-lang",
		"docs.k8s.io", "www.proj42.org", "Red Hat, redhat.com", "the security team of example.org", "ASP.NET developer at example.org",
		// A handle or a numbered name beside an employer's domain.
		"OpenSSL3 maintainer, openssl.org", "ISO27001 lead auditor, tuv.com", "RFC9116 co-author, ietf.org", "iOS17 security team, apple.com",
		"Vue3 core team, vuejs.org", "Ansible community.general maintainer, redhat.com", "Maintainer of requests_oauthlib, python.org",
		"Independent (github.com/jdoe1)", "Sr.Staff Engineer, Booking.com", "Dr.rer.nat., Fraunhofer (fraunhofer.de)", "Comae Technologies (comae.io)",
		// Words set apart by a middle dot or a bullet, a sentence's full
		// stop; a program's or a product's name beside a provider's word
		// or a word that names mail.
		"Security Engineer · Cloudflare (cloudflare.com)", "Principal Engineer • Red Hat • redhat.com",
		"Institut d'Investigació en Intel·ligència Artificial (iiia.csic.es)", "清华大学网络研究院。Tsinghua University (tsinghua.edu.cn)",
		"Orange Cyberdefense, SOC2 team (orange.com)", "Chrome DevRel, web.dev, Chrome120 release notes", "Login.gov, GSA TTS (usa.gov), FIPS140 validation",
		"Email security team (DMARC, MTA-STS), Microsoft365, microsoft.com", "Mail team, Dovecot2 maintainer, open-xchange.com",
		"Contact point for CSAF2 advisories, cisco.com", "DNS and domain registry security, DENIC eG (denic.de), RFC9364 author",
		"TELUS Digital, telus.com, SOC2 program lead",
	} {
		if halvesInField(s) || hideField(s) == hidden {
			t.Errorf("%q is hidden", s)
		}
	}
}

// TestKnownHalvesIn: the file's own address, its local part shaped as a
// mailbox's (a hyphen too) and its domain whole, anywhere in one field.
func TestKnownHalvesIn(t *testing.T) {
	t.Parallel()
	k := newKnown()
	for _, a := range []string{"security-announce@example.org", "farid.haddad@example.org", "security@example.org"} {
		k.add(a)
	}
	for _, s := range []string{"security-announce is the list on example.org", "example.org: farid.haddad", "Farid (farid.haddad) of example.org"} {
		if !k.halvesIn(s) {
			t.Errorf("halvesIn(%q) = false", s)
		}
	}
	for _, s := range []string{"the security alias of example.org", "security-announce", "farid.haddad at zorbix.io", "Farid Haddad, example.org"} {
		if k.halvesIn(s) {
			t.Errorf("halvesIn(%q) = true", s)
		}
	}
}

// TestARowOfANameAndAMailboxDomainIsHidden: a name and an affiliation
// side by side that read as a mailbox ("jdoe" beside "(gmail dot com)",
// "jane.doe" beside "zorbix dot io") hide the row; a handle-shaped name
// beside an employer's domain ("Zhang.Wei" beside "alibabacloud.com")
// is a name and an employer.
func TestARowOfANameAndAMailboxDomainIsHidden(t *testing.T) {
	t.Parallel()
	f := &fields{public: true, seen: map[string]string{}, across: map[string]bool{}}
	for _, tc := range []struct {
		name, affiliation string
		hidden            bool
	}{
		{"jdoe", "(gmail dot com)", true},
		{"jane.doe42", "(zorbix dot io)", true},
		{"Jane Doe (jane.doe)", "zorbix dot io", true},
		{"Mailbox jane.doe", "host zorbix.io", true},
		{"jane.doe", "zorbix dot io", true},
		{"jane.doe", "(proton dot me)", true},
		{"Zhang.Wei", "Alibaba Cloud, alibabacloud.com", false},
		{"solar_designer", "Openwall, openwall.com", false},
		{"Jane Doe", "Gmail anti-abuse team", false},
		// A first name that is a word of its own after the previous
		// cell's role word: "member Dot Richardson" is no local part.
		{"Dot Richardson", "Tencent Security Xuanwu Lab", false},
	} {
		v := shownMember{name: f.text(tc.name), affiliation: f.text(tc.affiliation)}
		if got := f.spelledTogether(v); got != tc.hidden {
			t.Errorf("%q beside %q: hidden %v, want %v", tc.name, tc.affiliation, got, tc.hidden)
		}
	}
}

// TestASpokenDotBetweenWordsMakesNoLocalPart: "member Dot Richardson"
// beside a provider's domain ("(aliyun.com)", a row before) is English,
// not "member.richardson"; "jane[dot]doe" is a local part.
func TestASpokenDotBetweenWordsMakesNoLocalPart(t *testing.T) {
	t.Parallel()
	if halvesApart("Alibaba Cloud (aliyun.com) member Dot Richardson") {
		t.Error("a first name Dot read as a spoken dot")
	}
	if !halvesInField("jane[dot]doe (gmail)") {
		t.Error("jane[dot]doe (gmail) is shown")
	}
}
