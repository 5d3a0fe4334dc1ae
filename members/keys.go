package members

import (
	"fmt"
	"math"
	"slices"
)

// Where each key of an element is written is kept compactly: a file of a
// million members holds ten million keys, and at a string and a full Pos
// each (40 bytes) their positions were most of the parsed file's memory.
// A key is one of the few dozen names the schema defines, so it is stored
// as an index into keyNames; its position takes 8 bytes: its byte offset
// (Parse refuses files over MaxFileSize, so it fits 32 bits), its column,
// and its line as a distance from the first key of its element, whose
// line the element's run of keys starts with (see keyAt).

// MaxFileSize is the largest members file Parse reads: a gigabyte, far
// beyond any real list (a million members is about 300 MB).
const MaxFileSize = 1 << 30

// keyNames are the keys any table in a members file may have; a key's id
// is its index. Only these are recorded: any other key is an error before
// it would be.
var keyNames = func() []string {
	names := []string{"schema", "admins", "lists", "policies", "member"}
	for _, group := range [][]string{listKeys, policyKeys, settingKeyNames(), memberKeys, vettingKeys} {
		for _, k := range group {
			if !slices.Contains(names, k) {
				names = append(names, k)
			}
		}
	}
	if len(names) >= noKey {
		panic(fmt.Sprintf("members: %d key names do not fit a key id", len(names)))
	}
	return names
}()

// noKey is the id of a key the schema does not define.
const noKey = math.MaxUint8

// keyIDs maps each key name to its id.
var keyIDs = func() map[string]uint8 {
	m := make(map[string]uint8, len(keyNames))
	for i, k := range keyNames {
		m[k] = uint8(i)
	}
	return m
}()

// The ids of the keys every member and record has, looked up without a
// map in keyName.
var (
	idEmail       = mustKeyID("email")
	idName        = mustKeyID("name")
	idGitHub      = mustKeyID("github")
	idAffiliation = mustKeyID("affiliation")
	idLists       = mustKeyID("lists")
	idVetting     = mustKeyID("vetting")
	idBy          = mustKeyID("by")
	idOn          = mustKeyID("on")
	idMethod      = mustKeyID("method")
	idNote        = mustKeyID("note")
	idEvidence    = mustKeyID("evidence")
	idMember      = mustKeyID("member")
)

func mustKeyID(name string) uint8 {
	id, ok := keyID(name)
	if !ok {
		panic("members: no key id for " + name)
	}
	return id
}

// keyID returns the id of a key name, or false for a name the schema does
// not define.
func keyID(name string) (uint8, bool) {
	id, ok := keyIDs[name]
	return id, ok
}

// keyName returns a key the schema defines as its shared name, and its
// id, so that a file of 100k members does not allocate a copy of "email"
// for each; for any other key (a list id in a member's lists), "" and
// noKey.
func keyName(b []byte) (string, uint8) {
	switch string(b) {
	case "email":
		return "email", idEmail
	case "name":
		return "name", idName
	case "github":
		return "github", idGitHub
	case "affiliation":
		return "affiliation", idAffiliation
	case "lists":
		return "lists", idLists
	case "vetting":
		return "vetting", idVetting
	case "by":
		return "by", idBy
	case "on":
		return "on", idOn
	case "method":
		return "method", idMethod
	case "note":
		return "note", idNote
	case "evidence":
		return "evidence", idEvidence
	case "member":
		return "member", idMember
	}
	if id, ok := keyIDs[string(b)]; ok {
		return keyNames[id], id
	}
	return "", noKey
}

// keyAt is one slot of an element's run of keys, 8 bytes:
//
//   - the run starts with a base slot (id noKey) whose off is the line
//     of the element's first key;
//   - a key is one slot: its id, its line as base+dline, its column and
//     its offset;
//   - a key more than 254 lines from the base, or past column 65534, is
//     wide: its slot has col == wideCol, and the two slots after it hold
//     its line and its column in off;
//   - an edit's new keys have no position: col 0, and no base slot is
//     needed for them.
type keyAt struct {
	id    uint8
	dline uint8
	col   uint16
	off   uint32
}

const (
	maxDline = math.MaxUint8 - 1
	wideCol  = math.MaxUint16
)

// pos decodes the key in slot i of keys, whose base line is base, and
// returns the last slot it takes.
func (k keyAt) pos(keys []keyAt, i, base int) (Pos, int) {
	switch {
	case k.col == 0:
		return Pos{}, i
	case k.col == wideCol && i+2 < len(keys):
		return Pos{Line: int(keys[i+1].off), Col: int(keys[i+2].off), Offset: int(k.off)}, i + 2
	}
	return Pos{Line: base + int(k.dline), Col: int(k.col), Offset: int(k.off)}, i
}

// encodeKey appends the slots of a key at p to an element's run.
func encodeKey(keys []keyAt, id uint8, p Pos) []keyAt {
	if !p.IsValid() {
		return append(keys, keyAt{id: id})
	}
	if len(keys) == 0 || keys[0].id != noKey {
		if len(keys) == 0 {
			keys = append(keys, keyAt{id: noKey, off: uint32(p.Line)})
		} else {
			// Keys without positions come first: a base of 0 makes
			// this key wide, which is right and rare.
			keys = slices.Insert(keys, 0, keyAt{id: noKey})
		}
	}
	base := int(keys[0].off)
	if d := p.Line - base; d >= 0 && d <= maxDline && p.Col > 0 && p.Col < wideCol {
		return append(keys, keyAt{id: id, dline: uint8(d), col: uint16(p.Col), off: uint32(p.Offset)})
	}
	return append(keys, keyAt{id: id, col: wideCol, off: uint32(p.Offset)},
		keyAt{id: noKey - 1, off: uint32(p.Line)}, keyAt{id: noKey - 1, off: uint32(p.Col)})
}

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

// add records that loc has the key with the given id at p. fileSize
// sizes new chunks.
func (s *keyStore) add(loc *Located, id uint8, p Pos, fileSize int) {
	if id == noKey {
		return
	}
	if loc != s.owner || cap(s.chunk)-len(s.chunk) < 4 {
		// A new element, or the chunk is (nearly) full: start a run at
		// the end of a chunk with room for the element's keys so far
		// and this one (a base slot, and three for a wide key).
		need := len(loc.keys) + 4
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
	run := encodeKey(s.chunk[s.start:len(s.chunk)], id, p)
	s.chunk = s.chunk[:s.start+len(run)]
	loc.keys = s.chunk[s.start:len(s.chunk):len(s.chunk)]
}

// keyPos returns where the key with the given id of an element is
// written.
func (l *Located) keyPos(id uint8) (Pos, bool) {
	base := 0
	for i := 0; i < len(l.keys); i++ {
		k := l.keys[i]
		switch {
		case k.id == noKey:
			base = int(k.off)
		case k.id == id:
			p, _ := k.pos(l.keys, i, base)
			return p, true
		case k.col == wideCol:
			i += 2
		}
	}
	return Pos{}, false
}

// withKeys returns keys with names appended, without positions: the keys
// an edit writes.
func withKeys(keys []keyAt, names ...string) []keyAt {
	for _, name := range names {
		if id, ok := keyID(name); ok {
			keys = encodeKey(keys, id, Pos{})
		}
	}
	return keys
}
