package directory

import (
	// An export names its time zone; a container without the system's
	// zone files must still read it (400 KB more in the binary, measured).
	_ "time/tzdata"

	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roster-dev/roster/internal/regular"
	"github.com/roster-dev/roster/members"
)

// CSV is the live membership of a group roster cannot reach through the
// API, such as a consumer group (…@googlegroups.com): the group's member
// export, saved as a file. It reads; it cannot write, so the plan for such
// a list is a checklist for a person with the group's admin page open.
type CSV struct {
	// Path of the export file.
	Path string
	// Data, when not nil, is the export as read elsewhere (from a
	// revision in git, as a pull request's plan reads it); Path then
	// only names it.
	Data []byte
}

var _ Provider = CSV{}

// MaxSnapshot bounds a snapshot's size, wherever it is read from (the
// checkout, a commit, --from-csv): an export of 500,000 members is some
// 40 MB, and a larger file (sparse, or zeros packed to nothing in a
// commit) would take the run's memory.
const MaxSnapshot = 64 << 20

// Members reads the snapshot, which must be group's where it names its
// group (see ParseSnapshotOf).
func (c CSV) Members(ctx context.Context, group string) ([]Member, error) {
	if c.Data != nil {
		return ParseSnapshotOf(c.Path, c.Data, group)
	}
	data, err := regular.ReadFileAtMost(c.Path, MaxSnapshot)
	if err != nil {
		return nil, fmt.Errorf("read snapshot of %s: %w (export the group's members and save them there)", group, err)
	}
	return ParseSnapshotOf(c.Path, data, group)
}

// Managers reads the snapshot's owners and managers.
func (c CSV) Managers(ctx context.Context, group string) ([]Member, error) {
	ms, err := c.Members(ctx, group)
	return slices.DeleteFunc(ms, func(m Member) bool { return m.Role != RoleOwner && m.Role != RoleManager }), err
}

// Member finds one member of the snapshot by email.
func (c CSV) Member(ctx context.Context, group, key string) (Member, error) {
	ms, err := c.Members(ctx, group)
	if err != nil {
		return Member{}, err
	}
	for _, m := range ms {
		if strings.EqualFold(m.Email, key) || m.ID == key {
			return m, nil
		}
	}
	return Member{}, fmt.Errorf("%s in snapshot %s: %w", key, c.Path, ErrMemberNotFound)
}

// Add is not possible on a snapshot.
func (c CSV) Add(ctx context.Context, group, email string, role Role) (Member, error) {
	return Member{}, fmt.Errorf("add %s to %s: %w: add them in the group's web page, then export the members again", email, group, ErrReadOnly)
}

// Remove is not possible on a snapshot.
func (c CSV) Remove(ctx context.Context, group, memberID string) error {
	return fmt.Errorf("remove %s from %s: %w: remove them in the group's web page, then export the members again", memberID, group, ErrReadOnly)
}

// SetRole is not possible on a snapshot.
func (c CSV) SetRole(ctx context.Context, group, memberID string, role Role) error {
	return fmt.Errorf("change the role of %s on %s: %w: change it in the group's web page, then export the members again", memberID, group, ErrReadOnly)
}

// SnapshotError is a problem in a snapshot file, with its position.
type SnapshotError struct {
	File      string
	Line, Col int
	Msg       string
	// Of names the groups an export names, when it is refused as
	// another group's than the one asked for (the group's own address,
	// where the list is written at an alias of it, for one).
	Of []string
}

