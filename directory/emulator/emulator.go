// Package emulator serves the part of the Google Admin SDK Directory API
// (groups and members) and of the Groups Settings API that roster uses,
// as google.golang.org/api's clients see it: the same paths, JSON shapes,
// paging and error bodies, a per-minute quota, and injected faults before
// and after writes. Tests, benchmarks and new users run roster against it
// on loopback; Google is never needed to see roster work.
package emulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/roster-dev/roster/members"
)

// Options configure a Server.
type Options struct {
	// Seed makes fault injection reproducible.
	Seed uint64
	// FailRate is the fraction of calls answered with an error before
	// anything is done: 429 rateLimitExceeded, 403 userRateLimitExceeded
	// or 503 backendError.
	FailRate float64
	// FailAfterRate is the fraction of writes that are done but whose
	// answer is lost: a 503, or the connection closed without a response.
	FailAfterRate float64
	// Latency is added to every call.
	Latency time.Duration
	// Quota refuses calls past a rate with 403 quotaExceeded; zero: none.
	Quota Quota
	// StatePath persists the state after every write; it is loaded at
	// start when it exists.
	StatePath string
	// State is the initial state when StatePath does not exist yet.
	State  *State
	Logger *slog.Logger
}

// Quota is a number of calls per period, like Google's default of 2,400
// calls a minute per user.
type Quota struct {
	Calls int
	Per   time.Duration
}

// ParseQuota reads "2400/min", "40/s" or "100/h"; "" and "none" mean no
// quota.
func ParseQuota(s string) (Quota, error) {
	if s == "" || s == "none" || s == "0" {
		return Quota{}, nil
	}
	n, unit, ok := strings.Cut(s, "/")
	calls, err := strconv.Atoi(n)
	if !ok || err != nil || calls <= 0 {
		return Quota{}, fmt.Errorf("quota %q: write calls per period, like 2400/min", s)
	}
	per := map[string]time.Duration{"s": time.Second, "sec": time.Second, "m": time.Minute, "min": time.Minute, "h": time.Hour}[unit]
	if per == 0 {
		return Quota{}, fmt.Errorf("quota %q: period must be s, min or h", s)
	}
	return Quota{Calls: calls, Per: per}, nil
}

// Server is an emulated Google Workspace domain. It is safe for
// concurrent use.
type Server struct {
	opts  Options
	log   *slog.Logger
	mux   *http.ServeMux
	quota *rate.Limiter

	mu      sync.Mutex
	st      *State
	rng     *rand.Rand
	counts  map[string]int64
	journal []Write
}

// Write is one write the emulator did, for tests that check who was
// touched: the API method, the group, and the member's address as stored.
type Write struct {
	Method string
	Group  string
	Email  string
	Role   string
}

// New returns a server with the state from opts.StatePath, or opts.State,
// or an empty domain.
func New(opts Options) (*Server, error) {
	s := &Server{
		opts:   opts,
		log:    opts.Logger,
		rng:    rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)),
		counts: make(map[string]int64),
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	switch {
	case opts.StatePath != "" && fileExists(opts.StatePath):
		st, err := LoadState(opts.StatePath)
		if err != nil {
			return nil, err
		}
		s.st = st
	case opts.State != nil:
		st, err := roundTrip(opts.State)
		if err != nil {
			return nil, err
		}
		s.st = st
	default:
		s.st = &State{}
	}
	if opts.Quota.Calls > 0 {
		// A token bucket refilled at the quota's rate holding one
		// second's worth: a client that keeps under the rate is never
		// refused, one that bursts past it is, as with Google.
		perSec := float64(opts.Quota.Calls) / opts.Quota.Per.Seconds()
		s.quota = rate.NewLimiter(rate.Limit(perSec), max(1, int(perSec)))
	}
	for _, g := range s.st.Groups {
		fillSettings(g)
	}
	s.routes()
	return s, nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// roundTrip deep-copies a state through JSON and checks it as a file
// would be.
func roundTrip(st *State) (*State, error) {
	data, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	return ParseState("initial state", data)
}

const (
	dirPrefix      = "/admin/directory/v1/groups"
	settingsPrefix = "/groups/v1/groups"
)

