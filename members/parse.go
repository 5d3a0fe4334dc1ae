package members

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"
	"github.com/roster-dev/roster/internal/nearest"
)

// Parse reads a members file. name is only used in messages. It returns
// the file and, if anything is wrong, an ErrorList with every problem found
// (a syntax error stops reading, so it comes alone). The returned file is
// incomplete when there are errors; callers must not act on it then.
//
// Parse never panics and never reads past data: an empty or truncated file
// is an error, never an empty membership.
func Parse(name string, data []byte) (*File, error) {
	d := newDecoder(name, data)
	d.run()
	f := d.finish()
	if len(d.errs) > 0 {
		d.errs.sort()
		return f, d.errs
	}
	return f, nil
}

// ctxKind is what the keys being read belong to.
type ctxKind uint8

const (
	ctxDiscard ctxKind = iota // after a bad header: keys are skipped, not re-reported
	ctxRoot
	ctxLists
	ctxList
	ctxPolicies
	ctxPolicy
	ctxMember
	ctxMemberLists
	ctxVetting
)

type context struct {
	kind   ctxKind
	list   *List
	policy *Policy
	member *Member
	vet    *Vetting
}

// origin is how a table came to exist, which decides whether TOML lets it
// be written to again.
type origin uint8

const (
	originNone     origin = iota
	originImplicit        // parent of a [a.b] header
	originHeader          // [a]
	originDotted          // a.b = 1
	originInline          // a = { ... }
	originArray           // [[a]] or a = [ ... ]
)

type decoder struct {
	name string
	data []byte // the whole file
	base int    // bytes skipped before the TOML (a UTF-8 BOM)
	errs ErrorList
	file *File
	root Located

	p       unstable.Parser
	cursor  Pos               // the last position computed; see pos
	values  map[string]string // see repeated
	keys    []keyPart         // arena for keyParts
	slab    []KeyPos          // see keySlab
	cur     context
	origins map[string]origin // "lists", "lists.x", "policies", "member", ...

	// state of the member being read: only the last [[member]] can be
	// extended by later headers.
	memberLists   origin
	memberVetting origin

	open *Located // the element whose header was read last; its End is set at the next header
}

func newDecoder(name string, data []byte) *decoder {
	d := &decoder{
		name:    name,
		data:    data,
		file:    &File{Name: name, lists: make(map[string]*List), policies: make(map[string]*Policy)},
		origins: make(map[string]origin),
	}
	d.cursor = Pos{Line: 1, Col: 1}
	return d
}

// pos converts an offset into the parsed text (after any BOM) to a
// position in the file. Positions are asked for in nearly increasing
// order, so a cursor that counts the newlines since the last answer costs
// one pass over the file in all, with no line table to hold.
func (d *decoder) pos(off int) Pos {
	off += d.base
	c := d.cursor
	lineStart := c.Offset - (c.Col - 1)
	switch {
	case off >= c.Offset:
		chunk := d.data[c.Offset:off]
		if n := bytes.Count(chunk, []byte{'\n'}); n > 0 {
			c.Line += n
			lineStart = c.Offset + bytes.LastIndexByte(chunk, '\n') + 1
		}
	case off < lineStart:
		// Backwards past a line start (a header's '[' on an earlier
		// line, an error found late): count from the top.
		c.Line = 1 + bytes.Count(d.data[:off], []byte{'\n'})
		lineStart = bytes.LastIndexByte(d.data[:off], '\n') + 1
	}
	d.cursor = Pos{Line: c.Line, Col: off - lineStart + 1, Offset: off}
	return d.cursor
}

func (d *decoder) errorf(p Pos, subject about, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.name, Pos: p, Subject: subject.String(), Kind: "schema", Msg: fmt.Sprintf(format, args...)})
}

// about names what an error concerns. It is rendered only when an error is
// reported, so that reading a valid file builds no messages.
type about struct {
	kind string // "member", "list", "policy"; "" for the file itself
	id   string
	line int // for a member whose email is not known (yet)
}

func (a about) String() string {
	switch {
	case a.kind == "":
		return ""
	case a.id == "" && a.kind == "member":
		return fmt.Sprintf("member at line %d", a.line)
	}
	return a.kind + " " + a.id
}

