// Package directory is roster's live side: what a Google Group's
// membership is now, the calls that change it, and who changed it (the
// audit log, Activity). Google holds the only implementation that writes
// (the Admin SDK Directory API); CSV reads a consumer group's member
// export; directory/emulator serves the same API on loopback for tests
// and for trying roster without a Google account.
//
// Provider is what every live side offers; SettingsProvider,
// ActivityProvider, GroupReader and GroupCreator are optional, and a
// caller finds out with a type assertion.
//
// Every error a provider returns wraps one of the sentinel errors below,
// so callers decide with errors.Is, never by reading messages or HTTP
// statuses.
package directory

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Role is a member's role in a live group, as the API spells it.
type Role string

// Roles.
const (
	RoleOwner   Role = "OWNER"
	RoleManager Role = "MANAGER"
	RoleMember  Role = "MEMBER"
)

// ParseRole reads a role in any case ("owner", "OWNER"); the empty string
// is MEMBER, as Google's default.
func ParseRole(s string) (Role, bool) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "OWNER":
		return RoleOwner, true
	case "MANAGER":
		return RoleManager, true
	case "MEMBER", "":
		return RoleMember, true
	}
	return "", false
}

// Member is one direct member of a live group.
type Member struct {
	// ID is the API's id for the member. Removals and role changes use it:
	// a differently-cased or dotted email can 404 on delete
	// (kubernetes/k8s.io#1091, #2892).
	ID string
	// Email as the API stores it, sometimes mixed-case. Empty for the
	// CUSTOMER member ("all users in the domain").
	Email  string
	Role   Role
	Type   string // USER, GROUP, CUSTOMER, EXTERNAL
	Status string // ACTIVE, SUSPENDED, ...
	// Joined is when they joined, when the source says (a Groups member
	// export's Join columns); zero when it does not (the Directory API
	// never does). JoinedDayOnly says only its day is known (no time, or
	// a time zone this machine does not know): then it is midnight UTC.
	Joined        time.Time
	JoinedDayOnly bool
	// Seen is when, by the directory's clock, the read that listed the
	// member was answered (the Date of members.list's page); zero when
	// unknown. A change of them logged after it is not in what was read.
	Seen time.Time
}

// Person reports whether m is one person's membership: not a nested
// group, nor the whole domain (CUSTOMER). Only people count towards a
// list's owners (min_owners): a group made owner answers for nobody.
func (m Member) Person() bool {
	return m.Type != "GROUP" && m.Type != "CUSTOMER"
}

// Suspended reports whether m's account is suspended: on the group, but
// unable to sign in, so an owner who manages nothing.
func (m Member) Suspended() bool {
	return strings.EqualFold(m.Status, "SUSPENDED")
}

// Owning reports whether m is a person who owns the group and can act
// as its owner: what min_owners counts. A group made owner answers for
// nobody, and a suspended owner cannot sign in to manage it.
func (m Member) Owning() bool {
	return m.Role == RoleOwner && m.Person() && !m.Suspended()
}

// Provider reads and changes the membership of live groups. group is the
// group's email address.
type Provider interface {
	// Members returns a group's direct members.
	// Errors: ErrGroupNotFound, ErrForbidden, retryable errors.
	Members(ctx context.Context, group string) ([]Member, error)
	// Managers returns the group's direct members with the role OWNER or
	// MANAGER: a page or so where Members reads every member, for a
	// caller that needs only who may manage the group (the owners a
	// removal is counted against).
	// Errors: as Members.
	Managers(ctx context.Context, group string) ([]Member, error)
	// Member returns one member by email or id.
	// Errors: ErrMemberNotFound, ErrGroupNotFound.
	Member(ctx context.Context, group, key string) (Member, error)
	// Add makes email a member with the given role.
	// Errors: ErrAlreadyMember (also for a gmail/googlemail twin),
	// ErrNoAccount, ErrInvalid, ErrGroupNotFound, ErrReadOnly.
	Add(ctx context.Context, group, email string, role Role) (Member, error)
	// Remove deletes the member with the given id.
	// Errors: ErrMemberNotFound, ErrGroupNotFound, ErrReadOnly.
	Remove(ctx context.Context, group, memberID string) error
	// SetRole changes the role of the member with the given id.
	// Errors: ErrMemberNotFound, ErrGroupNotFound, ErrReadOnly.
	SetRole(ctx context.Context, group, memberID string, role Role) error
}

