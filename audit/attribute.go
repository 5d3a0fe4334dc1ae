package audit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// AuditLogDays is how long Google keeps the Admin audit log.
const AuditLogDays = 180

// ReadLogDays is how far back roster reads the log: Google refuses a start
// time before the days it keeps, so a day short of them (a start
// computed a moment before the request reaches Google must not fall
// outside them, and readers of the log that asked for all 180 days met
// refusals).
const ReadLogDays = AuditLogDays - 1

// LogDelay is how late Google's audit log may show an event of an
// application: minutes for the Admin console and the API ("admin"), up to
// about half an hour for the Groups UI and Cloud Identity ("groups",
// "groups_enterprise") (Reports API, "Data retention and lag times"). A
// live difference newer than this may simply not be logged yet.
func LogDelay(application string) time.Duration {
	if application == directory.AppAdmin {
		return 10 * time.Minute
	}
	return 30 * time.Minute
}

// Attribute fills in, from Google's audit log, who made each live
// difference of the plan by hand and when: the live member the file does
// not name (who added them), the member the file lists but the group
// lacks (who removed them), a role or setting that differs. roster's own
// writes are never cited as changes by hand: those made through its
// OAuth client, and those that made the group agree with the file as it
// stood then. Events of another group are never cited; a bulk upload is
// named as such (Google logs no names for it); a difference with no
// event says it may not be logged yet. A list whose log cannot be read
// says why in its Attribution. It returns the first such reason, for a
// note, or "".
func Attribute(ctx context.Context, p *plan.Plan, providers map[string]directory.Provider, opts AttributeOptions) string {
	type job struct {
		l  *plan.List
		ap directory.ActivityProvider
	}
	var jobs, failing []job
	for _, l := range p.Lists {
		ap, ok := providers[l.ID].(directory.ActivityProvider)
		switch {
		case !ok || l.Error != "" || l.GroupMissing || !drifted(l) || onlyNewInWindow(l, opts.NewInWindow):
		case onlyAddsOfAFailingList(l):
			failing = append(failing, job{l, ap})
		default:
			jobs = append(jobs, job{l, ap})
		}
	}
	if len(failing) <= failingListsAsked {
		jobs = append(jobs, failing...)
	} else {
		for _, j := range failing {
			j.l.Attribution = fmt.Sprintf("who took the missing members off %s, if anyone did, was not asked of Google's audit log: %d lists fail their own policy, which sync leaves alone, and asking costs three reads a group; audit --live --list %s asks", j.l.Address, len(failing), j.l.ID)
		}
	}
	if len(jobs) == 0 {
		return ""
	}
	r := &attribution{since: opts.Now.AddDate(0, 0, -ReadLogDays), opts: opts, bulkDone: make(chan struct{}), bulkClaims: map[string]int64{}, bulkPhrases: map[string]string{}, bulkAdded: map[string]int64{},
		first: map[string]*firstRead{}, failed: map[string]logFailure{}}
	for app, err := range opts.Failed {
		r.fail(app, changedSinceRead, err)
	}
	defer r.waitBulk()
	// Side by side, as they were read: one at a time, a sync of 140
	// drifted lists at 300 ms a call spent two minutes here. Each writes
	// only its own list; the first read of each log goes alone (read).
	limit := opts.Concurrency
	if limit <= 0 {
		limit = 8
	}
	var g errgroup.Group
	g.SetLimit(limit)
	for _, j := range jobs {
		g.Go(func() error {
			r.list(ctx, j.l, j.ap)
			return nil
		})
	}
	_ = g.Wait()
	r.markOverclaimed(p)
	return r.refusal()
}

// failingListsAsked is how many lists whose own policy fails, and whose
// only differences are members the group lacks, Attribute asks the audit
// log about (who took them off): sync leaves such lists alone, and a
// file whose 60,000 lists all fail would spend hours on three reads a
// group; a few are an auditor's question worth the reads.
const failingListsAsked = 50

