package site

import "testing"

// TestAddressesInShapesNoWordNames: an address written in CamelCase, with
// a lone "a" or an ASCII sign for its '@' between a mailbox-shaped word
// and a domain, in another language's word ("strudel"), or at an IPv6
// literal, is hidden whole; a job at a company whose name has capitals
// inside it, and prose around a sign, stay.
func TestAddressesInShapesNoWordNames(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"JaneDoeAtGmailDotCom", "jane.doeAtGmail.com", "jane.roe a gmail.com", "jane.poe # gmail.com", "jane.poe * gmail.com",
		"jdoe1987 | proton.me", "jane a gmail dot com", "Jane A Gmail Dot Com", "Jane Strudel Walla Dot Co Dot Il",
		"jane (at) [IPv6:2001:db8::1]", "jane.doe ~ gmail.com", "jane.doe → gmail.com", "jane.doe -> gmail.com", "jane.doe † gmail.com",
		"Jane Kukac Freemail Pont Hu", "Jane Apenstaartje Ziggo Punt Nl", "Jane Kissanhäntä Gmail Piste Fi", "Jane Aroba Yahoo Punct Ro", "Jane Papaki Otenet Teleia Gr",
	} {
		if got := hideField(s); got != hidden {
			t.Errorf("hideField(%q) = %q, want it hidden", s, got)
		}
	}
	for _, s := range []string{
		"Engineer at GitHub.com", "Staff at OpenSSL.org", "Works at Amazon.com", "Node.js / OpenJS.org", "MatthewAtkins", "PatAtLarge",
		"R&D / Example Corp", "Red Hat", "Kernel → Linux Foundation", "Security -> kernel.org", "Dot Net Foundation", "a gmail.com plugin", "Pont Neuf", "Punt Road Oval", "Le Pont Du Gard", "Aroba Studio",
	} {
		if got := hideField(s); got != s {
			t.Errorf("hideField(%q) = %q, want it shown", s, got)
		}
	}
}
