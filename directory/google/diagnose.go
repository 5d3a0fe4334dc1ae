package google

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/roster-dev/roster/directory"
)

// Target is a group doctor checks: its address, and whether a policy pins
// its settings.
type Target struct {
	Group    string
	Settings bool
}

// Diagnose checks, one line each, what a sync needs of Google: which
// credential is found and its kind; whether it can carry the subject; a
// token for each scope roster asks for (so that the one the Admin console
// has not granted is named); that the subject can read each group and
// its settings (read-only calls); and, as a warning only, the audit log.
// It never writes.
func Diagnose(ctx context.Context, cfg Config, targets []Target) []directory.Check {
	var out []directory.Check
	add := func(st directory.CheckStatus, name, detail, fix string) {
		out = append(out, directory.Check{Status: st, Name: name, Detail: detail, Fix: fix})
	}
	if cfg.Endpoint == "" {
		cfg.Endpoint = DefaultEndpoint
	}
	endpoint, insecure, err := CheckEndpoint(cfg.Endpoint)
	if err != nil {
		add(directory.Fail, "endpoint", err.Error(), "use https://admin.googleapis.com/ (the default), or an emulator on loopback")
		return out
	}
	if insecure {
		add(directory.Pass, "endpoint", "a loopback emulator: no credentials are sent to it", "")
	} else {
		add(directory.Pass, "endpoint", endpoint, "")
	}

	// Credentials and tokens: checked against the credential's own token
	// endpoint, whatever the API endpoint.
	tokensOK := true
	switch {
	case insecure && cfg.CredentialsFile == "":
		add(directory.Pass, "credentials", "none needed for a loopback emulator", "")
	default:
		cred, err := FindCredential(ctx, cfg)
		if err != nil {
			add(directory.Fail, "credentials", err.Error(), "create a service-account key (IAM > Service accounts > Keys) and pass it with --credentials, or run where Workload Identity provides credentials and pass --impersonate-service-account")
			tokensOK = false
			break
		}
		who := cred.Kind.Describe() + " from " + cred.Source
		if cred.ClientEmail != "" {
			who += fmt.Sprintf(" (%s, client ID %s)", cred.ClientEmail, cred.ClientID)
		}
		add(directory.Pass, "credentials", who, "")
		switch {
		case cfg.Subject == "":
			add(directory.Warn, "subject", "no --subject: calls run as the service account itself, which works only if it has been given an admin role",
				"pass --subject with an admin of the domain (a Groups Admin is enough), or set $ROSTER_GOOGLE_SUBJECT")
		case cfg.ImpersonateServiceAccount != "":
			add(directory.Pass, "subject", fmt.Sprintf("--subject %s, signed as %s through the IAM Credentials API (keyless)", cfg.Subject, cfg.ImpersonateServiceAccount), "")
		case cred.Kind.CanCarrySubject():
			add(directory.Pass, "subject", fmt.Sprintf("--subject %s, carried by the service-account key", cfg.Subject), "")
		default:
			add(directory.Fail, "subject", cred.CheckSubject(cfg.Subject, "").Error(), "use --impersonate-service-account SA_EMAIL, or a service-account key with --credentials")
			tokensOK = false
		}
		if !tokensOK {
			break
		}
		for _, s := range scopesFor(targets) {
			err := mintToken(ctx, cfg, cred, s.scope)
			if err == nil {
				add(directory.Pass, "token", fmt.Sprintf("%s (%s)", s.scope, s.use), "")
				continue
			}
			status := directory.Fail
			if s.optional {
				status = directory.Warn
			} else {
				tokensOK = false
			}
			why, fix := tokenFailure(err, cred, cfg, s.scope)
			if why == "" {
				// Not about this scope (a refused key or subject): said
				// once, for all of them.
				add(directory.Fail, "token", reason(classify(callToken, "token", err)), fix)
				tokensOK = false
				break
			}
			add(status, "token", fmt.Sprintf("%s (%s): %s", s.scope, s.use, why), fix)
		}
	}
	if !tokensOK {
		add(directory.Skip, "groups", "not checked: no token to read them with", "fix the lines above, then run roster doctor again")
		return out
	}

	// Read-only calls as the subject.
	c, err := New(ctx, Config{Endpoint: cfg.Endpoint, CredentialsFile: cfg.CredentialsFile, CredentialsSource: cfg.CredentialsSource,
		Subject: cfg.Subject, ImpersonateServiceAccount: cfg.ImpersonateServiceAccount, Scopes: []string{ScopeRead, ScopeSettings},
		Retry: Retry{Attempts: 2, Base: cfg.Retry.Base}, Logger: cfg.Logger, UserAgent: cfg.UserAgent, HTTPClient: cfg.HTTPClient,
		impersonationClient: cfg.impersonationClient})
	if err != nil {
		add(directory.Fail, "client", err.Error(), "")
		return out
	}
	subject := cfg.Subject
	if subject == "" {
		subject = "the service account"
	}
	for _, t := range targets {
		err := c.probe(ctx, t.Group)
		switch {
		case err == nil:
			add(directory.Pass, "group "+t.Group, "exists, and "+subject+" can read its members", "")
		case errors.Is(err, directory.ErrGroupNotFound):
			add(directory.Fail, "group "+t.Group, "does not exist", "create the group in the Admin console (Directory > Groups), or fix the list's address in members.toml")
			continue
		case errors.Is(err, directory.ErrForbidden), errors.Is(err, directory.ErrAuth):
			add(directory.Fail, "group "+t.Group, subject+" may not read it: "+reason(err), "make "+subject+" an admin who can manage groups (Admin console > Account > Admin roles > Groups Admin), and check that domain-wide delegation grants "+ScopeWrite)
			continue
		default:
			add(directory.Fail, "group "+t.Group, reason(err), "")
			continue
		}
		if !t.Settings {
			continue
		}
		if _, err := c.Settings(ctx, t.Group); err != nil {
			add(directory.Fail, "settings "+t.Group, subject+" may not read its settings: "+reason(err),
				"enable the Groups Settings API in the Cloud project, and grant "+ScopeSettings+" to the client ID in the Admin console")
		} else {
			add(directory.Pass, "settings "+t.Group, "readable", "")
		}
	}
	if len(targets) > 0 {
		if err := c.probeAuditLog(ctx, targets[0].Group); err != nil {
			add(directory.Warn, "audit log", "cannot read who changed groups by hand: "+reason(err),
				"optional: grant "+ScopeReports+" to the client ID, and the Reports privilege to "+subject+"; without it, plan and audit do not name who changed a group")
		} else {
			add(directory.Pass, "audit log", "readable: plan and audit can name who changed a group by hand", "")
		}
	}
	return out
}

