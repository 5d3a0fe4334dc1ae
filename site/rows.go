package site

import (
	"strconv"
	"strings"
)

// A table sets the fields of different people, or lists, row under row,
// and a reader reads on across the rows: down a column ("jane.doe at"
// over "gmail.com" in the Name column), and from the end of a row into
// the start of the next (an affiliation "jane.doe at", the role word,
// then the next member's name "Dot Com": the page check reads "jane.doe
// at member Dot Com"). Each row was read alone (a member's fields, the
// owners of a list: besideOwners); here, at model time, the rows of
// every table the pages render are read together, in page order, and
// the later field of what spells an address is hidden. So the page
// check never meets it: refused, a name chosen to stand under another's
// would stop the public roster from being published (see beside.go).

// cell is one thing a table shows: a field (text points into the view,
// so that hiding it hides it where the page shows it), or the page's
// own words (fixed: a role, a date, a count, "anonymous member"), which
// a reader reads on through.
type cell struct {
	text  *string
	fixed string
}

// field is a cell of a field.
func field(s *string) cell { return cell{text: s} }

// shown is a cell of the page's own words.
func shown(s string) cell { return cell{fixed: s} }

// personCells are the cells of a person as the templates show one: a
// label for someone anonymous, else the name and the handle under it.
func personCells(p *person) []cell {
	if p.Anon != "" {
		return []cell{shown(p.Anon)}
	}
	return []cell{field(&p.Name), field(&p.GitHub)}
}

// table is what a page's table shows, row by row, each row column by
// column, each column's cells in page order.
type table [][][]cell

// placed is a cell and the row it is in.
type placed struct {
	cell
	row int
}

// maxAcross is how many fields, in a row, a reading across rows takes
// together: two, and three for a sign standing alone between two
// ("jane.doe", "＠", "gmail.com"), as besideOwners reads owners.
const maxAcross = 3

// besideRows hides, in t, the later field of two or three that spell
// an address across its rows: down each column, and through the rows in
// page order (the page's own words between them read too).
func (f *fields) besideRows(t table) {
	seqs := seqsOf(t)
	f.readAhead(seqs)
	for _, seq := range seqs {
		f.hideAcross(seq)
	}
}

// seqsOf is t's cells in the orders a reader reads them: down each
// column, then through the rows in page order.
func seqsOf(t table) [][]placed {
	columns := 0
	for _, r := range t {
		columns = max(columns, len(r))
	}
	var seqs [][]placed
	for c := 0; c < columns; c++ {
		var seq []placed
		for i, r := range t {
			if c < len(r) {
				for _, x := range r[c] {
					seq = append(seq, placed{x, i})
				}
			}
		}
		seqs = append(seqs, seq)
	}
	var seq []placed
	for i, r := range t {
		for _, col := range r {
			for _, x := range col {
				seq = append(seq, placed{x, i})
			}
		}
	}
	return append(seqs, seq)
}

// hideAcross reads seq, cells in the order a reader reads them, for
// runs of two or three fields that span rows and spell an address, and
// hides the last field of each. A field that shows nothing is passed
// over, and so is one hidden: a reader reads over the gap. Runs within
// one row are the row's own (a member's fields, the owners of a list),
// read where it is made.
func (f *fields) hideAcross(seq []placed) {
	f.passes++
	pass := f.passes
	bridge := func(x placed) bool { by, ok := f.hiddenBy[x.text]; return !ok || by == pass }
	hide := func(x placed) {
		*x.text = hidden
		f.hiddenBy[x.text] = pass
	}
	acrossRows(seq, func(run, after []placed) bool {
		if f.settledBefore(run) {
			return false
		}
		if !f.spelledAcross(run) {
			return false
		}
		if k := f.completes(run, after); k >= 0 {
			hide(after[k])
			f.settled[run[0].text] = true
			return true
		}
		if f.knownIn(run) {
			// Its end hidden, the address is: the plain words after the
			// gap are the next row's ("Owner One"), not its domain.
			f.settled[run[0].text] = true
		}
		hide(run[len(run)-1])
		return true
	}, bridge)
}

