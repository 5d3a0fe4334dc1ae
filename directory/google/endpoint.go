package google

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// DefaultEndpoint is the root URL of the Admin SDK (Directory and Reports
// APIs).
const DefaultEndpoint = "https://admin.googleapis.com/"

// settingsEndpoint is the root of the Groups Settings API on Google; an
// emulator serves it under its own root.
const settingsEndpoint = "https://www.googleapis.com/groups/v1/groups/"

// CheckEndpoint validates an endpoint URL and returns it with a trailing
// slash (without one the client drops the path prefix). insecure is true
// for a plain-http loopback endpoint, which gets no credentials.
func CheckEndpoint(raw string) (endpoint string, insecure bool, err error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", false, fmt.Errorf("endpoint %q is not a URL; write it like https://admin.googleapis.com/ or http://127.0.0.1:8089/", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return "", false, fmt.Errorf("refusing plain-HTTP endpoint %s: credentials and member lists may only travel unencrypted to a loopback address (127.0.0.1, ::1, localhost); use https", raw)
		}
		insecure = true
	default:
		return "", false, fmt.Errorf("endpoint %q: scheme must be https (or http on loopback)", raw)
	}
	if u.User != nil {
		return "", false, fmt.Errorf("endpoint must not carry a user or password")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), insecure, nil
}

// IsLoopback reports whether host names this machine only.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
