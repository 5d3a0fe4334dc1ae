// Package history answers "who was on the list, and who changed that" from
// the git history of a members file, through the git command: one
// `git log` for the commits that touched the file (following renames) and
// one long-lived `git cat-file --batch` for their contents. Each distinct
// version is read once, and consecutive versions are compared by member,
// never by text.
//
// Every git process is built by one function, command, which pins the
// configuration keys that could run a program or change what git prints
// (see safeConfig), so that a repository's own configuration cannot make
// roster run anything or read another history.
package history

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/members"
)

// ErrNotInGit is returned when the file is not in a git repository.
var ErrNotInGit = errors.New("not in a git repository")

// ErrShallow is returned for a shallow clone: its history stops short, and
// every member would be credited to whoever made the oldest commit it has.
var ErrShallow = errors.New("the repository is a shallow clone; history needs the full history: set fetch-depth: 0 on actions/checkout, or run git fetch --unshallow")

// ErrPartial is returned when a version of the file is not in a partial
// clone (git clone --filter): roster never lets git fetch it.
var ErrPartial = errors.New("the repository is a partial clone (git clone --filter), which leaves out old versions of files, and roster never fetches; history needs every version: clone it again without --filter (on actions/checkout, leave filter unset and set fetch-depth: 0)")

// ErrBadRevision is returned for a revision argument that names no
// commit, or that git would read as an option.
var ErrBadRevision = errors.New("not a revision")

// ErrUntracked is returned when the file has no commits on the current
// line: git knows nothing of its earlier versions.
var ErrUntracked = errors.New("the members file has no commits in git")

// ErrNotThen: the file's own history does not reach the revision asked
// for (it was created later, or came from a rename git could not pair
// with one file). Its lists may have been in other files then
// (MovedListsAt).
var ErrNotThen = errors.New("did not exist")

// ErrUnparsable: the file at the revision asked for does not parse. Base
// at that revision gives the last version before it that does, as sync
// left the groups then.
var ErrUnparsable = errors.New("does not parse")

// ErrNoCommits is returned when the repository (its current branch) has
// no commits yet, as right after git init. It wraps ErrUntracked, so a
// caller that handles "the file has no history" handles it too.
var ErrNoCommits error = untracked{"the repository has no commits yet: commit the members file first"}

// untracked is an error that is ErrUntracked to errors.Is without
// saying its words: "no commits in git" is not what a file that has
// commits on another branch, or a repository with none at all, should
// be told.
type untracked struct{ msg string }

func (e untracked) Error() string        { return e.msg }
func (e untracked) Is(target error) bool { return target == ErrUntracked }

// safeConfig pins, for every git command roster runs, the configuration
// that could run a program or change what git prints. Values given with
// -c override every configuration file (system, global, the repository's
// own .git/config and its includes), so a hostile repository cannot undo
// them; the system and global files are still read, for safe.directory.
// Each line says what the key would otherwise do.
var safeConfig = []string{
	"core.fsmonitor=false",         // a hook program (or a daemon) run by commands that read the index
	"core.hooksPath=" + noSuchPath, // hooks (none of roster's commands runs one; belt and braces)
	"core.pager=cat",               // a pager program (also --no-pager)
	"log.showSignature=false",      // runs gpg.program / gpg.ssh.program / gpg.x509.program on signed commits, and prints its output
	"log.mailmap=false",            // rewrites authors from a .mailmap file the repository controls
	"log.follow=false",             // --follow only where roster asks for it
	"log.showRoot=true",            // false hides the root commit's diff: the file's creation would read as a deletion
	"diff.relative=false",          // true prints paths relative to the directory git runs in, and hides the rest
	"diff.renames=true",            // rename detection for --follow's raw entries
	"i18n.logOutputEncoding=UTF-8", // re-encodes names and subjects
	"color.ui=false",               // escape sequences in the output
	"gc.auto=0",                    // background garbage collection
	"maintenance.auto=false",       // background maintenance
	// A missing object in a partial clone is fetched from its promisor
	// remote, which runs core.sshCommand, remote.*.uploadpack or a remote
	// helper: history never reaches the network. protocol.<name>.allow
	// from the repository would win over protocol.allow, so each is pinned.
	"protocol.allow=never",
	"protocol.file.allow=never",
	"protocol.git.allow=never",
	"protocol.ssh.allow=never",
	"protocol.http.allow=never",
	"protocol.https.allow=never",
	"protocol.ext.allow=never",
	"core.sshCommand=" + noSuchPath,
}

