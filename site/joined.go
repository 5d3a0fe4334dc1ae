package site

import (
	"bytes"
	"strings"
)

// tagsJoined is a hand-written page's text as a browser lays it out:
// each inline tag (<b>, </span>, <tspan>) dropped, so that the text on
// either side runs on, as "<b>jane</b>@<b>zorbix</b>.io" shows
// "jane@zorbix.io"; a tag that starts a block or a cell (<p>, <li>,
// <td>, <br>) a line break, as the browser breaks the line there; a
// comment dropped to its end ("-->", as a browser ends one: see
// commentEnd). A tag ends at the first '>' outside its attributes'
// quoted values (title=">" ends none). A '<' that starts no tag is text.
// Text with no '<' is returned as it is.
func tagsJoined(text []byte) []byte {
	if bytes.IndexByte(text, '<') < 0 {
		return text
	}
	out := make([]byte, 0, len(text))
	for {
		i := bytes.IndexByte(text, '<')
		if i < 0 {
			return append(out, text...)
		}
		out = append(out, text[:i]...)
		text = text[i:]
		switch {
		case bytes.HasPrefix(text, []byte("<!--")):
			end := commentEnd(text)
			if end < 0 {
				return out // a comment that does not end shows nothing
			}
			text = text[end:]
			continue
		case len(text) < 2 || !startsTag(text[1]):
			out = append(out, '<')
			text = text[1:]
			continue
		}
		end, name := tagEnd(text)
		if end < 0 {
			return append(out, text...)
		}
		if blockTags[name] {
			out = append(out, '\n')
		}
		text = text[end:]
	}
}

// startsTag reports whether c, after a '<', starts a tag (a name, an
// end tag, a declaration or a processing instruction).
func startsTag(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?'
}

// tagEnd returns the length of the tag text starts with, to the '>' that
// ends it outside quoted attribute values, and its name in lower case;
// -1 when it does not end.
func tagEnd(text []byte) (int, string) {
	j := 1
	if j < len(text) && text[j] == '/' {
		j++
	}
	k := j
	for k < len(text) && (text[k] >= 'a' && text[k] <= 'z' || text[k] >= 'A' && text[k] <= 'Z' || text[k] >= '0' && text[k] <= '9' || text[k] == '-' || text[k] == ':') {
		k++
	}
	name := strings.ToLower(string(text[j:k]))
	// As a browser reads a tag: attribute names run to a blank, '/',
	// '>' or '=' (an '=' where a name starts is part of it); a quote
	// opens a value only right after an attribute's '=' (blanks aside),
	// and an unquoted value runs to a blank or '>', its quotes and '='
	// characters like any other.
	blank := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
	for p := k; p < len(text); {
		switch c := text[p]; {
		case c == '>':
			return p + 1, name
		case blank(c) || c == '/':
			p++
		default:
			p++ // the name's first character, '=' too
			for p < len(text) && !blank(text[p]) && text[p] != '/' && text[p] != '>' && text[p] != '=' {
				p++
			}
			q := p
			for q < len(text) && blank(text[q]) {
				q++
			}
			if q >= len(text) || text[q] != '=' {
				continue
			}
			for p = q + 1; p < len(text) && blank(text[p]); p++ {
			}
			if p < len(text) && (text[p] == '"' || text[p] == '\'') {
				e := bytes.IndexByte(text[p+1:], text[p])
				if e < 0 {
					return -1, name
				}
				p += e + 2
				continue
			}
			for p < len(text) && !blank(text[p]) && text[p] != '>' {
				p++
			}
		}
	}
	return -1, name
}

// commentEnd returns the length of the comment text starts with ("<!--"),
// to where a browser ends it: "-->", "--!>", or at once for "<!-->" and
// "<!--->"; -1 when it does not end.
func commentEnd(text []byte) int {
	switch {
	case bytes.HasPrefix(text, []byte("<!-->")):
		return 5
	case bytes.HasPrefix(text, []byte("<!--->")):
		return 6
	}
	end := -1
	for _, closer := range []string{"-->", "--!>"} {
		if i := bytes.Index(text[4:], []byte(closer)); i >= 0 && (end < 0 || 4+i+len(closer) < end) {
			end = 4 + i + len(closer)
		}
	}
	return end
}

// blockTags are the elements a browser sets apart from the text around
// them: blocks, list items, table cells and rows, line breaks, and an
// SVG's text elements, each placed on its own.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true, "caption": true, "dd": true,
	"details": true, "dialog": true, "div": true, "dl": true, "dt": true, "fieldset": true, "figcaption": true,
	"figure": true, "footer": true, "form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "header": true, "hr": true, "li": true, "main": true, "nav": true, "ol": true, "option": true,
	"p": true, "pre": true, "section": true, "summary": true, "table": true, "tbody": true, "td": true,
	"tfoot": true, "th": true, "thead": true, "tr": true, "ul": true, "text": true, "title": true, "body": true,
	"head": true, "html": true, "svg": true, "button": true, "label": true, "legend": true, "menu": true, "textarea": true,
}