// ReadClock is a Provider that tells when, by the directory's own
// clock (Google's: the one its audit log is dated by), its last read of
// a group's members was answered; zero when it has not read the group
// or cannot tell. An event of the log dated after it says nothing of
// what that read found (another run's write made since, say), and is
// not weighed against it.
type ReadClock interface {
	MembersReadAt(group string) time.Time
}

// SettingsProvider reads and changes group settings (who can join, view,
// post), by their Groups Settings API field names ("whoCanJoin").
type SettingsProvider interface {
	// Settings returns the group's settings.
	// Errors: ErrGroupNotFound, ErrForbidden, retryable errors.
	Settings(ctx context.Context, group string) (map[string]string, error)
	// PatchSettings changes only the given settings.
	// Errors: ErrGroupNotFound, ErrInvalid, ErrReadOnly.
	PatchSettings(ctx context.Context, group string, changes map[string]string) error
}

// Group is a live group: its id, address and descriptive fields.
type Group struct {
	// ID is the Directory API's id of the group, what groups_enterprise
	// logs as group_id (compare with MatchID).
	ID          string
	Email       string
	Name        string
	Description string
	// Aliases are the group's other addresses (its aliases, and those
	// of the domain's aliases): Google resolves each to the group, so a
	// list written at one of them writes to this group.
	Aliases []string
}

// Addresses are every address Google resolves to the group: its own,
// then its aliases.
func (g Group) Addresses() []string { return append([]string{g.Email}, g.Aliases...) }

// GroupReader reads a group itself, not its members.
type GroupReader interface {
	// Group returns the group's id and address (groups.get). It needs
	// its own scope, admin.directory.group.readonly (or
	// admin.directory.group), which the member scopes do not include.
	// Errors: ErrGroupNotFound, ErrForbidden, ErrAuth, retryable errors.
	Group(ctx context.Context, group string) (Group, error)
}

// GroupLister lists every group of the Workspace with its aliases
// (groups.list): a few paged reads where asking groups.get of each of
// many addresses would be one call each. It needs GroupReader's scope.
type GroupLister interface {
	// AllGroups returns every group of the Workspace, across its
	// domains. Errors: as GroupReader's, and ErrEndless.
	AllGroups(ctx context.Context) ([]Group, error)
}

// GroupCreator creates groups. A caller holding a Provider type-asserts
// it to find out whether the live side can create a missing group.
type GroupCreator interface {
	// CreateGroup creates a group (groups.insert) with email, name and
	// description. Google gives a new group its defaults for groups made
	// through the API, which are open (anyone on the web may post and
	// contact the owners, anyone in the domain may ask to join): pin the
	// settings before adding anyone. For a short while after creation
	// Google may answer 404 for the group: a caller that pins settings
	// next retries ErrGroupNotFound for a little while.
	// It needs its own scope, admin.directory.group.
	// Errors: ErrGroupExists (also after a retry of a lost answer, then
	// with ErrLostAnswer too: the group may be the one that try made),
	// ErrForbidden (not allowed to create groups, or a
	// domain that is not the customer's), ErrInvalid (a malformed
	// address), ErrAuth, retryable errors.
	CreateGroup(ctx context.Context, email, name, description string) (Group, error)
}

