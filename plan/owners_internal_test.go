package plan

import (
	"context"
	"errors"
	"strings"
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

// TestOwnersAfter counts people, not spellings: o1@ and o1+x@ are one
// mailbox, so taking one spelling off (or demoting it) leaves o1 an
// owner, and promoting a second spelling of an owner makes no new one.
func TestOwnersAfter(t *testing.T) {
	o1 := map[string]int{"o1@example.org": 2, "o2@example.org": 1, "o3@example.org": 1}
	tests := []struct {
		name    string
		owners  int
		entries map[string]int
		cs      []Change
		want    int
	}{
		{"nothing", 2, nil, nil, 2},
		{"an owner added", 1, nil, []Change{{Action: ActionAdd, Role: "owner"}}, 2},
		{"a member added", 1, nil, []Change{{Action: ActionAdd, Role: "member"}}, 1},
		{"an owner removed", 2, nil, []Change{{Action: ActionRemove, PreviousRole: "owner"}}, 1},
		{"a member removed", 2, nil, []Change{{Action: ActionRemove, PreviousRole: "member"}}, 2},
		{"a promotion", 1, nil, []Change{{Action: ActionSetRole, Role: "owner", PreviousRole: "manager"}}, 2},
		{"a demotion", 2, nil, []Change{{Action: ActionSetRole, Role: "manager", PreviousRole: "owner"}}, 1},
		{"manager to member", 2, nil, []Change{{Action: ActionSetRole, Role: "member", PreviousRole: "manager"}}, 2},
		{"swap", 1, nil, []Change{{Action: ActionAdd, Role: "owner"}, {Action: ActionRemove, PreviousRole: "owner"}}, 1},
		{"a second spelling of an owner removed", 3, o1, []Change{{Action: ActionRemove, Email: "o1+x@example.org", PreviousRole: "owner"}}, 3},
		{"a second spelling and another owner removed", 3, o1, []Change{
			{Action: ActionRemove, Email: "o1+x@example.org", PreviousRole: "owner"},
			{Action: ActionRemove, Email: "o2@example.org", PreviousRole: "owner"}}, 2},
		{"both spellings removed", 3, o1, []Change{
			{Action: ActionRemove, Email: "o1+x@example.org", PreviousRole: "owner"},
			{Action: ActionRemove, Email: "O1@example.org", PreviousRole: "owner"}}, 2},
		{"a second spelling demoted", 3, o1, []Change{{Action: ActionSetRole, Email: "o1+x@example.org", Role: "member", PreviousRole: "owner"}}, 3},
		{"an owner's other spelling promoted", 3, map[string]int{"o1@example.org": 1, "o2@example.org": 1, "o3@example.org": 1}, []Change{{Action: ActionSetRole, Email: "o1+y@example.org", Role: "owner", PreviousRole: "member"}}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &List{liveOwners: tt.owners, ownerEntries: tt.entries}
			if got := l.ownersAfterAll(tt.cs); got != tt.want {
				t.Errorf("ownersAfterAll = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestAnOwnersCountThatCannotBeReadFailsTheDeparture: after an owner's
// departure the owners are counted again; a count that cannot be read
// fails the change, saying so (a run must not end green on a group it
// cannot tell is still owned), and puts nobody back on no count.
func TestAnOwnersCountThatCannotBeReadFailsTheDeparture(t *testing.T) {
	o := &owners{n: 3, min: 2, group: "g@example.org", reread: func(context.Context) (map[string]liveOwner, error) {
		return nil, errors.New("HTTP 503")
	}}
	restored := false
	err := o.afterDeparture(context.Background(), "own@example.org", func(context.Context) error { restored = true; return nil })
	if err == nil || !strings.Contains(err.Error(), "could not be counted again") || restored {
		t.Errorf("err %v, restored %v", err, restored)
	}
}
