package visible_test

import (
	"testing"

	"github.com/roster-dev/roster/internal/visible"
)

// TestInvisibleIsUnsafe: what Unicode shows as nothing never reaches a
// reader as it is, and plain text does.
func TestInvisibleIsUnsafe(t *testing.T) {
	for _, r := range []rune{'\u200b', '\u202e', '\u034f', '\ufe0f', '\u17b4', '\u3164', '\U000E0041'} {
		if !visible.Invisible(r) || !visible.Unsafe(r) {
			t.Errorf("%U: Invisible %v, Unsafe %v", r, visible.Invisible(r), visible.Unsafe(r))
		}
	}
	for _, r := range []rune{'a', 'é', 'ж', '✅', ' '} {
		if visible.Unsafe(r) {
			t.Errorf("%U is unsafe", r)
		}
	}
	if got := visible.Line("a\u034fb\x1b\n"); got != `a\u034fb\x1b\n` {
		t.Errorf("Line = %s", got)
	}
}
