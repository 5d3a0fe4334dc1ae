package plan

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/roster-dev/roster/internal/plainjson"
	"github.com/roster-dev/roster/internal/visible"
	"github.com/roster-dev/roster/members"
)

// Write writes the plan as JSON: the --format json output, and the file
// `roster plan --out` saves for `roster apply`.
func (p *Plan) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(p)
}

// Read parses a saved plan strictly: unknown fields, unknown actions or
// roles, and malformed addresses are errors naming the file and line.
// A plan file is only ever applied after it has been recomputed and found
// equal (see Same), so this is about clear errors, not trust.
func Read(name string, data []byte) (*Plan, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s:%d: %w; it is not a plan roster wrote (make one with 'roster plan --out PLAN.json')", name, lineOf(data, dec, err), err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: data after the plan", name)
	}
	// The marks are the addresses', made again when it is written.
	p.clearLookalikes()
	bad := func(format string, args ...any) (*Plan, error) {
		return nil, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...))
	}
	if p.Version != FormatVersion {
		return bad("plan format version %d; this roster reads version %d: make the plan again with this roster ('roster plan --out PLAN.json')", p.Version, FormatVersion)
	}
	if p.Refused != "" {
		// plan --format json's document of a run that stopped.
		return bad("records a plan that was refused (%s), not one to apply; make one with 'roster plan --out PLAN.json'", p.Refused)
	}
	if p.PullRequest {
		return bad("is a pull request's plan (roster plan --base), which shows what merging the change would do; it is not applied: once the change is merged, the scheduled sync makes it (or run 'roster plan --out PLAN.json' on the merged file, and apply that)")
	}
	if p.Source.File == "" || !strings.HasPrefix(p.Source.SHA256, "sha256:") {
		return bad("source must name the members file and its sha256")
	}
	for i, l := range p.Lists {
		if l == nil || l.ID == "" || l.Address == "" {
			return bad("lists[%d] has no id or address", i)
		}
		if !strings.HasPrefix(l.Base, "sha256:") && l.Error == "" {
			return bad("list %s has no base fingerprint", l.ID)
		}
		for j, c := range l.Changes {
			where := fmt.Sprintf("list %s change %d", l.ID, j+1)
			if _, err := members.ParseAddress(c.Email); err != nil && c.Action != ActionRemove {
				return bad("%s: %v", where, err)
			}
			switch c.Action {
			case ActionAdd:
				if !c.Role.Valid() {
					return bad("%s: add needs a role (owner, manager or member), not %q", where, c.Role)
				}
			case ActionSetRole:
				if !c.Role.Valid() || !c.PreviousRole.Valid() {
					return bad("%s: set_role needs role and previous_role", where)
				}
			case ActionRemove:
				if c.Email == "" {
					return bad("%s: remove needs an email", where)
				}
			default:
				return bad("%s: unknown action %q; actions are add, remove and set_role", where, c.Action)
			}
		}
	}
	p.Summarize()
	return &p, nil
}

func lineOf(data []byte, dec *json.Decoder, err error) int {
	offset := dec.InputOffset()
	var serr *json.SyntaxError
	if errors.As(err, &serr) {
		offset = serr.Offset
	}
	var terr *json.UnmarshalTypeError
	if errors.As(err, &terr) {
		offset = terr.Offset
	}
	return 1 + bytes.Count(data[:min(int(offset), len(data))], []byte{'\n'})
}

