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
func (rd *reader) countIn(m *memberState) {
	if m.mailbox == "" {
		return
	}
	rd.mailboxes[m.mailbox]++
	if rd.mailboxes[m.mailbox] == 2 {
		rd.twice++
	}
}

func (rd *reader) countOut(m *memberState) {
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
