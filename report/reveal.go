package report

// MDReveal is Reveal for markdown: the address escaped by MD, followed by
// the note naming each non-ASCII letter that could pass for an ASCII one,
// so that a live look-alike of a file entry never renders exactly like
// it in a pull request comment or a published report.
func MDReveal(address string) string {
	return MD(address) + MD(RevealNote(address))
}