func (d *decoder) syntaxf(p Pos, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.name, Pos: p, Kind: "syntax", Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) run() {
	src := d.data
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		// Editors on Windows write a byte-order mark; TOML has no use for
		// it but it is harmless, so it is skipped rather than rejected.
		d.base = 3
		src = src[3:]
	}
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		d.syntaxf(d.pos(off), "invalid UTF-8 (byte 0x%02x); save the file as UTF-8", src[off])
		return
	}
	if len(bytes.TrimSpace(src)) == 0 {
		d.syntaxf(Pos{Line: 1, Col: 1}, "the file is empty; it must start with \"schema = %d\" (an empty file is never read as \"no members\")", SchemaVersion)
		return
	}
	d.cur = context{kind: ctxRoot}
	d.p.Reset(src)
	for d.p.NextExpression() {
		d.keys = d.keys[:0]
		e := d.p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			d.header(e)
		case unstable.KeyValue:
			keys := d.keyParts(e.Key())
			d.assign(d.cur, keys, e.Value())
		}
	}
	if err := d.p.Error(); err != nil {
		d.syntaxError(err)
	}
}

func (d *decoder) syntaxError(err error) {
	perr, ok := err.(*unstable.ParserError)
	if !ok {
		d.syntaxf(Pos{Line: 1, Col: 1}, "%v", err)
		return
	}
	off := len(d.data) - d.base
	func() {
		defer func() { _ = recover() }() // Range panics if the highlight is not in the input
		off = int(d.p.Range(perr.Highlight).Offset)
	}()
	p := d.pos(off)
	msg := "syntax error: " + perr.Message
	if dateLike.Match(lineAt(d.data, p.Offset)) {
		// "on = 05/01/2026" fails in the lexer, far from any date rule.
		msg += "; write dates as YYYY-MM-DD without quotes, like on = 2024-05-31"
	}
	d.syntaxf(p, "%s", msg)
}

// dateLike matches a line that writes a date some other way than TOML's.
var dateLike = regexp.MustCompile(`\bon\s*=\s*[0-9]`)

// lineAt returns the line of data that holds offset off.
func lineAt(data []byte, off int) []byte {
	off = min(max(off, 0), len(data))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	end := bytes.IndexByte(data[off:], '\n')
	if end < 0 {
		return data[start:]
	}
	return data[start : off+end]
}

type keyPart struct {
	name string
	pos  Pos
}

// keyParts returns the parts of a dotted key. They are carved out of an
// arena that is reset at each top-level expression: only appended to, so
// slices handed out earlier in the same expression stay intact.
func (d *decoder) keyParts(it unstable.Iterator) []keyPart {
	start := len(d.keys)
	for it.Next() {
		n := it.Node()
		d.keys = append(d.keys, keyPart{name: intern(n.Data), pos: d.pos(int(n.Raw.Offset))})
	}
	return d.keys[start:len(d.keys):len(d.keys)]
}

// intern returns the well-known keys as constants, so that a file of 100k
// members does not allocate a copy of "email" for each.
func intern(b []byte) string {
	switch string(b) {
	case "email":
		return "email"
	case "name":
		return "name"
	case "github":
		return "github"
	case "affiliation":
		return "affiliation"
	case "lists":
		return "lists"
	case "vetting":
		return "vetting"
	case "by":
		return "by"
	case "on":
		return "on"
	case "method":
		return "method"
	case "note":
		return "note"
	case "evidence":
		return "evidence"
	case "member":
		return "member"
	case "owner":
		return "owner"
	}
	return string(b)
}

// listName returns the id of a list a member is on, shared with the list's
// own id where the list is already known.
func (d *decoder) listName(id string) string {
	if l := d.file.lists[id]; l != nil {
		return l.ID
	}
	return id
}

func joinKeys(parts []keyPart) string {
	names := make([]string, len(parts))
	for i, p := range parts {
		names[i] = p.name
	}
	return strings.Join(names, ".")
}

// headerPos is where a [table] header starts: the first '[' before its key.
func (d *decoder) headerPos(first keyPart, double bool) (Pos, int) {
	off := first.pos.Offset - d.base
	src := d.data[d.base:]
	for off > 0 && (src[off-1] == ' ' || src[off-1] == '\t') {
		off--
	}
	n := 1
	if double {
		n = 2
	}
	for ; n > 0 && off > 0 && src[off-1] == '['; n-- {
		off--
	}
	lineStart := off
	for lineStart > 0 && src[lineStart-1] != '\n' {
		lineStart--
	}
	return d.pos(off), lineStart + d.base
}

