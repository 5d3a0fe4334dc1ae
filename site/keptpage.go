package site

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/bidi"
)

// A page kept in a public roster's directory is published as it is, and
// what a browser shows of it is not its text: a script writes, SVG places
// text by coordinates, CSS hides, reorders and adds it, a raw-text
// element's content is no markup, and a hand-written reader of tags is
// wrong somewhere a browser is right. So a kept HTML page is read as a
// browser builds it (golang.org/x/net/html, the HTML5 tree builder), and
// kept only when all it holds is inert markup whose text shows in the
// order it is written: paragraphs, headings, lists, tables, links,
// images and inline emphasis. Anything else in it is refused, named, as
// is every other format a browser lays out (SVG, XML with its
// stylesheets, PDF): roster cannot tell what such a file shows.

// laidOut reports why name, with data, is a document a browser or a
// viewer lays out other than as its text, which a public roster keeps
// only as an HTML page of inert markup (keptPage); "" for a file shown
// as it is written (text, an image, a font).
func laidOut(name string, data []byte) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".svg", ".svgz":
		return "an SVG image, whose text is placed by coordinates and styles"
	case ".xml", ".xsl", ".xslt", ".rss", ".atom", ".xhtml", ".xht", ".xbl", ".mml":
		return "an XML document, which a browser lays out or transforms by its stylesheet"
	case ".pdf", ".ps", ".eps", ".mht", ".mhtml", ".rtf":
		return "a document a viewer lays out from encoded streams"
	}
	// A PDF under any name opens in a viewer, which draws text decoded
	// from streams (hex, compressed) that read as no address.
	if bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return "a PDF, which a viewer draws from encoded streams"
	}
	// Markup under a name a host may serve as XML or HTML (.xsd, .rdf,
	// .kml and many more have XML types, and XHTML in any of them runs
	// its scripts): only a page's own name (keptPage reads it) or one
	// served as plain text shows it as written.
	if !htmlPage(name) && !plainText(name) && startsMarkup(data) {
		return "markup under a name a host may serve as XML or HTML, which a browser lays out, transforms or runs"
	}
	return ""
}

// plainText reports whether name is served as text, shown as written.
func plainText(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".text", ".md", ".markdown", ".csv", ".tsv", ".css", ".js", ".mjs", ".json", ".yml", ".yaml", ".toml", ".asc":
		return true
	}
	return false
}

// startsMarkup reports whether data, past a byte-order mark and blanks,
// starts with a tag, a declaration or a processing instruction.
func startsMarkup(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xfe, 0xff}) || bytes.HasPrefix(data, []byte{0xff, 0xfe}) {
		// UTF-16, as a browser reads it by its mark: its first
		// characters as ASCII.
		var ascii []byte
		for i := 2; i+1 < len(data) && len(ascii) < 64; i += 2 {
			hi, lo := data[i], data[i+1]
			if data[0] == 0xff {
				hi, lo = lo, hi
			}
			if hi != 0 {
				break
			}
			ascii = append(ascii, lo)
		}
		data = ascii
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n\f")
	return len(t) > 1 && t[0] == '<' && (t[1] == '?' || t[1] == '!' || t[1] >= 'a' && t[1] <= 'z' || t[1] >= 'A' && t[1] <= 'Z')
}

// htmlPage reports whether name is served as an HTML page.
func htmlPage(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm", ".shtml":
		return true
	}
	return false
}

