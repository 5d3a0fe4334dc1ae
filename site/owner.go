package site

import (
	"fmt"
	"path/filepath"
	"strings"
)

// A refusal of a public roster is printed where the roster is built, a
// log anyone may read (a public repository's CI): it names what it
// refused by where it is and whose it is, never by the text it found,
// which is the address (or the note) the refusal keeps from being
// published.

// addressOwner returns, for the text a refusal found an address in,
// whose address of in's it is, named by where the members file holds it
// ("the member at members.toml:12"), or "" when it is none of them, or
// none can be told. The line is
// enough for whoever maintains the file, and tells a reader of the log
// nothing about the person.
func addressOwner(in Input) func(found string) string {
	// An owner's address is read as its letters (readLetters), the
	// local part's and the domain's first label's apart: found spelled
	// out of shape ("dana.whitfield (at) example [dot] org") has words
	// between them.
	type owner struct{ local, domain, what string }
	var owners []owner
	built := false
	add := func(address, what string) {
		local, domain, ok := strings.Cut(address, "@")
		if !ok {
			return
		}
		label, _, _ := strings.Cut(domain, ".")
		if l, d := readLetters(local).text, readLetters(label).text; len(l)+len(d) >= 4 {
			owners = append(owners, owner{l, d, what})
		}
	}
	return func(found string) string {
		if !built {
			built = true
			name := "the members file"
			if in.File != nil {
				if in.File.Name != "" {
					name = filepath.Base(in.File.Name)
				}
				for _, l := range in.File.Lists {
					add(l.Address, fmt.Sprintf("the list at %s:%d", name, l.Pos.Line))
				}
				for _, m := range in.File.Members {
					add(m.Email, fmt.Sprintf("the member at %s:%d", name, m.Pos.Line))
				}
			}
			for _, e := range in.Events {
				add(e.Email, "someone in the file's history")
			}
			for _, a := range in.Known {
				add(a, "one the repository holds")
			}
		}
		if found == "" {
			return ""
		}
		// The longest that the text holds: "ada@example.org" holds the
		// letters of "a@example.org" too.
		read := readLetters(found).text
		best := -1
		for i, o := range owners {
			if strings.Contains(read, o.local) && strings.Contains(read, o.domain) &&
				(best < 0 || len(o.local)+len(o.domain) > len(owners[best].local)+len(owners[best].domain)) {
				best = i
			}
		}
		if best < 0 {
			return ""
		}
		return owners[best].what
	}
}

// ownerAt is owner of what a reader found at data[loc[0]:loc[1]]: of
// the match alone, or, when that names no one's, with a little of the
// text around it; "" for no one's.
func ownerAt(owner func(string) string, data []byte, loc []int) string {
	if owner == nil {
		return ""
	}
	if who := owner(foundAround(data, loc, 0)); who != "" {
		return who
	}
	return owner(foundAround(data, loc, 64))
}

// ownedBy is what a refusal says of whose an address is: " (that of
// the member at members.toml:12)", or nothing.
func ownedBy(who string) string {
	if who == "" {
		return ""
	}
	return " (that of " + who + ")"
}

// foundAround is data[loc[0]:loc[1]], and up to margin bytes either side:
// what an address reader found, with enough around it for whose it is
// to be told (a reading that found the '@' and the domain, say).
func foundAround(data []byte, loc []int, margin int) string {
	return strings.ToValidUTF8(string(data[max(0, loc[0]-margin):min(len(data), loc[1]+margin)]), "")
}
