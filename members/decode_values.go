package members

import (
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2/unstable"
)

// Value readers: each reads one TOML value of the expected type, or
// reports the key's position and what was written instead.

type keyPart struct {
	name string
	id   uint8 // noKey for a key the schema does not define
	pos  Pos
}

// keyParts returns the parts of a dotted key. They are carved out of an
// arena that is reset at each top-level expression: only appended to, so
// slices handed out earlier in the same expression stay intact.
func (d *decoder) keyParts(it unstable.Iterator) []keyPart {
	start := len(d.keys)
	for it.Next() {
		n := it.Node()
		name, id := keyName(n.Data)
		if id == noKey {
			// A list id, as often as members are on the list: one copy.
			name = d.intern(n.Data)
		}
		d.keys = append(d.keys, keyPart{name: name, id: id, pos: d.pos(int(n.Raw.Offset))})
	}
	return d.keys[start:len(d.keys):len(d.keys)]
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
	return d.text(val.Data), true
}

// intern returns b as a string, one copy of each distinct value.
func (d *decoder) intern(b []byte) string {
	if s, ok := d.values[string(b)]; ok {
		return s
	}
	if d.values == nil {
		d.values = make(map[string]string)
	}
	s := string(b)
	d.values[s] = s
	return s
}

// repeated reads a string value that recurs across members (a vetter, a
// method, an affiliation, a role) and stores each distinct value once: in
// a file of 100k members these would otherwise be 100k copies each.
func (d *decoder) repeated(val *unstable.Node, k keyPart, subject about) (string, bool) {
	if val.Kind != unstable.String {
		return d.str(val, k, subject)
	}
	return d.intern(val.Data), true
}

