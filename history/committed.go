package history

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Uncommitted reports whether data, the members file at path as it is
// in the working tree, differs from the version committed at HEAD: one
// git rev-parse for the committed blob's id, compared with data's id
// computed here (git's blob hash, SHA-1 or SHA-256 by the repository's
// object format). Outside git, before the first commit, or for a file
// never committed, it is false: there is no committed version to
// differ from.
func Uncommitted(ctx context.Context, dir, path string, data []byte) (bool, error) {
	r, _, err := openAny(ctx, dir)
	if err != nil || r.head == "" {
		if errors.Is(err, ErrNotInGit) {
			return false, nil
		}
		return false, err
	}
	top, err := r.top(path)
	if err != nil {
		return false, err
	}
	out, err := run(ctx, r.dir, "rev-parse", "--verify", "--quiet", "--end-of-options", r.head+":"+top)
	if err != nil {
		var ge *gitError
		if errors.As(err, &ge) && ge.code == 1 {
			return false, nil // not in HEAD
		}
		return false, err
	}
	id := strings.TrimSpace(string(out))
	header := []byte(fmt.Sprintf("blob %d\x00", len(data)))
	var sum string
	switch len(id) {
	case 40:
		h := sha1.New()
		h.Write(header)
		h.Write(data)
		sum = hex.EncodeToString(h.Sum(nil))
	case 64:
		h := sha256.New()
		h.Write(header)
		h.Write(data)
		sum = hex.EncodeToString(h.Sum(nil))
	default:
		return false, fmt.Errorf("git rev-parse %s: unexpected object id %q", top, clip(id))
	}
	return sum != id, nil
}
