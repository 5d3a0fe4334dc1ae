package emulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/roster-dev/roster/directory"
)

// AddGroup creates a group with the given members (role defaults to
// MEMBER, type to USER, or GROUP for the address of another group) and
// returns an error if it exists.
func (s *Server) AddGroup(email string, ms ...Member) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lookup(email) != nil {
		return fmt.Errorf("group %s exists", email)
	}
	g := s.newGroup(email, "", "", nil)
	for _, m := range ms {
		if m.Role == "" {
			m.Role = "MEMBER"
		}
		if m.Type == "" {
			m.Type = "USER"
			if s.lookup(m.Email) != nil {
				m.Type = "GROUP"
			}
		}
		if m.Status == "" {
			m.Status = "ACTIVE"
		}
		m.ID = s.st.accountID(m.Email)
		mm := m
		g.add(&mm)
	}
	s.changed()
	return nil
}

// DeleteGroup deletes a group, as an admin deleting it does: Google
// takes it off every group it was in, and logs nothing of those.
func (s *Server) DeleteGroup(email string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.lookup(email)
	if g == nil {
		return fmt.Errorf("no group %s", email)
	}
	s.st.Groups = slices.DeleteFunc(s.st.Groups, func(o *Group) bool { return o == g })
	delete(s.st.groups, canonical(g.Email))
	delete(s.st.groups, g.ID)
	for _, o := range s.st.Groups {
		if m := o.byCanon[canonical(g.Email)]; m != nil {
			o.remove(m)
		}
	}
	s.changed()
	return nil
}

// AddAlias makes alias another address of the user primary: Google lists
// the primary, and a get, delete or insert by the alias finds them.
func (s *Server) AddAlias(alias, primary string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.Aliases == nil {
		s.st.Aliases = make(map[string]string)
	}
	s.st.Aliases[canonical(alias)] = primary
	s.changed()
}

// Rename changes a user's primary address, as an admin renaming an
// account does: every membership now lists the new address, and the old
// one stays an alias.
func (s *Server) Rename(old, primary string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.Aliases == nil {
		s.st.Aliases = make(map[string]string)
	}
	s.st.Aliases[canonical(old)] = primary
	// The account keeps its id under its new address.
	if id := s.st.Accounts[canonical(old)]; id != "" {
		delete(s.st.Accounts, canonical(old))
		s.st.Accounts[canonical(primary)] = id
	}
	for _, g := range s.st.Groups {
		if m := g.byCanon[canonical(old)]; m != nil {
			delete(g.byCanon, canonical(old))
			m.Email = primary
			g.byCanon[canonical(primary)] = m
		}
	}
	s.changed()
}

// Members returns the current members of a group, or nil if there is no
// such group.
func (s *Server) Members(group string) []Member {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.lookup(group)
	if g == nil {
		return nil
	}
	out := make([]Member, len(g.Members))
	for i, m := range g.Members {
		out[i] = *m
	}
	return out
}

// newGroup adds a group with the given settings, the rest filled in
// with the defaults of a group made in the Admin console.
func (s *Server) newGroup(email, name, description string, settings map[string]string) *Group {
	s.st.NextID++
	g := &Group{ID: fmt.Sprintf("0%019d", s.st.NextID), Email: email, Name: name, Description: description, Members: []*Member{}, Settings: maps.Clone(settings)}
	fillSettings(g)
	g.index()
	s.st.Groups = append(s.st.Groups, g)
	s.st.groups[canonical(email)] = g
	s.st.groups[g.ID] = g
	return g
}

// lookup finds a group by email (any case) or id.
func (s *Server) lookup(key string) *Group {
	if g := s.st.groups[key]; g != nil {
		return g
	}
	if g := s.st.groups[canonical(key)]; g != nil {
		return g
	}
	// A group's alias (AddAlias to a group's address) finds the group,
	// as Google resolves one in groups.get, members.list and the Groups
	// Settings API; the group answers with its own address.
	if p, ok := s.st.Aliases[canonical(key)]; ok {
		return s.st.groups[canonical(p)]
	}
	return nil
}

// group finds a group for an API call naming it: as lookup, except that
// a group created less than Options.CreateLag ago is not found yet, as
// Google can answer 404 for a group right after creating it.
func (s *Server) group(key string) *Group {
	g := s.lookup(key)
	if g == nil {
		return nil
	}
	if at, ok := s.created[g]; ok {
		if s.now().Before(at.Add(s.opts.CreateLag)) {
			s.counts["refused.creating"]++
			return nil
		}
		delete(s.created, g)
	}
	return g
}

// SetCreateLag changes Options.CreateLag of a running server.
func (s *Server) SetCreateLag(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.CreateLag = d
}

