package members

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Names that roster prints into terminals, pull-request comments, GitHub
// workflow commands ("::error file=...::") and the command lines of its
// hints are held to a small character set when the file is read: list and
// policy ids, vetting methods, GitHub handles and vetters. A newline, an
// escape sequence, '|', '`' or "::" in one of them is then impossible by
// construction, not something each renderer must remember to escape (a
// vetter named by address has a plain mailbox: see CheckVetter).
// Free text (name, affiliation, description, note, evidence) stays free;
// the renderers sanitise it.

// MaxNameLength is the longest list id, policy id or vetting method.
const MaxNameLength = 64

// MaxHandleLength is the longest GitHub handle GitHub allows.
const MaxHandleLength = 39

// ImportVetter is the vetter "roster import" writes in the grandfathered
// records of people who were on a live list before roster managed it. It
// is accepted wherever a vetter is named.
const ImportVetter = "import"

// gitHubsOwn are accounts GitHub itself acts as, which no person
// signs in to: "web-flow" commits what the web editor makes (the pull
// request gate reads it specially), "ghost" stands for deleted users,
// and its agents and apps (Copilot, Actions, Dependabot) open pull
// requests anyone who can set them to work steers.
var gitHubsOwn = [...]string{"web-flow", "ghost", "copilot", "github-actions", "dependabot"}

// CheckMemberHandle is CheckHandle for a member's own github field: also
// never ImportVetter, in any case, or a record by = "import" (roster
// import's) would read as that member's own vetting; nor an account
// GitHub itself acts as, whose approvals and commits are nobody's. The
// parser and every edit that writes a handle refuse them alike.
func CheckMemberHandle(s string) error {
	if err := CheckHandle(s); err != nil {
		return err
	}
	h := strings.TrimPrefix(strings.TrimSpace(s), "@")
	if strings.EqualFold(h, ImportVetter) {
		return fmt.Errorf("it is the vetter roster import writes in its records (by = %q), so no member may have it as a handle", ImportVetter)
	}
	for _, own := range gitHubsOwn {
		if strings.EqualFold(h, own) {
			return fmt.Errorf("it is an account GitHub itself acts as (%s), which no person signs in to; write the member's own handle", own)
		}
	}
	return nil
}

// nameForm and handleForm say, in every message about a name or handle,
// what may be written instead.
const (
	nameForm   = "use letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters, like security-reports or video-call"
	handleForm = "a GitHub handle is 1 to 39 letters, digits and single hyphens, not starting or ending with '-', optionally after an '@', like grace-example (a managed user's ends in '_' and the enterprise's short code, like grace-example_acme)"
)

// CheckName reports why s cannot be a list id, a policy id or a vetting
// method, or nil when it can: ASCII letters, digits, '-', '_' and '.',
// starting with a letter or digit, at most MaxNameLength bytes.
func CheckName(s string) error {
	if s == "" {
		return fmt.Errorf("it is empty; %s", nameForm)
	}
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i]) {
			r, _ := utf8.DecodeRuneInString(s[i:])
			return fmt.Errorf("%s is not allowed; %s", describeChar(r), nameForm)
		}
	}
	switch {
	case !isAlnum(s[0]):
		return fmt.Errorf("it starts with '%c'; %s", s[0], nameForm)
	case len(s) > MaxNameLength:
		return fmt.Errorf("it is %d characters long; %s", len(s), nameForm)
	}
	return nil
}