func (s *Server) routes() {
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET "+dirPrefix, s.api("groups.list", false, s.groupsList))
	s.mux.HandleFunc("POST "+dirPrefix, s.api("groups.insert", true, s.groupsInsert))
	s.mux.HandleFunc("GET "+dirPrefix+"/{groupKey}", s.api("groups.get", false, s.groupsGet))
	s.mux.HandleFunc("GET "+dirPrefix+"/{groupKey}/members", s.api("members.list", false, s.membersList))
	s.mux.HandleFunc("POST "+dirPrefix+"/{groupKey}/members", s.api("members.insert", true, s.membersInsert))
	s.mux.HandleFunc("GET "+dirPrefix+"/{groupKey}/members/{memberKey}", s.api("members.get", false, s.membersGet))
	s.mux.HandleFunc("DELETE "+dirPrefix+"/{groupKey}/members/{memberKey}", s.api("members.delete", true, s.membersDelete))
	s.mux.HandleFunc("PATCH "+dirPrefix+"/{groupKey}/members/{memberKey}", s.api("members.patch", true, s.membersUpdate))
	s.mux.HandleFunc("PUT "+dirPrefix+"/{groupKey}/members/{memberKey}", s.api("members.update", true, s.membersUpdate))
	s.mux.HandleFunc("GET "+dirPrefix+"/{groupKey}/hasMember/{memberKey}", s.api("members.hasMember", false, s.membersHasMember))
	s.mux.HandleFunc("GET "+settingsPrefix+"/{groupKey}", s.api("settings.get", false, s.settingsGet))
	s.mux.HandleFunc("PATCH "+settingsPrefix+"/{groupKey}", s.api("settings.patch", true, s.settingsUpdate))
	s.mux.HandleFunc("PUT "+settingsPrefix+"/{groupKey}", s.api("settings.update", true, s.settingsUpdate))
	s.mux.HandleFunc("GET /_emulator/counters", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Counters())
	})
	s.mux.HandleFunc("GET /_emulator/state", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.State())
	})
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		code, body := apiError(http.StatusNotFound, "notFound", "Not Found: "+r.Method+" "+r.URL.Path+" is not served by the roster emulator")
		writeJSON(w, code, body)
	})
}

// ServeHTTP serves the emulated APIs.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// handler does one API call and returns the status and JSON body (nil for
// no body). Handlers run with the state lock held.
type handler func(r *http.Request) (int, any)

// api wraps a handler with what every call goes through: counting,
// latency, the quota, and the faults.
func (s *Server) api(method string, write bool, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.opts.Latency > 0 {
			t := time.NewTimer(s.opts.Latency)
			select {
			case <-r.Context().Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		s.mu.Lock()
		s.counts[method]++
		s.counts["calls"]++
		if r.Header.Get("Authorization") != "" {
			s.counts["calls.with_authorization"]++
		}
		if s.quota != nil && !s.quota.Allow() {
			s.counts["refused.quota"]++
			s.mu.Unlock()
			code, body := apiError(http.StatusForbidden, "quotaExceeded", "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com'.")
			writeJSON(w, code, body)
			return
		}
		if s.opts.FailRate > 0 && s.rng.Float64() < s.opts.FailRate {
			s.counts["faults.before"]++
			kind := s.rng.IntN(3)
			s.mu.Unlock()
			s.log.Debug("fault before", "method", method, "path", r.URL.Path)
			var code int
			var body any
			switch kind {
			case 0:
				code, body = apiError(http.StatusTooManyRequests, "rateLimitExceeded", "Rate Limit Exceeded")
			case 1:
				code, body = apiError(http.StatusForbidden, "userRateLimitExceeded", "User Rate Limit Exceeded")
			default:
				code, body = apiError(http.StatusServiceUnavailable, "backendError", "Backend Error")
			}
			writeJSON(w, code, body)
			return
		}
		code, body := h(r)
		if write && code < 300 {
			s.journal = append(s.journal, journalEntry(method, r, body))
		}
		lose := write && code < 300 && s.opts.FailAfterRate > 0 && s.rng.Float64() < s.opts.FailAfterRate
		drop := lose && s.rng.IntN(2) == 0
		if lose {
			s.counts["faults.after"]++
		}
		if write && code < 300 && s.opts.StatePath != "" {
			if err := s.st.save(s.opts.StatePath); err != nil {
				s.log.Error("emulator could not save its state", "path", s.opts.StatePath, "err", err)
			}
		}
		s.mu.Unlock()
		s.log.Debug("call", "method", method, "path", r.URL.Path, "status", code, "lost", lose)
		if lose {
			if hj, ok := w.(http.Hijacker); ok && drop {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close() // the write happened; the client hears nothing
					return
				}
			}
			code, body = apiError(http.StatusServiceUnavailable, "backendError", "Backend Error")
		}
		writeJSON(w, code, body)
	}
}

