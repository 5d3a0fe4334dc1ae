package site

import (
	"strings"

	"github.com/roster-dev/roster/members"
)

// A page sets fields of different people, or of one list, side by
// side: the owners of a list are one inline row ("Mail jane.doe at",
// then "example.net"), a list's id is its page's heading and its
// description the paragraph under it, a drift row names a list, who
// changed it and what. A reader reads (and copies) them on from one
// another, as one text: each was read alone, and here they are read
// together (spelledBeside), where they meet.
//
// What they spell is hidden, never refused. A build refused for what
// two people wrote would let anyone stop the public roster from being
// published by choosing a name to stand beside another's; hidden, the
// page shows neither part (both fields: which of them is the address's
// is no more known than who wrote them), and the auditor's site still
// shows both.

// besideOwners hides the owners of the list l, as a page shows them in
// a row, when two of them, or three in a row, spell an address side by
// side: the fields each shows, in order, with a space between.
func (f *fields) besideOwners(l *members.List, file *members.File) {
	var owners []*members.Member
	for _, m := range file.MembersOf(l.ID) {
		if role, _ := m.RoleOn(l.ID); role == members.RoleOwner {
			owners = append(owners, m)
		}
	}
	for i := 0; i+1 < len(owners); i++ {
		for n := 2; n <= 3 && i+n <= len(owners); n++ {
			window := owners[i : i+n]
			if f.besideTexts(f.shownInRow(window)...) {
				for _, m := range window {
					f.members[m] = shownMember{name: hidden}
				}
				break
			}
		}
	}
}

// shownInRow is the text of each of members as a row of people shows
// it: their name and handle, as the person template sets them; "" for
// one hidden or anonymous, who shows none of their text.
func (f *fields) shownInRow(ms []*members.Member) []string {
	texts := make([]string, len(ms))
	for i, m := range ms {
		v := f.member(m)
		if v.name == hidden {
			continue
		}
		texts[i] = strings.TrimSpace(v.name + " " + v.github)
	}
	return texts
}

// besideTexts reports whether texts a page shows side by side, in
// order, spell an address read together, read from the end of the
// first to the start of the last (seam), with a space between each. A
// text hidden, or none, is read over: a reader bridges the gap (a
// heading with no description under it is right above the policy).
func (f *fields) besideTexts(texts ...string) bool {
	shown := make([]string, 0, len(texts))
	for _, t := range texts {
		if t != "" && t != hidden {
			shown = append(shown, t)
		}
	}
	return len(shown) >= 2 && f.spelledRun(shown)
}

// spelledRun is besideTexts for a run of two texts or more. One in the
// middle longer than seam is more than an address spelled at its
// longest: none spans it, and the run is read as two, on either side.
func (f *fields) spelledRun(run []string) bool {
	for k := 1; k < len(run)-1; k++ {
		if len(run[k]) > seam {
			return f.spelledRun(run[:k+1]) || f.spelledRun(run[k:])
		}
	}
	parts := append([]string{fieldEnd(run[0])}, run[1:len(run)-1]...)
	parts = append(parts, fieldStart(run[len(run)-1]))
	return f.spelledBeside(strings.Join(parts, " ")) || f.spelledCells(parts...)
}
