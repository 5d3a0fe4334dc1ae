package workspace

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/roster-dev/roster/internal/atomicfile"
	"github.com/roster-dev/roster/plan"
)

// checkOutput refuses, before anything is read or written, an output
// path (flag names it) that would overwrite the members file (file), by
// any spelling or link, or write into a repository's .git: a plan or
// an emulator's state written there loses the file, or git's own.
func (w *Workspace) checkOutput(flag, out, file string) error {
	if out == "" {
		return nil
	}
	path := w.path(out)
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	// Through the links on the way too: "hk/post-checkout" with hk a
	// link to .git/hooks is inside .git.
	inGit := func(p string) bool { return slices.Contains(strings.Split(filepath.ToSlash(p), "/"), ".git") }
	if inGit(abs) || inGit(throughLinks(abs)) {
		return fmt.Errorf("%s %s: a path inside .git, git's own; give a path outside it", flag, out)
	}
	if file == "" {
		return nil
	}
	target, terr := os.Stat(path)
	members, merr := os.Stat(w.path(file))
	mabs, _ := filepath.Abs(w.path(file))
	if terr == nil && merr == nil && os.SameFile(target, members) || abs == mabs {
		return fmt.Errorf("%s %s: that is the members file, which it would overwrite; give another path", flag, out)
	}
	return nil
}

// savePlan writes a plan for apply, for its owner only (it names live
// members who may not be in the repository), and says how to apply it;
// guarded, when a removal guard would hold it back, only where it is (the
// command that applies it follows, with the guards it needs:
// intendedRun).
func (w *Workspace) savePlan(p *plan.Plan, out string, guards plan.Guards, guarded bool) error {
	var buf bytes.Buffer
	if err := p.Write(&buf); err != nil {
		return err
	}
	if err := atomicfile.Write(w.path(out), buf.Bytes(), 0o600, atomicfile.Private); err != nil {
		return fmt.Errorf("save plan to %s: %w (its directory must exist and be writable; or pass another --out)", out, err)
	}
	if p.PullRequest {
		w.notef("plan saved to %s: a pull request's plan, for reading; once the change is merged, sync makes it", out)
		return nil
	}
	if guarded {
		w.notef("plan saved to %s", out)
		return nil
	}
	w.notef("plan saved to %s; apply it with: %s", out, w.hint("apply", append([]string{out}, guardArgs(guards)...)...))
	return nil
}

// throughLinks is the absolute path abs with every link on the way
// followed, one component at a time, a link to nothing (a hooks
// directory not made yet) included: where a write there would land.
func throughLinks(abs string) string {
	parts := strings.Split(filepath.ToSlash(filepath.Clean(abs)), "/")
	cur := string(filepath.Separator)
	for hops := 0; len(parts) > 0 && hops < 64; {
		part := parts[0]
		parts = parts[1:]
		if part == "" {
			continue
		}
		next := filepath.Join(cur, part)
		fi, err := os.Lstat(next)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			cur = next
			continue
		}
		target, err := os.Readlink(next)
		if err != nil {
			cur = next
			continue
		}
		hops++
		if !filepath.IsAbs(target) {
			target = filepath.Join(cur, target)
		}
		// The target's own components are walked in turn.
		parts = append(strings.Split(filepath.ToSlash(filepath.Clean(target)), "/"), parts...)
		cur = string(filepath.Separator)
	}
	return filepath.Join(append([]string{cur}, parts...)...)
}
