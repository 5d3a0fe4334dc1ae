package emulator

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
)

func memberJSON(m *Member, full bool) map[string]any {
	out := map[string]any{
		"kind":   "admin#directory#member",
		"etag":   etag(m.ID, len(m.Role)),
		"id":     m.ID,
		"email":  m.Email,
		"role":   m.Role,
		"type":   m.Type,
		"status": m.Status,
	}
	if full {
		// members.list and patch leave delivery_settings out; get and
		// insert include it.
		out["delivery_settings"] = "ALL_MAIL"
	}
	return out
}

func memberNotFound() reply {
	return apiError(http.StatusNotFound, "notFound", "Resource Not Found: memberKey")
}

// primaryOf returns the primary address of an alias, or the key itself.
func (s *Server) primaryOf(key string) (string, bool) {
	if p, ok := s.st.Aliases[canonical(key)]; ok {
		return p, true
	}
	return key, false
}

// find looks a member up as Google does: by id, by the address as
// stored, byte for byte, or by an alias of it. Another spelling of the
// stored address (case, Gmail dots) finds nobody (kubernetes/k8s.io#2892),
// which is why roster writes by id.
func (s *Server) find(g *Group, key string) *Member {
	if m := g.byID[key]; m != nil {
		return m
	}
	if m := g.byCanon[canonical(key)]; m != nil && m.Email == key {
		return m
	}
	if primary, alias := s.primaryOf(key); alias {
		return g.byCanon[canonical(primary)]
	}
	return nil
}

// notFound answers a lookup that found nobody: 400 "Missing required
// field: memberKey" for an address with no account, as Google does, else
// 404.
func (s *Server) notFound(key string) reply {
	if s.noAccount(key) {
		return apiError(http.StatusBadRequest, "required", "Missing required field: memberKey")
	}
	return memberNotFound()
}

func (s *Server) noAccount(email string) bool {
	for _, na := range s.st.NoAccount {
		if canonical(na) == canonical(email) {
			return true
		}
	}
	return false
}

func (s *Server) membersList(r *http.Request) reply {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	limit, after, bad := page(r, 200)
	if bad != nil {
		return *bad
	}
	var roles map[string]bool
	if v := r.URL.Query().Get("roles"); v != "" {
		roles = make(map[string]bool)
		for _, role := range strings.Split(v, ",") {
			roles[strings.ToUpper(strings.TrimSpace(role))] = true
		}
	}
	ms := g.Members
	if r.URL.Query().Get("includeDerivedMembership") == "true" {
		ms = s.derived(g)
	}
	start := sort.Search(len(ms), func(i int) bool { return ms[i].ID > after })
	var out []any
	next := ""
	for _, m := range ms[start:] {
		if roles != nil && !roles[m.Role] {
			continue
		}
		if len(out) == limit {
			next = pageToken(out[len(out)-1].(map[string]any)["id"].(string))
			break
		}
		out = append(out, memberJSON(m, false))
	}
	resp := map[string]any{"kind": "admin#directory#members", "etag": etag(g.ID, len(out), after)}
	if len(out) > 0 {
		resp["members"] = out
	}
	if next != "" {
		resp["nextPageToken"] = next
	}
	return reply{code: http.StatusOK, body: resp}
}