// inertBlocks are the elements a kept page may hold that set their text
// apart (a line of its own); inertInline those whose text runs on with
// the text beside them. Nothing else is kept: no script, style, SVG,
// MathML, template, frame, form, media, ruby, bidi override, collapsed
// element or table (a table sets its cells side by side, each centred
// on the tallest, its head and caption first: what a row shows on one
// line is no cell's text, nor theirs in the order written).
var (
	inertBlocks = setOf("html", "head", "body", "title", "p", "div", "section", "article", "header",
		"footer", "main", "nav", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl",
		"dt", "dd", "blockquote", "pre", "hr", "br", "figure", "figcaption", "address", "center")
	inertInline = setOf("a", "b", "i", "em", "strong", "small", "code", "kbd", "samp", "var", "span",
		"abbr", "cite", "q", "sub", "sup", "mark", "s", "u", "del", "ins", "time", "data", "dfn",
		"img", "wbr", "tt", "big", "strike", "label", "meta", "link")
	// inertAttrs are the attributes a kept page's elements may carry:
	// none that hides, colours, styles, moves, numbers or runs anything
	// (a list's markers are text the browser writes: type, start and
	// value are left out; align and http-equiv are kept where they move
	// and load nothing, and style only empty: see inertElement).
	inertAttrs = setOf("href", "src", "alt", "title", "lang", "id", "class", "name", "width", "height",
		"align", "http-equiv", "clear", "noshade", "datetime", "charset", "content", "rel", "target",
		"loading", "decoding", "cite", "referrerpolicy", "hreflang", "translate", "role", "xmlns",
		"property", "itemprop", "itemscope", "itemtype")
	// shownAttrs are read with the text: a tooltip, a label a screen
	// reader says, a meta's content, a link (an image's alternative is
	// read in its line: see keptPage).
	shownAttrs = setOf("title", "aria-label", "aria-description", "content", "href", "src", "cite", "datetime")
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// keptPage returns the text a browser shows of the HTML page data, as it
// lays it out: each text in the order written, an inline element's run
// on with the text beside it, a block's on lines of its own, and each
// attribute a person is shown (shownAttrs) on a line of its own; or why
// the page cannot be kept, naming the first element or attribute that
// is not inert markup.
func keptPage(data []byte) (shown []byte, refused string) {
	// An XML declaration's encoding is one a browser may read the page
	// in, opened from disk: UTF-8 only, as it is read here.
	if t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n\f"); bytes.HasPrefix(t, []byte("<?xml")) {
		decl, _, _ := bytes.Cut(t, []byte("?>"))
		if _, enc, ok := bytes.Cut(bytes.ToLower(decl), []byte("encoding")); ok {
			label, _, _ := strings.Cut(strings.TrimLeft(string(enc), " \t\r\n="), " ")
			if label = strings.Trim(label, `"'?`); !utf8Label(label) {
				return nil, fmt.Sprintf("its XML declaration names the encoding %q: a page is kept in UTF-8, as it is read", label)
			}
		}
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, "it cannot be read as HTML (" + err.Error() + ")"
	}
	// Read twice: an image's alternative in its line (shown when the
	// image does not load), and the image as nothing (one that loads
	// may be a pixel wide): the text around it runs on either way.
	var out []byte
	for _, alt := range []bool{true, false} {
		var b bytes.Buffer
		if why := readKept(&b, doc, alt); why != "" {
			return nil, why
		}
		out = append(append(out, b.Bytes()...), "\n\n"...)
	}
	// A mark of direction written as a reference (&#x202e;, &rlm;) is
	// one in the text as the browser has it.
	if bytes.ContainsFunc(out, reorders) {
		return nil, "its text holds a character that reorders the text after it (a bidirectional override, isolate or mark, written as a reference)"
	}
	// In a line with right-to-left letters, an image is one neutral
	// sign (two are drawn in reverse order, with the text beside each),
	// and numbers after such a letter are drawn right to left: such a
	// line is not read in its written order.
	if why := reorderedLine(out); why != "" {
		return nil, why
	}
	return bytes.ReplaceAll(out, []byte(string(imageMark)), nil), ""
}

