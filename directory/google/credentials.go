package google

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/regular"
	"golang.org/x/oauth2"
	googleauth "golang.org/x/oauth2/google"
	iam "google.golang.org/api/iam/v1"
	"google.golang.org/api/impersonate"
	"google.golang.org/api/option"
)

// CredentialKind is the kind of credential roster found: the "type" of a
// JSON credential file, or the metadata server.
type CredentialKind string

// Credential kinds. Only a service-account key can carry a domain-wide
// delegation subject by itself: golang.org/x/oauth2 silently ignores the
// subject for every other kind, so the calls would run as the bare
// account and Google would answer 403.
const (
	KindServiceAccount     CredentialKind = "service_account"
	KindAuthorizedUser     CredentialKind = "authorized_user"
	KindExternalAccount    CredentialKind = "external_account"
	KindExternalUser       CredentialKind = "external_account_authorized_user"
	KindImpersonated       CredentialKind = "impersonated_service_account"
	KindMetadata           CredentialKind = "compute_metadata"
	KindUnknown            CredentialKind = "unknown"
	KindNone               CredentialKind = "none"
	kindDescriptionUnknown                = "a credential file of an unknown type"
)

// Describe says in words what a kind is.
func (k CredentialKind) Describe() string {
	switch k {
	case KindServiceAccount:
		return "a service-account key"
	case KindAuthorizedUser:
		return "a user's application-default login (gcloud auth application-default login)"
	case KindExternalAccount:
		return "Workload Identity Federation (external_account)"
	case KindExternalUser:
		return "a workforce identity user login (external_account_authorized_user)"
	case KindImpersonated:
		return "an impersonated_service_account file (gcloud --impersonate-service-account)"
	case KindMetadata:
		return "the metadata server (GCE, GKE Workload Identity, Cloud Run)"
	case KindNone:
		return "no credentials (a loopback emulator needs none)"
	}
	return kindDescriptionUnknown
}

// CanCarrySubject reports whether credentials of this kind can act for a
// --subject by themselves.
func (k CredentialKind) CanCarrySubject() bool { return k == KindServiceAccount }

// Credential is what roster found to authenticate with.
type Credential struct {
	Kind CredentialKind
	// Source says where it came from: "--credentials key.json",
	// "$GOOGLE_APPLICATION_CREDENTIALS (/path)", "application-default
	// credentials".
	Source string
	// ClientEmail and ClientID identify a service account; ClientID is
	// what the Admin console's domain-wide delegation page lists.
	ClientEmail, ClientID string

	json []byte
}

// FindCredential locates the credentials cfg names, without minting a
// token or calling any API: the key file, else application-default
// credentials. Errors name the source but never quote its contents.
func FindCredential(ctx context.Context, cfg Config) (*Credential, error) {
	if cfg.CredentialsFile != "" {
		source := cfg.CredentialsSource
		if source == "" {
			source = "--credentials " + cfg.CredentialsFile
		}
		data, err := regular.ReadFile(cfg.CredentialsFile)
		if err != nil {
			why := "cannot be read"
			switch {
			case errors.Is(err, fs.ErrNotExist):
				why = "no such file"
			case errors.Is(err, fs.ErrPermission):
				why = "permission denied"
			case errors.Is(err, regular.ErrNotRegular):
				why = "not a regular file (a named pipe, a device or a directory, which roster does not wait on); give the key's file, or pass it as <(command)"
			}
			return nil, fmt.Errorf("credentials from %s: %s", source, why)
		}
		return parseCredential(source, data)
	}
	creds, err := googleauth.FindDefaultCredentials(ctx)
	if err != nil {
		return nil, fmt.Errorf("no Google credentials found: pass --credentials FILE (a service-account key), set GOOGLE_APPLICATION_CREDENTIALS, or run where application-default credentials exist; to try roster with no account use --emulator")
	}
	if len(creds.JSON) == 0 {
		return &Credential{Kind: KindMetadata, Source: "application-default credentials"}, nil
	}
	return parseCredential("application-default credentials", creds.JSON)
}

