// Package emulator serves the part of Google's APIs that roster uses, as
// google.golang.org/api's clients see them: the Admin SDK Directory API
// (groups and members), the Groups Settings API, the Admin Reports API's
// activities, and an OAuth token endpoint. Same paths, JSON shapes,
// paging and error bodies; a per-minute quota for each service; injected
// faults before and after writes. Tests, benchmarks and new users run
// roster against it on loopback; Google is never needed to see roster
// work.
//
// Where Google is strict, the emulator is too, so that what passes here
// passes there:
//
//   - members.get, hasMember, delete and patch find a member only by the
//     address Google stores, an alias of it, or the member id; another
//     spelling of the stored address (case, Gmail dots) is 404
//     (kubernetes/k8s.io#1091, #2892). hasMember of an address outside
//     the group's domain is 400 "Invalid Input: memberKey".
//   - members.list returns the primary address of a user added by an
//     alias; inserting an alias of a member is 409, as is a gmail.com /
//     googlemail.com twin (kubernetes/k8s.io#7962).
//   - Inserting an address with no Google account is 404 "Resource Not
//     Found: <address>"; get or delete by such a key is 400 "Missing
//     required field: memberKey".
//   - Inserting a group into a group it contains, directly or through
//     nesting, is 400 conditionNotMet "Cyclic memberships not allowed".
//   - Past the quota, calls are refused with 403 userRateLimitExceeded,
//     Google's reason for the per-user per-minute limit; the Directory,
//     Groups Settings and Reports APIs each have their own bucket.
//   - The Groups Settings API ties archiveOnly to whoCanPostMessage:
//     archiveOnly = true sets NONE_CAN_POST, turning it back to false sets
//     ALL_MANAGERS_CAN_POST, and NONE_CAN_POST without archiveOnly is 400.
//   - groups.insert gives a new group Google's defaults for groups made
//     through the Directory API, which are open (anyone on the web may
//     post), and can answer 404 for the new group for a while
//     (Options.CreateLag), as Google can.
//   - Every write is in the audit log, roster's own included, in the
//     shapes of Google's reference pages: Admin SDK writes in the admin
//     log with the delegated admin as actor and the OAuth client in
//     actor.applicationInfo; Admin console changes (HeaderActor) without
//     applicationInfo; Groups UI changes (join, accept_invitation,
//     approve_join_request, add_user, remove_user, change_acl_permission)
//     in the groups log; Cloud console changes in groups_enterprise,
//     naming group and member by id; bulk uploads by their counts only.
//     An actor's actor.profileId is their account's id, the member id
//     members.list gives them, as Google's is. The log is saved in the
//     state file with the groups: the last six months of it, at most
//     MaxLogEvents events.
//     Events show in activities.list only after the application's log
//     delay (Options.LogDelay), and a filter on a parameter the
//     application does not have is ignored, as Google documents.
//   - alt other than json is 400; fields= trims responses as Google's
//     partial responses do; list and patch responses carry no
//     delivery_settings.
//
// Changes "by hand" are scripted with ByHand, or over HTTP:
//
//	curl -X POST http://127.0.0.1:8089/_emulator/by-hand \
//	  -d '{"application":"groups","event":"join","group":"security@example.org","actor":"mallory@example.org"}'
//
// What it does not do, knowingly: it checks no credentials and no
// scopes (on loopback roster sends none; the token endpoint mints tokens
// for any well-formed assertion unless told to refuse a scope or subject,
// and a token only tells the audit log who acted); it keeps one domain and
// no customer ids; its quota is a token bucket refilled at the quota's
// rate holding one second's worth, an approximation of Google's
// per-minute accounting; its log delays are fixed where Google's vary
// (Google: minutes for admin, up to about half an hour for groups, more
// at times); it does not model the Groups UI's own value names in
// change_acl_permission (it logs the Groups Settings values) nor log role
// changes made in the Groups UI, for which Google's reference lists no
// event; SETTING_NAME is the Groups Settings field name, whose spelling
// in Google's log the reference does not give; it serves no users,
// aliases or groups APIs beyond what State and the methods below set up.
package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/time/rate"
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
	// Quota refuses calls past a rate with 403 userRateLimitExceeded,
	// each service (Directory, Groups Settings, Reports) counted in its
	// own bucket of this size; zero: none.
	Quota Quota
	// Quotas overrides Quota for single services.
	Quotas map[Service]Quota
	// StatePath persists the state, shortly after every write and at
	// Close; it is loaded at start when it exists.
	StatePath string
	// State is the initial state when StatePath does not exist yet.
	State  *State
	Logger *slog.Logger

	// Admin is the actor the audit log names for Admin SDK writes that
	// carry no token this emulator minted (roster on loopback sends
	// none): the delegated admin. "": admin@ the group's domain.
	Admin string
	// ClientID is actor.applicationInfo.oauthClientId for such writes.
	// "": DefaultClientID.
	ClientID string
	// ServiceAccounts maps a service account's email (a key's
	// client_email, the assertion's iss) to its OAuth client ID, for
	// writes whose token the token endpoint minted; an account not listed
	// gets an id derived from its email.
	ServiceAccounts map[string]string
	// LogDelay holds an application's events ("admin", "groups",
	// "groups_enterprise") back from activities.list for this long after
	// they happen; zero: at once. Google's are minutes for admin and up to
	// about half an hour for groups, sometimes more.
	LogDelay map[string]time.Duration
	// Groups are addresses of groups the domain has at start: each one
	// the state (new, or loaded from StatePath) lacks is created, with
	// no members and the Admin console's defaults, as AddGroup does; one
	// it has is left as it is.
	Groups []string
	// CreateLag: for this long after groups.insert creates a group, every
	// call naming it except groups.insert answers 404 notFound, as
	// Google's can right after creation; zero: none.
	CreateLag time.Duration
	// Now is the clock of the audit log and CreateLag; nil: time.Now.
	Now func() time.Time
}

