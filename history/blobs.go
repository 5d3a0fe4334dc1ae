package history

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
)

// Blobs reads object contents through one `git cat-file --batch` process.
type Blobs struct {
	ctx context.Context
	dir string
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	buf []byte // reused between reads; see Read
}

// errMissing is an object the repository does not have; errCatFile, the
// cat-file process failing.
var (
	errMissing = errors.New("no such object in the repository")
	errCatFile = errors.New("git cat-file")
)

// unreadable reports whether err means the history cannot be read on (an
// object missing, cat-file failing, the run cancelled), as opposed to a
// version that does not parse, which is skipped.
func unreadable(ctx context.Context, err error) bool {
	return errors.Is(err, errMissing) || errors.Is(err, errCatFile) || ctx.Err() != nil
}

// OpenBlobs starts the cat-file process in dir.
func OpenBlobs(ctx context.Context, dir string) (*Blobs, error) {
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
	return &Blobs{ctx: ctx, dir: dir, cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<16)}, nil
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
	data, err := b.readRaw(object, dst)
	if err != nil && partialClone(b.ctx, b.dir) {
		// The object is not here because the clone left it out, and
		// roster never lets git fetch: say so, not "EOF".
		err = fmt.Errorf("%w (%w)", ErrPartial, err)
	}
	return data, err
}

func (b *Blobs) readRaw(object string, dst []byte) ([]byte, error) {
	if strings.ContainsAny(object, "\n\x00") {
		return nil, fmt.Errorf("%q: %w", object, errMissing)
	}
	if _, err := io.WriteString(b.in, object+"\n"); err != nil {
		return nil, fmt.Errorf("%w: %w", errCatFile, err)
	}
	header, err := b.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errCatFile, err)
	}
	f := strings.Fields(header)
	if len(f) >= 2 && (f[len(f)-1] == "missing" || f[len(f)-1] == "ambiguous") {
		return nil, fmt.Errorf("%s: %w", object, errMissing)
	}
	if len(f) != 3 {
		return nil, fmt.Errorf("%w: unexpected header %q", errCatFile, header)
	}
	size, err := strconv.Atoi(f[2])
	if err != nil || size < 0 {
		return nil, fmt.Errorf("%w: bad size in %q", errCatFile, header)
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

// Close stops the process.
func (b *Blobs) Close() error {
	b.in.Close()
	return b.cmd.Wait()
}