// integer reads a count of at least least (the range the key's error
// names; a value in range may still be refused by what reads it), and
// orElse says what leaving the key out means, if it may be.
func (d *decoder) integer(val *unstable.Node, k keyPart, subject about, least int64, orElse string) (int, bool) {
	if val.Kind != unstable.Integer {
		d.errorf(k.pos, subject, "%q must be an integer, not %s", k.name, kindName(val))
		return 0, false
	}
	n, err := strconv.ParseInt(string(val.Data), 0, 64)
	if err != nil || n < 0 || n > maxCount {
		d.errorf(k.pos, subject, "%q: %s is not a usable number; write a whole number from %d to %d%s", k.name, val.Data, least, int64(maxCount), orElse)
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

// domains is strings for a policy's allowed_domains or denied_domains,
// refusing a domain with a letter that only looks like a Latin one
// ("sharKlasers.com" with the Kelvin sign): it matches no address of the
// domain it reads as, so a denial written so denies nobody, and in a
// diff it passes for a change of case.
func (d *decoder) domains(val *unstable.Node, k keyPart, subject about) ([]string, bool) {
	out, ok := d.strings(val, k, subject)
	for _, dom := range out {
		a := Address{Local: "x", Domain: strings.TrimPrefix(strings.TrimSpace(dom), "@")}
		if why := a.Confusable(); why != "" {
			d.errorf(k.pos, subject, "%+q in %q could be mistaken for another domain: %s; write the domain with the letters it is registered with", dom, k.name, why)
			ok = false
		}
	}
	return out, ok
}

func (d *decoder) date(val *unstable.Node, k keyPart, subject about) (time.Time, bool) {
	t, ok := d.anyDate(val, k, subject)
	if ok && t.Year() < MinYear {
		// Year 1 is Go's zero time, which reads as no date at all: a
		// record dated so would never lapse.
		d.errorf(k.pos, subject, "%q: %s is before %d, no day anyone was vetted on; write the date it happened", k.name, val.Data, MinYear)
		return time.Time{}, false
	}
	return t, ok
}

// MinYear is the earliest year a date in the file may have: year 1,
// Go's zero time, reads as no date at all, and nobody was vetted
// before 1970.
const MinYear = 1970

// anyDate reads a date, of any year.
func (d *decoder) anyDate(val *unstable.Node, k keyPart, subject about) (time.Time, bool) {
	switch val.Kind {
	case unstable.LocalDate:
		if t, ok := quickDate(val.Data); ok {
			return t, true
		}
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

// quickDate reads a YYYY-MM-DD date that is a calendar day, as
// time.Parse(DateLayout) would, without its general machinery: a file
// of a million members has a million dates. Anything else is left to
// time.Parse, for its messages.
func quickDate(b []byte) (time.Time, bool) {
	if len(b) != len(DateLayout) || b[4] != '-' || b[7] != '-' {
		return time.Time{}, false
	}
	num := func(s []byte) (int, bool) {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(b[:4])
	mo, ok2 := num(b[5:7])
	day, ok3 := num(b[8:])
	if !ok1 || !ok2 || !ok3 || mo < 1 || mo > 12 || day < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day { // the 31st of a 30-day month rolls over
		return time.Time{}, false
	}
	return t, true
}

// nameValue reads a string that names a list, a policy or a vetting method
// (what says which, for the message): see CheckName.
func (d *decoder) nameValue(val *unstable.Node, k keyPart, subject about, what string) (string, bool) {
	s, ok := d.str(val, k, subject)
	if !ok {
		return "", false
	}
	if err := CheckName(s); err != nil {
		d.errorf(k.pos, subject, "%s = %q is not %s: %v", k.name, s, what, err)
		return "", false
	}
	return s, true
}

// names reads an array of names (see nameValue), reporting each bad element
// at its own position.
func (d *decoder) names(val *unstable.Node, k keyPart, subject about, what string) ([]string, bool) {
	if val.Kind != unstable.Array {
		d.errorf(k.pos, subject, "%q must be an array of strings, like [\"a\", \"b\"], not %s", k.name, kindName(val))
		return nil, false
	}
	var out []string
	ok := true
	for it := val.Children(); it.Next(); {
		item := it.Node()
		if item.Kind == unstable.Comment {
			continue
		}
		p := d.pos(int(item.Raw.Offset))
		if item.Kind != unstable.String {
			d.errorf(p, subject, "every element of %q must be a string, not %s", k.name, kindName(item))
			ok = false
			continue
		}
		s := string(item.Data)
		if err := CheckName(s); err != nil {
			d.errorf(p, subject, "%s: %q is not %s: %v", k.name, s, what, err)
			ok = false
			continue
		}
		out = append(out, s)
	}
	return out, ok
}

// handle reads a GitHub handle: see CheckHandle.
func (d *decoder) handle(val *unstable.Node, k keyPart, subject about) (string, bool) {
	s, ok := d.str(val, k, subject)
	if !ok {
		return "", false
	}
	if err := CheckHandle(s); err != nil {
		d.errorf(k.pos, subject, "%s = %q is not a GitHub handle: %v", k.name, s, err)
		return "", false
	}
	return s, true
}

// A check of a value that recurs across records (a vetter, a method):
// what it is, for the message, and the rule.
type recurring struct {
	what  string
	check func(string) error
}

var (
	vetterValue = &recurring{"a vetter", CheckVetter}
	methodValue = &recurring{"a vetting method", CheckName}
)

// checked reads a string that recurs across records and must pass a
// check; each distinct value is checked, and stored, once.
func (d *decoder) checked(val *unstable.Node, k keyPart, subject about, r *recurring) (string, bool) {
	if val.Kind != unstable.String {
		return d.str(val, k, subject)
	}
	if s, ok := d.good[r][string(val.Data)]; ok {
		return s, true
	}
	s, _ := d.repeated(val, k, subject)
	if err := r.check(s); err != nil {
		d.errorf(k.pos, subject, "%s = %q is not %s: %v", k.name, s, r.what, err)
		return "", false
	}
	if d.good == nil {
		d.good = make(map[*recurring]map[string]string)
	}
	if d.good[r] == nil {
		d.good[r] = make(map[string]string)
	}
	d.good[r][s] = s
	return s, true
}

// approvals reads how many owners must approve: a whole number, 1 or
// more. 0 would let a change through unapproved, so it is refused
// rather than read as "the default".
func (d *decoder) approvals(val *unstable.Node, k keyPart, subject about) (int, bool) {
	if val.Kind != unstable.Integer {
		d.errorf(k.pos, subject, "%q must be a whole number of owners, like approvals = 2, not %s", k.name, kindName(val))
		return 0, false
	}
	n, err := strconv.ParseInt(string(val.Data), 0, 64)
	if err != nil || n < 1 || n > maxCount {
		d.errorf(k.pos, subject, "approvals = %s: write how many owners must approve, from 1 to %d, or leave the key out for the default", val.Data, maxCount)
		return 0, false
	}
	return int(n), true
}

// maxCount is the largest count a policy may write.
const maxCount = 1 << 31
