package history

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// Blobs reads object contents through a `git cat-file --batch`
// process: its own, or the one its context's Reads shares.
type Blobs struct {
	cat   *catFile
	owned bool   // the process is this Blobs' own: Close stops it
	buf   []byte // reused between reads; see Read
}

// catFile is one cat-file process; mu keeps one read at a time on its
// pipes, for every Blobs that shares it.
type catFile struct {
	mu  sync.Mutex
	ctx context.Context
	dir string
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	// pending are the objects asked for ahead (Prefetch) whose answers
	// are next on out, in order.
	pending []string
}

// errMissing is an object the repository does not have; errCatFile, the
// cat-file process failing.
var (
	errMissing = errors.New("no such object in the repository")
	errCatFile = errors.New("git cat-file")
)

// Unreadable reports whether err says history git could not read: an
// object missing, a partial clone, the object reader failing. Such a
// history is no history with nothing in it, and a caller that would
// read its absence as "no list then" must say it instead.
func Unreadable(err error) bool {
	return errors.Is(err, errMissing) || errors.Is(err, errCatFile) || errors.Is(err, ErrPartial)
}

// unreadable reports whether err means the history cannot be read on
// (Unreadable, or the run cancelled), as opposed to a version that does
// not parse, which is skipped.
func unreadable(ctx context.Context, err error) bool {
	return Unreadable(err) || ctx.Err() != nil
}

// OpenBlobs returns a reader of objects in dir: the cat-file process
// ctx's Reads shares (WithReads), or one of its own, which Close stops.
func OpenBlobs(ctx context.Context, dir string) (*Blobs, error) {
	if r := readsOf(ctx); r != nil {
		c, err := r.catFileOf(ctx, dir)
		if err != nil {
			return nil, err
		}
		return &Blobs{cat: c}, nil
	}
	c, err := startCatFile(ctx, dir)
	if err != nil {
		return nil, err
	}
	return &Blobs{cat: c, owned: true}, nil
}

// startCatFile starts a cat-file process in dir.
func startCatFile(ctx context.Context, dir string) (*catFile, error) {
	cmd := command(ctx, dir, "cat-file", "--batch")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start git cat-file: %w", err)
	}
	if f, ok := out.(*os.File); ok {
		// Room in the pipe for a whole version, which git writes while
		// the last one is read (Prefetch); where the system says no,
		// the reads are only slower.
		widenPipe(f)
	}
	return &catFile{ctx: ctx, dir: dir, cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<16)}, nil
}

func (c *catFile) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	// An answer asked for ahead and never read would keep git writing
	// into a full pipe, and Wait waiting for it.
	c.drain()
	c.in.Close()
	return c.cmd.Wait()
}

// ReadAtMost returns the content of an object of at most limit bytes,
// its own copy; a larger one is refused without being held in memory.
func (b *Blobs) ReadAtMost(object string, limit int) ([]byte, error) {
	b.cat.mu.Lock()
	defer b.cat.mu.Unlock()
	return b.cat.readRawAtMost(object, nil, limit)
}

// Read returns the content of an object: a blob id, or "REV:PATH". The
// bytes are valid until the next Read: history reads a thousand versions
// of a file one after the other and keeps none of them.
func (b *Blobs) Read(object string) ([]byte, error) {
	data, err := b.readInto(object, b.buf)
	if data != nil {
		b.buf = data
	}
	return data, err
}

// partialClone reports whether the repository at dir was cloned with a
// filter (git clone --filter=blob:none): old versions of files are not
// in it.
func partialClone(ctx context.Context, dir string) bool {
	// A remote marked promisor (git 2.20 and later), or the older
	// extensions.partialClone naming one.
	out, err := run(ctx, dir, "config", "--get-regexp", `^(extensions\.partialclone|remote\..*\.promisor)$`)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		key, value, _ := strings.Cut(line, " ")
		if key == "extensions.partialclone" && value != "" || strings.HasSuffix(key, ".promisor") && value == "true" {
			return true
		}
	}
	return false
}

// readInto reads an object into dst's storage when it is large enough,
// else into a new buffer, and returns it.
func (b *Blobs) readInto(object string, dst []byte) ([]byte, error) {
	b.cat.mu.Lock()
	data, err := b.cat.readRaw(object, dst)
	b.cat.mu.Unlock()
	if err != nil && partialClone(b.cat.ctx, b.cat.dir) {
		// The object is not here because the clone left it out, and
		// roster never lets git fetch: say so, not "EOF".
		err = fmt.Errorf("%w (%w)", ErrPartial, err)
	}
	return data, err
}

