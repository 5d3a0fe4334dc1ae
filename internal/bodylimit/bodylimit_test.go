package bodylimit_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/roster-dev/roster/internal/bodylimit"
)

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		body string
		max  int64
		err  error
	}{
		{"12345", 10, nil},
		{"1234567890", 10, nil}, // exactly the cap is whole
		{"12345678901", 10, bodylimit.ErrTooLarge},
		{"", 0, nil},
		{"x", 0, bodylimit.ErrTooLarge},
	} {
		got, err := io.ReadAll(bodylimit.Wrap(io.NopCloser(strings.NewReader(tc.body)), tc.max))
		if !errors.Is(err, tc.err) || err == nil && string(got) != tc.body {
			t.Errorf("%q with cap %d: %q, %v; want %v", tc.body, tc.max, got, err, tc.err)
		}
	}
}