// derived lists a group's members and, through nested groups, theirs,
// each once, in id order (includeDerivedMembership=true).
func (s *Server) derived(g *Group) []*Member {
	seen := map[*Group]bool{}
	byID := map[string]*Member{}
	var walk func(*Group)
	walk = func(g *Group) {
		if seen[g] {
			return
		}
		seen[g] = true
		for _, m := range g.Members {
			byID[m.ID] = m
			if m.Type == "GROUP" {
				if sub := s.lookup(m.Email); sub != nil {
					walk(sub)
				}
			}
		}
	}
	walk(g)
	out := make([]*Member, 0, len(byID))
	for _, m := range byID {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// addressed finds the group and the member a request's path names, or the
// error Google answers when either is missing.
func (s *Server) addressed(r *http.Request) (*Group, *Member, *reply) {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		rep := groupNotFound()
		return nil, nil, &rep
	}
	key := r.PathValue("memberKey")
	m := s.find(g, key)
	if m == nil {
		rep := s.notFound(key)
		return nil, nil, &rep
	}
	return g, m, nil
}

func (s *Server) membersGet(r *http.Request) reply {
	_, m, fail := s.addressed(r)
	if fail != nil {
		return *fail
	}
	return reply{code: http.StatusOK, body: memberJSON(m, true)}
}

func (s *Server) membersHasMember(r *http.Request) reply {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	key := r.PathValue("memberKey")
	if _, alias := s.primaryOf(key); !alias && g.byID[key] == nil && domainOf(key) != domainOf(g.Email) {
		// hasMember answers only for users of the group's domain.
		return apiError(http.StatusBadRequest, "invalid", "Invalid Input: memberKey")
	}
	return reply{code: http.StatusOK, body: map[string]any{"kind": "admin#directory#membersHasMember", "isMember": s.find(g, key) != nil}}
}

func domainOf(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	return strings.ToLower(email[at+1:])
}

func (s *Server) membersInsert(r *http.Request) reply {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	var in struct {
		Email string `json:"email"`
		Role  string `json:"role"`
		Type  string `json:"type"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return apiError(http.StatusBadRequest, "parseError", "Parse Error")
	}
	role := strings.ToUpper(in.Role)
	if role == "" {
		role = "MEMBER"
	}
	m, fail := s.insertMember(g, in.Email, role)
	if fail != nil {
		return *fail
	}
	return reply{code: http.StatusOK, body: memberJSON(m, true), wrote: &Write{Group: g.Email, Email: m.Email, Role: m.Role}}
}

// insertMember adds email to g with role, or answers as Google does
// when it cannot; called with s.mu held.
func (s *Server) insertMember(g *Group, email, role string) (*Member, *reply) {
	fail := func(r reply) (*Member, *reply) { return nil, &r }
	switch {
	case email == "":
		return fail(apiError(http.StatusBadRequest, "required", "Missing required field: memberKey"))
	case !plausibleEmail(email):
		return fail(apiError(http.StatusBadRequest, "invalid", "Invalid Input: memberKey"))
	case !validRole(role):
		return fail(apiError(http.StatusBadRequest, "invalid", "Invalid Input: role"))
	case s.noAccount(email):
		return fail(apiError(http.StatusNotFound, "notFound", "Resource Not Found: "+email))
	}
	// A user added by an alias is listed, and known, by their primary.
	email, _ = s.primaryOf(email)
	if g.byCanon[canonical(email)] != nil {
		return fail(apiError(http.StatusConflict, "duplicate", "Member already exists."))
	}
	typ := "USER"
	if sub := s.lookup(email); sub != nil {
		if sub == g || s.contains(sub, g) {
			return fail(apiError(http.StatusBadRequest, "conditionNotMet", "Cyclic memberships not allowed"))
		}
		typ, email = "GROUP", sub.Email
	}
	m := &Member{ID: s.st.accountID(email), Email: email, Role: role, Type: typ, Status: "ACTIVE"}
	g.add(m)
	return m, nil
}

// contains reports whether group outer holds inner, directly or through
// nested groups.
func (s *Server) contains(outer, inner *Group) bool {
	seen := map[*Group]bool{}
	var walk func(*Group) bool
	walk = func(g *Group) bool {
		if g == inner {
			return true
		}
		if seen[g] {
			return false
		}
		seen[g] = true
		for _, m := range g.Members {
			if m.Type == "GROUP" {
				if sub := s.lookup(m.Email); sub != nil && walk(sub) {
					return true
				}
			}
		}
		return false
	}
	return walk(outer)
}

func plausibleEmail(e string) bool {
	at := strings.LastIndexByte(e, '@')
	return at > 0 && at < len(e)-1 && strings.Contains(e[at:], ".") && !strings.ContainsAny(e, " <>,;\"")
}

func (s *Server) membersDelete(r *http.Request) reply {
	g, m, fail := s.addressed(r)
	if fail != nil {
		return *fail
	}
	g.remove(m)
	return reply{code: http.StatusNoContent, wrote: &Write{Group: g.Email, Email: m.Email, Role: m.Role}}
}

func (s *Server) membersUpdate(r *http.Request) reply {
	g, m, fail := s.addressed(r)
	if fail != nil {
		return *fail
	}
	var in struct {
		Role string `json:"role"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return apiError(http.StatusBadRequest, "parseError", "Parse Error")
	}
	old := m.Role
	if in.Role != "" {
		role := strings.ToUpper(in.Role)
		if !validRole(role) {
			return apiError(http.StatusBadRequest, "invalid", "Invalid Input: role")
		}
		m.Role = role
	}
	return reply{code: http.StatusOK, body: memberJSON(m, false), wrote: &Write{Group: g.Email, Email: m.Email, Role: m.Role, Previous: old}}
}
