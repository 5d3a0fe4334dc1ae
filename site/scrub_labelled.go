package site

import (
	"strings"
	"unicode"
)

// labelledReading reads a field as words, the way a person reads a
// mailbox given in parts: with its punctuation, quotes and brackets as
// spaces, in lower case, the sign named in words ("at sign", "strudel",
// "@" set apart) as "@", a dot spoken between labels as one, and the
// words a sentence puts around the parts passed over. It reports
// whether that reading gives a local part and a domain: beside the sign
// ("jdoe then an at sign then zorbix.io"), after a word for a mailbox
// ("Email is jdoe, domain is zorbix.io"), or labelled, in either order
// ("domain zorbix.io, user jdoe"). A label before the local part alone
// names a job as often ("Contact user research, example.org"): it
// counts only with the domain's label.
func labelledReading(s string) bool {
	lower := strings.ToLower(s)
	if !strings.ContainsAny(lower, ".@＠(") && !strings.Contains(lower, "dot") {
		return false // no domain, spoken, written or set apart
	}
	orig := readingWords(s)
	ws := lowerAll(orig)
	// A local part or a domain's ending given with no label is read only
	// as a mailbox's is written, in lower case: "Contact Acme (acme.io)"
	// and "ML @ Mistral AI" are a company.
	asWritten := func(i int) bool { return i < len(orig) && orig[i] == ws[i] }
	for i, w := range ws {
		switch {
		case w == "@":
			d := wordFrom(ws, i+1, signFillers)
			if local, ok := readWordBefore(ws, i, signFillers); ok && localPartWord(local) && domainAt(ws, d) && (domainWidth(ws, d) == 1 || asWritten(d+1)) {
				return true
			}
		case mailboxCueWords[w]:
			j := wordFrom(ws, i+1, cueFillers)
			user := j < len(ws) && userLabels[ws[j]]
			if user {
				j = wordFrom(ws, j+1, labelFillers)
			}
			if j >= len(ws) || !localPartWord(ws[j]) {
				continue
			}
			k := wordFrom(ws, j+1, partFillers)
			domain := k < len(ws) && domainLabels[ws[k]]
			if domain {
				k = wordFrom(ws, k+1, labelFillers)
			}
			if (domain || !user && asWritten(j) && (domainWidth(ws, k) == 1 || asWritten(k+1))) && domainAt(ws, k) {
				return true
			}
		case userLabels[w]:
			j := wordFrom(ws, i+1, labelFillers)
			if j >= len(ws) || !localPartWord(ws[j]) {
				continue
			}
			k := wordFrom(ws, j+1, partFillers)
			if k < len(ws) && domainLabels[ws[k]] && domainAt(ws, wordFrom(ws, k+1, labelFillers)) {
				return true
			}
		case w == "domain":
			// The domain first, so labelled ("domain zorbix.io, user
			// jdoe"), and the local part ending the field: a host or a
			// server named first is a project's ("Host fosdem.org, user
			// group Brussels").
			j := wordFrom(ws, i+1, labelFillers)
			if !domainAt(ws, j) {
				continue
			}
			k := wordFrom(ws, j+domainWidth(ws, j), partFillers)
			for k < len(ws) && mailboxCueWords[ws[k]] && !userLabels[ws[k]] {
				k = wordFrom(ws, k+1, cueFillers)
			}
			if k < len(ws) && userLabels[ws[k]] {
				if l := wordFrom(ws, k+1, labelFillers); l == len(ws)-1 && localPartWord(ws[l]) {
					return true
				}
			}
		}
	}
	return false
}

// The words of labelledReading.
var (
	mailboxCueWords = wordSet("email e-mail mail mailbox inbox contact reach reachable write courriel correo address")
	userLabels      = wordSet("user username login localpart account mailbox")
	domainLabels    = wordSet("domain hostname host server provider")
	// Passed over: between a word for a mailbox and the local part, a
	// label and its part, the two parts, and the sign and its parts.
	cueFillers   = wordSet("is my me us to address name")
	labelFillers = wordSet("is name part the")
	partFillers  = wordSet("and then the is on at a an")
	signFillers  = wordSet("then the a an followed by and")
)

