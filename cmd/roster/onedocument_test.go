package main

import (
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// oneJSONValue decodes stdout as exactly one JSON value, nothing after
// it but white space, as a script's parser reads it.
func oneJSONValue(stdout string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(stdout))
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("more than one JSON value")
	}
	return v, nil
}

// TestJSONDocumentOfAFailedCommand: every command asked for JSON that
// fails before it can write its document writes one with refused saying
// what stderr says, and keeps its exit status and stderr line.
func TestJSONDocumentOfAFailedCommand(t *testing.T) {
	repo := historyRepo(t)
	writeFile(t, filepath.Join(repo.Dir, "bad.toml"), []byte("[[list]\nbad"))
	for _, tc := range []struct {
		args []string
		code int
		why  string // in refused, and on stderr
	}{
		{[]string{"audit", "--format", "json", "--file", "bad.toml"}, 1, "bad.toml has errors"},
		{[]string{"audit", "--format", "json", "--live"}, 1, "no Google credentials found"},
		{[]string{"review", "--base", "nosuch", "--format", "json"}, 1, `"nosuch" is neither a date`},
		{[]string{"history", "--format", "json", "--since", "nosuchrev"}, 1, `"nosuchrev" is neither a date`},
		{[]string{"diff", "nosuchrev", "--format", "json"}, 1, `"nosuchrev" is neither a date`},
		{[]string{"diff", "nosuchrev", "--format", "json", "--exit-code"}, 2, `"nosuchrev" is neither a date`},
		{[]string{"show", "--format", "json"}, 1, "show needs --at"},
		{[]string{"validate", "--format", "json", "--file", "/nonexist.toml"}, 1, "read members file"},
		{[]string{"validate", "--format=json", "--bogus"}, 1, "unknown flag --bogus"},
		{[]string{"--bogus", "history", "--format", "json"}, 1, "unknown flag --bogus"},
		{[]string{"show", "--format", "json", "--at", "HEAD", "--log-format"}, 1, "--log-format needs a value"},
		{[]string{"doctor", "--format", "json", "--frobnicate"}, 1, "unknown flag --frobnicate"},
		{[]string{"diff", "HEAD", "--format", "json", "--exit-code", "--bogus"}, 2, "unknown flag --bogus"},
	} {
		r := runRosterEnv(t, repo.Dir, map[string]string{"HOME": t.TempDir()}, tc.args...)
		v, err := oneJSONValue(r.stdout)
		doc, _ := v.(map[string]any)
		why, _ := doc["refused"].(string)
		if err != nil || !strings.Contains(why, tc.why) || r.code != tc.code || !strings.Contains(r.stderr, tc.why) {
			t.Errorf("%v: exit %d (want %d), %v, refused %q (want %q)\nstdout:\n%s\nstderr:\n%s", tc.args, r.code, tc.code, err, why, tc.why, r.stdout, r.stderr)
		}
	}
}

// TestJSONDocumentWrittenOnce: a command that writes its document and
// then exits non-zero keeps that one document, with no refused one after
// it; and plan's, sync's and apply's refused documents keep their own
// shape.
func TestJSONDocumentWrittenOnce(t *testing.T) {
	repo := historyRepo(t)
	writeFile(t, filepath.Join(repo.Dir, "bad.toml"), []byte("[[list]\nbad"))
	for _, tc := range []struct {
		args []string
		code int
		key  string // a key of the command's own document; "" for an array
	}{
		{[]string{"validate", "--format", "json", "--file", "bad.toml"}, 1, ""},
		{[]string{"audit", "--format", "json", "--at", "2099-01-01"}, 1, "items"},
		{[]string{"diff", "HEAD~1", "--format", "json", "--exit-code"}, 1, "from"},
		{[]string{"plan", "--format", "json", "--bogus"}, 1, "lists"},
		{[]string{"sync", "--dry-run", "--format", "json", "--bogus"}, 1, "lists"},
		{[]string{"sync", "--format", "json", "--bogus"}, 1, "plan"},
		{[]string{"apply", "--format", "json", "--bogus", "plan.json"}, 1, "plan"},
	} {
		r := runRosterEnv(t, repo.Dir, map[string]string{"HOME": t.TempDir()}, tc.args...)
		v, err := oneJSONValue(r.stdout)
		doc, isObject := v.(map[string]any)
		_, hasKey := doc[tc.key]
		if err != nil || r.code != tc.code || tc.key != "" && !hasKey || tc.key == "" && isObject {
			t.Errorf("%v: exit %d (want %d), %v, want its own document (%q)\nstdout:\n%s\nstderr:\n%s", tc.args, r.code, tc.code, err, tc.key, r.stdout, r.stderr)
		}
		if want := strings.HasPrefix(tc.args[0], "plan") || strings.HasPrefix(tc.args[0], "sync") || tc.args[0] == "apply"; want && !strings.Contains(r.stdout, `"refused"`) {
			t.Errorf("%v: the document does not say it was refused:\n%s", tc.args, r.stdout)
		}
	}
}

// TestNoDocumentOutsideJSON: a failed command asked for text, or with
// no --format, writes nothing on stdout, as before.
func TestNoDocumentOutsideJSON(t *testing.T) {
	repo := historyRepo(t)
	for _, args := range [][]string{
		{"show"},
		{"show", "--format", "text"},
		{"validate", "--bogus"},
		{"history", "--format", "csv", "--since", "nosuchrev"},
		{"fmt", "--format", "json"}, // fmt has no --format: an unknown flag
	} {
		r := runRoster(t, repo.Dir, args...)
		if r.code != 1 || r.stdout != "" || r.stderr == "" {
			t.Errorf("%v: exit %d\nstdout:\n%s\nstderr:\n%s", args, r.code, r.stdout, r.stderr)
		}
	}
}