// Error says which snapshot and why.
func (e *SnapshotError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Column names of the two export formats Google produces: the Groups web
// page's "Export members" ("Email address", "Group status", preceded by a
// title row in some versions) and the Admin console's bulk format
// ("Group Email [Required]", "Member Email", "Member Type", "Member Role").
var (
	groupColumns = []string{"group email", "group"}
	emailColumns = []string{"email address", "member email", "email"}
	roleColumns  = []string{"group status", "member role", "role"}
	typeColumns  = []string{"member type", "type"}
	// The web page's export dates each join in columns of their own.
	joinColumns = [7][]string{{"join year"}, {"join month"}, {"join day"}, {"join hour"}, {"join minute"}, {"join second"}, {"time zone"}}
)

// joinedOn reads when a row says its member joined, from the columns at
// cols (year, month, day, hour, minute, second, time zone): the moment
// when all are there and the zone is one this machine knows, else the
// day (dayOnly); zero when the day is missing or no real date.
func joinedOn(rec []string, cols [7]int) (at time.Time, dayOnly bool) {
	field := func(i int) string {
		if cols[i] < 0 || cols[i] >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[cols[i]])
	}
	var n [6]int
	known := 0
	for i := range n {
		v, err := strconv.Atoi(field(i))
		if err != nil {
			break
		}
		n[i] = v
		known++
	}
	if known < 3 {
		return time.Time{}, false
	}
	day := time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.UTC)
	if day.Year() != n[0] || int(day.Month()) != n[1] || day.Day() != n[2] || n[0] < 1990 {
		return time.Time{}, false // Feb 31 is no day, not Mar 3
	}
	if known < 6 {
		return day, true
	}
	loc, err := time.LoadLocation(field(6))
	if err != nil || field(6) == "" {
		return day, true
	}
	at = time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, loc)
	if at.Hour() != n[3] || at.Minute() != n[4] || at.Second() != n[5] {
		return day, true
	}
	return at, false
}

// notMembers are statuses in an export of people who are not (yet, or no
// longer) members: they receive nothing, so they are not live members.
var notMembers = map[string]bool{"invited": true, "pending": true, "requested": true, "banned": true}

// ParseSnapshot reads a Google Groups member export. Rows before the
// header (a title like "Members for group X") are skipped; quoted fields,
// a byte-order mark and CRLF line ends are accepted. Every problem names
// the file, line and column.
func ParseSnapshot(name string, data []byte) ([]Member, error) {
	return ParseSnapshotOf(name, data, "")
}