// readingWords is s as labelledReading reads it, each word in its own
// case (keywords are compared in lower case).
func readingWords(s string) []string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "＠", "@"), "\u00ad", "")
	// Signs, quotes and brackets as spaces first, so that a phrase
	// reads the same however it is quoted ("the \"at\" sign").
	s = " " + strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._%+-@", r))
	}), " ") + " "
	s = signNamed.ReplaceAllString(s, " @ ")
	s = joinedLabel.ReplaceAllStringFunc(s, func(m string) string {
		return " " + strings.ToLower(strings.Join(strings.FieldsFunc(m, func(r rune) bool { return r == ' ' || r == '-' }), "")) + " "
	})
	var ws []string
	for _, w := range strings.Fields(s) {
		if w = strings.Trim(w, ".-"); w != "" {
			ws = append(ws, w)
		}
	}
	// A dot spoken between two labels is one: "zorbix dot io", "zorbix
	// then a dot then io".
	var out []string
	for i := 0; i < len(ws); i++ {
		if strings.ToLower(ws[i]) != "dot" || len(out) == 0 {
			out = append(out, ws[i])
			continue
		}
		for len(out) > 1 && signFillers[strings.ToLower(out[len(out)-1])] {
			out = out[:len(out)-1]
		}
		j := wordFrom(lowerAll(ws), i+1, signFillers)
		if j >= len(ws) {
			out = append(out, ws[i])
			continue
		}
		out[len(out)-1] += "." + ws[j]
		i = j
	}
	return out
}

// signNamed is the '@' named in words, between spaces; joinedLabel a
// label written as two words or with a hyphen ("user name", "e-mail").
var (
	signNamed   = lazyRE(`(?i) (?:at[ -](?:sign|symbol)|commercial at|ampersat|strudel|arobase|klammeraffe) `)
	joinedLabel = lazyRE(`(?i) (?:user name|host name|local[ -]part|e[ -]mail) `)
)

// lowerAll is ws in lower case.
func lowerAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ToLower(w)
	}
	return out
}

// wordFrom is the index of the first word from i on that fillers does not
// hold.
func wordFrom(ws []string, i int, fillers map[string]bool) int {
	for i < len(ws) && fillers[ws[i]] {
		i++
	}
	return i
}

// readWordBefore is the word before ws[i] that fillers does not hold.
func readWordBefore(ws []string, i int, fillers map[string]bool) (string, bool) {
	for j := i - 1; j >= 0; j-- {
		if !fillers[ws[j]] {
			return ws[j], true
		}
	}
	return "", false
}

// localPartWord reports whether w may be a mailbox's local part, and is
// no word of prose or of a job.
func localPartWord(w string) bool {
	if w == "" || w == "@" || proseWords[w] || jobWords[w] || !strings.ContainsFunc(w, unicode.IsLetter) {
		return false
	}
	return !strings.ContainsFunc(w, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._%+-", r))
	})
}

// domainAt reports whether a domain starts at ws[i]: a word of labels
// ending in a real top-level domain ("zorbix.io"), or a label and a
// top-level domain set apart ("zorbix (io)" read as "zorbix io").
func domainAt(ws []string, i int) bool { return domainWidth(ws, i) > 0 }

// domainWidth is how many words the domain at ws[i] takes: 1, 2, or 0
// for none.
func domainWidth(ws []string, i int) int {
	if i >= len(ws) {
		return 0
	}
	if w := ws[i]; strings.Contains(w, ".") {
		labels := strings.Split(w, ".")
		if tlds[labels[len(labels)-1]] && labels[0] != "" {
			return 1
		}
		return 0
	}
	if i+1 < len(ws) && tlds[ws[i+1]] && localPartWord(ws[i]) && len(ws[i+1]) >= 2 && !proseWords[ws[i+1]] {
		return 2
	}
	return 0
}