// scopeNeed is a scope roster asks for, and what for.
type scopeNeed struct {
	scope, use string
	optional   bool
}

// scopesFor lists the scopes a sync of targets needs, then the optional
// audit log's.
func scopesFor(targets []Target) []scopeNeed {
	out := []scopeNeed{{ScopeWrite, "sync and apply", false}, {ScopeRead, "plan, import and audit", false}}
	for _, t := range targets {
		if t.Settings {
			out = append(out, scopeNeed{ScopeSettings, "pinned group settings", false})
			break
		}
	}
	return append(out, scopeNeed{ScopeReports, "who changed a group by hand (optional)", true})
}

// reason is an error's message without the call label classify put in
// front ("members.list g: ").
func reason(err error) string {
	var aerr *directory.APIError
	if errors.As(err, &aerr) {
		msg := aerr.Kind.Error()
		if aerr.Message != "" {
			msg += ": " + aerr.Message
		}
		return msg
	}
	return err.Error()
}

// tokenFailure says why a token for scope was refused, when the refusal
// is about that scope (the Admin console has not granted it), with the
// fix; why is "" for a refusal of the key or subject itself.
func tokenFailure(err error, cred *Credential, cfg Config, scope string) (why, fix string) {
	var cerr *credentialError
	if errors.As(err, &cerr) {
		if r, ok := cerr.refusal(); ok {
			if strings.Contains(r, "unauthorized_client") {
				return "refused (" + r + ")", grantFix(cred, scope)
			}
			return "", "check that the key still exists and the clock is right, and that --subject " + cfg.Subject + " is an existing user of the domain"
		}
	}
	return "", ""
}

func grantFix(cred *Credential, scope string) string {
	id := "the service account's client ID"
	if cred.ClientID != "" {
		id = "client ID " + cred.ClientID
	}
	return "in the Admin console, Security > Access and data control > API controls > Domain-wide delegation, add " + scope + " to " + id
}

// probe reads one page of one member: proof that the group exists and
// can be read, at the cost of one call.
func (g *Client) probe(ctx context.Context, group string) error {
	return g.do(ctx, callList, "members.list "+group, func() error {
		_, err := g.members.List(group).MaxResults(1).Fields("members(id)").Context(ctx).Do()
		return err
	})
}

// probeAuditLog reads one activity of one group.
func (g *Client) probeAuditLog(ctx context.Context, group string) error {
	return g.do(ctx, callActivities, "activities.list "+group, func() error {
		_, err := g.activity.List("all", directory.AppAdmin).Filters("GROUP_EMAIL==" + group).MaxResults(1).Context(ctx).Do()
		return err
	})
}
