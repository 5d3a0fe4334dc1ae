package members

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in       string
		ok       bool
		identity string
		mailbox  string
	}{
		{"ada@example.org", true, "ada@example.org", "ada@example.org"},
		{"Ada.Lovelace@Example.ORG", true, "ada.lovelace@example.org", "ada.lovelace@example.org"},
		{"ada+sec@example.org", true, "ada+sec@example.org", "ada@example.org"},
		{"A.D.A@gmail.com", true, "ada@gmail.com", "ada@gmail.com"},
		{"a.d.a+x@googlemail.com", true, "ada+x@gmail.com", "ada@gmail.com"},
		{"o'brien@example.org", true, "o'brien@example.org", "o'brien@example.org"},
		{"x@sub.example.co.uk", true, "x@sub.example.co.uk", "x@sub.example.co.uk"},
		{"jürgen@example.org", true, "jürgen@example.org", "jürgen@example.org"},
		{"", false, "", ""},
		{"ada", false, "", ""},
		{"ada@", false, "", ""},
		{"@example.org", false, "", ""},
		{"ada@@example.org", false, "", ""},
		{"a@b@example.org", false, "", ""},
		{".ada@example.org", false, "", ""},
		{"ada.@example.org", false, "", ""},
		{"a..da@example.org", false, "", ""},
		{"ada@localhost", false, "", ""},
		{"ada@example..org", false, "", ""},
		{"ada@-example.org", false, "", ""},
		{"ada@example.org.", false, "", ""},
		{"ada@127.0.0.1", false, "", ""},
		{" ada@example.org", false, "", ""},
		{"Ada <ada@example.org>", false, "", ""},
		{`"ada"@example.org`, false, "", ""},
		{"ada\u200b@example.org", false, "", ""},
		// Marks and fillers Unicode shows as nothing: the same mailbox,
		// printed the same, would be two entries.
		{"amara\u034f@example.org", false, "", ""},
		{"amara\ufe0f@example.org", false, "", ""},
		{"amara\u17b4@example.org", false, "", ""},
		{"amara\u180b@example.org", false, "", ""},
		{"amara\u3164@example.org", false, "", ""},
		{"amara@exa\u034fmple.org", false, "", ""},
		{"ada\uff20example.org", false, "", ""},
		{"ada@exa_mple.org", false, "", ""},
		{"ada\x00@example.org", false, "", ""},
		{"ada\xff@example.org", false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, err := ParseAddress(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseAddress(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if err != nil {
				if !errors.Is(err, ErrInvalidEmail) {
					t.Errorf("error %v does not wrap ErrInvalidEmail", err)
				}
				return
			}
			if got := a.Identity(); got != tt.identity {
				t.Errorf("Identity() = %q, want %q", got, tt.identity)
			}
			if got := a.Mailbox(); got != tt.mailbox {
				t.Errorf("Mailbox() = %q, want %q", got, tt.mailbox)
			}
		})
	}
}

func TestAddressConfusable(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"ada@example.org", false},
		{"jürgen@example.org", false},     // Latin with a diacritic is one script
		{"аса@example.org", false},        // all Cyrillic: not mixed (non-ASCII rule catches it)
		{"ada@exаmple.org", true},         // Cyrillic а among Latin letters
		{"pаypal@example.org", true},      // same, in the local part
		{"ada@xn--80ak6aa92e.com", false}, // all Cyrillic in punycode: not mixed (the non-ASCII rule sees it)
	}
	for _, tt := range tests {
		a, err := ParseAddress(tt.in)
		if err != nil {
			t.Fatalf("ParseAddress(%q): %v", tt.in, err)
		}
		if got := a.Confusable() != ""; got != tt.want {
			t.Errorf("Confusable(%q) = %q, want confusable=%v", tt.in, a.Confusable(), tt.want)
		}
	}
}

