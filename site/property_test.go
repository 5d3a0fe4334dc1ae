package site_test

import (
	"html"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/roster-dev/roster/site"
)

// The property every public build keeps, whatever its fields hold:
// the build succeeds (no one field can stop the public roster from
// being published: what the page check would refuse, the field's
// reading has hidden), and no page shows an address spelled in a
// field. hostileCorpus spells one address, dana.whitfield@example.org,
// in every way the public roster was shown to leak one, and in their
// combinations: each way of writing the '@' (hostileAts) with the
// words written in look-alike letters, digits, bars, emoji letters, and
// invisible characters put into the sign.

// hostileAts are the ways of writing the address around its '@': {L}
// is the local part, {D} the domain's label and {T} its ending.
var hostileAts = []string{
	"{L}@{D}.{T}", "{L} [at] {D} [dot] {T}", "{L} (at) {D}.{T}", "{L} \u00aba\u00bb {D}.{T}", "{L} \u2039a\u203a {D}.{T}", "{L} \u300ca\u300d {D}.{T}",
	"{L} \u3010a\u3011 {D}.{T}", "{L} \u3008a\u3009 {D}.{T}", "{L} \u27e8a\u27e9 {D}.{T}", "{L} \u201ea\u201c {D}.{T}", "{L} a/t {D}.{T}", "{L} a+t {D}.{T}",
	"{L} a:t {D}.{T}", "{L} \u00aa {D}.{T}", "{L} \u2090 {D}.{T}", "{L} \u2376 {D}.{T}", "{L} \uab31 {D}.{T}", "{L} \u1d43 {D}.{T}", "{L} \u24d0 {D}.{T}", "{L} (a) {D}.{T}",
	"{L} a\u20dd {D}.{T}", "{L} at {D} dot {T}", "{L} at the {D}.{T} domain", "{L}+40{D}.{T}", `{L}\0100{D}.{T}`, "{L}&#64;{D}.{T}", "{L}%40{D}.{T}",
	"{L} \uff20 {D}\uff0e{T}", "{L} at {D}\u00b0{T}", "{L}_at_{D}_dot_{T}", "{L}-AT-{D}-DOT-{T}", "{L} (\U0001f170\U0001f183) {D}.{T}", "{L} \U0001f150 {D}.{T}",
	"{L} U+0040 {D}.{T}", "{L} +AEA- {D}.{T}", "{L} \u00bbat\u00ab {D}.{T}", "{L}|at|{D}.{T}", "{L} \u0430t {D}.{T}", "{L} 4t {D} d0t {T}",
}

// hostileWords are the ways of writing the words of the address.
var hostileWords = []func(string) string{
	func(s string) string { return s },
	strings.NewReplacer("a", "\u0430", "e", "\u0435", "o", "\u043e", "i", "\u0456", "w", "\u051d", "h", "\u04bb", "d", "\u0501", "p", "\u0440").Replace,
	strings.NewReplacer("n", "\u0578", "h", "\u0570", "g", "\u0581", "o", "\u0585", "u", "\u057d").Replace,
	strings.NewReplacer("i", "1", "e", "3", "a", "4", "t", "7", "o", "0").Replace,
	strings.NewReplacer("l", "|").Replace,
	strings.ToUpper,
	func(s string) string { return drawIn(s, 0x1F170) },
	func(s string) string { return drawIn(s, 0x1F1E6) },
}

// hostileInvisibles are put after each 'a' and into each sign.
var hostileInvisibles = []string{"\ufe00", "\ufe0f", "\u200d", "\u2060", "\U000e0100", "\u00ad", "\U000e0041"}

// drawIn writes the ASCII letters of s in the enclosed block that
// starts at first (A).
func drawIn(s string, first rune) string {
	return strings.Map(func(r rune) rune {
		if l := r | 0x20; l >= 'a' && l <= 'z' {
			return first + l - 'a'
		}
		return r
	}, s)
}

func hostileCorpus() []string {
	var out []string
	for _, at := range hostileAts {
		for _, w := range hostileWords {
			out = append(out, strings.NewReplacer("{L}", w("dana.whitfield"), "{D}", w("example"), "{T}", w("org")).Replace(at))
		}
		plain := strings.NewReplacer("{L}", "dana.whitfield", "{D}", "example", "{T}", "org").Replace(at)
		for _, inv := range hostileInvisibles {
			out = append(out, strings.NewReplacer("a ", "a"+inv+" ", "a\u20dd", "a"+inv+"\u20dd", "@", "@"+inv, "(", "("+inv).Replace(plain))
		}
		out = append(out, "Escalations: "+plain, "Backup: "+plain+" (weekends)")
	}
	return out
}

