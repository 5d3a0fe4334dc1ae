package members

import (
	"bytes"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"
	"github.com/roster-dev/roster/internal/visible"
)

// Parse reads a members file. name is only used in messages. It returns
// the file and, if anything is wrong, an ErrorList with every problem found
// (a syntax error stops reading, so it comes alone). The returned file is
// incomplete when there are errors; callers must not act on it then.
//
// Parse never panics and never reads past data: an empty or truncated file
// is an error, never an empty membership.
func Parse(name string, data []byte) (*File, error) {
	return parse(name, data, false)
}

// ParseOwned is Parse for a caller that hands data over: it must never
// change data afterwards (a buffer os.ReadFile returned, say). The file's
// strings are then slices of data rather than copies of them, which at a
// million members is some 90 MB less.
func ParseOwned(name string, data []byte) (*File, error) {
	return parse(name, data, true)
}

func parse(name string, data []byte, owned bool) (*File, error) {
	if len(data) > MaxFileSize {
		return &File{Name: name}, ErrorList{{File: name, Kind: KindSyntax,
			Msg: fmt.Sprintf("the file is %d bytes; roster reads members files up to 1 GiB: is this the right file?", len(data))}}
	}
	d := newDecoder(name, data)
	d.owned = owned
	if !d.runInBlocks(parallelAt, runtime.GOMAXPROCS(0)) {
		d = newDecoder(name, data)
		d.owned = owned
		d.run()
	}
	f := d.finish()
	if len(d.errs) > 0 {
		d.errs.sort()
		return f, d.errs
	}
	return f, nil
}

// ctxKind is what the keys being read belong to.
type ctxKind uint8

const (
	ctxDiscard ctxKind = iota // after a bad header: keys are skipped, not re-reported
	ctxRoot
	ctxLists
	ctxList
	ctxPolicies
	ctxPolicy
	ctxMember
	ctxMemberLists
	ctxVetting
)

type context struct {
	kind   ctxKind
	list   *List
	policy *Policy
	member *Member
	vet    *Vetting
}

// origin is how a table came to exist, which decides whether TOML lets it
// be written to again.
type origin uint8

const (
	originNone     origin = iota
	originImplicit        // parent of a [a.b] header
	originHeader          // [a]
	originDotted          // a.b = 1
	originInline          // a = { ... }
	originArray           // [[a]] or a = [ ... ]
)

type decoder struct {
	name string
	data []byte // the whole file
	// owned is set when the caller hands data over (ParseOwned): strings
	// that are written in it as they read are slices of it.
	owned bool
	base  int // bytes skipped before the TOML (a UTF-8 BOM)
	errs  ErrorList
	file  *File
	root  Located

	p       unstable.Parser
	cursor  Pos               // the last position computed; see pos
	values  map[string]string // see repeated
	keys    []keyPart         // arena for keyParts
	keyPos  keyStore          // see keyStore
	cur     context
	origins map[string]origin // "lists", "lists.x", "policies", ...
	members origin            // how the member array is written

	on   map[string]*listMembers          // the lists members are on; see onList
	seen seenLists                        // see listedAt
	good map[*recurring]map[string]string // values that passed a check; see checked
	slab slabs                            // see alloc.go

	// state of the member being read: only the last [[member]] can be
	// extended by later headers.
	memberLists   origin
	memberVetting origin

	open *Located // the element whose header was read last; its End is set at the next header
}

func newDecoder(name string, data []byte) *decoder {
	d := &decoder{
		name:    name,
		data:    data,
		file:    &File{Name: name, lists: make(map[string]*List), policies: make(map[string]*Policy)},
		origins: make(map[string]origin),
	}
	d.cursor = Pos{Line: 1, Col: 1}
	return d
}

// pos converts an offset into the parsed text (after any BOM) to a
// position in the file. Positions are asked for in nearly increasing
// order, so a cursor that counts the newlines since the last answer costs
// one pass over the file in all, with no line table to hold.
func (d *decoder) pos(off int) Pos {
	off += d.base
	c := d.cursor
	lineStart := c.Offset - (c.Col - 1)
	switch {
	case off >= c.Offset:
		chunk := d.data[c.Offset:off]
		if n := bytes.Count(chunk, []byte{'\n'}); n > 0 {
			c.Line += n
			lineStart = c.Offset + bytes.LastIndexByte(chunk, '\n') + 1
		}
	case off < lineStart:
		// Backwards past a line start (a header's '[' on an earlier
		// line, an error found late): count from the top.
		c.Line = 1 + bytes.Count(d.data[:off], []byte{'\n'})
		lineStart = bytes.LastIndexByte(d.data[:off], '\n') + 1
	}
	d.cursor = Pos{Line: c.Line, Col: off - lineStart + 1, Offset: off}
	return d.cursor
}

