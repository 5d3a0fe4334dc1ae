package review

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// verdict resolves every requirement against the approvals.
func (d *decider) verdict() Verdict {
	v := Verdict{Requirements: []Requirement{}, OK: true}
	sort.SliceStable(d.order, func(i, j int) bool {
		a, b := d.reqs[d.order[i]], d.reqs[d.order[j]]
		if a.Kind != b.Kind {
			return kindRank(a.Kind) < kindRank(b.Kind)
		}
		if a.List != b.List {
			return a.List < b.List
		}
		return key(a.Vetter) < key(b.Vetter)
	})
	for _, id := range d.order {
		r := d.reqs[id]
		switch r.Kind {
		case Owners:
			d.resolveOwners(r)
		case Admins:
			d.resolveAdmins(r)
		case Vetter:
			d.resolveVetter(r)
		case Fix:
			r.Unsatisfiable = true
			r.Why = "merged, the file would stop every sync, and no approval makes that safe: fix the errors named"
		case Invalid:
			r.Unsatisfiable = true
			r.Why = "validate fails on these, and no approval makes the file valid: fix the errors named (roster validate --base names them with their lines)"
		}
		if r.Eligible == nil {
			r.Eligible = []string{}
		}
		if r.Approved == nil {
			r.Approved = []string{}
		}
		v.OK = v.OK && r.OK
		v.Requirements = append(v.Requirements, *r)
	}
	return v
}

func kindRank(k Kind) int {
	switch k {
	case Fix, Invalid:
		return 0
	case Admins:
		return 1
	case Owners:
		return 2
	}
	return 3
}

// eligible splits the people who may approve into those who count and
// those who wrote the change.
func (d *decider) eligible(handles []string) (count, wrote []string) {
	seen := map[string]bool{}
	for _, h := range handles {
		k := key(h)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		if _, isAuthor := d.authors[k]; isAuthor {
			wrote = append(wrote, h)
			continue
		}
		count = append(count, h)
	}
	sort.Strings(count)
	sort.Strings(wrote)
	return count, wrote
}

// tally counts the approvals of eligible people and says why the others
// do not count.
func (d *decider) tally(r *Requirement, eligible []string, whom string) {
	ok := map[string]bool{}
	for _, h := range eligible {
		ok[key(h)] = true
	}
	var logins []string
	for k := range d.approvals {
		logins = append(logins, k)
	}
	sort.Strings(logins)
	for _, k := range logins {
		login := d.approvals[k]
		switch {
		case d.authors[k] != "":
			r.NotCounted = append(r.NotCounted, NotCounted{Login: login, Why: d.authors[k] + ", and a change never approves itself"})
		case ok[k]:
			r.Approved = append(r.Approved, login)
		default:
			r.NotCounted = append(r.NotCounted, NotCounted{Login: login, Why: "not " + whom})
		}
	}
}

