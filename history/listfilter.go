package history

import "strings"

// offKey names a vetting event made while its member was on none of the
// lists asked about: the commit, the person and the record.
func offKey(commit string, e Event) string {
	r := e.Vetting
	return strings.Join([]string{commit, string(e.Action), PersonOf(e.Email), r.By, r.On, r.Method, r.Note, r.Evidence}, "\x00")
}

// heldOnWanted keeps, of the vetting events made while their member was
// on none of the lists asked about (off, by offKey), each record that
// they still held when they joined one (or were on one when it was
// removed): the record that admitted them there, whose removal the
// list's history shows, is shown being made too. The rest go.
// onWanted reports whether a membership event is of a list asked about.
func heldOnWanted(events []Event, off map[string]bool, onWanted func(Event) bool) []Event {
	keep := make([]bool, len(events))
	held := map[string]map[string]int{} // person -> record -> its event's index, while not shown
	record := func(e Event) string {
		r := e.Vetting
		return strings.Join([]string{r.By, r.On, r.Method, r.Note, r.Evidence}, "\x00")
	}
	for i, e := range events {
		p := PersonOf(e.Email)
		switch {
		case e.Action == Vetted || e.Action == VettingRemoved:
			if e.Vetting == nil {
				keep[i] = true
				continue
			}
			rec := record(e)
			if off[offKey(e.Commit, e)] {
				if e.Action == Vetted {
					if held[p] == nil {
						held[p] = map[string]int{}
					}
					held[p][rec] = i
				} else {
					delete(held[p], rec)
				}
				continue
			}
			keep[i] = true
			if e.Action == VettingRemoved {
				if j, ok := held[p][rec]; ok {
					keep[j] = true
					delete(held[p], rec)
				}
			}
		default:
			keep[i] = true
			if e.Action != Removed && onWanted(e) {
				for _, j := range held[p] {
					keep[j] = true
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
