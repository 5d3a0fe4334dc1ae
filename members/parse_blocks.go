package members

import (
	"bytes"
	"maps"
	"sync"
)

// A file of a million members is 300 MB of TOML, which one processor
// reads in seconds. Its members are almost all of it, each a [[member]]
// block that starts on a line of its own, so the blocks are read in
// runs on every processor, each run by a decoder of its own that starts
// where the run does, and the runs joined in file order. Whatever a run
// cannot say on its own (an error anywhere, a table that is not a
// member's, a header inside a multi-line string, which makes the run
// before it end inside the string) sends the file to the reading of one
// decoder from the top, whose answer is then the only one: the runs only
// ever give the answer that reading gives, sooner.

// parallelAt is how large a file must be for its blocks to be read on
// every processor: below it, one decoder takes less than the runs cost
// to set up.
const parallelAt = 4 << 20

// MemberHeaders returns the offsets of the lines of data that are a
// [[member]] header written the usual way: the header at the start of
// the line (after blanks), nothing but blanks or a comment after it.
// Whether a line is one depends on that line alone; whether it is a
// header, or a line of a multi-line string, only a parse says.
func MemberHeaders(data []byte) []int {
	header := []byte(memberHeader)
	starts := make([]int, 0, bytes.Count(data, header))
	for off := 0; ; {
		i := bytes.Index(data[off:], header)
		if i < 0 {
			return starts
		}
		at := off + i
		off = at + len(memberHeader)
		ls := bytes.LastIndexByte(data[:at], '\n') + 1
		if len(bytes.TrimLeft(data[ls:at], " \t")) != 0 {
			continue // not at the start of a line
		}
		le := bytes.IndexByte(data[off:], '\n')
		if le < 0 {
			le = len(data) - off
		}
		if rest := bytes.TrimSpace(data[off : off+le]); len(rest) != 0 && rest[0] != '#' {
			continue
		}
		starts = append(starts, ls)
	}
}

// memberHeader opens a member block written the usual way.
const memberHeader = "[[member]]"

// runInBlocks reads d's file as the comment above says, when it is at
// least from bytes long, in runs of its blocks on workers goroutines,
// and reports whether it did: false leaves d to be thrown away.
func (d *decoder) runInBlocks(from, workers int) bool {
	if workers < 2 || len(d.data) < from {
		return false
	}
	src, ok := d.prelude()
	if !ok {
		return false
	}
	starts := MemberHeaders(src)
	if len(starts) < 2 {
		return false
	}
	// The preamble (lists and policies) first, on its own.
	d.expressions(src[:starts[0]])
	if len(d.errs) > 0 || d.slab.all.n > 0 {
		return false
	}
	if d.open != nil {
		// The preamble's last table ends where the first member starts,
		// as the member's header would have ended it.
		d.open.End = d.base + starts[0]
		d.open = nil
	}
	runs := cutRuns(src, starts, 4*workers)
	parts := make([]*decoder, len(runs))
	line := 1 + bytes.Count(src[:starts[0]], []byte{'\n'})
	for k, r := range runs {
		parts[k] = d.part(r[0], line)
		line += bytes.Count(src[r[0]:r[1]], []byte{'\n'})
	}
	var next sync.Mutex
	taken := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				k := taken
				taken++
				next.Unlock()
				if k >= len(runs) {
					return
				}
				parts[k].expressions(src[runs[k][0]:runs[k][1]])
				if k < len(runs)-1 && parts[k].open != nil {
					// Up to the next run's header, as the next header
					// read would have ended it.
					parts[k].open.End = d.base + runs[k][1]
				}
			}
		}()
	}
	wg.Wait()
	for _, p := range parts {
		if !p.onlyMembers() {
			return false
		}
	}
	d.join(parts)
	return true
}

// cutRuns cuts the member blocks of src, which start at starts, into
// about n runs of about equal size, each [start, end) of src.
func cutRuns(src []byte, starts []int, n int) [][2]int {
	size := (len(src) - starts[0]) / n
	var runs [][2]int
	from := starts[0]
	for _, s := range starts[1:] {
		if s-from >= size {
			runs = append(runs, [2]int{from, s})
			from = s
		}
	}
	return append(runs, [2]int{from, len(src)})
}

// part is a decoder of d's file for a run of member blocks from off
// (into the TOML, after any byte-order mark), on the given line: what
// the preamble said (its lists, policies and tables) it reads as d
// would, each in a copy of its own, since a run that writes one is
// refused (onlyMembers) rather than joined.
func (d *decoder) part(off, line int) *decoder {
	p := &decoder{
		name:    d.name,
		data:    d.data,
		owned:   d.owned,
		base:    d.base + off,
		file:    &File{Name: d.name, lists: maps.Clone(d.file.lists), policies: maps.Clone(d.file.policies)},
		origins: maps.Clone(d.origins),
		members: d.members,
	}
	p.cursor = Pos{Line: line, Col: 1, Offset: p.base}
	return p
}

// onlyMembers reports whether a run read nothing but members, and
// nothing wrong: all it holds is joined by join.
func (p *decoder) onlyMembers() bool {
	f := p.file
	if len(p.errs) > 0 || len(f.Lists) > 0 || len(f.Policies) > 0 || f.Admins != nil || f.inlineMembers.IsValid() || f.SchemaPos.IsValid() {
		return false
	}
	for _, key := range []string{"schema", "lists", "policies", "admins"} {
		if p.root.Has(key) {
			return false
		}
	}
	return p.slab.all.n > 0
}

// join adds the members the runs read, in file order, to d's file, as
// d would have read them itself.
func (d *decoder) join(parts []*decoder) {
	if d.members == originNone {
		d.members = originArray
		d.addKey(&d.root, idMember, parts[0].root.At("member"))
	}
	for _, p := range parts {
		d.slab.all.take(&p.slab.all)
		for id, lm := range p.on {
			d.onList(id).members.take(&lm.members)
		}
	}
	d.open = parts[len(parts)-1].open
}
