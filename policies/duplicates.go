package policies

import (
	"hash/maphash"
	"slices"

	"github.com/roster-dev/roster/internal/visible"
	"github.com/roster-dev/roster/members"
)

// checkDuplicates reports a second entry for one mailbox or one GitHub
// handle. Two entries for one person would let one be removed while the
// other keeps them on the list, and make "by" in vetting ambiguous.
//
// The first entry of each key is found through a table of 8 bytes a slot
// (firstSeen) rather than a map of strings: at a million members the
// maps took 107 MB, a tenth of validate's peak memory.
func (c *checker) checkDuplicates() {
	ms := c.f.Members
	mailbox := func(i int) string {
		addr, err := members.ParseAddress(ms[i].Email)
		if err != nil {
			return ""
		}
		return addr.Mailbox()
	}
	handle := func(i int) string { return members.HandleKey(ms[i].GitHub) }
	mailboxes, handles := newFirstSeen(len(ms)), newFirstSeen(len(ms))
	for i, m := range ms {
		if key := mailbox(i); key != "" {
			if j := mailboxes.add(key, i, mailbox); j >= 0 {
				prev := ms[j]
				how := "addresses that differ only in case, dots at gmail.com, a +tag or googlemail.com reach one inbox"
				if hidden := members.HiddenSpelling(prev.Email, m.Email); hidden != "" {
					how = hidden + ", and reach one inbox"
				}
				c.addMember(m, "", m.At("email"), RuleDuplicateMailbox,
					"same mailbox as %s (line %d): %s; merge the two entries",
					prev.Email, prev.Pos.Line, how).setEffect(Stop)
			}
		}
		if key := handle(i); key != "" {
			if j := handles.add(key, i, handle); j >= 0 {
				prev := ms[j]
				c.addMember(m, "", m.At("github"), RuleDuplicateGitHub,
					"GitHub handle %s is also on %s (line %d); vetting records that name it would be ambiguous", m.GitHub, prev.Email, prev.Pos.Line).setEffect(Stop)
			}
		}
	}
}

// checkLookAlikes reports an entry whose address reads like another
// entry's (members.Skeleton: "асе@" in Cyrillic beside "ace@") while it
// is another mailbox: a reviewer approving the one would read the
// other. Only a file with a non-ASCII address can have such a pair.
func (c *checker) checkLookAlikes() {
	ms := c.f.Members
	if !slices.ContainsFunc(ms, func(m *members.Member) bool { return members.MayImitate(m.Email) }) {
		return
	}
	first := make(map[string]int, len(ms))
	for i, m := range ms {
		if m.Email == "" {
			continue
		}
		sk := members.Skeleton(m.Email)
		j, seen := first[sk]
		if !seen {
			first[sk] = i
			continue
		}
		prev := ms[j]
		if !members.ReadsAlike(prev.Email, m.Email) {
			continue // the same mailbox (checkDuplicates says so), or plain ASCII both
		}
		// The entry flagged is the one outside ASCII (the imitation),
		// unless its address alone says so already.
		odd, other := m, prev
		if !members.MayImitate(m.Email) {
			odd, other = prev, m
		}
		if a, err := members.ParseAddress(odd.Email); err != nil || a.Confusable() != "" {
			continue
		}
		c.addMember(odd, "", odd.At("email"), RuleEmailConfusable,
			"address %s%s reads like %s (line %d), another mailbox; check which address the person gave, and keep only theirs",
			odd.Email, visible.LookalikeNote(odd.Email), other.Email, other.Pos.Line).setEffect(Stop)
	}
}

// firstSeen finds, for each key added, the first index it was added
// with: an open-addressing table whose slots hold 32 bits of the key's
// hash and the index. Keys are not stored; on a match of the hash bits
// the earlier key is computed again (keyOf), which happens only for a
// duplicate or one time in four billion.
type firstSeen struct {
	seed  maphash.Seed
	slots []uint64 // hash>>32 << 32 | index+1; 0 is empty
	mask  uint64
}

func newFirstSeen(n int) *firstSeen {
	size := 8
	for size < 2*n {
		size <<= 1
	}
	return &firstSeen{seed: maphash.MakeSeed(), slots: make([]uint64, size), mask: uint64(size - 1)}
}

// add records key for index i (below 2^32 - 1) and returns the index an
// equal key was first added with, or -1 if none was.
func (t *firstSeen) add(key string, i int, keyOf func(int) string) int {
	h := maphash.String(t.seed, key)
	tag := h >> 32
	for s := h & t.mask; ; s = (s + 1) & t.mask {
		e := t.slots[s]
		if e == 0 {
			t.slots[s] = tag<<32 | uint64(uint32(i+1))
			return -1
		}
		if e>>32 == tag {
			if j := int(uint32(e)) - 1; keyOf(j) == key {
				return j
			}
		}
	}
}
