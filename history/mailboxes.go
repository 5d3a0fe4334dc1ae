package history

import (
	"fmt"

	"github.com/roster-dev/roster/members"
)

// A version that lists one mailbox twice, or gives two entries one
// GitHub handle, is refused whole by sync (stop findings); the reader
// tells such a version as it reads it. Both are counted by key: the
// mailbox, or "h:" and the handle's key (no mailbox starts so).

// keys are the keys m is counted under: its mailbox and its handle, when
// it has them.
func (m *memberState) keys() [2]string { return [2]string{m.mailbox, m.handle} }

// countMailboxes counts v's members by key, and how many keys are
// listed more than once.
func countMailboxes(v *version) (map[string]int, int) {
	counts := make(map[string]int, len(v.members))
	twice := 0
	for _, m := range v.members {
		for _, k := range m.keys() {
			if k == "" {
				continue
			}
			counts[k]++
			if counts[k] == 2 {
				twice++
			}
		}
	}
	return counts, twice
}

// twiceListed returns the addresses of the first two entries of v with
// one key, and whether it is a handle.
func twiceListed(v *version) (string, string, bool) {
	first := map[string]string{}
	for _, m := range v.members {
		for _, k := range m.keys() {
			if k == "" {
				continue
			}
			if e, seen := first[k]; seen {
				return e, m.email, k == m.handle
			}
			first[k] = m.email
		}
	}
	return "", "", false
}

// countIn and countOut keep the reader's mailbox counts as a member
// joins or leaves the last version.
func (rd *reader) countIn(m *memberState, pre *preamble) {
	if refuses(m, pre) != "" {
		rd.refused++
	}
	for _, k := range m.keys() {
		if k == "" {
			continue
		}
		rd.mailboxes[k]++
		if rd.mailboxes[k] == 2 {
			rd.twice++
		}
	}
}

func (rd *reader) countOut(m *memberState, pre *preamble) {
	if refuses(m, pre) != "" {
		rd.refused--
	}
	for _, k := range m.keys() {
		if k == "" {
			continue
		}
		if rd.mailboxes[k] == 2 {
			rd.twice--
		}
		if rd.mailboxes[k]--; rd.mailboxes[k] == 0 {
			delete(rd.mailboxes, k)
		}
	}
}

// listedTwice is the problem of a version that lists a and b, one
// mailbox (or, with handle, one GitHub handle): a version that does not
// parse, for every reader.
func listedTwice(r Revision, a, b string, handle bool) error {
	if handle {
		return fmt.Errorf("%s at %s %w: it gives %s and %s one GitHub handle, which sync refuses", r.Path, r.Short(), ErrUnparsable, a, b)
	}
	return fmt.Errorf("%s at %s %w: it lists one mailbox twice (%s and %s), which sync refuses", r.Path, r.Short(), ErrUnparsable, a, b)
}

// refuses says why sync refuses a version for m's entry, with pre its
// lists: a list it does not define, or a role that is none of owner,
// manager, member (stop findings). "" when it does not.
func refuses(m *memberState, pre *preamble) string {
	for _, id := range m.order {
		if pre.lists[id] == nil {
			return undefinedList(m.email, id)
		}
	}
	if m.badRole != "" {
		return noRole(m.email, m.lists[m.badRole], m.badRole)
	}
	return ""
}

// undefinedList and noRole say why sync refuses a version for an entry
// of email: on a list it does not define, or in a role that is none.
func undefinedList(email, list string) string {
	return fmt.Sprintf("%s is on list %q, which it does not define", email, list)
}

func noRole(email string, role members.Role, list string) string {
	return fmt.Sprintf("%s has role %q on %s", email, role, list)
}

// handleKey is the key a GitHub handle is counted under ("" for none):
// "h:" and its comparison key, which no mailbox starts with.
func handleKey(github string) string {
	if github == "" {
		return ""
	}
	return "h:" + members.HandleKey(github)
}

// countRefused counts v's members whose entry sync refuses v for.
func countRefused(v *version) int {
	n := 0
	for _, m := range v.members {
		if refuses(m, v.pre) != "" {
			n++
		}
	}
	return n
}

// refusedVersion is the problem of a version sync refuses for an entry:
// a version that does not parse, for every reader.
func refusedVersion(r Revision, v *version) error {
	why := ""
	for _, m := range v.members {
		if why = refuses(m, v.pre); why != "" {
			break
		}
	}
	return refusedFor(r, why)
}

// refusedFor is the problem of the version at r, which sync refuses
// whole for why.
func refusedFor(r Revision, why string) error {
	return fmt.Errorf("%s at %s %w: %s, which sync refuses", r.Path, r.Short(), ErrUnparsable, why)
}
