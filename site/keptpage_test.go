package site_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/site"
)

// TestAPublicRosterKeepsOnlyPagesItCanRead: a page kept in a public
// roster's directory is published as it is, and a browser shows what its
// markup makes of it, not its text: a script writes, SVG places text by
// coordinates, CSS and the hidden attribute hide letters inside a note,
// a raw-text element or a bogus comment is not what a hand-written
// reader of tags takes it for. Such a page, and every format a viewer
// lays out (SVG, XML, PDF under any name), is refused, and the earlier
// site stays; plain markup is read as the browser builds it.
func TestAPublicRosterKeepsOnlyPagesItCanRead(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, file, page, want string
	}{
		// Read as the browser builds the page: each is the address
		// zq@zorbix.io on screen.
		{"a bogus comment whose quote a tag reader takes for a value", "p.html", `<!x="><p>zq@zor<b></b>bix.io</p><!x=">`, "shows an email address"},
		{"a processing instruction ending at its '>'", "p.html", `<?x a="><p>zq@zor<i></i>bix.io</p><?x a=">`, "shows an email address"},
		{"a stray body tag inside a paragraph", "p.html", `<p>zq@zor<body>bix.io</p>`, "shows an email address"},
		{"a label, inline", "p.html", `<p>zq@zor<label>bix</label>.io</p>`, "shows an email address"},
		{"an entity", "p.html", `<p>zq&#x40;zor<b>bix</b>&period;io</p>`, "shows an email address"},
		// Markup that runs, hides, styles, moves or numbers.
		{"a script that writes", "p.html", `<script>document.write(['zq','zorbix.io'].join(String.fromCharCode(64)))</script>`, "<script>"},
		{"a style element", "p.html", `<style>p::before{content:'Founding '}</style><p>maintainer</p>`, "<style>"},
		{"a style attribute", "p.html", `<p>securi<span style="display:none">q</span>ty</p>`, "the attribute style"},
		{"the hidden attribute inside a note", "p.html", `<p>Product securi<span hidden>q</span>ty lead</p>`, "the attribute hidden"},
		{"a template", "p.html", `<p>a<template>q</template>b</p>`, "<template>"},
		{"ruby's parentheses", "p.html", `<p><ruby>a<rp>q</rp></ruby></p>`, "<ruby>"},
		{"a noscript", "p.html", `<noscript>q</noscript>`, "<noscript>"},
		{"SVG text placed by coordinates", "p.html", `<svg><text x="50">bix.io</text><text x="0">zq@zor</text></svg>`, "<svg>"},
		{"a direction override element", "p.html", `<p><bdo dir="rtl">oi.xibroz@qz</bdo></p>`, "<bdo>"},
		{"a direction attribute", "p.html", `<p dir="rtl">x</p>`, "the attribute dir"},
		{"a colour", "p.html", `<p><font color="#fff">q</font></p>`, "<font>"},
		{"a list's markers", "p.html", `<ol type="a" start="10"><li>x</li></ol>`, "the attribute type"},
		{"a collapsed element", "p.html", `<details><summary>x</summary>y</details>`, "<details>"},
		{"an event handler", "p.html", `<p onmouseover="alert(1)">x</p>`, "the attribute onmouseover"},
		{"a javascript link", "p.html", `<a href=" java&#x09;script:alert(1)">x</a>`, "a javascript URL"},
		{"a data link", "p.html", `<a href="data:text/html,x">x</a>`, "a data URL"},
		{"an image from elsewhere", "p.html", `<img src="//img.example/x.png" alt="x">`, "loads an image from elsewhere"},
		{"a refresh", "p.html", `<meta http-equiv="refresh" content="0;url=https://example.net">`, `http-equiv="refresh"`},
		{"an iframe", "p.html", `<iframe srcdoc="x"></iframe>`, "<iframe>"},
		// Floated, escaped, encoded (s30-kept).
		{"a table floated after the text it reads before", "p.html", `<p>Lead: <table align=right><tr><td>zorbix.io</td></tr></table><table align=right><tr><td>zq@</td></tr></table></p>`, "<table>"},
		{"an image floated", "p.html", `<p>x<img align=right alt="y"></p>`, `align="right"`},
		{"an image from elsewhere behind a line break", "p.html", "<img src=\"/\n/img.example/x.png\">", "loads an image from elsewhere"},
		{"an image from elsewhere behind a backslash", "p.html", `<img src="\\img.example/x.png">`, "loads an image from elsewhere"},
		{"a table foot, drawn below the body written after it", "p.html", `<table><tfoot><tr><td>x</td></tr></tfoot><tbody><tr><td>y</td></tr></tbody></table>`, "<table>"},
		{"a stylesheet", "p.html", `<link rel="stylesheet" href="s.css"><p>x</p>`, "a stylesheet hides and moves text"},
		{"an icon from elsewhere", "p.html", `<link rel="icon" href="https://img.example/i.png">`, "loads an image from elsewhere"},
		{"another encoding", "p.html", `<meta charset="iso-2022-jp"><p>x</p>`, `the encoding "iso-2022-jp"`},
		{"a percent-encoded mail link", "p.html", `<a href="mailto:zq@zorbix%2Eio">write</a>`, "shows an email address"},
		{"XHTML under a schema's name", "s.xsd", `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script>x</script></html>`, "markup under a name"},
		{"markup under a map's name", "m.kml", `<kml><p>x</p></kml>`, "markup under a name"},
		// Hidden, moved, inline (s30-kept2).
		{"a title in the body", "p.html", `<p>Write to zq@zor<title></title>bix.io</p>`, "a <title> in its body"},
		{"a cell spanning rows", "p.html", `<table><tr><td></td><td rowspan=2>zorbix.io</td></tr><tr><td>zq@</td></tr></table>`, "<table>"},
		{"an image's text in the line", "p.html", `<p>Write to <img alt="zq@zor">bix.io</p>`, "shows an email address"},
		{"a caption moved below", "p.html", `<table><caption align="bottom">x</caption><tr><td>y</td></tr></table>`, "<table>"},
		{"an XML declaration's encoding", "p.html", `<?xml version="1.0" encoding="iso-2022-jp"?><p>x</p>`, `the encoding "iso-2022-jp"`},
		{"an XML declaration with no encoding's value", "p.html", `<?xml encoding?><p>x</p>`, `the encoding ""`},
		{"a UTF-16 schema", "s.xsd", "\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00", "markup under a name"},
		// Cells side by side, centred on the tallest (s30-kept3).
		{"cells side by side", "p.html", `<table><tr><td align=right>Reach<br>zq@<br>soon</td><td>zorbix.io</td></tr></table>`, "<table>"},
		{"a pixel-wide image between halves", "p.html", `<p>Write to zq@zor<img alt="(a map)" width=1 height=1>bix.io</p>`, "shows an email address"},
		{"an image from the site's root", "p.html", `<img src="/people/contact.png" alt="">`, "loads an image from elsewhere"},
		{"an image from a directory above", "p.html", `<img src="../people/contact.png" alt="">`, "loads an image from elsewhere"},
		{"an image from above, escaped", "p.html", `<img src="img/%2E%2E/%2E%2E/x.png" alt="">`, "loads an image from elsewhere"},
		// Formats a browser or a viewer lays out.
		{"an SVG file", "logo.svg", `<svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>`, "an SVG image"},
		{"an XML file with its stylesheet", "feed.xml", `<?xml-stylesheet href="s.xsl" type="text/xsl"?><a/>`, "an XML document"},
		{"a PDF", "card.pdf", "%PDF-1.4\n1 0 obj << /Filter /ASCIIHexDecode >> stream\n7a71407a6f726269782e696f\nendstream", "a document a viewer lays out"},
		{"a PDF under another name", "card.bin", "%PDF-1.4\n", "a PDF"},
		// Text that a browser reorders.
		{"a right-to-left override in text", "t.txt", "oi.xibroz\u202e@qz", "reorders the text after it"},
		{"an isolate in a page", "p.html", "<p>a\u2067b\u2069</p>", "reorders the text after it"},
		// Written as references, and invisible marks (s30-kept4).
		{"an override as a reference", "p.html", `<p>Our lead: &#x202E;oi.xibroz@qz</p>`, "reorders the text after it"},
		{"an isolate as a reference in a title", "p.html", `<p title="&#x2067;x">y</p>`, "reorders the text after it"},
		{"a right-to-left mark", "t.txt", "zq\u200f.163@\u200fcom", "reorders the text after it"},
		{"an Arabic letter mark", "t.md", "zq\u061c.163@com", "reorders the text after it"},
		{"a right-to-left mark as a reference", "p.html", `<p>zq&rlm;.163@&rlm;com</p>`, "reorders the text after it"},
		{"a right-to-left page", "p.html", `<html dir="rtl"><p>x</p></html>`, "the attribute dir"},
		// Isolates and images between right-to-left letters (s30-kept5).
		{"inline isolates between right-to-left letters", "p.html", "<p>Our lead: \u05d0 <span dir=\"ltr\">zorbix.io</span><span dir=\"ltr\">zq@</span> \u05d0</p>", "the attribute dir"},
		{"numbers after an Arabic sign", "p.html", `<p>Video call on &#x61b;03-11-2026 ID 4471.</p>`, "numbers after right-to-left letters"},
		{"numbers after a Hebrew sign, in text", "t.txt", "number \u05c3 9930 5512 4471\n", "numbers after right-to-left letters"},
		{"images between right-to-left letters", "p.html", "<p>\u05d0 zorbix.io<img alt=\"\">zq@<img alt=\"\"> \u05d0</p>", "images among right-to-left letters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "site")
			if err := site.Build(out, smallInput(t, true)); err != nil {
				t.Fatal(err)
			}
			writeTestFile(t, filepath.Join(out, tc.file), []byte(tc.page))
			before := readTree(t, out)
			err := site.Build(out, smallInput(t, true))
			if err == nil || !strings.Contains(err.Error(), tc.file+" in the public roster's directory") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("kept %q: got %v, want a refusal naming %s with %q", tc.page, err, tc.file, tc.want)
			}
			if strings.Contains(err.Error(), "zorbix") {
				t.Errorf("the refusal quotes the page: %v", err)
			}
			if after := readTree(t, out); len(after) != len(before) {
				t.Error("the earlier site changed")
			}
		})
	}
	// The auditor's site keeps what it is given: it is no one's to
	// publish.
	private := filepath.Join(t.TempDir(), "site")
	if err := site.Build(private, smallInput(t, false)); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(private, "p.html"), []byte(`<script>document.write(1)</script><p align=right dir=rtl>x</p>`))
	writeTestFile(t, filepath.Join(private, "logo.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>`))
	if err := site.Build(private, smallInput(t, false)); err != nil {
		t.Errorf("the auditor's site refused a page of its own: %v", err)
	}

	// Plain markup is kept, whole, as are text in a right-to-left
	// script (with no invisible mark of direction) and images of the
	// site's own.
	out := filepath.Join(t.TempDir(), "site")
	if err := site.Build(out, smallInput(t, true)); err != nil {
		t.Fatal(err)
	}
	plain := map[string]string{
		"about.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>About the team</title></head>` +
			`<body><header><h1>About</h1></header><main><p>We answer within <strong>two days</strong>; see <a href="https://roster.dev" rel="noopener">roster.dev</a>.</p>` +
			`<img src="logo.png" alt="The team's logo" width="40"><dl><dt>Week 1</dt><dd>@ada</dd></dl><hr noshade><br clear="all"><p style="">x</p>` +
			`<ul><li>one</li><li><em>two</em></li></ul><blockquote cite="https://example.org/post">a < b</blockquote><!-- a note to ourselves --></main></body></html>`,
		"hebrew.txt":   "\u05e9\u05dc\u05d5\u05dd world\n",
		"hebrew.html":  "<p>\u05e9\u05dc\u05d5\u05dd, Ada (2015)</p>",
		"mixed.html":   "<header><img src=\"logo.png\" alt=\"Logo\"></header><p>Ali (\u0639\u0644\u064a)</p><p lang=\"he\" dir=\"ltr\">\u05e9\u05dc\u05d5\u05dd</p><div dir=\"ltr\">x</div>",
		"ltr.html":     `<html dir="ltr" xml:lang="en" lang="en"><p>x</p></html>`,
		"centred.html": `<meta http-equiv="X-UA-Compatible" content="IE=edge"><p align="center">x</p><img src="img/logo.png?v=2" align="middle" alt="">`,
		"links.html":   `<link rel="icon" href="favicon.png"><link rel="canonical" href="https://roster.dev/team"><meta charset="UTF-8"><p><a href="https://github.com/roster-dev">GitHub</a></p>`,
		"notes.md":     "<b>Team</b> notes, in markdown\n",
	}
	for name, page := range plain {
		writeTestFile(t, filepath.Join(out, name), []byte(page))
	}
	if err := site.Build(out, smallInput(t, true)); err != nil {
		t.Fatalf("plain markup refused: %v", err)
	}
	for name, page := range plain {
		if got, err := os.ReadFile(filepath.Join(out, name)); err != nil || string(got) != page {
			t.Errorf("%s not kept as it was: %v", name, err)
		}
	}
}
