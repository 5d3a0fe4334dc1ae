package members

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SchemaVersion is the only value of the top-level "schema" key this
// version of roster reads.
const SchemaVersion = 1

// File is a parsed members file: plain data, in file order, with the
// position of everything in it. It does no I/O.
type File struct {
	Name      string // as given to Parse; findings print it
	Schema    int
	SchemaPos Pos
	// Admins are the GitHub handles, as written, of the people who approve
	// new lists, a list's address, provider or policy, renames, and
	// changes to Admins itself. Compare them with HandleKey. AdminsPos is
	// where the admins key is written; it is not valid when the file has
	// none.
	Admins    []string
	AdminsPos Pos
	Lists     []*List
	Policies  []*Policy
	Members   []*Member

	lists    map[string]*List
	policies map[string]*Policy
	// byGroup is the first list of each group, by the identity of its
	// address; see ListOfGroup.
	byGroup map[string]*List
	// inlineMembers is where member = [...] is written, when the file
	// writes its members as one array (even an empty one): edits do not
	// splice into it.
	inlineMembers Pos
	on            map[string][]*Member // list id -> members on it, in file order; see index.go
}

// List returns the list with the given id, or nil.
func (f *File) List(id string) *List { return f.lists[id] }

// ListAt returns the list whose group email reaches, or nil: by
// mailbox, since a group's +tag address reaches the group. An entry at
// such an address is a group, which counts for no owner.
func (f *File) ListAt(email string) *List { return f.ListOfGroup(MailboxOf(email)) }

// ListOfGroup returns the first list, in file order, whose address has
// the identity group (IdentityOf), or nil: in constant time in an
// indexed file, so that a command reading every list of a file of
// 10,000 asks no 10,000 addresses each.
func (f *File) ListOfGroup(group string) *List {
	if group == "" {
		return nil
	}
	if f.byGroup != nil {
		return f.byGroup[group]
	}
	for _, l := range f.Lists {
		if IdentityOf(l.Address) == group {
			return l
		}
	}
	return nil
}

// Policy returns the policy with the given id, or nil.
func (f *File) Policy(id string) *Policy { return f.policies[id] }

// PolicyOf returns the policy a list names, or nil when it names none or
// one that does not exist.
func (f *File) PolicyOf(l *List) *Policy { return f.policies[l.Policy] }

// Located records where an element is written: its table header (or the
// first key of an inline table) and each of its keys, so that a finding
// about one field points at that field's line.
type Located struct {
	Pos  Pos
	keys []keyAt // see keys.go
	// Start and End are the byte offsets of the element's text, from the
	// start of its header line to the start of the next header line;
	// zero for inline tables.
	Start, End int
}

// At returns where key is written, or the element's own position when the
// key is absent: a finding about a missing key points at the table.
func (l Located) At(key string) Pos {
	if p, ok := l.key(key); ok {
		return p
	}
	return l.Pos
}

// Has reports whether key is written in the element.
func (l Located) Has(key string) bool {
	_, ok := l.key(key)
	return ok
}

func (l Located) key(name string) (Pos, bool) {
	id, ok := keyID(name)
	if !ok {
		return Pos{}, false
	}
	return l.keyPos(id)
}

// Provider says how roster reaches a list's live membership.
type Provider string

// Providers.
const (
	// ProviderGoogle is a Google Workspace group, read and changed through
	// the Admin SDK Directory API.
	ProviderGoogle Provider = "google"
	// ProviderCSV is a group roster cannot change (a consumer
	// "@googlegroups.com" group): its live membership is an export CSV and
	// its plan is a checklist for a human.
	ProviderCSV Provider = "csv"
)

// List is one mailing list: a Google Group and the policy that decides who
// may be on it.
type List struct {
	ID       string
	Address  string
	Provider Provider
	// Create lets sync create the group when it does not exist yet, with
	// the policy's settings pinned before anyone is added (Google's
	// defaults when the policy pins none).
	Create      bool
	Snapshot    string // path of the export CSV, for ProviderCSV
	Policy      string
	Description string
	Located
}

// Role is a member's role on one list, lower-case as written in the file.
type Role string

// Roles, from the most to the least privileged.
const (
	RoleOwner   Role = "owner"
	RoleManager Role = "manager"
	RoleMember  Role = "member"
)