// knownIn reports whether run, read as spelledAcross reads it, spells
// one of the input's own addresses.
func (f *fields) knownIn(run []placed) bool {
	if f.known == nil {
		return false
	}
	text, without, ok := f.runTexts(run)
	return ok && (f.known.spellsApart(text) || f.known.spells(text) || without != "" && (f.known.spellsApart(without) || f.known.spells(without)))
}

// completes returns the field of after (the cells after run, in page
// order) that completes one of the input's own addresses begun by run's
// first field, when run's later fields are plain words (plain) that
// only read as a domain after it ("jane.doe at" over "Owner One" reads
// jane.doe@owner.one); -1 when none. Hiding those words would hide an
// innocent's name, and leave a gap a reader reads over into the next
// row ("jane.doe at", the gap, "zorbix.io": the real address): the
// field that completes it goes instead (s31-site finding 2). The next
// row's first field is read, the rest of the last field's row (its
// handle) being the gap.
func (f *fields) completes(run, after []placed) int {
	if f.known == nil {
		return -1
	}
	last := run[len(run)-1]
	for _, x := range run[1:] {
		if x.text != nil && *x.text != "" && *x.text != hidden && !f.plain(*x.text) {
			return -1
		}
	}
	for k, x := range after {
		if x.text == nil || *x.text == "" || x.row == last.row {
			continue
		}
		if *x.text == hidden {
			return -1
		}
		if f.knownIn(append(append(make([]placed, 0, len(run)), run[:len(run)-1]...), x)) {
			return k
		}
		return -1
	}
	return -1
}

// settledBefore reports whether a field of run but its last began an
// address whose completing field completes hid (settled), and only
// plain words follow it in run: the words read as a domain only after
// it, which completes chose to show.
func (f *fields) settledBefore(run []placed) bool {
	for s := len(run) - 2; s >= 0; s-- {
		if !f.settled[run[s].text] {
			continue
		}
		for _, x := range run[s+1:] {
			if x.text != nil && *x.text != "" && *x.text != hidden && !f.plain(*x.text) {
				return false
			}
		}
		return true
	}
	return false
}

// acrossRows calls visit with each run of seq hideAcross reads, in
// page order, as the fields stand when it gets there: two or three
// fields, the first and the last in different rows, none hidden but
// possibly the last. visit returning true ends the runs that end at
// that run's last field; after is what follows the run in seq.
func acrossRows(seq []placed, visit func(run, after []placed) bool, bridge func(placed) bool) {
	for j, last := range seq {
		if last.text == nil || *last.text == "" || *last.text == hidden {
			continue
		}
		n, gaps := 1, 0
		for i := j - 1; i >= 0 && n < maxAcross; i-- {
			first := seq[i]
			if first.text == nil || *first.text == "" {
				continue
			}
			if *first.text == hidden {
				if !bridge(first) {
					break // hidden by another reading: a wall to this one
				}
				// A hidden field is read over, one: "zorbix", the hidden
				// "dot", "io" still spell a domain to a reader, who
				// guesses what the gap held. Not two: a field that
				// spells an address before any word would otherwise
				// hide every row after it, one through the gaps it made.
				if gaps++; gaps > 1 {
					break
				}
				continue
			}
			n++
			if first.row != last.row && visit(seq[i:j+1], seq[j+1:]) {
				break
			}
		}
	}
}

// spelledAcross reports whether the cells of run, the first and the
// last of them fields, spell an address read together: from the end of
// the first to the start of the last (seam), with a space between each.
// A field in the middle longer than seam is more than an address
// spelled at its longest: none spans it, and the runs on either side of
// it are read apart. Runs of plain words (plainRun) are passed over
// unread: read whole, a table of 2,000 rows would cost seconds.
func (f *fields) spelledAcross(run []placed) bool {
	text, without, ok := f.runTexts(run)
	if !ok {
		return false
	}
	if f.spelledJoined(text) {
		return true
	}
	return without != "" && f.spelledJoined(without)
}

