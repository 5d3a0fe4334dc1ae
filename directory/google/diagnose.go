package google

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/words"
)

// Target is a group doctor checks: its address, whether a policy pins
// its settings, and whether the list asks roster to create it.
type Target struct {
	Group    string
	Settings bool
	Create   bool
	// List is the id of the list that names the group, for the lines
	// that are about the list ("" names none).
	List string
	// File is the members file that names the group, for the advice
	// to fix its address there ("" reads as members.toml).
	File string
}

// Diagnose checks, one line each, what a sync needs of Google: which
// credential is found and its kind; whether it can carry the subject; a
// token for each scope set a command asks for, each in a token of its
// own as the client asks for them, because domain-wide delegation
// refuses a whole token when one of its scopes is not granted (plan,
// import and audit: ScopeRead; sync and apply: ScopeWrite; pinned
// settings: ScopeSettings; creating groups: ScopeGroup; the audit log,
// optional: ScopeReports, and ScopeGroupRead for Cloud console changes);
// each refusal names the scope and the client ID to authorise, for
// keyless delegation the impersonated service account's; that the
// subject can read each group and its settings (read-only calls); and,
// as a warning only, the audit log, never said readable when its token
// was refused (a loopback emulator answers reads that carry no token).
// A refused scope skips only the reads that need its token: the groups
// are read with the read-only token, or with the member-write one when
// the read-only one was refused, as sync reads them; that refusal only
// warns, as sync and apply never ask for the read-only token. A refused
// ScopeGroup fails only the line of a create = true list whose group
// does not exist, as the client asks for that token only to create one;
// its token line warns, saying whether sync needs it now.
// The reads go out side by side, at most cfg.MaxInFlight at once, and a
// host that answered none of a read's tries is asked nothing more (one
// line says what was not read): doctor takes about one read's deadline
// and retries, not one per list. A failed read says whether it was
// refused, went unanswered or failed at the endpoint, as the fixes
// differ. It never writes.
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
	if err := CheckListening(ctx, endpoint); err != nil {
		add(directory.Fail, "endpoint", err.Error(), "start the emulator, or fix --endpoint's port")
		return out
	}
	switch {
	case insecure && cfg.CredentialsFile == "":
		add(directory.Pass, "endpoint", "a loopback emulator: no credentials are sent to it", "")
	case insecure:
		// The checks below mint tokens with the credentials at their own
		// token endpoint, which may be the emulator's: only the API
		// calls go without.
		add(directory.Pass, "endpoint", "a loopback emulator: its API calls carry no token; the credentials are only tried at their own token endpoint", "")
	default:
		add(directory.Pass, "endpoint", endpoint, "")
	}

	// Credentials and tokens: checked against the credential's own token
	// endpoint, whatever the API endpoint.
	tokensOK := true
	// The scopes whose token was minted, and those refused as not
	// granted: on loopback the API calls carry no token, so the audit
	// log answers whatever its token got, and only these say whether a
	// real domain would let roster read it.
	// unread are the scopes with no token (refused, or unanswered),
	// whose reads are skipped.
	minted, unread := map[string]bool{}, map[string]bool{}
	// The line of the refused group-create token, -1 if none: sync asks
	// for that token only to create a group that does not exist, so
	// what its refusal costs is known only once the groups are read.
	createLine := -1
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
		switch {
		case cred.ClientEmail != "" && cfg.ImpersonateServiceAccount != "":
			// Its client ID is not the one to authorise: the calls are
			// signed as the impersonated account.
			who += fmt.Sprintf(" (%s)", cred.ClientEmail)
		case cred.ClientEmail != "":
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
		// The client ID to authorise, looked up once, when a refusal
		// needs it: for keyless delegation that of the impersonated
		// account, not of the credentials that sign as it.
		// On loopback, cfg.ClientID is the one the emulator logs roster's
		// token-less calls under, not the one these tokens are minted
		// for: the grant names the credentials' own.
		idCfg := cfg
		if insecure {
			idCfg.ClientID = ""
		}
		var clientID string
		var clientIDErr error
		resolved := false
		grantTo := func() string {
			if !resolved {
				clientID, clientIDErr = clientIDOf(ctx, idCfg, cred)
				resolved = true
			}
			switch {
			case clientID != "":
				return "client ID " + clientID
			case cfg.ImpersonateServiceAccount != "":
				return "the client ID of " + cfg.ImpersonateServiceAccount + " (" + clientIDErr.Error() + ")"
			}
			return "the service account's client ID"
		}
		// A scope whose exchange fails for a passing reason (a timeout,
		// a 5xx) before any other scope got a token is judged once one
		// has: then the service answers, and the failure is that
		// scope's alone; if the next fails so too, the service is down.
		var pending []scopeNeed
		var pendingErr []error
		unanswered := func(s scopeNeed, err error) {
			unread[s.scope] = true
			if s.scope == ScopeGroup {
				createLine = len(out)
			}
			add(s.refused, "token", fmt.Sprintf("%s (%s): the token service did not answer for this scope (%s)%s", s.scope, s.use, passing(err), s.note),
				"a passing failure: run 'roster doctor' again")
		}
		for _, s := range scopesFor(targets) {
			err := mintToken(ctx, cfg, cred, s.scope)
			if err == nil {
				minted[s.scope] = true
				add(directory.Pass, "token", fmt.Sprintf("%s (%s)", s.scope, s.use), "")
				for i := range pending {
					unanswered(pending[i], pendingErr[i])
				}
				pending, pendingErr = nil, nil
				continue
			}
			if detail, fix, ok := impersonationFailure(err, cfg); ok {
				// Signing as the account failed: no scope was even asked
				// for, so it is said once, for all of them.
				add(directory.Fail, "impersonation", detail, fix)
				tokensOK = false
				break
			}
			why, fix := tokenFailure(err, cfg, s.scope, grantTo)
			var cerr *credentialError
			if why == "" && errors.As(err, &cerr) && cerr.transient() {
				if len(minted) > 0 {
					unanswered(s, err)
					continue
				}
				if len(pending) == 0 {
					pending, pendingErr = append(pending, s), append(pendingErr, err)
					continue
				}
			}
			if why == "" {
				// Not about this scope (a refused key or subject, or a
				// token service that answers no scope): said once, for
				// all of them.
				if len(pendingErr) > 0 {
					err = pendingErr[0]
				}
				add(directory.Fail, "token", reason(classify(callToken, "token", err)), fix)
				tokensOK = false
				pending = nil
				break
			}
			unread[s.scope] = true
			if s.scope == ScopeGroup {
				createLine = len(out)
			}
			// A refused scope fails only what needs it: the reads below
			// go on with the tokens that were granted.
			add(s.refused, "token", fmt.Sprintf("%s (%s): %s%s", s.scope, s.use, why, s.note), fix)
		}
		if len(pending) > 0 {
			// The last scope's exchange failed so, and no scope got a
			// token: the token service, not a scope, is at fault.
			add(directory.Fail, "token", reason(classify(callToken, "token", pendingErr[0])), "a passing failure: run 'roster doctor' again")
			tokensOK = false
		}
	}
	if !tokensOK {
		add(directory.Skip, "groups", "not checked: no token to read them with", "fix the lines above, then run 'roster doctor' again")
		return out
	}

	// Read-only calls as the subject, each with a token that was granted:
	// the members are read with the read-only token, or, when that was
	// refused, with the member-write token, as sync reads them (doctor
	// still only reads); the settings and the audit log only when their
	// own token was granted, since a loopback emulator, whose calls
	// carry no token, would answer them anyway.
	memberScope := ScopeRead
	if unread[ScopeRead] {
		memberScope = ScopeWrite
	}
	want := doctorWant{
		groups:   !unread[memberScope],
		settings: !unread[ScopeSettings],
		log:      len(targets) > 0 && !unread[ScopeReports],
	}
	c, err := New(ctx, Config{Endpoint: cfg.Endpoint, CredentialsFile: cfg.CredentialsFile, CredentialsSource: cfg.CredentialsSource,
		Subject: cfg.Subject, ImpersonateServiceAccount: cfg.ImpersonateServiceAccount, Scopes: []string{memberScope, ScopeSettings},
		Retry: Retry{Attempts: 2, Base: cfg.Retry.Base}, Logger: cfg.Logger, UserAgent: cfg.UserAgent, HTTPClient: cfg.HTTPClient,
		CallTimeout: cfg.CallTimeout, CallTimeoutText: cfg.CallTimeoutText, ReadTimeoutText: cfg.ReadTimeoutText, ReadTimeout: cfg.ReadTimeout, MaxInFlight: cfg.MaxInFlight, Rate: cfg.Rate, Burst: cfg.Burst,
		ClientID: cfg.ClientID, impersonationClient: cfg.impersonationClient, iamEndpointForTests: cfg.iamEndpointForTests})
	if err != nil {
		add(directory.Fail, "client", err.Error(), "")
		return out
	}
	subject := cfg.Subject
	if subject == "" {
		subject = "the service account"
	}
	// Where the calls go, named when one does not answer: the settings
	// of Google's own are on another host than the Directory's.
	settingsRoot := endpoint + "groups/v1/groups/"
	if endpoint == DefaultEndpoint {
		settingsRoot = settingsEndpoint
	}
	reads := doctorReads(ctx, c, targets, endpoint, settingsRoot, want)

	// What was not read because its host had not answered, by host.
	type notRead struct{ groups, settings, log int }
	skipped := map[string]*notRead{}
	skip := func(host string) *notRead {
		if skipped[host] == nil {
			skipped[host] = &notRead{}
		}
		return skipped[host]
	}
	if !want.groups && len(targets) > 0 {
		add(directory.Skip, "groups", "not checked: the tokens for "+ScopeRead+" and "+ScopeWrite+" could neither be had (see above), and reading a group needs one of them",
			"grant them as the token lines above say, then run 'roster doctor' again")
	}
	// The groups whose pinned settings were not read for want of their
	// token: one line says so, not one a group.
	unreadSettings := 0
	// Of the lists sync creates a group for: those whose group is
	// missing, and whether any group was not read (so not known).
	var toCreate []string
	createUnknown := false
	for i, t := range targets {
		g := reads.groups[i]
		if t.Create && (!want.groups || !g.made || g.err != nil && !errors.Is(g.err, directory.ErrGroupNotFound)) {
			createUnknown = true
		}
		switch {
		case !want.groups:
			continue
		case !g.made:
			skip(hostOf(endpoint)).groups++
			continue
		case g.err == nil:
			add(directory.Pass, "group "+t.Group, "exists, and "+subject+" can read its members", "")
		case errors.Is(g.err, directory.ErrGroupNotFound) && t.Create && unread[ScopeGroup]:
			// The one case sync asks for the group-create token.
			toCreate = append(toCreate, cmp.Or(t.List, t.Group))
			add(directory.Fail, "group "+t.Group, fmt.Sprintf("does not exist, and sync cannot create it%s: the token for %s, which creating a group needs, could not be had (see above)", createdBy(t), ScopeGroup),
				out[createLine].Fix)
			continue
		case errors.Is(g.err, directory.ErrGroupNotFound) && t.Create && !t.Settings:
			add(directory.Warn, "group "+t.Group, "does not exist yet; sync creates it (create = true) with Google's default settings: nothing in its policy pins them, so anyone in the domain may find it and ask to join"+unlessAUser,
				"pin at least who_can_join = \"INVITED_CAN_JOIN\" in the list's policy in "+cmp.Or(t.File, "members.toml"))
			continue
		case errors.Is(g.err, directory.ErrGroupNotFound) && t.Create:
			add(directory.Warn, "group "+t.Group, "does not exist yet; sync creates it (create = true), its settings pinned before anyone is added"+unlessAUser, "")
			continue
		case errors.Is(g.err, directory.ErrGroupNotFound):
			add(directory.Fail, "group "+t.Group, "does not exist", "create the group in the Admin console (Directory > Groups), or fix the list's address in "+cmp.Or(t.File, "members.toml"))
			continue
		default:
			// Another read of the host answered (a group's, the audit
			// log's): it can be reached, and what did not answer is this
			// group's listing, not the way there (s31-attr finding 4).
			api := ""
			if reads.answeredBesides(i, hostOf(endpoint), hostOf(settingsRoot)) {
				api = "the listing of " + t.Group + "'s members"
			}
			detail, fix := failureOf(g.err, g.unanswered, endpoint, api,
				subject+" may not read it", "make "+subject+" an admin who can manage groups (Admin console > Account > Admin roles > Groups Admin), and check that domain-wide delegation grants "+ScopeWrite)
			add(directory.Fail, "group "+t.Group, detail, fix)
			continue
		}
		if !t.Settings {
			continue
		}
		switch st := reads.settings[i]; {
		case !want.settings:
			unreadSettings++
		case !st.made:
			skip(hostOf(settingsRoot)).settings++
		case st.err != nil:
			detail, fix := failure(st.err, st.unanswered, settingsRoot,
				subject+" may not read its settings", "enable the Groups Settings API in the Cloud project, and grant "+ScopeSettings+" to the client ID in the Admin console")
			add(directory.Fail, "settings "+t.Group, detail, fix)
		default:
			add(directory.Pass, "settings "+t.Group, "readable", "")
		}
	}
	if createLine >= 0 {
		// Said once the groups are read: a refusal fails a sync only
		// when a group is to be created; the missing groups' own lines
		// fail then, each naming its list.
		var note string
		switch {
		case len(toCreate) > 0:
			note = "needed now: sync cannot create the missing " + words.Pick(len(toCreate), "group of list ", "groups of lists ") + strings.Join(toCreate, ", ") + " (see below)"
		case createUnknown:
			note = "sync needs it only to create the group of a create = true list that does not exist, and doctor could not read whether each does (see below)"
		default:
			note = "not needed now: the group of every create = true list exists; should one go missing, sync could not create it"
		}
		out[createLine].Detail += "; " + note
	}
	if unreadSettings > 0 {
		add(directory.Skip, "settings", fmt.Sprintf("not read for %s: the token for %s could not be had (see above)", words.Plural(unreadSettings, "group"), ScopeSettings),
			"grant it as the token line above says, then run 'roster doctor' again")
	}
	switch l := reads.log; {
	case len(targets) == 0:
	case !want.log:
		add(directory.Warn, "audit log", "not read: the token for "+ScopeReports+" could not be had (see above), so plan and audit cannot name who changed a group by hand",
			"optional: grant the scope as the token line above says; without it, plan and audit do not name who changed a group")
	case !l.made:
		skip(hostOf(endpoint)).log++
	case l.err != nil:
		fix := "grant " + ScopeReports + " to the client ID, and the Reports privilege to " + subject
		if minted[ScopeReports] {
			// The scope is granted: what is missing is the
			// subject's privilege.
			fix = "give " + subject + " the Reports privilege (Admin console > Account > Admin roles)"
		}
		api := ""
		for i := range targets {
			if g := reads.groups[i]; g.made && g.err == nil {
				api = "the Reports API (audit log)"
				break
			}
		}
		detail, fix := failureOf(l.err, l.unanswered, endpoint, api, "cannot read who changed groups by hand", fix)
		add(directory.Warn, "audit log", detail, "optional: "+fix+"; without the audit log, plan and audit do not name who changed a group")
	default:
		add(directory.Pass, "audit log", "readable: plan and audit can name who changed a group by hand", "")
	}
	// Once, for each host that did not answer: what doctor did not ask
	// it, and why.
	for _, root := range []string{endpoint, settingsRoot} {
		n := skipped[hostOf(root)]
		if n == nil {
			continue
		}
		delete(skipped, hostOf(root)) // one line for a host both roots are on
		var what []string
		if n.groups > 0 {
			what = append(what, words.Plural(n.groups, "group"))
		}
		if n.settings > 0 {
			what = append(what, "the settings of "+words.Plural(n.settings, "group"))
		}
		if n.log > 0 {
			what = append(what, "the audit log")
		}
		status := directory.Fail
		if n.groups == 0 && n.settings == 0 {
			// Only the optional audit log: a group's own line failed.
			status = directory.Skip
		}
		list := what[len(what)-1]
		if len(what) > 1 {
			list = strings.Join(what[:len(what)-1], ", ") + " and " + list
		}
		add(status, "endpoint", fmt.Sprintf("%s did not answer a read within the call timeout of %v, on any try, so doctor asked it nothing more; not read: %s",
			hostOf(root), c.callText, list),
			"check that "+root+" can be reached from here (a proxy, a firewall, DNS) and is up; on a slow link, give each call longer with --call-timeout; then run 'roster doctor' again")
	}
	return out
}