// safeLog are the options of every git log: no textconv filters (a
// .gitattributes driver is a program, and pickaxe runs it), no external
// diff programs, no gpg, no mailmap, no notes, no colour.
var safeLog = []string{"--no-textconv", "--no-ext-diff", "--no-show-signature", "--no-use-mailmap", "--no-notes", "--no-color"}

// noSuchPath is a path that cannot exist (a file inside the null
// device), for settings whose only safe value is "nothing there".
var noSuchPath = filepath.Join(os.DevNull, "roster-none")

// keptEnv are the GIT_* variables of roster's own environment passed on
// to git: where git and its configuration files are, where discovery
// stops, and tracing. Every other GIT_* variable is dropped: GIT_DIR,
// GIT_WORK_TREE or GIT_INDEX_FILE (set when roster runs from a git hook)
// would make git read another repository; GIT_CONFIG_*, GIT_EXTERNAL_DIFF,
// GIT_PAGER, GIT_SSH* or GIT_REPLACE_REF_BASE would undo safeConfig.
var keptEnv = map[string]bool{
	"GIT_EXEC_PATH": true, "GIT_CONFIG_GLOBAL": true, "GIT_CONFIG_SYSTEM": true, "GIT_CONFIG_NOSYSTEM": true,
	"GIT_CEILING_DIRECTORIES": true, "GIT_DISCOVERY_ACROSS_FILESYSTEM": true,
}

// gitEnv is the environment of every git process.
func gitEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "GIT_") && !keptEnv[k] && !strings.HasPrefix(k, "GIT_TRACE"):
		case k == "LC_ALL" || k == "LANGUAGE" || k == "LANG":
		default:
			env = append(env, kv)
		}
	}
	return append(env,
		"GIT_NO_REPLACE_OBJECTS=1",   // refs/replace/* would swap commits or blobs for others
		"GIT_GRAFT_FILE="+noSuchPath, // .git/info/grafts would rewrite parents (--no-replace-objects does not cover it)
		"GIT_NO_LAZY_FETCH=1",        // git 2.44+: never fetch a partial clone's missing objects
		"GIT_TERMINAL_PROMPT=0",      // never ask for credentials
		"GIT_OPTIONAL_LOCKS=0",       // read without taking the index lock
		"GIT_PROTOCOL_FROM_USER=0",   // "user" protocols are not the user's here
		"GIT_LITERAL_PATHSPECS=0",    // roster writes its own pathspec magic
		"LC_ALL=C",                   // git's messages in English, which roster recognises
	)
}

// command builds every git process roster starts: git with the pins above,
// run in dir, with args (a subcommand and its arguments).
func command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	full := make([]string, 0, 2+2*len(safeConfig)+len(safeLog)+len(args))
	full = append(full, "--no-pager", "--no-replace-objects")
	for _, kv := range safeConfig {
		full = append(full, "-c", kv)
	}
	if len(args) > 0 {
		full = append(full, args[0])
		switch args[0] {
		case "log":
			full = append(full, safeLog...)
		case "diff-tree":
			full = append(full, "--no-textconv", "--no-ext-diff", "--no-color")
		}
		full = append(full, args[1:]...)
	}
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Dir, _ = existingDir(dir)
	cmd.Env = gitEnv()
	return cmd
}

