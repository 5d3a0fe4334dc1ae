package emulator

import (
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
