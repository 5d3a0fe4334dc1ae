package google

import (
	"fmt"
	"io"
	"net/http"

	"golang.org/x/oauth2"
)

// MaxResponseBytes bounds one API answer. A page of 200 members is about
// 40 KB, a page of the audit log of 1,000 events under 2 MB: an answer
// past this is no page Google sends, and reading it whole (an endless
// stream of members) would exhaust memory and take every other list
// down with the run. Such an answer fails its call alone.
const MaxResponseBytes = 32 << 20

// errTooLarge is the read error of an answer past MaxResponseBytes.
var errTooLarge = fmt.Errorf("the answer is larger than %d MiB, far more than any page Google sends; refusing it", MaxResponseBytes>>20)

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
		resp.Body = &boundedBody{rc: resp.Body, left: t.max}
	}
	return resp, err
}

// boundedBody reads at most left bytes more, then fails.
type boundedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// Exactly at the cap: an answer that ends here is whole.
		var one [1]byte
		if n, err := b.rc.Read(one[:]); n == 0 && err != nil {
			return 0, err
		}
		return 0, errTooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *boundedBody) Close() error { return b.rc.Close() }

// bounded returns a client like c (nil: a default one) whose answers are
// capped at MaxResponseBytes, and whose requests name ua.
func bounded(c *http.Client, ua string) *http.Client {
	out := &http.Client{}
	if c != nil {
		*out = *c
	}
	base := out.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	out.Transport = boundedTransport{base: base, max: MaxResponseBytes, ua: ua}
	return out
}

// authorized is a bounded client that authorizes its calls with ts,
// each token reused until it expires.
func authorized(ts oauth2.TokenSource, ua string) *http.Client {
	return bounded(&http.Client{Transport: &oauth2.Transport{Source: oauth2.ReuseTokenSource(nil, ts), Base: http.DefaultTransport}}, ua)
}
