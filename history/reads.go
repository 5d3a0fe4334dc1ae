package history

import (
	"context"
	"strings"
	"sync"
)

// Reads remembers, for one run of a command, what git answered: the
// repository does not change under a command (roster never commits), so
// a question asked twice (where the top is, what HEAD is, a file's
// log, an object's contents) is asked of git once, and one cat-file
// process serves every reader of a directory. A use case of a dozen
// history reads started a git process for each step of each; it starts
// one per distinct question. Only questions about commits are
// remembered: none that reads the working tree or the index, which an
// edit writes mid-run.
type Reads struct {
	mu   sync.Mutex
	runs map[string]*answer
	cats map[string]*catFile
}

// answer is one git command's output and error, computed once.
type answer struct {
	once sync.Once
	out  []byte
	err  error
}

type readsKey struct{}

// WithReads returns ctx carrying a fresh Reads, and the function that
// ends it (stops the cat-file processes it started): call it when the
// command is done. Everything history does with the returned context
// shares the answers.
func WithReads(ctx context.Context) (context.Context, func()) {
	r := &Reads{runs: map[string]*answer{}, cats: map[string]*catFile{}}
	return context.WithValue(ctx, readsKey{}, r), r.close
}

func readsOf(ctx context.Context) *Reads {
	r, _ := ctx.Value(readsKey{}).(*Reads)
	return r
}

// remembered are the git commands whose answer depends on commits and
// configuration alone.
var remembered = map[string]bool{"rev-parse": true, "log": true, "rev-list": true, "merge-base": true, "ls-tree": true, "diff-tree": true, "config": true}

// memo runs git through do once per (dir, args) in ctx's Reads, or
// every time without one or for a command that reads the working tree.
func memo(ctx context.Context, dir string, args []string, do func() ([]byte, error)) ([]byte, error) {
	r := readsOf(ctx)
	if r == nil || len(args) == 0 || !remembered[args[0]] {
		return do()
	}
	key := dir + "\x00" + strings.Join(args, "\x00")
	r.mu.Lock()
	a := r.runs[key]
	if a == nil {
		a = &answer{}
		r.runs[key] = a
	}
	r.mu.Unlock()
	a.once.Do(func() { a.out, a.err = do() })
	// Callers own what they are given: a copy, so that none can change
	// another's.
	return append([]byte(nil), a.out...), a.err
}

// catFileOf returns the cat-file process of dir that r shares, started
// on first use.
func (r *Reads) catFileOf(ctx context.Context, dir string) (*catFile, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c := r.cats[dir]; c != nil {
		return c, nil
	}
	c, err := startCatFile(ctx, dir)
	if err != nil {
		return nil, err
	}
	r.cats[dir] = c
	return c, nil
}

func (r *Reads) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for dir, c := range r.cats {
		c.close()
		delete(r.cats, dir)
	}
}
