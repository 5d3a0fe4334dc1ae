package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
)

// TestGitHubAnnotationsEscape: a message with a newline, a percent sign,
// or a file name with a comma or colon stays one annotation on the right
// file, as @actions/core encodes them; a newline from a field shows as
// "\n" rather than breaking the annotation's text.
func TestGitHubAnnotationsEscape(t *testing.T) {
	fs := []policies.Finding{{
		File: "lists/a,b:c.toml", Pos: members.Pos{Line: 7, Col: 2}, Line: 7, Column: 2,
		Effect: policies.Block, Rule: "vetting-stale", Subject: "member ada@example.org",
		Message: "100% stale:\nre-vet",
	}, {
		File: "m.toml", Effect: policies.Warn, Rule: "policy-unused", Message: "unused",
	}}
	var b bytes.Buffer
	if err := report.Findings(&b, report.GitHub, fs); err != nil {
		t.Fatal(err)
	}
	want := "::error file=lists/a%2Cb%3Ac.toml,line=7,col=2,title=roster vetting-stale::member ada@example.org: 100%25 stale:\\nre-vet\n" +
		"::warning file=m.toml,title=roster policy-unused::unused\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestFindingsJSONIsAnArrayEvenWhenEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := report.Findings(&b, report.JSON, nil); err != nil {
		t.Fatal(err)
	}
	if b.String() != "[]\n" {
		t.Errorf("got %q", b.String())
	}
}

func TestParseFormat(t *testing.T) {
	if f, err := report.ParseFormat("json", report.Text, report.JSON); err != nil || f != report.JSON {
		t.Errorf("json: %v %v", f, err)
	}
	if _, err := report.ParseFormat("csv", report.Text, report.JSON); err == nil {
		t.Error("csv accepted where only text and json are offered")
	}
}

// TestParseFormatNamesTheNearest: a mistyped --format names the format
// meant.
func TestParseFormatNamesTheNearest(t *testing.T) {
	_, err := report.ParseFormat("jsn", report.Text, report.JSON)
	if err == nil || !strings.Contains(err.Error(), `(did you mean "json"?)`) {
		t.Errorf("ParseFormat(jsn): %v", err)
	}
}