func (d *decider) resolveOwners(r *Requirement) {
	handles, noHandle := d.ownersOf(r.List)
	count, wrote := d.eligible(handles)
	r.Eligible = count
	// seated: an owner of the base can approve. When none can (none has
	// a github handle, as roster import writes them, or the list has
	// none), admins fill every seat the rule asks for: requiring an
	// owner would lock the list, the change giving an owner a handle
	// included.
	seated := len(handles) > 0
	need, full := 1, 1
	if r.sensitive {
		// Two distinct owners when the list has two or more: as many as
		// the base has besides the pull request's author (when every
		// commit is theirs: see openerOnly), up to the policy's number,
		// so that a list of two owners is never locked. A commit's
		// author is whatever its writer typed, and naming an owner there
		// must not halve the rule.
		withHandle := d.besidesOpener(handles)
		need = min(d.sensitiveNeed(r.List), withHandle)
		// Owners without a github handle cannot approve, yet count:
		// an admin, someone other than the owners who approve, stands
		// in for each of them that the number lacks.
		full = min(d.sensitiveNeed(r.List), withHandle+len(noHandle))
		// At least one owner agrees: one who approves, or the author,
		// an owner who made every commit (whose other owners may all
		// lack a handle, and admins stand in for them).
		if need == 0 && seated && !(len(noHandle) > 0 && d.openerOnly() && slices.ContainsFunc(handles, func(h string) bool { return key(h) == d.opener })) {
			need = 1
		}
		full = max(full, need, 1)
	}
	if !seated {
		need = 0
	}
	r.Need = full
	whom := "an owner of " + r.List
	if f, former := d.former[r.List]; !former || f.Path != "" {
		whom += " in the base revision"
	}
	d.tally(r, count, whom)
	owners := len(r.Approved)
	if full > need {
		// The admins may give what owners without a handle cannot.
		admins, _ := d.eligible(d.adminsFor(r.List))
		for _, a := range admins {
			if !slices.ContainsFunc(r.Eligible, func(e string) bool { return key(e) == key(a) }) {
				r.Eligible = append(r.Eligible, a)
			}
		}
	}
	if full > owners {
		d.standIn(r, full-max(owners, need))
	}
	r.OK = owners >= need && len(r.Approved) >= full && len(d.in.UnknownAuthors) == 0
	switch {
	case len(d.in.UnknownAuthors) > 0:
		d.unlinked(r)
	case r.OK:
	case !seated:
		d.unseated(r, noHandle)
	case need == 0:
		admins, _ := d.eligible(d.adminsFor(r.List))
		r.Why = fmt.Sprintf("needs %d approving reviews from admins (%s) standing in for the owners of %s without a github handle (%s), besides its author, each a different person", full, orNone(strings.Join(at(admins), ", ")), r.List, strings.Join(noHandle, ", "))
	case len(count) < need && len(wrote) > 0:
		r.Unsatisfiable = true
		r.Why = fmt.Sprintf("needs %d owners of %s, and of its owners %s wrote commits of this change, so their approval never counts; have the change opened by one of them, with only their commits, or have them approve another's", need, r.List, strings.Join(at(wrote), ", "))
	case len(count) == 0 && len(wrote) > 0:
		r.Unsatisfiable = true
		r.Why = fmt.Sprintf("every owner of %s with a github handle (%s) wrote this change, and a change never approves itself; another owner must be added first in a change they do not write", r.List, strings.Join(at(wrote), ", "))
	case full > need:
		admins, _ := d.eligible(d.adminsFor(r.List))
		r.Why = fmt.Sprintf("needs %d approving reviews on %s (%d so far), at least %d of them from its owners with a github handle (%s), the rest from admins (%s) standing in for its owners without one (%s), each a different person",
			full, r.List, len(r.Approved), need, strings.Join(at(count), ", "), orNone(strings.Join(at(admins), ", ")), strings.Join(noHandle, ", "))
	default:
		who := "an owner"
		if need > 1 {
			who = fmt.Sprintf("%d owners", need)
		}
		r.Why = fmt.Sprintf("needs approving reviews from %s of %s (%d so far): %s", who, r.List, len(r.Approved), strings.Join(at(count), ", "))
	}
}

// unseated says what a requirement of a list none of whose owners can
// approve lacks: the admins who stand in for them all.
func (d *decider) unseated(r *Requirement, noHandle []string) {
	why := fmt.Sprintf("%s has no owners in the base revision", r.List)
	if len(noHandle) > 0 {
		why = fmt.Sprintf("no owner of %s has a github handle in the base revision%s", r.List, withoutHandle(noHandle))
	}
	admins, wrote := d.eligible(d.adminsFor(r.List))
	switch {
	case len(d.adminsFor(r.List)) == 0:
		r.Unsatisfiable = true
		r.Why = why + ", and the base revision names no admins to take its owners' seats (admins = [\"HANDLE\", ...] at the top of the file); add them in a change merged by a repository administrator, then make this one"
	case len(admins) < r.Need && len(wrote) > 0:
		r.Unsatisfiable = true
		r.Why = fmt.Sprintf("%s, so %d admins take its owners' seats, and only %s did not write this change (%s did, and a change never approves itself); have another write it, or add admins first in a change of its own", why, r.Need, orNone(strings.Join(at(admins), ", ")), strings.Join(at(wrote), ", "))
	case len(admins) < r.Need:
		r.Unsatisfiable = true
		r.Why = fmt.Sprintf("%s, so %d admins take its owners' seats, and the base revision names only %s; add admins first, in a change of its own", why, r.Need, strings.Join(at(admins), ", "))
	default:
		r.Why = fmt.Sprintf("%s, so admins take its owners' seats: needs %d approving reviews (%d so far) from admins (%s), besides the change's authors, each a different person", why, r.Need, len(r.Approved), strings.Join(at(admins), ", "))
		if seated := d.seatedAdmins(admins); len(seated) > 0 {
			// The admins' own requirement counted them: the seats are
			// others'. Say how many admins the change needs in all.
			r.Why += fmt.Sprintf(", and none of them an admin counted for the change's admins' requirement (%s): %d admins in all", strings.Join(at(seated), ", "), r.Need+len(seated))
			if free := len(admins) - len(seated); free < r.Need {
				r.Why += fmt.Sprintf(", where the base revision names %d; add admins first, in a change of its own", len(admins))
			}
		}
	}
}

// seatedAdmins are those of admins that an admins' requirement of the
// change counted.
func (d *decider) seatedAdmins(admins []string) []string {
	var out []string
	for _, a := range admins {
		if d.adminSeats[key(a)] {
			out = append(out, a)
		}
	}
	return out
}

