package google

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
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

// CheckListening refuses a loopback endpoint nothing listens on: a
// connection refused there is no outage to wait out, but an emulator
// not started (or started on another port), and retrying it would spend
// the whole retry budget. Any other endpoint is not probed.
func CheckListening(ctx context.Context, endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil || !IsLoopback(u.Hostname()) {
		return nil
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	d := net.Dialer{Timeout: 2 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(u.Hostname(), port))
	if refused(err) {
		return fmt.Errorf("nothing is listening at %s (connection refused): start an emulator there ('roster emulator --listen %s'), or use --emulator for the built-in one", endpoint, u.Host)
	}
	if err == nil {
		conn.Close()
	}
	return nil
}

// IsLoopback reports whether host names this machine only.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// refused reports whether a dial found nothing listening: ECONNREFUSED,
// or WSAECONNREFUSED on Windows (a number of its own), or no such
// loopback address (an IPv6 loopback the machine lacks).
func refused(err error) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	return errors.Is(errno, syscall.ECONNREFUSED) || errors.Is(errno, syscall.EADDRNOTAVAIL) || errno == wsaConnRefused
}

// wsaConnRefused is Windows' WSAECONNREFUSED: on Windows a refused
// connection is this Errno, which is not ECONNREFUSED.
const wsaConnRefused = syscall.Errno(10061)
