package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/history"
)

// TestCSVCellsAreNeverFormulas: every cell a spreadsheet would run is
// neutralised, in every CSV roster writes.
func TestCSVCellsAreNeverFormulas(t *testing.T) {
	hostile := []string{"=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", " =1+1", "\u00a0=1+1", "＝cmd|' /C calc'!A0", "＋1", "﹦1"}
	for _, s := range hostile {
		var b bytes.Buffer
		ev := []history.Event{{Commit: "c", Date: time.Unix(0, 0), Author: s, Subject: s, ViaSubject: s, Email: s, Action: history.Added}}
		if err := Events(&b, CSV, ev, nil); err != nil {
			t.Fatal(err)
		}
		if err := Membership(&b, CSV, ShownAt{Label: "r"}, []ShownMember{{List: s, Email: s, Name: s}}, nil); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			// Two CSVs concatenated with different widths.
			r := csv.NewReader(bytes.NewReader(b.Bytes()))
			r.FieldsPerRecord = -1
			if rows, err = r.ReadAll(); err != nil {
				t.Fatal(err)
			}
		}
		for _, row := range rows {
			for _, cell := range row {
				if first := strings.TrimLeft(cell, " \u00a0"); first != "" && (strings.ContainsRune("=+-@\t\r＝＋﹦", []rune(first)[0])) {
					t.Errorf("cell %q would run as a formula", cell)
				}
			}
		}
	}
	if got := neutralise("ada@example.org"); got != "ada@example.org" {
		t.Errorf("a plain cell was changed: %q", got)
	}
}

// TestCSVCellsShowAsWritten: a control or format character in a field
// (a right-to-left override in a note reverses what a spreadsheet shows)
// is escaped, as on a terminal, in every CSV roster writes.
func TestCSVCellsShowAsWritten(t *testing.T) {
	hostile := "ok\u202egnp.exe\x1b[31m\nforged,row"
	var b bytes.Buffer
	ev := []history.Event{{Commit: "c", Date: time.Unix(0, 0), Author: hostile, Subject: hostile, ViaSubject: hostile, Email: "a@example.org", Action: history.Added}}
	if err := Events(&b, CSV, ev, nil); err != nil {
		t.Fatal(err)
	}
	if err := Membership(&b, CSV, ShownAt{Label: "r"}, []ShownMember{{List: "l", Email: "a@example.org", Name: hostile}}, nil); err != nil {
		t.Fatal(err)
	}
	rep := &audit.Report{Date: "2026-12-03", Items: []audit.Item{{Level: audit.Violation, Kind: "vetting", Email: "a@example.org", Message: hostile, VettedBy: "=cmd"}}}
	if err := AuditReport(&b, CSV, rep); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"\u202e", "\x1b", "forged,row\n", "\n=cmd"} {
		if bytes.Contains(b.Bytes(), []byte(bad)) {
			t.Errorf("%q reached the CSV:\n%s", bad, b.String())
		}
	}
	if !bytes.Contains(b.Bytes(), []byte(`\u202e`)) || !bytes.Contains(b.Bytes(), []byte(`'=cmd`)) {
		t.Errorf("escapes missing:\n%s", b.String())
	}
}

// TestCSVCellsReadBackExactly: a note holding a line break and one
// holding the text "\n" export as two cells, each of which reads back to
// its text.
func TestCSVCellsReadBackExactly(t *testing.T) {
	for _, note := range []string{"line\nbreak", `line\nbreak`, `C:\path`, "tab\there", "=1+1", "'=1+1", "'quoted'"} {
		var b bytes.Buffer
		if err := Membership(&b, CSV, ShownAt{Label: "r"}, []ShownMember{{List: "l", Email: "a@example.org", Name: note}}, nil); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		// A leading quote is the export's (a formula, or a quote, kept
		// from a spreadsheet): one is stripped.
		if got := unescape(t, strings.TrimPrefix(rows[1][2], "'")); got != note {
			t.Errorf("%q exports as %q, which reads back as %q", note, rows[1][2], got)
		}
	}
}

// unescape reads a cell's escapes back: \\, \n, \t, \r.
func unescape(t *testing.T, cell string) string {
	var b strings.Builder
	for i := 0; i < len(cell); i++ {
		if cell[i] != '\\' || i+1 == len(cell) {
			b.WriteByte(cell[i])
			continue
		}
		i++
		switch cell[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\':
			b.WriteByte('\\')
		default:
			t.Fatalf("unknown escape in %q", cell)
		}
	}
	return b.String()
}

// TestFormula: what a spreadsheet may run, including past blanks and in
// compatibility forms, and what it shows as text.
func TestFormula(t *testing.T) {
	for cell, want := range map[string]bool{
		"=1+1": true, " =1+1": true, "\u2003=1+1": true, "\u202f@x": true, "\u00a0@SUM(A1)": true, "＝cmd": true, "＋1": true, "﹣1": true, "\tx": true,
		"ada@example.org": false, "Ada = admin": false, "": false, "   ": false, "１": false,
	} {
		if got := formula(cell); got != want {
			t.Errorf("formula(%q) = %v, want %v", cell, got, want)
		}
	}
}

// TestEventsCSVHasEveryField: history's CSV carries every fact its JSON
// does: a record's evidence and the file a moved list's event was in.
func TestEventsCSVHasEveryField(t *testing.T) {
	var b bytes.Buffer
	ev := []history.Event{{Commit: "c", Date: time.Unix(0, 0), Email: "a@example.org", Action: history.Vetted, File: "teams/a.toml",
		Vetting: &history.Record{By: "ada", On: "2026-01-01", Method: "video-call", Note: "n", Evidence: "https://example.org/proof"}}}
	if err := Events(&b, CSV, ev, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%v %q", err, rows)
	}
	got := map[string]string{}
	for i, h := range rows[0] {
		got[h] = rows[1][i]
	}
	if got["evidence"] != "https://example.org/proof" || got["file"] != "teams/a.toml" || got["note"] != "n" {
		t.Errorf("CSV row %v", got)
	}
}

// TestEventsNameTheCommitABranchLandedWith: a branch's change carries the
// subject of the line's merge it landed with, which names the pull
// request, in every format: the branch's own subject says what its author
// typed.
func TestEventsNameTheCommitABranchLandedWith(t *testing.T) {
	ev := []history.Event{{Commit: "c", Date: time.Unix(0, 0), Subject: "Add bob (#998)", ViaSubject: "Merge pull request #3 from org/bob", List: "l", Email: "bob@example.org", Action: history.Added}}
	for _, f := range []Format{Text, CSV, JSON} {
		var b bytes.Buffer
		if err := Events(&b, f, ev, nil); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "Merge pull request #3 from org/bob") {
			t.Errorf("%s does not name the merge:\n%s", f, b.String())
		}
	}
}