// ParseSnapshotOf is ParseSnapshot of the export of group ("" for any),
// also known as aliases (its other addresses, as Google gives them):
// where the export names its group (the Admin console's "Group Email"
// column, the Groups page's "Members for group X" title), the rows of
// another group are not this one's members, and an export of another
// group alone is refused, never read as this group's. An export that
// lists nobody (a header and no row: a download cut short, since an
// export lists at least whoever made it) is refused as an empty one is.
func ParseSnapshotOf(name string, data []byte, group string, aliases ...string) ([]Member, error) {
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) || bytes.IndexByte(data, 0) >= 0 {
		return nil, &SnapshotError{File: name, Msg: "the snapshot is UTF-16 (or holds NUL bytes), not UTF-8 text; save the export as CSV UTF-8 and try again"}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &SnapshotError{File: name, Msg: "the snapshot is empty; an empty export is never read as \"no members\" — export the group's members again"}
	}
	if !bytes.Contains(data, []byte{'\n'}) {
		// Lines ended by a carriage return alone (Excel's "CSV
		// (Macintosh)"): read as lines, not as one header of every row.
		data = bytes.ReplaceAll(data, []byte{'\r'}, []byte{'\n'})
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	emailCol, roleCol, typeCol, groupCol := -1, -1, -1, -1
	var joinCols [7]int
	var out []Member
	seen := make(map[string]int)
	rows, others := 0, map[string]bool{}
	ours := func(named string) bool {
		if group == "" || named == "" {
			return true
		}
		return slices.ContainsFunc(append([]string{group}, aliases...), func(a string) bool { return members.IdentityOf(a) == members.IdentityOf(named) })
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var perr *csv.ParseError
			if errors.As(err, &perr) {
				return nil, &SnapshotError{File: name, Line: perr.Line, Col: perr.Column, Msg: perr.Err.Error()}
			}
			return nil, &SnapshotError{File: name, Msg: err.Error()}
		}
		line, _ := r.FieldPos(0)
		if emailCol < 0 {
			if named := titledGroup(rec); !ours(named) {
				return nil, &SnapshotError{File: name, Line: line, Col: 1, Msg: fmt.Sprintf("the export is of %q, not %s; export %s's members", named, group, group), Of: []string{named}}
			}
			emailCol, roleCol, typeCol, groupCol = findColumn(rec, emailColumns), findColumn(rec, roleColumns), findColumn(rec, typeColumns), findColumn(rec, groupColumns)
			for i, names := range joinColumns {
				joinCols[i] = findColumn(rec, names)
			}
			if emailCol < 0 && line > 5 {
				return nil, &SnapshotError{File: name, Line: 1, Col: 1, Msg: "no header row with an \"Email address\" or \"Member Email\" column in the first lines; is this a Google Groups member export?"}
			}
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if emailCol >= len(rec) {
			return nil, &SnapshotError{File: name, Line: line, Col: 1, Msg: fmt.Sprintf("row has %d fields, no email column", len(rec))}
		}
		rows++
		if groupCol >= 0 && groupCol < len(rec) {
			if named := strings.TrimSpace(rec[groupCol]); !ours(named) {
				others[named] = true
				continue // another group's row
			}
		}
		email := strings.TrimSpace(rec[emailCol])
		_, col := r.FieldPos(emailCol)
		if email == "" || !strings.Contains(email, "@") || strings.ContainsAny(email, " <>,;\"\t\r\n") {
			return nil, &SnapshotError{File: name, Line: line, Col: col, Msg: fmt.Sprintf("%q is not an email address", email)}
		}
		role := RoleMember
		if roleCol >= 0 && roleCol < len(rec) {
			v := strings.ToLower(strings.TrimSpace(rec[roleCol]))
			if notMembers[v] {
				continue
			}
			var ok bool
			if role, ok = ParseRole(v); !ok {
				_, rcol := r.FieldPos(roleCol)
				return nil, &SnapshotError{File: name, Line: line, Col: rcol, Msg: fmt.Sprintf("role %q is not owner, manager or member", rec[roleCol])}
			}
		}
		typ := "USER"
		switch {
		case typeCol >= 0 && typeCol < len(rec) && strings.TrimSpace(rec[typeCol]) != "":
			typ = strings.ToUpper(strings.TrimSpace(rec[typeCol]))
		case strings.HasSuffix(members.IdentityOf(email), "@googlegroups.com"):
			// A Google Groups export names no member's type, but
			// googlegroups.com holds groups alone, never a person.
			typ = "GROUP"
		}
		// One mailbox as the plan matches members (members.IdentityOf:
		// case, Unicode form, Gmail's dots), listed twice, is refused; a
		// look-alike (the Kelvin sign for a k) is another address, not
		// "listed twice" beside the one it imitates.
		key := members.IdentityOf(email)
		if prev, ok := seen[key]; ok {
			return nil, &SnapshotError{File: name, Line: line, Col: col, Msg: fmt.Sprintf("%s is listed twice (also on line %d)", email, prev)}
		}
		seen[key] = line
		joined, dayOnly := joinedOn(rec, joinCols)
		out = append(out, Member{ID: email, Email: email, Role: role, Type: typ, Status: "ACTIVE", Joined: joined, JoinedDayOnly: dayOnly})
	}
	if emailCol < 0 {
		return nil, &SnapshotError{File: name, Line: 1, Col: 1, Msg: "no header row with an \"Email address\" or \"Member Email\" column; is this a Google Groups member export?"}
	}
	switch {
	case rows == 0:
		return nil, &SnapshotError{File: name, Msg: "the snapshot has a header and no member (an export lists at least whoever made it: a download cut short?); export the group's members again"}
	case len(out) == 0 && len(others) > 0:
		// Quoted, as the file's other cells are: a row is anyone's text.
		named := slices.Sorted(maps.Keys(others))
		quoted := make([]string, len(named))
		for i, n := range named {
			quoted[i] = strconv.Quote(n)
		}
		return nil, &SnapshotError{File: name, Msg: fmt.Sprintf("the export is of %s, not %s; export %s's members", strings.Join(quoted, ", "), group, group), Of: named}
	}
	return out, nil
}

// titledGroup is the group a title row before the header names
// ("Members for group X", "Group: X", "Members for group Name (X)"): the
// first address in a row that says "group", or "".
func titledGroup(rec []string) string {
	line := strings.Join(rec, " ")
	if !strings.Contains(strings.ToLower(line), "group") {
		return ""
	}
	for _, w := range strings.Fields(line) {
		if w = strings.Trim(w, `"',.:;()<>[]`); strings.Count(w, "@") == 1 && !strings.HasPrefix(w, "@") && !strings.HasSuffix(w, "@") {
			return w
		}
	}
	return ""
}

func findColumn(header []string, names []string) int {
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(h), "[Required]")))
		for _, n := range names {
			if h == n {
				return i
			}
		}
	}
	return -1
}
