package main

import (
	"errors"
	"io"
	"slices"
	"sync/atomic"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// countingWriter counts the bytes that reach stdout, so that run knows
// whether a command wrote its document before it failed: validate's
// findings, audit's report with violations and diff --exit-code's diff
// all exit non-zero after writing one, and a second would break a
// script's parser.
type countingWriter struct {
	w io.Writer
	n atomic.Int64
}

// Write writes p and counts what was written.
func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

// wantsJSON reports whether the command line asks its command for JSON
// on stdout: a --format json the command offers. It reads the command
// line as written, since a line that failed to parse (an unknown flag)
// never reached urfave/cli's own reading of it.
func (l commandLine) wantsJSON() bool {
	if l.cmd == nil {
		return false
	}
	f, ok := value(l.flags, "format")
	return ok && report.Format(f) == report.JSON && slices.Contains(formatsOf(l.cmd), report.JSON)
}

// oneDocument writes, for a command asked for JSON that failed with err
// before it wrote anything on stdout, the one document a script reads
// there instead: plan's, sync's and apply's own, with refused saying
// why (workspace.Refused), and {"refused": why} for every other command.
// An empty stdout is no answer to a script; why is what stderr says.
func (e *env) oneDocument(l commandLine, stdout *countingWriter, why string, err error) {
	if !l.wantsJSON() {
		return
	}
	// What the guard holds back has not reached the counter yet.
	_ = report.Flush(e.stdout)
	if stdout.n.Load() > 0 {
		return
	}
	var ee *workspace.ExitError
	if errors.As(err, &ee) {
		// The command said why on stderr and returned only its status.
		why = ee.Reason
		if why == "" {
			why = "stopped before it could answer (stderr says why)"
		}
	}
	name := l.cmd.Name
	if name == "sync" && boolValue(l.flags, "dry-run") {
		name = "plan" // sync --dry-run is plan, and prints plan's document
	}
	_ = e.newWorkspace(e.hints).Refused(name, report.JSON, e.fileNamed(value(l.flags, "file")), errors.New(why))
	_ = report.Flush(e.stdout)
}