// readKept writes the text of the page under n to b, as keptPage reads
// it, an image's alternative in its line when alt is true; or says why
// it cannot be kept.
func readKept(b *bytes.Buffer, n *html.Node, alt bool) string {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return ""
	case html.CommentNode, html.DoctypeNode:
		return ""
	case html.ElementNode:
		if why := inertElement(n); why != "" {
			return why
		}
		if n.Data == "img" && !alt {
			// Where an image stands, for the bidirectional reading
			// (imageMark); dropped before the text is read for what it
			// spells.
			b.WriteRune(imageMark)
		}
		block := inertBlocks[n.Data]
		if block {
			b.WriteByte('\n')
			defer b.WriteByte('\n')
		}
		for _, a := range n.Attr {
			switch {
			case n.Data == "img" && a.Key == "alt":
				if alt {
					b.WriteString(a.Val)
				}
			case shownAttrs[a.Key]:
				b.WriteString("\n" + a.Val + "\n")
			}
			// A link as it is followed: percent escapes decoded
			// (mailto:jane@zorbix%2Eio writes to jane@zorbix.io).
			if d, err := url.PathUnescape(a.Val); err == nil && d != a.Val && (a.Key == "href" || a.Key == "src" || a.Key == "cite") {
				b.WriteString("\n" + d + "\n")
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if why := readKept(b, c, alt); why != "" {
			return why
		}
	}
	return ""
}

// inertElement says why the element n is not inert markup, or "".
func inertElement(n *html.Node) string {
	if n.Namespace != "" {
		return fmt.Sprintf("it holds <%s> (%s), whose text a browser places by its own rules", n.Data, n.Namespace)
	}
	if !inertBlocks[n.Data] && !inertInline[n.Data] {
		return fmt.Sprintf("it holds <%s>, which may run, hide or move what the page shows", n.Data)
	}
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		switch {
		case a.Namespace != "":
			return fmt.Sprintf("its <%s> has the attribute %s:%s", n.Data, a.Namespace, key)
		case strings.HasPrefix(key, "aria-"):
			// Read aloud, never laid out (aria-label is read as text).
		case key == "style" && strings.TrimSpace(a.Val) == "":
			// Empty: styles nothing.
		case key == "dir" && strings.EqualFold(strings.TrimSpace(a.Val), "ltr") && inertBlocks[n.Data]:
			// The direction a page has anyway, on a block, a paragraph
			// of its own (rtl, auto, and bdo reorder; on an inline
			// element, ltr makes an isolate, which right-to-left
			// letters around it set in reverse order with the next).
		case key == "xml:lang":
		case !inertAttrs[key]:
			return fmt.Sprintf("its <%s> has the attribute %s, which may run, hide, style or move what the page shows", n.Data, key)
		}
		if key == "href" || key == "src" || key == "cite" {
			scheme := strings.ToLower(strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1 // a browser drops blanks and controls in a scheme
				}
				return r
			}, a.Val))
			for _, s := range []string{"javascript:", "vbscript:", "data:"} {
				if strings.HasPrefix(scheme, s) {
					return fmt.Sprintf("its <%s> links to a %s URL, which holds a page or a script of its own", n.Data, strings.TrimSuffix(s, ":"))
				}
			}
		}
	}
	if n.Data == "title" && inBody(n) {
		// Hidden wherever it stands but in the head: the text on its
		// two sides runs together.
		return "it holds a <title> in its body, which a browser hides, joining the text on either side"
	}
	if v, ok := attr(n, "align"); ok && !alignsInPlace(n.Data, v) {
		return fmt.Sprintf("its <%s> has align=%q, which floats or moves it beside the text after it, so that it reads out of order", n.Data, v)
	}
	if v, ok := attr(n, "http-equiv"); ok {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "x-ua-compatible", "content-language":
		case "content-type":
			if c, _ := attr(n, "content"); !strings.Contains(strings.ReplaceAll(strings.ToLower(c), " ", ""), "charset=utf-8") {
				return fmt.Sprintf("its <meta http-equiv> names the type %q: a page is kept in UTF-8, as it is read", c)
			}
		default:
			return fmt.Sprintf("its <meta> has http-equiv=%q, which may load, redirect or change the page", v)
		}
	}
	switch n.Data {
	case "img":
		// An image loads what its src names: one of the site's own
		// files is read as kept, another site's is not roster's to read.
		if src, ok := attr(n, "src"); ok && !ownURL(src) {
			return "its <img> loads an image from elsewhere, which roster cannot read"
		}
	case "link":
		// An icon of the site's own, or a link a page names (canonical,
		// author): never a stylesheet, which hides and moves text.
		rel, _ := attr(n, "rel")
		href, _ := attr(n, "href")
		switch strings.ToLower(strings.TrimSpace(rel)) {
		case "icon", "shortcut icon", "apple-touch-icon":
			if !ownURL(href) {
				return "its <link rel=icon> loads an image from elsewhere, which roster cannot read"
			}
		case "canonical", "author", "license", "me", "help", "home", "prev", "next":
		default:
			return fmt.Sprintf("it holds <link rel=%q> (a stylesheet hides and moves text)", rel)
		}
	case "meta":
		// Read as UTF-8 (GitHub Pages serves it so); a page that says
		// otherwise shows, opened from disk, what its bytes are in
		// another encoding.
		if cs, ok := attr(n, "charset"); ok && !utf8Label(cs) {
			return fmt.Sprintf("its <meta> names the encoding %q: a page is kept in UTF-8, as it is read", cs)
		}
	}
	return ""
}

