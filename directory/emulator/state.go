package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/roster-dev/roster/internal/regular"
)

// State is everything the emulated domain holds. It is what --state
// persists, as JSON.
type State struct {
	Groups []*Group `json:"groups"`
	// NoAccount lists addresses with no Google account: inserting one
	// answers 404 "Resource Not Found: <address>", as Google does, and a
	// get or delete by one 400 "Missing required field: memberKey".
	NoAccount []string `json:"no_account,omitempty"`
	// Aliases maps an alias of a user, or an address they had before a
	// rename, to their primary address: Google lists the primary, and
	// finds the user by either.
	Aliases map[string]string `json:"aliases,omitempty"`
	// Auth simulates the setup failures roster doctor looks for.
	Auth   *Auth `json:"auth,omitempty"`
	NextID int64 `json:"next_id"`
	// Accounts maps each address (canonical) that has been a member, or
	// has acted in the audit log, to its account id: Google's member id
	// is the account's own, the same on every group and again after a
	// removal and a re-add; Cloud Identity's log names members by it, and
	// every log its actors (actor.profileId). A state saved without it
	// gets it from the members it lists.
	Accounts map[string]string `json:"accounts,omitempty"`
	// Activities is the audit log, oldest first: kept with the groups,
	// so that a run against a saved state (the built-in emulator's, one
	// run after another) reads who made each change as Google would
	// tell it, roster's own writes included.
	Activities []Activity `json:"activities,omitempty"`

	groups map[string]*Group // by canonical email and by id
}

// Auth simulates how a domain's setup can fail a client.
type Auth struct {
	// DeniedScopes are scopes domain-wide delegation does not grant: the
	// token endpoint refuses them (401 unauthorized_client).
	DeniedScopes []string `json:"denied_scopes,omitempty"`
	// UnknownSubjects are --subject addresses that are no user of the
	// domain: the token endpoint answers 400 invalid_grant.
	UnknownSubjects []string `json:"unknown_subjects,omitempty"`
	// NotAdmin: the caller is no admin, and every Directory and Groups
	// Settings call is 403 forbidden.
	NotAdmin bool `json:"not_admin,omitempty"`
	// NoReports: reading the audit log is 403 forbidden.
	NoReports bool `json:"no_reports,omitempty"`
}

// Group is one emulated group.
type Group struct {
	ID          string            `json:"id"`
	Email       string            `json:"email"`
	Name        string            `json:"name,omitempty"`
	Description string            `json:"description,omitempty"`
	Members     []*Member         `json:"members"`
	Settings    map[string]string `json:"settings,omitempty"`

	// Members are kept in id order (ids only grow), indexed by id and by
	// canonical address, so that a group of 20,000 is no slower to add
	// to than one of 20.
	byID    map[string]*Member
	byCanon map[string]*Member
}

// index builds the lookup tables the JSON does not carry.
func (st *State) index() {
	st.groups = make(map[string]*Group, 2*len(st.Groups))
	if st.Accounts == nil {
		st.Accounts = make(map[string]string)
	}
	for _, g := range st.Groups {
		st.groups[canonical(g.Email)] = g
		st.groups[g.ID] = g
		g.index()
		for _, m := range g.Members {
			if key := canonical(m.Email); m.Email != "" && st.Accounts[key] == "" {
				st.Accounts[key] = m.ID
			}
		}
	}
}

// accountID is the member id of the account at email: the one it had
// as a member before, on any group, or a new one. Called with the
// server's lock held, after index.
func (st *State) accountID(email string) string {
	key := canonical(email)
	if id := st.Accounts[key]; id != "" {
		return id
	}
	st.NextID++
	id := memberID(st.NextID)
	st.Accounts[key] = id
	return id
}

func (g *Group) index() {
	sort.Slice(g.Members, func(i, j int) bool { return g.Members[i].ID < g.Members[j].ID })
	g.byID = make(map[string]*Member, len(g.Members))
	g.byCanon = make(map[string]*Member, len(g.Members))
	for _, m := range g.Members {
		g.byID[m.ID] = m
		if m.Email != "" {
			g.byCanon[canonical(m.Email)] = m
		}
	}
}

// add adds m in id order: a new account's id is the highest yet, but an
// account that was a member before comes back with its old id.
func (g *Group) add(m *Member) {
	i := len(g.Members)
	if i > 0 && g.Members[i-1].ID > m.ID {
		i = sort.Search(len(g.Members), func(i int) bool { return g.Members[i].ID >= m.ID })
	}
	g.Members = slices.Insert(g.Members, i, m)
	g.byID[m.ID] = m
	if m.Email != "" {
		g.byCanon[canonical(m.Email)] = m
	}
}

func (g *Group) remove(m *Member) {
	i := sort.Search(len(g.Members), func(i int) bool { return g.Members[i].ID >= m.ID })
	if i < len(g.Members) && g.Members[i] == m {
		g.Members = append(g.Members[:i], g.Members[i+1:]...)
	}
	delete(g.byID, m.ID)
	if m.Email != "" {
		delete(g.byCanon, canonical(m.Email))
	}
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
	data, err := regular.ReadFile(path)
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
	aliases := make(map[string]string, len(st.Aliases))
	for alias, primary := range st.Aliases {
		if !strings.Contains(alias, "@") || !strings.Contains(primary, "@") {
			return nil, fmt.Errorf("emulator state %s: alias %q -> %q: both must be addresses", name, alias, primary)
		}
		aliases[canonical(alias)] = primary
	}
	st.Aliases = aliases
	accounts := make(map[string]string, len(st.Accounts))
	for email, id := range st.Accounts {
		accounts[canonical(email)] = id
	}
	// A member given with an id names their account's id; one without
	// gets it (the same on every group), or a new one.
	for _, g := range st.Groups {
		if g == nil {
			continue // refused below
		}
		for _, m := range g.Members {
			if m != nil && m.ID != "" && m.Email != "" && accounts[canonical(m.Email)] == "" {
				accounts[canonical(m.Email)] = m.ID
			}
		}
	}
	st.Accounts = accounts
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
				m.ID = st.accountID(m.Email)
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
