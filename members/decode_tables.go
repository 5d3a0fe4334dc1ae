package members

import (
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// Tables: which table or key a TOML expression defines, and whether TOML
// (and roster's schema) allow it there.

func joinKeys(parts []keyPart) string {
	names := make([]string, len(parts))
	for i, p := range parts {
		names[i] = p.name
	}
	return strings.Join(names, ".")
}

// headerPath is a header's dotted path, without building one for the
// headers a file repeats ([[member]], [[member.vetting]]).
func headerPath(parts []keyPart) string {
	switch {
	case len(parts) == 1:
		return parts[0].name
	case len(parts) == 2 && parts[0].id == idMember && parts[1].id == idVetting:
		return "member.vetting"
	case len(parts) == 2 && parts[0].id == idMember && parts[1].id == idLists:
		return "member.lists"
	}
	return joinKeys(parts)
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
	path := headerPath(parts)
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
		d.addKey(&d.root, parts[0].id, hp)
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
		if !d.validID(parts[0].name, parts[1]) {
			return
		}
		if d.origins[parts[0].name] == originNone {
			d.origins[parts[0].name] = originImplicit
			d.addKey(&d.root, parts[0].id, hp)
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
		switch d.members {
		case originNone:
			d.members = originArray
			d.addKey(&d.root, idMember, hp)
		case originArray:
		default:
			d.errorf(hp, about{}, "member was already written as a static array; use [[member]] tables throughout")
			return
		}
		m := d.newMember()
		m.Pos, m.Start = hp, lineStart
		d.memberLists, d.memberVetting = originNone, originNone
		d.open = &m.Located
		d.cur = context{kind: ctxMember, member: m}
	case path == "member.lists" || path == "member.vetting":
		if d.slab.last == nil || d.members != originArray {
			d.errorf(hp, about{}, "%s comes before any [[member]]; put it under the member it belongs to", bracket(path))
			return
		}
		m := d.slab.last
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
			d.addKey(&m.Located, idLists, hp)
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
			d.addKey(&m.Located, idVetting, hp)
		case originArray:
		default:
			d.errorf(hp, subject, "vetting was already written as a static array; use [[member.vetting]] tables throughout")
			return
		}
		v := d.newVetting(m)
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

func (d *decoder) addKey(loc *Located, id uint8, p Pos) {
	d.keyPos.add(loc, id, p, len(d.data))
}

// setKey records a key of an element and reports a key written twice.
func (d *decoder) setKey(loc *Located, subject about, k keyPart) bool {
	if first, dup := loc.keyPos(k.id); dup && k.id != noKey {
		d.errorf(k.pos, subject, "duplicate key %q (first set at line %d)", k.name, first.Line)
		return false
	}
	d.addKey(loc, k.id, k.pos)
	return true
}

// validID reports a list or policy id outside the safe character set
// (see CheckName) at its position; group is "lists" or "policies".
func (d *decoder) validID(group string, k keyPart) bool {
	if err := CheckName(k.name); err != nil {
		kind := "list"
		if group == "policies" {
			kind = "policy"
		}
		d.errorf(k.pos, about{}, "%s id %q: %v", kind, k.name, err)
		return false
	}
	return true
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
		d.membership(c.member, k, val, subject)
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
	case "admins":
		if !d.leaf(k, rest, about{}) || !d.setKey(&d.root, about{}, k) {
			return
		}
		d.admins(k, val)
	case "schema":
		if !d.leaf(k, rest, about{}) || !d.setKey(&d.root, about{}, k) {
			return
		}
		if n, ok := d.integer(val, k, about{}, 1, ""); ok {
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
				d.addKey(&d.root, k.id, k.pos)
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
		d.addKey(&d.root, k.id, k.pos)
		d.eachInline(val, k, about{}, func(keys []keyPart, v *unstable.Node) {
			d.assignNamed(kind, keys[0], keys[1:], v)
		})
	case "member":
		if !d.leaf(k, rest, about{}) {
			return
		}
		if d.members != originNone {
			d.errorf(k.pos, about{}, "member is already defined; use [[member]] tables throughout")
			return
		}
		d.members = originInline
		d.file.inlineMembers = k.pos
		d.addKey(&d.root, idMember, k.pos)
		d.eachTableInArray(val, k, about{}, func(p Pos) context {
			m := d.newMember()
			m.Pos = p
			// Each element is a member of its own, as each [[member]]
			// header starts one: its lists and vetting are not yet seen.
			d.memberLists, d.memberVetting = originNone, originNone
			return context{kind: ctxMember, member: m}
		})
	default:
		d.errorf(k.pos, about{}, "unknown key %q%s; the top level has schema, admins, [lists.ID], [policies.ID] and [[member]]", k.name, suggest(k.name, []string{"schema", "admins", "lists", "policies", "member"}))
	}
}

// assignNamed reads "ID = { ... }" or "ID.field = v" under [lists] or
// [policies].
func (d *decoder) assignNamed(kind ctxKind, k keyPart, rest []keyPart, val *unstable.Node) {
	group := "lists"
	if kind == ctxPolicies {
		group = "policies"
	}
	if !d.validID(group, k) {
		return
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
				d.addKey(&m.Located, idLists, k.pos)
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
			m.Lists = d.memberships(n)
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
			v := d.newVetting(m)
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
