// Package report renders what roster found or plans — findings, plans,
// history — as text for people, JSON for scripts, markdown for pull
// request comments, and GitHub workflow annotations. Renderers only write;
// they decide nothing.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/roster-dev/roster/internal/nearest"
	"github.com/roster-dev/roster/policies"
)

// Format names an output format.
type Format string

// Formats.
const (
	Text     Format = "text"
	JSON     Format = "json"
	Markdown Format = "markdown"
	GitHub   Format = "github"
	CSV      Format = "csv"
)

// ParseFormat checks a --format value against the formats a command offers.
func ParseFormat(s string, allowed ...Format) (Format, error) {
	names := make([]string, len(allowed))
	for i, f := range allowed {
		if string(f) == s {
			return f, nil
		}
		names[i] = string(f)
	}
	return "", fmt.Errorf("--format %q is not offered here; use one of %s%s", s, strings.Join(names, ", "), nearest.DidYouMean(strings.ToLower(s), names))
}

// Findings writes validation findings in the given format: compiler
// style text (one line each, whatever the fields hold), a stable JSON
// array, or GitHub workflow annotations.
func Findings(w io.Writer, format Format, fs []policies.Finding) error {
	switch format {
	case JSON:
		if fs == nil {
			fs = []policies.Finding{}
		}
		return writeJSON(w, fs)
	case GitHub:
		for _, f := range fs {
			level := "error"
			if f.Severity() == policies.Warning {
				level = "warning"
			}
			msg := f.Message
			if f.Subject != "" {
				msg = f.Subject + ": " + msg
			}
			if _, err := io.WriteString(w, Annotation(level, f.File, f.Line, f.Column, "roster "+string(f.Rule), msg)); err != nil {
				return err
			}
		}
		return nil
	default:
		for _, f := range fs {
			if _, err := fmt.Fprintln(w, Line(f.String())); err != nil {
				return err
			}
		}
		return nil
	}
}

// escapeData and escapeProperty follow the workflow-command encoding of
// @actions/core, so that a message with a newline or colon stays one
// annotation.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(Line(s))
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// RefusedJSON writes the one document of a command asked for JSON that
// refused before it could answer ({"refused": why}): an empty stdout is
// no answer to a script. plan, sync and apply write their own (see
// workspace.Workspace.Refused).
func RefusedJSON(w io.Writer, why string) error {
	return writeJSON(w, struct {
		Refused string `json:"refused"`
	}{why})
}