func writeJSON(w http.ResponseWriter, code int, body any) {
	if body == nil {
		w.WriteHeader(code)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(body)
}

// apiError is Google's error body.
func apiError(code int, reason, msg string) (int, any) {
	return code, map[string]any{"error": map[string]any{
		"code":    code,
		"message": msg,
		"errors":  []any{map[string]any{"domain": "global", "reason": reason, "message": msg}},
	}}
}

// Counters returns the number of calls received, by API method ("calls"
// for all, "faults.before", "faults.after", "refused.quota").
func (s *Server) Counters() map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int64, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// Journal returns the writes done so far, in order.
func (s *Server) Journal() []Write {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Write(nil), s.journal...)
}

func journalEntry(method string, r *http.Request, body any) Write {
	w := Write{Method: method, Group: r.PathValue("groupKey")}
	if m, ok := body.(map[string]any); ok {
		w.Email, _ = m["email"].(string)
		w.Role, _ = m["role"].(string)
	}
	if method == "members.delete" {
		w.Email = r.Header.Get(deletedHeader)
	}
	return w
}

// deletedHeader carries, from the delete handler to the journal, the
// address of the member deleted (the request names it by id).
const deletedHeader = "X-Emulator-Deleted"

// ResetCounters zeroes the counters.
func (s *Server) ResetCounters() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = make(map[string]int64)
}

// SetFaults changes the fault rates of a running server.
func (s *Server) SetFaults(before, after float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.FailRate, s.opts.FailAfterRate = before, after
}

// State returns a copy of the current state.
func (s *Server) State() *State {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, _ := json.Marshal(s.st)
	var out State
	_ = json.Unmarshal(data, &out)
	return &out
}

// AddGroup creates a group with the given members (role defaults to
// MEMBER) and returns an error if it exists.
func (s *Server) AddGroup(email string, ms ...Member) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.group(email) != nil {
		return fmt.Errorf("group %s exists", email)
	}
	g := s.newGroup(email, "", "")
	for _, m := range ms {
		s.st.NextID++
		if m.Role == "" {
			m.Role = "MEMBER"
		}
		if m.Type == "" {
			m.Type = "USER"
		}
		m.Status = "ACTIVE"
		m.ID = memberID(s.st.NextID)
		mm := m
		g.Members = append(g.Members, &mm)
	}
	if s.opts.StatePath != "" {
		return s.st.save(s.opts.StatePath)
	}
	return nil
}

// Members returns the current members of a group, or nil if there is no
// such group.
func (s *Server) Members(group string) []Member {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.group(group)
	if g == nil {
		return nil
	}
	out := make([]Member, len(g.Members))
	for i, m := range g.Members {
		out[i] = *m
	}
	return out
}

func (s *Server) newGroup(email, name, description string) *Group {
	s.st.NextID++
	g := &Group{ID: fmt.Sprintf("0%019d", s.st.NextID), Email: email, Name: name, Description: description, Members: []*Member{}}
	fillSettings(g)
	s.st.Groups = append(s.st.Groups, g)
	return g
}

// defaultSettings are what a new group gets: open to the domain, as a
// group created in the Admin console is, so that a policy pinning private
// settings has drift to fix.
var defaultSettings = map[string]string{
	"whoCanJoin":                 "CAN_REQUEST_TO_JOIN",
	"whoCanViewMembership":       "ALL_IN_DOMAIN_CAN_VIEW",
	"whoCanViewGroup":            "ALL_IN_DOMAIN_CAN_VIEW",
	"whoCanPostMessage":          "ALL_IN_DOMAIN_CAN_POST",
	"whoCanDiscoverGroup":        "ALL_IN_DOMAIN_CAN_DISCOVER",
	"whoCanContactOwner":         "ALL_IN_DOMAIN_CAN_CONTACT",
	"allowExternalMembers":       "false",
	"allowWebPosting":            "true",
	"membersCanPostAsTheGroup":   "false",
	"includeInGlobalAddressList": "true",
	"isArchived":                 "true",
	"archiveOnly":                "false",
	"messageModerationLevel":     "MODERATE_NONE",
}

func fillSettings(g *Group) {
	if g.Settings == nil {
		g.Settings = make(map[string]string)
	}
	for k, v := range defaultSettings {
		if _, ok := g.Settings[k]; !ok {
			g.Settings[k] = v
		}
	}
}

