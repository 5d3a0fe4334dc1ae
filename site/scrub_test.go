package site

import (
	"html/template"
	"strings"
	"testing"
)

func TestScrub(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"ada@example.org",
		"ADA@EXAMPLE.ORG",
		"<ada@example.org>",
		"ada＠example.org",
		"ada﹫example.org",
		"ada&#64;example.org",
		"ada&#x40;example.org",
		"ada&commat;example.org",
		"ada%40example.org",
		`ada\u0040example.org`,
		"mailto:ada@example.org?subject=hi",
		"x@localhost",
		"@example.org",
		"a.b+c@sub.example.co.uk,",
		// Written to get past a search for an address.
		"ada[@]example.org", "ada (@) example.org", "ada{@}example.org", "ada<@>example.org", `ada"@"example.org`,
		"ada'@'example.org", "ada`@`example.org", "ada @ example.org", "ada[at]example.org", "ada (at) example.org",
		"ada@example。org", "ada@example．org", "ada[at]example[dot]org", "ada&amp;#64;example.org", "ada%2540example.org",
		`ada\100example.org`, `ada\u{40}example.org`,
		"ada[at]example[.]org", "ada (at) example (.) org", "ada[@]example[.]org", "ada @ example [.] org",
		"ada\u00a0(at)\u00a0example.org", "ada\u3000(at)\u3000example.org", "ada（at）example．org", "ada(ＡＴ)example.org",
		"ada«at»example.org", "ada【at】example.org", "ada|at|example.org", "ada/at/example.org", "ada*at*example.org",
		"ada@example﹒org", "ada@example․org", "ada(at)example·org", "ada at example dot org",
		"ada(arroba)example.org", "ada(chez)example.org", "ada(at)[192.0.2.1]", "ada(a\u200dt)example.org",
		"ada[at]example\u200d[dot]org", "jose\u0301(at)example.org", "ada(at)bu\u0308cher.example",
		"\"a b\"@example.org", "(ada)@example.org", "ada@[192.0.2.1]",
		// A quoted or commented local part, its domain's dots in another
		// form: browsers read U+FF0E, U+3002 and U+FF61 as dots.
		"\"ada\"@example．org", "(ada)@example｡org", "(ada)@example。org", "ada ＠ example.org", "ada＠ example．org",
		"\"ada\"＠example﹒org", "(ada)@example․org",
	} {
		got := scrub("see " + s + " now")
		if !strings.Contains(got, hidden) || findAddress([]byte(got)) != nil || strings.Contains(got, "ada") {
			t.Errorf("scrub(%q) = %q", "see "+s+" now", got)
		}
	}
	// A mention of a GitHub account is not an address.
	if got := scrub("ask @ada-example, or @grace"); got != "ask @ada-example, or @grace" {
		t.Errorf("a @handle mention was scrubbed: %q", got)
	}
	// Words that only look like the spellings are kept.
	for _, s := range []string{
		"Engineer at Example Corp.", "Security team (at large)", "email me", "R&D @ HQ", "Engineer @ Example Corp.",
		"Research @ 3M", "Maintainer, @ada-x.", "Visiting researcher [at] Univ. Oxford", "Fellow 'at' M.I.T.",
		"Lab (at) St. Mary's", "ACME (at) 3.5 FTE", "AT&T", "C++", "100% remote", "Example GmbH & Co. KG",
		"علی\u200cرضا", "👩\u200d🔬",
	} {
		if got := scrub(s); got != s {
			t.Errorf("scrub(%q) = %q", s, got)
		}
	}
}

func TestFindAddress(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"ada@example.org",
		"<td>ADA@EXAMPLE.ORG</td>",
		"ada＠example.org",
		"ada﹫example.org",
		"ada&#64;example.org",
		"ada&#064example.org",
		"ada&#x40;example.org",
		"ada&#X0040;example.org",
		"ada&commat;example.org",
		"ada%40example.org",
		`ada\u0040example.org`,
		`ada\x40example.org`,
		"@example.org",
		"x.y+z@sub.example.co.uk",
		"@example．org", "@example。org", "@example｡org", "@example﹒org",
	} {
		if findAddress([]byte(s)) == nil {
			t.Errorf("findAddress(%q) found nothing", s)
		}
	}
	for _, s := range []string{
		"@media (prefers-color-scheme: dark)",
		"ask @ada-example",
		"ada@localhost",
		"ada&#640;example.org",
		"50% 40 users",
		"&amp;#64;",
		"[address hidden]",
	} {
		if loc := findAddress([]byte(s)); loc != nil {
			t.Errorf("findAddress(%q) = %q", s, s[loc[0]:loc[1]])
		}
	}
}