func (d *decoder) header(e *unstable.Node) {
	parts := d.keyParts(e.Key())
	aot := e.Kind == unstable.ArrayTable
	hp, lineStart := d.headerPos(parts[0], aot)
	if d.open != nil {
		d.open.End = lineStart
		d.open = nil
	}
	d.cur = context{kind: ctxDiscard}
	path := joinKeys(parts)
	bracket := func(s string) string {
		if aot {
			return "[[" + s + "]]"
		}
		return "[" + s + "]"
	}
	switch {
	case path == "lists" || path == "policies":
		if aot {
			d.errorf(hp, about{}, "%s is a table of named tables; write [%s] or [%s.ID], not [[%s]]", path, path, path, path)
			return
		}
		if !d.defineTable(hp, path, originHeader) {
			return
		}
		d.root.Keys = appendKey(d.root.Keys, path, hp)
		if path == "lists" {
			d.cur = context{kind: ctxLists}
		} else {
			d.cur = context{kind: ctxPolicies}
		}
	case len(parts) == 2 && (parts[0].name == "lists" || parts[0].name == "policies"):
		if aot {
			d.errorf(hp, about{}, "write [%s], not [[%s]]: each %s is one table", path, path, strings.TrimSuffix(parts[0].name, "s"))
			return
		}
		if d.origins[parts[0].name] == originNone {
			d.origins[parts[0].name] = originImplicit
			d.root.Keys = appendKey(d.root.Keys, parts[0].name, hp)
		} else if o := d.origins[parts[0].name]; o == originInline {
			d.errorf(hp, about{}, "%s was written as an inline table; it cannot be extended by [%s]", parts[0].name, path)
			return
		}
		if !d.defineTable(hp, path, originHeader) {
			return
		}
		if parts[0].name == "lists" {
			l := d.list(parts[1].name, hp)
			l.Pos, l.Start = hp, lineStart
			d.open = &l.Located
			d.cur = context{kind: ctxList, list: l}
		} else {
			p := d.policy(parts[1].name, hp)
			p.Pos, p.Start = hp, lineStart
			d.open = &p.Located
			d.cur = context{kind: ctxPolicy, policy: p}
		}
	case path == "member":
		if !aot {
			d.errorf(hp, about{}, "members are an array of tables: write [[member]], not [member]")
			return
		}
		switch d.origins["member"] {
		case originNone:
			d.origins["member"] = originArray
			d.root.Keys = appendKey(d.root.Keys, "member", hp)
		case originArray:
		default:
			d.errorf(hp, about{}, "member was already written as a static array; use [[member]] tables throughout")
			return
		}
		m := &Member{}
		m.Pos, m.Start = hp, lineStart
		d.file.Members = append(d.file.Members, m)
		d.memberLists, d.memberVetting = originNone, originNone
		d.open = &m.Located
		d.cur = context{kind: ctxMember, member: m}
	case path == "member.lists" || path == "member.vetting":
		if len(d.file.Members) == 0 || d.origins["member"] != originArray {
			d.errorf(hp, about{}, "%s comes before any [[member]]; put it under the member it belongs to", bracket(path))
			return
		}
		m := d.file.Members[len(d.file.Members)-1]
		subject := memberSubject(m)
		if path == "member.lists" {
			if aot {
				d.errorf(hp, subject, "write [member.lists] (one table of list = role), not [[member.lists]]")
				return
			}
			if d.memberLists != originNone {
				d.errorf(hp, subject, "lists is already defined at line %d; a table can only be defined once", m.At("lists").Line)
				return
			}
			d.memberLists = originHeader
			m.Keys = appendKey(m.Keys, "lists", hp)
			d.cur = context{kind: ctxMemberLists, member: m}
			// The member's text goes on to the next header: edits that
			// insert after it must not land inside its lists table.
			if n := len(m.Vetting); n > 0 {
				d.open = &m.Vetting[n-1].Located
			} else {
				d.open = &m.Located
			}
			return
		}
		if !aot {
			d.errorf(hp, subject, "vetting records are an array of tables: write [[member.vetting]]")
			return
		}
		switch d.memberVetting {
		case originNone:
			d.memberVetting = originArray
			m.Keys = appendKey(m.Keys, "vetting", hp)
		case originArray:
		default:
			d.errorf(hp, subject, "vetting was already written as a static array; use [[member.vetting]] tables throughout")
			return
		}
		m.Vetting = append(m.Vetting, Vetting{})
		v := &m.Vetting[len(m.Vetting)-1]
		v.Pos, v.Start = hp, lineStart
		d.open = &v.Located
		d.cur = context{kind: ctxVetting, member: m, vet: v}
	default:
		d.errorf(hp, about{}, "unknown table %s%s; the file has [lists.ID], [policies.ID], [[member]] and [[member.vetting]]", bracket(path), suggest(parts[0].name, []string{"lists", "policies", "member"}))
	}
}

