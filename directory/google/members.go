package google

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// Members lists a group's direct members: ceil(n/200) calls, one for an
// empty group, never one per member. What the API sends is not trusted
// blindly: a member listed twice (overlapping pages) is kept once, by
// id; a page token seen before is a cycle and an error, and so are pages
// in a row that list only members listed already; more pages than the
// budget, or a listing that does not end within the read timeout, is an
// error, never an endless loop.
func (g *Client) Members(ctx context.Context, group string) ([]directory.Member, error) {
	return g.list(ctx, group, "")
}

// Managers lists a group's owners and managers (members.list with
// roles=OWNER,MANAGER): as Members, but a page or so where Members
// reads every member.
func (g *Client) Managers(ctx context.Context, group string) ([]directory.Member, error) {
	return g.list(ctx, group, "OWNER,MANAGER")
}

// maxRepeatedPages is how many pages in a row that bring no member not
// listed already end a listing as endless. Overlap between two pages
// (a member added while the listing is read) repeats a few members,
// never whole pages, let alone several in a row.
const maxRepeatedPages = 5

// list is members.list of group, of the roles given ("" for all).
func (g *Client) list(ctx context.Context, group, roles string) ([]directory.Member, error) {
	var out []directory.Member
	listed := make(map[string]bool)
	dups := 0
	// A member with no address that is not the whole domain (CUSTOMER)
	// is someone roster cannot name: a plan would read them as the
	// domain, or as nobody the file lists, and remove them. The listing
	// is refused whole, and the list left alone.
	var nameless *admin.Member
	// A member with no id cannot be removed or changed: members.delete
	// and members.patch name a member by it, and an empty one names the
	// members collection instead, whose 404 would read as "already
	// gone". Google always sends one; a listing without is refused whole
	// too.
	var idless *admin.Member
	// An address listed under two ids: Google keeps one member per
	// address in a group, so one of them is made up, and which one a
	// plan would take for the member (and remove the other as a second
	// spelling) is the listing's to choose: refused whole.
	idOf := make(map[string]string)
	var twice [2]*admin.Member
	// Pages in a row that list only members listed already: Google's
	// pages do not overlap, so a listing that goes on sending the same
	// members under new tokens is stopped here, before the page budget.
	var rep repeats
	err := g.pages(ctx, callList, "members.list "+group, "listing", func(ctx context.Context, token string) (string, error) {
		call := g.members.List(group).MaxResults(200).Context(ctx).
			Fields("nextPageToken", "members(id,email,role,type,status)")
		if roles != "" {
			call = call.Roles(roles)
		}
		if token != "" {
			call = call.PageToken(token)
		}
		resp, err := call.Do()
		if err != nil {
			return "", err
		}
		// Each page's date: the listing's is the last page's, and each
		// member's the page's that listed them (a change shown on a
		// later page was made before that page was read, and one of a
		// member listed earlier may be after their page).
		seen := g.dateOf(resp.ServerResponse.Header, "members.list "+group)
		if roles == "" {
			g.noteRead(group, seen)
		}
		if len(resp.Members) > 200 {
			return "", &directory.APIError{Op: "members.list " + group, Kind: directory.ErrInvalid,
				Message: fmt.Sprintf("a page of %d members, more than the 200 asked for; refusing to trust it", len(resp.Members))}
		}
		keys := make([]string, 0, len(resp.Members))
		for _, m := range resp.Members {
			if m == nil {
				continue
			}
			if m.Email == "" && m.Type != "CUSTOMER" {
				nameless = m
				return "", nil // read no further: the listing is refused
			}
			if m.Id == "" {
				idless = m
				return "", nil // read no further: the listing is refused
			}
			keys = append(keys, m.Id)
			if listed[m.Id] {
				dups++
				continue
			}
			// Keyed as the plan matches members (members.IdentityOf:
			// case, Unicode form, Gmail's dots and googlemail.com), which
			// Google counts as one member too; a look-alike stays apart.
			if addr := members.IdentityOf(m.Email); m.Email != "" {
				if other, ok := idOf[addr]; ok && other != m.Id {
					twice = [2]*admin.Member{{Id: other, Email: m.Email}, m}
					return "", nil // read no further: the listing is refused
				}
				idOf[addr] = m.Id
			}
			listed[m.Id] = true
			dm := fromAPI(m)
			dm.Seen = seen
			out = append(out, dm)
		}
		if rep.page(keys, resp.NextPageToken != "") {
			return "", rep.endless("members.list "+group, "members")
		}
		return resp.NextPageToken, nil
	})
	if err != nil {
		return nil, err
	}
	if nameless != nil {
		return nil, &directory.APIError{Op: "members.list " + group, Kind: directory.ErrInvalid,
			Message: fmt.Sprintf("Google listed a member of type %q (id %s) with no address, and only the whole domain (CUSTOMER) has none; roster cannot tell who it is, so it leaves the list alone", nameless.Type, nameless.Id)}
	}
	if idless != nil {
		return nil, &directory.APIError{Op: "members.list " + group, Kind: directory.ErrInvalid,
			Message: fmt.Sprintf("Google listed a member %q of type %q with no id, which Google always sends and roster removes or changes a member by; roster cannot act on them, so it leaves the list alone; check that --endpoint answers as Google does", idless.Email, idless.Type)}
	}
	if twice[1] != nil {
		return nil, &directory.APIError{Op: "members.list " + group, Kind: directory.ErrInvalid,
			Message: fmt.Sprintf("Google listed %s under two ids (%s and %s), and a group has one member per address; roster cannot tell which is real, so it leaves the list alone; check that --endpoint answers as Google does", twice[1].Email, twice[0].Id, twice[1].Id)}
	}
	if dups > 0 {
		g.log.Warn("the listing repeated members; each is counted once", "group", group, "repeated", dups)
	}
	return out, nil
}

