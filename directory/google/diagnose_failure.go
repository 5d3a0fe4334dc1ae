package google

import (
	"errors"
	"net/url"
	"slices"
	"strings"

	"github.com/roster-dev/roster/directory"
)

// How doctor words a read that failed: by the kind of failure, since
// the fixes differ.

// failure says why one of doctor's reads failed and what fixes it, by
// the kind of failure, because the fixes differ: a refusal (403, 401:
// a grant or a role is missing) is what refused and refusedFix say; no
// answer within the call timeout (unanswered), a 5xx or a broken
// connection is the endpoint's or the network's, which no grant fixes;
// a rate limit passes; anything else is what Google answered, with no
// fix to guess.
func failure(err error, unanswered bool, root string, refused, refusedFix string) (detail, fix string) {
	return failureOf(err, unanswered, root, "", refused, refusedFix)
}

// failureOf is failure for a read of api (its name, "" for the host's
// only one) whose host answered doctor's other reads: one that did not
// answer is that API's service, slow or down, not the way to the host.
func failureOf(err error, unanswered bool, root, api string, refused, refusedFix string) (detail, fix string) {
	switch {
	case errors.Is(err, directory.ErrForbidden), errors.Is(err, directory.ErrAuth):
		return refused + ": " + reason(err), refusedFix
	case unanswered && api != "":
		return api + " at " + hostOf(root) + " did not answer: " + reason(err),
			"the other reads of " + hostOf(root) + " answered, so it can be reached: " + api + " is slow or down; run 'roster doctor' again later, or give each call longer with --call-timeout (this is no permissions problem)"
	case unanswered:
		return hostOf(root) + " did not answer: " + reason(err),
			"check that " + root + " can be reached from here (a proxy, a firewall, DNS) and is up; on a slow link, give each call longer with --call-timeout; then run 'roster doctor' again (this is no permissions problem)"
	case errors.Is(err, directory.ErrUnavailable):
		return hostOf(root) + " failed to answer: " + reason(err),
			"an outage at " + hostOf(root) + " or on the way there, no permissions problem: run 'roster doctor' again later; if it persists, check Google's status page (or --endpoint)"
	case errors.Is(err, directory.ErrDailyLimit):
		return reason(err), "a quota, no permissions problem: run 'roster doctor' again once the project's daily quota resets (midnight Pacific time)"
	case errors.Is(err, directory.ErrRateLimited), errors.Is(err, directory.ErrQuota):
		return reason(err), "the project's quota is spent for now (other clients share it): run 'roster doctor' again in a minute"
	}
	return reason(err), ""
}

// hostOf is the host of an API root, as said to a person.
func hostOf(root string) string {
	if u, err := url.Parse(root); err == nil && u.Host != "" {
		return u.Host
	}
	return root
}

// reason is an error's message without the call label classify put in
// front ("members.list g: ").
func reason(err error) string {
	var aerr *directory.APIError
	if errors.As(err, &aerr) {
		c := *aerr
		c.Op, c.Status = "", 0
		return strings.TrimPrefix(c.Error(), ": ")
	}
	return err.Error()
}

// answeredBesides reports whether a read of doctor's on host other than
// group i's own (another group's, its settings when settingsHost is
// host, the audit log's) was made and answered, whatever it answered:
// host can then be reached, and a read of group i that got no answer
// is that call's, slow or stalled, not the way to host. Reads run side
// by side, so others may answer while one stalls.
func (r doctorResults) answeredBesides(i int, host, settingsHost string) bool {
	answered := func(d doctorResult) bool { return d.made && !d.unanswered }
	for j := range r.groups {
		if j != i && answered(r.groups[j]) {
			return true
		}
	}
	if settingsHost == host && slices.ContainsFunc(r.settings, answered) {
		return true
	}
	return answered(r.log)
}
