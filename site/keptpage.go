package site

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"golang.org/x/net/html"
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
	return ""
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
// MathML, template, frame, form, media, ruby, bidi override or
// collapsed element.
var (
	inertBlocks = setOf("html", "head", "body", "title", "p", "div", "section", "article", "header",
		"footer", "main", "nav", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl",
		"dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col",
		"blockquote", "pre", "hr", "br", "figure", "figcaption", "address", "center")
	inertInline = setOf("a", "b", "i", "em", "strong", "small", "code", "kbd", "samp", "var", "span",
		"abbr", "cite", "q", "sub", "sup", "mark", "s", "u", "del", "ins", "time", "data", "dfn",
		"img", "wbr", "tt", "big", "strike", "label", "meta")
	// inertAttrs are the attributes a kept page's elements may carry:
	// none that hides, colours, styles, moves, numbers or runs anything
	// (a list's markers are text the browser writes: type, start and
	// value are left out).
	inertAttrs = setOf("href", "src", "alt", "title", "lang", "id", "class", "name", "width", "height",
		"colspan", "rowspan", "scope", "headers", "datetime", "charset", "content", "rel", "target",
		"loading", "decoding", "abbr", "cite", "referrerpolicy", "hreflang", "translate", "role", "span",
		"align", "valign", "border", "cellpadding", "cellspacing", "summary", "xmlns", "property",
		"itemprop", "itemscope", "itemtype")
	// shownAttrs are read with the text: a tooltip, an image's
	// alternative, a label a screen reader says, a meta's content.
	shownAttrs = setOf("alt", "title", "aria-label", "aria-description", "content", "abbr", "summary", "href", "src", "cite", "datetime")
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
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, "it cannot be read as HTML (" + err.Error() + ")"
	}
	var b bytes.Buffer
	var walk func(n *html.Node) string
	walk = func(n *html.Node) string {
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
			block := inertBlocks[n.Data]
			if block {
				b.WriteByte('\n')
			}
			for _, a := range n.Attr {
				if shownAttrs[a.Key] {
					b.WriteString("\n" + a.Val + "\n")
				}
			}
			defer func() {
				if block {
					b.WriteByte('\n')
				}
			}()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if why := walk(c); why != "" {
				return why
			}
		}
		return ""
	}
	if why := walk(doc); why != "" {
		return nil, why
	}
	return b.Bytes(), ""
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
	if n.Data == "img" {
		// An image loads what its src names: one of the site's own
		// files is read as kept, another site's is not roster's to read.
		for _, a := range n.Attr {
			if a.Key == "src" && (strings.Contains(a.Val, ":") || strings.HasPrefix(strings.TrimSpace(strings.ReplaceAll(a.Val, `\`, "/")), "//")) {
				return "its <img> loads an image from elsewhere, which roster cannot read"
			}
		}
	}
	return ""
}

// reorders reports whether r makes a browser lay out the text after it
// in another order than it is written: a bidirectional embedding,
// override or isolate.
func reorders(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}