// CheckHandle reports why s is not a GitHub handle, or nil when it is:
// 1 to MaxHandleLength ASCII letters, digits and hyphens, with no hyphen
// first, last or next to another, optionally after one '@'. An
// Enterprise Managed User's login is such a handle, an underscore and
// the enterprise's short code (letters and digits): in an enterprise of
// managed users every login has that form, and refusing it would leave
// no one who could own, vet or approve.
func CheckHandle(s string) error {
	h := strings.TrimPrefix(s, "@")
	if h == "" {
		return fmt.Errorf("it is empty; %s", handleForm)
	}
	if len(h) > MaxHandleLength {
		return fmt.Errorf("it is %d characters long; %s", len(h), handleForm)
	}
	if i := strings.IndexByte(h, '_'); i >= 0 {
		code := h[i+1:]
		switch {
		case i == 0:
			return fmt.Errorf("it starts with '_'; %s", handleForm)
		case code == "":
			return fmt.Errorf("it ends with '_'; %s", handleForm)
		}
		for j := 0; j < len(code); j++ {
			if !isAlnum(code[j]) {
				r, _ := utf8.DecodeRuneInString(code[j:])
				return fmt.Errorf("%s is not allowed after '_' (the enterprise's short code is letters and digits); %s", describeChar(r), handleForm)
			}
		}
		h = h[:i]
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if isAlnum(c) {
			continue
		}
		if c != '-' {
			r, _ := utf8.DecodeRuneInString(h[i:])
			return fmt.Errorf("%s is not allowed; %s", describeChar(r), handleForm)
		}
		switch {
		case i == 0:
			return fmt.Errorf("it starts with '-'; %s", handleForm)
		case i == len(h)-1:
			return fmt.Errorf("it ends with '-'; %s", handleForm)
		case h[i+1] == '-':
			return fmt.Errorf("it has \"--\"; %s", handleForm)
		}
	}
	return nil
}

// vetterRefused are the characters a vetter's address may not hold
// before its '@', which RFC 5322 allows there: what markdown, HTML and
// GitHub's workflow commands ('%' encodes their newlines) read.
const vetterRefused = "|`*~#[]<>!&\\%"

// CheckVetter reports why s cannot name the vetter of a record, or nil
// when it can: a GitHub handle (see CheckHandle), an email address that
// ParseAddress accepts, with none of vetterRefused before its '@', and
// that is not Confusable, or ImportVetter.
func CheckVetter(s string) error {
	if s == ImportVetter {
		return nil
	}
	if at := strings.IndexByte(s, '@'); at > 0 {
		a, err := ParseAddress(s)
		if err != nil {
			return err
		}
		// Before the '@', none of what markdown, HTML and workflow
		// commands read (RFC 5322 allows | ` * ~ # and more there): a
		// vetter is printed in every comment and annotation. Letters of
		// every script, with their combining marks, stay.
		if i := strings.IndexAny(a.Local, vetterRefused); i >= 0 {
			return fmt.Errorf("%s is not allowed before the '@' of a vetter's address (nor is any of %s); name the vetter by GitHub handle, like grace-example", describeChar(rune(a.Local[i])), strings.Join(strings.Split(vetterRefused, ""), " "))
		}
		if why := a.Confusable(); why != "" {
			return fmt.Errorf("the address could be mistaken for another (%s); name the vetter by GitHub handle or a plain address", why)
		}
		return nil
	}
	if err := CheckHandle(s); err != nil {
		return fmt.Errorf("%w; or name the vetter by email address, like grace@example.org", err)
	}
	return nil
}

// HandleKey is the canonical form of a GitHub handle, under which roster
// compares handles: without surrounding space or a leading '@', in lower
// case (GitHub handles are case-insensitive). It does not allocate for a
// handle that is already canonical.
func HandleKey(h string) string {
	h = strings.TrimPrefix(strings.TrimSpace(h), "@")
	for i := 0; i < len(h); i++ {
		if c := h[i]; c >= 'A' && c <= 'Z' {
			// Only ASCII letters fold: GitHub logins are ASCII, and
			// Unicode lower-casing makes the Kelvin sign a 'k' and 'İ'
			// an 'i', so a look-alike would key as the handle it
			// imitates.
			return strings.Map(func(r rune) rune {
				if 'A' <= r && r <= 'Z' {
					return r + 'a' - 'A'
				}
				return r
			}, h)
		}
	}
	return h
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isNameByte(c byte) bool { return isAlnum(c) || c == '-' || c == '_' || c == '.' }

// describeChar names a character for a message in a way that cannot
// itself break the line it is printed on: '|', a space, U+000A.
func describeChar(r rune) string {
	switch {
	case r == utf8.RuneError:
		return "an invalid byte"
	case r == ' ':
		return "a space"
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf("the control character %U", r)
	case r < utf8.RuneSelf:
		return fmt.Sprintf("'%c'", r)
	}
	return fmt.Sprintf("%U (%s)", r, scriptOf(r))
}
