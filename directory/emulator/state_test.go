package emulator

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseStateErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"not json", "groups: []", "line 1"},
		{"unknown field", `{"groups": [], "gropus": []}`, `unknown field "gropus"`},
		{"wrong type", `{"groups": {"email": "g@example.org"}}`, "cannot unmarshal"},
		{"group without email", `{"groups": [{"id": "1"}]}`, "groups[0] has no valid email"},
		{"group twice", `{"groups": [{"email": "g@example.org"}, {"email": "G@example.org"}]}`, "appears twice"},
		{"member without email", `{"groups": [{"email": "g@example.org", "members": [{"role": "MEMBER"}]}]}`, "members[0] has no email"},
		{"bad role", `{"groups": [{"email": "g@example.org", "members": [{"email": "a@example.org", "role": "admin"}]}]}`, `role "admin"`},
		{"member twice", `{"groups": [{"email": "g@example.org", "members": [{"email": "a.b@gmail.com", "role": "MEMBER"}, {"email": "ab@googlemail.com", "role": "MEMBER"}]}]}`, "twice in group"},
		{"trailing data", `{"groups": []} {}`, "data after"},
		{"multi-line syntax error", "{\n\"groups\": [\n{,}\n]}", "line 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseState("state.json", []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "state.json") {
				t.Fatalf("got %v, want an error naming state.json and %q", err, tt.want)
			}
		})
	}
}

func TestParseQuota(t *testing.T) {
	for in, want := range map[string]Quota{"2400/min": {2400, 60e9}, "40/s": {40, 1e9}, "": {}, "none": {}} {
		got, err := ParseQuota(in)
		if err != nil || got != want {
			t.Errorf("ParseQuota(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"2400", "x/min", "10/week", "-1/s"} {
		if _, err := ParseQuota(bad); err == nil {
			t.Errorf("ParseQuota(%q) accepted", bad)
		}
	}
}

func TestParseLogDelay(t *testing.T) {
	got, err := ParseLogDelay("admin=3m, groups=30m,groups_enterprise=0s")
	if err != nil || got["admin"] != 3*time.Minute || got["groups"] != 30*time.Minute || len(got) != 3 {
		t.Errorf("ParseLogDelay = %v, %v", got, err)
	}
	for _, bad := range []string{"admin", "drive=1m", "admin=-1m", "admin=soon"} {
		if _, err := ParseLogDelay(bad); err == nil {
			t.Errorf("ParseLogDelay(%q) accepted", bad)
		}
	}
}

// TestMemberIDIsTheAccounts: Google's member id is the account's own:
// the same on every group, and again after a removal and a re-add
// (Cloud Identity's log names members by it, so a re-added member must
// not look like someone new).
func TestMemberIDIsTheAccounts(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []string{"a@example.org", "b@example.org"} {
		if err := s.AddGroup(g, Member{Email: "owner@example.org", Role: "OWNER"}); err != nil {
			t.Fatal(err)
		}
	}
	id := func(group, email string) string {
		for _, m := range s.Members(group) {
			if canonical(m.Email) == canonical(email) {
				return m.ID
			}
		}
		return ""
	}
	if _, err := s.ByHand(Change{Event: "add_user", Group: "a@example.org", Actor: "owner@example.org", Member: "bob@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ByHand(Change{Event: "add_user", Group: "a@example.org", Actor: "owner@example.org", Member: "carol@example.org"}); err != nil {
		t.Fatal(err)
	}
	bob := id("a@example.org", "bob@example.org")
	if _, err := s.ByHand(Change{Application: "groups_enterprise", Event: "remove_member", Group: "a@example.org", Actor: "cloud@example.org", Member: "bob@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ByHand(Change{Event: "add_user", Group: "a@example.org", Actor: "owner@example.org", Member: "Bob@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ByHand(Change{Event: "add_user", Group: "b@example.org", Actor: "owner@example.org", Member: "bob@example.org"}); err != nil {
		t.Fatal(err)
	}
	if got := id("a@example.org", "bob@example.org"); got != bob {
		t.Errorf("bob re-added has id %s, was %s", got, bob)
	}
	if got := id("b@example.org", "bob@example.org"); got != bob {
		t.Errorf("bob on another group has id %s, %s on the first", got, bob)
	}
	if id("a@example.org", "owner@example.org") != id("b@example.org", "owner@example.org") {
		t.Errorf("the owner has two ids")
	}
	// The re-added member is listed in id order, so paging stays whole.
	ms := s.Members("a@example.org")
	for i := 1; i < len(ms); i++ {
		if ms[i-1].ID >= ms[i].ID {
			t.Errorf("members out of id order: %v", ms)
		}
	}
	if len(ms) != 3 {
		t.Errorf("members %v", ms)
	}
}

// TestGroupsAtStartOnALoadedState: the groups asked for at start are
// created when the state lacks them, whether it is new or loaded from
// its file, and saved; those it has are left as they are. An address
// that is no address is refused before anything is written.
func TestGroupsAtStartOnALoadedState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s, err := New(Options{StatePath: path, Groups: []string{"a@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ByHand(Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "a@example.org", Actor: "root@example.org", Member: "ada@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = New(Options{StatePath: path, Groups: []string{"A@example.org", "b@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	if ms := s.Members("a@example.org"); len(ms) != 1 || ms[0].Email != "ada@example.org" {
		t.Errorf("a@ loaded with %v, want ada as saved", ms)
	}
	if s.Members("b@example.org") == nil {
		t.Errorf("b@, asked for at start, was not created on the loaded state")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Groups) != 2 {
		t.Errorf("saved %d groups, want a@ and b@", len(st.Groups))
	}
	saved, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{StatePath: path, Groups: []string{"not-an-address"}}); err == nil || !strings.Contains(err.Error(), "not-an-address") {
		t.Errorf("a group that is no address: %v", err)
	}
	// Refused before anything is written.
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, saved) {
		t.Errorf("the state file changed on a refused start: %v", err)
	}
}
