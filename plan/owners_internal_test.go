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
	live.Store(map[string]liveOwner{"A": {"a", true, true}, "B": {"b", true, true}, "C": {"c", true, true}, "D": {"d", true, true}})
	o := &owners{n: 4, min: 1, group: "g@example.org", reread: func(context.Context) (map[string]liveOwner, error) { return live.Load().(map[string]liveOwner), nil }}
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
	live.Store(map[string]liveOwner{"D": {"d", true, true}}) // A's removal landed; B and C were removed by hand
	first(true)
	if err := <-second; !errors.Is(err, ErrSkipped) {
		t.Errorf("the second departure was allowed (%v): the group would have no owner", err)
	}
}

// TestADepartureOfSomeoneNoLongerOwnerLowersNobody: another run took the
// owner off (or demoted them) since this one planned: the write lowers
// nobody, and is not refused for the owners the group has left.
func TestADepartureOfSomeoneNoLongerOwnerLowersNobody(t *testing.T) {
	o := &owners{n: 3, min: 2, group: "g@example.org", reread: func(context.Context) (map[string]liveOwner, error) {
		return map[string]liveOwner{"B": {"b", true, true}, "C": {"c", true, true}}, nil // A is gone already
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

// TestTwoSpellingsOfOneOwnerAreOneOwner: o1@ and o1+x@ on the group are
// one person; taking either off lowers nobody, and taking the other
// owner off is refused at min_owners 2.
func TestTwoSpellingsOfOneOwnerAreOneOwner(t *testing.T) {
	o := &owners{n: 2, min: 2, group: "g@example.org", reread: func(context.Context) (map[string]liveOwner, error) {
		return map[string]liveOwner{"O1": {"o1@example.org", true, true}, "O1X": {"o1@example.org", true, true}, "BOSS": {"boss@example.org", true, true}}, nil
	}}
	if _, _, err := o.lowerAfterReading(context.Background(), true, "BOSS"); !errors.Is(err, ErrSkipped) {
		t.Errorf("boss's departure leaves one person owning the group under two spellings, and is allowed: %v", err)
	}
	release, _, err := o.lowerAfterReading(context.Background(), true, "O1X")
	if err != nil {
		t.Errorf("o1+x's departure, o1 staying, is refused: %v", err)
	} else {
		release(false)
	}
}

// TestAWalkInOwnerStandsInForNobody: a walk-in owner (not counted) does
// not let a counted owner leave below min_owners, and their own leaving
// lowers the count of people owning the group, which must hold too.
func TestAWalkInOwnerStandsInForNobody(t *testing.T) {
	o := &owners{n: 3, min: 2, group: "g@example.org", reread: func(context.Context) (map[string]liveOwner, error) {
		return map[string]liveOwner{"ADA": {"ada@example.org", true, true}, "BOSS": {"boss@example.org", true, true}, "MAL": {"mallory@example.org", false, false}}, nil
	}}
	if _, _, err := o.lowerAfterReading(context.Background(), true, "BOSS"); !errors.Is(err, ErrSkipped) {
		t.Errorf("boss's departure leaves one owner the file admits beside a walk-in, and is allowed: %v", err)
	}
	release, _, err := o.lowerAfterReading(context.Background(), true, "MAL")
	if err != nil {
		t.Errorf("the walk-in's departure, two admitted owners staying, is refused: %v", err)
	} else {
		release(false)
	}
	two := &owners{n: 2, min: 2, group: "g@example.org", reread: func(context.Context) (map[string]liveOwner, error) {
		return map[string]liveOwner{"ADA": {"ada@example.org", true, true}, "MAL": {"mallory@example.org", false, false}}, nil
	}}
	if _, _, err := two.lowerAfterReading(context.Background(), true, "MAL"); !errors.Is(err, ErrSkipped) {
		t.Errorf("the walk-in's departure leaves one person owning the group, and is allowed: %v", err)
	}
}