func parseCredential(source string, data []byte) (*Credential, error) {
	var probe struct {
		Type        string `json:"type"`
		ClientEmail string `json:"client_email"`
		ClientID    string `json:"client_id"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		// The JSON error may quote the file; say only which file.
		return nil, fmt.Errorf("credentials from %s are not JSON; download a service-account key from the Cloud console (IAM > Service accounts > Keys)", source)
	}
	if probe.Type == "" {
		// No "type": no credential file Google writes. Said here, with
		// the fix, rather than as the library's "expected credential
		// type" at the first call.
		return nil, fmt.Errorf("credentials from %s are JSON without a \"type\", so no credential file Google writes; download a service-account key from the Cloud console (IAM > Service accounts > Keys > Add key > JSON)", source)
	}
	c := &Credential{Kind: CredentialKind(probe.Type), Source: source, ClientEmail: probe.ClientEmail, ClientID: probe.ClientID, json: data}
	switch c.Kind {
	case KindServiceAccount, KindAuthorizedUser, KindExternalAccount, KindExternalUser, KindImpersonated:
	default:
		c.Kind = KindUnknown
	}
	return c, nil
}

// CheckSubject refuses, before any call, a --subject that these
// credentials would silently drop.
func (c *Credential) CheckSubject(subject, impersonateSA string) error {
	if subject == "" || impersonateSA != "" || c.Kind.CanCarrySubject() {
		return nil
	}
	return fmt.Errorf("--subject %s cannot be used with %s from %s: Google's client library applies a subject only to service-account keys and would run every call as the bare account (403). "+
		"Use --impersonate-service-account SA_EMAIL for keyless domain-wide delegation (the ambient credentials need roles/iam.serviceAccountTokenCreator on SA_EMAIL, and the project the IAM Service Account Credentials API), "+
		"or --credentials with a service-account key", subject, c.Kind.Describe(), c.Source)
}

// tokenSource mints tokens for scopes from the credential, acting for
// subject; with impersonateSA set, the credential signs as that service
// account through the IAM Credentials API (keyless delegation). Every
// error it returns is a *credentialError.
func (c *Credential) tokenSource(ctx context.Context, cfg Config, scopes []string) (oauth2.TokenSource, error) {
	wrap := func(err error) error {
		return &credentialError{cred: c, impersonate: cfg.ImpersonateServiceAccount, scopes: scopes, err: err}
	}
	// Token requests have a deadline too: the token source fetches
	// inside the API call's transport, where the call's own deadline does
	// not reach, and a token endpoint that never answers would hang every
	// call behind it.
	timeout := cfg.CallTimeout
	if timeout <= 0 {
		timeout = DefaultCallTimeout
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Timeout: timeout})
	var ts oauth2.TokenSource
	switch {
	case cfg.ImpersonateServiceAccount != "":
		opts, err := c.impersonationOptions(ctx, cfg, timeout)
		if err != nil {
			return nil, wrap(err)
		}
		ts, err = impersonate.CredentialsTokenSource(ctx, impersonate.CredentialsConfig{
			TargetPrincipal: cfg.ImpersonateServiceAccount,
			Scopes:          scopes,
			Subject:         cfg.Subject,
		}, opts...)
		if err != nil {
			return nil, wrap(err)
		}
	default:
		if err := c.CheckSubject(cfg.Subject, ""); err != nil {
			return nil, err
		}
		var err error
		if ts, err = c.baseTokenSource(ctx, scopes, cfg.Subject, timeout); err != nil {
			return nil, wrap(err)
		}
	}
	return &wrappedTokenSource{ts: ts, wrap: wrap}, nil
}

// impersonationOptions reach the IAM Credentials API (and the IAM API)
// with the ambient credentials, each request bounded by timeout and each
// answer by MaxCredentialBytes (an IAM answer is a few hundred bytes).
func (c *Credential) impersonationOptions(ctx context.Context, cfg Config, timeout time.Duration) ([]option.ClientOption, error) {
	if cfg.impersonationClient != nil {
		return []option.ClientOption{option.WithHTTPClient(boundedAt(cfg.impersonationClient, cfg.UserAgent, MaxCredentialBytes))}, nil
	}
	base, err := c.baseTokenSource(ctx, []string{"https://www.googleapis.com/auth/cloud-platform"}, "", timeout)
	if err != nil {
		return nil, err
	}
	return []option.ClientOption{option.WithHTTPClient(boundedAt(&http.Client{Timeout: timeout, Transport: &oauth2.Transport{Source: base}}, cfg.UserAgent, MaxCredentialBytes))}, nil
}

// onceClientID resolves the OAuth client ID of the credentials the first
// time it is asked, and remembers a success.
func onceClientID(cfg Config, cred *Credential) func(context.Context) (string, error) {
	var mu sync.Mutex
	var id string
	return func(ctx context.Context) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		if id != "" {
			return id, nil
		}
		got, err := clientIDOf(ctx, cfg, cred)
		if err == nil {
			id = got
		}
		return got, err
	}
}

// clientIDAttempts is how many times clientIDOf asks the IAM API.
const clientIDAttempts = 3

// clientIDOf is the OAuth client ID to authorise for domain-wide
// delegation: Config.ClientID; for keyless delegation the impersonated
// service account's, through the IAM API's serviceAccounts.get
// (oauth2ClientId, or uniqueId, which is the same number); else the
// key's client_id. Errors say how to find it by hand.
func clientIDOf(ctx context.Context, cfg Config, cred *Credential) (string, error) {
	if cfg.ClientID != "" {
		return cfg.ClientID, nil
	}
	sa := cfg.ImpersonateServiceAccount
	if sa == "" {
		if cred == nil || cred.ClientID == "" {
			return "", fmt.Errorf("the credentials carry no client ID; pass it with the client ID setting, from the Cloud console (IAM > Service accounts > the account > Unique ID)")
		}
		return cred.ClientID, nil
	}
	timeout := cfg.CallTimeout
	if timeout <= 0 {
		timeout = DefaultCallTimeout
	}
	opts, err := cred.impersonationOptions(context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Timeout: timeout}), cfg, timeout)
	if err == nil {
		opts = append(opts, option.WithEndpoint(cfg.iamEndpoint()))
		var svc *iam.Service
		if svc, err = iam.NewService(ctx, opts...); err == nil {
			var acct *iam.ServiceAccount
			// A 429, a 5xx or no answer is tried again, a few times: the
			// ID names roster's own writes in the audit log.
			retry := cfg.Retry.withDefaults()
			for attempt := 1; ; attempt++ {
				cctx, cancel := context.WithTimeout(ctx, timeout)
				acct, err = svc.Projects.ServiceAccounts.Get("projects/-/serviceAccounts/" + sa).Context(cctx).Do()
				cancel()
				if err == nil || attempt >= clientIDAttempts || ctx.Err() != nil || !directory.IsRetryable(classify(callGet, "serviceAccounts.get", err)) {
					break
				}
				t := time.NewTimer(retry.backoff(attempt))
				select {
				case <-ctx.Done():
					t.Stop()
				case <-t.C:
				}
			}
			if err == nil {
				if acct.Oauth2ClientId != "" {
					return acct.Oauth2ClientId, nil
				}
				if acct.UniqueId != "" {
					return acct.UniqueId, nil
				}
				err = errors.New("the IAM API gave no client ID")
			}
		}
	}
	return "", fmt.Errorf("could not look up the client ID of %s through the IAM API (%s): find it in the Cloud console (IAM > Service accounts > %s > Unique ID) or with gcloud iam service-accounts describe %s --format='value(uniqueId)'",
		sa, shortError(err), sa, sa)
}

// shortError is an error's message on one line, cut to a readable length.
func shortError(err error) string {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	return msg
}

func (cfg Config) iamEndpoint() string {
	if cfg.iamEndpointForTests != "" {
		return cfg.iamEndpointForTests
	}
	return "https://iam.googleapis.com/"
}

func (c *Credential) baseTokenSource(ctx context.Context, scopes []string, subject string, timeout time.Duration) (oauth2.TokenSource, error) {
	params := googleauth.CredentialsParams{Scopes: scopes, Subject: subject}
	if c.Kind == KindMetadata {
		creds, err := googleauth.FindDefaultCredentialsWithParams(ctx, params)
		if err != nil {
			return nil, err
		}
		// The metadata server is asked through a client of its own,
		// which the deadline given to the others (oauth2.HTTPClient)
		// does not reach.
		return deadlineTokenSource{src: creds.TokenSource, timeout: timeout}, nil
	}
	creds, err := googleauth.CredentialsFromJSONWithTypeAndParams(ctx, c.json, googleauth.CredentialsType(c.Kind), params)
	if err != nil {
		return nil, err
	}
	return creds.TokenSource, nil
}

// mintToken gets one token for scope, the way every call would: what
// doctor uses to tell which scope the Admin console has not granted.
func mintToken(ctx context.Context, cfg Config, c *Credential, scope string) error {
	ts, err := c.tokenSource(ctx, cfg, []string{scope})
	if err != nil {
		return err
	}
	_, err = ts.Token()
	return err
}

type wrappedTokenSource struct {
	ts   oauth2.TokenSource
	wrap func(error) error
}

func (w *wrappedTokenSource) Token() (*oauth2.Token, error) {
	t, err := w.ts.Token()
	if err != nil {
		return nil, w.wrap(err)
	}
	return t, nil
}

// credentialError is a failure to get a token. It deliberately does not
// unwrap: the Google client's auth adapter would otherwise turn an inner
// oauth2.RetrieveError into its own type, and classify could no longer
// tell a refused credential from an outage.
type credentialError struct {
	cred        *Credential
	impersonate string
	scopes      []string
	err         error
}

func (e *credentialError) Error() string { return "get a token: " + e.err.Error() }

// transient reports whether the token endpoint failed for a passing
// reason (a 5xx, a 429, a broken connection), which a retry may fix.
// Every call waiting for the token shares one fetch's outcome, so a
// passing failure refused for good would fail every list at once.
func (e *credentialError) transient() bool {
	var rerr *oauth2.RetrieveError
	if errors.As(e.err, &rerr) {
		return rerr.Response != nil && (rerr.Response.StatusCode >= 500 || rerr.Response.StatusCode == http.StatusTooManyRequests)
	}
	var nerr net.Error
	if errors.As(e.err, &nerr) {
		return true
	}
	// oauth2 wraps the token request's failure with %v, so a timeout
	// of the token endpoint reaches here as text only.
	msg := e.err.Error()
	for _, transient := range []string{"status code 5", "status code 429", "connection reset", "connection refused", "Client.Timeout exceeded", "context deadline exceeded", "i/o timeout", "TLS handshake timeout"} {
		if strings.Contains(msg, transient) {
			return true
		}
	}
	return false
}

// explain says what went wrong and which Admin console or IAM step fixes
// it, without quoting any secret.
func (e *credentialError) explain() string {
	who := ""
	if e.cred != nil {
		who = e.cred.Source
		if e.cred.ClientID != "" {
			who += ", client ID " + e.cred.ClientID
		}
	}
	if why, ok := e.refusal(); ok {
		switch {
		case strings.Contains(why, "unauthorized_client") && e.impersonate != "":
			// Keyless: the JWT is signed as the impersonated account, and
			// it is that account's client ID the Admin console must list.
			return fmt.Sprintf("the token endpoint refused the scopes %s (%s): in the Admin console, Security > Access and data control > API controls > Domain-wide delegation, grant them to the client ID of %s (its Unique ID; 'roster doctor' shows it), not to the credentials that sign as it", strings.Join(e.scopes, ", "), why, e.impersonate)
		case strings.Contains(why, "unauthorized_client"):
			return fmt.Sprintf("the token endpoint refused the scopes %s (%s): in the Admin console, Security > Access and data control > API controls > Domain-wide delegation, grant them to %s", strings.Join(e.scopes, ", "), why, orWord(who, "the service account's client ID"))
		case strings.Contains(why, "invalid_grant"):
			return fmt.Sprintf("the token endpoint refused the credentials (%s): check that the key (%s) still exists and the clock is right, and that --subject names an existing user of the domain", why, orWord(who, "the key"))
		}
		return fmt.Sprintf("the token endpoint refused the credentials (%s); check the key (%s), that domain-wide delegation grants it the scopes, and --subject", why, orWord(who, "the key"))
	}
	msg := e.err.Error()
	switch e.iamRefusal() {
	case iamDisabled:
		return fmt.Sprintf("the IAM Service Account Credentials API is not enabled in the project of %s, so roster cannot sign as it (HTTP 403 SERVICE_DISABLED): enable iamcredentials.googleapis.com in that project (gcloud services enable iamcredentials.googleapis.com)", e.impersonate)
	case iamNoTokenCreator:
		return fmt.Sprintf("the ambient credentials may not sign as %s (HTTP 403 from the IAM Service Account Credentials API): grant them roles/iam.serviceAccountTokenCreator on %s", e.impersonate, e.impersonate)
	case iamNoAccount:
		return fmt.Sprintf("service account %s was not found (HTTP 404 from the IAM Service Account Credentials API): check --impersonate-service-account", e.impersonate)
	}
	switch {
	case strings.Contains(msg, "private key"):
		return fmt.Sprintf("the private key in %s cannot be read: create a new key for the service account and download it again", orWord(who, "the key file"))
	}
	if e.impersonate != "" {
		// Keyless: the token is the impersonated account's, and so is
		// any grant; the caller's own client ID is no step to take.
		src := ""
		if e.cred != nil {
			src = e.cred.Source
		}
		return fmt.Sprintf("cannot get a token as %s through %s: %s", e.impersonate, orWord(src, "the ambient credentials"), msg)
	}
	return fmt.Sprintf("cannot get a token from %s: %s", orWord(who, "the credentials"), msg)
}

// refusal is what the OAuth token endpoint said, as "code:
// description", when it answered at all: to a key's JWT grant, or to the
// keyless flow's exchange of the JWT the IAM Credentials API signed.
func (e *credentialError) refusal() (string, bool) {
	var body []byte
	var rerr *oauth2.RetrieveError
	switch {
	case errors.As(e.err, &rerr):
		if rerr.ErrorCode != "" {
			return strings.TrimSuffix(strings.TrimSpace(rerr.ErrorCode+": "+rerr.ErrorDescription), ":"), true
		}
		body = rerr.Body // the JWT flow leaves the body unparsed
	default:
		_, b, ok := impersonationStatus(e.err)
		if !ok {
			return "", false
		}
		var probe struct {
			Error json.RawMessage `json:"error"`
		}
		// The token endpoint's error is a string; the IAM Credentials
		// API's is an object, and not a refusal of the token.
		if json.Unmarshal(b, &probe) != nil || len(probe.Error) == 0 || probe.Error[0] != '"' {
			return "", false
		}
		body = b
	}
	var parsed struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(body, &parsed) == nil && parsed.Error != "" {
		return strings.TrimSuffix(strings.TrimSpace(parsed.Error+": "+parsed.Description), ":"), true
	}
	why := strings.Join(strings.Fields(string(body)), " ")
	if len(why) > 300 {
		why = why[:300] + "…"
	}
	return why, true
}

// impersonationStatus reads the "impersonate: status code N: body"
// errors of google.golang.org/api/impersonate, which carry no type.
func impersonationStatus(err error) (int, []byte, bool) {
	msg := err.Error()
	i := strings.Index(msg, "impersonate: status code ")
	if i < 0 {
		return 0, nil, false
	}
	rest := msg[i+len("impersonate: status code "):]
	num, body, ok := strings.Cut(rest, ": ")
	code, cerr := strconv.Atoi(num)
	if !ok || cerr != nil {
		return 0, nil, false
	}
	return code, []byte(body), true
}

// Why the IAM Credentials API refused to sign for the service account.
const (
	iamNotRefused     = ""
	iamDisabled       = "disabled"  // the API is not enabled in the project
	iamNoTokenCreator = "denied"    // the caller lacks Token Creator on the account
	iamNoAccount      = "not found" // no such service account
)

// iamRefusal says why the IAM Credentials API refused keyless
// delegation, when it did: 403 SERVICE_DISABLED ("... API has not been
// used in project N before or it is disabled"), 403 PERMISSION_DENIED
// ("Permission 'iam.serviceAccounts.signJwt' denied"), 404.
func (e *credentialError) iamRefusal() string {
	if e.impersonate == "" {
		return iamNotRefused
	}
	code, body, ok := impersonationStatus(e.err)
	if !ok {
		return iamNotRefused
	}
	var oauth struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &oauth) == nil && oauth.Error != "" {
		return iamNotRefused // the token endpoint's answer, not IAM's
	}
	text := string(body)
	var probe struct {
		Error struct {
			Message string `json:"message"`
			Status  string `json:"status"`
			Details []struct {
				Reason string `json:"reason"`
			} `json:"details"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &probe) == nil && probe.Error.Message != "" {
		text = probe.Error.Message + " " + probe.Error.Status
		for _, d := range probe.Error.Details {
			text += " " + d.Reason
		}
	}
	switch {
	case code == http.StatusNotFound:
		return iamNoAccount
	case strings.Contains(text, "SERVICE_DISABLED"), strings.Contains(text, "has not been used"), strings.Contains(text, "is disabled"):
		return iamDisabled
	case code == http.StatusForbidden:
		return iamNoTokenCreator
	}
	return iamNotRefused
}

func orWord(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// deadlineTokenSource gives up on a token that has not come within
// timeout: a metadata server that never answers must not hang every
// call behind it (the fetch itself ends when its own client gives up).
type deadlineTokenSource struct {
	src     oauth2.TokenSource
	timeout time.Duration
}

func (d deadlineTokenSource) Token() (*oauth2.Token, error) {
	type result struct {
		t   *oauth2.Token
		err error
	}
	done := make(chan result, 1)
	go func() {
		t, err := d.src.Token()
		done <- result{t, err}
	}()
	timer := time.NewTimer(d.timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.t, r.err
	case <-timer.C:
		return nil, fmt.Errorf("the metadata server gave no token within %s (--call-timeout)", d.timeout)
	}
}