// DefaultClientID is the OAuth client ID the audit log names for Admin
// SDK writes without a token (Options.ClientID unset): what roster's own
// writes to a loopback emulator are logged under.
const DefaultClientID = "100000000000000000042"

// Server is an emulated Google Workspace domain. It is safe for
// concurrent use.
type Server struct {
	opts   Options
	log    *slog.Logger
	mux    *http.ServeMux
	quotas map[Service]*rate.Limiter

	mu      sync.Mutex
	st      *State
	rng     *rand.Rand
	counts  map[string]int64
	journal []Write
	created map[*Group]time.Time // groups.insert times, for CreateLag
	dirty   bool

	saveReq  chan struct{} // pokes the saver
	saveDone chan struct{} // closed when the saver has stopped
	closed   sync.Once
}

// Write is one write the emulator did, for tests that check who was
// touched: the API method (or "by-hand <event>"), the group, and the
// member's address as stored.
type Write struct {
	Method string
	Group  string
	Email  string
	Role   string
	// Previous is the role before a patch.
	Previous string
	// Settings are the settings a settings write changed: field, old and
	// new value.
	Settings []SettingChange
}

// SettingChange is one setting a write changed.
type SettingChange struct {
	Field, Old, New string
}

// New returns a server with the state from opts.StatePath, or opts.State,
// or an empty domain. Call Close to save the last writes.
func New(opts Options) (*Server, error) {
	opts.LogDelay = maps.Clone(opts.LogDelay) // SetLogDelay changes it under the lock
	s := &Server{
		opts:    opts,
		log:     opts.Logger,
		rng:     rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)),
		counts:  make(map[string]int64),
		created: make(map[*Group]time.Time),
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
		// The state lists members: one left readable by others (by an
		// older roster, or by hand) is made private now, not at the
		// next save, which a run that only reads never makes.
		if err := os.Chmod(opts.StatePath, 0o600); err != nil {
			return nil, fmt.Errorf("emulator state: make it private: %w", err)
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
	s.st.Activities = retained(s.st.Activities, s.now())
	s.quotas = make(map[Service]*rate.Limiter)
	for _, svc := range services {
		q := opts.Quota
		if o, ok := opts.Quotas[svc]; ok {
			q = o
		}
		if l := q.limiter(); l != nil {
			s.quotas[svc] = l
		}
	}
	for _, g := range s.st.Groups {
		fillSettings(g)
	}
	s.st.index()
	for i := range s.st.Activities {
		// A log saved before events carried their actor's id: each
		// gets the id of the account, as Google's log always had it.
		if a := &s.st.Activities[i]; a.ActorID == "" {
			a.ActorID = s.actorID(a.Actor)
		}
	}
	for _, g := range opts.Groups {
		// Refused before anything is created or saved.
		if !plausibleEmail(g) {
			return nil, fmt.Errorf("emulator: group %q: not an email address", g)
		}
		if s.st.Aliases[canonical(g)] != "" {
			return nil, fmt.Errorf("emulator: group %s: the address is a user's alias (%s) in the state", g, s.st.Aliases[canonical(g)])
		}
	}
	if opts.StatePath != "" {
		if err := writable(opts.StatePath); err != nil {
			return nil, fmt.Errorf("emulator: cannot save its state to %s: %w", opts.StatePath, err)
		}
	}
	if opts.StatePath != "" && !fileExists(opts.StatePath) {
		// A new domain is saved before it serves: a state that cannot
		// be written (a link to nowhere, a directory not writable) is
		// said now, not after a run that then counts for nothing.
		s.dirty = true
		if err := s.write(); err != nil {
			return nil, fmt.Errorf("emulator: cannot save its state to %s: %w", opts.StatePath, err)
		}
	}
	if opts.StatePath != "" {
		s.saveReq = make(chan struct{}, 1)
		s.saveDone = make(chan struct{})
		go s.saver()
	}
	for _, g := range opts.Groups {
		// On top of a loaded state too: a --group the state lacks is no
		// less asked for because the state file exists.
		if s.lookup(g) == nil {
			s.newGroup(g, "", "", nil)
			s.changed()
		}
	}
	s.routes()
	return s, nil
}

