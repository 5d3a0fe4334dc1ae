package policies

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// Rule names what a finding is about. Rules are stable identifiers:
// validate's JSON and GitHub annotations carry them, and scripts match
// on them.
type Rule string

// Rules of the file itself: it could not be read, or it does not follow
// the schema.
const (
	RuleRead   Rule = "read"
	RuleSyntax Rule = "syntax"
	RuleSchema Rule = "schema"
)

// Rules of policies and lists.
const (
	RulePolicyMethods        Rule = "policy-methods"
	RulePolicyVettedBy       Rule = "policy-vetted-by"
	RulePolicyUnmanaged      Rule = "policy-unmanaged"
	RulePolicyRequiredFields Rule = "policy-required-fields"
	RulePolicyOwners         Rule = "policy-owners"
	RulePolicyCapacity       Rule = "policy-capacity"
	RulePolicyDomains        Rule = "policy-domains"
	RulePolicyUnused         Rule = "policy-unused"
	RulePolicyUnknown        Rule = "policy-unknown"
	RuleSettingsConflict     Rule = "settings-conflict"
	RuleSettingsUnchecked    Rule = "settings-unchecked"
	RuleCreateUnpinned       Rule = "create-unpinned"
	RuleListAddress          Rule = "list-address"
	RuleProvider             Rule = "provider"
	RuleMaxMembers           Rule = "max-members"
	RuleMinOwners            Rule = "min-owners"
	// RuleEmptyList: a list with nobody on it in the file. An empty
	// list never means "remove everyone": its policy fails, and sync
	// leaves the group as the last version that listed people left it.
	RuleEmptyList Rule = "empty-list"
)

// Rules of members.
const (
	RuleListUnknown      Rule = "list-unknown"
	RuleRoleInvalid      Rule = "role-invalid"
	RuleMemberNoLists    Rule = "member-no-lists"
	RuleDuplicateMailbox Rule = "duplicate-mailbox"
	RuleDuplicateGitHub  Rule = "duplicate-github"
	RuleEmailInvalid     Rule = "email-invalid"
	RuleEmailConfusable  Rule = "email-confusable"
	RuleEmailNonASCII    Rule = "email-non-ascii"
	RuleDomainDenied     Rule = "domain-denied"
	RuleDomainNotAllowed Rule = "domain-not-allowed"
	RuleRequiredFields   Rule = "required-fields"
	// RuleMemberIsGroup: an entry's address is the group of one of the
	// file's lists, on a list whose policy does not allow groups.
	RuleMemberIsGroup Rule = "member-is-group"

	RuleVettingMissing Rule = Rule(vetting.RuleMissing)
	RuleVettingMethod  Rule = Rule(vetting.RuleMethod)
	RuleVettingVetter  Rule = Rule(vetting.RuleVetter)
	RuleVettingSelf    Rule = Rule(vetting.RuleSelf)
	RuleVettingStale   Rule = Rule(vetting.RuleStale)
	RuleVettingFuture  Rule = Rule(vetting.RuleFuture)
	// RuleVettingLapsedWhenListed: the record had lapsed before the file
	// listed the member on the list in their role: it never admitted
	// them, and roster refused the addition or promotion; on the live
	// group in that role, they got there around roster.
	RuleVettingLapsedWhenListed Rule = "vetting-lapsed-when-listed"
	// RuleVettingLapsing: a member's qualifying record lapses within the
	// window Options.LapsingWithin asks about. A notice, for audit and
	// reminders; validate does not ask.
	RuleVettingLapsing Rule = "vetting-lapsing"
)

// Effect is what a finding does to a run that changes live groups, and
// to validate and audit. It is decided once, here, where the rule is;
// every command reads it rather than judging the rule again.
type Effect string

// Effects, from the strongest.
const (
	// Stop: the file cannot be trusted as a whole (it does not parse, a
	// list or policy is broken, two entries are one person). Validate
	// fails, and sync and apply change nothing anywhere.
	Stop Effect = "stop"
	// Block: the finding is about one member on one list (unvetted, a
	// lapsed record, a denied domain), or about one list being over its
	// cap. Validate fails; sync refuses that member's addition or
	// promotion (with no member: every addition to the list) and goes
	// ahead with everything else, removals included.
	Block Effect = "block"
	// Fail: a list's own policy fails in the file (fewer owners than
	// min_owners, nobody on it at all). Validate and audit fail; sync and apply leave that
	// list alone (neither read nor written: Gate.ListFails) and go
	// ahead with the others.
	Fail Effect = "fail"
	// Hold: someone already on the list on a lapsed record. They stay
	// until re-vetted, so validate and sync only warn; but sync neither
	// promotes them nor adds them back once gone, and to an auditor it
	// is a violation (Finding.Violation).
	Hold Effect = "hold"
	// Warn: worth reading; changes no exit code and holds no one.
	Warn Effect = "warn"
)

// Severity is how a finding is labelled for people: error or warning.
type Severity string

// Severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Lapse is the record a vetting finding is about, for audit reports and
// reminders: who vetted, when, and when it lapses.
type Lapse struct {
	By      string `json:"by"`
	On      string `json:"on"`
	Expires string `json:"expires,omitempty"`
}