// attribution is one Attribute call's shared state.
type attribution struct {
	since time.Time
	opts  AttributeOptions

	mu   sync.Mutex
	note string // why the audit log could not be read for the domain, once met
	// first holds, per log, its first read of the call, which the others
	// wait for; failed, per log, how it failed for the domain, once it
	// did (see read).
	first  map[string]*firstRead
	failed map[string]logFailure
	// bulk holds the domain's bulk uploads once bulkDone is closed; read
	// once, by the first list whose logs leave something unexplained.
	// bulkUnread says why they were not read, when they were not.
	bulkOnce   sync.Once
	bulkStart  bool
	bulk       []directory.Activity
	bulkUnread *unreadLog
	bulkDone   chan struct{}
	// bulkClaims counts, per bulk upload, the differences it was offered
	// for (claimBulk).
	bulkClaims map[string]int64
	// bulkPhrases are the words each upload is offered in (bulkPhrase),
	// for markOverclaimed to find.
	bulkPhrases map[string]string
	// bulkAdded is how many members the uploads of an offer added in
	// all (-1: one Google gave no count for, bound by nothing).
	bulkAdded map[string]int64
}

func (r *attribution) refusal() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.note
}

type attributor struct {
	l    *plan.List
	opts AttributeOptions
	acts []directory.Activity // of this group, oldest first
	// unread are the logs that could not be read, for what none
	// explains: it may be in one of them.
	unread []unreadLog
	// liveRole, while a role change is explained, is the role the member
	// has live (see agreesAt).
	liveRole members.Role
	// resolved pairs entries the plan adds back with the primary address
	// Google logged roster's add of them under (see resolvedEarlier).
	resolved []resolution
	// liveIDs returns the ids of the members on the group now (the plan's
	// and members.list's), read once when an event that names its member
	// by id alone is weighed; false when they could not be read.
	liveIDs func() ([]string, bool)
	// claimBulk counts a difference the bulk uploads are offered for
	// (attribution.claimBulk); nil counts nothing.
	claimBulk func([]directory.Activity)
	// spelledAs indexes fileSpellings by the live member's identity,
	// built once a run: asked for each change, a scan of the list's
	// changes each time made a sync of 20,000 adds quadratic.
	spelledAs map[string][]string
}

