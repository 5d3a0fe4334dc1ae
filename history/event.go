package history

import (
	"time"

	"github.com/roster-dev/roster/internal/plainjson"
	"github.com/roster-dev/roster/internal/visible"
	"github.com/roster-dev/roster/members"
)

// Action is what happened to a member in a commit.
type Action string

// Actions.
const (
	Added       Action = "added"
	Removed     Action = "removed"
	RoleChanged Action = "role_changed"
	Vetted      Action = "vetted"
	// VettingRemoved: a record the entry had is gone from it. Records
	// are facts, added, never edited: an edited one is this event for
	// the old record and "vetted" for the new.
	VettingRemoved Action = "vetting_removed"
)

// Event is one change of one member in one commit.
type Event struct {
	Commit string `json:"commit"`
	// Date is when the commit had landed by (Landed): its committer
	// date, or a later commit's when that one is dated earlier.
	Date    time.Time `json:"date"`
	Author  string    `json:"author"`
	Subject string    `json:"subject"`
	// ViaSubject is, for an event of a branch merged into the line, the
	// subject of the line's commit it landed with (the merge): the pull
	// request it came in by is that one's, while the branch's own
	// subjects say whatever their author typed, "(#999)" too.
	ViaSubject string `json:"via_subject,omitempty"`
	List       string `json:"list"`
	Email      string `json:"email"`
	// Lookalike names each letter of Email that only looks like an
	// ASCII one, as text outputs mark it; written by MarshalJSON from
	// Email.
	Lookalike    string       `json:"lookalike,omitempty"`
	Action       Action       `json:"action"`
	Role         members.Role `json:"role"`
	PreviousRole members.Role `json:"previous_role"`
	// Vetting is the record a "vetted" event is about.
	Vetting *Record `json:"vetting,omitempty"`
	// MovedTo is, for a removal, the file the list moved to in its
	// commit, taking the person with it: they left this file, and no
	// group.
	MovedTo string `json:"moved_to,omitempty"`
	// File is, for an event of a list read in another file before it
	// moved into the members file, that file's path; empty for the
	// members file's own events. A person's records in one file are
	// not their records in the other.
	File string `json:"file,omitempty"`
	// Group is the identity of the address of the group the event is
	// of ("" for a vetting event, which is of a person): two events
	// under one list id are of two groups when its address changed.
	Group string `json:"group,omitempty"`
	// LandedLate is the latest the event's commit may have landed
	// (Revision.LandedLate), when its line's dates read two ways; zero
	// otherwise. A verdict on whether a record admitted someone takes
	// it over Date, as validate does; Date is what history shows.
	LandedLate time.Time `json:"-"`
	// Version is, for an addition read with Options.Versions, the
	// version of the file it is in (of the file a list was read in
	// before it moved, or of a merged branch, for such an event): the
	// file as it stood when they joined, which judges the record that
	// admitted them. Nil otherwise, and never in JSON.
	Version *Version `json:"-"`
}

// Record is a vetting record as history reports it.
type Record struct {
	By       string `json:"by"`
	On       string `json:"on"`
	Method   string `json:"method"`
	Note     string `json:"note,omitempty"`
	Evidence string `json:"evidence,omitempty"`
}

// MarshalJSON writes e with Lookalike made from Email: every document of
// events (history, a site's data) marks a look-alike address as the
// plan's do.
func (e Event) MarshalJSON() ([]byte, error) {
	type fields Event
	v := fields(e)
	v.Lookalike = visible.Lookalike(e.Email)
	return plainjson.Marshal(v)
}

// Problem is a revision that could not be read; it is skipped, and the
// next good revision is compared with the last good one.
type Problem struct {
	Revision Revision
	Err      error
}

// Options select the events of a history.
type Options struct {
	LogOptions
	// Lists keeps only the events of these lists (ids), and the vetting
	// events of members on one of them in that revision.
	Lists  []string
	Member string // only this member (any spelling of the mailbox, a +tag too)
	// IDs, when set, is given every id a list had in the versions read
	// (the window, and the file at the end of the line), to the groups
	// it named: for names that tell two groups of one id apart.
	IDs func(map[string][]string)
	// Versions, when set, is given the versions of the file in the
	// window that parsed, oldest first, once the events are read (with
	// the problems, they are its commits there, each one that changed
	// the file, whatever it changed); and each addition carries the
	// version it is in (Event.Version).
	Versions func([]*Version)
	// Caps, when set, is given, for each group (the identity of its
	// address) whose list moved in from another file, the caps that
	// file's versions gave it while it held the list, up to the move,
	// oldest first and dated as the line's commits landed (a list that
	// moved out and back, the caps it had while away): with Versions,
	// the cap it had on every day, wherever it was.
	Caps func(map[string][]CapAt)
}