// defineTable records that the table at path is being defined, and reports
// a second definition the way TOML forbids it.
func (d *decoder) defineTable(p Pos, path string, o origin) bool {
	prev := d.origins[path]
	switch {
	case prev == originNone, prev == originImplicit && o == originHeader:
		d.origins[path] = o
		return true
	case prev == originDotted && o == originDotted:
		return true
	}
	d.errorf(p, about{}, "duplicate table %q: it is already defined above; merge the two", path)
	return false
}

func appendKey(keys []KeyPos, key string, p Pos) []KeyPos {
	return append(keys, KeyPos{Key: key, Pos: p})
}

// setKey records a key of an element and reports a key written twice.
func (d *decoder) setKey(loc *Located, subject about, k keyPart) bool {
	for _, existing := range loc.Keys {
		if existing.Key == k.name {
			d.errorf(k.pos, subject, "duplicate key %q (first set at line %d)", k.name, existing.Pos.Line)
			return false
		}
	}
	if loc.Keys == nil {
		loc.Keys = d.keySlab()
	}
	loc.Keys = append(loc.Keys, KeyPos{Key: k.name, Pos: k.pos})
	return true
}

// keysPerElement is the capacity each element's Keys start with: a member
// has six keys, a vetting record five. Carving them out of one slab saves
// a large file a million small allocations; an element with more keys
// grows its own slice without touching its neighbours'.
const keysPerElement = 6

func (d *decoder) keySlab() []KeyPos {
	if len(d.slab) < keysPerElement {
		// About one element per 60 bytes of text, at most 1024 at a time:
		// a one-member document does not pay for a large file's slab.
		d.slab = make([]KeyPos, keysPerElement*min(1024, 1+len(d.data)/60))
	}
	keys := d.slab[:0:keysPerElement]
	d.slab = d.slab[keysPerElement:]
	return keys
}

func (d *decoder) list(id string, p Pos) *List {
	if l := d.file.lists[id]; l != nil {
		return l
	}
	l := &List{ID: id}
	l.Pos = p
	d.file.Lists = append(d.file.Lists, l)
	d.file.lists[id] = l
	return l
}

func (d *decoder) policy(id string, p Pos) *Policy {
	if pol := d.file.policies[id]; pol != nil {
		return pol
	}
	pol := &Policy{ID: id}
	pol.Pos = p
	d.file.Policies = append(d.file.Policies, pol)
	d.file.policies[id] = pol
	return pol
}

func memberSubject(m *Member) about {
	return about{kind: "member", id: m.Email, line: m.Pos.Line}
}

// assign stores the value of a (possibly dotted) key read in context c.
func (d *decoder) assign(c context, keys []keyPart, val *unstable.Node) {
	k := keys[0]
	rest := keys[1:]
	switch c.kind {
	case ctxDiscard:
	case ctxRoot:
		d.assignRoot(k, rest, val)
	case ctxLists, ctxPolicies:
		d.assignNamed(c.kind, k, rest, val)
	case ctxList:
		if d.leaf(k, rest, about{kind: "list", id: c.list.ID}) {
			d.listField(c.list, k, val)
		}
	case ctxPolicy:
		if d.leaf(k, rest, about{kind: "policy", id: c.policy.ID}) {
			d.policyField(c.policy, k, val)
		}
	case ctxMember:
		d.assignMember(c.member, k, rest, val)
	case ctxMemberLists:
		subject := memberSubject(c.member)
		if !d.leaf(k, rest, subject) {
			return
		}
		for _, ms := range c.member.Lists {
			if ms.List == k.name {
				d.errorf(k.pos, subject, "list %q is given twice (first at line %d)", k.name, ms.Pos.Line)
				return
			}
		}
		role, ok := d.repeated(val, k, subject)
		if ok {
			c.member.Lists = append(c.member.Lists, Membership{List: d.listName(k.name), Role: Role(role), Pos: k.pos})
		}
	case ctxVetting:
		if d.leaf(k, rest, memberSubject(c.member)) {
			d.vettingField(c.member, c.vet, k, val)
		}
	}
}

// leaf reports an error for a dotted key where a plain one is expected.
func (d *decoder) leaf(k keyPart, rest []keyPart, subject about) bool {
	if len(rest) == 0 {
		return true
	}
	d.errorf(k.pos, subject, "%q is not a table; write %s = value", k.name, k.name)
	return false
}

