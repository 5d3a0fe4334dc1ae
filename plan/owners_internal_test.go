package plan

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// TestDeparturesCountTheOwnersOneAtATime: a second owner's departure,
// asked for while the first is being written, counts the owners only
// once the first has landed, and sees what happened meanwhile (two
// owners removed by hand): it is refused, where counting before the
// first landed would have let it take the group to no owner.
func TestDeparturesCountTheOwnersOneAtATime(t *testing.T) {
	var live atomic.Int32
	live.Store(4) // A, B, C, D
	o := &owners{n: 4, min: 1, group: "g@example.org", reread: func(context.Context) (int, error) { return int(live.Load()), nil }}
	first, err := o.lowerAfterReading(context.Background(), true) // A's removal
	if err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() {
		release, err := o.lowerAfterReading(context.Background(), true) // D's removal
		if err == nil {
			release(true)
		}
		second <- err
	}()
	select {
	case err := <-second:
		t.Fatalf("the second departure was decided while the first was in flight: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	live.Store(1) // A's removal landed; B and C were removed by hand
	first(true)
	if err := <-second; !errors.Is(err, ErrSkipped) {
		t.Errorf("the second departure was allowed (%v): the group would have no owner", err)
	}
}
