package report

import (
	"fmt"
	"io"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/words"
)

// Doctor writes setup checks: one line each with PASS, WARN, FAIL or
// SKIP, the fix under every line that is not a pass, and a verdict.
func Doctor(w io.Writer, format Format, checks []directory.Check) error {
	fails := 0
	for _, c := range checks {
		if c.Status == directory.Fail {
			fails++
		}
	}
	if format == JSON {
		type check struct {
			Status string `json:"status"`
			Name   string `json:"name"`
			Detail string `json:"detail"`
			Fix    string `json:"fix,omitempty"`
		}
		out := struct {
			OK     bool    `json:"ok"`
			Checks []check `json:"checks"`
		}{OK: fails == 0, Checks: []check{}}
		for _, c := range checks {
			out.Checks = append(out.Checks, check{string(c.Status), c.Name, c.Detail, c.Fix})
		}
		return writeJSON(w, out)
	}
	tw := newTable(w)
	for _, c := range checks {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Status, Line(c.Name), Line(c.Detail))
		if c.Fix != "" && c.Status != directory.Pass {
			fmt.Fprintf(tw, "\t\tfix: %s\n", Line(c.Fix))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if fails > 0 {
		_, err := fmt.Fprintf(w, "\n%s failed: a sync would not work until %s fixed.\n", words.Count(fails, "check", "checks"), words.Pick(fails, "it is", "they are"))
		return err
	}
	warns := 0
	for _, c := range checks {
		if c.Status == directory.Warn {
			warns++
		}
	}
	if warns > 0 {
		_, err := fmt.Fprintf(w, "\nNo check failed: a sync would work; read the %s above.\n", words.Pick(warns, "warning", "warnings"))
		return err
	}
	_, err := fmt.Fprintln(w, "\nEvery check passed: a sync would work.")
	return err
}
