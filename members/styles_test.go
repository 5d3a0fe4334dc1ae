package members_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/roster-dev/roster/members"
)

// recordStyle writes one member's vetting record by by in one of the
// forms a file may use: body is what goes under the member's keys,
// record the text of the record alone, which an edit must keep.
type recordStyle struct {
	name string
	body func(by string) (body, record string)
}

// recordStyles are the forms an edited entry's records take.
func recordStyles() []recordStyle {
	return []recordStyle{
		{"unindented tables", func(by string) (string, string) {
			r := "[[member.vetting]]\nby = \"" + by + "\"\non = 2026-01-01\nmethod = \"video-call\"\n"
			return "\n" + r, r
		}},
		{"indented tables", func(by string) (string, string) {
			r := "  [[member.vetting]]\n  by = \"" + by + "\"\n  on = 2026-01-01\n  method = \"video-call\"\n"
			return "\n" + r, r
		}},
		{"inline one-line array", func(by string) (string, string) {
			r := "{ by = \"" + by + "\", on = 2026-01-01, method = \"video-call\" }"
			return "vetting = [" + r + "]\n", r
		}},
		{"multi-line array", func(by string) (string, string) {
			r := "  { by = \"" + by + "\", on = 2026-01-01, method = \"video-call\" },\n"
			return "vetting = [\n" + r + "]\n", r
		}},
	}
}

// TestEditsKeepEveryRecordStyle: every edit roster makes of one entry
// (vet, add --by of someone in the file or not, role, remove) succeeds
// whatever form the entry and the others around it write their records
// in, mixed as they may be, and leaves the others' text byte for byte.
// Each edit's own check compares data, not the indentation the file's
// records happen to favour, which one record more can tip.
func TestEditsKeepEveryRecordStyle(t *testing.T) {
	head := "schema = 1\n\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\n\n[lists.m]\naddress = \"m@example.org\"\npolicy = \"p\"\n\n[policies.p]\nvetting_methods = [\"video-call\"]\n"
	entry := func(email, role string, st recordStyle, by string) (block, record string) {
		body, record := st.body(by)
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { l = \"" + role + "\" }\n" + body, record
	}
	v := members.Vetting{By: "a@example.org", On: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), Method: "video-call", Note: "re-checked"}
	edits := []struct {
		name string
		edit func(b *members.Batch) error
		// check says what is wrong with the edited file, "" if nothing.
		check func(nf *members.File) string
	}{
		{"vet", func(b *members.Batch) error { return b.AddVetting("b@example.org", v) },
			func(nf *members.File) string {
				if m := nf.FindMember("b@example.org"); len(m.Vetting) != 2 {
					return fmt.Sprintf("records %v", m.Vetting)
				}
				return ""
			}},
		{"add --by of someone in the file", func(b *members.Batch) error {
			lists := []members.Membership{{List: "l", Role: members.RoleMember}, {List: "m", Role: members.RoleMember}}
			if err := b.SetLists("b@example.org", lists); err != nil {
				return err
			}
			return b.AddVetting("b@example.org", v)
		}, func(nf *members.File) string {
			if m := nf.FindMember("b@example.org"); len(m.Vetting) != 2 || len(m.Lists) != 2 {
				return fmt.Sprintf("lists %v, records %v", m.Lists, m.Vetting)
			}
			return ""
		}},
		{"add --by of someone new", func(b *members.Batch) error {
			return b.AddMember(members.Member{Email: "bb@example.org", Lists: []members.Membership{{List: "l", Role: members.RoleMember}}, Vetting: []members.Vetting{v}})
		}, func(nf *members.File) string {
			if m := nf.FindMember("bb@example.org"); m == nil || len(m.Vetting) != 1 {
				return fmt.Sprintf("new entry %v", m)
			}
			return ""
		}},
		{"role", func(b *members.Batch) error { return b.SetRole("b@example.org", "l", members.RoleOwner) },
			func(nf *members.File) string {
				if role, _ := nf.FindMember("b@example.org").RoleOn("l"); role != members.RoleOwner {
					return fmt.Sprintf("role %s", role)
				}
				return ""
			}},
		{"remove", func(b *members.Batch) error { return b.RemoveMember("b@example.org") },
			func(nf *members.File) string {
				if nf.FindMember("b@example.org") != nil {
					return "still there"
				}
				return ""
			}},
	}
	// The entries around the edited one may have no records either.
	around := append(recordStyles(), recordStyle{"no records", func(string) (string, string) { return "", "" }})
	for _, sa := range around {
		for _, sb := range recordStyles() {
			for _, sc := range around {
				blockA, _ := entry("a@example.org", "owner", sa, "c@example.org")
				blockB, recordB := entry("b@example.org", "member", sb, "a@example.org")
				blockC, _ := entry("c@example.org", "owner", sc, "a@example.org")
				src := []byte(head + blockA + blockB + blockC)
				f, err := members.Parse("m.toml", src)
				if err != nil {
					t.Fatalf("%s/%s/%s: %v\n%s", sa.name, sb.name, sc.name, err, src)
				}
				for _, e := range edits {
					name := fmt.Sprintf("%s of b; a %s, b %s, c %s", e.name, sa.name, sb.name, sc.name)
					b := members.NewBatch(f, src)
					if err := e.edit(b); err != nil {
						t.Errorf("%s: %v", name, err)
						continue
					}
					out, nf, err := b.Apply()
					if err != nil {
						t.Errorf("%s: %v\n%s", name, err, src)
						continue
					}
					if why := e.check(nf); why != "" {
						t.Errorf("%s: %s\n%s", name, why, out)
					}
					kept := []string{blockA, blockC}
					if e.name != "remove" {
						kept = append(kept, recordB)
					}
					for _, k := range kept {
						if !bytes.Contains(out, []byte(k)) {
							t.Errorf("%s: the text\n%s\nis not kept in\n%s", name, k, out)
						}
					}
				}
			}
		}
	}
}

// TestANewRecordIsIndentedAsTheFileIndents: a record an edit adds, to
// an entry or with a new one, goes in as the file's records are
// indented, tabs as tabs.
func TestANewRecordIsIndentedAsTheFileIndents(t *testing.T) {
	for _, indent := range []string{"\t", "    ", ""} {
		src := "schema = 1\n\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\n\n[policies.p]\nvetting_methods = [\"video-call\"]\n" +
			"\n[[member]]\nemail = \"a@example.org\"\nlists = { l = \"owner\" }\n\n" + indent + "[[member.vetting]]\n" + indent + "by = \"b@example.org\"\n" + indent + "on = 2026-01-01\n" + indent + "method = \"video-call\"\n"
		f, err := members.Parse("members.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		b := members.NewBatch(f, []byte(src))
		v := members.Vetting{By: "b@example.org", On: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), Method: "video-call"}
		if err := b.AddVetting("a@example.org", v); err != nil {
			t.Fatal(err)
		}
		if err := b.AddMember(members.Member{Email: "c@example.org", Lists: []members.Membership{{List: "l", Role: members.RoleMember}}, Vetting: []members.Vetting{v}}); err != nil {
			t.Fatal(err)
		}
		out, _, err := b.Apply()
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(out, []byte("\n"+indent+"[[member.vetting]]\n"+indent+"by = ")); n != 3 {
			t.Errorf("indent %q: %d records so indented, want 3:\n%s", indent, n, out)
		}
	}
}