// Errors providers return, wrapped with what was being done.
var (
	ErrGroupNotFound = errors.New("group not found")
	// ErrGroupLookup marks a log read that failed reading its group's
	// id (groups.get, for Cloud Identity's log): that group's failure,
	// not the log's, unless Google refused the read outright.
	ErrGroupLookup = errors.New("could not read the group's id, which Cloud Identity's log is filtered by")
	// ErrGroupExists: a group (or a user or alias) has the address
	// already, so groups.insert refused it.
	ErrGroupExists = errors.New("group already exists")
	// ErrLostAnswer marks an answer that came after a try whose own was
	// lost (a broken connection, a 5xx, no answer): that try may have
	// made the write the answer refuses as done already.
	ErrLostAnswer     = errors.New("an earlier try's answer was lost")
	ErrMemberNotFound = errors.New("member not found")
	ErrAlreadyMember  = errors.New("already a member")
	// ErrNoAccount: the address has no Google account, so Google will not
	// add it (a 404 naming the address on insert, not a missing group).
	ErrNoAccount = errors.New("address has no Google account")
	ErrInvalid   = errors.New("invalid request")
	// ErrEndless: a listing that did not end within its page budget, or
	// whose pages came round again; it is an ErrInvalid too. The server
	// misbehaves, not the request: asking again for another group would
	// cost the same budget.
	ErrEndless   = fmt.Errorf("listing that does not end: %w", ErrInvalid)
	ErrForbidden = errors.New("forbidden")
	// ErrReadOnly: the provider cannot change membership (a CSV snapshot).
	ErrReadOnly = errors.New("provider is read-only")
	// ErrAuth: Google refused the credentials, or the endpoint's TLS
	// certificate is not trusted. Retrying cannot help.
	ErrAuth = errors.New("authentication failed")
	// ErrDailyLimit: the project's daily quota for the API is spent
	// (dailyLimitExceeded). Not for retrying within a run: it comes back
	// when the day's quota resets.
	ErrDailyLimit = errors.New("daily quota exceeded")

	// Retryable: the call may succeed if tried again later.
	ErrRateLimited = errors.New("rate limited")
	ErrQuota       = errors.New("quota exceeded")
	ErrUnavailable = errors.New("service unavailable")
	// ErrReadTimeout: a read (all of a group's pages, with their
	// retries) did not end within its time: an ErrUnavailable too, to
	// try again, though no call may have failed (an endpoint that
	// never stops sending pages).
	ErrReadTimeout error = readTimeout{}
)

// readTimeout is ErrReadTimeout: said as what happened, and an
// ErrUnavailable to errors.Is.
type readTimeout struct{}

func (readTimeout) Error() string { return "read timed out" }
func (readTimeout) Unwrap() error { return ErrUnavailable }

// Stats counts what a provider did, for summaries and benchmarks.
type Stats struct {
	Calls   int64 // HTTP calls made, including retries
	Retries int64
	// Refused counts calls refused for rate or quota (then retried or not).
	Refused int64
	// TimedOut counts calls that had no answer within the call timeout
	// (then retried or not).
	TimedOut int64
}

// IsRetryable reports whether err is worth retrying after a backoff.
func IsRetryable(err error) bool {
	return errors.Is(err, ErrRateLimited) || errors.Is(err, ErrQuota) || errors.Is(err, ErrUnavailable)
}

// APIError is an error answer from the Directory API, classified.
type APIError struct {
	Op      string // "members.insert security@example.org ada@example.org"
	Status  int
	Reason  string // Google's reason: duplicate, notFound, rateLimitExceeded...
	Message string
	// Hint is what the call alone says to do about the answer (a scope
	// to grant), printed after Message; a caller that knows better (the
	// same credentials read another log) leaves it out.
	Hint       string
	Kind       error // one of the sentinel errors
	RetryAfter time.Duration
	// NoAnswer: the call was given up because try after try got no
	// answer at all within the call timeout: the server is stuck, not
	// busy (see Stuck).
	NoAnswer bool
	// GaveUp: the call was given up after its retries, every try
	// answered with a server error (5xx): Google is failing, not busy
	// (see Failing).
	GaveUp bool
	// WhileFailing, on an ErrReadTimeout: the read ran out of its time
	// while its last call was being retried after failing (refused,
	// server errors, no answer), not while answers were coming slowly:
	// the endpoint is refusing or failing, not merely slow (a big group).
	WhileFailing bool
}

// Stuck reports whether err is a call given up for getting no answer at
// all, try after try: the next call to the same group will most likely
// hang as long, so a run stops sending it more.
func Stuck(err error) bool {
	var aerr *APIError
	return errors.As(err, &aerr) && aerr.NoAnswer
}

// Failing reports whether err is a call given up after its retries for
// getting no answer, or a server error, try after try: each such call
// costs minutes, and the next one most likely fails as long, so a run
// stops sending more writes that way (a quota's refusals are pacing,
// never that).
func Failing(err error) bool {
	var aerr *APIError
	return errors.As(err, &aerr) && (aerr.NoAnswer || aerr.GaveUp)
}