// Valid reports whether r is one of owner, manager, member.
func (r Role) Valid() bool { return r == RoleOwner || r == RoleManager || r == RoleMember }

// Rank orders roles: owner 3, manager 2, member 1, anything else 0.
func (r Role) Rank() int {
	switch r {
	case RoleOwner:
		return 3
	case RoleManager:
		return 2
	case RoleMember:
		return 1
	}
	return 0
}

// AtLeast reports whether r is at least as privileged as min.
func (r Role) AtLeast(min Role) bool { return r.Valid() && r.Rank() >= min.Rank() }

// Membership is a member's role on one list.
type Membership struct {
	List string
	Role Role
	Pos  Pos
}

// Member is one person and the lists they are on.
type Member struct {
	Email       string
	Name        string
	GitHub      string
	Affiliation string
	Lists       []Membership
	Vetting     []Vetting
	Located
	// at is where each list is in Lists, for a member on many lists
	// (File.Index builds it): every caller of RoleOn, in whatever loop
	// over lists, then costs constant time however many lists the
	// member is on.
	at *roleIndex
}

// RoleOn returns the member's role on a list, in constant time for a
// member on many lists of an indexed file (Parse indexes it), else by
// reading the member's lists one by one.
func (m *Member) RoleOn(listID string) (Role, bool) {
	if len(m.Lists) > manyLists && m.at.valid(m) {
		i, ok := m.at.at[listID]
		if !ok {
			return "", false
		}
		if ms := m.Lists[i]; ms.List == listID {
			return ms.Role, true
		}
		// Changed in place since Index: read it.
	}
	for _, ms := range m.Lists {
		if ms.List == listID {
			return ms.Role, true
		}
	}
	return "", false
}

// Handle is the member's GitHub login as GitHub spells it: without the
// optional leading "@" the file may write, so that a mention, an
// approval or a comparison reads the same whichever way it was written.
func (m *Member) Handle() string {
	return strings.TrimPrefix(strings.TrimSpace(m.GitHub), "@")
}

// Field returns the value of a named person field (name, github,
// affiliation, email), for policies' required_fields.
func (m *Member) Field(name string) string {
	switch name {
	case "email":
		return m.Email
	case "name":
		return m.Name
	case "github":
		return m.GitHub
	case "affiliation":
		return m.Affiliation
	}
	return ""
}

// PersonFields returns the member keys a policy may require.
func PersonFields() []string { return []string{"name", "github", "affiliation"} }

// Vetting is one record of someone checking that a member is who they say
// and belongs on the list. The vetting package decides whether a record
// satisfies a policy; here it is data.
type Vetting struct {
	By       string    // GitHub handle or email of the vetter
	On       time.Time // a date, UTC midnight
	Method   string
	Note     string
	Evidence string
	Located
}

// DateLayout is how dates are written in members files and output.
const DateLayout = "2006-01-02"

// Day is the calendar day of t in UTC, the day vetting ages are counted
// in: every command that asks "today" asks it here.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Validity is how long a vetting record stays valid, written "365d", "12w"
// or "1y" (a year is 365 days). The zero value never expires.
type Validity struct {
	Days int
	// Text is the duration as the file writes it ("10y"), so that
	// messages say it back as written; "" for one made in code.
	Text string
}

// ErrMonths is ParseValidity's error for a duration in months, which
// have no fixed number of days: the error names the days it may mean.
var ErrMonths = errors.New("roster counts days, weeks and years, not months")

