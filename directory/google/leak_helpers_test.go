package google_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/roster-dev/roster/internal/testkey"
)

// fakeServiceAccount writes a service-account key file whose token
// endpoint is tokenURI, and returns the key's PEM text and the file.
func fakeServiceAccount(t *testing.T, tokenURI string) (string, string) {
	t.Helper()
	data, pemText, err := testkey.ServiceAccount(tokenURI)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return pemText, path
}
