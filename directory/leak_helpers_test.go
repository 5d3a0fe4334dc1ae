package directory_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
)

// fakeServiceAccount writes a service-account key file whose token
// endpoint is tokenURI, and returns the key's PEM text and the file.
func fakeServiceAccount(t *testing.T, tokenURI string) (string, string) {
	t.Helper()
	data, pemText, err := emulator.FakeServiceAccount(tokenURI)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return pemText, path
}

// secretFragments returns pieces of the key's base64 body long enough
// that finding one anywhere means the key leaked.
func secretFragments(pemText string) []string {
	var out []string
	for _, line := range strings.Split(pemText, "\n") {
		if len(line) >= 40 && !strings.HasPrefix(line, "-----") {
			out = append(out, line[:40])
		}
	}
	return out
}