func (d *decoder) assignRoot(k keyPart, rest []keyPart, val *unstable.Node) {
	switch k.name {
	case "schema":
		if !d.leaf(k, rest, about{}) || !d.setKey(&d.root, about{}, k) {
			return
		}
		if n, ok := d.integer(val, k, about{}); ok {
			d.file.Schema = n
			d.file.SchemaPos = k.pos
		}
	case "lists", "policies":
		kind := ctxLists
		if k.name == "policies" {
			kind = ctxPolicies
		}
		if len(rest) > 0 {
			if o := d.origins[k.name]; o == originNone {
				d.origins[k.name] = originDotted
				d.root.Keys = appendKey(d.root.Keys, k.name, k.pos)
			} else if o != originDotted {
				d.errorf(k.pos, about{}, "%s is already defined at line %d; add to it there", k.name, d.root.At(k.name).Line)
				return
			}
			d.assignNamed(kind, rest[0], rest[1:], val)
			return
		}
		if !d.defineTable(k.pos, k.name, originInline) {
			return
		}
		d.root.Keys = appendKey(d.root.Keys, k.name, k.pos)
		d.eachInline(val, k, about{}, func(keys []keyPart, v *unstable.Node) {
			d.assignNamed(kind, keys[0], keys[1:], v)
		})
	case "member":
		if !d.leaf(k, rest, about{}) {
			return
		}
		if d.origins["member"] != originNone {
			d.errorf(k.pos, about{}, "member is already defined; use [[member]] tables throughout")
			return
		}
		d.origins["member"] = originInline
		d.root.Keys = appendKey(d.root.Keys, "member", k.pos)
		d.eachTableInArray(val, k, about{}, func(p Pos) context {
			m := &Member{}
			m.Pos = p
			d.file.Members = append(d.file.Members, m)
			return context{kind: ctxMember, member: m}
		})
	default:
		d.errorf(k.pos, about{}, "unknown key %q%s; the top level has schema, [lists.ID], [policies.ID] and [[member]]", k.name, suggest(k.name, []string{"schema", "lists", "policies", "member"}))
	}
}

// assignNamed reads "ID = { ... }" or "ID.field = v" under [lists] or
// [policies].
func (d *decoder) assignNamed(kind ctxKind, k keyPart, rest []keyPart, val *unstable.Node) {
	group := "lists"
	if kind == ctxPolicies {
		group = "policies"
	}
	path := group + "." + k.name
	var c context
	get := func() {
		if kind == ctxLists {
			c = context{kind: ctxList, list: d.list(k.name, k.pos)}
		} else {
			c = context{kind: ctxPolicy, policy: d.policy(k.name, k.pos)}
		}
	}
	if len(rest) > 0 {
		if !d.defineTable(k.pos, path, originDotted) {
			return
		}
		get()
		d.assign(c, rest, val)
		return
	}
	if !d.defineTable(k.pos, path, originInline) {
		return
	}
	get()
	d.eachInline(val, k, about{kind: strings.TrimSuffix(group, "s"), id: k.name}, func(keys []keyPart, v *unstable.Node) {
		d.assign(c, keys, v)
	})
}

func (d *decoder) assignMember(m *Member, k keyPart, rest []keyPart, val *unstable.Node) {
	subject := memberSubject(m)
	switch k.name {
	case "lists":
		if len(rest) > 0 {
			switch d.memberLists {
			case originNone:
				d.memberLists = originDotted
				m.Keys = appendKey(m.Keys, "lists", k.pos)
			case originDotted:
			default:
				d.errorf(k.pos, subject, "lists is already defined at line %d; add to it there", m.At("lists").Line)
				return
			}
			d.assign(context{kind: ctxMemberLists, member: m}, rest, val)
			return
		}
		if d.memberLists != originNone || !d.setKey(&m.Located, subject, k) {
			if d.memberLists != originNone {
				d.errorf(k.pos, subject, "lists is already defined at line %d", m.At("lists").Line)
			}
			return
		}
		d.memberLists = originInline
		if val.Kind == unstable.InlineTable {
			// Sized once: a file of 100k members would otherwise grow
			// each member's slice a step at a time.
			n := 0
			for it := val.Children(); it.Next(); {
				n++
			}
			m.Lists = make([]Membership, 0, n)
		}
		d.eachInline(val, k, subject, func(keys []keyPart, v *unstable.Node) {
			d.assign(context{kind: ctxMemberLists, member: m}, keys, v)
		})
	case "vetting":
		if !d.leaf(k, rest, subject) {
			return
		}
		if d.memberVetting != originNone || !d.setKey(&m.Located, subject, k) {
			if d.memberVetting != originNone {
				d.errorf(k.pos, subject, "vetting is already defined; use [[member.vetting]] tables throughout")
			}
			return
		}
		d.memberVetting = originInline
		d.eachTableInArray(val, k, subject, func(p Pos) context {
			m.Vetting = append(m.Vetting, Vetting{})
			v := &m.Vetting[len(m.Vetting)-1]
			v.Pos = p
			return context{kind: ctxVetting, member: m, vet: v}
		})
	default:
		if d.leaf(k, rest, subject) {
			d.memberField(m, k, val)
		}
	}
}