// existingDir returns the nearest directory at or above dir that
// exists, and the part of dir below it that does not (slash-separated,
// "" when dir exists). A file's history outlives its directory: the
// members file as it was before a move, or a pull request's copy in a
// directory only its branch has, is read by a path the working tree
// no longer holds, and git runs in what is left of it.
func existingDir(dir string) (string, string) {
	if dir == "" {
		return "", ""
	}
	d, missing := filepath.Clean(dir), ""
	for {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d, missing
		}
		parent := filepath.Dir(d)
		if parent == d || filepath.Base(d) == ".." {
			return dir, ""
		}
		missing = path.Join(filepath.ToSlash(filepath.Base(d)), missing)
		d = parent
	}
}

// gitError is a git command that failed: its arguments (roster's own,
// not the pins) and what git said.
type gitError struct {
	args []string
	msg  string
	code int
}

func (e *gitError) Error() string {
	return fmt.Sprintf("git %s: %s", strings.Join(e.args, " "), e.msg)
}

// run runs git in dir and returns its standard output, also when it
// fails (rev-parse --verify prints what it resolved before it stops).
func run(ctx context.Context, dir string, args ...string) ([]byte, error) {
	return memo(ctx, dir, args, func() ([]byte, error) { return runGit(ctx, dir, args...) })
}

// runGit is run, asking git every time.
func runGit(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := command(ctx, dir, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err == nil {
		return out, nil
	}
	if ctx.Err() != nil {
		return out, ctx.Err()
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("git is needed to read the members file's history: %w", err)
		}
		if _, statErr := os.Stat(dir); errors.Is(statErr, fs.ErrNotExist) {
			return nil, fmt.Errorf("the directory %s does not exist (check --file): %w", dir, ErrNotInGit)
		} else if statErr != nil {
			return nil, fmt.Errorf("%s: %w (%w)", dir, ErrNotInGit, statErr)
		}
		return nil, fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	msg := strings.TrimSpace(stderr.String())
	switch {
	case strings.Contains(msg, "not a git repository"):
		return out, fmt.Errorf("%s: %w", dir, ErrNotInGit)
	case strings.Contains(msg, "dubious ownership"):
		return out, errors.New(dubiousOwnership(dir, msg))
	}
	if msg == "" {
		msg = err.Error()
	}
	ge := &gitError{args: args, msg: msg, code: exit.ExitCode()}
	if strings.Contains(msg, "promisor") || strings.Contains(msg, "lazy fetch") {
		// git needed an object a partial clone left out, and roster
		// never lets it fetch one.
		return out, fmt.Errorf("%w (%w)", ErrPartial, ge)
	}
	return out, ge
}

// git runs a git command in dir and returns its standard output.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	out, err := run(ctx, dir, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// repo is the repository a function reads, opened once: where git runs,
// the directory's place in the repository, and the current commit.
type repo struct {
	dir    string
	prefix string // dir relative to the top, with a trailing slash; "" at the top
	head   string // HEAD's commit; "" before the first commit
	// now is when the repository was opened: a commit dated after it
	// is dated in the future (see Landed).
	now time.Time
	// roots are the commits with no parent that a log read has shown
	// (commit id -> true): one cannot have moved the file in.
	roots *sync.Map
}

// open checks, with one git process, that dir is in a full clone and
// finds HEAD. Outside git it returns ErrNotInGit; in a shallow clone,
// ErrShallow. A repository with no commits is opened, with no head.
func open(ctx context.Context, dir string) (*repo, error) {
	r, shallow, err := openAny(ctx, dir)
	if err != nil {
		return nil, err
	}
	if shallow {
		return nil, shallowIn(dir)
	}
	return r, nil
}

// shallowIn is ErrShallow for the repository at dir, its fix a command
// that runs from where roster was run: "git -C DIR fetch --unshallow"
// when the members file is elsewhere.
func shallowIn(dir string) error {
	if dir == "" || filepath.Clean(dir) == "." {
		return ErrShallow
	}
	return &shallowError{dir: dir}
}

type shallowError struct{ dir string }

func (e *shallowError) Error() string {
	return strings.TrimSuffix(ErrShallow.Error(), "git fetch --unshallow") + "git -C " + shell.Quote(e.dir) + " fetch --unshallow"
}

func (e *shallowError) Unwrap() error { return ErrShallow }

// openAny opens the repository at dir, shallow or not.
func openAny(ctx context.Context, dir string) (*repo, bool, error) {
	out, err := run(ctx, dir, "rev-parse", "--is-shallow-repository", "--show-prefix", "--verify", "--quiet", "--end-of-options", "HEAD^{commit}")
	var ge *gitError
	if err != nil && !(errors.As(err, &ge) && ge.code == 1) {
		return nil, false, err
	}
	// Lines: shallow, prefix, then HEAD's id when it has one. The prefix
	// is the only line that may be empty.
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) < 2 || len(lines) > 3 || (len(lines) == 3 && !isHash(lines[2])) {
		return nil, false, fmt.Errorf("git rev-parse in %s: unexpected output %q", dir, clip(string(out)))
	}
	r := &repo{dir: dir, prefix: lines[1], now: time.Now(), roots: &sync.Map{}}
	if _, missing := existingDir(dir); missing != "" {
		r.prefix += missing + "/"
	}
	if len(lines) == 3 {
		r.head = lines[2]
	} else if id, err := run(ctx, dir, "rev-parse", "--verify", "--quiet", "--end-of-options", "HEAD"); err == nil {
		// HEAD names something that is no commit git can read: an
		// object missing (a clone whose --reference or alternates are
		// gone, a damaged repository), not a branch with no commit yet.
		// Taken for one, a removal would be a member kept with a note.
		return nil, false, fmt.Errorf("HEAD in %s names %s, which git cannot read as a commit: %w (a clone whose --reference or alternates are gone, or a damaged repository); fetch the repository again, or see git fsck", dir, clip(strings.TrimSpace(string(id))), errMissing)
	}
	return r, lines[0] == "true" && !cutAtRoots(ctx, dir), nil
}

