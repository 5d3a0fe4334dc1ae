package site

import (
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// problemsOf is what a member's row says is wrong with their vetting
// for list: policies' findings about them there when the site has them
// (Input.Findings), else the records' own verdict.
func problemsOf(in Input, list string, m *members.Member, v vetting.Verdict) []string {
	var out []string
	if in.Findings == nil {
		for _, pr := range v.Problems {
			out = append(out, pr.Msg)
		}
		return out
	}
	id := members.IdentityOf(m.Email)
	for _, f := range in.Findings {
		if f.List == list && f.Member != "" && f.Rule.AboutVetting() && members.IdentityOf(f.Member) == id {
			out = append(out, f.Message)
		}
	}
	return out
}

func stale(v vetting.Verdict) bool {
	for _, p := range v.Problems {
		if p.Rule == vetting.RuleStale {
			return true
		}
	}
	return false
}