// eachInline calls fn for every key of an inline table value.
func (d *decoder) eachInline(val *unstable.Node, k keyPart, subject about, fn func([]keyPart, *unstable.Node)) {
	if val.Kind != unstable.InlineTable {
		d.errorf(k.pos, subject, "%q must be a table, not %s", k.name, kindName(val))
		return
	}
	it := val.Children()
	for it.Next() {
		kv := it.Node()
		fn(d.keyParts(kv.Key()), kv.Value())
	}
}

// eachTableInArray reads "key = [ {...}, {...} ]", creating one element per
// inline table with newElem and assigning its keys there.
func (d *decoder) eachTableInArray(val *unstable.Node, k keyPart, subject about, newElem func(Pos) context) {
	if val.Kind != unstable.Array {
		d.errorf(k.pos, subject, "%q must be an array of tables, not %s", k.name, kindName(val))
		return
	}
	it := val.Children()
	for it.Next() {
		item := it.Node()
		if item.Kind == unstable.Comment {
			continue
		}
		if item.Kind != unstable.InlineTable {
			d.errorf(k.pos, subject, "every element of %q must be a table, not %s", k.name, kindName(item))
			continue
		}
		c := newElem(d.pos(int(item.Raw.Offset)))
		inner := item.Children()
		for inner.Next() {
			kv := inner.Node()
			d.assign(c, d.keyParts(kv.Key()), kv.Value())
		}
	}
}

func kindName(n *unstable.Node) string {
	switch n.Kind {
	case unstable.String:
		return "a string"
	case unstable.Integer:
		return "an integer"
	case unstable.Float:
		return "a float"
	case unstable.Bool:
		return "a boolean"
	case unstable.Array:
		return "an array"
	case unstable.InlineTable:
		return "a table"
	case unstable.LocalDate:
		return "a date"
	case unstable.LocalTime:
		return "a time"
	case unstable.LocalDateTime, unstable.DateTime:
		return "a date-time"
	}
	return strings.ToLower(n.Kind.String())
}

// str reads a string value.
func (d *decoder) str(val *unstable.Node, k keyPart, subject about) (string, bool) {
	if val.Kind != unstable.String {
		d.errorf(k.pos, subject, "%q must be a string, not %s", k.name, kindName(val))
		return "", false
	}
	return string(val.Data), true
}

// repeated reads a string value that recurs across members (a vetter, a
// method, an affiliation, a role) and stores each distinct value once: in
// a file of 100k members these would otherwise be 100k copies each.
func (d *decoder) repeated(val *unstable.Node, k keyPart, subject about) (string, bool) {
	if val.Kind != unstable.String {
		return d.str(val, k, subject)
	}
	if s, ok := d.values[string(val.Data)]; ok {
		return s, true
	}
	if d.values == nil {
		d.values = make(map[string]string)
	}
	s := string(val.Data)
	d.values[s] = s
	return s, true
}

func (d *decoder) integer(val *unstable.Node, k keyPart, subject about) (int, bool) {
	if val.Kind != unstable.Integer {
		d.errorf(k.pos, subject, "%q must be an integer, not %s", k.name, kindName(val))
		return 0, false
	}
	n, err := strconv.ParseInt(string(val.Data), 0, 64)
	if err != nil || n < 0 || n > 1<<31 {
		d.errorf(k.pos, subject, "%q: %s is not a usable number; write a whole number from 0 to 2147483648", k.name, val.Data)
		return 0, false
	}
	return int(n), true
}

func (d *decoder) boolean(val *unstable.Node, k keyPart, subject about) (bool, bool) {
	if val.Kind != unstable.Bool {
		d.errorf(k.pos, subject, "%q must be true or false, not %s", k.name, kindName(val))
		return false, false
	}
	return string(val.Data) == "true", true
}

func (d *decoder) strings(val *unstable.Node, k keyPart, subject about) ([]string, bool) {
	if val.Kind != unstable.Array {
		d.errorf(k.pos, subject, "%q must be an array of strings, like [\"a\", \"b\"], not %s", k.name, kindName(val))
		return nil, false
	}
	var out []string
	ok := true
	it := val.Children()
	for it.Next() {
		item := it.Node()
		if item.Kind == unstable.Comment {
			continue
		}
		if item.Kind != unstable.String {
			d.errorf(k.pos, subject, "every element of %q must be a string, not %s", k.name, kindName(item))
			ok = false
			continue
		}
		out = append(out, string(item.Data))
	}
	return out, ok
}