// Stat returns the id and type ("blob", "tree", ...) of an object (a
// blob id, or "REV:PATH"), reading past its content; errMissing when
// the repository has no such object.
func (b *Blobs) Stat(object string) (id, typ string, err error) {
	b.cat.mu.Lock()
	defer b.cat.mu.Unlock()
	id, typ, size, err := b.cat.header(object)
	if err != nil {
		return "", "", err
	}
	if _, err := io.CopyN(io.Discard, b.cat.out, int64(size)+1); err != nil {
		return "", "", fmt.Errorf("%w: %w", errCatFile, err)
	}
	return id, typ, nil
}

// header asks for an object and reads the header cat-file answers with;
// its content (size bytes and a newline) is next on out.
func (b *catFile) header(object string) (id, typ string, size int, err error) {
	if strings.ContainsAny(object, "\n\x00") {
		return "", "", 0, fmt.Errorf("%q: %w", object, errMissing)
	}
	if len(b.pending) > 0 && b.pending[0] == object {
		b.pending = b.pending[1:]
	} else {
		if err := b.drain(); err != nil {
			return "", "", 0, err
		}
		if _, err := io.WriteString(b.in, object+"\n"); err != nil {
			return "", "", 0, fmt.Errorf("%w: %w", errCatFile, err)
		}
	}
	return b.answer(object)
}

// drain reads past the answers to the objects asked for ahead that
// no read took.
func (b *catFile) drain() error {
	for len(b.pending) > 0 {
		object := b.pending[0]
		b.pending = b.pending[1:]
		_, _, size, err := b.answer(object)
		if errors.Is(err, errMissing) {
			continue
		} else if err != nil {
			return err
		}
		if _, err := io.CopyN(io.Discard, b.out, int64(size)+1); err != nil {
			return fmt.Errorf("%w: %w", errCatFile, err)
		}
	}
	return nil
}

// Prefetch asks for object ahead of its Read: git writes it while the
// caller works on the last one read.
func (b *Blobs) Prefetch(object string) {
	b.cat.mu.Lock()
	defer b.cat.mu.Unlock()
	if object == "" || strings.ContainsAny(object, "\n\x00") || len(b.cat.pending) > 0 {
		return
	}
	if _, err := io.WriteString(b.cat.in, object+"\n"); err == nil {
		b.cat.pending = append(b.cat.pending, object)
	}
}

// answer reads the header of the next answer on out.
func (b *catFile) answer(object string) (id, typ string, size int, err error) {
	header, err := b.out.ReadString('\n')
	if err != nil {
		return "", "", 0, fmt.Errorf("%w: %w", errCatFile, err)
	}
	f := strings.Fields(header)
	if len(f) >= 2 && (f[len(f)-1] == "missing" || f[len(f)-1] == "ambiguous") {
		return "", "", 0, fmt.Errorf("%s: %w", object, errMissing)
	}
	if len(f) != 3 {
		return "", "", 0, fmt.Errorf("%w: unexpected header %q", errCatFile, header)
	}
	size, err = strconv.Atoi(f[2])
	if err != nil || size < 0 {
		return "", "", 0, fmt.Errorf("%w: bad size in %q", errCatFile, header)
	}
	return f[0], f[1], size, nil
}

func (b *catFile) readRaw(object string, dst []byte) ([]byte, error) {
	return b.readRawAtMost(object, dst, -1)
}

// readRawAtMost is readRaw of an object of at most limit bytes (none
// when limit < 0); a larger one is read past, never into memory, and
// refused.
func (b *catFile) readRawAtMost(object string, dst []byte, limit int) ([]byte, error) {
	_, _, size, err := b.header(object)
	if err != nil {
		return nil, err
	}
	if limit >= 0 && size > limit {
		if _, err := io.CopyN(io.Discard, b.out, int64(size)+1); err != nil {
			return nil, fmt.Errorf("%w: %w", errCatFile, err)
		}
		return nil, fmt.Errorf("%s is %d bytes, more than the %d roster reads of such a file", object, size, limit)
	}
	if cap(dst) < size+1 {
		dst = make([]byte, size+1+size/4)
	}
	data := dst[:size+1] // content and its trailing newline
	if _, err := io.ReadFull(b.out, data); err != nil {
		return nil, fmt.Errorf("%w: %w", errCatFile, err)
	}
	return data[:size], nil
}

// Close stops the process, when it is this Blobs' own; a shared one
// runs until its Reads ends.
func (b *Blobs) Close() error {
	if !b.owned {
		return nil
	}
	return b.cat.close()
}
