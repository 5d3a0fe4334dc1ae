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
	var live atomic.Value
	live.Store(map[string]bool{"A": true, "B": true, "C": true, "D": true})
	o := &owners{n: 4, min: 1, group: "g@example.org", reread: func(context.Context) (map[string]bool, error) { return live.Load().(map[string]bool), nil }}
	first, _, err := o.lowerAfterReading(context.Background(), true, "A") // A's removal
	if err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() {
		release, _, err := o.lowerAfterReading(context.Background(), true, "D") // D's removal
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
	live.Store(map[string]bool{"D": true}) // A's removal landed; B and C were removed by hand
	first(true)
	if err := <-second; !errors.Is(err, ErrSkipped) {
		t.Errorf("the second departure was allowed (%v): the group would have no owner", err)
	}
}

// TestADepartureOfSomeoneNoLongerOwnerLowersNobody: another run took the
// owner off (or demoted them) since this one planned: the write lowers
// nobody, and is not refused for the owners the group has left.
func TestADepartureOfSomeoneNoLongerOwnerLowersNobody(t *testing.T) {
	o := &owners{n: 3, min: 2, group: "g@example.org", reread: func(context.Context) (map[string]bool, error) {
		return map[string]bool{"B": true, "C": true}, nil // A is gone already
	}}
	release, counted, err := o.lowerAfterReading(context.Background(), true, "A")
	if err != nil || counted {
		t.Fatalf("the removal of an owner already gone is refused (%v), or counted as a departure (%v), which afterDeparture would undo by making them owner", err, counted)
	}
	release(true)
	if _, _, err := o.lowerAfterReading(context.Background(), true, "B"); !errors.Is(err, ErrSkipped) {
		t.Errorf("B's departure, below min_owners, is allowed: %v", err)
	}
}
