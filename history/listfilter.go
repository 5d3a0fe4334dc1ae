package history

import (
	"maps"
	"strings"
)

// The --list filter's vetting records: a record concerns a list while
// its member, holding it, is on the list. Events made while the member
// was on none of the lists asked about are kept aside (off) and shown
// only if they come to concern one.

// offKey names an event made while its member was on none of the lists
// asked about: a record made or removed (the commit, the person and
// the record), or an entry leaving the file from another list (the
// commit, the person and the list), which takes its records with it.
func offKey(commit string, e Event) string {
	if r := e.Vetting; r != nil {
		return strings.Join([]string{commit, string(e.Action), PersonOf(e.Email), r.By, r.On, r.Method, r.Note, r.Evidence}, "\x00")
	}
	// Not the list: its id is the one it had then, which the event's
	// may not be by the time heldOnWanted reads it (onWanted tells).
	return strings.Join([]string{commit, string(e.Action), PersonOf(e.Email)}, "\x00")
}

// heldOnWanted keeps, of the events kept aside (off, by offKey), each
// record the member still held when they joined one of the lists asked
// about (the record that admitted them there is shown being made), and
// the removal of a record shown (the list's history said they held it);
// the rest go. shownBefore and heldBefore hold, by person, the records
// (recordKey) held where the window starts, by members on a list asked
// about and by the others: the making of both is history before the
// window, the first's shown there (their removal is shown), the
// second's shown once their member joins a list asked about. gone names, by offKey, the removals of the lists asked
// about that took the whole entry out of the file: its records went
// with it. onWanted reports whether a membership event is of a list
// asked about.
func heldOnWanted(events []Event, off, gone map[string]bool, shownBefore, heldBefore map[string]map[string]bool, onWanted func(Event) bool) []Event {
	keep := make([]bool, len(events))
	held := map[string]map[string]int{}   // person -> record -> its event's index (-1: before the window), while not shown
	shown := map[string]map[string]bool{} // person -> records whose making is shown
	for p, recs := range shownBefore {
		shown[p] = maps.Clone(recs)
	}
	for p, recs := range heldBefore {
		held[p] = make(map[string]int, len(recs))
		for rec := range recs {
			held[p][rec] = -1
		}
	}
	record := func(e Event) string { return recordKey(*e.Vetting) }
	show := func(p, rec string) {
		if shown[p] == nil {
			shown[p] = map[string]bool{}
		}
		shown[p][rec] = true
	}
	for i, e := range events {
		p := PersonOf(e.Email)
		k := offKey(e.Commit, e)
		switch {
		case (e.Action == Vetted || e.Action == VettingRemoved) && e.Vetting != nil:
			rec := record(e)
			switch {
			case off[k] && e.Action == Vetted:
				if held[p] == nil {
					held[p] = map[string]int{}
				}
				held[p][rec] = i
			case off[k]:
				// Removed while they were on none of the lists: shown
				// if its making was, so that the list's history does
				// not leave them holding it.
				delete(held[p], rec)
				if shown[p][rec] {
					keep[i] = true
					delete(shown[p], rec)
				}
			case e.Action == Vetted:
				keep[i] = true
				show(p, rec)
			default:
				keep[i] = true
				delete(shown[p], rec)
				if j, ok := held[p][rec]; ok {
					if j >= 0 {
						keep[j] = true
					}
					delete(held[p], rec)
				}
			}
		case off[k] && !onWanted(e):
			// Kept aside: the entry gone from the file, from another
			// list, its records with it.
			delete(held, p)
			delete(shown, p)
		default:
			keep[i] = true
			switch {
			case gone[k]:
				delete(held, p)
				delete(shown, p)
			case e.Action != Removed && onWanted(e):
				for rec, j := range held[p] {
					if j >= 0 {
						keep[j] = true
					}
					show(p, rec)
				}
				delete(held, p)
			}
		}
	}
	out := events[:0]
	for i, e := range events {
		if keep[i] {
			out = append(out, e)
		}
	}
	return out
}

// recordKey names a vetting record among a person's: all its fields.
func recordKey(r Record) string {
	return strings.Join([]string{r.By, r.On, r.Method, r.Note, r.Evidence}, "\x00")
}