const (
	dirPrefix      = "/admin/directory/v1/groups"
	settingsPrefix = "/groups/v1/groups"
	reportsPrefix  = "/admin/reports/v1/activity/users"
)

// now is the emulator's clock.
func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

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
	s.mux.HandleFunc("GET "+reportsPrefix+"/{userKey}/applications/{app}", s.api("activities.list", false, s.activitiesList))
	s.mux.HandleFunc("POST /token", s.token)
	s.mux.HandleFunc("GET /_emulator/counters", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Counters())
	})
	s.mux.HandleFunc("GET /_emulator/state", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.State())
	})
	s.mux.HandleFunc("GET /_emulator/activities", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Activities())
	})
	s.mux.HandleFunc("POST /_emulator/by-hand", s.byHandHTTP)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, apiError(http.StatusNotFound, "notFound", "Not Found: "+r.Method+" "+r.URL.Path+" is not served by the roster emulator").body)
	})
}

// ServeHTTP serves the emulated APIs.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.opts.StatePath != "" {
		// Which domain answers: a run that finds a note naming this
		// address checks it is the state it wants (a note left by an
		// emulator killed since may name another's port), wherever it
		// runs from.
		state := s.opts.StatePath
		if abs, err := filepath.Abs(state); err == nil {
			state = abs
		}
		w.Header().Set(StateHeader, state)
	}
	s.mux.ServeHTTP(w, r)
}

// StateHeader names, on every answer of an emulator that persists its
// domain, the file it persists it to (Options.StatePath, absolute).
const StateHeader = "X-Emulator-State"

