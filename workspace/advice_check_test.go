package workspace_test

import (
	"encoding/json"
	"os/exec"
	"regexp"
	"strings"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// How the advice tests check what an edit's advice says against what
// roster plan shows for the fixture's domain.

// planned is roster plan's answer, in JSON, for the fixture's domain:
// list id -> identity -> change; a list plan does not read is absent.
func (f *fixture) planned() map[string]map[string]plan.Change {
	f.t.Helper()
	return f.planView().changes
}

// planView is what roster plan answers, in JSON, for the fixture's
// domain, as the advice after an edit is checked against it.
type planView struct {
	// changes is list id -> mailbox -> change; a list plan does not
	// read (an error) is absent.
	changes map[string]map[string]plan.Change
	// unvetted and unmanaged are, by list id, the mailboxes plan finds
	// on the group unvetted, and kept though the file does not list
	// them (walk-ins): sync exits 3 for both.
	unvetted, unmanaged map[string]map[string]bool
	// checklist are the lists a person must change (provider csv).
	checklist map[string]bool
	// groups are the identities of the groups plan reads.
	groups map[string]bool
	// refuses says why sync refuses the whole run (a guard over all
	// lists): it changes nothing, whatever the changes say.
	refuses string
}

// planView reads roster plan's answer for the fixture's domain.
func (f *fixture) planView() planView {
	f.t.Helper()
	r := f.doPlan(workspace.PlanOptions{Format: report.JSON})
	var p plan.Plan
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		f.t.Fatalf("plan: exit %d, %v\n%s\n%s", r.code, err, r.stdout, r.stderr)
	}
	v := planView{changes: map[string]map[string]plan.Change{}, unvetted: map[string]map[string]bool{}, unmanaged: map[string]map[string]bool{},
		checklist: map[string]bool{}, groups: map[string]bool{}, refuses: p.GuardRefuses}
	for _, l := range p.Lists {
		v.groups[members.IdentityOf(l.Address)] = true
		if l.Error != "" {
			continue
		}
		v.checklist[l.ID] = l.Checklist
		v.changes[l.ID] = map[string]plan.Change{}
		for _, c := range l.Changes {
			v.changes[l.ID][members.MailboxOf(c.Email)] = c
		}
		v.unvetted[l.ID] = map[string]bool{}
		for _, u := range l.Unvetted {
			v.unvetted[l.ID][members.MailboxOf(u.Email)] = true
		}
		v.unmanaged[l.ID] = map[string]bool{}
		for _, u := range l.Unmanaged {
			v.unmanaged[l.ID][members.MailboxOf(u.Email)] = true
		}
	}
	return v
}

