package site

import (
	"context"
	"html/template"
	"testing"
)

// TestCheckPublicReadsNamesAndLinks: the public site's last check reads
// a page's file name and the targets of its links as it reads its text.
func TestCheckPublicReadsNamesAndLinks(t *testing.T) {
	t.Parallel()
	page := func(href string) []byte { return []byte(`<p><a href="` + href + `">a list</a></p>`) }
	for _, tc := range []struct {
		name  string
		data  []byte
		leaks bool
	}{
		{"list-jo_at_example_dot_org.html", page("index.html"), true},
		{"list-jo-at-example-org-18ca86d2.html", page("index.html"), true},
		{"list-jo.at.example.org.html", page("index.html"), true},
		{"index.html", page("list-jo_at_example_dot_org.html"), true},
		{"index.html", page("list-jo&#46;at&#46;example&#46;org.html"), true},
		{"index.html", page("list-jo-at-example-dot-org.html"), true},
		{"index.html", page("list-security-reports.html"), false},
		{"list-3.html", page("#main"), false},
		{"list-chat-at-acme.html", page("list-advance-warning.html"), false},
	} {
		err := checkPublic(context.Background(), []file{{name: tc.name, data: tc.data}})
		if (err != nil) != tc.leaks {
			t.Errorf("checkPublic(%s: %s) = %v, want an error: %v", tc.name, tc.data, err, tc.leaks)
		}
	}
}

// TestCheckPublicReadsSpelledWords: the public site's last check finds
// an address spelled in words or signs in a page's text, which a field
// would have hidden, and passes the names and descriptions a field
// keeps.
func TestCheckPublicReadsSpelledWords(t *testing.T) {
	t.Parallel()
	page := func(s string) []byte {
		return []byte(`<table><tr><td>` + template.HTMLEscapeString(s) + `</td></tr></table>`)
	}
	for _, s := range []string{
		"jo at example dot com", "Jo At Example Dot Com", "jo at example Dot Com", "JO AT EXAMPLE DOT COM",
		"chen at the rate example dot com", "chen atTheRate example dot com", "chen attherate example dot com",
		"chen \u090f\u091f \u0926 \u0930\u0947\u091f example \u0921\u0949\u091f \u0915\u0949\u092e", "dana at example dotcom",
		"dana at example dotorg", "dana at example dotnet", "jo \u30a2\u30c3\u30c8 example \u30c9\u30c3\u30c8 com", "jo \uc573 example \ub2f7 com",
		"jo \u0e41\u0e2d\u0e17 example \u0e14\u0e2d\u0e17 com", "jo at example \u05e0\u05e7\u05d5\u05d3\u05d4 com",
		"jo at example\u00b0com", "jo at example\u25c9com", "jo at example\u2b58com", "jo at example\u25abcom", "jo at example\u2056com",
		"jo at example\U00010101com", "jo at example\u0f0bcom", "jo at example\u10fbcom", "jo at example\ua4fecom",
		"jo \u0430\u20dd example.com", "jo \u03b1\u20dd example.com", "jo a\u20df example.com", "jo\u237aexample.com", "jo\u1d43example.com",
		"jo_at_example_dotcom", "Jo-At-Example-Dot-Com", "jo-at-example-dotcom", "Jo_At_Example_Dot_Com", "list-jo_at_example_dotcom",
		"jo at mail dot example dot co dot uk dot com",
	} {
		if hideField(s) != hidden {
			t.Errorf("hideField(%q) keeps it: the page check would fail a build on a field", s)
		}
		if err := checkPublic(context.Background(), []file{{name: "index.html", data: page(s)}}); err == nil {
			t.Errorf("checkPublic passes a page that shows %q", s)
		}
	}
	for _, s := range []string{
		"Works at Dot Com Ventures", "iOS at Dotcom Ltd", "Engineer at Acme Dotcom", "Blue Dot Security", "Check Point",
		"Security reports for example.org", "Postdoc at MIT", "Engineer at Blue Dot Security", "Chen at the rate desk",
		"Maintainer at Node.js", "Dana Whitfield", "Example.org", "Beta testers",
	} {
		if err := checkPublic(context.Background(), []file{{name: "index.html", data: page(s)}}); err != nil {
			t.Errorf("checkPublic fails a page that shows %q: %v", s, err)
		}
	}
}

// TestCheckPublicReadsThePageAsShown: the public site's last check
// reads a page as a reader does, the markup between fields a space, so
// that an address split across items of a row, cells, or a heading and
// its paragraph is found; and still reads the values of attributes.
func TestCheckPublicReadsThePageAsShown(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		page  string
		leaks bool
	}{
		{`<ul class="people"><li><span class="person">Mail jane.doe at</span></li><li><span class="person">example.net</span></li></ul>`, true},
		{"<h1>jane.doe-at</h1>\n<p class=\"lede\">example.net</p>", true},
		{`<tr><td>jo@</td><td>example.org</td></tr>`, true},
		{`<td>jo at example</td><td>dot com</td>`, true},
		{`<div aria-label="jo at example dot com">x</div>`, true},
		{`<ul class="people"><li>Elif Demir</li><li>Example.org</li></ul>`, false},
		{"<h1>security-reports</h1>\n<p class=\"lede\">Reports for example.org</p>", false},
		{`<p>1 &lt; 2 &amp;&amp; 3 &gt; 2</p>`, false},
	} {
		if err := checkPublic(context.Background(), []file{{name: "index.html", data: []byte(tc.page)}}); (err != nil) != tc.leaks {
			t.Errorf("checkPublic(%s) = %v, want an error: %v", tc.page, err, tc.leaks)
		}
	}
}
