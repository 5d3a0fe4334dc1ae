package history

import (
	"github.com/roster-dev/roster/members"
)

// split finds where a file's member blocks start: the text before the
// first [[member]] header is the preamble (preEnd is its length), and
// each block runs from its header to the next (its keys and its
// sub-tables). Whether the pieces read as the whole file does is the
// reader's to check (see reader.preamble and parseBlock): a preamble that
// writes the member key another way, or a header inside a multi-line
// string that splits wrongly, sends the version to a full parse.
func split(data []byte) (preEnd int, starts []int) {
	starts = members.MemberHeaders(data)
	preEnd = len(data)
	if len(starts) > 0 {
		preEnd = starts[0]
	}
	return preEnd, starts
}

// preParse is one preamble's text parsed: its error, or what it says.
type preParse struct {
	err error
	pre *preamble
	// whole: the preamble holds members of its own, written with
	// another header than the exact [[member]] line ([[ member ]],
	// [["member"]]), which the split would drop; the version is parsed
	// whole.
	whole bool
}

// probeMember is the member block a preamble is parsed with: a preamble
// that writes the member key some other way ("member" = [], 'member' =
// [], member.x = 1, [member.x], in any quoting or spacing) parses on its
// own, but not followed by [[member]] tables, as the whole file then
// does not; with the probe, members.Parse says so itself, whatever TOML
// form the key takes.
const probeMember = "\n[[member]]\nemail = \"probe@example.org\"\n"

// preamble parses the text before a version's first [[member]] line,
// followed by probeMember, once for consecutive versions that share it.
func (rd *reader) preamble(name string, pre []byte) preParse {
	if pp, seen := rd.pre[string(pre)]; seen {
		return pp
	}
	doc := make([]byte, 0, len(pre)+len(probeMember))
	f, err := members.Parse(name, append(append(doc, pre...), probeMember...))
	pp := preParse{err: err}
	if err == nil {
		pp.pre = preambleOf(f)
		pp.pre.file = f
		pp.whole = len(f.Members) > 1 // more than the probe
	}
	rd.pre = map[string]preParse{string(pre): pp}
	return pp
}

// blockPrefix is what a member block is parsed after on its own: the
// file's other tables, defined, so that a block that defines one again
// ([lists], [policies]: a second definition, or one the preamble or
// another block made) fails as it may in the whole file, and the version
// is parsed whole.
const blockPrefix = "schema = 1\n[lists]\n[policies]\n"

// parseBlock parses one member block on its own. A block that does not
// hold exactly one well-formed member and nothing else sends the version
// to a full parse, which reports a problem with its real line numbers: a
// [lists.ID] or [policies.ID] table written after a member belongs to
// the file, not to that member.
func parseBlock(name string, block []byte) (*memberState, bool) {
	doc := make([]byte, 0, len(blockPrefix)+len(block))
	doc = append(append(doc, blockPrefix...), block...)
	f, err := members.Parse(name, doc)
	if err != nil || len(f.Members) != 1 || len(f.Lists) > 0 || len(f.Policies) > 0 || len(f.Admins) > 0 {
		return nil, false
	}
	st := stateOf(f.Members[0])
	st.entry = f.Members[0]
	return st, true
}
