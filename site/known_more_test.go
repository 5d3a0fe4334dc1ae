package site

import "testing"

// TestKnownAddressesReadAHostAsNoAddress: a host whose first label is a
// one-word local part of the file ("security.example.org" beside
// security@example.org) is a host, as written in a URL too; spelled
// with anything but a dot alone, or with a local part of more words,
// it is the address.
func TestKnownAddressesReadAHostAsNoAddress(t *testing.T) {
	t.Parallel()
	k := testKnown()
	for _, s := range []string{"security.example.org", "https://security.example.org/advisories", "Example Project (security.example.org)",
		"See security.example.org/policy"} {
		if k.spells(s) {
			t.Errorf("spells(%q) = true", s)
		}
	}
	for _, s := range []string{"security . example . org", "security example.org", "security at example.org", "dana.whitfield.example.org",
		"elif.demir.example.org"} {
		if !k.spells(s) {
			t.Errorf("spells(%q) = false", s)
		}
	}
}

// TestSpellsApartReadsWhatBracketsHold: fields side by side inside one
// pair of brackets, or after a bracket nothing closes, are one text,
// read as one field is; fields with no bracket across them are not, but
// for a local part only a mailbox has and its domain, each written
// whole, on either side of the gap between two fields (s15-22).
func TestSpellsApartReadsWhatBracketsHold(t *testing.T) {
	t.Parallel()
	k := testKnown()
	for _, s := range []string{"Farid Haddad (dana.whitfield example.org)", "Farid Haddad (dana whitfield ∴ example ∴ org)",
		"Farid Haddad (dana_whitfield example_org)", "Farid Haddad [dana.whitfield example.org]", "Farid Haddad (dana.whitfield example.org",
		"Farid Haddad «dana.whitfield example.org»", "(chen example com)",
		"dana.whitfield example.org", "Dana Whitfield (dana.whitfield) example.org", "list-07 example.org", "Elif.Demir Example.org"} {
		if !k.spellsApart(s) {
			t.Errorf("spellsApart(%q) = false", s)
		}
	}
	for _, s := range []string{"Dana Whitfield (Example) example.org", "Elif Demir (Example.org)", "Dana Whitfield example.org",
		"security example.org", "chen example.com", "dana.whitfield example", "dana.whitfield example org", "whitfield example.org"} {
		if k.spellsApart(s) {
			t.Errorf("spellsApart(%q) = true", s)
		}
	}
}

// TestKnownAddressWrittenDomainFirst: an address of the file written
// domain first, both halves whole (the domain's labels joined by dots,
// in order or reversed; a local part of two words or more joined by its
// signs), is the address; an employer beside a name, or a one-word
// local part after its domain, is not.
func TestKnownAddressWrittenDomainFirst(t *testing.T) {
	t.Parallel()
	k := newKnown()
	for _, a := range []string{"dana.whitfield@example.org", "elif.demir@example.org", "chen@example.com", "security@example.org"} {
		k.add(a)
	}
	for _, s := range []string{"example.org / dana.whitfield", "org.example.dana.whitfield", "Contact: example.org: dana.whitfield",
		"org.example/dana.whitfield", "example.org - Dana.Whitfield", "example.org elif_demir"} {
		if !k.spells(s) {
			t.Errorf("spells(%q) = false", s)
		}
	}
	for _, s := range []string{"example.com chen", "org example chen", "Example.org / Dana Whitfield", "example.org, then dana and whitfield",
		"org.example.security", "example.org / dana.whitfield.blog", "Example.org (Elif Demir)"} {
		if k.spells(s) {
			t.Errorf("spells(%q) = true", s)
		}
	}
}

// TestKnownAddressInBracketsWithItsEndingDropped: a file's address, its
// local part of two words or more written whole and its domain's labels
// but the last in brackets after it ("chen.wei (example)", s13), is the
// address; a name and its employer, or a one-word local part, are not.
func TestKnownAddressInBracketsWithItsEndingDropped(t *testing.T) {
	t.Parallel()
	k := newKnown()
	for _, a := range []string{"chen.wei@example.org", "security@example.org", "jo@mail.example.co.uk"} {
		k.add(a)
	}
	// A comma between the halves reads as a dash does (s16-22 item 2).
	for _, s := range []string{"chen.wei (example)", "chen.wei [example]", "Contact chen.wei (example).", "chen.wei <example>", "chen.wei, example"} {
		if !k.spells(s) {
			t.Errorf("spells(%q) = false", s)
		}
	}
	for _, s := range []string{"Chen Wei (Example)", "security (example)", "chen.wei (example team)", "Chen Wei, Example", "jo (mail)"} {
		if k.spells(s) {
			t.Errorf("spells(%q) = true", s)
		}
	}
}
