package policies

import (
	"fmt"
	"hash/maphash"
	"testing"
)

// TestFirstSeenTellsKeysApartOnAHashTagMatch: two different keys whose
// hashes share the 32 bits a slot keeps and their first slot in a table
// of 8 (found by search: about one pair in 2^17.5 keys) are told apart
// by computing the earlier key again, and each is still found again.
func TestFirstSeenTellsKeysApartOnAHashTagMatch(t *testing.T) {
	seed := maphash.MakeSeed()
	byTag := map[uint64]string{} // hash tag and first slot -> key
	var a, b string
	for i := 0; a == ""; i++ {
		if i > 1<<24 {
			t.Fatal("no two keys with one hash tag and slot in 16M tries")
		}
		k := fmt.Sprintf("person%d@example.org", i)
		h := maphash.String(seed, k)
		tag := h>>32<<3 | h&7
		if prev, ok := byTag[tag]; ok {
			a, b = prev, k
		}
		byTag[tag] = k
	}
	keys := []string{a, b}
	tbl := newFirstSeen(len(keys))
	tbl.seed = seed
	recomputed := 0
	keyOf := func(i int) string { recomputed++; return keys[i] }
	if got := tbl.add(a, 0, keyOf); got != -1 {
		t.Fatalf("first key: %d, want -1", got)
	}
	if got := tbl.add(b, 1, keyOf); got != -1 || recomputed != 1 {
		t.Errorf("%s shares %s's hash tag and slot: index %d after %d look-ups, want -1 after 1", b, a, got, recomputed)
	}
	for i, k := range keys {
		if got := tbl.add(k, 2+i, keyOf); got != i {
			t.Errorf("%s again: %d, want %d", k, got, i)
		}
	}
}
