package members

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"
)

// Format renders a parsed file canonically: lists and policies sorted by
// id, members by email, keys in the reference order, values quoted and
// spaced one way. Every comment of src is kept with what it describes: a
// comment on its own lines with the table or key below it, an
// end-of-line comment on its key's line. f must be the parse of src.
func Format(f *File, src []byte) []byte {
	c := collectComments(f, src)
	var b strings.Builder
	w := &writer{b: &b, comments: c}
	w.keyLine("root/schema", "schema", strconv.Itoa(f.Schema), "")
	lists := append([]*List(nil), f.Lists...)
	sort.SliceStable(lists, func(i, j int) bool { return lists[i].ID < lists[j].ID })
	for _, l := range lists {
		b.WriteString("\n")
		writeList(w, l)
	}
	pols := append([]*Policy(nil), f.Policies...)
	sort.SliceStable(pols, func(i, j int) bool { return pols[i].ID < pols[j].ID })
	for _, p := range pols {
		b.WriteString("\n")
		writePolicy(w, p)
	}
	order := make([]int, len(f.Members))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		return strings.ToLower(f.Members[order[i]].Email) < strings.ToLower(f.Members[order[j]].Email)
	})
	indent := vettingIndent(f)
	for _, i := range order {
		b.WriteString("\n")
		writeMember(w, f.Members[i], fmt.Sprintf("member:%d", i), indent)
	}
	if len(c.lead["eof"]) > 0 {
		b.WriteString("\n")
		w.leading("eof")
	}
	if usesCRLF(src) {
		return []byte(strings.ReplaceAll(b.String(), "\n", "\r\n"))
	}
	return []byte(b.String())
}

// writer renders blocks and the comments anchored to them.
type writer struct {
	b        *strings.Builder
	comments *comments
	indent   string
}

func (w *writer) leading(anchor string) {
	for _, line := range w.comments.lead[anchor] {
		if line == "" {
			w.b.WriteString("\n")
			continue
		}
		w.b.WriteString(w.indent + line + "\n")
	}
}

func (w *writer) header(anchor, text string) {
	w.leading(anchor)
	w.b.WriteString(w.indent + text)
	if tail := w.comments.tail[anchor]; tail != "" {
		w.b.WriteString(" " + tail)
	}
	w.b.WriteString("\n")
}

func (w *writer) keyLine(anchor, key, value, _ string) {
	w.leading(anchor)
	w.b.WriteString(w.indent + key + " = " + value)
	if tail := w.comments.tail[anchor]; tail != "" {
		w.b.WriteString(" " + tail)
	}
	w.b.WriteString("\n")
}

func writeList(w *writer, l *List) {
	anchor := "list:" + l.ID
	w.header(anchor, "[lists."+quoteKey(l.ID)+"]")
	values := map[string]string{"address": l.Address, "provider": string(l.Provider), "snapshot": l.Snapshot, "policy": l.Policy, "description": l.Description}
	for _, k := range listKeys {
		if l.Has(k) {
			w.keyLine(anchor+"/"+k, k, Quote(values[k]), "")
		}
	}
}

func writePolicy(w *writer, p *Policy) {
	anchor := "policy:" + p.ID
	w.header(anchor, "[policies."+quoteKey(p.ID)+"]")
	for _, k := range PolicyKeys {
		if !p.Has(k) {
			continue
		}
		var v string
		switch k {
		case "max_members":
			v = strconv.Itoa(p.MaxMembers)
		case "min_owners":
			v = strconv.Itoa(p.MinOwners)
		case "vetting_methods":
			v = quoteArray(p.VettingMethods)
		case "vetted_by":
			v = Quote(string(p.VettedBy))
		case "vetting_valid_for":
			v = Quote(rawValidity(p))
		case "required_fields":
			v = quoteArray(p.RequiredFields)
		case "allowed_domains":
			v = quoteArray(p.AllowedDomains)
		case "denied_domains":
			v = quoteArray(p.DeniedDomains)
		case "unmanaged":
			v = Quote(string(p.Unmanaged))
		case "allow_non_ascii":
			v = strconv.FormatBool(p.AllowNonASCII)
		case "allow_groups":
			v = strconv.FormatBool(p.AllowGroups)
		}
		w.keyLine(anchor+"/"+k, k, v, "")
	}
	for _, spec := range SettingSpecs {
		for _, s := range p.Settings {
			if s.Name != spec.Key {
				continue
			}
			v := Quote(s.Value)
			if spec.Bool {
				v = s.Value
			}
			w.keyLine(anchor+"/"+s.Name, s.Name, v, "")
		}
	}
}

// rawValidity keeps the author's unit ("2y" stays "2y") when it reads
// back to the same number of days.
func rawValidity(p *Policy) string {
	if p.validityText != "" {
		return p.validityText
	}
	return p.VettingValidFor.String()
}

func writeMember(w *writer, m *Member, anchor, indent string) {
	w.header(anchor, "[[member]]")
	values := map[string]string{"email": m.Email, "name": m.Name, "github": m.GitHub, "affiliation": m.Affiliation}
	for _, k := range memberKeys {
		switch {
		case k == "lists":
			if m.Has("lists") {
				w.keyLine(anchor+"/lists", "lists", InlineLists(m.Lists), "")
			}
		case k == "vetting":
		case m.Has(k):
			w.keyLine(anchor+"/"+k, k, Quote(values[k]), "")
		}
	}
	for j := range m.Vetting {
		w.b.WriteString("\n")
		w.indent = indent
		writeVetting(w, &m.Vetting[j], fmt.Sprintf("%s/vetting:%d", anchor, j))
		w.indent = ""
	}
}

