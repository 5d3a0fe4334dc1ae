package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// csvWriter writes CSV whose cells a spreadsheet will show as written,
// never run: control and format characters are escaped, and a
// cell that starts with =, +, -, @, a tab or a carriage return is a
// formula to Excel and LibreOffice (a commit subject such as
// "=HYPERLINK(...)" arrives through a pull request title), so it is
// prefixed with a single quote, as OWASP's CSV injection guidance says.
type csvWriter struct{ w *csv.Writer }

func newCSV(w io.Writer) *csvWriter { return &csvWriter{w: csv.NewWriter(w)} }

func (c *csvWriter) row(cells ...string) {
	out := make([]string, len(cells))
	for i, cell := range cells {
		out[i] = neutralise(cell)
	}
	_ = c.w.Write(out)
}

func (c *csvWriter) flush() error {
	c.w.Flush()
	return c.w.Error()
}

// neutralise escapes a cell as Line does (a control character or a
// bidirectional override in a note reorders what a spreadsheet shows, as
// it would a terminal line), a backslash doubled first, so that a note
// holding the text "\n" and one holding a line break stay two texts (an
// audit export reads back exactly), then quotes a formula.
func neutralise(cell string) string {
	cell = Line(strings.ReplaceAll(cell, `\`, `\\`))
	// A cell that starts with a quote gets one too: a reader strips
	// exactly one leading quote, and "'=1" must not read as "=1".
	if formula(cell) || strings.HasPrefix(cell, "'") {
		return "'" + cell
	}
	return cell
}

// formula reports whether a spreadsheet may read cell as a formula: its
// first character, past blanks some trim, is =, +, -, @, a tab or a
// carriage return, or a compatibility form of one (a fullwidth ＝, which
// some normalise to =).
func formula(cell string) bool {
	rest := strings.TrimLeftFunc(cell, func(r rune) bool { return unicode.IsSpace(r) && r != '\t' && r != '\r' })
	if rest == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if strings.ContainsRune("=+-@\t\r", r) {
		return true
	}
	folded := norm.NFKC.String(string(r))
	return folded != "" && strings.ContainsRune("=+-@", rune(folded[0]))
}

// LineDiff shows the lines that differ between a and b as one hunk: the
// common head and tail are left out.
func LineDiff(name string, a, b []byte) string {
	al, bl := strings.SplitAfter(string(a), "\n"), strings.SplitAfter(string(b), "\n")
	head := 0
	for head < len(al) && head < len(bl) && al[head] == bl[head] {
		head++
	}
	tail := 0
	for tail < len(al)-head && tail < len(bl)-head && al[len(al)-1-tail] == bl[len(bl)-1-tail] {
		tail++
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s (formatted)\n@@ -%d,%d +%d,%d @@\n", Line(name), Line(name), head+1, len(al)-head-tail, head+1, len(bl)-head-tail)
	for _, l := range al[head : len(al)-tail] {
		sb.WriteString("-" + Line(strings.TrimSuffix(l, "\n")) + "\n")
	}
	for _, l := range bl[head : len(bl)-tail] {
		sb.WriteString("+" + Line(strings.TrimSuffix(l, "\n")) + "\n")
	}
	return sb.String()
}
