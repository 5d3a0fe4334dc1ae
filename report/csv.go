package report

import (
	"encoding/csv"
	"io"
	"strings"
)

// csvWriter writes CSV whose cells a spreadsheet will show, never run: a
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

func neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// printable replaces the control characters of text that came from
// outside (a commit subject, an author's name) before it goes to a
// terminal: an escape sequence in a pull request title must not repaint
// the auditor's screen.
func printable(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }
