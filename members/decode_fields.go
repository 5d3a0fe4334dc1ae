package members

import (
	"strconv"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2/unstable"
)

// Field rules: which keys a list, a policy, a member and a vetting record
// have, and how each value is read. One table per element; a key not in
// its table is reported with the nearest known key.

// field is one key of an element and how its value is stored.
type field[T any] struct {
	key string
	set func(d *decoder, e T, k keyPart, val *unstable.Node, subject about)
}

// text stores a string value; repeated ones (a vetter, a method, an
// affiliation) are kept once however many members share them.
func text[T any](repeat bool, store func(T, string)) func(*decoder, T, keyPart, *unstable.Node, about) {
	return func(d *decoder, e T, k keyPart, val *unstable.Node, subject about) {
		read := d.str
		if repeat {
			read = d.repeated
		}
		if s, ok := read(val, k, subject); ok {
			store(e, s)
		}
	}
}

var listFields = []field[*List]{
	{"address", text(false, func(l *List, s string) { l.Address = s })},
	{"provider", text(false, func(l *List, s string) { l.Provider = Provider(s) })},
	{"create", func(d *decoder, l *List, k keyPart, val *unstable.Node, s about) {
		l.Create, _ = d.boolean(val, k, s)
	}},
	{"snapshot", text(false, func(l *List, s string) { l.Snapshot = s })},
	{"policy", func(d *decoder, l *List, k keyPart, val *unstable.Node, s about) {
		if id, ok := d.nameValue(val, k, s, "a policy id"); ok {
			l.Policy = id
		}
	}},
	{"description", text(false, func(l *List, s string) { l.Description = s })},
}

var policyFields = []field[*Policy]{
	{"max_members", func(d *decoder, p *Policy, k keyPart, val *unstable.Node, s about) {
		p.MaxMembers, _ = d.integer(val, k, s, 1, ", or leave the key out for no limit")
	}},
	{"min_owners", func(d *decoder, p *Policy, k keyPart, val *unstable.Node, s about) {
		p.MinOwners, _ = d.integer(val, k, s, 0, "")
	}},
	{"vetting_methods", func(d *decoder, p *Policy, k keyPart, val *unstable.Node, s about) {
		p.VettingMethods, _ = d.names(val, k, s, "a vetting method")
	}},
	{"vetted_by", text(false, func(p *Policy, s string) { p.VettedBy = Role(s) })},
	{"vetting_valid_for", func(d *decoder, p *Policy, k keyPart, val *unstable.Node, subject about) {
		s, ok := d.str(val, k, subject)
		if !ok {
			return
		}
		v, err := ParseValidity(s)
		if err != nil {
			d.errorf(k.pos, subject, "vetting_valid_for: %v", err)
			return
		}
		p.VettingValidFor, p.validityText = v, s
	}},
	{"required_fields", func(d *decoder, p *Policy, k keyPart, val *unstable.Node, s about) {
		p.RequiredFields, _ = d.strings(val, k, s)
	}},
	{"allowed_domains", func(d *decoder, p *Policy, k keyPart, val *unstable.Node, s about) {
		p.AllowedDomains, _ = d.domains(val, k, s)
	}},
	{"denied_domains", func(d *decoder, p *Policy, k keyPart, val *unstable.Node, s about) {
		p.DeniedDomains, _ = d.domains(val, k, s)
	}},
	{"unmanaged", text(false, func(p *Policy, s string) { p.Unmanaged = Unmanaged(s) })},
	{"approvals", func(d *decoder, p *Policy, k keyPart, val *unstable.Node, s about) {
		p.Approvals, _ = d.approvals(val, k, s)
	}},
	{"allow_non_ascii", func(d *decoder, p *Policy, k keyPart, val *unstable.Node, s about) {
		p.AllowNonASCII, _ = d.boolean(val, k, s)
	}},
	{"allow_groups", func(d *decoder, p *Policy, k keyPart, val *unstable.Node, s about) {
		p.AllowGroups, _ = d.boolean(val, k, s)
	}},
}

var memberFields = []field[*Member]{
	{"email", text(false, func(m *Member, s string) { m.Email = s })},
	{"name", text(false, func(m *Member, s string) { m.Name = s })},
	{"github", func(d *decoder, m *Member, k keyPart, val *unstable.Node, s about) {
		h, ok := d.handle(val, k, s)
		if ok {
			if err := CheckMemberHandle(h); err != nil {
				d.errorf(k.pos, s, "github = %q: %v", h, err)
				return
			}
		}
		if ok {
			m.GitHub = h
		}
	}},
	{"affiliation", text(true, func(m *Member, s string) { m.Affiliation = s })},
	// lists and vetting are tables, read by assignMember.
	{"lists", nil},
	{"vetting", nil},
}

var vettingFields = []field[*Vetting]{
	{"by", func(d *decoder, v *Vetting, k keyPart, val *unstable.Node, s about) {
		if by, ok := d.checked(val, k, s, vetterValue); ok {
			v.By = by
		}
	}},
	{"on", func(d *decoder, v *Vetting, k keyPart, val *unstable.Node, s about) { v.On, _ = d.date(val, k, s) }},
	{"method", func(d *decoder, v *Vetting, k keyPart, val *unstable.Node, s about) {
		if m, ok := d.checked(val, k, s, methodValue); ok {
			v.Method = m
		}
	}},
	{"note", text(false, func(v *Vetting, s string) { v.Note = s })},
	{"evidence", text(false, func(v *Vetting, s string) { v.Evidence = s })},
}

// keysOf lists a table's keys, in the reference order.
func keysOf[T any](fs []field[T]) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.key
	}
	return out
}

// fieldIndex maps a key id to the index of its field in fs, or -1: a
// key's rule is found without comparing names.
func fieldIndex[T any](fs []field[T]) *[noKey + 1]int8 {
	var idx [noKey + 1]int8
	for i := range idx {
		idx[i] = -1
	}
	for i, f := range fs {
		idx[mustKeyID(f.key)] = int8(i)
	}
	return &idx
}

func lookupField[T any](fs []field[T], idx *[noKey + 1]int8, k keyPart) (field[T], bool) {
	if i := idx[k.id]; i >= 0 {
		return fs[i], true
	}
	return field[T]{}, false
}

// Field indexes, built on first use (the key ids need every table's
// keys first).
var (
	listFieldIdx    = sync.OnceValue(func() *[noKey + 1]int8 { return fieldIndex(listFields) })
	policyFieldIdx  = sync.OnceValue(func() *[noKey + 1]int8 { return fieldIndex(policyFields) })
	memberFieldIdx  = sync.OnceValue(func() *[noKey + 1]int8 { return fieldIndex(memberFields) })
	vettingFieldIdx = sync.OnceValue(func() *[noKey + 1]int8 { return fieldIndex(vettingFields) })
)

// listKeys, memberKeys and vettingKeys are the keys of each element, in
// the order fmt writes them.
var (
	listKeys    = keysOf(listFields)
	memberKeys  = keysOf(memberFields)
	vettingKeys = keysOf(vettingFields)
)

// policyKeys are the keys a [policies.ID] table may have, besides the
// group settings in SettingSpecs.
var policyKeys = keysOf(policyFields)

func (d *decoder) listField(l *List, k keyPart, val *unstable.Node) {
	subject := about{kind: "list", id: l.ID}
	f, ok := lookupField(listFields, listFieldIdx(), k)
	if !ok {
		d.errorf(k.pos, subject, "unknown key %q%s; a list has %s", k.name, suggest(k.name, listKeys), strings.Join(listKeys, ", "))
		return
	}
	if d.setKey(&l.Located, subject, k) {
		f.set(d, l, k, val, subject)
	}
}

func (d *decoder) policyField(p *Policy, k keyPart, val *unstable.Node) {
	subject := about{kind: "policy", id: p.ID}
	f, isKey := lookupField(policyFields, policyFieldIdx(), k)
	spec, isSetting := settingByKey(k.name)
	if !isKey && !isSetting {
		d.errorf(k.pos, subject, "unknown key %q%s", k.name, suggest(k.name, append(append([]string(nil), policyKeys...), settingKeyNames()...)))
		return
	}
	if !d.setKey(&p.Located, subject, k) {
		return
	}
	if isKey {
		f.set(d, p, k, val, subject)
		return
	}
	d.setting(p, spec, k, val, subject)
}

// setting reads a pinned group setting: a TOML boolean for the API's
// "true"/"false" fields, else one of the values the API accepts.
func (d *decoder) setting(p *Policy, spec SettingSpec, k keyPart, val *unstable.Node, subject about) {
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
			d.errorf(k.pos, subject, "%s = %q is not a value the Groups Settings API accepts; use one of %s%s", k.name, s, strings.Join(spec.Values, ", "), suggest(strings.ToUpper(s), spec.Values))
			return
		}
		value = s
	}
	p.Settings = append(p.Settings, Setting{Name: k.name, Value: value, Pos: k.pos})
}

func (d *decoder) memberField(m *Member, k keyPart, val *unstable.Node) {
	subject := memberSubject(m)
	f, ok := lookupField(memberFields, memberFieldIdx(), k)
	if !ok {
		d.errorf(k.pos, subject, "unknown key %q%s; a member has %s", k.name, suggest(k.name, memberKeys), strings.Join(memberKeys, ", "))
		return
	}
	if d.setKey(&m.Located, subject, k) && f.set != nil {
		f.set(d, m, k, val, subject)
	}
}

func (d *decoder) vettingField(m *Member, v *Vetting, k keyPart, val *unstable.Node) {
	subject := memberSubject(m)
	f, ok := lookupField(vettingFields, vettingFieldIdx(), k)
	if !ok {
		d.errorf(k.pos, subject, "unknown key %q in a vetting record%s; a record has %s", k.name, suggest(k.name, vettingKeys), strings.Join(vettingKeys, ", "))
		return
	}
	if d.setKey(&v.Located, subject, k) {
		f.set(d, v, k, val, subject)
	}
}

// admins reads the top-level admins: GitHub handles (see CheckHandle),
// each once in any case. Each bad element is reported at its position.
func (d *decoder) admins(k keyPart, val *unstable.Node) {
	if val.Kind != unstable.Array {
		d.errorf(k.pos, about{}, "admins must be an array of GitHub handles, like admins = [\"grace-example\"], not %s", kindName(val))
		return
	}
	out := []string{}
	var first map[string]Pos
	for it := val.Children(); it.Next(); {
		item := it.Node()
		if item.Kind == unstable.Comment {
			continue
		}
		p := d.pos(int(item.Raw.Offset))
		if item.Kind != unstable.String {
			d.errorf(p, about{}, "every element of admins must be a GitHub handle in quotes, not %s", kindName(item))
			continue
		}
		h := string(item.Data)
		if err := CheckHandle(h); err != nil {
			d.errorf(p, about{}, "admins: %q is not a GitHub handle: %v", h, err)
			continue
		}
		if first == nil {
			first = make(map[string]Pos)
		}
		key := HandleKey(h)
		if at, dup := first[key]; dup {
			d.errorf(p, about{}, "admins: %s is listed twice (first at %d:%d); GitHub handles are the same in any case", h, at.Line, at.Col)
			continue
		}
		first[key] = p
		out = append(out, h)
	}
	d.file.Admins, d.file.AdminsPos = out, k.pos
}
