package site_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/site"
)

// TestAKeptFileNamedLikeAnAddressIsNamedByItsPlace: a kept file or
// directory of a public roster named like an email address, or whose
// path spells one, is refused named by its place in the directory and
// by whose address it is, never by its name or its directories': the
// build log may be anyone's to read.
func TestAKeptFileNamedLikeAnAddressIsNamedByItsPlace(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, path, who string
		parts           []string
	}{
		{"a file named as the address", "carol@example.org.txt", "the member at members.toml:68", []string{"carol", "example"}},
		{"in a shape", "people/carol_example.org.png", "the member at members.toml:68", []string{"carol", "example", "people"}},
		{"across its path", "carol/example.org.png", "the member at members.toml:68", []string{"carol", "example"}},
		{"a directory named so", "ada@example.org/logo.png", "the member at members.toml:29", []string{"ada@", "example", "logo"}},
		{"no one's", "someone.else@unrelated.example.txt", "", []string{"someone", "unrelated"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "site")
			if err := site.Build(out, smallInput(t, true)); err != nil {
				t.Fatal(err)
			}
			writeTestFile(t, filepath.Join(out, filepath.FromSlash(tc.path)), []byte("hello\n"))
			err := site.Build(out, smallInput(t, true))
			if err == nil || !strings.Contains(err.Error(), "is named like an email address") {
				t.Fatalf("got %v, want %s refused", err, tc.path)
			}
			if !strings.Contains(err.Error(), "the entry at ") {
				t.Errorf("got %v, want the entry named by its place", err)
			}
			if tc.who != "" && !strings.Contains(err.Error(), "(that of "+tc.who+")") {
				t.Errorf("got %v, want it to name %s", err, tc.who)
			}
			for _, part := range tc.parts {
				if strings.Contains(err.Error(), part) {
					t.Errorf("the refusal names %q of the file: %v", part, err)
				}
			}
		})
	}
}
