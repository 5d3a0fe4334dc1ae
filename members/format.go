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
// Where the file has a habit of its own (how it indents its vetting
// records), Format keeps it.
func Format(f *File, src []byte) []byte {
	return format(f, src, styleOf(f, src))
}

// style is what Format takes from how a file is written rather than
// from what it holds. It is apart so that a comparison of two models
// (verify) can render both one way: an edit that adds or removes one
// record may tip which habit the file shows, and that is no change of
// its data.
type style struct {
	// vettingIndent goes before each [[member.vetting]] line.
	vettingIndent string
}

// styleOf is the style f's text, src, shows.
func styleOf(f *File, src []byte) style {
	return style{vettingIndent: vettingIndent(f, src)}
}

func format(f *File, src []byte, st style) []byte {
	c := collectComments(f, src)
	var b strings.Builder
	w := &writer{b: &b, comments: c}
	w.keyLine("root/schema", "schema", strconv.Itoa(f.Schema), "")
	if len(f.Admins) > 0 || f.AdminsPos.IsValid() {
		w.keyLine("root/admins", "admins", quoteArray(f.Admins), "")
	}
	lists := append([]*List(nil), f.Lists...)
	sort.SliceStable(lists, func(i, j int) bool { return lists[i].ID < lists[j].ID })
	for i, l := range lists {
		b.WriteString("\n")
		if i == 0 {
			// Comments of a [lists] table or a lists = {...} key.
			w.orphan("root/lists")
		}
		writeList(w, l)
	}
	pols := append([]*Policy(nil), f.Policies...)
	sort.SliceStable(pols, func(i, j int) bool { return pols[i].ID < pols[j].ID })
	for i, p := range pols {
		b.WriteString("\n")
		if i == 0 {
			w.orphan("root/policies")
		}
		writePolicy(w, p)
	}
	order := make([]int, len(f.Members))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		return strings.ToLower(f.Members[order[i]].Email) < strings.ToLower(f.Members[order[j]].Email)
	})
	for k, i := range order {
		b.WriteString("\n")
		if k == 0 {
			// Comments of a member = [...] array.
			w.orphan("root/member")
		}
		writeMember(w, f.Members[i], fmt.Sprintf("member:%d", i), st.vettingIndent)
	}
	w.rest()
	if len(c.lead["eof"]) > 0 {
		b.WriteString("\n")
		w.leading("eof")
	}
	out := b.String()
	if usesCRLF(src) {
		out = strings.ReplaceAll(out, "\n", "\r\n")
	}
	// A byte-order mark stays, as edits keep it: fmt --check must not
	// fail a file the edits wrote, nor fmt rewrite its first line.
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		out = "\xef\xbb\xbf" + out
	}
	return []byte(out)
}

// writer renders blocks and the comments anchored to them.
type writer struct {
	b        *strings.Builder
	comments *comments
	indent   string
}

// leading writes, once, the comment lines above an element.
func (w *writer) leading(anchor string) {
	for _, line := range w.comments.lead[anchor] {
		if line == "" {
			w.b.WriteString("\n")
			continue
		}
		w.b.WriteString(w.indent + line + "\n")
	}
	delete(w.comments.lead, anchor)
}

// trailing writes, once, the comment at the end of an element's line.
func (w *writer) trailing(anchor string) {
	if tail := w.comments.tail[anchor]; tail != "" {
		w.b.WriteString(" " + tail)
	}
	delete(w.comments.tail, anchor)
}

// after writes, once, the comment lines under an element's line and
// those below them, a blank line apart; these are indented, at least
// by two spaces: at the margin they would head the next entry (see
// entryEnd).
func (w *writer) after(anchor string) {
	for _, line := range w.comments.under[anchor] {
		w.b.WriteString(w.indent + line + "\n")
	}
	delete(w.comments.under, anchor)
	if below := w.comments.below[anchor]; len(below) > 0 {
		w.b.WriteString("\n")
		indent := w.indent
		if indent == "" {
			indent = "  "
		}
		for _, line := range below {
			if line != "" {
				w.b.WriteString(indent + line)
			}
			w.b.WriteString("\n")
		}
	}
	delete(w.comments.below, anchor)
}