// reorders reports whether r makes a browser lay out the text after it
// in another order than it is written: a bidirectional embedding,
// override or isolate, or an invisible mark of direction (a
// right-to-left mark sets digits and signs beside it right to left:
// "wei<RLM>.163@<RLM>com" shows wei@163.com).
func reorders(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' || r == '\u200e' || r == '\u200f' || r == '\u061c'
}

// attr is n's attribute key, and whether it has it.
func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// ownURL reports whether u, as a browser reads it (tabs and line breaks
// dropped anywhere, blanks and controls trimmed, a backslash a slash),
// names a file of the site's own: no scheme, no host, below the page.
func ownURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return -1
		case r == '\\':
			return '/'
		}
		return r
	}, u)
	u = strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })
	// Below the page's own directory: a path from the root, or one
	// that climbs out (..), leaves the site on a project's Pages,
	// which share a host with the organisation's and others'.
	u, _, _ = strings.Cut(u, "?")
	u, _, _ = strings.Cut(u, "#")
	if d, err := url.PathUnescape(u); err == nil {
		u = d
	}
	return !strings.Contains(u, ":") && !strings.HasPrefix(u, "/") && !slices.Contains(strings.Split(u, "/"), "..")
}

// utf8Label reports whether label names UTF-8 as the WHATWG Encoding
// standard spells it.
func utf8Label(label string) bool {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8":
		return true
	}
	return false
}

// inBody reports whether n stands in its page's body (not its head).
func inBody(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "body" {
			return true
		}
	}
	return false
}

// alignsInPlace reports whether align=v on the element named el aligns
// its text, or centres it, where it stands, rather than floating it
// beside what follows (an image to the left or right).
func alignsInPlace(el, v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	return el != "img" || v != "left" && v != "right"
}

// rightToLeft reports whether r is a letter written right to left
// (bidirectional class R or AL: Hebrew, Arabic, Syriac and the like).
func rightToLeft(r rune) bool {
	p, _ := bidi.LookupRune(r)
	c := p.Class()
	return c == bidi.R || c == bidi.AL
}

// imageMark stands for an image in a page's text, for reorderedLine.
const imageMark = '\ufffc'

// reorderedLine says why a line of text (a page's, as keptPage reads
// it, or a text file's) is drawn in another order than it is written,
// or "": one that holds right-to-left letters and an image, or numbers
// after a right-to-left letter with no left-to-right letter between
// (after an Arabic letter, "03-11-2026" is drawn "2026-11-03"; after a
// Hebrew one, "9930 5512" is drawn "5512 9930").
func reorderedLine(text []byte) string {
	for _, line := range bytes.Split(text, []byte("\n")) {
		rtl, afterRTL, image := false, false, false
		for _, r := range string(line) {
			switch {
			case r == imageMark:
				image = true
			case rightToLeft(r):
				rtl, afterRTL = true, true
			case leftToRight(r):
				afterRTL = false
			case afterRTL && unicode.IsDigit(r):
				return "it sets numbers after right-to-left letters, which a browser draws in another order than written"
			}
		}
		if rtl && image {
			return "it sets images among right-to-left letters, which a browser may draw in another order than written"
		}
	}
	return ""
}

// leftToRight reports whether r is a letter written left to right
// (bidirectional class L).
func leftToRight(r rune) bool {
	p, _ := bidi.LookupRune(r)
	return p.Class() == bidi.L
}
