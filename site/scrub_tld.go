package site

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// The endings an address spelled out by its shape (findShape) may end
// in: real top-level domains, not a guess at what looks like one. A
// word is an ending only in lower case or in capitals: in title case it
// is a name ("Analyst at UK Gov", "Dot Com Ventures").

// countryTLDs are the two-letter country codes that are top-level
// domains, every one of them.
const countryTLDs = "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo bq br bs bt bv bw by bz " +
	"ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr " +
	"ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp " +
	"ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz " +
	"na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw " +
	"sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz " +
	"ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw"

// genericTLDs are the well-known generic top-level domains.
const genericTLDs = "com org net edu gov mil int biz info mobi xyz asia aero coop " +
	"app dev name pro tech online site shop store cloud email page blog art fun one top club live news space website jobs travel museum cat tel " +
	lessCommonTLDs

// lessCommonTLDs are newer generic endings that are English words too
// ("systems", "zone"): real endings a sign or an id may end an address
// in ("jdoe1 → zorbix.systems"), which weakTLDs keeps from ending one
// after words alone.
const lessCommonTLDs = "engineering systems ninja zone solutions consulting services"

// weakTLDs are the endings that are words of prose too, in lower case
// ("as", "in", "it", "to", "us", "go", "me", "am", "pm", "co" of "and
// co", "app", "site"): after words alone they end a sentence, not an
// address, and count only where a sign or a word of another script
// stands for a dot or the '@' (see shapeMatch.accept).
var weakTLDs = wordSet("ad ai al am as at be by cm co do go hi hr id if in is it kg km la ma me mg ml mm mo ms my no pa pm ps re so st to tv us ye " +
	"int info app dev name pro tech online site shop store cloud email page blog art fun one top club live news space website jobs travel museum cat tel " +
	lessCommonTLDs)

// commonEndings are the endings most addresses have, which English
// prose has as no word: after words alone, they end an address
// wherever they stand (see shapeMatch.accept).
var commonEndings = wordSet("com org net edu gov mil")

// fileTypes are the endings that are the types of files too
// ("setup.py", "build.sh", "SECURITY.md"): a domain written whole that
// ends in one after a plain word is a file's name as likely.
var fileTypes = wordSet("ac am bz cc hs in md mk ml pl pm ps py rs sc sh so st")

// tlds are all of them.
var tlds = wordSet(countryTLDs + " " + genericTLDs)

// idnCountryTLDs are the country codes written in the country's own
// script, every one IANA delegates ("рф" is Russia's as "ru" is), and
// the generic endings most written so (".рус", ".公司", ".คอม"): a
// domain in its own script ends in one, and one in Latin letters may.
const idnCountryTLDs = "рф срб бг бел укр мкд қаз мон ею ευ ελ გე հայ 中国 中國 香港 台湾 台灣 澳門 澳门 新加坡 한국 ไทย " +
	"भारत भारतम् भारोत ভারত ভাৰত భారత్ ભારત ਭਾਰਤ இந்தியா بھارت بارت ڀارت ಭಾರತ ഭാരതം ଭାରତ ලංකා இலங்கை சிங்கப்பூர் বাংলা " +
	"مصر السعودية امارات ایران عراق الاردن الجزائر المغرب تونس فلسطين قطر عمان سودان سورية اليمن مليسيا موريتانيا پاکستان البحرين " +
	"рус онлайн сайт орг ком 公司 网络 在线 中文网 网址 닷컴 닷넷 コム みんな كوم موقع شبكة कॉम नेट संगठन คอม קום"

// idnTLDs are idnCountryTLDs as written and as read (readWord: marks
// dropped, look-alikes Latin, "рф" is "pф"; foldLookAlikes alone, as
// the page check reads): a word of a page is looked up as it is.
var idnTLDs = func() map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(idnCountryTLDs) {
		set[w], set[readWord(w)], set[foldLookAlikes(w)] = true, true, true
	}
	return set
}()

// idnEnding reports whether w is a top-level domain written beyond ASCII
// (idnCountryTLDs), as written or as read, or in punycode ("xn--p1ai"
// is "рф"): a label of "xn--" and letters and digits is written for a
// domain and nothing else, and the skeleton's reading of its digits
// ("xn--plai") is one too.
func idnEnding(w string) bool {
	if punycode(w) {
		return true
	}
	return len(w) <= 64 && (idnTLDs[w] || idnTLDs[readWord(norm.NFKC.String(w))])
}

// punycode reports whether w is a label in punycode: "xn--", then
// letters and digits (and hyphens between them).
func punycode(w string) bool {
	if len(w) < 6 || !strings.EqualFold(w[:4], "xn--") {
		return false
	}
	for i := 4; i < len(w); i++ {
		if c := w[i] | 0x20; !('a' <= c && c <= 'z' || '0' <= w[i] && w[i] <= '9' || w[i] == '-' && i+1 < len(w)) {
			return false
		}
	}
	return true
}

// realEnding reports whether w, a word read as the skeleton or the page
// check reads it (look-alikes folded), is a top-level domain, in any
// case: one of tlds, or an idnEnding. Its readers take one only after a
// mailbox and a sign, where no name stands.
func realEnding(w string) bool {
	if !isASCII(w) {
		return idnEnding(w)
	}
	// "ykp" is "укр" read: the readings fold look-alikes first.
	lower := strings.ToLower(w)
	return tlds[lower] || idnTLDs[lower] || punycode(w)
}

// spokenTLDs are the common endings as written in other scripts, and
// the Latin ending each reads as: "com" as Korean (컴), Japanese (コム)
// and Arabic or Persian (كام, کام) write it, and those spokenEnding
// reads.
var spokenTLDs = map[string]string{"컴": "com", "コム": "com", "كام": "com", "کام": "com", "كوم": "com", "کوم": "com"}

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// readTLD reports whether w, a word as written, is a top-level domain,
// and whether it is a weak one. A Latin ending counts in lower case or
// in capitals only.
func readTLD(w string) (ok, weak bool) {
	w = norm.NFKC.String(w)
	if (!isASCII(w) || punycode(w)) && idnEnding(w) {
		// "рф", "中国", "xn--p1ai": a country's code all the same,
		// and no word of prose. A Latin word that reads as one ("moh"
		// as "мон") is read as Latin.
		return true, false
	}
	if !isASCII(w) {
		lower := strings.ToLower(w)
		if e, ok := spokenTLDs[lower]; ok {
			return true, weakTLDs[e]
		}
		for _, e := range spokenEndings {
			if lower == e {
				// "нет" is "no": an ending only where a sign says so.
				return true, e == "нет" || weakTLDs[spokenEnding(e)]
			}
		}
		return false, false
	}
	lower := strings.ToLower(w)
	if w != lower && w != strings.ToUpper(w) {
		return false, false
	}
	return tlds[lower], weakTLDs[lower]
}