// groupJSON is g as groups.get and groups.list answer it, with the
// aliases that resolve to it, as Google lists them.
func (s *Server) groupJSON(g *Group) map[string]any {
	out := map[string]any{
		"kind":        "admin#directory#group",
		"id":          g.ID,
		"etag":        etag(g.ID, len(g.Members)),
		"email":       g.Email,
		"name":        g.Name,
		"description": g.Description,
		// A JSON string, as Google sends it: a bare number breaks the Go
		// client's decoding.
		"directMembersCount": strconv.Itoa(len(g.Members)),
		"adminCreated":       true,
	}
	var aliases []string
	for alias, primary := range s.st.Aliases {
		if canonical(primary) == canonical(g.Email) {
			aliases = append(aliases, alias)
		}
	}
	if len(aliases) > 0 {
		sort.Strings(aliases)
		out["aliases"] = aliases
	}
	return out
}

func groupNotFound() reply {
	return apiError(http.StatusNotFound, "notFound", "Resource Not Found: groupKey")
}

// page parses maxResults (1..limit, default limit) and pageToken.
func page(r *http.Request, limit int) (int, string, *reply) {
	n := limit
	if v := r.URL.Query().Get("maxResults"); v != "" {
		got, err := strconv.Atoi(v)
		if err != nil || got < 1 || got > limit {
			rep := apiError(http.StatusBadRequest, "invalid", fmt.Sprintf("Invalid Input: maxResults must be between 1 and %d", limit))
			return 0, "", &rep
		}
		n = got
	}
	after := ""
	if tok := r.URL.Query().Get("pageToken"); tok != "" {
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || !strings.HasPrefix(string(raw), "after:") {
			rep := apiError(http.StatusBadRequest, "invalid", "Invalid Input: pageToken")
			return 0, "", &rep
		}
		after = strings.TrimPrefix(string(raw), "after:")
	}
	return n, after, nil
}

// pageToken resumes after an id: pages stay consistent while members are
// added and removed between calls, as Google's do.
func pageToken(lastID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("after:" + lastID))
}

func (s *Server) groupsList(r *http.Request) reply {
	limit, after, bad := page(r, 200)
	if bad != nil {
		return *bad
	}
	q := r.URL.Query()
	if q.Get("customer") == "" && q.Get("domain") == "" && q.Get("userKey") == "" {
		return apiError(http.StatusBadRequest, "badRequest", "Bad Request: customer, domain or userKey is required")
	}
	groups := append([]*Group(nil), s.st.Groups...)
	sort.Slice(groups, func(i, j int) bool { return groups[i].ID < groups[j].ID })
	var out []any
	next := ""
	for _, g := range groups {
		if g.ID <= after {
			continue
		}
		if domain := q.Get("domain"); domain != "" && !strings.HasSuffix(strings.ToLower(g.Email), "@"+strings.ToLower(domain)) {
			continue
		}
		if key := q.Get("userKey"); key != "" && !hasDirectMember(g, key) {
			continue
		}
		if len(out) == limit {
			next = pageToken(out[len(out)-1].(map[string]any)["id"].(string))
			break
		}
		out = append(out, s.groupJSON(g))
	}
	resp := map[string]any{"kind": "admin#directory#groups", "etag": etag(len(out))}
	if len(out) > 0 {
		resp["groups"] = out
	}
	if next != "" {
		resp["nextPageToken"] = next
	}
	return reply{code: http.StatusOK, body: resp}
}

func (s *Server) groupsInsert(r *http.Request) reply {
	var in struct {
		Email       string `json:"email"`
		Name        string `json:"name"`
		Description string `json:"description"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return apiError(http.StatusBadRequest, "parseError", "Parse Error")
	}
	switch {
	case in.Email == "":
		return apiError(http.StatusBadRequest, "required", "Missing required field: email")
	case !plausibleEmail(in.Email):
		return apiError(http.StatusBadRequest, "invalid", "Invalid Input: email")
	}
	if s.lookup(in.Email) != nil || s.st.Aliases[canonical(in.Email)] != "" {
		return apiError(http.StatusConflict, "duplicate", "Entity already exists.")
	}
	// A group made through the Directory API starts with Google's
	// defaults for API groups, whatever the domain's defaults for new
	// groups.
	g := s.newGroup(in.Email, in.Name, in.Description, directory.APIDefaultSettings())
	if s.opts.CreateLag > 0 {
		s.created[g] = s.now()
	}
	return reply{code: http.StatusOK, body: s.groupJSON(g), wrote: &Write{Group: g.Email}}
}

func (s *Server) groupsGet(r *http.Request) reply {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	return reply{code: http.StatusOK, body: s.groupJSON(g)}
}

// hasDirectMember reports whether key (an address or a member id) is a
// direct member of g, as groups.list's userKey asks.
func hasDirectMember(g *Group, key string) bool {
	for _, m := range g.Members {
		if strings.EqualFold(m.Email, key) || m.ID == key {
			return true
		}
	}
	return false
}