// run fills in what the events read so far explain, and returns how
// many differences none of them explains yet; when last is true, those
// say that nothing in the log explains them.
func (a attributor) run(last bool) (pending int) {
	a.spelledAs = a.indexSpellings()
	for i := range a.l.Changes {
		c := &a.l.Changes[i]
		if c.ChangedBy != "" {
			continue
		}
		var found bool
		// silent: for an add or a role the group lacks, no event is no
		// news, so the last pass says nothing; while the file says the
		// group should have had it (expected), the later logs are read
		// for it, as a removal in the Groups UI is only there.
		silent := true
		var st eventState
		switch c.Action {
		case plan.ActionAdd:
			// The group lacks someone the file lists: who removed them?
			// Someone the file lists anew has no event, and is no news.
			c.ChangedBy, st = a.byHand(c.Email, "", directory.EffectRemoved)
			found = st == current || !a.expected(c.Email, "") && !a.listedSinceHistoryBegan(c.Email)
		case plan.ActionRemove:
			// The group has someone the file does not list: who added
			// them? (If the file took them off, its commit says why;
			// unless a later log has them added again since.)
			c.ChangedBy, st = a.byHand(c.Email, c.MemberID, directory.EffectAdded)
			found = st == current || !c.WalkIn() && st == noEvent
			silent = false
			if c.PreviousRole.Rank() > members.RoleMember.Rank() {
				// Added, then given the role they leave with: the line
				// that takes them off names who made them an owner too,
				// also when the add was roster's and the promotion not.
				switch role, rst := a.byHand(c.Email, c.MemberID, directory.EffectRole); {
				case rst != current || role == "" || role == c.ChangedBy:
				case c.ChangedBy == "":
					c.ChangedBy = role
				default:
					c.ChangedBy += "; " + role
				}
			}
		case plan.ActionSetRole:
			found, silent = a.roleChange(c)
		}
		if !found {
			pending++
			switch {
			case last && !silent && c.Action == plan.ActionSetRole:
				c.ChangedBy = a.roleUnexplained(c)
			case last && !silent:
				c.ChangedBy = a.unexplainedOf(c.Email, c.MemberID, c.PreviousRole)
			case last && c.Action == plan.ActionAdd && c.Blocked == "":
				// Someone the file lists is not on the group, and no
				// event by their address says who took them off. (Someone
				// whose add is blocked may never have been on it: roster
				// did not add them, and another's removal is no news of
				// them.)
				c.ChangedBy = a.goneUnexplained(c.Email)
			}
		}
	}
	for i := range a.l.Unmanaged {
		pending += a.whoAdded(&a.l.Unmanaged[i], last)
	}
	for i := range a.l.Unvetted {
		// Someone the file lists but does not admit: roster refused to
		// add them, so whoever did is named. With no event, nothing is
		// said: they may have been on the group since before the file.
		pending += a.whoAdded(&a.l.Unvetted[i], false)
	}
	if a.l.PastCap == nil {
		// The group is past its cap: of those the file lists, whom the
		// log shows added by hand put it there (roster adds nobody past
		// the cap), and are named as the unvetted are.
		for _, u := range a.l.OverCapListed {
			pending += a.whoAdded(&u, false)
			if u.ChangedBy != "" {
				a.l.PastCap = append(a.l.PastCap, u)
			}
		}
	}
	for i := range a.l.Settings {
		s := &a.l.Settings[i]
		if s.ChangedBy != "" {
			continue
		}
		// The newest change of the setting says who set the live value;
		// when it is roster's, nobody changed it by hand since. None yet:
		// the next log may have it (the Groups UI's, for an owner).
		found, logged := false, false
		var other *directory.Activity // the newest, setting another value
		for j := len(a.acts) - 1; j >= 0; j-- {
			ev := a.acts[j]
			if ev.Effect() == directory.EffectSetting && sameSetting(ev.SettingField(), s.Field) {
				logged = true
				if !setsTo(ev, s.Field, s.Live) {
					// It set another value than the live one: what set
					// that is in no log read (a permission the Groups UI
					// logs under another name), or newer than the log's
					// delay: named by nobody, and never "older than
					// the log", which this event rules out.
					other = &a.acts[j]
					break
				}
				switch later := a.unlessLater(); {
				case !a.ours(ev):
					s.ChangedBy = a.describe(ev) + later
				case later != "":
					// roster's own, as far as the logs read tell: a
					// line saying nothing would read as "nobody", when
					// a log not read may hold a change since.
					s.ChangedBy = fmt.Sprintf("set by roster on %s (%s)%s", ev.Time.UTC().Format(changedLayout), ev.Event, later)
				}
				found = true
				break
			}
		}
		if created, ok := a.created(); !found && !logged && ok {
			// The log has the group's whole life, and nothing in it
			// changed the setting: the value is the one Google gave the
			// new group, not a change too new or too old for the log.
			// (Bulk uploads, the next read, change no setting.)
			s.ChangedBy = a.defaultSince(created, s.Field, s.Live)
			found = true
		}
		if !found {
			pending++
			if last {
				// As for a member: the log lags, and keeps six months.
				s.ChangedBy = a.unexplainedSetting()
				if other != nil {
					s.ChangedBy = a.settingSinceLogged(*other)
				}
			}
		}
	}
	return pending
}

// setsTo reports whether a setting event may have set field to value:
// it logs no new value, or one of its new values is it (in any case: the
// Groups UI may log "anyone_can_join" for the API's ANYONE_CAN_JOIN), or
// none of them is a value the API has for the field: the log's own words
// (who may, as the Groups UI lists it, for the API's boolean
// membersCanPostAsTheGroup) do not compare, and the event may have set
// the live one. A new value of the API's other than the live one set
// something else.
func setsTo(ev directory.Activity, field, value string) bool {
	news := ev.NewValues
	if len(news) == 0 && ev.New != "" {
		news = []string{ev.New}
	}
	if len(news) == 0 || slices.ContainsFunc(news, func(n string) bool { return strings.EqualFold(n, value) }) {
		return true
	}
	for _, spec := range members.SettingSpecs() {
		if spec.Field == field {
			return !slices.ContainsFunc(news, func(n string) bool {
				return slices.ContainsFunc(spec.Values, func(v string) bool { return strings.EqualFold(n, v) })
			})
		}
	}
	return false
}