// reply is what a handler answers: a status, a JSON body (nil for none),
// and, for a write that happened, what it wrote.
type reply struct {
	code  int
	body  any
	wrote *Write
}

// handler does one API call with the state lock held.
type handler func(r *http.Request) reply

// api wraps a handler with what every call goes through: counting,
// latency, the quota, the faults, `alt` and `fields`, the journal, the
// audit log and persistence.
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
		if alt := r.URL.Query().Get("alt"); alt != "" && alt != "json" {
			writeJSON(w, http.StatusBadRequest, apiError(http.StatusBadRequest, "invalidParameter", "Invalid value '"+alt+"' for parameter alt; this API serves json").body)
			return
		}
		mask, err := parseFields(r.URL.Query().Get("fields"))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, apiError(http.StatusBadRequest, "invalidParameter", "Invalid field selection "+err.Error()).body)
			return
		}
		s.mu.Lock()
		s.counts[method]++
		s.counts["calls"]++
		if r.Header.Get("Authorization") != "" {
			s.counts["calls.with_authorization"]++
		}
		if rep, refused := s.refuse(r); refused {
			s.mu.Unlock()
			writeJSON(w, rep.code, rep.body)
			return
		}
		svc := serviceOf(method)
		if q := s.quotas[svc]; q != nil && !q.Allow() {
			s.counts["refused.quota"]++
			s.counts["refused.quota."+string(svc)]++
			s.mu.Unlock()
			rep := apiError(http.StatusForbidden, "userRateLimitExceeded", "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service '"+svc.host()+"'.")
			writeJSON(w, rep.code, rep.body)
			return
		}
		if s.opts.FailRate > 0 && s.rng.Float64() < s.opts.FailRate {
			s.counts["faults.before"]++
			kind := s.rng.IntN(3)
			s.mu.Unlock()
			s.log.Debug("fault before", "method", method, "path", r.URL.Path)
			var rep reply
			switch kind {
			case 0:
				rep = apiError(http.StatusTooManyRequests, "rateLimitExceeded", "Rate Limit Exceeded")
			case 1:
				rep = apiError(http.StatusForbidden, "userRateLimitExceeded", "User Rate Limit Exceeded")
			default:
				rep = apiError(http.StatusServiceUnavailable, "backendError", "Backend Error")
			}
			writeJSON(w, rep.code, rep.body)
			return
		}
		rep := h(r)
		// Dated by the emulator's clock, the audit log's, as Google's
		// answers are by Google's (directory.ReadClock reads it).
		w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
		done := write && rep.code < 300
		if done {
			if rep.wrote != nil {
				rep.wrote.Method = method
				s.journal = append(s.journal, *rep.wrote)
				s.recordWrite(s.callerOf(r, rep.wrote.Group), *rep.wrote)
			}
			s.changed()
		}
		lose := done && s.opts.FailAfterRate > 0 && s.rng.Float64() < s.opts.FailAfterRate
		drop := lose && s.rng.IntN(2) == 0
		if lose {
			s.counts["faults.after"]++
		}
		s.mu.Unlock()
		s.log.Debug("call", "method", method, "path", r.URL.Path, "status", rep.code, "lost", lose)
		if lose {
			if hj, ok := w.(http.Hijacker); ok && drop {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close() // the write happened; the client hears nothing
					return
				}
			}
			rep = apiError(http.StatusServiceUnavailable, "backendError", "Backend Error")
		}
		writeJSON(w, rep.code, mask.apply(rep.body))
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
func apiError(code int, reason, msg string) reply {
	return reply{code: code, body: map[string]any{"error": map[string]any{
		"code":    code,
		"message": msg,
		"errors":  []any{map[string]any{"domain": "global", "reason": reason, "message": msg}},
	}}}
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
	out.index()
	return &out
}

func etag(parts ...any) string { return fmt.Sprintf("\"%x\"", fmt.Sprint(parts...)) }
