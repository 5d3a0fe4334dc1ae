package site

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// LapseWindow is how many days ahead a list page shows the vetting
// records that lapse.
const LapseWindow = 90

// site is what the templates render: every string in it is already
// scrubbed for a public site, so templates cannot leak what they are not
// given.
type site struct {
	Public bool
	Today  string
	// Edited is the day the file's uncommitted edits are dated: Today,
	// or the clock's day when the site is of a later day (Input.Now).
	Edited  string
	Window  int
	Commits int
	// NoHistory: the file has no git history (it is not in a
	// repository): the pages say so rather than "0 commits".
	NoHistory bool
	// Skipped counts the versions of the file sync did not apply (one
	// deleting it, one that does not parse or that it refuses whole), left
	// out as sync left them out.
	Skipped int
	First   string // date of the oldest event, or ""
	Lists   []*listView
	Live    *liveView
}

type liveView struct {
	Read  string
	Count int // differences on the groups that were read
	// Unread counts the groups that could not be read.
	Unread int
	// Other is drift on lists the file does not have.
	Other []driftRow
}

// listView is one list: a row of the index and a page of its own.
type listView struct {
	ID          string
	Href        string
	Address     string
	Description string
	Policy      string
	Size        int
	Cap         int
	Over        bool
	Owners      []person
	NextLapse   string // the soonest date a current record lapses
	Lapsing     int    // records lapsing within the window
	Lapsed      int    // members whose vetting has lapsed
	Drift       []driftRow
	HasLive     bool
	Unread      bool // the live group could not be read

	Chart    chart
	Timeline []eventRow
	Members  []memberRow
	Lapses   []lapseRow
}

// person is how a member is named: in a public site by name or GitHub
// handle only, and as anonymous when neither is known.
type person struct {
	Name   string
	GitHub string
	Email  string
	Anon   string // the label of someone with no name to show
}

type eventRow struct {
	Date    string
	Commit  string
	PR      string
	Subject string
	Author  string
	Action  string // joined, left, role changed
	Who     person
	Role    string
	// Admitted is the vetting record that admitted someone who joined
	// (nil when none admitted them then: none recorded, or none the policy took); never set on a public site.
	Admitted *history.Record
}

type memberRow struct {
	Who         person
	Affiliation string
	Role        string
	By          string
	On          string
	Method      string
	Problems    []string
}

type lapseRow struct {
	Who    person
	Role   string
	Date   string
	Days   int
	Lapsed bool
	By     string
	On     string
	Method string
}

type driftRow struct {
	List string
	When string
	Who  string
	Text string
}

// The pull request a commit subject names: a merge commit's "Merge pull
// request #123 from ..." or a squash merge's "Subject (#123)", at the
// end, as GitHub writes it. A "(#12)" inside a subject (a revert quoting
// the subject it reverts) names the pull request it quotes, not this
// commit's. Numbers start at 1, and have at most seven digits (GitHub's
// busiest repositories are at six): a longer one, or one with a leading
// zero, is something else typed in brackets at the subject's end (a
// telephone number, "(#4915112345678)"), which the public roster, whose
// subjects are blanked as free text, would otherwise show as a pull
// request's.
var (
	mergePR  = lazyRE(`^Merge pull request #([1-9][0-9]{0,6}) `)
	squashPR = lazyRE(` \(#([1-9][0-9]{0,6})\)$`)
)

// PullRequest returns the number of the pull request a commit subject
// names, or "". GitHub ends a squashed pull request's subject with its
// number, after the title: a pull request titled as a merge ("Merge pull
// request #5 from upstream/main", syncing a fork) squashes to "... (#12)",
// and is #12. A merge's own subject never ends so (a branch name holds no
// space), so the end is read first.
func PullRequest(subject string) string {
	if m := squashPR.FindStringSubmatch(strings.TrimRight(subject, " ")); m != nil {
		return m[1]
	}
	if m := mergePR.FindStringSubmatch(subject); m != nil {
		return m[1]
	}
	return ""
}