// rest writes, at the end, the comments no element was written with (an
// anchor this version of the writer does not know): a formatter may move
// a comment, never drop one.
func (w *writer) rest() {
	for _, anchor := range w.comments.order {
		if len(w.comments.lead[anchor]) > 0 || w.comments.tail[anchor] != "" || len(w.comments.under[anchor]) > 0 || len(w.comments.below[anchor]) > 0 {
			w.b.WriteString("\n")
			w.orphan(anchor)
		}
	}
}

// orphan writes, once, the comments of an anchor that is not written as
// itself (an inline form roster writes as tables): its leading comments,
// then its end-of-line comment on a line of its own.
func (w *writer) orphan(anchor string) {
	w.leading(anchor)
	if tail := w.comments.tail[anchor]; tail != "" {
		w.b.WriteString(w.indent + tail + "\n")
	}
	delete(w.comments.tail, anchor)
	w.after(anchor)
}

func (w *writer) header(anchor, text string) {
	w.leading(anchor)
	w.b.WriteString(w.indent + text)
	w.trailing(anchor)
	w.b.WriteString("\n")
	w.after(anchor)
}

func (w *writer) keyLine(anchor, key, value, _ string) {
	w.leading(anchor)
	w.b.WriteString(w.indent + key + " = " + value)
	w.trailing(anchor)
	w.b.WriteString("\n")
	w.after(anchor)
}

func writeList(w *writer, l *List) {
	anchor := "list:" + l.ID
	w.header(anchor, "[lists."+quoteKey(l.ID)+"]")
	values := map[string]string{"address": l.Address, "provider": string(l.Provider), "snapshot": l.Snapshot, "policy": l.Policy, "description": l.Description}
	for _, k := range listKeys {
		switch {
		case !l.Has(k):
		case k == "create":
			w.keyLine(anchor+"/"+k, k, strconv.FormatBool(l.Create), "")
		default:
			w.keyLine(anchor+"/"+k, k, Quote(values[k]), "")
		}
	}
}

func writePolicy(w *writer, p *Policy) {
	anchor := "policy:" + p.ID
	w.header(anchor, "[policies."+quoteKey(p.ID)+"]")
	for _, k := range policyKeys {
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
		case "approvals":
			v = strconv.Itoa(p.Approvals)
		case "allow_non_ascii":
			v = strconv.FormatBool(p.AllowNonASCII)
		case "allow_groups":
			v = strconv.FormatBool(p.AllowGroups)
		}
		w.keyLine(anchor+"/"+k, k, v, "")
	}
	for _, spec := range settingSpecs {
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
	if len(m.Vetting) == 0 {
		// Comments of an empty vetting = [] go under the header, where
		// the next formatting finds them again.
		w.orphan(anchor + "/vetting")
	}
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
	// Comments of a vetting = [...] array go above its first record.
	for j := range m.Vetting {
		w.b.WriteString("\n")
		w.indent = indent
		if j == 0 {
			w.orphan(anchor + "/vetting")
		}
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

// vettingIndent is how the file, f read from src, indents
// [[member.vetting]]: as most of its records are (tabs or spaces, as
// written), else two spaces.
func vettingIndent(f *File, src []byte) string {
	counts := map[string]int{}
	for _, m := range f.Members {
		for _, v := range m.Vetting {
			if !v.Pos.IsValid() { // a record an edit is adding
				continue
			}
			start := v.Pos.Offset - (v.Pos.Col - 1)
			if start < 0 || v.Pos.Offset > len(src) || v.Pos.Col-1 > 8 {
				continue
			}
			if ws := string(src[start:v.Pos.Offset]); strings.Trim(ws, " \t") == "" {
				counts[ws]++
			}
		}
	}
	best, n := "  ", 0
	for ws, c := range counts {
		if c > n || c == n && ws < best {
			best, n = ws, c
		}
	}
	return best
}

// comments are the comments of a file, by the anchor they belong to:
// lead are whole-line comments above an element or key, tail the
// comment at the end of its line.
type comments struct {
	lead map[string][]string
	tail map[string]string
	// under are the whole-line comments directly under an element's
	// line (no blank line between), written there at its indentation;
	// below, those a blank line further down, which are not the next
	// element's either: written after under, a blank line apart.
	under map[string][]string
	below map[string][]string
	order []string // anchors in the order they got comments
}

func keyPath(it unstable.Iterator) []string {
	var out []string
	for it.Next() {
		out = append(out, string(it.Node().Data))
	}
	return out
}