func TestDomainMatches(t *testing.T) {
	tests := []struct {
		domain, pattern string
		want            bool
	}{
		{"example.org", "example.org", true},
		{"lists.Example.org", "example.org", true},
		{"badexample.org", "example.org", false},
		{"example.org", "@example.org", true},
		{"example.org.evil.com", "example.org", false},
		// One inbox under either name (Identity reads them as one).
		{"googlemail.com", "gmail.com", true},
		{"GoogleMail.com", "@gmail.com", true},
		{"gmail.com", "googlemail.com", true},
		{"mail.googlemail.com", "gmail.com", true}, // under googlemail.com, which is gmail.com
		{"mail.me.com", "me.com", true},
		{"team.yandex.com", "yandex.com", true},
		{"x.proton.me", "protonmail.com", true},
		{"notgmail.com", "gmail.com", false},
		{"me.com", "icloud.com", true},
		{"pm.me", "protonmail.com", true},
		{"protonmail.com", "proton.me", true},
		{"ya.ru", "yandex.ru", true},
		{"outlook.com", "hotmail.com", false}, // two inboxes
	}
	for _, tt := range tests {
		if got := DomainMatches(tt.domain, tt.pattern); got != tt.want {
			t.Errorf("DomainMatches(%q, %q) = %v, want %v", tt.domain, tt.pattern, got, tt.want)
		}
	}
}

func TestParseValidity(t *testing.T) {
	tests := []struct {
		in   string
		days int
		ok   bool
	}{
		{"365d", 365, true}, {"52w", 364, true}, {"2y", 730, true}, {"1d", 1, true},
		{"", 0, false}, {"d", 0, false}, {"0d", 0, false}, {"-5d", 0, false}, {"+5d", 0, false},
		{"12mo", 0, false}, {"1 year", 0, false}, {"365", 0, false}, {"200y", 0, false},
		// At the bound, and past the integer's range: 50539024859478224
		// years times 365 wraps to 144 days.
		{"100y", 36500, true}, {"5214w", 36498, true}, {"5215w", 0, false}, {"50539024859478224y", 0, false}, {"2635249153387078803w", 0, false},
	}
	for _, tt := range tests {
		v, err := ParseValidity(tt.in)
		if (err == nil) != tt.ok || v.Days != tt.days {
			t.Errorf("ParseValidity(%q) = %v, %v; want %d days, ok=%v", tt.in, v.Days, err, tt.days, tt.ok)
		}
	}
	// A unit in capitals is refused naming the spelling meant.
	for in, want := range map[string]string{"2Y": `write "2y"`, "52W": `write "52w"`, "365D": `write "365d"`} {
		if _, err := ParseValidity(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseValidity(%q): %v, want it to say %s", in, err, want)
		}
	}
	// Months are refused naming the days and weeks they are.
	for in, want := range map[string]string{"18mo": `write "548d" or "78w"`, "6 months": `write "183d" or "26w"`, "3m": `write "91d" or "13w"`,
		"12mo": `write "1y" (365 days)`, "24 months": `write "2y" (730 days)`, "1m": `write "30d" or "4w"`} {
		if _, err := ParseValidity(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseValidity(%q): %v, want it to say %s", in, err, want)
		}
	}
}