// eventState is what a member's events read so far tell of a change.
type eventState int

const (
	// noEvent: no event of the member has the effects asked for.
	noEvent eventState = iota
	// current: the newest event with them is the member's last word.
	current
	// stale: a later event undid it (a removal after the add asked
	// for): what came after is in a log not read yet.
	stale
)

// byHand describes the newest event of the given effects about member
// (by address, or by the live member id Cloud Identity's log names them
// by) if roster did not make it, and whether there was one at all (the
// newest being roster's own means nothing was done by hand since) or
// one that a later event undid.
func (a attributor) byHand(member, memberID string, effects ...directory.Effect) (by string, st eventState) {
	ev, st := a.lastEvent(member, memberID, effects...)
	switch {
	case st != current:
		return "", st
	case a.agrees(ev):
		return "", st
	case a.byRoster(ev):
		// roster's, so no change by hand; but a write no committed
		// version of the file asked for is named (see strayWrite).
		if stray := a.strayWrite(ev); stray != "" {
			return stray + a.unlessLater(), st
		}
		return "", st
	}
	return a.describe(ev) + a.unlessLater(), st
}

// lastEvent returns the newest event of member (by identity, or by id
// when the event names none) with one of effects: current when no later
// event of theirs undid it, stale when one did (a removal after an add,
// an add or a role change after a removal). The log names the spelling
// the group has (dana+x@) where the plan may name the file's (dana@):
// the spellings the plan matched as one member count as theirs
// (spellings), and no other: a second spelling also on the group is
// another member, whose events are not this one's.
func (a attributor) lastEvent(member, memberID string, effects ...directory.Effect) (directory.Activity, eventState) {
	theirs := a.spellings(member)
	wantRemoved := hasEffect(effects, directory.EffectRemoved)
	for j := len(a.acts) - 1; j >= 0; j-- {
		ev := a.acts[j]
		switch {
		case ev.Member != "" && theirs[members.IdentityOf(ev.Member)]:
		case ev.Member == "" && directory.MatchID(ev.MemberID, memberID):
		default:
			continue
		}
		e := ev.Effect()
		if hasEffect(effects, e) {
			return ev, current
		}
		if undoes := e == directory.EffectRemoved && !wantRemoved || (e == directory.EffectAdded || e == directory.EffectRole) && wantRemoved; undoes {
			return ev, stale
		}
	}
	return directory.Activity{}, noEvent
}

// expected reports whether the group should already have member (with
// role, when given) by the file: the file listed them so (with that
// role) when the audit log's window began, or when roster last wrote to
// the group through its own client. A difference the file made since
// roster's last write is not yet synced, and no event will explain it;
// one older than that, someone made by hand. Without the file's history
// every difference is expected.
func (a attributor) expected(member string, role members.Role) bool {
	if a.opts.File == nil {
		return true
	}
	listedAt := func(at time.Time) bool {
		if !a.opts.File.Covers(at) {
			return false
		}
		r, listed := a.roleAt(member, at)
		return listed && (role == "" || r == role)
	}
	if listedAt(a.opts.Now.AddDate(0, 0, -ReadLogDays)) {
		return true
	}
	for j := len(a.acts) - 1; j >= 0; j-- {
		if ev := a.acts[j]; a.byRoster(ev) {
			return listedAt(ev.Time)
		}
	}
	return false
}

// listedSinceHistoryBegan reports whether the file has listed member
// since its history began inside the log's window, with no write of
// roster's since to say whether the group had them (an imported list
// roster never had to write to): they may have been on the group all
// along, and a removal the log names by id only may be theirs, so the
// later logs are read for one (see goneUnexplained, which says nothing
// when none is found).
func (a attributor) listedSinceHistoryBegan(member string) bool {
	if a.opts.File == nil || a.opts.File.Covers(a.opts.Now.AddDate(0, 0, -ReadLogDays)) {
		return false
	}
	_, _, on := a.onGroupSince(member)
	return on
}

