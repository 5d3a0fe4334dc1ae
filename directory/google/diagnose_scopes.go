package google

import (
	"errors"
	"slices"
	"strings"

	"golang.org/x/oauth2"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/visible"
)

// What doctor asks of each scope, and what it says when one is refused.

// createdBy says which list creates t's group, for a line about it.
func createdBy(t Target) string {
	if t.List == "" {
		return " (create = true)"
	}
	return " (list " + t.List + " has create = true)"
}

// scopeNeed is a scope roster asks for, and what for; refused is the
// status of its token line when the scope is not granted: FAIL only for
// a token a sync asks for whatever the groups hold; note, what the line
// adds then.
type scopeNeed struct {
	scope, use string
	refused    directory.CheckStatus
	note       string
}

// scopesFor lists the scopes the commands need for targets, each the
// scope of one token the client asks for, then the optional audit log's.
func scopesFor(targets []Target) []scopeNeed {
	out := []scopeNeed{{ScopeWrite, "sync and apply", directory.Fail, ""},
		// Sync and apply read the groups with the member-write token:
		// without this one only the commands that do not write fail.
		{ScopeRead, "plan, import and audit", directory.Warn, "; sync and apply read with their own token and work without it, but plan, import and audit fail until it is granted"}}
	if slices.ContainsFunc(targets, func(t Target) bool { return t.Settings }) {
		out = append(out, scopeNeed{ScopeSettings, "pinned group settings", directory.Fail, ""})
	}
	if slices.ContainsFunc(targets, func(t Target) bool { return t.Create }) {
		// Sync asks for it only to create a group that does not exist:
		// that group's own line fails then (see Diagnose).
		out = append(out, scopeNeed{ScopeGroup, "creating groups", directory.Warn, ""})
	}
	// An incremental run needs both: without the audit log it reads
	// every list; without group reads, a Cloud console change (logged by
	// group id) makes it read every list too.
	return append(out, scopeNeed{ScopeReports, "who changed a group by hand, and --changed-since (without it, every run reads every list)", directory.Warn, ""},
		scopeNeed{ScopeGroupRead, "two lists on one group, Cloud console changes, and --changed-since (without it, one Cloud console change makes a run read every list)", directory.Warn, ""})
}

// tokenFailure says why a token for scope was refused, when the refusal
// is about that scope (the Admin console has not granted it), with the
// fix naming the client ID to authorise (grantTo); why is "" for a
// refusal of the key or subject itself.
func tokenFailure(err error, cfg Config, scope string, grantTo func() string) (why, fix string) {
	var cerr *credentialError
	if errors.As(err, &cerr) {
		if r, ok := cerr.refusal(); ok {
			if strings.Contains(r, "unauthorized_client") {
				return "refused (" + r + ")", grantFix(grantTo(), scope)
			}
			return "", "check that the key still exists and the clock is right, and that --subject " + cfg.Subject + " is an existing user of the domain"
		}
	}
	return "", ""
}

// grantFix says where in the Admin console to grant scope, and to whom.
func grantFix(to, scope string) string {
	return "in the Admin console, Security > Access and data control > API controls > Domain-wide delegation, add " + scope + " to " + to
}

// impersonationFailure says, when keyless delegation failed before any
// scope was asked for, why and what fixes it.
func impersonationFailure(err error, cfg Config) (detail, fix string, ok bool) {
	var cerr *credentialError
	if !errors.As(err, &cerr) {
		return "", "", false
	}
	sa := cfg.ImpersonateServiceAccount
	switch cerr.iamRefusal() {
	case iamDisabled:
		return "cannot sign as " + sa + ": the IAM Service Account Credentials API is not enabled in its project (403 SERVICE_DISABLED)",
			"enable it in the project of " + sa + ": gcloud services enable iamcredentials.googleapis.com --project PROJECT", true
	case iamNoTokenCreator:
		return "the ambient credentials may not sign as " + sa + " (403 from the IAM Service Account Credentials API: no Service Account Token Creator role)",
			"grant the ambient identity roles/iam.serviceAccountTokenCreator on " + sa + ": gcloud iam service-accounts add-iam-policy-binding " + sa + " --member=MEMBER --role=roles/iam.serviceAccountTokenCreator", true
	case iamNoAccount:
		return "service account " + sa + " does not exist (404 from the IAM Service Account Credentials API)", "check --impersonate-service-account", true
	}
	return "", "", false
}

// passing says what a token exchange that failed for a passing reason
// got: a timeout, or the status the endpoint answered (not "refused
// the credentials", which a 503 is not).
func passing(err error) string {
	var cerr *credentialError
	var rerr *oauth2.RetrieveError
	if errors.As(err, &cerr) && errors.As(cerr.err, &rerr) && rerr.Response != nil {
		return "it answered " + visible.Line(rerr.Response.Status)
	}
	msg := err.Error()
	if len(msg) > 160 {
		msg = msg[:160] + "…"
	}
	return visible.Line(msg)
}