// TestIdentityAcrossSpellings: one mailbox has one Identity (and one
// Mailbox) whether its accents are precomposed (NFC) or decomposed (NFD),
// and whether its domain is written in Unicode or in punycode, in
// addition to case, Gmail dots, googlemail.com and +tags.
func TestIdentityAcrossSpellings(t *testing.T) {
	tests := []struct {
		name     string
		spelled  []string
		identity string
		mailbox  string
	}{
		{"accents composed or not", []string{"j\u00fcrgen@example.org", "ju\u0308rgen@example.org", "J\u00dcRGEN@Example.org", "JU\u0308RGEN@example.org"}, "j\u00fcrgen@example.org", "j\u00fcrgen@example.org"},
		{"domain in Unicode or punycode", []string{"ada@b\u00fccher.de", "ada@bu\u0308cher.de", "ada@xn--bcher-kva.de", "ADA@XN--BCHER-KVA.DE", "ada@B\u00dcCHER.de"}, "ada@xn--bcher-kva.de", "ada@xn--bcher-kva.de"},
		{"both, with a +tag", []string{"j\u00fcrgen+sec@b\u00fccher.de", "ju\u0308rgen+x@xn--bcher-kva.de"}, "", "j\u00fcrgen@xn--bcher-kva.de"},
		{"gmail with accents", []string{"j.\u00fc.rgen@googlemail.com", "ju\u0308rgen@gmail.com"}, "j\u00fcrgen@gmail.com", "j\u00fcrgen@gmail.com"},
		{"a Turkish dotless i, in Unicode or punycode", []string{"ali@k\u0131rm\u0131z\u0131.com.tr", "ali@xn--krmz-lzacb.com.tr", "ALI@K\u0131RM\u0131Z\u0131.com.tr"}, "ali@xn--krmz-lzacb.com.tr", "ali@xn--krmz-lzacb.com.tr"},
		{"Greek with a final sigma, upper and lower case", []string{"\u03bd\u03af\u03ba\u03bf\u03c2@example.org", "\u039d\u038a\u039a\u039f\u03a3@example.org", "\u03bd\u03b9\u0301\u03ba\u03bf\u03c3@example.org"}, "\u03bd\u03af\u03ba\u03bf\u03c3@example.org", "\u03bd\u03af\u03ba\u03bf\u03c3@example.org"},
		{"a theta in its two lower cases", []string{"\u03b8\u03b5\u03bf@example.org", "\u03d1\u03b5\u03bf@example.org", "\u0398\u0395\u039f@example.org"}, "\u03b8\u03b5\u03bf@example.org", "\u03b8\u03b5\u03bf@example.org"},
		{"subdomain in punycode", []string{"x@lists.b\u00fccher.de", "x@lists.xn--bcher-kva.de"}, "x@lists.xn--bcher-kva.de", "x@lists.xn--bcher-kva.de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range tt.spelled {
				a, err := ParseAddress(s)
				if err != nil {
					t.Fatalf("ParseAddress(%q): %v", s, err)
				}
				if tt.identity != "" {
					if got := a.Identity(); got != tt.identity {
						t.Errorf("Identity(%q) = %q, want %q", s, got, tt.identity)
					}
					if got := IdentityOf(s); got != tt.identity {
						t.Errorf("IdentityOf(%q) = %q, want %q", s, got, tt.identity)
					}
				}
				if got := a.Mailbox(); got != tt.mailbox {
					t.Errorf("Mailbox(%q) = %q, want %q", s, got, tt.mailbox)
				}
			}
		})
	}
}

// TestALookAlikeKeepsItsOwnIdentity: a character outside ASCII that
// normal form C, lower-casing or IDNA's mapping would turn into an
// ASCII letter (the Kelvin sign, 'İ', a fullwidth letter, a long s) is
// a look-alike, not a spelling: its address never takes the identity
// of the ASCII address it imitates, and Skeleton says they read alike.
func TestALookAlikeKeepsItsOwnIdentity(t *testing.T) {
	for _, tt := range []struct{ lookAlike, imitated string }{
		{"\u212aim@example.org", "kim@example.org"},
		{"kev\u0130n@example.org", "kevin@example.org"},
		{"kevI\u0307n@example.org", "kevin@example.org"}, // the same 'İ', decomposed
		{"ann@\uff45xample.org", "ann@example.org"},
		{"ann@exampl\u0117.org", ""}, // ė is a letter of its own
		{"ann@te\u017ft.org", "ann@test.org"},
		{"\u0430nn@example.org", ""}, // Cyrillic: never folded
	} {
		id := IdentityOf(tt.lookAlike)
		if id == "kim@example.org" || id == "kevin@example.org" || id == "ann@example.org" || id == "ann@test.org" {
			t.Errorf("IdentityOf(%q) = %q: the look-alike takes the identity it imitates", tt.lookAlike, id)
		}
		if tt.imitated != "" && Skeleton(tt.lookAlike) != Skeleton(tt.imitated) {
			t.Errorf("Skeleton(%q) = %q, not %q's", tt.lookAlike, Skeleton(tt.lookAlike), tt.imitated)
		}
	}
	if IdentityOf("kev\u0130n@example.org") != IdentityOf("KEVI\u0307N@example.org") {
		t.Errorf("İ composed and decomposed are two identities: %q, %q", IdentityOf("kev\u0130n@example.org"), IdentityOf("KEVI\u0307N@example.org"))
	}
	if Skeleton("\u0430\u0441\u0435@example.org") != "ace@example.org" {
		t.Errorf("Skeleton of Cyrillic асе = %q", Skeleton("\u0430\u0441\u0435@example.org"))
	}
}

