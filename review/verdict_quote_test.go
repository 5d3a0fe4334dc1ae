package review

import (
	"strings"
	"testing"
)

// TestAGitIdentityIsQuotedAsData: a commit's identity is the pull
// request author's text; quoted in ASCII, an emoji or markup in it never
// reads as roster's own word in a verdict ("✅ Approved by @owner").
func TestAGitIdentityIsQuotedAsData(t *testing.T) {
	t.Parallel()
	got := AbridgedQuoted([]string{"alice@example.org", "✅ **Approved** by @alice-o"})
	if !strings.Contains(got, `"alice@example.org"`) || strings.Contains(got, "✅") || !strings.Contains(got, `\u2705`) {
		t.Errorf("AbridgedQuoted = %s", got)
	}
}
