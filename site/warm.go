package site

import (
	"sync"
	"sync/atomic"

	"github.com/roster-dev/roster/members"
)

// Warm remembers what texts spell as read alone (spelledAlone), for the
// builds of one run: a public roster reads its members' fields side by
// side for addresses spelled across them, most of its time, and the
// reading of a text alone does not depend on the input's addresses,
// which only the history (read first, for most of a second, on one
// processor) gives. Read ahead from the members file while the history
// is read (Prepare), those readings cost the build nothing. It is safe
// for use by several goroutines; the nil *Warm remembers nothing.
type Warm struct {
	mu    sync.Mutex
	alone map[string]bool
	stop  atomic.Bool
}

// NewWarm returns an empty Warm.
func NewWarm() *Warm { return &Warm{alone: map[string]bool{}} }

// spelledAlone is spelledAlone(s), remembered.
func (w *Warm) spelledAlone(s string) bool {
	if w == nil {
		return spelledAlone(s)
	}
	w.mu.Lock()
	v, ok := w.alone[s]
	w.mu.Unlock()
	if ok {
		return v
	}
	v = spelledAlone(s)
	w.mu.Lock()
	w.alone[s] = v
	w.mu.Unlock()
	return v
}

// Prepare reads ahead, on one goroutine, what the public roster will
// read of f's members' fields side by side, as they show each field on
// its own (without the input's addresses, which may hide one more,
// and then read anew), and returns at once. Stop ends the reading:
// a build calls it when it starts, and reads what is left itself.
func Prepare(f *members.File) *Warm {
	w := NewWarm()
	if f == nil {
		return w
	}
	go func() {
		show := func(s string) string {
			if v := hideField(pageText(dropTags(s))); v != hidden {
				return v
			}
			return ""
		}
		for _, m := range f.Members {
			if w.stop.Load() {
				return
			}
			if len(m.Lists) == 0 {
				continue
			}
			for _, s := range togetherJoins(show(m.Name), show(m.Handle()), show(m.Affiliation)) {
				if w.stop.Load() {
					return
				}
				w.spelledAlone(s)
			}
		}
	}()
	return w
}

// Stop ends the reading ahead Prepare started; what it read stays.
func (w *Warm) Stop() {
	if w != nil {
		w.stop.Store(true)
	}
}
