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
