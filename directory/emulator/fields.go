package emulator

import (
	"fmt"
	"strings"
)

// fieldMask is a partial-response selection (`fields=nextPageToken,
// members(id,email)`): the keys to keep, each with the selection of its
// own value (nil: all of it).
type fieldMask map[string]fieldMask

// parseFields reads Google's fields syntax: comma-separated names, a/b
// for a nested key, a(b,c) for several; "" selects everything.
func parseFields(s string) (fieldMask, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	m, rest, err := parseSelection(s)
	if err != nil {
		return nil, err
	}
	if rest != "" {
		return nil, fmt.Errorf("%q: unexpected %q", s, rest)
	}
	return m, nil
}

func parseSelection(s string) (fieldMask, string, error) {
	m := fieldMask{}
	for {
		i := strings.IndexAny(s, ",()/")
		name := s
		if i >= 0 {
			name = s[:i]
		}
		name = strings.TrimSpace(name)
		if name == "" {
			return nil, s, fmt.Errorf("empty field name")
		}
		if i < 0 {
			m[name] = nil
			return m, "", nil
		}
		s = s[i:]
		switch s[0] {
		case '(':
			sub, rest, err := parseSelection(s[1:])
			if err != nil {
				return nil, rest, err
			}
			if rest == "" || rest[0] != ')' {
				return nil, rest, fmt.Errorf("unclosed (")
			}
			m[name] = merge(m[name], sub)
			s = rest[1:]
		case '/':
			sub, rest, err := parseSelection(s[1:])
			if err != nil {
				return nil, rest, err
			}
			m[name] = merge(m[name], sub)
			s = rest
		default:
			m[name] = nil
		}
		if s == "" || s[0] == ')' {
			return m, s, nil
		}
		if s[0] != ',' {
			return nil, s, fmt.Errorf("unexpected %q", s[:1])
		}
		s = s[1:]
	}
}

func merge(a, b fieldMask) fieldMask {
	if a == nil {
		return b
	}
	for k, v := range b {
		a[k] = merge(a[k], v)
	}
	return a
}

// apply keeps only the selected parts of a JSON-shaped value.
func (m fieldMask) apply(v any) any {
	if m == nil {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		if _, isErr := x["error"]; isErr {
			return v
		}
		out := make(map[string]any, len(m))
		for k, sub := range m {
			if val, ok := x[k]; ok {
				out[k] = sub.apply(val)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = m.apply(e)
		}
		return out
	}
	return v
}
