package site

// ReadLetters is the letters of s as the known-address reading reads
// them (look-alikes folded, lower case, signs and spaces dropped), for
// the tests of package site_test to look for an address in a page
// however it is spelled.
func ReadLetters(s string) string { return readLetters(s).text }