// group finds a group by email (any case) or id.
func (s *Server) group(key string) *Group {
	for _, g := range s.st.Groups {
		if g.ID == key || strings.EqualFold(g.Email, key) {
			return g
		}
	}
	return nil
}

func groupJSON(g *Group) map[string]any {
	return map[string]any{
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
}

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
		// members.list leaves delivery_settings out; get and insert
		// include it.
		out["delivery_settings"] = "ALL_MAIL"
	}
	return out
}

func etag(parts ...any) string { return fmt.Sprintf("\"%x\"", fmt.Sprint(parts...)) }

func groupNotFound() (int, any) {
	return apiError(http.StatusNotFound, "notFound", "Resource Not Found: groupKey")
}

func memberNotFound() (int, any) {
	return apiError(http.StatusNotFound, "notFound", "Resource Not Found: memberKey")
}

// page parses maxResults (1..200, default 200) and pageToken.
func page(r *http.Request) (limit int, after string, code int, body any) {
	limit = 200
	if v := r.URL.Query().Get("maxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			code, body = apiError(http.StatusBadRequest, "invalid", "Invalid Input: maxResults must be between 1 and 200")
			return
		}
		limit = n
	}
	if tok := r.URL.Query().Get("pageToken"); tok != "" {
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || !strings.HasPrefix(string(raw), "after:") {
			code, body = apiError(http.StatusBadRequest, "invalid", "Invalid Input: pageToken")
			return
		}
		after = strings.TrimPrefix(string(raw), "after:")
	}
	return limit, after, 0, nil
}

// pageToken resumes after an id: pages stay consistent while members are
// added and removed between calls, as Google's do.
func pageToken(lastID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("after:" + lastID))
}

func (s *Server) groupsList(r *http.Request) (int, any) {
	limit, after, code, body := page(r)
	if code != 0 {
		return code, body
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
		if len(out) == limit {
			next = pageToken(out[len(out)-1].(map[string]any)["id"].(string))
			break
		}
		out = append(out, groupJSON(g))
	}
	resp := map[string]any{"kind": "admin#directory#groups", "etag": etag(len(out))}
	if len(out) > 0 {
		resp["groups"] = out
	}
	if next != "" {
		resp["nextPageToken"] = next
	}
	return http.StatusOK, resp
}