// Diff explains how two plans of the same lists differ: what apply says
// when a saved plan no longer matches the file and the live groups. Every
// field a reviewer read in the saved plan (the list, its address and
// provider, each change, setting and kept member) must be what the plan
// computed now says; it returns nothing when they are the same.
func Diff(saved, now *Plan) []string {
	var out []string
	if saved.Source.SHA256 != now.Source.SHA256 {
		out = append(out, fmt.Sprintf("%s changed since the plan was made", now.Source.File))
	}
	byID := make(map[string]*List, len(now.Lists))
	for _, l := range now.Lists {
		byID[l.ID] = l
	}
	seen := make(map[string]bool, len(saved.Lists))
	for _, s := range saved.Lists {
		if seen[s.ID] {
			out = append(out, fmt.Sprintf("list %s appears twice in the plan (was the plan edited?)", s.ID))
			continue
		}
		seen[s.ID] = true
		n := byID[s.ID]
		switch {
		case n == nil:
			out = append(out, fmt.Sprintf("list %s is no longer selected or in the file", s.ID))
		case n.PolicyFails && s.PolicyFails:
			// Skipped then and now: nothing of it is applied either way.
		case s.PolicyFails:
			out = append(out, fmt.Sprintf("list %s was skipped when the plan was made (its policy failed); it passes now, so plan it again", s.ID))
		case n.PolicyFails:
			out = append(out, fmt.Sprintf("list %s: its policy fails in the file now: %s", s.ID, n.Error))
		case n.SharedGroup:
			out = append(out, fmt.Sprintf("list %s: %s", s.ID, n.Error))
		case n.Error != "":
			out = append(out, fmt.Sprintf("list %s: live state unreadable: %s", s.ID, n.Error))
		case !strings.EqualFold(s.Address, n.Address):
			out = append(out, fmt.Sprintf("list %s: the plan names the group %s, but the file says %s (was the plan edited?)", s.ID, s.Address, n.Address))
		case s.Provider != n.Provider:
			out = append(out, fmt.Sprintf("list %s: the plan says provider %s, but the file says %s (was the plan edited?)", s.ID, s.Provider, n.Provider))
		case s.Base != n.Base:
			out = append(out, fmt.Sprintf("the live group %s changed since the plan was made (base %s, now %s)", s.Address, short(s.Base), short(n.Base)))
		default:
			if what := differs(s, n); what != "" {
				// With the file changed, that is why; with the file and
				// the group as they were, its history (whom it listed
				// before, which decides removals) or an edit of the plan.
				edited := " (the file's git history changed since the plan, or the plan was edited)"
				switch {
				case saved.Source.SHA256 != now.Source.SHA256:
					edited = ""
				case strings.HasPrefix(what, "receivers"):
					// Read from the nested groups, which sync never
					// writes: someone joined or left one since.
					edited = " (someone joined or left a group nested in it since the plan)"
				}
				out = append(out, fmt.Sprintf("list %s: the saved %s not what the file and the live group call for now%s", s.ID, what, edited))
			}
		}
		delete(byID, s.ID)
	}
	var extra []string
	for id := range byID {
		extra = append(extra, id)
	}
	sort.Strings(extra)
	for _, id := range extra {
		out = append(out, fmt.Sprintf("list %s is selected now but not in the plan", id))
	}
	return out
}

func short(fp string) string {
	fp = strings.TrimPrefix(fp, "sha256:")
	if len(fp) > 12 {
		fp = fp[:12]
	}
	return fp
}

// differs names the part of two plans of one list that is not the same,
// or "" when all of it is: compared through their JSON, so that a field
// added to the plan later is compared too.
func differs(a, b *List) string {
	a, b = withoutRemovalReasons(withoutGuardsHeld(withoutAttribution(a))), withoutRemovalReasons(withoutGuardsHeld(withoutAttribution(b)))
	parts := []struct {
		what string
		x, y any
	}{
		{"changes are", a.Changes, b.Changes},
		{"settings are", a.Settings, b.Settings},
		{"kept members are", a.Unmanaged, b.Unmanaged},
		{"unvetted members are", a.Unvetted, b.Unvetted},
		{"aliases are", a.Aliases, b.Aliases},
		{"problems are", a.Problems, b.Problems},
		{"receivers through nested groups are", a.Receivers, b.Receivers},
		{"list is", a, b},
	}
	for _, p := range parts {
		x, _ := json.Marshal(p.x)
		y, _ := json.Marshal(p.y)
		if !bytes.Equal(x, y) {
			return p.what
		}
	}
	return ""
}

// withoutRemovalReasons is l (a copy of its own, as withoutAttribution
// returns) without the words of why each removal goes: taken off in a
// commit, by the file not yet committed, as a walk-in, with a note that
// an addition may be them. They are history's words, which a commit of
// the same file or a run that knows an alias more words otherwise; who
// goes (and may_be_addition) is the change, compared. The reasons stay
// in every plan shown (Redacted keeps them).
func withoutRemovalReasons(l *List) *List {
	for i := range l.Changes {
		if l.Changes[i].Action == ActionRemove {
			l.Changes[i].Reason = ""
		}
	}
	return l
}

// withoutGuardsHeld is l (a copy of its own, as withoutAttribution
// returns) without what the guards held back: apply judges with its own.
func withoutGuardsHeld(l *List) *List {
	for i := range l.Changes {
		if strings.HasPrefix(l.Changes[i].Blocked, GuardHeld) {
			l.Changes[i].Blocked = "" // the run's guards hold it, not the plan
		}
	}
	return l
}