// TestPublicBuildNeverFailsNorShowsAnAddress builds the public roster of
// the small file with the hostile corpus in its fields, a few fields
// each build, with the address in the file and without: every build
// succeeds, no page shows a field of the corpus nor the letters of
// "whitfield" however spelled (read as the known-address reading reads,
// look-alikes folded), and every field is hidden.
func TestPublicBuildNeverFailsNorShowsAnAddress(t *testing.T) {
	// Long, and independent of the rest: run beside them.
	t.Parallel()
	// A build takes tens of milliseconds (it writes and syncs its
	// files): many fields each.
	const fieldsPerBuild = 90
	corpus := hostileCorpus()
	name := site.ReadLetters("whitfield")
	for _, inFile := range []bool{false, true} {
		for first := 0; first < len(corpus); {
			in := smallInput(t, true)
			if inFile {
				in.File.Members[2].Email = "dana.whitfield@example.org"
			}
			// One field of the corpus in each field of the file that a
			// page shows.
			var used []string
			next := func() string {
				s := corpus[(first+len(used))%len(corpus)]
				used = append(used, s)
				return s
			}
			for _, l := range in.File.Lists {
				l.Description = next()
			}
			// More members, on the first member's lists, for more fields
			// in a build.
			for i := range fieldsPerBuild / 3 {
				m := *in.File.Members[0]
				m.Email, m.Vetting = "member"+strconv.Itoa(i)+"@example.net", nil
				in.File.Members = append(in.File.Members, &m)
			}
			for _, m := range in.File.Members {
				m.Name, m.GitHub, m.Affiliation = next(), next(), next()
			}
			first += len(used)
			dir := filepath.Join(t.TempDir(), "public")
			if err := site.Build(dir, in); err != nil {
				t.Errorf("in the file %v, fields %q: %v", inFile, used, err)
				continue
			}
			hiddenFields := 0
			for page, data := range readSite(t, dir) {
				if !strings.HasSuffix(page, ".html") {
					continue
				}
				text := html.UnescapeString(string(data))
				for _, s := range used {
					if strings.Contains(text, s) {
						t.Errorf("in the file %v: %s shows %q", inFile, page, s)
					}
				}
				if strings.Contains(site.ReadLetters(text), name) {
					t.Errorf("in the file %v: %s shows the address of one of %q", inFile, page, used)
				}
				if page == "index.html" {
					hiddenFields += strings.Count(text, "[address hidden]")
				}
			}
			if hiddenFields < len(in.File.Lists) {
				t.Errorf("in the file %v: the index hides %d descriptions of %q", inFile, hiddenFields, used[:len(in.File.Lists)])
			}
		}
	}
}

// FuzzPublicBuild puts one text in every field of the small file a page
// shows: whatever it is, the public build succeeds, as no field may
// stop the public roster from being published; and the text shows only
// where its reading kept it (checked by the page check itself, which
// the build runs).
//
//	go test -run XXX -fuzz FuzzPublicBuild ./site
func FuzzPublicBuild(f *testing.F) {
	for _, s := range []string{
		"dana.whitfield a\ufe0f\u20dd example.org", "jo \u00aba\u00bb example.org", "\U0001f173\U0001f170 (\U0001f170\U0001f183) x.org",
		"jo a/t example dot com", "Engineer at 360\u00b0 Labs",
		"jane bei othercorp punkt de", "jane \uace8\ubc45\uc774 othercorp \uc810 com", "Example Linux Distribution, ask ops at example dot",
		"jane [at] othercorp [dot]", "Farid Haddad (dana.whitfield example.org)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		t.Parallel() // the seeds, run as a test, build side by side (no effect when fuzzing)
		in := smallInput(t, true)
		for _, l := range in.File.Lists {
			l.Description = s
		}
		for _, m := range in.File.Members {
			m.Name, m.GitHub, m.Affiliation = s, s, s
		}
		if err := site.Build(filepath.Join(t.TempDir(), "public"), in); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
	})
}

// TestPublicHidesAnAddressSplitAcrossFields: each way of writing the
// '@' ending a member's name ("dana.whitfield «a»"), the domain in the
// affiliation beside it, reads as one address on the page: both are
// hidden, and no build fails.
func TestPublicHidesAnAddressSplitAcrossFields(t *testing.T) {
	// Long, and independent of the rest: run beside them.
	t.Parallel()
	name := site.ReadLetters("whitfield")
	var splits [][2]string
	for _, at := range hostileAts {
		i := strings.Index(at, "{D}")
		if i < 0 || !strings.HasPrefix(at, "{L}") || strings.Contains(at[i:], "domain") {
			continue
		}
		r := strings.NewReplacer("{L}", "dana.whitfield", "{D}", "example", "{T}", "org")
		splits = append(splits, [2]string{strings.TrimSpace(r.Replace(at[:i])), r.Replace(at[i:])})
	}
	for first := 0; first < len(splits); {
		in := smallInput(t, true)
		var used [][2]string
		for _, m := range in.File.Members {
			if first+len(used) >= len(splits) {
				break
			}
			sp := splits[first+len(used)]
			used = append(used, sp)
			m.Name, m.Affiliation = sp[0], sp[1]
		}
		first += len(used)
		dir := filepath.Join(t.TempDir(), "public")
		if err := site.Build(dir, in); err != nil {
			t.Errorf("%q: %v", used, err)
			continue
		}
		for page, data := range readSite(t, dir) {
			if text := html.UnescapeString(string(data)); strings.Contains(site.ReadLetters(text), name) {
				t.Errorf("%s shows the name of one of %q", page, used)
			}
		}
	}
}