// Finding is one problem in a members file, with its consequence.
type Finding struct {
	File   string      `json:"file"`
	Pos    members.Pos `json:"-"`
	Line   int         `json:"line"`
	Column int         `json:"column"`
	// Effect decides Severity (see Severity): one field, so that the
	// two can never disagree.
	Effect  Effect `json:"effect"`
	Rule    Rule   `json:"rule"`
	List    string `json:"list,omitempty"`
	Member  string `json:"member,omitempty"`
	Subject string `json:"-"`
	Message string `json:"message"`
	// Vetting is the record concerned, for vetting findings.
	Vetting *Lapse `json:"vetting,omitempty"`
	// Role, for a finding about one role the entry is not admitted in
	// (RuleVettingLapsedWhenListed), is that role: in a lower one, the
	// member is where the file once admitted them.
	Role members.Role `json:"role,omitempty"`
	// Field, for a required field missing (RuleRequiredFields), is its
	// name: one rule gives one entry a finding per field, and a reader
	// comparing findings tells them apart by it.
	Field string `json:"-"`
	// Owners, for a list short of its min_owners (RuleMinOwners), is
	// how many owners it has: a reader comparing two revisions' findings
	// tells a list that lost another owner from one as short as before.
	Owners int `json:"-"`
}

// String renders the finding like a compiler message:
// "members.toml:42:3: error: member ada@example.org: message", with
// "warning:" for a warning, as compilers write them. It does not
// sanitise: renderers do.
func (f Finding) String() string { return f.format(true) }

// Plain is String without the severity ("error:", "warning:"), for a
// report that gives its own level: audit calls a lapse of someone who
// stays on the list a violation, which validate warns of.
func (f Finding) Plain() string { return f.format(false) }

func (f Finding) format(severity bool) string {
	var b strings.Builder
	b.WriteString(f.File)
	if f.Pos.IsValid() {
		fmt.Fprintf(&b, ":%d:%d", f.Pos.Line, f.Pos.Col)
	}
	b.WriteString(": ")
	switch {
	case !severity:
	case f.Severity() == Warning:
		b.WriteString("warning: ")
	default:
		b.WriteString("error: ")
	}
	if f.Subject != "" {
		b.WriteString(f.Subject)
		b.WriteString(": ")
	}
	b.WriteString(f.Message)
	return b.String()
}

// Fails reports whether the finding fails validate.
func (f Finding) Fails() bool { return f.Effect != Warn && f.Effect != Hold }

// Violation reports whether an auditor must act on the finding: every
// finding that fails validate, and a lapsed record even of someone who
// stays on the list meanwhile (Hold; DESIGN: a lapse of a current member
// is a warning in validate and sync, a violation in audit).
func (f Finding) Violation() bool { return f.Fails() || f.Effect == Hold }

// HasErrors reports whether any finding fails validate.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Fails() {
			return true
		}
	}
	return false
}

// Count returns how many findings fail validate, and how many are
// warnings.
func Count(fs []Finding) (errs, warns int) {
	for _, f := range fs {
		if f.Fails() {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

// FromParseError turns what members.Parse returned into findings, so that
// syntax and schema errors are reported, and stop runs, the same way as
// policy findings.
func FromParseError(name string, err error) []Finding {
	var list members.ErrorList
	if errors.As(err, &list) {
		out := make([]Finding, 0, len(list))
		for _, e := range list {
			rule := RuleSchema
			if e.Kind == members.KindSyntax {
				rule = RuleSyntax
			}
			f := newFinding(e.File, e.Pos, rule, Stop, about{}, e.Msg)
			f.Subject, f.Member, f.List = e.Subject, e.Member, e.List
			out = append(out, f)
		}
		return out
	}
	return []Finding{newFinding(name, members.Pos{}, RuleRead, Stop, about{}, err.Error())}
}

// about is what a finding concerns: a list or a policy by id, a member
// by email (by line when the entry has none), or the file (zero).
type about struct {
	kind, id string
	line     int
}

func aboutList(id string) about   { return about{kind: "list", id: id} }
func aboutPolicy(id string) about { return about{kind: "policy", id: id} }
func aboutMember(m *members.Member) about {
	return about{kind: "member", id: m.Email, line: m.Pos.Line}
}

// String is the subject as messages print it ("member ada@example.org").
func (a about) String() string {
	switch {
	case a.kind == "":
		return ""
	case a.kind == "member" && a.id == "":
		return fmt.Sprintf("member at line %d", a.line)
	}
	return a.kind + " " + a.id
}

func newFinding(file string, p members.Pos, rule Rule, effect Effect, subject about, msg string) Finding {
	f := Finding{File: file, Pos: p, Line: p.Line, Column: p.Col, Rule: rule, Subject: subject.String(), Message: msg}
	f.setEffect(effect)
	switch subject.kind {
	case "member":
		f.Member = subject.id
	case "list":
		f.List = subject.id
	}
	return f
}

func (f *Finding) setEffect(e Effect) { f.Effect = e }

// Severity is how the finding is labelled for people, read from its
// effect: a warning when it fails nothing (Warn, Hold), else an error.
func (f Finding) Severity() Severity {
	if f.Fails() {
		return Error
	}
	return Warning
}

// MarshalJSON writes the finding with its severity, where readers of
// roster's JSON find it (after the column), though it is no field.
func (f Finding) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		File     string       `json:"file"`
		Line     int          `json:"line"`
		Column   int          `json:"column"`
		Severity Severity     `json:"severity"`
		Effect   Effect       `json:"effect"`
		Rule     Rule         `json:"rule"`
		List     string       `json:"list,omitempty"`
		Member   string       `json:"member,omitempty"`
		Message  string       `json:"message"`
		Vetting  *Lapse       `json:"vetting,omitempty"`
		Role     members.Role `json:"role,omitempty"`
	}{f.File, f.Line, f.Column, f.Severity(), f.Effect, f.Rule, f.List, f.Member, f.Message, f.Vetting, f.Role})
}