// standIn counts, for a requirement of a list's owners, the approvals of
// up to n admins who are not among the owners already counted, did not
// write the change and are not the admins an admins' requirement of the
// change counted: they stand in for owners without a handle. Each is
// moved from NotCounted to Approved.
func (d *decider) standIn(r *Requirement, n int) {
	if n <= 0 {
		return
	}
	counted := map[string]bool{}
	for _, a := range r.Approved {
		counted[key(a)] = true
	}
	admins, _ := d.eligible(d.adminsFor(r.List))
	isAdmin := map[string]bool{}
	for _, a := range admins {
		isAdmin[key(a)] = true
	}
	kept := r.NotCounted[:0]
	for _, nc := range r.NotCounted {
		k := key(nc.Login)
		if n > 0 && isAdmin[k] && !counted[k] && d.authors[k] == "" && !d.adminSeats[k] {
			r.Approved = append(r.Approved, nc.Login)
			counted[k] = true
			n--
			continue
		}
		if isAdmin[k] && d.adminSeats[k] {
			// Not "not an owner": an admin, counted already for the
			// change's admins' requirement; a seat is another person's.
			nc.Why = "an admin counted for the admins' requirement of this change; each seat an admin fills for an owner needs another admin"
		}
		kept = append(kept, nc)
	}
	r.NotCounted = kept
}

// besidesOpener counts the distinct handles other than the pull
// request's author; when someone else wrote a commit of the change too,
// the author is one of them (see openerOnly).
func (d *decider) besidesOpener(handles []string) int {
	seen := map[string]bool{}
	for _, h := range handles {
		if k := key(h); k != "" && (k != d.opener || !d.openerOnly()) {
			seen[k] = true
		}
	}
	return len(seen)
}

// openerOnly reports whether the pull request's author made every
// commit of it (AuthorVouches, from verified signatures, and no other
// login among its commits): only then does opening it count as their
// word for all of it (lowering how many owners approve besides them,
// attesting to a record that names them). Anyone with write access can
// push to the branch of someone else's pull request, under any author
// line.
func (d *decider) openerOnly() bool {
	if d.opener == "" || !d.in.AuthorVouches || len(d.in.UnknownAuthors) > 0 {
		return false
	}
	for _, c := range d.in.CommitAuthors {
		if c != "" && key(c) != d.opener && key(c) != webFlow {
			return false
		}
	}
	return true
}

// webFlow is GitHub's own account, the committer of every commit made in
// its web editor (or its "Update branch" button) for the user who made
// it: no one's commit of their own.
const webFlow = "web-flow"

// unlinked fails r while a commit is by an identity GitHub links to no
// account: the approvals given are not counted (and said so, each with
// why), and no approval can meet it until GitHub knows who wrote every
// commit.
func (d *decider) unlinked(r *Requirement) {
	for _, a := range r.Approved {
		r.NotCounted = append(r.NotCounted, NotCounted{Login: a, Why: "a commit's email GitHub links to no account may be theirs"})
	}
	r.Approved = nil
	r.Unsatisfiable = true
	r.Why = d.unlinkedWhy()
}

// unlinkedWhy says why no approval counts while a commit is by an
// identity GitHub links to no account: git takes any email, and any
// number of people may write under one, so whoever wrote the change may
// be every approver; no count of approvals more bounds that.
func (d *decider) unlinkedWhy() string {
	return fmt.Sprintf("a commit is by %s, whom GitHub links to no account: whoever wrote it may be any of the approvers (the authors of a change never count), so no approval counts until GitHub knows who wrote every commit; add that email to its GitHub account (GitHub then links the commits), or rewrite the commits with an email GitHub knows (for a Co-authored-by trailer, write the co-author's GitHub noreply address)", AbridgedQuoted(d.in.UnknownAuthors))
}

func (d *decider) resolveAdmins(r *Requirement) {
	r.Need = 1
	if len(d.baseAdmins) == 0 {
		r.Unsatisfiable = true
		r.Why = "the base revision names no admins (admins = [\"HANDLE\", ...] at the top of the file); add them in a change merged by a repository administrator, then make this one"
		return
	}
	count, wrote := d.eligible(d.baseAdmins)
	r.Eligible = count
	d.tally(r, count, "one of the admins in the base revision")
	r.OK = len(r.Approved) >= r.Need && len(d.in.UnknownAuthors) == 0
	// The admins this requirement counts are its own: none of them also
	// stands in for an owner without a handle in the same change. While
	// a commit's email is unlinked it counts none (unlinked), and says
	// so: no other requirement may say it counted them.
	if len(d.in.UnknownAuthors) == 0 {
		for i, a := range r.Approved {
			if i < r.Need {
				d.adminSeats[key(a)] = true
			}
		}
	}
	switch {
	case len(d.in.UnknownAuthors) > 0:
		d.unlinked(r)
	case r.OK:
	case len(count) == 0:
		r.Unsatisfiable = true
		r.Why = fmt.Sprintf("every admin (%s) wrote this change, and a change never approves itself", strings.Join(at(wrote), ", "))
	default:
		r.Why = "needs an approving review from one of the admins: " + strings.Join(at(count), ", ")
	}
}

