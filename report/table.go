package report

import (
	"bufio"
	"io"
	"text/tabwriter"
)

// table is a tabwriter whose output is buffered: tabwriter writes each
// cell and its padding apart, and on a pipe or a terminal each write is
// a system call (the history of 10,000 lists spent a second in them).
type table struct {
	*tabwriter.Writer
	buf *bufio.Writer
}

// newTable returns a table that writes to w, in roster's column layout.
func newTable(w io.Writer) *table {
	buf := bufio.NewWriterSize(w, 64<<10)
	return &table{Writer: tabwriter.NewWriter(buf, 0, 4, 2, ' ', 0), buf: buf}
}

// Flush writes the table's rows out to its writer.
func (t *table) Flush() error {
	if err := t.Writer.Flush(); err != nil {
		return err
	}
	return t.buf.Flush()
}
