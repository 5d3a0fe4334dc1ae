package plan

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/roster-dev/roster/members"
)

// addressInText finds what looks like an address in a sentence: as
// generous as a hostile live address may be, so that none slips
// through unmasked. An apostrophe is a letter of a local part (Google
// takes "o'brien@"), never of a domain.
var addressInText = regexp.MustCompile(`[^\s<>()\[\]",;:]+@[^\s<>()\[\]"',;:]+`)

// MaskAddresses is text with every address in it that public does not
// name shortened as MaskAddress shortens one: the sentences a plan or
// a run prints for readers who may not see the live groups (Redacted,
// a pull request plan's warnings).
func MaskAddresses(text string, public func(email string) bool) string {
	return addressInText.ReplaceAllStringFunc(text, func(a string) string {
		// A quote before it opens the quotation, and a full stop after
		// it ends the sentence: neither is the address's.
		body := strings.TrimLeft(a, "'")
		lead := a[:len(a)-len(body)]
		addr := strings.TrimRight(body, ".")
		if public(addr) {
			return a
		}
		return lead + MaskAddress(addr) + body[len(addr):]
	})
}

// Redacted returns a copy of p for readers who may see the members file
// but not the live groups: a pull request's comment or a public CI log.
// Every address the file does not name on the list (public says which
// it does, for each list's id) is
// shortened to its first character and domain, and who changed what by
// hand (the audit log's actors) and the digest of the live members are
// left out. The counts, roles and reasons stay: the reviewer still sees
// that the live group holds someone the file does not.
func (p *Plan) Redacted(publicOn func(list, email string) bool) *Plan {
	c := *p
	c.Lists = make([]*List, len(p.Lists))
	for i, l := range p.Lists {
		// The list's own address is the file's, public as its members.
		group := members.IdentityOf(l.Address)
		public := func(email string) bool {
			return WholeDomain(email) || publicOn(l.ID, email) || members.IdentityOf(email) == group
		}
		r := withoutAttribution(l)
		for j := range r.Changes {
			// An addition is written as the file spells it, and the
			// file is what the reader may see; every other change names
			// a live member.
			// A mask keeps the look-alike mark of what it hides: the
			// reviewer sees that the account only looks like a plain
			// address, not which one it is.
			if c := &r.Changes[j]; c.Action != ActionAdd && !public(c.Email) {
				c.Lookalike, c.Email = Lookalike(c.Email), MaskAddress(c.Email)
				c.Elsewhere = ""
				// Nor the commit that took them off: it names them.
				if rest, ok := strings.CutPrefix(c.Reason, takenOff); ok {
					file := rest
					for _, sep := range []string{" (", " as "} {
						if i := strings.Index(file, sep); i >= 0 {
							file = file[:i]
						}
					}
					c.Reason = takenOff + file + " (in a commit a pull request's plan does not name: it would name them)"
				}
			}
			if c := &r.Changes[j]; c.LiveAs != "" && !public(c.LiveAs) {
				c.LiveAsLookalike, c.LiveAs = Lookalike(c.LiveAs), MaskAddress(c.LiveAs)
			}
		}
		for j := range r.Unmanaged {
			if !public(r.Unmanaged[j].Email) {
				r.Unmanaged[j].Lookalike = Lookalike(r.Unmanaged[j].Email)
				r.Unmanaged[j].Email = MaskAddress(r.Unmanaged[j].Email)
				r.Unmanaged[j].Elsewhere = "" // where the file lists them would name them
			}
		}
		r.Unvetted = append([]LiveMember(nil), l.Unvetted...)
		for j := range r.Unvetted {
			if !public(r.Unvetted[j].Email) {
				r.Unvetted[j].Lookalike = Lookalike(r.Unvetted[j].Email)
				r.Unvetted[j].Email = MaskAddress(r.Unvetted[j].Email)
				r.Unvetted[j].Why = ""
			}
		}
		r.Aliases = append([]Alias(nil), l.Aliases...)
		for j := range r.Aliases {
			if !public(r.Aliases[j].Live) {
				r.Aliases[j].LiveLookalike = Lookalike(r.Aliases[j].Live)
				r.Aliases[j].Live = MaskAddress(r.Aliases[j].Live)
			}
		}
		r.Receivers = append([]Receiver(nil), l.Receivers...)
		for j := range r.Receivers {
			rc := &r.Receivers[j]
			rc.ChangedBy = "" // the audit log's actors, as withoutAttribution drops them
			if !public(rc.Email) {
				rc.Email = MaskAddress(rc.Email)
			}
			rc.Via = append([]string(nil), rc.Via...)
			for k, g := range rc.Via {
				if !public(g) {
					rc.Via[k] = MaskAddress(g)
				}
			}
		}
		for j := range r.PastCap {
			if !public(r.PastCap[j].Email) {
				r.PastCap[j].Lookalike = Lookalike(r.PastCap[j].Email)
				r.PastCap[j].Email = MaskAddress(r.PastCap[j].Email)
			}
		}
		// The group's own address, where the file writes an alias of
		// it, is the live side's to say.
		if r.GroupAddress != "" && !public(r.GroupAddress) {
			r.GroupAddress = MaskAddress(r.GroupAddress)
		}
		r.Groups = append([]string(nil), l.Groups...)
		for j, g := range r.Groups {
			if !public(g) {
				r.Groups[j] = MaskAddress(g)
			}
		}
		// Problems and a read's error are sentences that may quote live
		// addresses (a nested group the file names by an alias, Google's
		// message): every address in them is masked as the fields are.
		mask := func(text string) string { return MaskAddresses(text, public) }
		r.Problems = append([]string(nil), l.Problems...)
		for j, pr := range r.Problems {
			r.Problems[j] = mask(pr)
		}
		r.Error = mask(l.Error)
		// So is why a change is blocked or made: a promotion of a nested
		// group names the group as Google has it, which may be an
		// address the file writes nowhere (one of its aliases).
		for j := range r.Changes {
			r.Changes[j].Blocked = mask(r.Changes[j].Blocked)
			r.Changes[j].Reason = mask(r.Changes[j].Reason)
		}
		// Base digests the live members: beside a masked address it
		// would let a reader confirm a guess offline.
		r.Base = ""
		c.Lists[i] = r
	}
	return &c
}

// MaskAddress shortens an address to its first character and its
// domain: "w…@example.org".
func MaskAddress(a string) string {
	at := strings.LastIndexByte(a, '@')
	if at <= 0 {
		return "(hidden)"
	}
	_, size := utf8.DecodeRuneInString(a)
	return a[:size] + "…" + a[at:]
}

// Masked reports whether s is an address as MaskAddress hides it:
// its first character, "…", and its domain ("w…@example.org").
func Masked(s string) bool {
	_, size := utf8.DecodeRuneInString(s)
	return size > 0 && strings.HasPrefix(s[size:], "…@")
}