func (d *decoder) errorf(p Pos, subject about, format string, args ...any) {
	e := &Error{File: d.name, Pos: p, Subject: subject.String(), Kind: KindSchema, Msg: fmt.Sprintf(format, args...)}
	switch subject.kind {
	case "member":
		e.Member = subject.id
	case "list":
		e.List = subject.id
	}
	d.errs = append(d.errs, e)
}

// about names what an error concerns. It is rendered only when an error is
// reported, so that reading a valid file builds no messages.
type about struct {
	kind string // "member", "list", "policy"; "" for the file itself
	id   string
	line int // for a member whose email is not known (yet)
}

func (a about) String() string {
	switch {
	case a.kind == "":
		return ""
	case a.id == "" && a.kind == "member":
		return fmt.Sprintf("member at line %d", a.line)
	}
	return a.kind + " " + quoteIfNeeded(a.id)
}

// quoteIfNeeded returns s as it is when every character prints as
// itself, and Go-quoted otherwise: an email the parser has not judged
// yet must not carry a newline or an escape sequence into a message.
func quoteIfNeeded(s string) string {
	for _, r := range s {
		if visible.Invisible(r) {
			// A mark that shows as nothing is printable to strconv.
			return strconv.QuoteToASCII(s)
		}
	}
	for _, r := range s {
		if !strconv.IsPrint(r) || r == ' ' {
			return strconv.Quote(s)
		}
	}
	return s
}

func (d *decoder) syntaxf(p Pos, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.name, Pos: p, Kind: KindSyntax, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) run() {
	if src, ok := d.prelude(); ok {
		d.expressions(src)
	}
}

// prelude checks what the whole text must be before any of it is read
// as TOML (UTF-8, not empty) and returns the TOML, after any
// byte-order mark; ok is false when it is not to be read.
func (d *decoder) prelude() (src []byte, ok bool) {
	src = d.data
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		// Editors on Windows write a byte-order mark; TOML has no use for
		// it but it is harmless, so it is skipped rather than rejected.
		d.base = 3
		src = src[3:]
	}
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		d.syntaxf(d.pos(off), "invalid UTF-8 (byte 0x%02x); save the file as UTF-8", src[off])
		return nil, false
	}
	if len(bytes.TrimSpace(src)) == 0 {
		d.syntaxf(Pos{Line: 1, Col: 1}, "the file is empty; it must start with \"schema = %d\" (an empty file is never read as \"no members\")", SchemaVersion)
		return nil, false
	}
	return src, true
}

// expressions reads src, the TOML from d.base on, expression by
// expression.
func (d *decoder) expressions(src []byte) {
	d.cur = context{kind: ctxRoot}
	d.p.Reset(src)
	for d.p.NextExpression() {
		d.keys = d.keys[:0]
		e := d.p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			d.header(e)
		case unstable.KeyValue:
			keys := d.keyParts(e.Key())
			d.assign(d.cur, keys, e.Value())
		}
	}
	if err := d.p.Error(); err != nil {
		d.syntaxError(err)
	}
}

func (d *decoder) syntaxError(err error) {
	perr, ok := err.(*unstable.ParserError)
	if !ok {
		d.syntaxf(Pos{Line: 1, Col: 1}, "%v", err)
		return
	}
	off := len(d.data) - d.base
	func() {
		defer func() { _ = recover() }() // Range panics if the highlight is not in the input
		off = int(d.p.Range(perr.Highlight).Offset)
	}()
	p := d.pos(off)
	msg := "syntax error: " + perr.Message
	// off is into the TOML, which starts after a byte-order mark.
	if at := off + d.base; off >= 0 && at < len(d.data) && d.data[at] >= utf8.RuneSelf {
		// The parser names the byte it stopped at as a character
		// (U+00E2 'â' for the first byte of U+2028): the character
		// there is named instead, as roster names one anywhere.
		if r, size := utf8.DecodeRune(d.data[at:]); size > 1 {
			msg = strings.Replace(msg, fmt.Sprintf("%#U", rune(d.data[at])), describeChar(r), 1)
		}
	}
	if dateLike.Match(lineAt(d.data, p.Offset)) {
		// "on = 05/01/2026" fails in the lexer, far from any date rule.
		msg += "; write dates as YYYY-MM-DD without quotes, like on = 2024-05-31"
	}
	d.syntaxf(p, "%s", msg)
}

// dateLike matches a line that writes a date some other way than TOML's.
var dateLike = regexp.MustCompile(`\bon\s*=\s*[0-9]`)

// lineAt returns the line of data that holds offset off.
func lineAt(data []byte, off int) []byte {
	off = min(max(off, 0), len(data))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	end := bytes.IndexByte(data[off:], '\n')
	if end < 0 {
		return data[start:]
	}
	return data[start : off+end]
}
