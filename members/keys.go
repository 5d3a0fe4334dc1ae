package members

import (
	"fmt"
	"math"
	"slices"
)

// Where each key of an element is written is kept compactly: a file of
// 200k members holds two million keys, and at a string and a full Pos each
// (40 bytes) their positions were most of the parsed file's memory. A key
// is one of the few dozen names the schema defines, so it is stored as an
// index into keyNames, and its position in 32-bit fields (Parse refuses
// files over MaxFileSize, so they cannot overflow).

// MaxFileSize is the largest members file Parse reads: a gigabyte, far
// beyond any real list (a million members is about 300 MB).
const MaxFileSize = 1 << 30

// keyNames are the keys any table in a members file may have; a key's id
// is its index. Only these are recorded: any other key is an error before
// it would be.
var keyNames = func() []string {
	names := []string{"schema", "lists", "policies", "member"}
	for _, group := range [][]string{listKeys, PolicyKeys, settingKeyNames(), memberKeys, vettingKeys} {
		for _, k := range group {
			if !slices.Contains(names, k) {
				names = append(names, k)
			}
		}
	}
	if len(names) > math.MaxUint8 {
		panic(fmt.Sprintf("members: %d key names do not fit a key id", len(names)))
	}
	return names
}()

// keyID returns the id of a key name, or false for a name the schema does
// not define.
func keyID(name string) (uint8, bool) {
	i := slices.Index(keyNames, name)
	return uint8(i), i >= 0
}

// keyAt is one key of an element and where it is written; an edit's new
// keys have no position (line 0).
type keyAt struct {
	id             uint8
	line, col, off int32
}

func (k keyAt) pos() Pos { return Pos{Line: int(k.line), Col: int(k.col), Offset: int(k.off)} }

// keyStore carves the keys of every element out of shared chunks. An
// element's keys are written one after another, so each element's slice is
// a run of a chunk, capped at its own length: no element pays for slots it
// does not use, and a later append to one element's keys (an edit) copies
// instead of overwriting its neighbour's.
type keyStore struct {
	chunk []keyAt
	owner *Located // the element whose keys end the chunk
	start int      // where owner's keys begin in chunk
}

// add records that loc has key name at p. fileSize sizes new chunks.
func (s *keyStore) add(loc *Located, name string, p Pos, fileSize int) {
	id, ok := keyID(name)
	if !ok {
		return
	}
	k := keyAt{id: id, line: int32(p.Line), col: int32(p.Col), off: int32(p.Offset)}
	if loc != s.owner || len(s.chunk) == cap(s.chunk) {
		// A new element, or the chunk is full: start a run at the end of
		// a chunk with room for the element's keys so far and this one.
		need := len(loc.keys) + 1
		if cap(s.chunk)-len(s.chunk) < need {
			// About one key per 30 bytes of text, in chunks of at most
			// 4096 keys: a one-member document does not pay for a large
			// file's chunk.
			s.chunk = make([]keyAt, 0, max(need, min(4096, 8+fileSize/30)))
		}
		s.start = len(s.chunk)
		s.chunk = append(s.chunk, loc.keys...)
		s.owner = loc
	}
	s.chunk = append(s.chunk, k)
	loc.keys = s.chunk[s.start:len(s.chunk):len(s.chunk)]
}

// withKeys returns keys with names appended, without positions: the keys
// an edit writes.
func withKeys(keys []keyAt, names ...string) []keyAt {
	for _, name := range names {
		if id, ok := keyID(name); ok {
			keys = append(keys, keyAt{id: id})
		}
	}
	return keys
}
