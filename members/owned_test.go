package members_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/roster-dev/roster/internal/shipped"
	"github.com/roster-dev/roster/members"
)

// exportedOnly compares what a File shows its users: its indexes are
// built from maps, in no fixed order.
var exportedOnly = cmp.FilterPath(func(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	if !ok {
		return false
	}
	r, _ := utf8.DecodeRuneInString(sf.Name())
	return unicode.IsLower(r)
}, cmp.Ignore())

// TestParseOwnedIsParse: a file handed over (ParseOwned) reads exactly as
// one parsed from a copy, escapes and all, and its plain strings are
// slices of the text, not copies (the memory ParseOwned is for).
func TestParseOwnedIsParse(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.toml")
	more, _ := filepath.Glob("../testdata/*/*.toml")
	files = append(files, more...)
	if len(files) < 10 {
		t.Fatalf("found %d files", len(files))
	}
	files = append(files, "members.toml as shipped")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if name == "members.toml as shipped" {
			data, err = shipped.Example(t), nil // as committed, not as the quick start edits it
		}
		if err != nil {
			t.Fatal(err)
		}
		want, werr := members.Parse("f.toml", append([]byte(nil), data...))
		got, gerr := members.ParseOwned("f.toml", data)
		if diff := cmp.Diff(want, got, exportedOnly); (werr == nil) != (gerr == nil) || diff != "" {
			t.Errorf("%s: ParseOwned differs from Parse (errors %v, %v):\n%s", name, werr, gerr, diff)
		}
	}
	data := []byte("schema = 1\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\n[policies.p]\nvetting_methods = [\"video-call\"]\n" +
		"[[member]]\nemail = \"ada@example.org\"\nname = \"Ad\\u00e1\"\nlists = { l = \"owner\" }\n")
	f, err := members.ParseOwned("f.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	m := f.Members[0]
	start, end := uintptr(unsafe.Pointer(&data[0])), uintptr(unsafe.Pointer(&data[len(data)-1]))
	if p := uintptr(unsafe.Pointer(unsafe.StringData(m.Email))); p < start || p > end {
		t.Errorf("the address is a copy, not a slice of the text")
	}
	if m.Name != "Adá" {
		t.Errorf("an escaped string reads %q", m.Name)
	}
}

// TestInlineMembersEachHaveTheirKeys: members written as an array of
// inline tables each have their own lists and vetting: a second element's
// lists is no redefinition of the first's; within one element it is.
func TestInlineMembersEachHaveTheirKeys(t *testing.T) {
	const tail = "[lists.aw]\naddress = \"aw@example.org\"\npolicy = \"p\"\n[policies.p]\nvetting_methods = [\"video-call\"]\n"
	f, err := members.Parse("f.toml", []byte("schema = 1\nmember = [ { email = \"a@example.org\", lists = { aw = \"owner\" }, vetting = [] }, { email = \"b@example.org\", lists = { aw = \"owner\" }, vetting = [] } ]\n"+tail))
	if err != nil || len(f.Members) != 2 || len(f.MembersOf("aw")) != 2 {
		t.Fatalf("two inline members: %v", err)
	}
	if _, err := members.Parse("f.toml", []byte("schema = 1\nmember = [ { email = \"a@example.org\", lists = { aw = \"owner\" }, lists = { aw = \"member\" } } ]\n"+tail)); err == nil || !strings.Contains(err.Error(), "already defined") {
		t.Errorf("lists twice in one member: %v", err)
	}
}