func (s *Server) groupsInsert(r *http.Request) (int, any) {
	var in struct {
		Email       string `json:"email"`
		Name        string `json:"name"`
		Description string `json:"description"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return apiError(http.StatusBadRequest, "parseError", "Parse Error")
	}
	if in.Email == "" {
		return apiError(http.StatusBadRequest, "required", "Missing required field: email")
	}
	if s.group(in.Email) != nil {
		return apiError(http.StatusConflict, "duplicate", "Entity already exists.")
	}
	return http.StatusOK, groupJSON(s.newGroup(in.Email, in.Name, in.Description))
}

func (s *Server) groupsGet(r *http.Request) (int, any) {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	return http.StatusOK, groupJSON(g)
}

func (s *Server) membersList(r *http.Request) (int, any) {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	limit, after, code, body := page(r)
	if code != 0 {
		return code, body
	}
	var roles map[string]bool
	if v := r.URL.Query().Get("roles"); v != "" {
		roles = make(map[string]bool)
		for _, role := range strings.Split(v, ",") {
			roles[strings.ToUpper(strings.TrimSpace(role))] = true
		}
	}
	ms := append([]*Member(nil), g.Members...)
	sort.Slice(ms, func(i, j int) bool { return ms[i].ID < ms[j].ID })
	var out []any
	next := ""
	for _, m := range ms {
		if m.ID <= after || (roles != nil && !roles[m.Role]) {
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
	return http.StatusOK, resp
}

// findMember looks a member up by id or, for reads, by any spelling of
// its address. exact requires the address as stored, byte for byte: Google
// 404s a delete or update by a differently-cased or dotted address
// (kubernetes/k8s.io#1091, #2892), which is why roster writes by id.
func findMember(g *Group, key string, exact bool) (int, *Member) {
	for i, m := range g.Members {
		switch {
		case m.ID == key:
			return i, m
		case exact && m.Email == key:
			return i, m
		case !exact && m.Email != "" && canonical(m.Email) == canonical(key):
			return i, m
		}
	}
	return -1, nil
}

func (s *Server) membersGet(r *http.Request) (int, any) {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	_, m := findMember(g, r.PathValue("memberKey"), false)
	if m == nil {
		return memberNotFound()
	}
	return http.StatusOK, memberJSON(m, true)
}

func (s *Server) membersHasMember(r *http.Request) (int, any) {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	_, m := findMember(g, r.PathValue("memberKey"), false)
	return http.StatusOK, map[string]any{"kind": "admin#directory#membersHasMember", "isMember": m != nil}
}

func (s *Server) membersInsert(r *http.Request) (int, any) {
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
	switch {
	case in.Email == "":
		return apiError(http.StatusBadRequest, "required", "Missing required field: memberKey")
	case !plausibleEmail(in.Email):
		return apiError(http.StatusBadRequest, "invalid", "Invalid Input: memberKey")
	case canonical(in.Email) == canonical(g.Email):
		return apiError(http.StatusBadRequest, "conditionNotMet", "Cyclic memberships not allowed")
	}
	role := strings.ToUpper(in.Role)
	if role == "" {
		role = "MEMBER"
	}
	if !validRole(role) {
		return apiError(http.StatusBadRequest, "invalid", "Invalid Input: role")
	}
	for _, na := range s.st.NoAccount {
		if canonical(na) == canonical(in.Email) {
			return apiError(http.StatusNotFound, "notFound", "Resource Not Found: "+in.Email)
		}
	}
	if _, m := findMember(g, in.Email, false); m != nil {
		return apiError(http.StatusConflict, "duplicate", "Member already exists.")
	}
	s.st.NextID++
	typ := "USER"
	if s.group(in.Email) != nil {
		typ = "GROUP"
	}
	m := &Member{ID: memberID(s.st.NextID), Email: in.Email, Role: role, Type: typ, Status: "ACTIVE"}
	g.Members = append(g.Members, m)
	return http.StatusOK, memberJSON(m, true)
}

func plausibleEmail(e string) bool {
	at := strings.LastIndexByte(e, '@')
	return at > 0 && at < len(e)-1 && strings.Contains(e[at:], ".") && !strings.ContainsAny(e, " <>,;\"")
}

func (s *Server) membersDelete(r *http.Request) (int, any) {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	i, m := findMember(g, r.PathValue("memberKey"), true)
	if m == nil {
		return memberNotFound()
	}
	g.Members = append(g.Members[:i], g.Members[i+1:]...)
	r.Header.Set(deletedHeader, m.Email)
	return http.StatusNoContent, nil
}

func (s *Server) membersUpdate(r *http.Request) (int, any) {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	_, m := findMember(g, r.PathValue("memberKey"), true)
	if m == nil {
		return memberNotFound()
	}
	var in struct {
		Role string `json:"role"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return apiError(http.StatusBadRequest, "parseError", "Parse Error")
	}
	if in.Role != "" {
		role := strings.ToUpper(in.Role)
		if !validRole(role) {
			return apiError(http.StatusBadRequest, "invalid", "Invalid Input: role")
		}
		m.Role = role
	}
	return http.StatusOK, memberJSON(m, true)
}

func settingsJSON(g *Group) map[string]any {
	out := map[string]any{
		"kind":        "groupsSettings#groups",
		"email":       g.Email,
		"name":        g.Name,
		"description": g.Description,
	}
	for k, v := range g.Settings {
		out[k] = v
	}
	return out
}

func (s *Server) settingsGet(r *http.Request) (int, any) {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	return http.StatusOK, settingsJSON(g)
}

// settingsUpdate applies PATCH (only the fields sent) and PUT alike;
// values are checked against the API's enumerations.
func (s *Server) settingsUpdate(r *http.Request) (int, any) {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	var in map[string]any
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return apiError(http.StatusBadRequest, "parseError", "Parse Error")
	}
	changes := make(map[string]string)
	for field, raw := range in {
		v, ok := raw.(string)
		if !ok {
			continue
		}
		spec, known := specByField(field)
		if !known {
			continue // fields roster does not pin are accepted and ignored
		}
		if !spec.Allows(v) {
			return apiError(http.StatusBadRequest, "invalid", "Invalid Value: "+field)
		}
		changes[field] = v
	}
	for k, v := range changes {
		g.Settings[k] = v
	}
	return http.StatusOK, settingsJSON(g)
}

func specByField(field string) (members.SettingSpec, bool) {
	for _, s := range members.SettingSpecs {
		if s.Field == field {
			return s, true
		}
	}
	return members.SettingSpec{}, false
}