func fromAPI(m *admin.Member) directory.Member {
	role, ok := directory.ParseRole(m.Role)
	if !ok {
		role = directory.Role(m.Role)
	}
	return directory.Member{ID: m.Id, Email: m.Email, Role: role, Type: m.Type, Status: m.Status}
}

// Member gets one member by the address Google stores, an alias of it, or
// its id. Another spelling of the stored address (case, dots) may 404.
// An empty key is refused (ErrInvalid), as by Remove.
func (g *Client) Member(ctx context.Context, group, key string) (directory.Member, error) {
	if err := checkMemberKey("members.get "+group, key); err != nil {
		return directory.Member{}, err
	}
	var m *admin.Member
	err := g.get(ctx, callGet, "members.get "+group+" "+key, func(ctx context.Context) error {
		var err error
		m, err = g.members.Get(group, key).Context(ctx).Do()
		return err
	})
	if err != nil {
		return directory.Member{}, err
	}
	return fromAPI(m), nil
}

// Add inserts a member.
func (g *Client) Add(ctx context.Context, group, email string, role directory.Role) (directory.Member, error) {
	var m *admin.Member
	err := g.do(ctx, callInsert, "members.insert "+group+" "+email, func(ctx context.Context) error {
		var err error
		m, err = g.members.Insert(group, &admin.Member{Email: email, Role: string(role)}).Context(ctx).Do()
		return err
	})
	if err != nil {
		return directory.Member{}, err
	}
	if m == nil || m.Id == "" && m.Email == "" {
		// Google answers an insert with the member made; an empty answer
		// says nothing was, and counted as done it would be "added" on
		// every run while the member never gets on the group.
		return directory.Member{}, &directory.APIError{Op: "members.insert " + group + " " + email, Kind: directory.ErrInvalid,
			Message: "the answer names no member (no id, no address), where Google answers with the member added; not counted as done; check that --endpoint answers as Google does"}
	}
	return fromAPI(m), nil
}