// FuzzScrub checks that no text, scrubbed and then escaped as the
// templates escape it, still holds something the public check refuses.
func FuzzScrub(f *testing.F) {
	for _, s := range []string{
		"ada@example.org", "Ada <ada@example.org>", "ada＠example.org", "ada&#64;example.org",
		"mailto:ada@example.org?cc=b%40example.org", "ask @ada-example", "@example.org", `ada\u0040example.org`,
		"a'@b.org", "x@y.z@w.org", "(ada@example.org)", "\u023a \u023a \u023a a t x", "e r i n a t e x a m p l e . o r g",
		"j o a t e x a m p l e d o t o r g", "s e c @ e x a m p l e d o t o r g", "jo at example.o.r.g", "\u023a d o t \u023a \u023a",
		"Jo At Example Dot Com", "chen at the rate example dot com", "dana at example dotcom", "jo_at_example_dotcom",
		"jo \u30a2\u30c3\u30c8 example \u30c9\u30c3\u30c8 com", "jo at example\u00b0com", "jo \u0430\u20dd example.com",
		"Works at Dot Com Ventures", "iOS at Dotcom Ltd",
		// Addresses by their shape, and half of one a page's next word
		// completes.
		"jane bei othercorp punkt de", "jane (a)(t) othercorp (d)(o)(t) com", "jane ⊕ othercorp . com", "jane @ othercorp",
		"jane_at_othercorp_dawt_com", "jane-bei-othercorp-punkt-de", "ask ops at example dot", "jane (at) othercorp (dot)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// The whole field's reading, too: it must never panic, and what
		// it keeps must pass the page's check.
		if kept := hideField(s); kept != hidden {
			if loc := findAddress([]byte(template.HTMLEscapeString(kept))); loc != nil {
				t.Fatalf("hideField(%q) = %q, which holds an address", s, kept)
			}
			// Nor does the page check's reading of words find one in
			// it: what a field shows must not fail a build.
			if loc := wordsAddress.FindStringIndex(dropInvisible(kept)); loc != nil {
				t.Fatalf("hideField(%q) = %q, in which the page check finds %q", s, kept, kept[loc[0]:loc[1]])
			}
		}
		out := scrub(s)
		for _, form := range []string{out, template.HTMLEscapeString(out)} {
			if loc := findAddress([]byte(form)); loc != nil {
				t.Fatalf("scrub(%q) = %q, which holds %q", s, out, form[loc[0]:loc[1]])
			}
		}
		if strings.Contains(s, "@") && !strings.Contains(out, "@") && !strings.Contains(out, hidden) {
			t.Fatalf("scrub(%q) = %q lost an '@' without saying so", s, out)
		}
	})
}