func writeVetting(w *writer, v *Vetting, anchor string) {
	w.header(anchor, "[[member.vetting]]")
	values := map[string]string{"by": v.By, "method": v.Method, "note": v.Note, "evidence": v.Evidence}
	for _, k := range vettingKeys {
		switch {
		case !v.Has(k):
		case k == "on":
			w.keyLine(anchor+"/on", "on", v.On.Format(DateLayout), "")
		default:
			w.keyLine(anchor+"/"+k, k, Quote(values[k]), "")
		}
	}
}

// InlineLists renders a member's lists as an inline table, in the order
// given: { security-reports = "owner", advance-warning = "member" }.
func InlineLists(ms []Membership) string {
	if len(ms) == 0 {
		return "{}"
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = quoteKey(m.List) + " = " + Quote(string(m.Role))
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// Quote renders s as a TOML basic string.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f || r == utf8.RuneError {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func quoteArray(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// quoteKey writes a key bare when TOML allows it, quoted otherwise.
func quoteKey(k string) string {
	if k == "" {
		return `""`
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return Quote(k)
		}
	}
	return k
}

// vettingIndent is how the file indents [[member.vetting]]: as most of
// its records are, else two spaces.
func vettingIndent(f *File) string {
	counts := map[int]int{}
	for _, m := range f.Members {
		for _, v := range m.Vetting {
			counts[v.Pos.Col-1]++
		}
	}
	best, n := 2, 0
	for col, c := range counts {
		if c > n || c == n && col < best {
			best, n = col, c
		}
	}
	if best < 0 || best > 8 {
		best = 2
	}
	return strings.Repeat(" ", best)
}

// comments are the comments of a file, by the anchor they belong to:
// lead are whole-line comments above an element or key, tail the
// comment at the end of its line.
type comments struct {
	lead map[string][]string
	tail map[string]string
}

// collectComments walks the expressions of src, naming each table and key
// by an anchor that survives reordering ("member:3/vetting:0/by"), and
// attaches every comment to the next anchor (or the one on its line).
func collectComments(f *File, src []byte) *comments {
	c := &comments{lead: map[string][]string{}, tail: map[string]string{}}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	var p unstable.Parser
	p.KeepComments = true
	p.Reset(src)
	var pending []string
	prevEnd := -1 // where the last comment ended, to keep blank lines between comment paragraphs
	ctx := "root"
	memberIdx, vetIdx := -1, -1
	flush := func(anchor string) {
		if len(pending) > 0 {
			c.lead[anchor] = append(c.lead[anchor], pending...)
			pending = nil
		}
	}
	for p.NextExpression() {
		e := p.Expression()
		var anchor string
		switch e.Kind {
		case unstable.Comment:
			start := int(e.Raw.Offset)
			if len(pending) > 0 && prevEnd >= 0 && bytes.Count(src[prevEnd:start], []byte{'\n'}) >= 2 {
				pending = append(pending, "")
			}
			pending = append(pending, strings.TrimRight(string(e.Data), " \t\r"))
			prevEnd = start + len(e.Data)
			continue
		case unstable.Table, unstable.ArrayTable:
			path := keyPath(e.Key())
			switch {
			case len(path) == 2 && path[0] == "lists":
				ctx = "list:" + path[1]
			case len(path) == 2 && path[0] == "policies":
				ctx = "policy:" + path[1]
			case len(path) == 1 && path[0] == "member":
				memberIdx++
				vetIdx = -1
				ctx = fmt.Sprintf("member:%d", memberIdx)
			case len(path) == 2 && path[0] == "member" && path[1] == "vetting":
				vetIdx++
				ctx = fmt.Sprintf("member:%d/vetting:%d", memberIdx, vetIdx)
			case len(path) == 2 && path[0] == "member" && path[1] == "lists":
				// [member.lists] renders as the member's lists key.
				ctx = fmt.Sprintf("member:%d/lists", memberIdx)
			default:
				ctx = "root"
			}
			anchor = ctx
		case unstable.KeyValue:
			path := keyPath(e.Key())
			switch {
			case strings.HasSuffix(ctx, "/lists"):
				anchor = ctx
			case ctx == "root" && len(path) == 1:
				anchor = "root/" + path[0]
			case ctx == "root" && len(path) >= 2 && (path[0] == "lists" || path[0] == "policies"):
				anchor = strings.TrimSuffix(path[0], "s")
				if path[0] == "policies" {
					anchor = "policy"
				}
				anchor += ":" + path[1]
				if len(path) > 2 {
					anchor += "/" + path[2]
				}
			case len(path) >= 1 && path[0] == "lists" && strings.HasPrefix(ctx, "member:"):
				anchor = ctx + "/lists"
			default:
				anchor = ctx + "/" + path[0]
			}
			// Comments inside a multi-line value move above its key.
			it := e.Value().Children()
			for it.Next() {
				collectInner(it.Node(), &pending)
			}
		}
		flush(anchor)
		if next := e.Next(); next != nil && next.Kind == unstable.Comment {
			c.tail[anchor] = strings.TrimRight(string(next.Data), " \t\r")
		}
	}
	if len(pending) > 0 {
		c.lead["eof"] = pending
	}
	return c
}

func collectInner(n *unstable.Node, out *[]string) {
	if n.Kind == unstable.Comment {
		*out = append(*out, strings.TrimRight(string(n.Data), " \t\r"))
		return
	}
	it := n.Children()
	for it.Next() {
		collectInner(it.Node(), out)
	}
}

func keyPath(it unstable.Iterator) []string {
	var out []string
	for it.Next() {
		out = append(out, string(it.Node().Data))
	}
	return out
}