func (d *decoder) date(val *unstable.Node, k keyPart, subject about) (time.Time, bool) {
	switch val.Kind {
	case unstable.LocalDate:
		t, err := time.Parse(DateLayout, string(val.Data))
		if err != nil {
			if len(val.Data) == len(DateLayout) {
				d.errorf(k.pos, subject, "%q: %s is not a calendar date (no such day in that month)", k.name, val.Data)
			} else {
				d.errorf(k.pos, subject, "%q: %s is not a date; write YYYY-MM-DD, like %s = 2024-05-31", k.name, val.Data, k.name)
			}
			return time.Time{}, false
		}
		return t, true
	case unstable.String:
		if _, err := time.Parse(DateLayout, string(val.Data)); err == nil {
			d.errorf(k.pos, subject, "%q must be a TOML date: write %s = %s, without quotes", k.name, k.name, val.Data)
			return time.Time{}, false
		}
	}
	d.errorf(k.pos, subject, "%q must be a date like 2024-05-31, not %s", k.name, kindName(val))
	return time.Time{}, false
}

func (d *decoder) listField(l *List, k keyPart, val *unstable.Node) {
	subject := about{kind: "list", id: l.ID}
	if !contains(listKeys, k.name) {
		d.errorf(k.pos, subject, "unknown key %q%s; a list has address, provider, snapshot, policy and description", k.name, suggest(k.name, listKeys))
		return
	}
	if !d.setKey(&l.Located, subject, k) {
		return
	}
	switch k.name {
	case "address", "provider", "snapshot", "policy", "description":
		s, ok := d.str(val, k, subject)
		if !ok {
			return
		}
		switch k.name {
		case "address":
			l.Address = s
		case "provider":
			l.Provider = Provider(s)
		case "snapshot":
			l.Snapshot = s
		case "policy":
			l.Policy = s
		case "description":
			l.Description = s
		}
	}
}

var listKeys = []string{"address", "provider", "snapshot", "policy", "description"}

// PolicyKeys are the keys a [policies.ID] table may have, besides the
// group settings in SettingKeys.
var PolicyKeys = []string{"max_members", "min_owners", "vetting_methods", "vetted_by", "vetting_valid_for",
	"required_fields", "allowed_domains", "denied_domains", "unmanaged", "allow_non_ascii", "allow_groups"}

func (d *decoder) policyField(p *Policy, k keyPart, val *unstable.Node) {
	subject := about{kind: "policy", id: p.ID}
	if _, isSetting := settingByKey(k.name); !isSetting && !contains(PolicyKeys, k.name) {
		d.errorf(k.pos, subject, "unknown key %q%s", k.name, suggest(k.name, append(append([]string(nil), PolicyKeys...), settingKeyNames()...)))
		return
	}
	if !d.setKey(&p.Located, subject, k) {
		return
	}
	switch k.name {
	case "max_members":
		p.MaxMembers, _ = d.integer(val, k, subject)
	case "min_owners":
		p.MinOwners, _ = d.integer(val, k, subject)
	case "vetting_methods":
		p.VettingMethods, _ = d.strings(val, k, subject)
	case "required_fields":
		p.RequiredFields, _ = d.strings(val, k, subject)
	case "allowed_domains":
		p.AllowedDomains, _ = d.strings(val, k, subject)
	case "denied_domains":
		p.DeniedDomains, _ = d.strings(val, k, subject)
	case "vetted_by":
		if s, ok := d.str(val, k, subject); ok {
			p.VettedBy = Role(s)
		}
	case "unmanaged":
		if s, ok := d.str(val, k, subject); ok {
			p.Unmanaged = Unmanaged(s)
		}
	case "vetting_valid_for":
		if s, ok := d.str(val, k, subject); ok {
			v, err := ParseValidity(s)
			if err != nil {
				d.errorf(k.pos, subject, "vetting_valid_for: %v", err)
				return
			}
			p.VettingValidFor = v
			p.validityText = s
		}
	case "allow_non_ascii":
		p.AllowNonASCII, _ = d.boolean(val, k, subject)
	case "allow_groups":
		p.AllowGroups, _ = d.boolean(val, k, subject)
	default:
		if spec, ok := settingByKey(k.name); ok {
			var value string
			if spec.Bool {
				b, ok := d.boolean(val, k, subject)
				if !ok {
					return
				}
				value = strconv.FormatBool(b)
			} else {
				s, ok := d.str(val, k, subject)
				if !ok {
					return
				}
				if !spec.Allows(s) {
					d.errorf(k.pos, subject, "%s = %q is not a value the Groups Settings API accepts; use one of %s", k.name, s, strings.Join(spec.Values, ", "))
					return
				}
				value = s
			}
			p.Settings = append(p.Settings, Setting{Name: k.name, Value: value, Pos: k.pos})
		}
	}
}