// TestHideFieldReadsWhatASpellingSpells: spellings scrub's patterns do
// not know (spaced words and letters, look-alike letters, full-width
// words, layered encodings of the full-width sign) still spell an
// address to a reader: the field is hidden whole. Words that only look
// like them stay.
func TestHideFieldReadsWhatASpellingSpells(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"alice at example.org", "alice at example [dot] org", "bob @ example . org", "alice @ example .org",
		"e r i n @ e x a m p l e . o r g", "carol \u0430t example dot org", "dave ａｔ example ｄｏｔ org",
		"carol&#xFF20;example.org", "carol&#65312;example.org", "carol&#xFE6B;example.org", "dave%EF%BC%A0example.org",
		`erin\uFF20example.org`, `erin\40 example.org`, `erin\000040example.org`, "alice％40example.org",
		"alice&amp;amp;#64;example.org", "ali\u00adce at exam\u200bple dot org", "ALICE AT EXAMPLE DOT ORG",
		"alice at example.co.uk", "alice (at) [192.0.2.1]",
		// Capital look-alikes, other scripts' letters, blanks that are
		// no space to Go, dots of other scripts, circled a's, any
		// brackets or separators around the words.
		"security \u0391\u03a4 example.org", "alice \u0410\u0422 example.org", "ALICE \u0391\u03a4 EXAMPLE.ORG",
		"alice \u13aa\u13a2 example.org", "alice \u1d00\u1d1b example.org", "alice\u2800at\u2800example.org",
		"alice at example\ua4f8org", "alice at example\u2022org", "alice at example\u2027org", "alice at example\u22c5org",
		"alice at example\u30fborg", "alice at example\u06d4org", "alice\u24d0example.org", "alice \u24b6 example.org",
		"alice\u249cexample.org", "alice \U0001f150 example.org", "e r i n  a t  e x a m p l e . o r g", "erin a t example.org",
		"alice(@example).org", "alice -at- example.org", "alice \u2039at\u203a example.org", "alice \u300cat\u300d example.org",
		"alice at example [.] org", "alice _at_ example.org", "alice at example \u2039dot\u203a org", "alice_at_example.org",
		"alice #at# example.org", "alice ~at~ example.org", "alice \u27e8at\u27e9 example.org", "alice at example d\u0585t org",
		"ALICE AT EXAMPLE D\u041eT ORG", "alice\u1680at\u1680example.org", "alice \ua4ee\ua4d4 example.org",
		"alice at example. org",
		// A provider's name without its ending, or the rest of the
		// address in the field beside; "@t" and "at sign" for the sign;
		// tabs as a terminal escapes them.
		"leak80 @ gmail", "carol.jones @ gmail", "write to carol at protonmail", "carol @ Proton", "bobsmith1987 @",
		"leak56 @t example.org", "leak30 at sign example.org", "leak31 at-symbol example.org", `leak51 at\texample\tdot\torg`,
		"dana [at] gmail", "write to amara (at) gmail", "chen @ live", "write to carol at gmail.", "carol at gmx", "carol (at) yahoo",
		"alice at example Dot org", "alice at example Punkt org", "alice @ example com", "alice @example com", `alice at example\.org`,
		"alice at example\u2026org", "alice at example\u2025org", "alice at example..org", "alice at example\u2e30org",
		// Words run together in capitals, a zero for the o, the words
		// other languages spell the signs with.
		"aliceATexampleDOTorg", "aliceAtexampleDotorg", "alice at example d0t org", "alice [at] example [D0T] org",
		"alice собака example точка org", "alice СОБАКА example.org", "alice małpa example kropka org",
		"alice chiocciola example punto it", "alice kukac example pont hu", "alice snabel-a example punkt se",
		"alice klammeraffe example.de", "alice zavináč example tečka cz", "alice apenstaartje example punt nl",
		// Letters spaced out in one label only; the rest of an address
		// a space away from the part scrub replaced.
		"jo at example.o r g", "jo at example.d o t.org", "jo at example dot o r g", "cat@ example .org",
		"jo@ example .org", "jo＠ example .org", "jo@example .o r g",
		// Dots around the words, as around any other separator, a
		// backslash too; an 'a' in brackets for the sign.
		"jo.at.example.dot.org", "jo.AT.example.DOT.org", "jo.at.example.org", "jo at example punkt.org",
		"jo at example dot.org", `jo\at\example\dot\org`, "jo(a)example.org", "jo (a) example.org", "jo[a]example.org",
		"jo {a} example.org", "jo[A]example[dot]org", "carol (a) gmail",
		// Other words for the dot.
		"jo at example period org", "jo at example dt org", "jo at example full stop org", "jo at example fullstop org",
		"jo at example d.o.t org", "jo at example [period] org", "jo AT example PERIOD org", "jo at example-period-org",
		"jo at example DT org", "jo at mail period example period org", "jo at example period co period uk",
		"jo+at+example+period+org", "jo/at/example/dt/org", "jo\\at\\example\\period\\org",
		// Letters spaced out, the dot word among them; a spaced '@'
		// before a dot word of another language.
		"s e c @ e x a m p l e d o t o r g", "j o a t e x a m p l e d o t o r g", "jo at example d o t o r g",
		"jo at e x a m p l e d o t o r g", "S E C @ E X A M P L E D O T O R G", "s e c @ e x a m p l e",
		"jo @ example nokta com", "jo @ example 点 com", "jo @ example 點 com",
		// The dot word in any case but title case; "at" dotted or
		// hyphenated; a dotted ending.
		"jo at example DoT org", "jo at example dOT org", "jo at example doT org", "jo at example PuNkT org",
		"jo a.t example.org", "jo A.T. example.org", "jo a-t example.org", "jo a_t example.org", "jo A.T. example DOT org",
		"jo at example.o.r.g", "jo at example dot o.r.g", "jo @ example.o.r.g", "jo at mail.example.c.o.m",
		// An ending of two letters spaced or joined by a sign.
		"jane.doe at zorbix dot i o", "jane at zorbix dot d e", "jane at zorbix dot I O", "jane.doe (at) zorbix (dot) i o",
		"jane.doe at zorbix dot i_o", "jane.doe at zorbix.u k", "jane.doe at zorbix dot u-k",
		"jane.doe at zorbix dot I.O.", "jane.doe at zorbix dot i. o", "jane.doe at zorbix dot i, o", "jane.doe at zorbix dot i/o",
		"jane.doe at zorbix dot i+o", "jane.doe at zorbix dot i~o", "jane.doe at zorbix dot C. O. M.", "jane.doe at zorbix dot c/o/m",
		// The domain first, then a route's sign.
		"zorbix.io!jane.doe", "zorbix.io ! jane.doe", "zorbix.io%jane.doe",
		"gmail.com % jdoe1", "gmail.com!jdoe1",
		// Words of other languages, and their Latin spellings.
		"jo arobase example point org", "jo ät example punkt de", "jo sobaka example tochka ru", "jo ÄT example PUNKT de",
		// Other bullets for the dot.
		"jo at example\u25cforg", "jo at example\u25e6org", "jo at example\u2218org", "jo at example \u25cf org",
		// Accents on the words, composed or not; an 'a' in a combining
		// circle; more words and more dots.
		"m1 a\u0301t example.org", "m1 at example do\u0308t org", "jo \u00e0t example.org", "jo at example d\u00f8t org",
		"m2 a\u20dd example.org", "jo arroba example ponto org", "m3 at example punct ro", "jo at example punktum dk",
		"jo at example titik id", "jo krøllalfa example punktum no", "jo at example\u318dorg", "jo at example\u0660org",
		"jo at example\u16ebborg", "jo at example\u2981org", "jo at example\u25aaorg", "jo \uff20 example.org",
		// Title case, "Dot Com" too; "at the rate" as Indian English
		// says it, in Hindi too; the ending run into the dot word.
		"Jo At Example Dot Com", "jo at example Dot Com", "JO AT EXAMPLE DOT COM", "Jo At Example Dot Org",
		"chen at the rate example dot com", "chen atTheRate example dot com", "chen attherate example dot com",
		"chen at-the-rate example.com", "chen \u090f\u091f \u0926 \u0930\u0947\u091f example \u0921\u0949\u091f \u0915\u0949\u092e",
		"chen \u090f\u091f example.com", "dana at example dotcom", "dana at example dotorg", "dana at example dotnet",
		"dana at example DotCom", "dana at example DOTCOM", "dana at exampledotcom", "dana at ExampleDotCom",
		// Other languages' words, in scripts with and without spaces.
		"jo \u30a2\u30c3\u30c8 example \u30c9\u30c3\u30c8 com", "jo\u30a2\u30c3\u30c8example\u30c9\u30c3\u30c8com",
		"jo \u30a2\u30c3\u30c8 example \u30c9\u30c3\u30c8\u30b3\u30e0", "jo \uc573 example \ub2f7 com", "jo \uc573 example \ub2f7\ucef4",
		"jo \u0e41\u0e2d\u0e17 example \u0e14\u0e2d\u0e17 com", "jo\u0e41\u0e2d\u0e17example\u0e14\u0e2d\u0e17\u0e04\u0e2d\u0e21",
		"jo at example \u05e0\u05e7\u05d5\u05d3\u05d4 com", "jo eta example ta\u0161kas lt", "jo eta example taskas lt",
		"jo \u0441\u043e\u0431\u0430\u043a\u0430 example \u0442\u043e\u0447\u043a\u0430 \u043a\u043e\u043c",
		// Dot-like signs.
		"jo at example\u00b0com", "jo at example\u25c9com", "jo at example\u2b58com", "jo at example\u25abcom", "jo at example\u2056com",
		"jo at example\U00010101com", "jo at example\u0f0bcom", "jo at example\u10fbcom", "jo at example\ua4fecom",
		// An 'a' of any script in an enclosing mark, the APL alpha, a
		// raised 'a'.
		"jo \u0430\u20dd example.com", "jo \u03b1\u20dd example.com", "jo a\u20df example.com", "jo A\u20df example.com",
		"jo\u237aexample.com", "jo \u237a example.com", "jo\u1d43example.com",
		// Ids: words joined by underscores and hyphens, in any case.
		"jo_at_example_dotcom", "Jo-At-Example-Dot-Com", "jo-at-example-dotcom", "Jo_At_Example_Dot_Com", "jo_at_example_dot_com",
		"JO_AT_EXAMPLE_DOT_COM", "jo-at-example-Dot-Com",
		// Circles, white, coloured and ideographic; other scripts' full
		// stops (any punctuation inside a word); more words for the dot;
		// a quoted dot; a provider's domain beside a mailbox's local
		// part; quoted-printable's '@' set apart.
		"jo at example\u25cbcom", "jo at example\u3007com", "jo at example\U0001f7e0com", "jo at example\U0001f7e1com",
		"jo at example\U0001f7e2com", "jo at example\U0001f7e3com", "jo at example\U0001f7e4com", "jo at example\u26aacom",
		"jo at example\u26abcom", "jo at example\u0964com", "jo at example\u166ecom", "jo at example\ua4ffcom",
		"jo at example punkto com", "jo at example tuldok com", "jo at example \u201c.\u201d com", "jo at example \".\" com",
		"jo at example \u00ab.\u00bb com", "jo at example '.' com", "reporter jane.doe (gmail.com)", "jane.doe on gmail.com",
		"jdoe84 on gmail.com", "jane.doe [proton.me]", "jane.doe =40 example.com", "jane.doe =2E example =40 example.com",
	} {
		// Nothing of the address is left: the field is hidden whole, or
		// all but its first word.
		got := hideField("Maintainer; " + s)
		if got != hidden && got != "Maintainer; "+hidden {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
	for _, s := range []string{
		"Engineer at Example Corp.", "Security team (at large)", "R&D @ HQ", "Engineer @ Example Corp.",
		"Research @ 3M", "Maintainer, @ada-x.", "Visiting researcher [at] Univ. Oxford", "Fellow 'at' M.I.T.",
		"Lab (at) St. Mary's", "ACME (at) 3.5 FTE", "AT&T", "Example GmbH & Co. KG", "Ada Lovelace", "J. R. R. Tolkien",
		"Dot Matrix at Foo", "Kate Attwood", "Chat at 3 p.m.",
		// A link's fragment after a host, a note after a '#'.
		"Docs: roster.dev#install.linux", "See python.org#os.path", "kernel.org # linux.stable maintainer",
		// Names with "Point" or "Dot" in them, a Catalan l·l, a
		// project named like a domain.
		"Engineer at Check Point Software Technologies Ltd.", "Engineer at Tipping Point Security", "Engineer at Acme (Point Loma)",
		"Researcher at Col\u00b7legi d'Enginyers de Catalunya", "Engineer at Blue Dot Security", "Scientist at Red Dot Labs",
		"Maintainer at Node.js", "Core dev at Vue.js", "Red Hat", "Google LLC", "University of Cambridge", "SRE, example.com",
		"A. T. Kearney", "Engineer at S.H.I.E.L.D.", "Ingénieur chez Société Générale",
		// Working at a company that also makes mail is no address.
		"Engineer at Yahoo", "Engineer at Proton AG", "SRE at Zoho", "Engineer at Outlook team", "Speaker at live events",
		"@t-rex", "Acme @ Tokyo", "PM @ PM Group", "Product @ 126 Design", "Engineer at Hey", "Engineer at Yahoo Japan", "Lead @ Atlassian",
		"Dot Matrix at Foo Corp", "Scientist at Red Dot Labs", "Wait... what", "Engineer at Acme\u2026", "Kat @ home",
		// Letters whose lower case is longer than they are.
		"\u023a \u023a \u023a \u023a \u023a \u023a a t x", "\u023f \u023a \u023a \u023a a t b",
		"Собака Labs", "Точка Security", "Punt Engineering", "MacDonald", "DataAtlas", "iOS at Dotcom Ltd",
		// Abbreviations' dots around "at", an "(a)" that is a word.
		"Dept. of C.S. at Univ.", "Co-founder at St. Louis Labs", "Engineer at A.I. Corp", "Member of (a) team",
		"Prof. at U.C. Berkeley", "Consultant at A.T. Kearney", "Analyst at J.P. Morgan Chase", "Lab at Univ. of Ill.",
		"Fellow at St. John's Coll. Oxford", "Researcher at Inst. of Tech. Dept. of Math", "Section (a) and (b)",
		"Team (A) lead", "Plan (a) or (b)", "J. R. R. Tolkien at Oxford",
		// The other words for a dot as words.
		"Engineer at Period Labs", "Engineer at DT Labs", "Engineer at Acme DT Labs", "Engineer at Deutsche Telekom (DT)",
		"Postdoc at MIT period of 2020", "Engineer at Full Stop Design", "Engineer at Acme, full stop.",
		"Engineer at T-Mobile US", "Dev at Polka Dot Labs",
		// Spaced letters, dotted letters and the new words as words.
		"D o t t i e Smith", "A n e c d o t e Labs", "Engineer at A.T. Kearney", "Lab at M.I.T.", "Kat @ home",
		"Engineer ● Acme", "Point ◦ Counterpoint", "Nokta Design", "Engineer at Arobase", "Sobaka Studio",
		// A company named like a provider, with more words; names with
		// letters the skeleton folds; the new words as names.
		"Engineer @ Live Nation", "Engineer @ Proton AG", "Engineer @ Yahoo Japan", "Dev @ Outlook team",
		"Søren Kierkegaard", "Ponto Design", "Arroba Studio", "Engineer at Pika Labs", "Engineer at Punktum AS", "José García at Acme",
		// Names with the words the reading learnt: a dot word in title
		// case before no domain, "Dotcom" as a name, "eta" and "ETA",
		// katakana words that start with "アット", a list's description
		// naming its domain.
		"Works at Dot Com Ventures", "Engineer at Dot Com Ventures", "iOS at Dotcom Ltd", "Dotcom Ltd", "Check Point",
		"Blue Dot Security", "Engineer at Blue Dot Security", "Postdoc at MIT", "Beta testers", "ETA Systems", "Zeta eta theta",
		"\u30a2\u30c3\u30c8\u30db\u30fc\u30e0", "Security reports for example.org", "Anecdote Labs",
		"Engineer at 360\u00b0 Labs", "Team \u03b1", "Chen at the rate desk",
		// A word after a company's name that is also a domain's ending:
		// "de" is "of", a country's code names a branch, "Gov" and "Dev"
		// are words; after an abbreviation's dot too.
		"Researcher at Universidad de Chile", "Professor at Universit\u00e9 de Montr\u00e9al", "Engineer at Banco de Espa\u00f1a",
		"Analyst at Deloitte UK", "Engineer at Yandex RU", "Analyst at UK Gov", "Dev at Acme Dev", "Researcher at Univ. de Chile",
		// "-at-" in a handle before no domain's ending.
		"cat-at-home", "look-at-me", "standup-at-9-pm", "coder-at-heart",
		// A project or an employer in brackets or after "on", no
		// provider's; signs written inside words; a number after '='.
		"Dev on Node.js", "Ana (gmail.com)", "Lead (example.org)", "Engineer at \u05d1\u05e2\u05f4\u05de",
		"Researcher at \u05ea\u05f4\u05d0-\u05d9\u05e4\u05d5", "Engineer at \u12a2\u1275\u12ee\u1361\u1274\u120c\u12ae\u121d", "x = 40 items", "size=40 items",
	} {
		// A lone '@' shows as the word (loneAtSign).
		if got := hideField(s); got != strings.ReplaceAll(s, " @ ", " at ") {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
}

// TestHideFieldReadsLettersDrawnAsSigns: modifier and click letters
// drawn as quotes and bars around "at" and "dot", or glued to an
// address's ends, are signs to a reader; a name written with them stays.
func TestHideFieldReadsLettersDrawnAsSigns(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"\u02bbdana.whitfield\u02bb \u02bbat\u02bb \u02bbexample.org\u02bb", "\u01c0bjorn.halvorsen\u01c0at\u01c0example.org\u01c0",
		"jane.doe\u01c0at\u01c0gmail.com", "jane.doe \u02bbat\u02bb gmail.com", "jane.doe \u02bbat\u02bb gmail \u02bbdot\u02bb com",
		"\u01c0dana.whitfield\u01c0 \u01c0at\u01c0 \u01c0example.org\u01c0", "jane.doe\u02b9at\u02b9gmail.com", "jane.doe\u02c8at\u02c8gmail.com",
		"jane.doe\u01c1at\u01c1gmail.com", "jane.doe\u01c2at\u01c2gmail.com", "jane.doe\u01c3at\u01c3gmail.com", "jane.doe\ua78cat\ua78cgmail.com",
		"jane.doe\u0640at\u0640gmail.com", "jane.doe\u30fcat\u30fcgmail.com", "jane.doe at gmail\u02d1com", "jane.doe \u02bcat\u02bc gmail",
	} {
		if got := hideField(s); got != hidden {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
	for _, s := range []string{"Hawai\u02bbi Institute", "\u01c3Kung San Council", "Ta\u02bcizz Univ.", "\u30db\u30fc\u30e0 at \u30db\u30fc\u30e0"} {
		if got := hideField(s); got != s {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
}

// TestFindWordsAddressReadsAPageOnce: the page check's last look reads
// a page of "x at " over and over not at all (no ending follows), and
// one of "x at dot com " about twice, not once for each "at"; and finds
// an address in them wherever it is.
func TestFindWordsAddressReadsAPageOnce(t *testing.T) {
	// Long, and independent of the rest: run beside them.
	t.Parallel()
	for _, n := range []int{1000, 5000} {
		page := []byte(strings.Repeat("x at ", n))
		if loc, read := scanWordsAddress(page); loc != nil || read != 0 {
			t.Errorf("%d times: found %v, read %d bytes of %d", n, loc, read, len(page))
		}
		// Endings that a dot word may end: read, each place once.
		com := []byte(strings.Repeat("x at dot com ", n))
		if loc, read := scanWordsAddress(com); loc != nil || read > 3*len(com)+4096 {
			t.Errorf("%d times dot com: found %v, read %d bytes of %d", n, loc, read, len(com))
		}
		for _, at := range []int{0, 3, len(page) / 2, len(page) - 7} {
			p := string(page[:at]) + " jo at example dot com " + string(page[at:])
			if loc := findWordsAddress([]byte(p)); loc == nil || !strings.Contains(p[loc[0]:loc[1]], "jo at example dot com") {
				t.Errorf("%d times, the address at %d: found %v", n, at, loc)
			}
		}
	}
}

// BenchmarkFindWordsAddress reads pages of 20,000 times "x at ", "x at
// com " and "x at dot com ".
func BenchmarkFindWordsAddress(b *testing.B) {
	for _, unit := range []string{"x at ", "x at com ", "x at dot com "} {
		page := []byte(strings.Repeat(unit, 20000))
		b.Run(strings.TrimSpace(unit), func(b *testing.B) {
			for range b.N {
				findWordsAddress(page)
			}
		})
	}
}

// TestHideFieldReadsQuotedAndMarkedSigns: quoted-printable signs, the
// "%u" escapes of JavaScript's escape() and the "at mark" of Japanese
// English spell an address; a number after '=' and a name with "Mark"
// do not.
func TestHideFieldReadsQuotedAndMarkedSigns(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"hana.kim=40gmail.com", "jane.doe=40gmail=2Ecom", "jane.doe%u0040gmail.com", "jane.doe%U0040gmail%u002Ecom",
		"jane.doe atmark gmail.com", "jane.doe at-mark gmail.com", "jane.doe (at-mark) gmail.com", "personal: gita.rao atmark gmail.com",
		"jane.doe&atmark;gmail.com", "jane.doe at_mark gmail dot com", "jane.doe ATMARK gmail.com",
		"jane.doeATgmail.com", "jane.doe atgmail.com", "jane.doe ATgmail.com", "jo-at-hotmail.com",
	} {
		if got := hideField(s); got != hidden {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
	for _, s := range []string{"x=40 y=2E z", "width=40%", "a=40", "Engineer at Mark Logic", "Batmark Studios", "%u0000",
		"SeATtle Labs", "CATalyst.io", "Batgmail Inc"} {
		if got := hideField(s); got != s {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
}

// TestInvisiblesAreDroppedBeforeReading: a code point that shows as
// nothing (a variation selector of either block, a tag character, a
// joiner, a soft hyphen ...) between an 'a' and the circle drawn around
// it, or inside a word, hides nothing from the field's reading, as the
// page shows it (pageText escapes some of them); and the page check
// reads what a reader sees the same way.
func TestInvisiblesAreDroppedBeforeReading(t *testing.T) {
	t.Parallel()
	for _, inv := range []string{"\ufe00", "\ufe01", "\ufe0e", "\ufe0f", "\U000e0100", "\U000e01ef", "\U000e0061", "\U000e007f",
		"\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u034f", "\u180b", "\u180e", "\U0001bca0", "\u17b4", "\u2066"} {
		for _, s := range []string{"dana.whitfield a" + inv + "\u20dd example.org", "jo a" + inv + inv + "\u20dd example.org",
			"jo a" + inv + "t example.org", "jo a" + inv + "\u20dd" + inv + " example.com"} {
			if got := hideField(pageText(s)); got != hidden {
				t.Errorf("hideField(%q) = %q", pageText(s), got)
			}
		}
		if got := dropInvisible("jo a" + inv + "\u20dd example dot com"); got != "jo a\u20dd example dot com" {
			t.Errorf("dropInvisible kept %q: %q", inv, got)
		}
	}
	// What shows as a blank stays one; a name keeps its joiners.
	if got := dropInvisible("jo\u3164at\u3164example"); got != "jo at example" {
		t.Errorf("dropInvisible(fillers) = %q", got)
	}
	for _, s := range []string{"👩\u200d🔬 Lab", "علی\u200cرضا", "❤\ufe0f Team"} {
		if got := hideField(pageText(s)); got != pageText(s) {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
}

// TestHideFieldReadsPlusCodesOctalAndAtThe: the '@' written as its code
// after a '+' ("+40", "U+0040", UTF-7's "+AEA-") or as an octal escape
// with a leading zero ("\0100"), and "at the" before a domain ("jo at
// the gmail.com domain"), spell an address; a telephone number, "at the"
// before no domain, and CSS's escapes read as hexadecimal do not.
func TestHideFieldReadsPlusCodesOctalAndAtThe(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"jo+40example.org", "jo +40 example.org", "jo U+0040 example.org", "jo u+40example.org", "jo+AEA-example.org",
		"jo+40example+2Eorg", `jo\0100example.org`, `jo\0100example\056org`, `jo\00100example.org`, `jo \0100 example.org`,
		"jo at the gmail.com domain", "jo at the example.org domain", "jo at the domain example.org", "jo at domain example.org",
		"dana.whitfield at the gmail.com domain", "jo AT THE example.org domain", "jo_at_the_example_dot_org",
	} {
		got := hideField("Maintainer; " + s)
		if got != hidden && got != "Maintainer; "+hidden {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
	for _, s := range []string{
		"Call +40 721 000 000", "Bucharest office, +40", "Romania (+40)", "x+40 y", "+402 Labs", "Engineer at the University of Oxford",
		"Researcher at the M.I.T.", "Lab at the Univ. of Ill.", "Chen at the rate desk", "Engineer at the host company", "At the domain level",
		`C:\0100 files`,
	} {
		if got := hideField(s); got != s {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
}
