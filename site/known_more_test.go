package site

import "testing"

// TestSpellsApartReadsWhatBracketsHold: fields side by side inside one
// pair of brackets, or after a bracket nothing closes, are one text,
// read as one field is; fields with no bracket across them are not.
func TestSpellsApartReadsWhatBracketsHold(t *testing.T) {
	k := testKnown()
	for _, s := range []string{"Farid Haddad (dana.whitfield example.org)", "Farid Haddad (dana whitfield ∴ example ∴ org)",
		"Farid Haddad (dana_whitfield example_org)", "Farid Haddad [dana.whitfield example.org]", "Farid Haddad (dana.whitfield example.org",
		"Farid Haddad «dana.whitfield example.org»", "(chen example com)"} {
		if !k.spellsApart(s) {
			t.Errorf("spellsApart(%q) = false", s)
		}
	}
	for _, s := range []string{"dana.whitfield example.org", "Dana Whitfield (Example) example.org", "Elif Demir (Example.org)",
		"Dana Whitfield (dana.whitfield) example.org"} {
		if k.spellsApart(s) {
			t.Errorf("spellsApart(%q) = true", s)
		}
	}
}