// runTexts are what spelledAcross reads of run: the run as the page
// shows it, and, when the page's own words stand between its fields,
// the fields alone (a reader skips "member" between "jane.doe at" and
// "zorbix.io"; "" otherwise). ok is false when nothing needs reading.
func (f *fields) runTexts(run []placed) (text, without string, ok bool) {
	text, without, plain, ok := f.runParts(run)
	if !ok || plain && !f.mayHold(text) {
		return "", "", false
	}
	return text, without, true
}

// runParts is runTexts before the known addresses are asked of a run
// of plain words (plain): mayHold's reading is left to the caller.
func (f *fields) runParts(run []placed) (text, without string, plain, ok bool) {
	parts := make([]string, 0, len(run))
	var fieldsOnly []string // the same, without the page's own words
	plain = true
	for k, x := range run {
		if x.text == nil {
			if x.fixed != "" {
				parts = append(parts, x.fixed)
			}
			continue
		}
		s := *x.text
		switch {
		case s == "" || s == hidden:
			continue
		case k == 0:
			s = fieldEnd(s)
		case k == len(run)-1:
			s = fieldStart(s)
		case len(s) > seam:
			return "", "", false, false
		}
		plain = plain && f.plain(s)
		parts = append(parts, s)
		fieldsOnly = append(fieldsOnly, s)
	}
	text = strings.Join(parts, " ")
	if len(fieldsOnly) < len(parts) {
		without = strings.Join(fieldsOnly, " ")
	}
	return text, without, plain, true
}

// mayHold reports whether text, plain words, may spell one of the
// input's addresses (knownAddresses.mayHold of its letters),
// remembered: readAhead and hideAcross ask it of the same runs.
func (f *fields) mayHold(text string) bool {
	if f.known == nil {
		return false
	}
	if v, ok := f.holds[text]; ok {
		return v
	}
	v := f.known.mayHold(readLetters(text).text)
	f.holds[text] = v
	return v
}

// spelledJoined is spelledBeside of text, remembered.
func (f *fields) spelledJoined(text string) bool {
	if v, ok := f.across[text]; ok {
		return v
	}
	v := f.spelledBeside(text)
	f.across[text] = v
	return v
}

// signWords are words of three letters or more that take part in a
// sign spelled out in words ("at the rate", "full stop", "at sign") or
// name a mailbox's provider: a field holding one is read with the
// fields around it, whatever else it holds.
var signWords = wordSet("the rate mark sign symbol domain server host full stop period point punkt punto ponto punct punktum " +
	"chez arroba arobase arobas aroba arrova strudel shtrudel sobaka sobachka tochka malpa kropka kukac klammeraffe " +
	"chiocciola apenstaartje aapje papaki nokta titik bodka pika punktur piste pont punt tecka tuldok zavinac " +
	"tacka tocka afna ravlyk majmun krollalfa kissanhanta miukumauku eta taskas ascii char chr ord hex unicode " +
	"gmail googlemail hotmail ymail icloud protonmail proton gmx yandex fastmail tutanota tuta posteo riseup mailfence " +
	"hushmail rediffmail rambler outlook msn yahoo aol zoho mailbox naver daum seznam libero comcast email mailto")

// codeWords are numbers that are the '@' sign's code in some base
// ("ASCII 64", "0x40", "0100" in octal, in binary).
var codeWords = wordSet("40 64 100 0100 0040 00000040 1000000 01000000")

// plain reports whether s, a field as shown, is only words that no
// reading takes for a sign, a provider or part of an encoding: ASCII
// letters, of three or more in a word, none run into another in
// CamelCase, none a word for a sign (nor one in ROT13), nor beginning
// with "at" or holding "dot" ("atgmail", "dotcom"); numbers other than
// the sign's codes; words joined by single spaces or hyphens. Plain
// words read together spell no address but one the input holds
// (knownAddresses.mayHold).
func (f *fields) plain(s string) bool {
	if v, ok := f.plains[s]; ok {
		return v
	}
	v := plainWords(s)
	f.plains[s] = v
	return v
}

