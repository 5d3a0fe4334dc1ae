package members_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

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

// TestEditListsGolden: JoinList and SetRole change only the bytes of one
// list, whichever of TOML's forms a member's lists are written in, and
// keep every comment and the file's line endings.
func TestEditListsGolden(t *testing.T) {
	tests := []struct {
		name string
		in   string
		edit func(*members.Batch) error
	}{
		{"join-inline", "lists-forms", func(b *members.Batch) error { return b.JoinList("ada@example.org", "b", members.RoleManager) }},
		{"join-table", "lists-forms", func(b *members.Batch) error { return b.JoinList("BOB@example.org", "b", members.RoleMember) }},
		{"join-dotted", "lists-forms", func(b *members.Batch) error { return b.JoinList("cy@example.org", "b", members.RoleOwner) }},
		{"join-absent", "lists-forms", func(b *members.Batch) error { return b.JoinList("dee@example.org", "b", members.RoleMember) }},
		{"join-empty", "lists-forms", func(b *members.Batch) error { return b.JoinList("eve@example.org", "a", members.RoleMember) }},
		{"role-inline", "lists-forms", func(b *members.Batch) error { return b.SetRole("ada@example.org", "a", members.RoleMember) }},
		{"role-table", "lists-forms", func(b *members.Batch) error { return b.SetRole("bob@example.org", "a", members.RoleManager) }},
		{"role-dotted", "lists-forms", func(b *members.Batch) error { return b.SetRole("cy@example.org", "a", members.RoleOwner) }},
		{"several", "lists-forms", func(b *members.Batch) error {
			return errors.Join(
				b.JoinList("ada@example.org", "b", members.RoleMember),
				b.SetRole("bob@example.org", "a", members.RoleMember),
				b.JoinList("cy@example.org", "b", members.RoleMember),
				b.JoinList("dee@example.org", "a", members.RoleOwner),
			)
		}},
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
				if line, text, lost := members.LostComment(src, out); lost {
					t.Errorf("lost the comment %q of line %d", text, line)
				}
				if len(nf.Members) != len(f.Members) {
					t.Errorf("%d members after the edit, want %d", len(nf.Members), len(f.Members))
				}
			})
		}
	}
}
