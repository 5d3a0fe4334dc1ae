package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/vetting"
)

// ReminderMarker finds roster's reminder issue again; only an issue
// opened by roster's own login counts.
const ReminderMarker = "<!-- roster:reminder -->"

// Due is one vetting record that lapses (or has lapsed), for the
// reminder: whose, on which list, who vetted, when it lapses.
type Due struct {
	Vetter, Member, List, VettedOn, Expires string
	Lapsed                                  bool
}

// DueRecords are the lapsing and lapsed records of an audit, soonest
// first.
func DueRecords(a *audit.Report) []Due {
	var out []Due
	for _, it := range a.Items {
		if it.Kind != audit.KindLapsing && it.Kind != audit.KindLapsed {
			continue
		}
		out = append(out, Due{Vetter: it.VettedBy, Member: it.Email, List: it.List, VettedOn: it.VettedOn, Expires: it.Expires, Lapsed: it.Kind == audit.KindLapsed})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Expires != out[j].Expires {
			return out[i].Expires < out[j].Expires
		}
		return out[i].Member < out[j].Member
	})
	return out
}

// byVetter groups due records by their vetter, vetters in the order of
// their soonest record.
func byVetter(ds []Due) ([]string, map[string][]Due) {
	groups := map[string][]Due{}
	var order []string
	for _, d := range ds {
		if _, ok := groups[d.Vetter]; !ok {
			order = append(order, d.Vetter)
		}
		groups[d.Vetter] = append(groups[d.Vetter], d)
	}
	return order, groups
}

func writeByVetter(w io.Writer, a *audit.Report) error {
	ds := DueRecords(a)
	if len(ds) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("\nRE-VET, BY VETTER\n")
	order, groups := byVetter(ds)
	for _, v := range order {
		fmt.Fprintf(&b, "%s:\n", Line(orSomeone(v)))
		for _, d := range groups[v] {
			fmt.Fprintf(&b, "  %s on %s: %s %s (vetted %s)\n", Reveal(d.Member), Line(d.List), lapseWord(d), d.Expires, d.VettedOn)
		}
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeByVetterMarkdown(b *strings.Builder, a *audit.Report) {
	ds := DueRecords(a)
	if len(ds) == 0 {
		return
	}
	b.WriteString("\n#### Re-vet, by vetter\n\n")
	order, groups := byVetter(ds)
	for _, v := range order {
		fmt.Fprintf(b, "- %s\n", MD(orSomeone(v)))
		for _, d := range groups[v] {
			fmt.Fprintf(b, "  - %s on %s: %s %s (vetted %s)\n", MD(d.Member), MD(d.List), lapseWord(d), d.Expires, d.VettedOn)
		}
	}
}

func lapseWord(d Due) string {
	if d.Lapsed {
		return "lapsed on"
	}
	return "lapses on"
}

func orSomeone(v string) string {
	if v == "" {
		return "(no vetter)"
	}
	return v
}

// ReminderMarkdown is the body of the reminder issue: per vetter, whose
// records lapse and when, mentioning each vetter by the GitHub handle
// the file gives them (handles is vetting.VetterKey of a member's email
// or handle -> their handle; an unknown vetter is named, not mentioned). It is "" when nothing is due.
func ReminderMarkdown(a *audit.Report, handles map[string]string, rerun string) string {
	ds := DueRecords(a)
	if len(ds) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(ReminderMarker + "\n")
	fmt.Fprintf(&b, "Vetting records that lapse by %s or have lapsed, as `members.toml` stands on %s. A lapsed record keeps its member on the list, but sync will not add or promote them, and `roster audit` fails until they are re-vetted.\n\n", a.Date, a.Date)
	order, groups := byVetter(ds)
	for _, v := range order {
		who := MD(orSomeone(v))
		if h := handles[vetting.VetterKey(v)]; isHandle(h) {
			who = "@" + h
		}
		fmt.Fprintf(&b, "### %s\n\n", who)
		for _, d := range groups[v] {
			fmt.Fprintf(&b, "- [ ] %s on %s: %s %s (vetted %s)\n", MD(d.Member), MD(d.List), lapseWord(d), d.Expires, d.VettedOn)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "Re-vet with %s. This issue is kept up to date by `roster audit --github-issue` and closed when nothing is due.\n", Code(rerun))
	return b.String()
}