// ParseValidity reads "365d", "52w" or "1y".
func ParseValidity(s string) (Validity, error) {
	if near := validityInMonths(s); near != "" {
		return Validity{}, fmt.Errorf("%q: %w; write %s", s, ErrMonths, near)
	}
	if len(s) < 2 {
		return Validity{}, fmt.Errorf("%q is not a duration; write a number of days, weeks or years like \"365d\", \"52w\" or \"1y\"", s)
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || strings.HasPrefix(s, "+") {
		return Validity{}, fmt.Errorf("%q is not a duration; write a positive number of days, weeks or years like \"365d\", \"52w\" or \"1y\"", s)
	}
	unit := 1
	switch s[len(s)-1] {
	case 'd':
	case 'w':
		unit = 7
	case 'y':
		unit = 365
	case 'D', 'W', 'Y':
		// The unit in capitals: refused as any other, naming the
		// spelling meant.
		return Validity{}, fmt.Errorf("%q has unit %q; units are lower case: write %q", s, s[len(s)-1:], strings.ToLower(s))
	default:
		return Validity{}, fmt.Errorf("%q has unit %q; use d (days), w (weeks) or y (years), like \"365d\"", s, s[len(s)-1:])
	}
	// Compared before multiplying: a product past the integer's range
	// wraps to a small or negative number of days.
	if n > 100*365/unit {
		return Validity{}, fmt.Errorf("%q is longer than 100 years", s)
	}
	return Validity{Days: n * unit, Text: s}, nil
}

// validityInMonths is, for a duration written in months ("18mo",
// "6 months", "3m"), the same as roster writes it: whole years, or days
// (a month a twelfth of 365) and the whole weeks within them; "" for
// anything else.
func validityInMonths(s string) string {
	t := strings.ToLower(strings.TrimSpace(s))
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	unit := strings.TrimSpace(t[i:])
	if i == 0 || i > 4 || !slices.Contains([]string{"m", "mo", "mos", "mon", "month", "months"}, unit) {
		return ""
	}
	n, err := strconv.Atoi(t[:i])
	if err != nil || n <= 0 || n > 1200 {
		return ""
	}
	if n%12 == 0 {
		return fmt.Sprintf("%q (%d days)", strconv.Itoa(n/12)+"y", n/12*365)
	}
	// A month is a twelfth of roster's 365-day year; the weeks are the
	// whole weeks within those days, never a longer validity.
	days := (n*365 + 6) / 12
	return fmt.Sprintf("%q or %q", strconv.Itoa(days)+"d", strconv.Itoa(days/7)+"w")
}

// IsZero reports whether the validity was not set (records never expire).
func (v Validity) IsZero() bool { return v.Days == 0 }

// String renders the validity as the file writes it ("10y"), or in days
// ("365d") for one made in code.
func (v Validity) String() string {
	switch {
	case v.Days == 0:
		return "forever"
	case v.Text != "":
		return v.Text
	}
	return strconv.Itoa(v.Days) + "d"
}

// Expires returns the first day on which a record made on the given date
// is no longer valid.
func (v Validity) Expires(on time.Time) time.Time { return on.AddDate(0, 0, v.Days) }

// Unmanaged says what to do with live members that the file does not list.
type Unmanaged string

// Unmanaged modes.
const (
	// UnmanagedReport shows them in the plan and audit but leaves them be.
	UnmanagedReport Unmanaged = "report"
	// UnmanagedRemove removes them, within the sync guards.
	UnmanagedRemove Unmanaged = "remove"
)

// Policy is the rules for who may be on a list.
type Policy struct {
	ID              string
	MaxMembers      int // 0: no limit
	MinOwners       int
	VettingMethods  []string
	VettedBy        Role
	VettingValidFor Validity
	RequiredFields  []string
	AllowedDomains  []string
	DeniedDomains   []string
	Unmanaged       Unmanaged
	// Approvals is how many owners of a list must approve a new owner or
	// manager, an owner's removal, or a loosened policy; 0 when the file
	// does not say, and the review applies its default.
	Approvals     int
	AllowNonASCII bool
	// AllowGroups lets the list hold other groups as members. Everyone in
	// a nested group receives the list's mail without a vetting record
	// of their own, so the default is no.
	AllowGroups bool
	// Settings pins group settings (who can join, view, post...) by their
	// Groups Settings API names; unpinned settings are left alone.
	Settings []Setting
	Located

	validityText string // vetting_valid_for as written, for Format
}

// Setting is one pinned group setting.
type Setting struct {
	Name  string // the policy key, e.g. "who_can_join"
	Value string // as the Groups Settings API spells it, e.g. "INVITED_CAN_JOIN"
	Pos   Pos
}

// AllowsMethod reports whether the policy accepts vetting by method.
func (p *Policy) AllowsMethod(method string) bool {
	for _, m := range p.VettingMethods {
		if m == method {
			return true
		}
	}
	return false
}
