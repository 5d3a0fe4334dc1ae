package plan

// Plan is the plan for every selected list.
type Plan struct {
	// Version of the plan file format.
	Version int `json:"version"`
	// Source identifies the members file the plan was computed from.
	Source  Source  `json:"source"`
	Lists   []*List `json:"lists"`
	Summary Summary `json:"summary"`
	// NotRead are the ids of the lists whose live groups were not read:
	// those an incremental run (--changed-since) left out, nothing in
	// git or Google's audit log saying they changed (a change the log
	// does not have yet is read by a later run, one it never logs by the
	// next full run), which Lists does
	// not hold; and those a pull request's plan must not read, which
	// Lists holds, their Unread saying why.
	NotRead []string `json:"not_read,omitempty"`
	// Refused, printed as JSON only, says why no plan was made (a file
	// that does not parse, no credentials): nothing was read, and the
	// lists are empty. A script reading stdout gets one document
	// whatever happened.
	Refused string `json:"refused,omitempty"`
	// GuardRefuses says why sync would refuse to run this plan at all (a
	// guard over the whole run: --max-removals): none of its changes
	// would happen, and plan fails as sync would.
	GuardRefuses string `json:"guard_refuses,omitempty"`
	// PullRequest marks a pull request's plan (plan --base): what a
	// merge would change, read with the members scope alone, its
	// addresses redacted. It is for reading; once the change is merged,
	// sync applies it, and apply refuses it.
	PullRequest bool `json:"pull_request,omitempty"`
}

// FormatVersion is the plan file format this roster writes and reads.
const FormatVersion = 1

// Source is the members file a plan was computed from.
type Source struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

// Summary counts the changes of a plan.
type Summary struct {
	Add      int `json:"add"`
	Remove   int `json:"remove"`
	SetRole  int `json:"set_role"`
	Settings int `json:"settings"`
	// Create counts the groups sync will create.
	Create int `json:"create"`
	// CreateIfMissing counts the groups of unread lists sync creates
	// only if they do not exist (List.CreateIfMissing): not known to be
	// created, so not counted in Create.
	CreateIfMissing int `json:"create_if_missing"`
	Unmanaged       int `json:"unmanaged"`
	// Unvetted counts the live members the file lists without admitting
	// them (List.Unvetted).
	Unvetted int `json:"unvetted"`
	// Blocked counts the adds and promotions the file's findings refuse.
	Blocked int `json:"blocked"`
	// Problems counts what the live groups have that policies forbid.
	Problems int `json:"problems"`
	// Unreadable counts lists whose live state could not be read.
	Unreadable int `json:"unreadable"`
	// PolicyFails counts lists not read because their own policy fails
	// in the file.
	PolicyFails int `json:"policy_fails"`
	// SharedGroup counts lists not planned because their group is
	// another list's too (List.SharedGroup).
	SharedGroup int `json:"shared_group"`
}

// Pending reports whether the plan has anything to change.
func (p *Plan) Pending() bool {
	for _, l := range p.Lists {
		if l.Pending() {
			return true
		}
	}
	return false
}

// WithSkipped adds the lists a run did not read (PolicyFails, with
// Error saying why) and summarizes the plan again.
func (p *Plan) WithSkipped(skipped []*List) {
	if len(skipped) == 0 {
		return
	}
	p.Lists = append(p.Lists, skipped...)
	p.Summarize()
}

// Summarize fills in the summary from the lists.
func (p *Plan) Summarize() {
	var s Summary
	for _, l := range p.Lists {
		switch {
		case l.PolicyFails:
			s.PolicyFails++
		case l.SharedGroup:
			s.SharedGroup++
		case l.Error != "":
			s.Unreadable++
		}
		s.Problems += len(l.Problems)
		for _, c := range l.Changes {
			if c.Blocked != "" {
				s.Blocked++
			}
			switch c.Action {
			case ActionAdd:
				s.Add++
			case ActionRemove:
				s.Remove++
			case ActionSetRole:
				s.SetRole++
			}
		}
		s.Settings += len(l.Settings)
		s.Unmanaged += len(l.Unmanaged)
		s.Unvetted += len(l.Unvetted)
		if l.Create {
			s.Create++
		}
		if l.CreateIfMissing {
			s.CreateIfMissing++
		}
	}
	p.Summary = s
}
