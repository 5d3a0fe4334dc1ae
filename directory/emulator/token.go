package emulator

import (
	"encoding/base64"
	"encoding/json"
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
	writeJSON(w, http.StatusOK, map[string]any{"access_token": "emulated-" + base64.RawURLEncoding.EncodeToString([]byte(claims.Sub)), "token_type": "Bearer", "expires_in": 3600})
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
