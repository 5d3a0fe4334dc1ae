package site_test

import (
	"bytes"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/net/html"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/site"
)

// hostile are values an attacker with a pull request, a commit or a hand
// change to a group could put in any field.
var hostile = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(2)>`,
	`'><svg onload=alert(3)>`,
	`</title></style></svg></table><iframe src="https://evil.example/">`,
	`javascript:alert(4)`,
	`{{.Site}}`,
	"\u202eevil\u202c & <b>bold</b> &amp; &lt;",
	"esc \x1b[2J bell \x07 cr \r cgj \u034f end",
}

// TestHostileInput puts HTML and script in every field the site shows and
// checks, with an HTML tokenizer, that every page holds only the
// elements and attributes the templates write, that no link leaves the
// site, and that the hostile text is there as text.
func TestHostileInput(t *testing.T) {
	t.Parallel()
	for _, public := range []bool{false, true} {
		in := smallInput(t, public)
		h := func(i int) string { return hostile[i%len(hostile)] }
		k := 0
		next := func() string { k++; return h(k) }
		for _, l := range in.File.Lists {
			l.Description = next()
			l.Address = next()
		}
		for _, m := range in.File.Members {
			m.Name, m.GitHub, m.Affiliation = next(), next(), next()
			for i := range m.Vetting {
				v := &m.Vetting[i]
				// A note unlike every field: a field that quotes a note
				// is refused (checkPublicNotes), which is not what this
				// tests.
				v.Note, v.Evidence = next()+" (a note)", next()+" (evidence)"
				if v.By != "grace-example" && v.By != "ada-example" {
					v.By = next()
				}
			}
		}
		events := slices.Clone(in.Events)
		for i := range events {
			e := &events[i]
			e.Subject, e.Author = next()+" (#7)", next()
			if e.Vetting != nil {
				r := *e.Vetting
				r.By, r.Method, r.Note, r.Evidence = next(), next(), next()+" (a note)", next()+" (evidence)"
				e.Vetting = &r
			}
		}
		// A former member whose address is hostile, on a list, and a
		// commit id that is not one.
		events = append(events, history.Event{Commit: `<i>c</i>"`, Date: day("2026-03-10"), Subject: next(), Author: next(),
			List: "security-reports", Email: `"><script>x</script>@example.org`, Action: history.Added, Role: `<u>member</u>`})
		in.Events = events
		in.Live = &site.Live{Read: day("2026-04-15"), Drift: []site.Drift{
			{List: "advance-warning", Text: next(), Who: next(), When: day("2026-04-14")},
			{List: `<b>gone</b>`, Text: next(), Who: next(), When: time.Time{}},
		}}

		dir := filepath.Join(t.TempDir(), "site")
		if err := site.Build(dir, in); err != nil {
			t.Fatal(err)
		}
		files := readSite(t, dir)
		var text strings.Builder
		for name, data := range files {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			checkMarkup(t, name, data, &text)
			// Nothing a field holds reaches the page unseen: controls,
			// bidi overrides and invisible marks are shown escaped.
			if i := bytes.IndexFunc(data, func(r rune) bool {
				return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r == '\u202e' || r == '\u034f'
			}); i >= 0 {
				t.Errorf("public=%v: %s carries %q at %d", public, name, data[i:min(i+4, len(data))], i)
			}
		}
		// The hostile text is shown, as text (names are scrubbed of
		// addresses on the public site, which none of these are).
		for _, s := range []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(2)>`, `javascript:alert(4)`, `{{.Site}}`} {
			if !strings.Contains(text.String(), s) {
				t.Errorf("public=%v: the text of the pages does not show %q", public, s)
			}
		}
	}
}

// allowed are the elements and attributes the templates write.
var allowed = map[string][]string{
	"html": {"lang"}, "head": nil, "meta": {"charset", "name", "content", "http-equiv"}, "title": {"id"},
	"style": nil, "body": nil, "a": {"class", "href"}, "header": nil, "nav": {"class", "aria-label"},
	"main": {"id"}, "footer": nil, "h1": nil, "h2": {"id"}, "p": {"class"}, "div": {"class", "role", "aria-labelledby", "aria-label", "tabindex"},
	"table": {"class"}, "caption": {"id"}, "thead": nil, "tbody": nil, "tr": {"class"}, "th": {"scope", "class"}, "td": {"class"},
	"span": {"class"}, "meter": {"min", "max", "low", "high", "optimum", "value", "aria-hidden"}, "dl": {"class"}, "dt": nil, "dd": nil,
	"section": {"aria-labelledby"}, "figure": nil, "figcaption": nil, "details": nil, "summary": nil, "code": nil, "ul": {"class"}, "li": nil,
	"svg": {"class", "viewbox", "role", "aria-labelledby", "aria-describedby"}, "desc": {"id"}, "g": {"class"},
	"line": {"class", "x1", "x2", "y1", "y2"}, "text": {"class", "x", "y", "dy"}, "path": {"class", "d"},
	"circle": {"class", "cx", "cy", "r", "data-date", "data-size"},
}

func checkMarkup(t *testing.T, name string, data []byte, text *strings.Builder) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Errorf("%s: %v", name, z.Err())
			}
			return
		case html.TextToken:
			text.Write(z.Text())
			text.WriteByte('\n')
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			attrs, ok := allowed[tok.Data]
			if !ok {
				t.Errorf("%s: element <%s> is not one the templates write", name, tok.Data)
				continue
			}
			for _, a := range tok.Attr {
				if !slices.Contains(attrs, a.Key) {
					t.Errorf("%s: <%s %s=%q>: an attribute the templates do not write", name, tok.Data, a.Key, a.Val)
				}
				if a.Key == "href" && a.Val != "index.html" && a.Val != "#main" && !(strings.HasPrefix(a.Val, "list-") && strings.HasSuffix(a.Val, ".html") && !strings.ContainsAny(a.Val, ":/\\\"'<>")) {
					t.Errorf("%s: a link to %q", name, a.Val)
				}
			}
		}
	}
}

// TestStackedMarksAreClipped: a name, handle, affiliation or description
// of dozens of combining marks on one letter would draw over the rows
// around it; no page, public or private, has more than a few in a row.
func TestStackedMarksAreClipped(t *testing.T) {
	t.Parallel()
	zalgo := "Z" + strings.Repeat("\u0300\u0301\u0302\u0336\u20dd", 20) + "algo"
	for _, public := range []bool{false, true} {
		in := smallInput(t, public)
		in.File.Lists[0].Description = zalgo
		for _, m := range in.File.Members {
			m.Name, m.Affiliation = zalgo, zalgo
		}
		dir := filepath.Join(t.TempDir(), "site")
		if err := site.Build(dir, in); err != nil {
			t.Fatal(err)
		}
		shown := false
		for name, data := range readSite(t, dir) {
			run := 0
			for _, r := range string(data) {
				if r >= 0x300 && (unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r)) {
					run++
					if run > 4 {
						t.Fatalf("public %v: %s has %d marks on one letter", public, name, run)
					}
					shown = true
					continue
				}
				run = 0
			}
		}
		if !shown {
			t.Errorf("public %v: the name is not shown at all: the input is not what this test means", public)
		}
	}
}
