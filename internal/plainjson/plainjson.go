// Package plainjson marshals the way roster's documents are encoded,
// for the MarshalJSON methods of the values inside them.
package plainjson

import (
	"bytes"
	"encoding/json"
)

// Marshal is json.Marshal without HTML escaping: roster's documents are
// encoded with SetEscapeHTML(false), and a document compacts what a
// value's MarshalJSON returns, it does not undo its escapes ("<" would
// stay "\u003c").
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte{'\n'}), nil
}
