package history

import "fmt"

// A version that lists one mailbox twice is refused whole by sync (a
// stop finding); the reader tells such a version as it reads it.

// countMailboxes counts v's members by mailbox, and how many are listed
// more than once.
func countMailboxes(v *version) (map[string]int, int) {
	counts := make(map[string]int, len(v.members))
	twice := 0
	for _, m := range v.members {
		if m.mailbox == "" {
			continue
		}
		counts[m.mailbox]++
		if counts[m.mailbox] == 2 {
			twice++
		}
	}
	return counts, twice
}

// twiceListed returns the addresses of the first mailbox v lists twice.
func twiceListed(v *version) (string, string) {
	first := map[string]string{}
	for _, m := range v.members {
		if m.mailbox == "" {
			continue
		}
		if e, seen := first[m.mailbox]; seen {
			return e, m.email
		}
		first[m.mailbox] = m.email
	}
	return "", ""
}

// countIn and countOut keep the reader's mailbox counts as a member
// joins or leaves the last version.
func (rd *reader) countIn(m *memberState, pre *preamble) {
	if refuses(m, pre) != "" {
		rd.refused++
	}
	if m.mailbox == "" {
		return
	}
	rd.mailboxes[m.mailbox]++
	if rd.mailboxes[m.mailbox] == 2 {
		rd.twice++
	}
}

func (rd *reader) countOut(m *memberState, pre *preamble) {
	if refuses(m, pre) != "" {
		rd.refused--
	}
	if m.mailbox == "" {
		return
	}
	if rd.mailboxes[m.mailbox] == 2 {
		rd.twice--
	}
	if rd.mailboxes[m.mailbox]--; rd.mailboxes[m.mailbox] == 0 {
		delete(rd.mailboxes, m.mailbox)
	}
}

// listedTwice is the problem of a version that lists a and b, one
// mailbox: a version that does not parse, for every reader.
func listedTwice(r Revision, a, b string) error {
	return fmt.Errorf("%s at %s %w: it lists one mailbox twice (%s and %s), which sync refuses", r.Path, r.Short(), ErrUnparsable, a, b)
}

// refuses says why sync refuses a version for m's entry, with pre its
// lists: a list it does not define, or a role that is none of owner,
// manager, member (stop findings). "" when it does not.
func refuses(m *memberState, pre *preamble) string {
	for _, id := range m.order {
		if pre.lists[id] == nil {
			return fmt.Sprintf("%s is on list %q, which it does not define", m.email, id)
		}
	}
	if m.badRole != "" {
		return fmt.Sprintf("%s has role %q on %s", m.email, m.lists[m.badRole], m.badRole)
	}
	return ""
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
	return fmt.Errorf("%s at %s %w: %s, which sync refuses", r.Path, r.Short(), ErrUnparsable, why)
}
