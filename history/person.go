package history

import "github.com/roster-dev/roster/members"

// Whom an entry of the file is across versions: a person is a mailbox,
// however its entry spells it.

// respellings pairs the entries of now whose identity was does not have
// with those of was whose identity now does not have, by person (the
// same mailbox, another +tag), where exactly one on each side is that
// person: two of one mailbox in a version (which validate refuses) stay
// apart.
func respellings(was, now []*memberState, old map[string]*memberState) map[*memberState]*memberState {
	var out map[*memberState]*memberState
	inNow := make(map[string]bool, len(now))
	for _, m := range now {
		inNow[m.id] = true
	}
	left := map[string][]*memberState{}
	for _, w := range was {
		if !inNow[w.id] {
			left[w.person] = append(left[w.person], w)
		}
	}
	came := map[string][]*memberState{}
	for _, m := range now {
		if _, ok := old[m.id]; !ok {
			came[m.person] = append(came[m.person], m)
		}
	}
	for p, ms := range came {
		if ws := left[p]; len(ms) == 1 && len(ws) == 1 {
			if out == nil {
				out = map[*memberState]*memberState{}
			}
			out[ms[0]] = ws[0]
		}
	}
	return out
}

// PersonOf is whom an address names across versions of the file: its
// mailbox (members.MailboxOf), a +tag dropped, as validate counts two
// entries of one person. History keys people on it.
func PersonOf(email string) string { return members.MailboxOf(email) }
