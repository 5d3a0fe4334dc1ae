package pullrequest

import "strings"

// coAuthorKey is the trailer GitHub credits a commit's co-authors by.
const coAuthorKey = "co-authored-by"

// noreplyDomain is the domain of the addresses GitHub gives its users
// to commit under: ID+login@ (since 2017) or login@.
const noreplyDomain = "users.noreply.github.com"

// coAuthors returns the people the Co-authored-by trailers of a commit
// message name, in order. Trailers are read where git reads them: in the
// message's last paragraph, never its first (the subject), each line a
// key, optional blanks, a colon and a value, the key in any case (GitHub
// credits "co-authored-by:" too), a line that starts with a blank going
// on the one before it. Git reads a paragraph as trailers only when most
// of its lines are; here every Co-authored-by line of the last paragraph
// counts, whatever stands beside it: naming one more person who wrote
// the change only ever excludes an approver, or costs an approval.
//
// A GitHub noreply address names its login. Any other address cannot be
// matched to an account (GitHub's REST API links only a commit's author
// and committer to accounts, never a trailer's), so its Login is "",
// as for a commit whose email GitHub links to no account; a value with
// no address in it is kept whole as the Email, so that it is named.
func coAuthors(message string) []Identity {
	var out []Identity
	for _, line := range lastParagraph(message) {
		key, value, ok := strings.Cut(line, ":")
		if !ok || loginKey(strings.TrimRight(key, " \t")) != coAuthorKey {
			continue
		}
		value = strings.TrimSpace(value)
		if value == "" {
			continue
		}
		name, email := splitAddress(value)
		out = append(out, Identity{Login: noreplyLogin(email), Email: email, Name: name})
	}
	return out
}

// lastParagraph returns the lines of a message's last paragraph, past
// the first (the subject, which git never reads trailers from), with
// continuation lines (starting with a blank) joined to the line they go
// on; nil when the message has one paragraph.
func lastParagraph(message string) []string {
	lines := strings.Split(strings.ReplaceAll(message, "\r\n", "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	start := -1
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.TrimSpace(lines[i]) == "" {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return nil // the subject alone
	}
	var out []string
	for _, l := range lines[start:] {
		if len(out) > 0 && (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) {
			out[len(out)-1] += " " + strings.TrimSpace(l)
			continue
		}
		out = append(out, l)
	}
	return out
}

// splitAddress splits "Name <email>" into its name and email. A value
// without angle brackets is an email if it is one word with an @ in it;
// otherwise it is kept whole as the email, naming whoever it names.
func splitAddress(value string) (name, email string) {
	if lt := strings.LastIndexByte(value, '<'); lt >= 0 {
		if gt := strings.IndexByte(value[lt:], '>'); gt > 0 {
			if email = strings.TrimSpace(value[lt+1 : lt+gt]); email != "" {
				return strings.TrimSpace(value[:lt]), email
			}
		}
	}
	return "", value
}

// noreplyLogin returns the login a GitHub noreply address names
// (ID+login@users.noreply.github.com or login@users.noreply.github.com),
// or "" for any other address. The domain is compared in ASCII case
// only (loginKey): a look-alike letter in it is another domain.
func noreplyLogin(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 || loginKey(email[at+1:]) != noreplyDomain {
		return ""
	}
	local := email[:at]
	if id, login, ok := strings.Cut(local, "+"); ok {
		if id == "" || strings.Trim(id, "0123456789") != "" {
			return ""
		}
		local = login
	}
	if !loginRE.MatchString(local) {
		return ""
	}
	return local
}
