package emulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"strings"
)

// token serves an OAuth token endpoint for the JWT-bearer grant that
// service-account keys use: point a key's token_uri here, and domain-wide
// delegation can be refused the way Google refuses it (a scope the Admin
// console has not granted, a subject that is no user). It checks no
// signature: it is a stand-in for a setup, not a security boundary.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.counts["token"]++
	auth := s.st.Auth
	s.mu.Unlock()
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_request", "error_description": "unreadable form"})
		return
	}
	var claims struct {
		Iss   string `json:"iss"`
		Sub   string `json:"sub"`
		Scope string `json:"scope"`
	}
	parts := strings.Split(r.PostForm.Get("assertion"), ".")
	if len(parts) != 3 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_grant", "error_description": "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe"})
		return
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || json.Unmarshal(payload, &claims) != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
		return
	}
	if auth != nil {
		for _, u := range auth.UnknownSubjects {
			if strings.EqualFold(u, claims.Sub) {
				writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_grant", "error_description": "Invalid email or User ID"})
				return
			}
		}
		for _, denied := range auth.DeniedScopes {
			for _, scope := range strings.Fields(claims.Scope) {
				if scope == denied {
					writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "unauthorized_client",
						"error_description": "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested."})
					return
				}
			}
		}
	}
	// The token says who it was minted for, so that the audit log can
	// name the delegated admin and the service account's client, as
	// Google's does.
	who, _ := json.Marshal(tokenClaims{Sub: claims.Sub, Iss: claims.Iss})
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tokenPrefix + base64.RawURLEncoding.EncodeToString(who), "token_type": "Bearer", "expires_in": 3600})
}

const tokenPrefix = "emulated."

// tokenClaims is what a token the emulator minted carries: the subject
// of domain-wide delegation and the service account that asked.
type tokenClaims struct {
	Sub string `json:"sub,omitempty"`
	Iss string `json:"iss,omitempty"`
}

// tokenOf reads a token this emulator minted from a request, if any.
func tokenOf(r *http.Request) (tokenClaims, bool) {
	auth := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok {
		return tokenClaims{}, false
	}
	raw, ok := strings.CutPrefix(tok, tokenPrefix)
	if !ok {
		return tokenClaims{}, false
	}
	data, err := base64.RawURLEncoding.DecodeString(raw)
	var c tokenClaims
	if err != nil || json.Unmarshal(data, &c) != nil || (c.Sub == "" && c.Iss == "") {
		return tokenClaims{}, false
	}
	return c, true
}

// caller is who made a write, as the audit log names them.
type caller struct {
	// app is where the change was made: AppAdmin (the Admin SDK or the
	// Admin console) or AppGroups (the Groups UI).
	app      string
	actor    string
	clientID string // "" for the Admin console and the Groups UI
	// delegated: the client acted for actor (domain-wide delegation).
	delegated bool
}

// callerOf tells who made a request, for the audit log: a person in the
// Admin console or the Groups UI when HeaderActor says so; else an Admin
// SDK client, acting for the subject of the token this emulator minted,
// or for the configured admin when the call carried no such token
// (roster on loopback sends none). Called with s.mu held.
func (s *Server) callerOf(r *http.Request, group string) caller {
	actor, where := r.Header.Get(HeaderActor), r.Header.Get(HeaderApplication)
	if actor != "" || where != "" {
		if actor == "" {
			actor = s.defaultAdmin(group)
		}
		app := appAdmin
		if where == appGroups {
			app = appGroups
		}
		return caller{app: app, actor: actor}
	}
	if c, ok := tokenOf(r); ok {
		actor := c.Sub
		if actor == "" {
			actor = c.Iss // the service account acting as itself
		}
		return caller{app: appAdmin, actor: actor, clientID: s.clientIDOf(c.Iss), delegated: c.Sub != ""}
	}
	id := s.opts.ClientID
	if id == "" {
		id = DefaultClientID
	}
	return caller{app: appAdmin, actor: s.defaultAdmin(group), clientID: id, delegated: true}
}

// defaultAdmin is the admin who acts when nobody says who.
func (s *Server) defaultAdmin(group string) string {
	if s.opts.Admin != "" {
		return s.opts.Admin
	}
	return "admin@" + domainOf(group)
}

// clientIDOf is the OAuth client ID of a service account: configured, or
// a 21-digit number derived from its email, the shape of Google's.
func (s *Server) clientIDOf(email string) string {
	for account, id := range s.opts.ServiceAccounts {
		if strings.EqualFold(account, email) {
			return id
		}
	}
	h := fnv.New64a()
	h.Write([]byte(strings.ToLower(email)))
	return fmt.Sprintf("1%020d", h.Sum64()%1e19)
}

// refuse answers a call the simulated setup forbids; called with s.mu
// held.
func (s *Server) refuse(r *http.Request) (reply, bool) {
	a := s.st.Auth
	if a == nil {
		return reply{}, false
	}
	reports := strings.HasPrefix(r.URL.Path, reportsPrefix)
	switch {
	case reports && a.NoReports, !reports && a.NotAdmin:
		s.counts["refused.forbidden"]++
		return apiError(http.StatusForbidden, "forbidden", "Not Authorized to access this resource/api"), true
	}
	return reply{}, false
}

// SetAuth changes the simulated setup of a running server.
func (s *Server) SetAuth(a *Auth) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.Auth = a
}

// ParseServiceAccounts reads the emulator's --service-account values,
// EMAIL=ID each: the OAuth client ID (a key's client_id, digits) the
// writes of the service account EMAIL (its client_email) are logged
// with, as Google logs them, so that roster, given that key, knows its
// own writes.
func ParseServiceAccounts(values []string) (map[string]string, error) {
	out := make(map[string]string)
	for _, v := range values {
		email, id, ok := strings.Cut(strings.TrimSpace(v), "=")
		email, id = strings.TrimSpace(email), strings.TrimSpace(id)
		if !ok || !strings.Contains(email, "@") || id == "" || strings.Trim(id, "0123456789") != "" {
			return nil, fmt.Errorf("%q: write EMAIL=ID, the key's client_email and its client_id (digits), like roster@project.iam.gserviceaccount.com=105038443043170606339", v)
		}
		out[strings.ToLower(email)] = id
	}
	return out, nil
}
