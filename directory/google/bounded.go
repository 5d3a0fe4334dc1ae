package google

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/roster-dev/roster/internal/bodylimit"
	"golang.org/x/oauth2"
)

// MaxResponseBytes bounds one API answer. In the emulator, which answers
// in Google's shapes, a page of 200 members measured 42,762 bytes and a
// page of 1,000 audit-log events 425,580: an answer past this is no page
// Google sends, and reading it whole (an endless
// stream of members) would exhaust memory and take every other list
// down with the run. Such an answer fails its call alone.
const MaxResponseBytes = 32 << 20

// MaxCredentialBytes bounds one answer of the IAM and IAM Credentials
// APIs (a signed token, a service account): a few hundred bytes each, so
// an endless or padded one is cut long before a Directory page would be.
const MaxCredentialBytes = 1 << 20

// boundedTransport caps the body of every answer it returns, and names
// roster in every request (the client library's own user agent option
// does not reach a transport it did not build).
type boundedTransport struct {
	base http.RoundTripper
	max  int64
	ua   string
}

func (t boundedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.ua != "" {
		r = r.Clone(r.Context())
		r.Header.Set("User-Agent", t.ua)
	}
	resp, err := t.base.RoundTrip(r)
	if err == nil && resp.Body != nil {
		resp.Body = bodylimit.Wrap(resp.Body, t.max)
		if resp.StatusCode/100 == 2 {
			return errorIn200(resp)
		}
	}
	return resp, err
}

// errorIn200 reads a successful answer, and makes one whose body is an
// error (`{"error": {...}}`, as Google words a failure) the failure it
// says, a 502: the client library decodes such a body into an empty
// result, so a listing would read as an empty group and an insert as
// done. The body is read whole, under the same bound.
func errorIn200(resp *http.Response) (*http.Response, error) {
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if !bytes.Contains(body, []byte(`"error"`)) {
		return resp, nil
	}
	var v struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &v) != nil || len(v.Error) == 0 || string(v.Error) == "null" {
		return resp, nil
	}
	resp.StatusCode, resp.Status = http.StatusBadGateway, "502 Bad Gateway (an error in a 200 answer)"
	return resp, nil
}

// bounded returns a client like c (nil: a default one) whose answers are
// capped at MaxResponseBytes, and whose requests name ua.
func bounded(c *http.Client, ua string) *http.Client { return boundedAt(c, ua, MaxResponseBytes) }

// boundedAt is bounded, with answers capped at limit bytes.
func boundedAt(c *http.Client, ua string, limit int64) *http.Client {
	out := &http.Client{}
	if c != nil {
		*out = *c
	}
	base := out.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	out.Transport = boundedTransport{base: base, max: limit, ua: ua}
	return out
}

// authorized is a bounded client that authorizes its calls with ts,
// each token reused until it expires.
func authorized(ts oauth2.TokenSource, ua string) *http.Client {
	return bounded(&http.Client{Transport: &authTransport{src: &sharedTokenSource{src: ts}, base: http.DefaultTransport}}, ua)
}