func TestParseAddressIDNA(t *testing.T) {
	tests := []struct {
		in   string
		want string // in the error; "" when valid
	}{
		{"ada@xn--bcher-kva.de", ""},
		{"ada@b\u00fccher.de", ""},
		{"ada@ab--cd.example.org", ""}, // ASCII labels are DNS's business, not IDNA's
		{"ada@xn--zz.org", "not a valid internationalised domain name"},
		{"ada@xn--.org", "starts or ends with '-'"},
		{"ada@xn--BCHER-KVA.de", ""}, // case is folded, as for any domain
		{"ada@xn--bcher-kva-.de", "starts or ends with '-'"},
	}
	for _, tt := range tests {
		_, err := ParseAddress(tt.in)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("ParseAddress(%q): %v", tt.in, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalidEmail)):
			t.Errorf("ParseAddress(%q) = %v, want an invalid-email error saying %q", tt.in, err, tt.want)
		}
	}
}

// TestPunycodeHidesNothing: a domain spelled in punycode is judged by
// the Unicode it encodes, by the confusable and the non-ASCII rules.
func TestPunycodeHidesNothing(t *testing.T) {
	tests := []struct {
		in         string
		confusable bool
		nonASCII   rune
	}{
		{"ada@xn--pypal-4ve.com", true, '\u0430'},   // "pаypal": Cyrillic а among Latin letters
		{"ada@xn--80ak6aa92e.com", false, '\u0430'}, // all Cyrillic: not mixed, but not ASCII either
		{"ada@xn--bcher-kva.de", false, '\u00fc'},
		{"ada@example.org", false, 0},
		{"ada@p\u0430ypal.com", true, '\u0430'},
	}
	for _, tt := range tests {
		a, err := ParseAddress(tt.in)
		if err != nil {
			t.Fatalf("ParseAddress(%q): %v", tt.in, err)
		}
		if got := a.Confusable(); (got != "") != tt.confusable {
			t.Errorf("Confusable(%q) = %q, want confusable=%v", tt.in, got, tt.confusable)
		}
		r, ok := a.NonASCII()
		if ok != (tt.nonASCII != 0) || r != tt.nonASCII {
			t.Errorf("NonASCII(%q) = %U, %v; want %U", tt.in, r, ok, tt.nonASCII)
		}
	}
	if !DomainMatches("lists.b\u00fccher.de", "xn--bcher-kva.de") || !DomainMatches("xn--bcher-kva.de", "@B\u00dcCHER.de") {
		t.Errorf("DomainMatches does not see one domain in its two spellings")
	}
}