// cutAtRoots reports whether a shallow clone lacks nothing: each commit
// it was cut at is a root, with no parent to fetch. A clone at depth 1
// (actions/checkout's default) of a repository with one commit is such
// a clone, and its history is whole.
//
// git hides a cut commit's parents from log, but its object still names
// them: that is what is read.
func cutAtRoots(ctx context.Context, dir string) bool {
	out, err := run(ctx, dir, "rev-parse", "--git-path", "shallow")
	if err != nil {
		return false
	}
	p := strings.TrimSpace(string(out))
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return false
	}
	cuts := strings.Fields(string(data))
	if len(cuts) == 0 || len(cuts) > 16 {
		return false
	}
	for _, c := range cuts {
		if !isHash(c) {
			return false
		}
		obj, err := run(ctx, dir, "cat-file", "commit", c)
		if err != nil || bytes.Contains(obj, []byte("\nparent ")) || bytes.HasPrefix(obj, []byte("parent ")) {
			return false
		}
	}
	return true
}

// openHead opens the repository and requires a commit: ErrNoCommits
// before the first.
func openHead(ctx context.Context, dir string) (*repo, error) {
	r, err := open(ctx, dir)
	if err != nil {
		return nil, err
	}
	if r.head == "" {
		err := r.noCommits(ctx)
		if dir == "." || dir == "" {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return r, nil
}

// noCommits is the error of a repository whose HEAD has no commit:
// ErrNoCommits, or errNoCommitsOnBranch when other branches have commits
// (an orphan branch, just made).
func (r *repo) noCommits(ctx context.Context) error {
	if out, err := run(ctx, r.dir, "for-each-ref", "--count=1", "--format=%(refname)", "refs/heads/"); err == nil && strings.TrimSpace(string(out)) != "" {
		return errNoCommitsOnBranch
	}
	return ErrNoCommits
}

// errNoCommitsOnBranch is ErrNoCommits on a branch with no commits in a
// repository whose other branches have some (an orphan branch).
// It is ErrNoCommits (and ErrUntracked) to errors.Is.
var errNoCommitsOnBranch error = orphan{untracked{"the current branch has no commits yet (an orphan branch: other branches have commits): commit the members file on it, or check out the branch that has it"}}

type orphan struct{ untracked }

// OnOrphanBranch reports whether err is ErrNoCommits of a branch with no
// commits in a repository whose other branches have some: a fresh
// repository and a branch checked out with --orphan say different
// things to do.
func OnOrphanBranch(err error) bool {
	var o orphan
	return errors.As(err, &o)
}

func (e orphan) Is(target error) bool { return target == ErrNoCommits || e.untracked.Is(target) }

// top returns p (relative to the directory git runs in) relative to the
// top of the repository, with forward slashes.
func (r *repo) top(p string) (string, error) {
	t := path.Clean(r.prefix + filepath.ToSlash(p))
	if t == "." || t == ".." || strings.HasPrefix(t, "../") || path.IsAbs(t) {
		return "", fmt.Errorf("%s is outside the git repository of %s: %w", p, r.dir, ErrNotInGit)
	}
	return t, nil
}

// fromTop is top (relative to the top of the repository) relative to
// the directory git runs in, as the functions taking a path want it.
func (r *repo) fromTop(top string) string {
	rel, err := filepath.Rel(filepath.FromSlash(r.prefix), filepath.FromSlash(top))
	if err != nil {
		return top
	}
	return rel
}

// pathspec matches exactly one path relative to the top: no glob, no
// magic from the file's name.
func pathspec(top string) string { return ":(top,literal)" + top }

// looksLikeDate reports whether rev is written as a date, YYYY-MM-DD,
// whether or not that day exists ("2026-02-30").
func looksLikeDate(rev string) bool {
	if len(rev) != 10 || rev[4] != '-' || rev[7] != '-' {
		return false
	}
	for i, c := range rev {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// ResolveRevision turns a revision argument (a commit, branch or tag, on
// any branch) into a commit id. Anything git could read as an option
// ("--output=members.toml") or that names no commit is refused
// (ErrBadRevision); before the repository's first commit the error is
// ErrNoCommits. A shallow clone is not refused: resolving reads no
// history.
func ResolveRevision(ctx context.Context, dir, rev string) (string, error) {
	r, _, err := openAny(ctx, dir)
	if err != nil {
		return "", err
	}
	return r.resolve(ctx, rev)
}

func (r *repo) resolve(ctx context.Context, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\x00\n") {
		return "", fmt.Errorf("%q is neither a date (YYYY-MM-DD) nor a revision: %w (git would read it as an option); give a commit, branch or tag", rev, ErrBadRevision)
	}
	if hexName(rev) {
		// A name that reads as a commit id, roster's own printed ones
		// included, may also be a branch or tag someone pushed to
		// mislead (git reads the ref first): refused as ambiguous.
		if ref, err := run(ctx, r.dir, "rev-parse", "--symbolic-full-name", rev); err == nil && strings.HasPrefix(strings.TrimSpace(string(ref)), "refs/") && r.commitPrefix(ctx, rev) {
			return "", fmt.Errorf("%q is both a commit id and the name of %s: %w; give the full commit id, or the ref by its full name", rev, strings.TrimSpace(string(ref)), ErrBadRevision)
		}
	}
	if rev == "HEAD" && r.head != "" {
		return r.head, nil // what open read, HEAD^{commit}, in the same call
	}
	spec := rev + "^{commit}"
	if strings.HasPrefix(rev, ":/") {
		// A search of commit messages (":/carol") takes the rest of the
		// argument as its pattern, "^{commit}" too: found first, then
		// checked to be a commit as any other.
		if found, err := run(ctx, r.dir, "rev-parse", "--verify", "--quiet", "--end-of-options", rev); err == nil && isHash(strings.TrimSpace(string(found))) {
			spec = strings.TrimSpace(string(found)) + "^{commit}"
		}
	}
	out, err := run(ctx, r.dir, "rev-parse", "--verify", "--quiet", "--end-of-options", spec)
	var ge *gitError
	if err != nil && !errors.As(err, &ge) {
		return "", err
	}
	id := strings.TrimSpace(string(out))
	if err != nil || !isHash(id) {
		if r.head == "" {
			// On an orphan branch, other branches' revisions resolve,
			// and a name that does not is no revision: only HEAD's
			// (HEAD~1, @) is one the branch has no commit for yet.
			if noCommits := r.noCommits(ctx); noCommits == ErrNoCommits || headRelative(rev) {
				return "", fmt.Errorf("%q: %w", rev, noCommits)
			}
		}
		switch near, wrong, ok := members.NearestDay(rev); {
		case ok && near != "":
			return "", fmt.Errorf("%q %s: did you mean %s? It is no revision git knows either (%w)", rev, wrong, near, ErrBadRevision)
		case ok || looksLikeDate(rev):
			return "", fmt.Errorf("%q is not a day that exists (write a date as YYYY-MM-DD), nor a revision git knows: %w", rev, ErrBadRevision)
		}
		return "", fmt.Errorf("%q is neither a date (YYYY-MM-DD) nor a revision git knows (%w): give a commit, branch or tag of this repository", rev, ErrBadRevision)
	}
	return id, nil
}

// headRelative reports whether rev names HEAD's commit or one reached
// from it: HEAD, @, HEAD~2, @^, HEAD^{commit}, HEAD@{1}; not HEADX, a
// name of its own.
func headRelative(rev string) bool {
	for _, head := range []string{"HEAD", "@"} {
		if rest, ok := strings.CutPrefix(rev, head); ok && (rest == "" || strings.ContainsAny(rest[:1], "~^@")) {
			return true
		}
	}
	return false
}

// hexName reports whether rev could be an abbreviated commit id: 4 to
// 39 hexadecimal digits (a full id is never a ref's name to git).
func hexName(rev string) bool {
	if len(rev) < 4 || len(rev) > 39 {
		return false
	}
	for i := 0; i < len(rev); i++ {
		if c := rev[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// commitPrefix reports whether some commit's id starts with prefix.
func (r *repo) commitPrefix(ctx context.Context, prefix string) bool {
	out, err := run(ctx, r.dir, "rev-parse", "--disambiguate="+strings.ToLower(prefix))
	if err != nil {
		return false
	}
	ids := strings.Fields(string(out))
	if len(ids) == 0 {
		return false
	}
	// Their types in one process, however many share the prefix.
	cmd := command(ctx, r.dir, "cat-file", "--batch-check=%(objecttype)")
	cmd.Stdin = strings.NewReader(strings.Join(ids, "\n") + "\n")
	types, err := cmd.Output()
	if err != nil {
		return false
	}
	return slices.Contains(strings.Fields(string(types)), "commit")
}

// dubiousOwnership says that git refuses a repository another user owns
// (msg is git's message), and the command that trusts it: the one git
// names (the top of the repository, absolute), quoted to run as printed;
// the directory roster was given may be below it, or relative.
func dubiousOwnership(dir, msg string) string {
	top := dir
	if _, after, ok := strings.Cut(msg, "safe.directory "); ok {
		top = strings.TrimSpace(strings.SplitN(after, "\n", 2)[0])
		if len(top) >= 2 && top[0] == '\'' && top[len(top)-1] == '\'' {
			// git quotes it for a shell (a quote inside as '\''):
			// roster quotes it again, its own way.
			top = strings.ReplaceAll(top[1:len(top)-1], `'\''`, `'`)
		}
	} else if abs, err := filepath.Abs(dir); err == nil {
		top = abs
	}
	return fmt.Sprintf("git refuses to read %s, which another user owns; if you trust it, run git config --global --add safe.directory %s", dir, shell.Quote(top))
}