var (
	adviceAdd      = regexp.MustCompile(`^sync will (?:now )?add (\S+) to (\S+) as (\w+)$`)
	adviceNotPut   = regexp.MustCompile(`^sync will not put (\S+) on (\S+) as (\w+) until this is fixed: `)
	adviceChange   = regexp.MustCompile(`^sync will (?:now )?change (\S+) on (\S+) from (\w+) to (\w+)$`)
	adviceNotMake  = regexp.MustCompile(`^sync will not make (\S+) (\w+) on (\S+) until this is fixed: `)
	adviceTakeOff  = regexp.MustCompile(`^sync will take (\S+) off (\S+)$`)
	adviceAddOr    = regexp.MustCompile(`^sync will add (\S+) to (\S+) as (\w+), or give them that role if the group has them already `)
	adviceMakeOr   = regexp.MustCompile(`^sync will make (\S+) (\w+) on (\S+), if the group does not have them so already `)
	adviceNotAddOr = regexp.MustCompile(`^sync will not add (\S+) to (\S+) as (\w+), nor promote them to it if the group has them already .*, until this is fixed: `)
	adviceKept     = regexp.MustCompile(`^sync will not take (\S+) off (\S+): \S+ is not committed, `)
	adviceNotTake  = regexp.MustCompile(`^sync will not take (\S+) off (\S+): `)
	adviceNothing  = regexp.MustCompile(`^sync has nothing to do for (\S+) on (\S+): `)
	adviceHolds    = regexp.MustCompile(`^this edit holds back (.+) on (\S+) too, whom sync would have (asked a person to (?:add|promote|demote|take off)(?: or (?:add|promote|demote|take off))*|(?:added|promoted|demoted|taken off)(?: or (?:added|promoted|demoted|taken off))*) before it( if the group does not have them yet \(\S+ is not committed, so roster cannot tell\))?: `)
	adviceReleases = regexp.MustCompile(`^sync will now also ((?:ask a person to )?)(?:add|promote|demote|take off)(?: or (?:add|promote|demote|take off))* (.+) (?:on|to) (\S+)(?:, which it held back before this edit)?(, if the group does not have them yet \(\S+ is not committed, so roster cannot tell\))?$`)
	// adviceInstead qualifies an addition outside git: on a group that
	// has those validate blames for the cap, sync holds it back.
	adviceInstead  = regexp.MustCompile(`; but if the group has .+ already, sync holds \S+ back instead, as an entry that takes \S+ over its cap$`)
	adviceNowWork  = regexp.MustCompile(`^sync will now work on (\S+), which it left alone before this edit \(`)
	adviceUnvetted = regexp.MustCompile(`^sync will leave (.+) on (\S+), as the file lists them there, but as unvetted: it exits 3 for them`)
	adviceVetted   = regexp.MustCompile(`^sync no longer counts (.+) on (\S+) as unvetted `)
	adviceUntouch  = regexp.MustCompile(`^sync will not touch (\S+)(?:, this change included,)? until its policy holds: `)
	adviceLeftOn   = regexp.MustCompile(`^sync will leave (\S+) on (\S+), which roster no longer manages: `)
	adviceByHand   = regexp.MustCompile(`^sync cannot (?:add (\S+) to (\S+) as (\w+)|take (\S+) off (\S+)|change (\S+) on (\S+) from (\w+) to (\w+)) \(provider csv\): a person must`)
	adviceNoExport = regexp.MustCompile(`^sync will not touch (\S+) until its export can be read: `)
)

