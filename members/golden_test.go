package members_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/members"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with the golden file path, or rewrites it with
// -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./members -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s mismatch (-want +got):\n%s", path, cmp.Diff(string(want), string(got)))
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestFormatGolden: roster fmt writes the new keys in the reference
// order (admins after schema; create after provider; approvals after
// unmanaged), keeps every comment, and formatting again changes nothing.
func TestFormatGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/format/*.toml")
	for _, in := range files {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src := readFile(t, in)
			f, err := members.Parse(filepath.Base(in), src)
			if err != nil {
				t.Fatal(err)
			}
			out, nf, err := members.Reformat(f, src)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, strings.TrimSuffix(in, ".toml")+".golden", out)
			if again := members.Format(nf, out); !bytes.Equal(again, out) {
				t.Errorf("formatting twice changed the text:\n%s", again)
			}
		})
	}
}

// TestParseErrorsGolden: every name roster prints outside free text is
// held to its form when the file is read, every bad one is reported (not
// only the first) at file:line:col, and the message says what to write.
func TestParseErrorsGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.toml")
	for _, in := range files {
		t.Run(filepath.Base(in), func(t *testing.T) {
			_, err := members.Parse(filepath.Base(in), readFile(t, in))
			var list members.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Parse: %v, want an ErrorList", err)
			}
			for _, e := range list {
				if !e.Pos.IsValid() {
					t.Errorf("error without a position: %v", e)
				}
				if strings.ContainsAny(e.Error(), "\n\x1b") {
					t.Errorf("error %q would break the line it is printed on", e.Error())
				}
			}
			golden(t, strings.TrimSuffix(in, ".toml")+".golden", []byte(list.Error()+"\n"))
		})
	}
}

// TestEditListsGolden: JoinList, SetRole, SetLists and AddVetting change
// only the bytes of the lists (or the record) they must, whichever of
// TOML's forms a member's lists and records are written in: the form
// stays, every comment stays attached to its key, and so do the file's
// line endings. A list a member leaves takes its line with it, and the
// comment at the end of that line (gone); no other comment goes.
func TestEditListsGolden(t *testing.T) {
	ms := func(pairs ...string) []members.Membership {
		var out []members.Membership
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, members.Membership{List: pairs[i], Role: members.Role(pairs[i+1])})
		}
		return out
	}
	record := members.Vetting{By: "ada-example", On: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), Method: "video-call", Note: "again"}
	tests := []struct {
		name string
		in   string
		edit func(*members.Batch) error
		gone []string // the comments of the lines the edit removes
	}{
		{"join-inline", "lists-forms", func(b *members.Batch) error { return b.JoinList("ada@example.org", "b", members.RoleManager) }, nil},
		{"join-table", "lists-forms", func(b *members.Batch) error { return b.JoinList("BOB@example.org", "b", members.RoleMember) }, nil},
		{"join-dotted", "lists-forms", func(b *members.Batch) error { return b.JoinList("cy@example.org", "b", members.RoleOwner) }, nil},
		{"join-absent", "lists-forms", func(b *members.Batch) error { return b.JoinList("dee@example.org", "b", members.RoleMember) }, nil},
		{"join-empty", "lists-forms", func(b *members.Batch) error { return b.JoinList("eve@example.org", "a", members.RoleMember) }, nil},
		{"role-inline", "lists-forms", func(b *members.Batch) error { return b.SetRole("ada@example.org", "a", members.RoleMember) }, nil},
		{"role-table", "lists-forms", func(b *members.Batch) error { return b.SetRole("bob@example.org", "a", members.RoleManager) }, nil},
		{"role-dotted", "lists-forms", func(b *members.Batch) error { return b.SetRole("cy@example.org", "a", members.RoleOwner) }, nil},
		{"several", "lists-forms", func(b *members.Batch) error {
			return errors.Join(
				b.JoinList("ada@example.org", "b", members.RoleMember),
				b.SetRole("bob@example.org", "a", members.RoleMember),
				b.JoinList("cy@example.org", "b", members.RoleMember),
				b.JoinList("dee@example.org", "a", members.RoleOwner),
			)
		}, nil},
		// Leaving lists: only the pair or the line of each list left goes.
		{"leave-table", "lists-leave", func(b *members.Batch) error {
			return b.SetLists("elif.demir@example.org", ms("security-reports", "member"))
		}, []string{"# since June"}},
		{"leave-table-second", "lists-leave", func(b *members.Batch) error {
			return b.SetLists("elif.demir@example.org", ms("advance-warning", "member"))
		}, nil},
		{"leave-table-all", "lists-leave", func(b *members.Batch) error { return b.SetLists("elif.demir@example.org", nil) }, []string{"# since June"}},
		{"leave-table-last", "lists-leave", func(b *members.Batch) error { return b.SetLists("omar@example.org", nil) }, []string{"# for now"}},
		{"leave-table-after-vetting", "lists-leave", func(b *members.Batch) error {
			return b.SetLists("lin@example.org", ms("triage", "member"))
		}, []string{"# leads it"}},
		{"leave-dotted", "lists-leave", func(b *members.Batch) error {
			return b.SetLists("cy@example.org", ms("security-reports", "member"))
		}, []string{"# since June"}},
		{"leave-dotted-last", "lists-leave", func(b *members.Batch) error { return b.SetLists("noor@example.org", nil) }, []string{"# for now"}},
		{"leave-inline", "lists-leave", func(b *members.Batch) error {
			return b.SetLists("ada@example.org", ms("security-reports", "member"))
		}, nil},
		{"leave-inline-middle", "lists-leave", func(b *members.Batch) error {
			return b.SetLists("ada@example.org", ms("advance-warning", "owner", "triage", "member"))
		}, nil},
		{"leave-inline-last", "lists-leave", func(b *members.Batch) error { return b.SetLists("max@example.org", nil) }, nil},
		{"set-lists-table", "lists-leave", func(b *members.Batch) error {
			// One list left, one role changed, one list joined.
			return b.SetLists("elif.demir@example.org", ms("triage", "member", "advance-warning", "owner"))
		}, nil},
		{"set-lists-dotted", "lists-leave", func(b *members.Batch) error {
			return b.SetLists("cy@example.org", ms("triage", "owner", "security-reports", "manager"))
		}, []string{"# since June"}},
		{"set-lists-inline", "lists-leave", func(b *members.Batch) error {
			return b.SetLists("max@example.org", ms("advance-warning", "member"))
		}, nil},
		{"leave-several", "lists-leave", func(b *members.Batch) error {
			return errors.Join(
				b.SetLists("ada@example.org", ms("triage", "member")),
				b.SetLists("cy@example.org", ms("advance-warning", "member")),
				b.SetLists("elif.demir@example.org", nil),
				b.SetLists("lin@example.org", ms("advance-warning", "owner")),
				b.SetLists("max@example.org", nil),
			)
		}, []string{"# since June", "# since June"}},
		// Joining, changing a role and vetting in the forms above.
		{"join-subtable", "lists-leave", func(b *members.Batch) error {
			return b.JoinList("elif.demir@example.org", "triage", members.RoleMember)
		}, nil},
		{"join-table-after-vetting", "lists-leave", func(b *members.Batch) error {
			return b.JoinList("lin@example.org", "security-reports", members.RoleMember)
		}, nil},
		{"role-subtable", "lists-leave", func(b *members.Batch) error {
			return b.SetRole("elif.demir@example.org", "advance-warning", members.RoleOwner)
		}, nil},
		{"role-table-after-vetting", "lists-leave", func(b *members.Batch) error {
			return b.SetRole("lin@example.org", "triage", members.RoleOwner)
		}, nil},
		{"vet-subtable", "lists-leave", func(b *members.Batch) error { return b.AddVetting("elif.demir@example.org", record) }, nil},
		{"vet-inline-array", "lists-leave", func(b *members.Batch) error { return b.AddVetting("lin@example.org", record) }, nil},
		{"vet-table-last", "lists-leave", func(b *members.Batch) error { return b.AddVetting("omar@example.org", record) }, nil},
	}
	for _, tt := range tests {
		for _, crlf := range []bool{false, true} {
			name := tt.name
			if crlf {
				name += "-crlf"
			}
			t.Run(name, func(t *testing.T) {
				src := readFile(t, filepath.Join("testdata", "edit", tt.in+".toml"))
				if crlf {
					src = bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
				}
				f, err := members.Parse("members.toml", src)
				if err != nil {
					t.Fatal(err)
				}
				b := members.NewBatch(f, src)
				if err := tt.edit(b); err != nil {
					t.Fatal(err)
				}
				out, nf, err := b.Apply()
				if err != nil {
					t.Fatal(err)
				}
				if crlf {
					if bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
						t.Errorf("the edit mixed line endings:\n%q", out)
					}
					plain := readFile(t, filepath.Join("testdata", "edit", tt.name+".golden"))
					if want := bytes.ReplaceAll(plain, []byte("\n"), []byte("\r\n")); !bytes.Equal(out, want) {
						t.Errorf("CRLF edit differs from the LF golden:\n%s", cmp.Diff(string(want), string(out)))
					}
					return
				}
				golden(t, filepath.Join("testdata", "edit", tt.name+".golden"), out)
				// The comments gone with their lines count as kept: any
				// other one missing is lost.
				kept := append(append([]byte(nil), out...), "\n"+strings.Join(tt.gone, "\n")...)
				if line, text, lost := members.LostComment(src, kept); lost {
					t.Errorf("lost the comment %q of line %d", text, line)
				}
				if _, text, added := members.LostComment(out, src); added {
					t.Errorf("the edit wrote the comment %q, which the file did not have", text)
				}
				if len(nf.Members) != len(f.Members) {
					t.Errorf("%d members after the edit, want %d", len(nf.Members), len(f.Members))
				}
			})
		}
	}
}
