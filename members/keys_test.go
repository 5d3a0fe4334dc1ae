package members

import (
	"slices"
	"strings"
	"testing"
)

// Elements' key positions share storage; growing one element's Keys (as an
// edit does) must never overwrite its neighbour's.
func TestKeysDoNotShareCapacity(t *testing.T) {
	src := `schema = 1

[lists.a]
address = "a@example.org"
policy = "p"

[policies.p]
min_owners = 1

[[member]]
email = "x@example.org"
lists = { a = "member" }

  [[member.vetting]]
  by = "y@example.org"
  on = 2026-01-02
  method = "video-call"

[[member]]
email = "y@example.org"
name = "Y"
lists = { a = "owner" }
`
	f, err := Parse("members.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	first, second := f.Members[0], f.Members[1]
	want := append([]keyAt(nil), second.keys...)
	wantVetting := append([]keyAt(nil), first.Vetting[0].keys...)
	first.keys = append(first.keys, keyAt{id: 1})
	first.Vetting[0].keys = append(first.Vetting[0].keys, keyAt{id: 1})
	if !slices.Equal(second.keys, want) {
		t.Errorf("second member's keys changed to %v, want %v", second.keys, want)
	}
	if !slices.Equal(first.Vetting[0].keys[:len(wantVetting)], wantVetting) {
		t.Errorf("vetting keys changed to %v, want %v", first.Vetting[0].keys, wantVetting)
	}
	if got := second.At("name"); got.Line != 21 {
		t.Errorf("second member's name at line %d, want 21", got.Line)
	}
}

// Every key the schema defines has an id, so every key written is
// recorded: a missing one would silently lose a finding's line.
func TestEveryKeyHasAnID(t *testing.T) {
	for _, group := range [][]string{listKeys, policyKeys, settingKeyNames(), memberKeys, vettingKeys, {"schema", "admins", "lists", "policies", "member"}} {
		for _, k := range group {
			if id, ok := keyID(k); !ok || keyNames[id] != k {
				t.Errorf("key %q has no id", k)
			}
		}
	}
}

func TestParseRefusesHugeFiles(t *testing.T) {
	_, err := Parse("members.toml", make([]byte, MaxFileSize+1))
	if err == nil || !strings.Contains(err.Error(), "members.toml") || !strings.Contains(err.Error(), "1 GiB") {
		t.Fatalf("Parse of a file over MaxFileSize: %v, want an error naming the file and the limit", err)
	}
}

// A key far below its element's first key, or far along a long line,
// keeps its exact position (it takes the wide form).
func TestKeyPositionsFarAway(t *testing.T) {
	src := "schema = 1\n[[member]]\nemail = \"x@example.org\"\n" + strings.Repeat("\n", 300) + "name = \"X\"\n"
	f, err := Parse("members.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m := f.Members[0]
	if got := m.At("name"); got.Line != 304 || got.Col != 1 || src[got.Offset:got.Offset+4] != "name" {
		t.Errorf("name at %v (offset %d), want line 304", got, got.Offset)
	}
	if got := m.At("email"); got.Line != 3 {
		t.Errorf("email at %v, want line 3", got)
	}
	wide := "schema = 1\nmember = [{" + strings.Repeat(" ", 70000) + "email = \"y@example.org\", name = \"Y\" }]\n"
	f, err = Parse("members.toml", []byte(wide))
	if err != nil {
		t.Fatal(err)
	}
	m = f.Members[0]
	if got := m.At("email"); got.Line != 2 || got.Col != 70012 || wide[got.Offset:got.Offset+5] != "email" {
		t.Errorf("email at %v, want 2:70012", got)
	}
	if got := m.At("name"); got.Line != 2 || wide[got.Offset:got.Offset+4] != "name" {
		t.Errorf("name at %v", got)
	}
	if !m.Has("email") || !m.Has("name") || m.Has("github") {
		t.Errorf("Has is wrong for wide keys")
	}
	// An edit's new key has no position, and does not disturb the others.
	m.keys = withKeys(m.keys, "github")
	if !m.Has("github") || m.At("github").IsValid() || m.At("name").Col == 0 {
		t.Errorf("after adding a key without a position: github at %v, name at %v", m.At("github"), m.At("name"))
	}
}

// TestQuoteIfNeededShowsInvisibleMarks: an id quoted in a parse error
// shows a mark that displays as nothing (strconv counts it printable).
func TestQuoteIfNeededShowsInvisibleMarks(t *testing.T) {
	for in, want := range map[string]string{
		"plain":          "plain",
		"two words":      `"two words"`,
		"esc\x1b":        `"esc\x1b"`,
		"cgj\u034fmark":  `"cgj\u034fmark"`,
		"vs\ufe0fmark":   `"vs\ufe0fmark"`,
		"bidi\u202emark": `"bidi\u202emark"`,
	} {
		if got := quoteIfNeeded(in); got != want {
			t.Errorf("quoteIfNeeded(%q) = %s, want %s", in, got, want)
		}
	}
}