// model turns the input into what the templates show.
func model(in Input) *site {
	f := in.File
	y, m, d := in.Today.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	edited := today
	// The clock's day in UTC, as every day roster names is: in a zone
	// behind UTC its own date would come before today's.
	if now := members.Day(in.Now); !in.Now.IsZero() && now.Before(today) {
		edited = now
	}
	// A commit's subject is free text anyone with write access wrote: on
	// the public roster it may name a method, a note or a person the page
	// shows only as "former member". It is left out there; the commit and
	// its pull request's number are shown.
	subject, author := pageText, pageText
	if in.Public {
		// So is the commit's author name, which its writer typed (git
		// config user.name): a name, a note, an address written out of
		// shape. The public roster names its members, not who wrote
		// each commit.
		subject, author = func(string) string { return "" }, func(string) string { return "" }
	}
	var known *knownAddresses
	if in.Public {
		known = newKnownAddresses(f, in.Events)
		for _, a := range in.Known {
			known.add(a)
		}
	}
	fs := newFields(in.Public, known)
	// What was read ahead is the build's; what was not, it reads itself,
	// on every processor, rather than beside the reading ahead.
	in.Warm.Stop()
	fs.warm = in.Warm
	txt := fs.text
	if in.Public {
		// Before any page names a person: who is hidden is hidden on
		// every page.
		fs.membersAhead(f.Members)
		for _, l := range f.Lists {
			if len(in.Lists) == 0 || slices.Contains(in.Lists, l.ID) {
				fs.besideOwners(l, f)
			}
		}
	}
	s := &site{Public: in.Public, Today: today.Format(members.DateLayout), Edited: edited.Format(members.DateLayout), Window: LapseWindow}

	byID := make(map[string]*members.Member, len(f.Members))
	for _, m := range f.Members {
		byID[history.PersonOf(m.Email)] = m
	}
	shownList := func(list string) bool { return len(in.Lists) == 0 || slices.Contains(in.Lists, list) }
	who := func(email string, m *members.Member) person {
		if in.Public && (m == nil || !slices.ContainsFunc(m.Lists, func(ms members.Membership) bool { return shownList(ms.List) })) {
			// Out of the file, or on no list the site shows: no table
			// names them, and a timeline naming them would tell that
			// the file still has them (as publicName hides them in
			// drift).
			return person{Anon: "former member"}
		}
		if m == nil {
			return person{Email: pageAddress(email)}
		}
		shown := fs.member(m)
		p := person{Name: shown.name, GitHub: shown.github}
		if !in.Public {
			p.Email = pageAddress(m.Email)
		} else if p.Name == "" && p.GitHub == "" {
			p.Anon = "anonymous member"
		}
		return p
	}

	lists := make(map[string]*listView, len(f.Lists))
	hrefs := map[string]bool{}
	for _, l := range f.Lists {
		if len(in.Lists) > 0 && !slices.Contains(in.Lists, l.ID) {
			continue
		}
		v := &listView{ID: txt(l.ID), Description: txt(l.Description), Policy: txt(l.Policy), HasLive: in.Live != nil}
		if !in.Public {
			v.Address = pageAddress(l.Address)
			v.Href = pageName(l.ID, hrefs)
		} else {
			if fs.besideTexts(v.ID, v.Description) {
				// The page's heading and the paragraph under it.
				v.ID, v.Description = hidden, hidden
			}
			var numbered bool
			v.Href, numbered = publicPageName(l.ID, v.ID != pageText(l.ID), len(s.Lists)+1, hrefs)
			if numbered {
				// Its file name read as an address, if its text did not
				// ("jo-at-gmail-com"): the text is no more shown than
				// the name.
				v.ID = hidden
			}
			// A policy's id is an id as a list's is, shown beside it:
			// read as the list's is, as the file name it would make.
			if v.Policy != hidden && !idShowable(l.Policy) {
				v.Policy = hidden
			}
			// The policy's line follows the paragraph under the heading,
			// or the heading itself when the list has no description: a
			// description ending "jane.doe at" over "Policy zorbix.io",
			// or a heading "jane.doe-at" over it, reads on, the page's
			// word between skipped.
			if v.Policy != hidden && (fs.besideTexts(v.Description, v.Policy) || fs.besideTexts(v.ID, v.Description, v.Policy)) {
				v.Policy = hidden
			}
		}
		if p := f.PolicyOf(l); p != nil {
			v.Cap = p.MaxMembers
		}
		lists[l.ID] = v
		s.Lists = append(s.Lists, v)
	}
	// An event of a group is its list's, whatever id it is named by (a
	// list keeps its own id as of a day where another now has it).
	listOfGroup := make(map[string]string, len(lists))
	for _, l := range f.Lists {
		if g := members.IdentityOf(l.Address); lists[l.ID] != nil && listOfGroup[g] == "" {
			listOfGroup[g] = l.ID
		}
	}

	// Replay the history: sizes per day, the timeline, and the vetting
	// records each person had when they joined.
	type replay struct {
		set    map[string]onList // by person
		points []point
	}
	plays := make(map[string]*replay, len(f.Lists))
	for id := range lists {
		plays[id] = &replay{set: map[string]onList{}}
	}
	people := vetting.NewPeople(f)
	records := map[recordKey][]history.Record{}
	// Only events read in another file need records kept apart (and a
	// members-file join looked up across files): without them, one pile.
	elsewhere := slices.ContainsFunc(in.Events, func(e history.Event) bool { return e.File != "" })
	ids := make([]string, len(in.Events))
	for i := range in.Events {
		// By person, as history keys them: a +tag respelling is the
		// same member staying.
		ids[i] = history.PersonOf(in.Events[i].Email)
	}
	commits := 0
	for i := 0; i < len(in.Events); {
		j := i + 1
		for j < len(in.Events) && in.Events[j].Commit == in.Events[i].Commit {
			j++
		}
		commits++
		// A commit's vetting events come after its list events; a record
		// added with the person admits them.
		for k := i; k < j; k++ {
			e := in.Events[k]
			switch {
			case e.Vetting == nil:
			case e.Action == history.Vetted:
				records[recordKey{e.File, ids[k]}] = append(records[recordKey{e.File, ids[k]}], *e.Vetting)
			case e.Action == history.VettingRemoved:
				records[recordKey{e.File, ids[k]}] = slices.DeleteFunc(records[recordKey{e.File, ids[k]}], func(r history.Record) bool { return r == *e.Vetting })
			}
		}
		for k := i; k < j; k++ {
			e := &in.Events[k]
			id := e.List
			if e.Group != "" {
				// Of the group's list (none: another group's story, as
				// the group an id named before its address changed).
				id = listOfGroup[e.Group]
			}
			v, r := lists[id], plays[id]
			if v == nil || e.Action == history.Vetted || e.Action == history.VettingRemoved {
				continue
			}
			day := e.Date.UTC().Format(members.DateLayout)
			if s.First == "" {
				s.First = day
			}
			row := eventRow{
				Date:    day,
				Commit:  history.ShortCommit(e.Commit),
				PR:      PullRequest(cmp.Or(e.ViaSubject, e.Subject)), // a merged branch's by its merge
				Subject: subject(e.Subject),
				Author:  author(e.Author),
				Who:     who(e.Email, byID[ids[k]]),
			}
			switch e.Action {
			case history.Added:
				row.Action, row.Role = "joined", roleText(e.Role)
				r.set[ids[k]] = onList{e.Email, e.Role}
				if !in.Public {
					// Judged by the file as it stood when they joined
					// (e.Version), the same on every day the site is
					// built; by today's file only for events that do
					// not carry it.
					judge := func(at time.Time) *history.Record {
						if e.Version != nil {
							return e.Version.Admitting(*e, at)
						}
						return admitting(f.List(v.ID), f, people, e.Email, byID[ids[k]], recordsOf(records, e.File, ids[k], elsewhere), at)
					}
					rec := judge(joinInstant(*e))
					if rec != nil {
						shown := *rec
						shown.By, shown.Method, shown.Note = pageAddress(shown.By), pageLine(shown.Method), pageLine(shown.Note)
						row.Admitted = &shown
					}
				}
			case history.Removed:
				row.Action, row.Role = "left", "was "+roleText(e.PreviousRole)
				delete(r.set, ids[k])
			case history.RoleChanged:
				row.Action, row.Role = "role changed", roleText(e.PreviousRole)+" → "+roleText(e.Role)
				if on, ok := r.set[ids[k]]; ok {
					r.set[ids[k]] = onList{on.email, e.Role}
				}
			default:
				continue
			}
			v.Timeline = append(v.Timeline, row)
			n := len(r.set)
			switch last := len(r.points) - 1; {
			case last >= 0 && r.points[last].Date == day:
				r.points[last].Size = n
			case last < 0 || r.points[last].Size != n:
				r.points = append(r.points, point{Date: day, Size: n})
			}
		}
		i = j
	}
	// Every commit of the file, also those that changed no membership
	// (a list renamed, a cap changed); counted from the events only for
	// an Input that does not say.
	s.Commits, s.Skipped = in.Commits, in.Skipped
	if s.Commits == 0 {
		s.Commits = commits
	}
	s.NoHistory = s.Commits == 0 && s.Skipped == 0

	// The lists as they are now.
	horizon := today.AddDate(0, 0, LapseWindow)
	var charts []func()
	for _, l := range f.Lists {
		v, r := lists[l.ID], plays[l.ID]
		if v == nil {
			continue // not asked for
		}
		// Joins and leaves on one day can cancel out: only changes of
		// size are points.
		pts := dedupe(r.points)
		// A copy: the members are sorted by role here, and the file's
		// own slice stays in file order.
		ms := slices.Clone(f.MembersOf(l.ID))
		v.Size = len(ms)
		v.Over = v.Cap > 0 && v.Size > v.Cap
		// The file may say more than its history (an uncommitted edit, or
		// no history at all): today's size is the file's.
		if n := len(pts); n == 0 || pts[n-1].Size != v.Size {
			if n > 0 && pts[n-1].Date >= s.Edited {
				pts[n-1].Size = v.Size
			} else {
				pts = append(pts, point{Date: s.Edited, Size: v.Size})
			}
		}
		if !s.NoHistory && len(in.Events) > 0 {
			// An edit not committed yet is in today's size (above): its
			// joins, leaves and role changes are in the timeline too.
			v.Timeline = append(v.Timeline, uncommittedRows(uncommitted(r.set, ms, l.ID), l, f, people, edited, in.Public, func(email string) person {
				return who(email, byID[history.PersonOf(email)])
			}, byID)...)
		}
		// Drawn once the rows are read (besideSite), which may hide
		// the id its text names.
		charts = append(charts, func() { v.Chart = listChart(v, l, pts, in.Versions, in.Caps, s) })
		// Newest first: an auditor reads from now backwards.
		for a, b := 0, len(v.Timeline)-1; a < b; a, b = a+1, b-1 {
			v.Timeline[a], v.Timeline[b] = v.Timeline[b], v.Timeline[a]
		}

		sort.SliceStable(ms, func(a, b int) bool {
			ra, _ := ms[a].RoleOn(l.ID)
			rb, _ := ms[b].RoleOn(l.ID)
			return ra.Rank() > rb.Rank()
		})
		pol := f.PolicyOf(l)
		var req vetting.Requirement
		if pol != nil {
			req = vetting.RequirementFor(l, pol, people)
		}
		var next time.Time
		for _, m := range ms {
			role, _ := m.RoleOn(l.ID)
			p := who(m.Email, m)
			if role == members.RoleOwner {
				v.Owners = append(v.Owners, p)
			}
			row := memberRow{Who: p, Affiliation: fs.member(m).affiliation, Role: roleText(role)}
			if pol == nil {
				v.Members = append(v.Members, row)
				continue
			}
			verdict := vetting.Evaluate(m, req, today)
			rec := verdict.Qualifying
			if rec == nil {
				rec = verdict.Newest
			}
			if rec != nil && !in.Public {
				row.By, row.On, row.Method = pageAddress(rec.By), rec.On.Format(members.DateLayout), pageLine(rec.Method)
			}
			if !in.Public {
				for _, msg := range problemsOf(in, l.ID, m, verdict) {
					if in.Commands != nil {
						msg = in.Commands(msg)
					}
					row.Problems = append(row.Problems, pageLine(msg))
				}
			}
			v.Members = append(v.Members, row)

			switch {
			case verdict.Qualifying != nil && !pol.VettingValidFor.IsZero():
				ends := pol.VettingValidFor.Expires(verdict.Qualifying.On)
				if next.IsZero() || ends.Before(next) {
					next = ends
				}
				if ends.After(horizon) {
					continue
				}
				v.Lapsing++
				v.Lapses = append(v.Lapses, lapseRow{Who: p, Role: roleText(role), Date: ends.Format(members.DateLayout), Days: days(today, ends),
					By: pageAddress(rec.By), On: rec.On.Format(members.DateLayout), Method: pageLine(rec.Method)})
			case verdict.Qualifying == nil && verdict.Newest != nil && stale(verdict):
				v.Lapsed++
				ends := pol.VettingValidFor.Expires(rec.On)
				v.Lapses = append(v.Lapses, lapseRow{Who: p, Role: roleText(role), Date: ends.Format(members.DateLayout), Days: days(today, ends), Lapsed: true,
					By: pageAddress(rec.By), On: rec.On.Format(members.DateLayout), Method: pageLine(rec.Method)})
			}
		}
		if !next.IsZero() {
			v.NextLapse = next.Format(members.DateLayout)
		}
		sort.SliceStable(v.Lapses, func(a, b int) bool { return v.Lapses[a].Date < v.Lapses[b].Date })
		if in.Public {
			// Counts only: who lapses when is vetting detail.
			v.Lapses, v.NextLapse = nil, ""
		}
	}

	if in.Live != nil {
		s.Live = liveOf(in.Live, in.Public, fs, f, lists)
	}
	if in.Public {
		// What the rows of a table spell together, read once every row
		// is made, in page order.
		fs.besideSite(s, func(i int, v *listView) {
			delete(hrefs, v.Href)
			v.Href = pageName(strconv.Itoa(i+1), hrefs)
		})
	}
	for _, draw := range charts {
		draw()
	}
	return s
}

// recordKey is a person's records in one file: the members file ("")
// or another that a list was read in before it moved in.
type recordKey struct{ file, id string }

// recordsOf returns the records a join in file may have been admitted
// on: that file's; for the members file, when it has none of its own
// for them, those of the files its lists came from (records that came
// with an entry at a move have no event of their own in it).
func recordsOf(records map[recordKey][]history.Record, file, id string, elsewhere bool) []history.Record {
	if rs := records[recordKey{file, id}]; len(rs) > 0 || file != "" || !elsewhere {
		return rs
	}
	var files []string
	for k := range records {
		if k.id == id {
			files = append(files, k.file)
		}
	}
	slices.Sort(files)
	var rs []history.Record
	for _, f := range files {
		rs = append(rs, records[recordKey{f, id}]...)
	}
	return rs
}

func days(from, to time.Time) int { return int(to.Sub(from).Hours() / 24) }

// roleText is a role as a page shows it: roster's three, or, for a role
// an old version of the file wrote that roster does not read (validate
// refuses it), words that say so, never the text itself.
func roleText(r members.Role) string {
	if r == "" || r.Valid() {
		return string(r)
	}
	return "(a role roster does not read)"
}