var memberKeys = []string{"email", "name", "github", "affiliation", "lists", "vetting"}

func (d *decoder) memberField(m *Member, k keyPart, val *unstable.Node) {
	subject := memberSubject(m)
	if !contains(memberKeys, k.name) {
		d.errorf(k.pos, subject, "unknown key %q%s; a member has %s", k.name, suggest(k.name, memberKeys), strings.Join(memberKeys, ", "))
		return
	}
	if !d.setKey(&m.Located, subject, k) {
		return
	}
	switch k.name {
	case "email", "name", "github", "affiliation":
		read := d.str
		if k.name == "affiliation" {
			read = d.repeated
		}
		s, ok := read(val, k, subject)
		if !ok {
			return
		}
		switch k.name {
		case "email":
			m.Email = s
		case "name":
			m.Name = s
		case "github":
			m.GitHub = s
		case "affiliation":
			m.Affiliation = s
		}
	}
}

var vettingKeys = []string{"by", "on", "method", "note", "evidence"}

func (d *decoder) vettingField(m *Member, v *Vetting, k keyPart, val *unstable.Node) {
	subject := memberSubject(m)
	if !contains(vettingKeys, k.name) {
		d.errorf(k.pos, subject, "unknown key %q in a vetting record%s; a record has %s", k.name, suggest(k.name, vettingKeys), strings.Join(vettingKeys, ", "))
		return
	}
	if !d.setKey(&v.Located, subject, k) {
		return
	}
	switch k.name {
	case "on":
		v.On, _ = d.date(val, k, subject)
	case "by", "method", "note", "evidence":
		read := d.str
		if k.name == "by" || k.name == "method" {
			read = d.repeated
		}
		s, ok := read(val, k, subject)
		if !ok {
			return
		}
		switch k.name {
		case "by":
			v.By = s
		case "method":
			v.Method = s
		case "note":
			v.Note = s
		case "evidence":
			v.Evidence = s
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// finish checks what can only be checked once the whole file is read:
// required keys, the schema version, and defaults.
func (d *decoder) finish() *File {
	f := d.file
	if d.open != nil {
		d.open.End = len(d.data)
	}
	f.Index()
	if len(d.errs) > 0 && d.errs[0].Kind == "syntax" {
		return f
	}
	switch {
	case !d.root.Has("schema"):
		d.errorf(Pos{Line: 1, Col: 1}, about{}, "missing \"schema = %d\" at the top of the file", SchemaVersion)
	case f.Schema != SchemaVersion && f.SchemaPos.IsValid():
		d.errorf(f.SchemaPos, about{}, "schema %d is not supported; this roster reads schema %d (upgrade roster, or check the file)", f.Schema, SchemaVersion)
	}
	for _, l := range f.Lists {
		if !l.Has("address") {
			d.errorf(l.Pos, about{kind: "list", id: l.ID}, "missing address, the group's email address")
		}
		if !l.Has("policy") {
			d.errorf(l.Pos, about{kind: "list", id: l.ID}, "missing policy: every list names the policy that decides who may be on it")
		}
		if l.Provider == "" {
			l.Provider = ProviderGoogle
		}
	}
	for _, p := range f.Policies {
		if p.VettedBy == "" {
			p.VettedBy = RoleOwner
		}
		if p.Unmanaged == "" {
			p.Unmanaged = UnmanagedReport
		}
	}
	for _, m := range f.Members {
		if !m.Has("email") {
			d.errorf(m.Pos, memberSubject(m), "missing email")
		}
		for i := range m.Vetting {
			v := &m.Vetting[i]
			for _, key := range []string{"by", "on", "method"} {
				if !v.Has(key) {
					d.errorf(v.Pos, memberSubject(m), "vetting record is missing %q (a record says who vetted, on which date, and how)", key)
				}
			}
		}
	}
	return f
}

// suggest returns ` (did you mean "x"?)` for the closest known key within
// two edits, or "".
func suggest(got string, known []string) string {
	if best := nearest.Word(got, known, 2); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}