// Remove deletes a member by id. An empty id is refused (ErrInvalid),
// no request sent: it would name the members collection, not a member.
func (g *Client) Remove(ctx context.Context, group, memberID string) error {
	if err := checkMemberKey("members.delete "+group, memberID); err != nil {
		return err
	}
	return g.do(ctx, callDelete, "members.delete "+group+" "+memberID, func(ctx context.Context) error {
		return g.members.Delete(group, memberID).Context(ctx).Do()
	})
}

// SetRole patches a member's role by id. An empty id is refused
// (ErrInvalid), as by Remove.
func (g *Client) SetRole(ctx context.Context, group, memberID string, role directory.Role) error {
	if err := checkMemberKey("members.patch "+group, memberID); err != nil {
		return err
	}
	return g.do(ctx, callPatch, "members.patch "+group+" "+memberID, func(ctx context.Context) error {
		_, err := g.members.Patch(group, memberID, &admin.Member{Role: string(role)}).Context(ctx).Do()
		return err
	})
}

// checkMemberKey refuses an empty member key before any request: the
// client library would leave the path's last segment empty, sending the
// call to the members collection (.../members/), and a 404 from there
// would read as "member already gone" while the member stays.
func checkMemberKey(op, key string) error {
	if key != "" {
		return nil
	}
	return &directory.APIError{Op: op, Kind: directory.ErrInvalid,
		Message: "an empty member key (id or address) would name the whole members collection, not a member; nothing was sent; read the group again (roster plan) and report this if it persists"}
}

// MembersReadAt is when, by Google's clock, the last listing of group's
// members was answered (its last page's Date, to the second, or
// roster's own clock where that Date is off it: see dateOf); zero when
// none was read, or Google sent no date. See directory.ReadClock.
func (g *Client) MembersReadAt(group string) time.Time {
	g.readAt.Lock()
	defer g.readAt.Unlock()
	return g.readAt.at[strings.ToLower(group)]
}

// noteRead keeps at, a page's date, as group's read time.
func (g *Client) noteRead(group string, at time.Time) {
	if at.IsZero() {
		return
	}
	g.readAt.Lock()
	defer g.readAt.Unlock()
	if g.readAt.at == nil {
		g.readAt.at = map[string]time.Time{}
	}
	g.readAt.at[strings.ToLower(group)] = at
}

// dateSkew is how far an answer's Date may be behind roster's own clock
// and still date a read: as far as audit's futureSkew lets an event's
// time be ahead of it. Google's clock and one kept by NTP agree to well
// within a second; a Date further behind is a clock (or a proxy
// rewriting answers) that is wrong, and dated by it a read an hour
// behind had every change of that hour left out as made after it,
// unexplained (s31-attr finding 2).
const dateSkew = 5 * time.Minute

// dateOf is the date to give a read answered with header: its Date, to
// the second; zero when there is none. A Date more than dateSkew behind
// roster's clock as the answer arrived is replaced by that clock (to the
// second), which is warned of once. Which of the two clocks is wrong is
// not known, and events are dated by Google's: dated by the later one, a
// read keeps every event made before it, at worst with some made after
// it, as a read with no Date keeps every event. For the same reason a
// Date ahead of roster's clock, which only keeps more, is taken as it is.
func (g *Client) dateOf(header http.Header, op string) time.Time {
	date, _ := http.ParseTime(header.Get("Date"))
	if date.IsZero() {
		return date
	}
	arrived := g.now()
	behind := arrived.Sub(date)
	if behind <= dateSkew {
		return date
	}
	g.readAt.Lock()
	warn := !g.readAt.skewed
	g.readAt.skewed = true
	g.readAt.Unlock()
	if warn {
		g.log.Warn("an answer of Google's is dated more than 5 minutes behind roster's clock; its reads are dated by roster's clock instead, so that no change made before a read is taken for one after it; check this machine's clock (NTP) and any proxy in front of --endpoint",
			"op", op, "date", date.UTC().Format(time.RFC3339), "roster_clock", arrived.UTC().Format(time.RFC3339), "behind", behind.Round(time.Second).String())
	}
	return arrived.Truncate(time.Second)
}
