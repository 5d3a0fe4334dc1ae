package main

import (
	"fmt"
	"sync"
	"time"

	"github.com/roster-dev/roster/plan"
)

// progress reports a running sync: on a terminal, one line rewritten in
// place; in CI logs, one line per change.
type progress struct {
	e            *env
	total        int
	done, failed int
	start        time.Time
	mu           sync.Mutex
	drawn        bool
}

func newProgress(e *env, p *plan.Plan) *progress {
	total := 0
	for _, l := range p.Lists {
		if l.Error == "" && !l.GroupMissing && !l.Checklist {
			total += len(l.Changes)
		}
	}
	return &progress{e: e, total: total, start: e.now()}
}

func (p *progress) event(ev plan.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	what := ""
	if ev.Change != nil {
		p.done++
		what = ev.Change.String()
	} else {
		what = fmt.Sprintf("settings (%d)", len(ev.Setting))
	}
	if ev.Err != nil {
		p.failed++
	}
	if p.e.terminal {
		elapsed := p.e.now().Sub(p.start).Seconds()
		rate := 0.0
		if elapsed > 0 {
			rate = float64(p.done) / elapsed
		}
		fmt.Fprintf(p.e.stderr, "\r\033[Ksyncing: %d/%d changes, %d failed, %.0f/s", p.done, p.total, p.failed, rate)
		p.drawn = true
		return
	}
	if ev.Err != nil {
		fmt.Fprintf(p.e.stderr, "%s: %s: FAILED: %v\n", ev.List, what, ev.Err)
	} else {
		fmt.Fprintf(p.e.stderr, "%s: %s: done\n", ev.List, what)
	}
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintln(p.e.stderr)
	}
}