// plainWords is plain, unremembered.
func plainWords(s string) bool {
	if s == "" || s == hidden {
		return false
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' }) {
		if !plainWord(w) {
			return false
		}
	}
	// Only single spaces and hyphens between words: "  " or "--" may be
	// a spelling's separator.
	return !strings.Contains(s, "  ") && !strings.Contains(s, "--") && !strings.Contains(s, "- ") && !strings.Contains(s, " -") &&
		s[0] != '-' && s[len(s)-1] != '-' && s[0] != ' ' && s[len(s)-1] != ' '
}

// plainWord is plain for one word.
func plainWord(w string) bool {
	digits, letters := 0, 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z':
			letters++
		case c >= 'A' && c <= 'Z':
			letters++
			if i > 0 && w[i-1] >= 'a' && w[i-1] <= 'z' {
				return false // CamelCase: "JaneAtGmail"
			}
		default:
			return false
		}
	}
	if digits > 0 {
		return letters == 0 && !codeWords[w]
	}
	lower := strings.ToLower(w)
	return letters >= 3 && !signWords[lower] && !signWords[rot13(lower)] &&
		!strings.HasPrefix(lower, "at") && !strings.Contains(lower, "dot") &&
		!strings.HasPrefix(rot13(lower), "at") && !strings.Contains(rot13(lower), "dot")
}

// besideSite reads every table of the public site s across its rows
// (besideRows), in page order: the index's lists, its drift, and on
// each list's page its timeline, members and drift. renumber names the
// page of the list s.Lists[i] by its place, once its id is hidden here,
// as a list's whose id the scrubber hid is.
func (f *fields) besideSite(s *site, renumber func(i int, v *listView)) {
	var index table
	ids := make([]string, len(s.Lists))
	for i, v := range s.Lists {
		ids[i] = v.ID
		var owners []cell
		for k := range v.Owners {
			owners = append(owners, personCells(&v.Owners[k])...)
		}
		if len(owners) == 0 {
			owners = []cell{shown("none")}
		}
		row := [][]cell{{field(&v.ID), field(&v.Description)}, {shown(strconv.Itoa(v.Size))}, owners, {shown(strconv.Itoa(v.Lapsing))}}
		if s.Live != nil {
			row = append(row, []cell{shown(strconv.Itoa(len(v.Drift)))})
		}
		index = append(index, row)
	}
	f.besideRows(index)
	for i, v := range s.Lists {
		if v.ID == hidden && ids[i] != hidden {
			renumber(i, v)
		}
	}
	if s.Live != nil {
		f.besideRows(driftCells(s.Live.Other, true))
	}
	for _, v := range s.Lists {
		var timeline table
		for k := range v.Timeline {
			e := &v.Timeline[k]
			pr := ""
			if e.PR != "" {
				pr = "#" + e.PR
			}
			timeline = append(timeline, [][]cell{{shown(e.Date)}, {shown(e.Action)}, personCells(&e.Who), {shown(e.Role)}, {shown(e.Commit)}, {shown(pr)}})
		}
		f.besideRows(timeline)
		var people table
		for k := range v.Members {
			m := &v.Members[k]
			name := field(&m.Who.Name)
			switch {
			case m.Who.Anon != "":
				name = shown(m.Who.Anon)
			case m.Who.Name == "":
				name = shown("no name")
			}
			people = append(people, [][]cell{{name}, {field(&m.Who.GitHub)}, {field(&m.Affiliation)}, {shown(m.Role)}})
		}
		f.besideRows(people)
		f.besideRows(driftCells(v.Drift, false))
	}
}

// driftCells is the table of drift rows, with their lists' column or
// without.
func driftCells(rows []driftRow, withList bool) table {
	var t table
	for k := range rows {
		d := &rows[k]
		row := [][]cell{{shown(d.When)}}
		if withList {
			row = append(row, []cell{field(&d.List)})
		}
		t = append(t, append(row, []cell{field(&d.Who)}, []cell{field(&d.Text)}))
	}
	return t
}
