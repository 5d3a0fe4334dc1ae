package plan

import (
	"fmt"
	"strings"

	"github.com/roster-dev/roster/members"
)

// Entries finds a file's entries by identity (members.IdentityOf), as
// the plan matches live members to them: the index is made on the first
// look-up, once for all of them (an address is parsed to be folded).
type Entries struct {
	f         *members.File
	by        map[string]*members.Member
	byMailbox map[string]*members.Member
}

// NewEntries indexes f's entries, when first asked.
func NewEntries(f *members.File) *Entries { return &Entries{f: f} }

// Of is the entry whose address is email's identity; nil when the file
// has none (or is nil).
func (e *Entries) Of(email string) *members.Member {
	if e.f == nil {
		return nil
	}
	if e.by == nil {
		e.by = make(map[string]*members.Member, len(e.f.Members))
		e.byMailbox = make(map[string]*members.Member, len(e.f.Members))
		for _, m := range e.f.Members {
			if id := members.IdentityOf(m.Email); e.by[id] == nil {
				e.by[id] = m
			}
			if mb := members.MailboxOf(m.Email); e.byMailbox[mb] == nil {
				e.byMailbox[mb] = m
			}
		}
	}
	return e.by[members.IdentityOf(email)]
}

// OfMailbox is Of, else the entry of email's mailbox under another
// spelling (a +tag).
func (e *Entries) OfMailbox(email string) *members.Member {
	if m := e.Of(email); m != nil || e.f == nil {
		return m
	}
	return e.byMailbox[members.MailboxOf(email)]
}

// elsewhere says where the file lists a live member it does not list on
// their group's list (list): "line 180 lists them only on security-reports", or
// "" when the file has no entry for them.
func elsewhere(entries *Entries, list string, u LiveMember) string {
	if u.Type != "" || u.Email == "" {
		return ""
	}
	m := entries.OfMailbox(u.Email)
	if m == nil {
		return ""
	}
	if _, on := m.RoleOn(list); on {
		return "" // this list's entry, under another spelling: the reason says so
	}
	var on []string
	for _, ms := range m.Lists {
		on = append(on, ms.List)
	}
	// The line validate's finding about the entry names: its lists.
	line := m.At("lists").Line
	if len(on) == 0 {
		return fmt.Sprintf("line %d has an entry for them on no list", line)
	}
	return fmt.Sprintf("line %d lists them only on %s", line, strings.Join(on, ", "))
}