func TestHandleKey(t *testing.T) {
	for in, want := range map[string]string{
		"amara-okafor": "amara-okafor", "AMARA-OKAFOR": "amara-okafor", "@Amara-Okafor": "amara-okafor", " @amara ": "amara",
	} {
		if got := HandleKey(in); got != want {
			t.Errorf("HandleKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCharacterRules(t *testing.T) {
	tests := []struct {
		check func(string) error
		in    string
		ok    bool
	}{
		{CheckName, "security-reports", true},
		{CheckName, "a.b_c-9", true},
		{CheckName, "9lives", true},
		{CheckName, strings.Repeat("a", 64), true},
		{CheckName, strings.Repeat("a", 65), false},
		{CheckName, "", false},
		{CheckName, "-x", false},
		{CheckName, ".x", false},
		{CheckName, "_x", false},
		{CheckName, "a b", false},
		{CheckName, "a\nb", false},
		{CheckName, "a\x1b[31m", false},
		{CheckName, "a|b", false},
		{CheckName, "a`b", false},
		{CheckName, "a::b", false},
		{CheckName, "caf\u00e9", false},
		{CheckHandle, "grace-example", true},
		{CheckHandle, "@grace-example", true},
		{CheckHandle, "G", true},
		{CheckHandle, strings.Repeat("a", 39), true},
		{CheckHandle, strings.Repeat("a", 40), false},
		{CheckHandle, "", false},
		{CheckHandle, "@", false},
		{CheckHandle, "@@grace", false},
		{CheckHandle, "-grace", false},
		{CheckHandle, "grace-", false},
		{CheckHandle, "gr--ace", false},
		// An Enterprise Managed User: the handle, '_', the short code.
		{CheckHandle, "gr_ace", true},
		{CheckHandle, "grace-example_acme", true},
		{CheckHandle, "_acme", false},
		{CheckHandle, "grace_", false},
		{CheckHandle, "grace__acme", false},
		{CheckHandle, "grace_ac-me", false},
		{CheckHandle, "grace_a_b", false},
		{CheckHandle, "grace-_acme", false},
		{CheckHandle, strings.Repeat("a", 34) + "_acme", true},
		{CheckHandle, strings.Repeat("a", 35) + "_acme", false},
		{CheckHandle, "grace example", false},
		{CheckHandle, "grace\n", false},
		{CheckVetter, "grace-example", true},
		{CheckVetter, "@grace-example", true},
		{CheckVetter, "grace@example.org", true},
		{CheckVetter, "import", true},
		{CheckVetter, "j\u00fcrgen@example.org", true},
		{CheckVetter, "p\u0430ypal@example.org", false}, // confusable
		{CheckVetter, "Grace <grace@example.org>", false},
		{CheckVetter, "grace@example", false},
		{CheckVetter, "grace example", false},
		{CheckVetter, "", false},
		{CheckVetter, "::error::x", false},
		// Before the '@', nothing markdown, HTML or workflow commands
		// read, which RFC 5322 allows there; letters of every script,
		// with their combining marks, and the rest of RFC 5322's set stay.
		{CheckVetter, "o'brien+sec@example.org", true},
		{CheckVetter, "first_last-2@example.org", true},
		{CheckVetter, "\u0926\u0940\u092a\u0915@example.org", true}, // दीपक, a vowel sign
		{CheckVetter, "jose\u0301@example.org", true},               // josé decomposed
		{CheckVetter, "a=b/c{d}^e$f?g@example.org", true},
		{CheckVetter, "a%0Ab@example.org", false},
		{CheckVetter, "a&amp;b@example.org", false},
		{CheckVetter, "p|q`r*s_t~~u~~#1=$x$!@example.org", false},
		{CheckVetter, "a|b@example.org", false},
		{CheckVetter, "a`b@example.org", false},
		{CheckVetter, "a*b@example.org", false},
	}
	for _, tt := range tests {
		if err := tt.check(tt.in); (err == nil) != tt.ok {
			t.Errorf("check(%q) = %v, want ok=%v", tt.in, err, tt.ok)
		}
	}
}

// TestADomainLabelIsComposedButKeepsItsLookAlikes: a domain label typed
// decomposed ("I" and a combining dot above) has the composed spelling's
// identity (the look-alike 'İ', kept as written), while a label that
// holds a look-alike already (the Kelvin sign) is not composed into the
// ASCII letter it imitates.
func TestADomainLabelIsComposedButKeepsItsLookAlikes(t *testing.T) {
	if a, b := IdentityOf("x@0.I\u0307o"), IdentityOf("x@0.\u0130o"); a != b {
		t.Errorf("decomposed %q, composed %q", a, b)
	}
	if id := IdentityOf("x@shar\u212Alasers.com"); id == "x@sharklasers.com" {
		t.Errorf("the Kelvin sign took the identity of the K it imitates: %q", id)
	}
}

// TestLettersThatReadAsOthers: letters drawn like one or two Latin
// letters or a digit, and marks a reader does not see, read alike in
// Skeleton, so validate and the edits refuse the pair (with
// allow_non_ascii, where such letters are otherwise allowed).
func TestLettersThatReadAsOthers(t *testing.T) {
	for _, tt := range []struct{ lookAlike, imitated string }{
		{"ann@STRA\u1e9eE.de", "ann@strasse.de"},       // capital sharp s: IDNA's ss
		{"ann@stra\ua7b5e.de", "ann@strasse.de"},       // Latin beta, drawn as ß
		{"he\u01c1o@example.org", "hello@example.org"}, // dental click pair: ll
		{"\u01c0inda@example.org", "linda@example.org"},
		{"\u0196inda@example.org", "linda@example.org"},
		{"al\u0131\u0307ce@example.org", "alice@example.org"}, // dotless ı with a dot
		{"ali\u0307ce@example.org", "alice@example.org"},      // i with a second dot
		{"ann\u0223@example.org", "ann8@example.org"},
		{"ann\u0292@example.org", "ann3@example.org"},
		{"ann\u01a8@example.org", "ann2@example.org"},
		{"gr\u0263ce@example.org", "gryce@example.org"},
	} {
		if !ReadsAlike(tt.lookAlike, tt.imitated) {
			t.Errorf("%q and %q do not read alike: Skeletons %q and %q", tt.lookAlike, tt.imitated, Skeleton(tt.lookAlike), Skeleton(tt.imitated))
		}
	}
	if ReadsAlike("zo\u00eb@example.org", "zoe@example.org") {
		t.Error("a letter with a diacritic of its own reads as the plain one")
	}
}
