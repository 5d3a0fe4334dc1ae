package audit

// The domain's bulk uploads, which Google logs with counts and no group:
// read once per Attribute call, for whatever the groups' own logs leave
// unexplained.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/plan"
)

// bulkLog stands among the logs not read (unreadLog.app) for the
// domain's bulk uploads: the Admin console's log read for
// GROUP_MEMBER_BULK_UPLOAD alone, once per call. A bulk upload only adds
// members (anyLog, addLogs).
const bulkLog = directory.AppAdmin + " " + directory.EventGroupMemberBulkUpload

// startBulk starts reading the domain's bulk uploads, once per call.
// A read that fails is a log not read: what it could explain says it
// may be there, never that it is in no log. It is not asked at all once
// another log of the call did not answer: the Reports API is one
// endpoint and one quota, and a second read would spend a second retry
// budget (minutes) before anything is written.
func (r *attribution) startBulk(ctx context.Context, ap directory.ActivityProvider) {
	r.bulkOnce.Do(func() {
		r.mu.Lock()
		r.bulkStart = true
		r.mu.Unlock()
		go func() {
			defer close(r.bulkDone)
			bp, ok := ap.(directory.BulkUploadProvider)
			if !ok {
				return
			}
			if app, f, ok := r.unanswered(); ok {
				r.bulkUnread = &unreadLog{app: bulkLog, cause: fmt.Sprintf("it was not asked, as %s did not answer this run (%s), and a read of the same API would wait as long", logName(app), withoutGroup(f.err, f.group))}
				return
			}
			bulk, err := bp.BulkUploads(ctx, r.since)
			if err != nil {
				r.bulkUnread = &unreadLog{app: bulkLog, cause: err.Error()}
				return
			}
			r.bulk = bulk
		}()
	})
}

// unanswered returns a log that failed for the domain in this call by
// not answering (no answer within the call timeout, 5xx or throttling
// past the retries, a read timeout), and how.
func (r *attribution) unanswered() (string, logFailure, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, app := range directory.Applications() {
		if f, ok := r.failed[app]; ok && (directory.IsRetryable(f.err) || errors.Is(f.err, context.DeadlineExceeded)) {
			return app, f, true
		}
	}
	return "", logFailure{}, false
}

// bulkUploads waits for the domain's bulk uploads, or why they were not
// read (nil when they were).
func (r *attribution) bulkUploads(ctx context.Context, ap directory.ActivityProvider) ([]directory.Activity, *unreadLog) {
	r.startBulk(ctx, ap)
	<-r.bulkDone
	return r.bulk, r.bulkUnread
}

// waitBulk waits for a bulk read that was started, so that none
// outlives the call.
func (r *attribution) waitBulk() {
	r.mu.Lock()
	started := r.bulkStart
	r.mu.Unlock()
	if started {
		<-r.bulkDone
	}
}

// bulkKey names one bulk upload among the domain's.
type bulkKey struct {
	id          string
	at          int64
	index       int
	actor       string
	count, fail int64
}

// claimBulk counts one difference the bulk uploads evs are offered for:
// uploads that added N members in all (Google counts them, and those
// that failed added nobody) are offered for at most N, on every list of
// the call together, as one removal by id is never offered as two
// people's. An upload Google gave no count for is bound by nothing.
func (r *attribution) claimBulk(evs []directory.Activity) {
	keys := make([]string, len(evs))
	added := int64(0)
	for i, ev := range evs {
		keys[i] = fmt.Sprint(bulkKey{ev.ID, ev.Time.UnixNano(), ev.Index, ev.Actor, ev.Count, ev.Failed})
		switch {
		case ev.Count <= 0:
			added = -1
		case added >= 0:
			added += ev.Count - ev.Failed
		}
	}
	k := strings.Join(keys, "\x00")
	r.mu.Lock()
	defer r.mu.Unlock()
	r.bulkClaims[k]++
	r.bulkPhrases[k] = bulkPhrase(evs)
	r.bulkAdded[k] = added
}

// markOverclaimed says, on every line a bulk upload was offered for,
// when it was offered for more differences than it added members: which
// of them it made, Google does not log, so each is offered it, and none
// passes for the one it surely made (the lists are read side by side, in
// no order that says which came first).
func (r *attribution) markOverclaimed(p *plan.Plan) {
	r.mu.Lock()
	defer r.mu.Unlock()
	over := map[string]string{} // the offer's words -> the same, saying so
	for k, n := range r.bulkClaims {
		if added := r.bulkAdded[k]; added >= 0 && n > added {
			phrase := r.bulkPhrases[k]
			they := "it"
			if strings.HasPrefix(phrase, "perhaps one of") {
				they = "they"
			}
			over[phrase] = phrase + fmt.Sprintf(", offered for %d differences though %s added at most %s", n, they, words.Plural(int(added), "member"))
		}
	}
	if len(over) == 0 {
		return
	}
	mark := func(s *string) {
		for phrase, marked := range over {
			if strings.Contains(*s, phrase+" (") {
				*s = strings.Replace(*s, phrase+" (", marked+" (", 1)
			}
		}
	}
	for _, l := range p.Lists {
		for i := range l.Changes {
			mark(&l.Changes[i].ChangedBy)
		}
		for _, ms := range [][]plan.LiveMember{l.Unmanaged, l.Unvetted, l.PastCap} {
			for i := range ms {
				mark(&ms[i].ChangedBy)
			}
		}
	}
}
