package site

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/roster-dev/roster/members"
)

// readAheadAt is how many runs a table must have to read for
// readAhead to share them among the processors.
const readAheadAt = 256

// membersAheadAt is how many people a file must have for membersAhead
// to share their rows among the processors: fewer take no time.
const membersAheadAt = 64

// readAhead reads, on every processor, the runs hideAcross will read
// in seqs, as the fields stand now, and remembers each verdict
// (spelledJoined): a public roster's tables of 2,000 members hold tens
// of thousands of runs, each read in several ways, which one processor
// takes seconds over. hideAcross then decides in page order, as
// before: a field it hides ends the runs after it, which read nothing
// new; a run it reads that this did not is read then.
//
// spelledBeside only reads: the fields' known addresses are indexed
// before any page is read, and the readings keep nothing.
func (f *fields) readAhead(seqs [][]placed) {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 {
		return
	}
	bridge := func(x placed) bool { _, across := f.hiddenBy[x.text]; return !across }
	// The runs of plain words first: whether each may spell a known
	// address (mayHold) is most of the runs of a long timeline's names.
	var plains []string
	if f.known != nil {
		queued := map[string]bool{}
		for _, seq := range seqs {
			acrossRows(seq, func(run, _ []placed) bool {
				if text, _, plain, ok := f.runParts(run); ok && plain && !queued[text] {
					if _, done := f.holds[text]; !done {
						queued[text] = true
						plains = append(plains, text)
					}
				}
				return false
			}, bridge)
		}
	}
	if len(plains) >= readAheadAt {
		holds := onEveryProcessor(len(plains), func(k int) bool { return f.known.mayHold(readLetters(plains[k]).text) })
		for k, text := range plains {
			f.holds[text] = holds[k]
		}
	}
	var todo []string
	queued := map[string]bool{}
	want := func(text string) {
		if _, done := f.across[text]; !done && text != "" && !queued[text] {
			queued[text] = true
			todo = append(todo, text)
		}
	}
	for _, seq := range seqs {
		acrossRows(seq, func(run, _ []placed) bool {
			if text, without, ok := f.runTexts(run); ok {
				want(text)
				want(without)
			}
			return false
		}, bridge)
	}
	if len(todo) < readAheadAt {
		return
	}
	verdicts := onEveryProcessor(len(todo), func(k int) bool { return f.spelledBeside(todo[k]) })
	for k, text := range todo {
		f.across[text] = verdicts[k]
	}
}

// membersAhead reads, on every processor, each of ms's fields side by
// side (spelledTogether) as member does, and remembers each member as
// shown: a roster of 2,000 people is 2,000 such readings, which one
// processor takes most of a second over. Each field is read alone
// first, in order (text remembers its verdicts); the readings together
// only read.
func (f *fields) membersAhead(ms []*members.Member) {
	workers := runtime.GOMAXPROCS(0)
	if !f.public || workers < 2 || len(ms) < membersAheadAt {
		return
	}
	views := make([]shownMember, len(ms))
	for i, m := range ms {
		views[i] = f.alone(m)
	}
	together := onEveryProcessor(len(ms), func(k int) bool { return f.spelledTogether(views[k]) })
	for i, m := range ms {
		if _, done := f.members[m]; done {
			continue
		}
		if together[i] {
			views[i] = shownMember{name: hidden}
		}
		f.members[m] = views[i]
	}
}

// onEveryProcessor returns read(k) for each k below n, read on every
// processor side by side, each taking the next k as it is done.
func onEveryProcessor(n int, read func(k int) bool) []bool {
	out := make([]bool, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= n {
					return
				}
				out[k] = read(k)
			}
		}()
	}
	wg.Wait()
	return out
}