// byRoster reports whether an event was made through roster's own
// OAuth client.
func (a attributor) byRoster(ev directory.Activity) bool {
	for _, id := range a.opts.ClientIDs {
		if ev.By(id) {
			return true
		}
	}
	return false
}

// ours reports whether roster made an event: through its own OAuth
// client, or as a write that made the group agree with the file as it
// stood at that moment.
func (a attributor) ours(ev directory.Activity) bool {
	return a.byRoster(ev) || a.agrees(ev)
}

// everListed reports whether any committed version of the file listed
// member on this list's group: under that address, or under an address
// the plan found to be one of its aliases (Google logs the primary).
func (a attributor) everListed(member string) bool {
	if a.anyName(func(g string) bool { return a.opts.File.Ever(g, member) }) {
		return true
	}
	for _, alt := range a.fileSpellings(member) {
		if a.anyName(func(g string) bool { return a.opts.File.Ever(g, alt) }) {
			return true
		}
	}
	return false
}

// spellings are the identities of member's addresses: their own, and
// those the plan took for the same member (List.Aliases, either way;
// Change.ListedAs).
func (a attributor) spellings(member string) map[string]bool {
	id := members.IdentityOf(member)
	out := map[string]bool{id: true}
	for _, al := range a.l.Aliases {
		switch id {
		case members.IdentityOf(al.Live):
			out[members.IdentityOf(al.File)] = true
		case members.IdentityOf(al.File):
			out[members.IdentityOf(al.Live)] = true
		}
	}
	for _, alt := range a.fileSpellings(member) {
		out[members.IdentityOf(alt)] = true
	}
	for _, r := range a.resolved {
		if members.IdentityOf(r.entry) == id {
			out[members.IdentityOf(r.primary)] = true
		}
	}
	return out
}

// fileSpellings are the addresses the file wrote, or wrote before, for
// the live member: an alias the plan matched them by (List.Aliases), or
// one the file listed them under and took off (Change.ListedAs).
func (a attributor) fileSpellings(member string) []string {
	if a.spelledAs != nil {
		return a.spelledAs[members.IdentityOf(member)]
	}
	return a.indexSpellings()[members.IdentityOf(member)]
}

// indexSpellings is fileSpellings for every live member at once, by
// identity.
func (a attributor) indexSpellings() map[string][]string {
	out := map[string][]string{}
	for _, al := range a.l.Aliases {
		id := members.IdentityOf(al.Live)
		out[id] = append(out[id], al.File)
	}
	for _, c := range a.l.Changes {
		if c.ListedAs != "" {
			id := members.IdentityOf(c.Email)
			out[id] = append(out[id], c.ListedAs)
		}
	}
	for _, r := range a.resolved {
		id := members.IdentityOf(r.primary)
		out[id] = append(out[id], r.entry)
	}
	return out
}

// whoAdded names who put u on the group as they are there (its ChangedBy,
// and AddedAt),
// unless named already, and returns 1 when the log does not say yet;
// then, when explain is set (the last try), what that leaves unexplained.
func (a attributor) whoAdded(u *plan.LiveMember, explain bool) int {
	if u.ChangedBy != "" {
		return 0
	}
	// The newest change behind what the group shows: an add, or a
	// promotion after it (a walk-in made owner).
	by, st := a.byHand(u.Email, u.ID, directory.EffectRole, directory.EffectAdded)
	if st == current {
		// Promoted after they were added: the line names who added
		// them too, as a removal's does (the promotion alone would hide
		// who let them in).
		switch added, ast := a.byHand(u.Email, u.ID, directory.EffectAdded); {
		case ast != current || added == "" || added == by:
		case by == "":
			by = added // the promotion agreed with the file; the add did not
		default:
			by = added + "; " + by
		}
	}
	u.ChangedBy = by
	if ev, st := a.lastEvent(u.Email, u.ID, directory.EffectAdded); st == current {
		u.AddedAt = ev.Time
	}
	if st == current {
		return 0
	}
	if explain {
		u.ChangedBy = a.unexplainedOf(u.Email, u.ID, u.Role)
	}
	return 1
}