// Error is the call and Google's answer.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(": ")
	b.WriteString(e.Kind.Error())
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d", e.Status)
		if e.Reason != "" {
			b.WriteString(" " + e.Reason)
		}
		if m := e.said(); m != "" {
			b.WriteString(": " + m)
		}
		b.WriteString(")")
	} else if m := e.said(); m != "" {
		b.WriteString(": " + m)
	}
	return b.String()
}

// said is Google's message and the hint, as one text.
func (e *APIError) said() string {
	switch {
	case e.Hint == "":
		return e.Message
	case e.Message == "":
		return e.Hint
	}
	return e.Message + "; " + e.Hint
}

// Unwrap is the error's kind (ErrNotFound, ErrRateLimited, ...).
func (e *APIError) Unwrap() error { return e.Kind }

// Refused reports whether Google refused the call for rate or quota.
func (e *APIError) Refused() bool {
	return errors.Is(e.Kind, ErrRateLimited) || errors.Is(e.Kind, ErrQuota) || errors.Is(e.Kind, ErrDailyLimit)
}

// Receiver is someone who receives a group's mail through nested groups.
type Receiver struct {
	Email string
	Type  string   // USER, GROUP, CUSTOMER, EXTERNAL
	Via   []string // the groups the mail passes through, outermost first
	// ID is the member's id in the last group of Via, as members.list
	// gave it: what Cloud Identity's log names them by.
	ID string
}

// ErrTooDeep is returned when nested groups go deeper than Expand follows.
var ErrTooDeep = errors.New("groups nested too deep")

// Expand lists everyone who receives mail sent to group through its
// nested groups (its direct members of type GROUP), transitively: one
// Members call per nested group, each group read once however often it
// appears (so cycles end). The group's own direct members are not
// included; the nested groups themselves are, with Type GROUP. A nested
// group that cannot be read is an error: who receives the mail would be
// unknown.
func Expand(ctx context.Context, prov Provider, group string, nested []string) ([]Receiver, error) {
	const maxDepth = 16
	type item struct {
		email string
		via   []string
	}
	seen := map[string]bool{strings.ToLower(group): true}
	var queue []item
	for _, g := range nested {
		queue = append(queue, item{g, []string{group}})
	}
	var out []Receiver
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		key := strings.ToLower(it.email)
		if seen[key] {
			continue
		}
		seen[key] = true
		if len(it.via) > maxDepth {
			return out, fmt.Errorf("%s: %w (more than %d levels)", it.email, ErrTooDeep, maxDepth)
		}
		via := append(append([]string(nil), it.via...), it.email)
		out = append(out, Receiver{Email: it.email, Type: "GROUP", Via: it.via})
		ms, err := prov.Members(ctx, it.email)
		if err != nil {
			return out, fmt.Errorf("read nested group %s (in %s): %w", it.email, strings.Join(it.via, " > "), err)
		}
		for _, m := range ms {
			switch {
			case m.Type == "GROUP" && m.Email != "":
				queue = append(queue, item{m.Email, via})
			case m.Email == "" && m.Type != "CUSTOMER":
			default:
				out = append(out, Receiver{Email: m.Email, Type: m.Type, Via: via, ID: m.ID})
			}
		}
	}
	return out, nil
}

// Check is one line of a setup check (roster doctor): what was checked,
// whether it passed, and, when not, what fixes it.
type Check struct {
	Status CheckStatus
	Name   string // "credentials", "token", "group security@example.org"
	Detail string
	Fix    string
}

// CheckStatus is the outcome of a Check.
type CheckStatus string

// Check outcomes. Only FAIL means a sync would not work.
const (
	Pass CheckStatus = "PASS"
	Warn CheckStatus = "WARN"
	Fail CheckStatus = "FAIL"
	Skip CheckStatus = "SKIP"
)

// SameAddress reports whether a and b are one address as Google writes
// it back, ignoring the case of ASCII letters only: Unicode folding
// would take the Kelvin sign for a k, and another group or mailbox for
// this one.
func SameAddress(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
