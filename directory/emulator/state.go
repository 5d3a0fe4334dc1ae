package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// State is everything the emulated domain holds. It is what --state
// persists, as JSON.
type State struct {
	Groups []*Group `json:"groups"`
	// NoAccount lists addresses with no Google account: inserting one
	// answers 404 "Resource Not Found: <address>", as Google does.
	NoAccount []string `json:"no_account,omitempty"`
	NextID    int64    `json:"next_id"`
}

// Group is one emulated group.
type Group struct {
	ID          string            `json:"id"`
	Email       string            `json:"email"`
	Name        string            `json:"name,omitempty"`
	Description string            `json:"description,omitempty"`
	Members     []*Member         `json:"members"`
	Settings    map[string]string `json:"settings,omitempty"`
}

// Member is one emulated member.
type Member struct {
	ID     string `json:"id"`
	Email  string `json:"email"`
	Role   string `json:"role"`
	Type   string `json:"type"`
	Status string `json:"status"`
}

// LoadState reads a state file strictly: an unknown field or a malformed
// group is an error naming the file, never a silently empty domain.
func LoadState(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("emulator state: %w", err)
	}
	return ParseState(path, data)
}

// ParseState decodes and checks state JSON.
func ParseState(name string, data []byte) (*State, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var st State
	if err := dec.Decode(&st); err != nil {
		return nil, fmt.Errorf("emulator state %s: %s", name, describeJSONError(data, dec, err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("emulator state %s: data after the top-level object", name)
	}
	groups := make(map[string]bool)
	for i, g := range st.Groups {
		if g == nil || g.Email == "" || !strings.Contains(g.Email, "@") {
			return nil, fmt.Errorf("emulator state %s: groups[%d] has no valid email", name, i)
		}
		key := canonical(g.Email)
		if groups[key] {
			return nil, fmt.Errorf("emulator state %s: group %s appears twice", name, g.Email)
		}
		groups[key] = true
		if g.ID == "" {
			g.ID = fmt.Sprintf("group-%d", i+1)
		}
		seen := make(map[string]bool)
		for j, m := range g.Members {
			if m == nil || (m.Email == "" && m.Type != "CUSTOMER") {
				return nil, fmt.Errorf("emulator state %s: groups[%d].members[%d] has no email", name, i, j)
			}
			if !validRole(m.Role) {
				return nil, fmt.Errorf("emulator state %s: groups[%d].members[%d] (%s) has role %q; use OWNER, MANAGER or MEMBER", name, i, j, m.Email, m.Role)
			}
			if m.Email != "" {
				if seen[canonical(m.Email)] {
					return nil, fmt.Errorf("emulator state %s: %s is twice in group %s", name, m.Email, g.Email)
				}
				seen[canonical(m.Email)] = true
			}
			if m.ID == "" {
				st.NextID++
				m.ID = memberID(st.NextID)
			}
			if m.Type == "" {
				m.Type = "USER"
			}
			if m.Status == "" {
				m.Status = "ACTIVE"
			}
		}
	}
	return &st, nil
}

func describeJSONError(data []byte, dec *json.Decoder, err error) string {
	var serr *json.SyntaxError
	offset := dec.InputOffset()
	if errors.As(err, &serr) {
		offset = serr.Offset
	}
	var terr *json.UnmarshalTypeError
	if errors.As(err, &terr) {
		offset = terr.Offset
	}
	line := 1 + bytes.Count(data[:min(int(offset), len(data))], []byte{'\n'})
	return fmt.Sprintf("line %d: %v", line, err)
}

// save writes the state atomically: a crash mid-write leaves the old file.
func (st *State) save(path string) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".emulator-state-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func memberID(n int64) string { return fmt.Sprintf("1%020d", n) }

func validRole(r string) bool { return r == "OWNER" || r == "MANAGER" || r == "MEMBER" }

// canonical is how Google decides that two addresses are one member:
// case-insensitive, and for Gmail without dots and with googlemail.com
// read as gmail.com (kubernetes/k8s.io#7962). The emulator has its own
// copy of this rule so that tests of roster's rule are not circular.
func canonical(email string) string {
	e := strings.ToLower(strings.TrimSpace(email))
	at := strings.LastIndexByte(e, '@')
	if at < 0 {
		return e
	}
	local, domain := e[:at], e[at+1:]
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if domain == "gmail.com" {
		local = strings.ReplaceAll(local, ".", "")
	}
	return local + "@" + domain
}