// doctorResult is what one of doctor's reads found. made is false for a
// read not made because its host had not answered another.
type doctorResult struct {
	made, unanswered bool
	err              error
}

// doctorResults are the reads of each target's group (and its settings,
// when pinned), by target, and of the audit log.
type doctorResults struct {
	groups, settings []doctorResult
	log              doctorResult
}

// doctorWant says which of doctor's reads to make: those whose token
// was granted (or that need none).
type doctorWant struct {
	groups, settings, log bool
}

// doctorReads reads each target's group (when want.groups), then its
// settings if pinned and the group was read (when want.settings), and
// the audit log (when want.log), side by side, as many at once as the
// client puts on the wire: each read may take a whole call timeout and
// its retries, and one after another an endpoint that never answers
// held doctor a minute a list. Once a host
// has not answered one read on any try, the reads to it not yet made
// are not made: it would not answer them either, and doctor ends in
// about one read's time, not one per list.
func doctorReads(ctx context.Context, c *Client, targets []Target, root, settingsRoot string, want doctorWant) doctorResults {
	out := doctorResults{groups: make([]doctorResult, len(targets)), settings: make([]doctorResult, len(targets))}
	var mu sync.Mutex
	silent := map[string]bool{}
	// A host, not a root: on an emulator or a proxy, the settings are on
	// the Directory's host.
	read := func(root string, call func(context.Context) (bool, error)) doctorResult {
		at := hostOf(root)
		mu.Lock()
		gone := silent[at]
		mu.Unlock()
		if gone {
			return doctorResult{}
		}
		unanswered, err := call(ctx)
		if unanswered {
			mu.Lock()
			silent[at] = true
			mu.Unlock()
		}
		return doctorResult{made: true, unanswered: unanswered, err: err}
	}
	groups := 0
	if want.groups {
		groups = len(targets)
	}
	jobs := groups
	if want.log {
		// Last: the groups are what a sync needs.
		jobs++
	}
	next := 0
	take := func() int {
		mu.Lock()
		defer mu.Unlock()
		next++
		return next - 1
	}
	var wg sync.WaitGroup
	for range min(c.MaxInFlight(), jobs) {
		wg.Go(func() {
			for i := take(); i < jobs; i = take() {
				if i == groups {
					out.log = read(root, func(ctx context.Context) (bool, error) { return c.probeAuditLog(ctx, targets[0].Group) })
					continue
				}
				t := targets[i]
				g := read(root, func(ctx context.Context) (bool, error) { return c.probe(ctx, t.Group) })
				out.groups[i] = g
				if t.Settings && want.settings && g.made && g.err == nil {
					out.settings[i] = read(settingsRoot, func(ctx context.Context) (bool, error) { return c.probeSettings(ctx, t.Group) })
				}
			}
		})
	}
	wg.Wait()
	return out
}

