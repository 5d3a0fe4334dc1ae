package plan

import "github.com/roster-dev/roster/members"

// gated gives in the file's findings about list (opts.Gate: who may not
// be added, and why) and the entries matched with no live member
// (opts.Unseen).
func (in *Input) gated(list string, opts AssembleOptions) {
	if opts.Unseen != nil {
		in.Unseen = func(email string) bool { return opts.Unseen(list, email) }
	}
	if opts.Gate != nil {
		in.Blocked = func(email string) string { return opts.Gate.Blocked(list, email) }
		in.Unadmitted = func(email string, role members.Role) string { return opts.Gate.Unadmitted(list, email, role) }
		in.Full = opts.Gate.Full(list)
	}
}

// assembleUnread plans a list whose live group was not read (o.Unread):
// from the file alone. Its additions are the entries the change names
// for the first time on it (opts.Unseen; all of them when nil), which
// the reader of the change sees anyway; an entry the base already had
// is on the group or planned there by the base, and says nothing new.
// Nothing is removed: nobody knows who is on the group. A list with
// create = true will have its group created if it is missing, its
// policy's settings pinned first, as for a group known to be missing;
// IfExists says what sync does to a group that is there already.
func assembleUnread(f *members.File, o Observed, pol *members.Policy, opts AssembleOptions) *List {
	l := o.List
	in := Input{File: opts.Source.File, unread: true, IsGroup: FileGroups(f)}
	in.gated(l.ID, opts)
	for _, m := range f.MembersOf(l.ID) {
		if in.Unseen == nil || in.Unseen(m.Email) {
			in.Want = append(in.Want, m)
		}
	}
	out := Compute(l, pol, in)
	// Nothing was read: no fingerprint of a live state, and no live
	// member counted.
	out.Base, out.LiveIDs, out.Live = "", nil, 0
	out.Unread = o.Unread
	out.Checklist = l.Provider == members.ProviderCSV
	// Whether the group exists was not read: it is created only if it
	// does not, and taken over if it does.
	out.CreateIfMissing = l.Create && l.Provider == members.ProviderGoogle
	if out.CreateIfMissing {
		out.Settings = creationSettings(pol)
		if len(out.Settings) == 0 {
			out.Unpinned = pol.ID
		}
	}
	if l.Provider == members.ProviderGoogle {
		out.IfExists = takeoverOf(pol)
		out.IfExists.MovedFrom = o.MovedFrom
	}
	return out
}

// Takeover is what sync does, after a pull request is merged, to a group
// that exists at the address of a list the plan did not read: it manages
// it as any group, whoever is on it now.
type Takeover struct {
	// Unmanaged is the policy's unmanaged: "remove" takes off everyone
	// on the group the file does not list; "report" keeps and reports
	// them.
	Unmanaged members.Unmanaged `json:"unmanaged"`
	// Pins are the settings the policy pins, which sync sets whatever
	// their live values.
	Pins []string `json:"pins,omitempty"`
	// MovedFrom names the other members file that manages the group at
	// the base, when the change moves the list in from it: once merged,
	// history follows the move, and sync takes off the group whom that
	// file listed there and this one does not, whatever Unmanaged says.
	MovedFrom string `json:"moved_from,omitempty"`
}

func takeoverOf(pol *members.Policy) *Takeover {
	t := &Takeover{Unmanaged: pol.Unmanaged}
	for _, s := range creationSettings(pol) {
		t.Pins = append(t.Pins, s.Name)
	}
	return t
}
