package members

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// parseAlone is parse read by one decoder from the top, never in runs.
func parseAlone(data []byte) (*File, ErrorList) {
	d := newDecoder("members.toml", data)
	d.run()
	f := d.finish()
	d.errs.sort()
	return f, d.errs
}

// parseInRuns is parse with runs of blocks from any size, on three
// goroutines; inRuns says whether the runs' answer was taken.
func parseInRuns(data []byte) (f *File, errs ErrorList, inRuns bool) {
	d := newDecoder("members.toml", data)
	if inRuns = d.runInBlocks(0, 3); !inRuns {
		d = newDecoder("members.toml", data)
		d.run()
	}
	f = d.finish()
	d.errs.sort()
	return f, d.errs, inRuns
}

// sameParse fails t unless reading data in runs gives exactly what one
// decoder gives: the model (positions, keys, text offsets) and the
// errors.
func sameParse(t *testing.T, data []byte) (inRuns bool) {
	t.Helper()
	want, wantErrs := parseAlone(data)
	got, gotErrs, inRuns := parseInRuns(data)
	if !reflect.DeepEqual(gotErrs, wantErrs) {
		t.Fatalf("errors in runs:\n%v\nalone:\n%v", gotErrs, wantErrs)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got.Members), len(want.Members)) {
			if !reflect.DeepEqual(got.Members[i], want.Members[i]) {
				t.Fatalf("member %d in runs %+v, alone %+v", i, *got.Members[i], *want.Members[i])
			}
		}
		gv, wv := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
		for i := range gv.NumField() {
			if gv.Type().Field(i).IsExported() && !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
				t.Errorf("field %s differs", gv.Type().Field(i).Name)
			}
		}
		t.Fatalf("the file read in runs differs from the file read alone (%d members, %d alone)", len(got.Members), len(want.Members))
	}
	return inRuns
}

// blocksPreamble is a file's preamble, lists and policies.
const blocksPreamble = `schema = 1 # the format

[lists.sec]
address = "sec@example.org"
policy = "p"

[lists.ann]
address = "ann@example.org"
policy = "p"

[policies.p]
vetting_methods = ["call"]
`

// blocksMember is the i-th member of a file read in runs.
func blocksMember(i int) string {
	return strings.NewReplacer("N", string(rune('a'+i%26))+strings.Repeat("x", i/26)).Replace(`
[[member]]
email = "N@example.org"
name = "Person N"
lists = { sec = "member", ann = "owner" }
[[member.vetting]]
by = "owner@example.org"
on = 2026-01-02
method = "call"
note = "met at the summit"
`)
}

// TestBlocksReadAsOneDecoderReads: a file read in runs of member blocks
// is the file one decoder reads, model and errors, whatever a run holds;
// a run that cannot say on its own (a header inside a multi-line
// string, a list's table after the members, an error) sends the file to
// one decoder.
func TestBlocksReadAsOneDecoderReads(t *testing.T) {
	t.Parallel()
	members := func(from, to int) string {
		var b strings.Builder
		for i := from; i < to; i++ {
			b.WriteString(blocksMember(i))
		}
		return b.String()
	}
	cases := []struct {
		name   string
		middle string // written between the first 20 members and the next 20
		inRuns bool   // whether the runs' answer is taken
	}{
		{"plain", "", true},
		{"comments and blanks between blocks", "\n# a comment\n\n   \n", true},
		{"a header with a comment after it", "\n[[member]] # the next one\nemail = \"c@example.org\"\n", true},
		{"an indented header", "\n  [[member]]\n  email = \"i@example.org\"\n", true},
		{"a header spaced out", "\n[[ member ]]\nemail = \"s@example.org\"\n", true},
		{"sub-tables of a member", "\n[[member]]\nemail = \"t@example.org\"\n[member.lists]\nsec = \"owner\"\n[[member.vetting]]\nby = \"x@example.org\"\non = 2026-01-01\nmethod = \"call\"\n", true},
		{"a header in a basic multi-line string", "\n[[member]]\nemail = \"m@example.org\"\nnote = \"\"\"\n[[member]]\nemail = \"hidden@example.org\"\n\"\"\"\n", false},
		{"a header in a literal multi-line string", "\n[[member]]\nemail = \"m@example.org\"\nnote = '''\n[[member]]\nemail = \"hidden@example.org\"\n'''\n", false},
		{"a list after the members", "\n[lists.late]\naddress = \"late@example.org\"\npolicy = \"p\"\n", false},
		{"a policy after the members", "\n[policies.late]\nvetting_methods = [\"call\"]\n", false},
		{"the lists table again", "\n[lists]\n", false},
		{"a syntax error", "\n[[member]]\nemail = \"broken@example.org\n", false},
		{"an unknown key", "\n[[member]]\nemail = \"u@example.org\"\ncolour = \"blue\"\n", false},
		{"a duplicate key", "\n[[member]]\nemail = \"d@example.org\"\nemail = \"e@example.org\"\n", false},
		{"a member table not an array", "\n[member]\nemail = \"n@example.org\"\n", false},
		{"a member without an address", "\n[[member]]\nname = \"Nobody\"\n", true},
		{"a member on a list the file lacks", "\n[[member]]\nemail = \"g@example.org\"\nlists = { ghost = \"member\" }\n", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, eol := range []string{"\n", "\r\n"} {
				for _, bom := range []string{"", "\xef\xbb\xbf"} {
					text := bom + blocksPreamble + members(0, 20) + c.middle + members(20, 40)
					data := []byte(strings.ReplaceAll(text, "\n", eol))
					if inRuns := sameParse(t, data); inRuns != c.inRuns && eol == "\n" {
						t.Errorf("read in runs: %v, want %v", inRuns, c.inRuns)
					}
				}
			}
		})
	}
	// A preamble that writes its members inline, then headers: an error,
	// read alone.
	inline := blocksPreamble + "member = [{ email = \"a@example.org\" }]\n" + members(0, 10)
	if sameParse(t, []byte(inline)) {
		t.Error("a file with inline members and headers was read in runs")
	}
}

// FuzzBlocks: on any input, reading in runs of blocks gives what one
// decoder gives.
//
//	go test -fuzz=FuzzBlocks ./members
func FuzzBlocks(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/fuzz-seeds/*.toml")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(blocksPreamble + blocksMember(0) + blocksMember(1) + "\n[lists.x]\n" + blocksMember(2)))
	f.Add([]byte(blocksPreamble + blocksMember(0) + "note = \"\"\"\n[[member]]\n\"\"\"\n" + blocksMember(1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameParse(t, data)
	})
}