// probe reads one page of one member: proof that the group exists and
// can be read, at the cost of one call, within the read timeout as any
// read. unanswered: see doctorRead.
func (g *Client) probe(ctx context.Context, group string) (unanswered bool, err error) {
	return g.doctorRead(ctx, callList, "members.list "+group, func(ctx context.Context) error {
		_, err := g.members.List(group).MaxResults(1).Fields("members(id)").Context(ctx).Do()
		return err
	})
}

// probeSettings reads a group's settings, as Settings does.
func (g *Client) probeSettings(ctx context.Context, group string) (unanswered bool, err error) {
	return g.doctorRead(ctx, callSettingsGet, "settings.get "+group, func(ctx context.Context) error {
		_, err := g.settings.Get(group).Context(ctx).Do()
		return err
	})
}

// probeAuditLog reads one activity of one group.
func (g *Client) probeAuditLog(ctx context.Context, group string) (unanswered bool, err error) {
	return g.doctorRead(ctx, callActivities, "activities.list "+group, func(ctx context.Context) error {
		_, err := g.activity.List("all", directory.AppAdmin).Filters("GROUP_EMAIL==" + group).MaxResults(1).Context(ctx).Do()
		return err
	})
}

// doctorRead is one read as any (get), and also says whether it failed
// with no try answered at all: each timed out, or could not connect.
// That is an endpoint that does not answer, which doctor tells apart
// from one that refused or failed: the error alone (ErrUnavailable)
// does not say which.
func (g *Client) doctorRead(ctx context.Context, kind callKind, op string, call func(ctx context.Context) error) (unanswered bool, err error) {
	tries, silent := 0, 0
	err = g.get(ctx, kind, op, func(actx context.Context) error {
		err := call(actx)
		tries++
		if err != nil && ctx.Err() == nil && (actx.Err() != nil || isTimeout(err) || isUnreachable(err)) {
			silent++
		}
		return err
	})
	return err != nil && tries > 0 && silent == tries, err
}

// unlessAUser ends a group to be created: no group answers at the
// address, but a user or a user's alias may hold it, which Google then
// refuses to give a group, and which only a users scope roster does not
// ask for could tell.
const unlessAUser = " (unless a user or a user's alias holds the address, which Google then refuses to give a group: check it in the Admin console, Directory > Users)"
