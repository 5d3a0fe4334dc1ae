package pullrequest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// nextPage returns the page number of the Link headers' next link (RFC
// 8288: a rel parameter quoted or not, in any case, possibly among other
// relation types), and whether there is one; page is 0 when the link has
// no page number. go-github reads only rel="next" written one way, so a
// next link it cannot parse would otherwise end a listing early.
func nextPage(h http.Header) (page int, ok bool) { return relPage(h, "next") }

// lastPage is nextPage for the last link: a page that names a last page
// beyond itself and no next one contradicts itself, and a listing that
// stopped there would be partial.
func lastPage(h http.Header) (page int, ok bool) { return relPage(h, "last") }

// relPage returns the page number of the Link headers' link of relation
// rel, and whether there is one.
func relPage(h http.Header, rel string) (page int, ok bool) {
	for _, v := range h.Values("Link") {
		for _, l := range parseLinks(v) {
			if !slices.ContainsFunc(strings.Fields(l.rel), func(r string) bool { return strings.EqualFold(r, rel) }) {
				continue
			}
			u, err := url.Parse(l.target)
			if err != nil {
				return 0, true
			}
			n, err := strconv.Atoi(u.Query().Get("page"))
			if err != nil || n <= 0 {
				return 0, true
			}
			return n, true
		}
	}
	return 0, false
}

// link is one link-value of a Link header: its target and its rel.
type link struct{ target, rel string }

// parseLinks reads the link-values of one Link header value: each
// "<target>" followed by ";"-separated parameters, a value a token or a
// quoted string (which may hold ',' and ';').
func parseLinks(v string) []link {
	var out []link
	for {
		open := strings.IndexByte(v, '<')
		if open < 0 {
			return out
		}
		end := strings.IndexByte(v[open:], '>')
		if end < 0 {
			return out
		}
		l := link{target: v[open+1 : open+end]}
		v = v[open+end+1:]
		// Parameters, up to the ',' that ends this link-value.
		for {
			v = strings.TrimLeft(v, " \t")
			if v == "" || v[0] == ',' {
				break
			}
			if v[0] != ';' {
				// Not a parameter: skip to the next link-value.
				if i := strings.IndexByte(v, ','); i >= 0 {
					v = v[i:]
					continue
				}
				v = ""
				break
			}
			v = strings.TrimLeft(v[1:], " \t")
			i := strings.IndexAny(v, "=;,")
			name := strings.TrimSpace(v)
			if i >= 0 {
				name = strings.TrimSpace(v[:i])
			}
			value := ""
			if i >= 0 && v[i] == '=' {
				v = strings.TrimLeft(v[i+1:], " \t")
				if strings.HasPrefix(v, `"`) {
					j := 1
					for j < len(v) && v[j] != '"' {
						if v[j] == '\\' {
							j++
						}
						j++
					}
					value = strings.ReplaceAll(v[1:min(j, len(v))], `\`, "")
					v = v[min(j+1, len(v)):]
				} else {
					k := strings.IndexAny(v, ";,")
					if k < 0 {
						k = len(v)
					}
					value, v = strings.TrimSpace(v[:k]), v[k:]
				}
			} else if i >= 0 {
				v = v[i:]
			} else {
				v = ""
			}
			if strings.EqualFold(name, "rel") && l.rel == "" {
				l.rel = value
			}
		}
		out = append(out, l)
		if v == "" {
			return out
		}
		v = v[1:]
	}
}