// resolveVetter checks that the vetter a new record names vouched for it:
// they opened the pull request, or reviewed and approved its head commit
// (with or without write access: they attest, they do not approve).
func (d *decider) resolveVetter(r *Requirement) {
	r.Need = 1
	login, ok := d.vetterLogin(r.Vetter)
	if !ok {
		r.Unsatisfiable = true
		r.Why = fmt.Sprintf("%s is not a GitHub handle, nor the email of a member with a github handle in the base revision, so nobody can attest to being them; name the vetter by GitHub handle", r.Vetter)
		return
	}
	r.Eligible = []string{login}
	k := key(login)
	switch {
	case k == d.opener && d.openerOnly():
		// Opening the pull request is an act GitHub authenticated;
		// a commit's author line is not, so it attests nothing. Nor
		// does opening it attest to a commit someone else pushed.
		r.Approved = []string{login}
		r.OK = true
	case d.approvals[k] != "" || d.attests[k]:
		r.Approved = []string{login}
		r.OK = true
	default:
		r.Why = fmt.Sprintf("@%s, named as the vetter, must approve the pull request (or author it) to attest to the record", login)
	}
}

// vetterLogin resolves a record's `by` to a GitHub login: a handle is
// one; an email must name a member of the base with a handle.
func (d *decider) vetterLogin(by string) (string, bool) {
	by = strings.TrimSpace(by)
	if !strings.Contains(by, "@") || strings.HasPrefix(by, "@") {
		if h := strings.TrimPrefix(by, "@"); h != "" {
			return h, true
		}
		return "", false
	}
	if m := d.base.FindMember(by); m != nil && m.GitHub != "" {
		return m.Handle(), true
	}
	return "", false
}

func at(hs []string) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = "@" + h
	}
	return out
}

func withoutHandle(emails []string) string {
	if len(emails) == 0 {
		return ""
	}
	return " (owners without one: " + strings.Join(emails, ", ") + ")"
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// abridgedItems is how many items Abridged names; abridgedItem is how
// long each may be.
const (
	abridgedItems = 5
	abridgedItem  = 80
)

// Abridged joins the first few of items, each cut to a readable length,
// and says how many more there are. Commit trailers are the change
// author's to write: a requirement or a note that named each of three
// thousand of them would push the change itself out of the comment.
func Abridged(items []string) string { return abridged(items, false) }

// AbridgedQuoted is Abridged with each item quoted as Go quotes it, in
// ASCII: for git identities, which a pull request's author writes
// (a Co-authored-by trailer's text), so that no emoji or markup in one
// reads as a verdict of roster's ("✅ Approved by @owner").
func AbridgedQuoted(items []string) string { return abridged(items, true) }

func abridged(items []string, quoted bool) string {
	var b strings.Builder
	for i, s := range items {
		if i == abridgedItems {
			fmt.Fprintf(&b, " and %d more", len(items)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		if r := []rune(s); len(r) > abridgedItem {
			s = string(r[:abridgedItem-1]) + "…"
		}
		if quoted {
			s = strconv.QuoteToASCII(s)
		}
		b.WriteString(s)
	}
	return b.String()
}

// adminsFor are the admins who stand in for the owners of list: the
// base's, or, for a list another members file manages (Input.Elsewhere)
// or let go (Former.LetGoBy), that file's, who answer for its lists as
// the base's do for these.
func (d *decider) adminsFor(list string) []string {
	f, ok := d.former[list]
	switch {
	case ok && f.LetGoBy != "" && f.Now != nil:
		// The admins it had then that it still has: an edit of a file
		// this gate does not review seats nobody.
		now := adminHandles(f.Now.Admins)
		return slices.DeleteFunc(adminHandles(f.File.Admins), func(a string) bool {
			return !slices.ContainsFunc(now, func(n string) bool { return key(n) == key(a) })
		})
	case ok && f.LetGoBy != "":
		// The file is gone at the base: whoever it named then (a file
		// made and deleted for the purpose, as well as a real one) is
		// no one this gate ever reviewed; the base's admins stand in.
		return d.baseAdmins
	case !ok || f.Path == "":
		return d.baseAdmins
	}
	return adminHandles(f.File.Admins)
}
