package plainjson_test

import (
	"testing"

	"github.com/roster-dev/roster/internal/plainjson"
)

// TestMarshalKeepsMarkup: the characters json.Marshal escapes for HTML
// stay as they are, and no newline ends the value.
func TestMarshalKeepsMarkup(t *testing.T) {
	got, err := plainjson.Marshal(map[string]string{"note": "<a> & b"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"note":"<a> & b"}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