// checkAdvice checks every "sync will" line an edit printed against
// roster plan for groups that hold the committed file, and that the
// advice names every change plan makes for the entry edited. It returns
// the advice lines.
func (f *fixture) checkAdvice(r outcome, email string) []string {
	f.t.Helper()
	pv := f.planView()
	got, unvetted := pv.changes, pv.unvetted
	change := func(list, who string) (plan.Change, bool) {
		c, ok := got[list][members.MailboxOf(who)]
		return c, ok
	}
	var lines []string
	said := map[string]bool{} // list of the entry the advice spoke of
	for _, line := range strings.Split(r.stderr, "\n") {
		line, ok := strings.CutPrefix(line, "roster: ")
		if !ok || !(strings.HasPrefix(line, "sync ") || strings.HasPrefix(line, "this edit ")) {
			continue
		}
		lines = append(lines, line)
		bad := func(why string, args ...any) {
			f.t.Helper()
			f.t.Errorf("advice %q disagrees with the plan: "+why+"\nplan: %v", append(append([]any{line}, args...), got)...)
		}
		// held: sync will not make c, and the line says why (under a
		// refusal of the whole run, plan blocks none of its changes: the
		// line must name that refusal); goes: sync makes c.
		held := func(c plan.Change) bool {
			if pv.refuses != "" {
				return strings.Contains(line, pv.refuses)
			}
			return c.Blocked != ""
		}
		goes := func(c plan.Change) bool { return c.Blocked == "" && pv.refuses == "" }
		if m := adviceAddOr.FindStringSubmatch(line); m != nil {
			// Whether the group has them, the advice cannot tell: plan
			// adds them, gives them the role, or has it so already.
			said[m[2]] = true
			instead := adviceInstead.MatchString(line)
			if c, ok := change(m[2], m[1]); ok && (c.Action == plan.ActionRemove || !goes(c) && !instead || string(c.Role) != m[3]) {
				bad("plan has %+v", c)
			}
		} else if m := adviceMakeOr.FindStringSubmatch(line); m != nil {
			// Added, given the role, or in it already: plan says which.
			said[m[3]] = true
			if c, ok := change(m[3], m[1]); ok && (c.Action == plan.ActionRemove || !goes(c) || string(c.Role) != m[2]) {
				bad("plan has %+v", c)
			}
		} else if m := adviceNotAddOr.FindStringSubmatch(line); m != nil {
			// Neither added nor promoted; a demotion is not said either
			// way.
			said[m[2]] = true
			c, ok := change(m[2], m[1])
			promotes := c.Action == plan.ActionAdd || c.Action == plan.ActionSetRole && c.Role.Rank() > c.PreviousRole.Rank()
			if ok && (c.Action == plan.ActionRemove || string(c.Role) != m[3] || promotes && !held(c)) {
				bad("plan has %+v", c)
			}
		} else if m := adviceAdd.FindStringSubmatch(line); m != nil {
			said[m[2]] = true
			if c, ok := change(m[2], m[1]); !ok || c.Action != plan.ActionAdd || !goes(c) || string(c.Role) != m[3] {
				bad("plan has %+v", c)
			}
		} else if m := adviceNotPut.FindStringSubmatch(line); m != nil {
			said[m[2]] = true
			if c, ok := change(m[2], m[1]); !ok || c.Action != plan.ActionAdd || !held(c) || string(c.Role) != m[3] {
				bad("plan has %+v", c)
			}
		} else if m := adviceChange.FindStringSubmatch(line); m != nil {
			said[m[2]] = true
			if c, ok := change(m[2], m[1]); !ok || c.Action != plan.ActionSetRole || !goes(c) || string(c.PreviousRole) != m[3] || string(c.Role) != m[4] {
				bad("plan has %+v", c)
			}
		} else if m := adviceNotMake.FindStringSubmatch(line); m != nil {
			said[m[3]] = true
			if c, ok := change(m[3], m[1]); !ok || c.Action != plan.ActionSetRole || !held(c) || string(c.Role) != m[2] {
				bad("plan has %+v", c)
			}
		} else if m := adviceTakeOff.FindStringSubmatch(line); m != nil {
			said[m[2]] = true
			if c, ok := change(m[2], m[1]); !ok || c.Action != plan.ActionRemove || !goes(c) {
				bad("plan has %+v", c)
			}
		} else if m := adviceKept.FindStringSubmatch(line); m != nil {
			// Kept on the group, a walk-in now.
			said[m[2]] = true
			if c, ok := change(m[2], m[1]); ok || !pv.unmanaged[m[2]][members.MailboxOf(m[1])] {
				bad("plan has %+v, and does not keep %s as a walk-in", c, m[1])
			}
		} else if m := adviceNotTake.FindStringSubmatch(line); m != nil {
			said[m[2]] = true
			if c, ok := change(m[2], m[1]); !ok || c.Action != plan.ActionRemove || !held(c) || pv.refuses == "" && !strings.HasSuffix(line, c.Blocked) {
				bad("plan has %+v", c)
			}
		} else if m := adviceNothing.FindStringSubmatch(line); m != nil {
			said[m[2]] = true
			if c, ok := change(m[2], m[1]); ok {
				bad("plan has %+v", c)
			}
		} else if m := adviceHolds.FindStringSubmatch(line); m != nil {
			if byHand := strings.HasPrefix(m[3], "asked a person"); byHand != pv.checklist[m[2]] {
				bad("plan's checklist is %v for %s", pv.checklist[m[2]], m[2])
			}
			for _, who := range strings.Split(m[1], ", ") {
				// Outside git, the group may have them already: no change.
				if c, ok := change(m[2], who); (ok || m[4] == "") && !held(c) {
					bad("plan has %+v for %s", c, who)
				}
			}
		} else if m := adviceReleases.FindStringSubmatch(line); m != nil {
			if byHand := m[1] != ""; byHand != pv.checklist[m[3]] {
				bad("plan's checklist is %v for %s", pv.checklist[m[3]], m[3])
			}
			for _, who := range strings.Split(m[2], ", ") {
				who, role, _ := strings.Cut(strings.TrimSuffix(who, ")"), " (")
				if c, ok := change(m[3], who); (ok || m[4] == "") && (!goes(c) || role != "" && string(c.Role) != role) {
					bad("plan has %+v for %s (%s)", c, who, role)
				}
			}
		} else if m := adviceNowWork.FindStringSubmatch(line); m != nil {
			if _, read := got[m[1]]; !read {
				bad("plan does not read %s", m[1])
			}
		} else if m := adviceUnvetted.FindStringSubmatch(line); m != nil {
			for _, who := range strings.Split(m[1], ", ") {
				if !unvetted[m[2]][members.MailboxOf(who)] {
					bad("plan does not count %s unvetted", who)
				}
			}
		} else if m := adviceVetted.FindStringSubmatch(line); m != nil {
			for _, who := range strings.Split(m[1], ", ") {
				if unvetted[m[2]][members.MailboxOf(who)] {
					bad("plan counts %s unvetted", who)
				}
			}
		} else if m := adviceLeftOn.FindStringSubmatch(line); m != nil {
			if pv.groups[members.IdentityOf(m[2])] {
				bad("plan reads %s", m[2])
			}
		} else if m := adviceByHand.FindStringSubmatch(line); m != nil {
			// A change sync lists for a person to make, never makes.
			want := plan.Change{Action: plan.ActionAdd, Email: m[1], Role: members.Role(m[3])}
			list := m[2]
			switch {
			case m[4] != "":
				want, list = plan.Change{Action: plan.ActionRemove, Email: m[4]}, m[5]
			case m[6] != "":
				want, list = plan.Change{Action: plan.ActionSetRole, Email: m[6], PreviousRole: members.Role(m[8]), Role: members.Role(m[9])}, m[7]
			}
			said[list] = true
			c, ok := change(list, want.Email)
			if !ok || !pv.checklist[list] || c.Action != want.Action || c.Blocked != "" || c.Action != plan.ActionRemove && c.Role != want.Role || c.PreviousRole != want.PreviousRole && want.Action == plan.ActionSetRole {
				bad("plan has %+v (checklist %v)", c, pv.checklist[list])
			}
		} else if m := adviceNoExport.FindStringSubmatch(line); m != nil {
			said[m[1]] = true
			if _, read := got[m[1]]; read {
				bad("plan reads %s", m[1])
			}
		} else if m := adviceUntouch.FindStringSubmatch(line); m != nil {
			said[m[1]] = true
			if _, read := got[m[1]]; read {
				bad("plan reads %s", m[1])
			}
		} else {
			f.t.Errorf("advice line of no known form: %q", line)
		}
	}
	for list, cs := range got {
		if c, ok := cs[members.MailboxOf(email)]; ok && !said[list] {
			f.t.Errorf("plan has %+v for %s on %s; the advice does not say it:\n%s", c, email, list, r.stderr)
		}
	}
	note := "roster: note: this is judged against members.toml as last committed (HEAD "
	if f.repo == nil || exec.Command("git", "-C", f.dir, "rev-parse", "--verify", "-q", "HEAD").Run() != nil {
		note = "roster: note: this is judged as roster validate judges it, with no one on a list yet, and against members.toml as it was before this edit for whom the groups may have already (it is not committed in git, so roster cannot tell what they hold)"
	}
	if len(lines) > 0 && !strings.Contains(r.stderr, note) {
		f.t.Errorf("the advice does not say what it assumes the groups hold:\n%s", r.stderr)
	}
	return lines
}