// withoutAttribution is a copy of l without who changed what by hand (a
// note for people, read from the audit log, not part of what apply does)
// and without the address history knew a removed member by.
func withoutAttribution(l *List) *List {
	c := *l
	c.Attribution = ""
	c.Changes = append([]Change(nil), l.Changes...)
	for i := range c.Changes {
		// ListedAs names the address history knew a removed member by;
		// what it decides (remove or keep) is in the change itself, and
		// whether it was asked depends on the run (attribution, a
		// window): compared, it would make a saved plan stale for
		// nothing.
		c.Changes[i].ChangedBy, c.Changes[i].ListedAs = "", ""
	}
	c.Unmanaged = append([]LiveMember(nil), l.Unmanaged...)
	for i := range c.Unmanaged {
		c.Unmanaged[i].ChangedBy = ""
	}
	c.Unvetted = append([]LiveMember(nil), l.Unvetted...)
	for i := range c.Unvetted {
		c.Unvetted[i].ChangedBy = ""
	}
	c.Settings = append([]SettingChange(nil), l.Settings...)
	for i := range c.Settings {
		c.Settings[i].ChangedBy = ""
	}
	c.PastCap = append([]LiveMember(nil), l.PastCap...)
	for i := range c.PastCap {
		c.PastCap[i].ChangedBy = ""
	}
	c.Receivers = append([]Receiver(nil), l.Receivers...)
	for i := range c.Receivers {
		c.Receivers[i].ChangedBy = ""
	}
	return &c
}

// clearLookalikes drops the marks a saved plan carries: they are its
// addresses', made again (MarshalJSON) whenever it is written, and a plan
// computed now, compared with it (Diff), has none.
func (p *Plan) clearLookalikes() {
	for _, l := range p.Lists {
		for i := range l.Changes {
			l.Changes[i].Lookalike, l.Changes[i].LiveAsLookalike = "", ""
		}
		for _, ms := range [][]LiveMember{l.Unmanaged, l.Unvetted, l.PastCap} {
			for i := range ms {
				ms[i].Lookalike = ""
			}
		}
		for i := range l.Receivers {
			l.Receivers[i].Lookalike = ""
		}
		for i := range l.Aliases {
			l.Aliases[i].LiveLookalike = ""
		}
	}
}

// The marks are written by each type's MarshalJSON, not by Write, so
// that every JSON document carrying a change or a live member (plan,
// sync, apply, a saved plan) marks its look-alikes, whoever encodes it.

// MarshalJSON writes c with Lookalike made from Email.
func (c Change) MarshalJSON() ([]byte, error) {
	type fields Change
	v := fields(c)
	// A mark already set is a redacted plan's, kept from the address
	// its mask hides.
	v.Lookalike = cmp.Or(c.Lookalike, Lookalike(c.Email))
	v.LiveAsLookalike = cmp.Or(c.LiveAsLookalike, Lookalike(c.LiveAs))
	return plainjson.Marshal(v)
}

// MarshalJSON writes m with Lookalike made from Email.
func (m LiveMember) MarshalJSON() ([]byte, error) {
	type fields LiveMember
	v := fields(m)
	v.Lookalike = cmp.Or(m.Lookalike, Lookalike(m.Email))
	return plainjson.Marshal(v)
}

// MarshalJSON writes r with Lookalike made from Email and Via: the mail
// passes through each of those groups.
func (r Receiver) MarshalJSON() ([]byte, error) {
	type fields Receiver
	v := fields(r)
	var notes []string
	for _, a := range append([]string{r.Email}, r.Via...) {
		if n := Lookalike(a); n != "" {
			notes = append(notes, n)
		}
	}
	v.Lookalike = strings.Join(notes, "; ")
	return plainjson.Marshal(v)
}

// MarshalJSON writes a with LiveLookalike made from Live.
func (a Alias) MarshalJSON() ([]byte, error) {
	type fields Alias
	v := fields(a)
	v.LiveLookalike = cmp.Or(a.LiveLookalike, Lookalike(a.Live))
	return plainjson.Marshal(v)
}

// Lookalike is visible.Lookalike of an address a plan names, as the JSON
// documents carry it beside the address: "" for plain ASCII. roster's
// own mask ("w…@example.org") is no look-alike, but the letter and the
// domain it shows may be.
func Lookalike(email string) string {
	if Masked(email) {
		email = strings.Replace(email, "…", "", 1)
	}
	return visible.Lookalike(email)
}

// LookalikeNote is visible.LookalikeNote of an address a plan names:
// " [non-ASCII: ...]" naming each letter that could pass for an ASCII
// one, "" for plain ASCII. roster's own mask ("w…@example.org") is no
// look-alike, but the letter and the domain it shows may be.
func LookalikeNote(email string) string {
	if Masked(email) {
		email = strings.Replace(email, "…", "", 1)
	}
	return visible.LookalikeNote(email)
}
