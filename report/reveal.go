package report

// MDReveal is Reveal for markdown: the address escaped by MD, followed by
// the note naming each non-ASCII letter that could pass for an ASCII one,
// so that a live look-alike of a file entry never renders exactly like
// it in a pull request comment or a published report.
func MDReveal(address string) string {
	return MD(address) + MD(RevealNote(address))
}

// revealMarked is Reveal of an address whose look-alike mark may have
// been kept apart from it: a redacted plan masks the address ("o…@") and
// keeps the mark of what it hides, which is said in place of the mask's
// own (none).
func revealMarked(address, mark string) string {
	if mark == "" {
		return Reveal(address)
	}
	return Line(address) + " [non-ASCII: " + Line(mark) + "]"
}

// mdRevealMarked is revealMarked for markdown.
func mdRevealMarked(address, mark string) string {
	if mark == "" {
		return MDReveal(address)
	}
	return MD(address) + MD(" [non-ASCII: "+mark+"]")
}
