package site

import (
	"regexp"
	"strings"
)

// More words for '@' and '.' than foreignWords names, and the endings
// of a domain spoken in other scripts. foreignWords counts a word only
// between signs that are no letters; these are read apart because their
// scripts need other word ends.

// scriptWords are words for the signs in scripts that set no space
// between words (Japanese, Chinese, Thai) or attach particles to them
// (Korean): such a word counts where no letter of its own script
// touches it, beside Latin letters too ("joアットexample"), and not
// inside a longer word of its script ("アットホーム" is "at home").
var scriptWords = []*regexp.Regexp{
	regexp.MustCompile(`(^|[^\p{Katakana}ー])(アットマーク|アット|ドットコム|ドット)([^\p{Katakana}ー]|$)`),
	regexp.MustCompile(`(^|[^\p{Hangul}])(골뱅이|앳|닷컴|닷|쩜)([^\p{Hangul}]|$)`),
	regexp.MustCompile(`(^|[^\p{Thai}])(แอท|ดอทคอม|ดอท)([^\p{Thai}]|$)`),
	regexp.MustCompile(`(^|[^\p{Han}])(艾特|小老鼠|点|點)([^\p{Han}]|$)`),
}

// spacedWords are words for the signs in scripts that set words apart
// by spaces, whose letters carry marks (Devanagari's vowel signs): a
// mark is no word's end, as it is to foreignWords. Hindi's "at the
// rate" (एट द रेट), as Indian English says '@'; Hebrew; Lithuanian,
// whose "eta" counts in lower case only ("ETA" is a time of arrival).
var spacedWords = regexp.MustCompile(`(?i)(^|[^\p{L}\p{M}\p{N}])(एट\s*द\s*रेट|एट|डॉट|כרוכית|נקודה|taškas|taskas|(?-i:eta))([^\p{L}\p{M}\p{N}]|$)`)

// spokenSign is what a word of scriptWords and spacedWords (in lower
// case) reads as: "at", "dot", or a dot and an ending.
func spokenSign(w string) string {
	switch w {
	case "ドットコム", "닷컴", "ดอทคอม":
		return "dot com"
	case "ドット", "닷", "쩜", "ดอท", "点", "點", "डॉट", "נקודה", "taškas", "taskas":
		return "dot"
	}
	return "at"
}

// spokenTLD is a common domain ending written in another script after
// a dot word or sign ("डॉट कॉम", "ドット コム", "точка орг"): read as the
// Latin ending it sounds as. Only after a dot: "нет" is "no", and "net"
// only there.
var spokenTLD = regexp.MustCompile(`(?i)((?:^|[^\p{L}\p{N}])dot|[.])(\s*)(कॉम|コム|컴|คอม|ком|קום|ऑर्ग|オルグ|오알지|орг|नेट|ネット|넷|เน็ต|нет)([^\p{L}\p{M}\p{N}]|$)`)

// spokenEnding is the Latin ending an ending of spokenTLD (in lower
// case) reads as.
func spokenEnding(e string) string {
	switch e {
	case "ऑर्ग", "オルグ", "오알지", "орг":
		return "org"
	case "नेट", "ネット", "넷", "เน็ต", "нет":
		return "net"
	}
	return "com"
}

// readSpoken reads the words of scriptWords and spacedWords as the
// words "at" and "dot", set apart by spaces, and the endings of
// spokenTLD as Latin ones; the skeleton's rules for "at" and "dot"
// then decide.
func readSpoken(s string) string {
	if isASCII(s) {
		// Of all the words, only Lithuanian's are written in ASCII.
		if !strings.Contains(s, "eta") && !containsFold(s, "taskas") {
			return s
		}
	}
	word := func(re *regexp.Regexp) func(string) string {
		return func(m string) string {
			sub := re.FindStringSubmatch(m)
			w := sub[2]
			if strings.HasPrefix(w, "एट") {
				w = "एट" // "at the rate" too, however spaced
			}
			return sub[1] + " " + spokenSign(strings.ToLower(w)) + " " + sub[3]
		}
	}
	// A word's end is a sign, which one match takes: twice, for the
	// words one sign apart ("アット・ドット").
	for range 2 {
		for _, re := range scriptWords {
			s = re.ReplaceAllStringFunc(s, word(re))
		}
		s = spacedWords.ReplaceAllStringFunc(s, word(spacedWords))
	}
	return spokenTLD.ReplaceAllStringFunc(s, func(m string) string {
		sub := spokenTLD.FindStringSubmatch(m)
		return sub[1] + sub[2] + spokenEnding(strings.ToLower(sub[3])) + sub[4]
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// containsFold reports whether s holds word, an ASCII word in lower
// case, in any case.
func containsFold(s, word string) bool { return indexFold(s, word, 0) >= 0 }
