package report

import (
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// ReminderMarker finds roster's reminder issue again; only an issue
// opened by roster's own login counts.
const ReminderMarker = "<!-- roster:reminder -->"

// ReminderMarkerFor is the marker of the reminder issue of the members
// file at path, as the run names it: ReminderMarker for the default
// members.toml (the issue roster has always kept), a marker naming the
// file for any other, so that two members files in one repository keep
// two issues, never rewriting each other's.
func ReminderMarkerFor(path string) string {
	if path == "" || path == "members.toml" {
		return ReminderMarker
	}
	return "<!-- roster:reminder file=" + url.QueryEscape(path) + " -->"
}

// ReminderFileOf is the members file the reminder issue whose body is
// body reminds of, as ReminderMarkerFor named it in the body's first
// line; false when that line is no reminder's marker.
func ReminderFileOf(body string) (string, bool) {
	first, _, _ := strings.Cut(body, "\n")
	first = strings.TrimSuffix(first, "\r")
	if first == ReminderMarker {
		return "members.toml", true
	}
	esc, ok := strings.CutPrefix(first, "<!-- roster:reminder file=")
	if !ok {
		return "", false
	}
	if esc, ok = strings.CutSuffix(esc, " -->"); !ok {
		return "", false
	}
	p, err := url.QueryUnescape(esc)
	if err != nil || p == "" {
		return "", false
	}
	return p, true
}

// Due is one vetting record that lapses (or has lapsed), for the
// reminder: whose, on which list, who vetted, when it lapses.
type Due struct {
	Vetter, Member, List, VettedOn, Expires string
	// Handle is the vetter's GitHub handle, when the file gives one.
	Handle string
	Lapsed bool
}

// DueRecords are the lapsing and lapsed records of an audit, soonest
// first.
func DueRecords(a *audit.Report) []Due {
	var out []Due
	for _, it := range a.Items {
		if it.Kind != audit.KindLapsing && it.Kind != audit.KindLapsed {
			continue
		}
		out = append(out, Due{Vetter: it.VettedBy, Handle: it.VetterGitHub, Member: it.Email, List: it.List, VettedOn: it.VettedOn, Expires: it.Expires, Lapsed: it.Kind == audit.KindLapsed})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Expires != out[j].Expires {
			return out[i].Expires < out[j].Expires
		}
		return out[i].Member < out[j].Member
	})
	return out
}

// byVetter groups due records by their vetter, one person however the
// records name them (their handle or email, any case), vetters in the
// order of their soonest record; each group is named by its first
// record.
func byVetter(ds []Due) ([]Due, map[string][]Due) {
	groups := map[string][]Due{}
	var order []Due
	for _, d := range ds {
		k := groupKey(d)
		if _, ok := groups[k]; !ok {
			order = append(order, d)
		}
		groups[k] = append(groups[k], d)
	}
	return order, groups
}

// groupKey is the key byVetter files d under.
func groupKey(d Due) string {
	if d.Handle != "" {
		return "h:" + members.HandleKey(d.Handle)
	}
	return vetting.VetterKey(d.Vetter)
}

// vetterName is how a group of byVetter is headed: the vetter's handle,
// "@" first, when the file gives one.
func vetterName(d Due) string {
	if d.Handle != "" {
		return "@" + d.Handle
	}
	return orSomeone(d.Vetter)
}

// reVetGroup is one heading of the audit's re-vet section and its
// records.
type reVetGroup struct {
	name string
	ds   []Due
}

// reVetGroups groups due records by their vetter, as byVetter does; a
// record roster import wrote has no vetter to ask, and goes to the
// owners of its list, as the reminder issue sends it.
func reVetGroups(a *audit.Report) []reVetGroup {
	var vetted, imported []Due
	for _, d := range DueRecords(a) {
		if vetting.VetterKey(d.Vetter) == vetting.VetterKey(vetting.ImportVetter) {
			imported = append(imported, d)
		} else {
			vetted = append(vetted, d)
		}
	}
	var out []reVetGroup
	order, groups := byVetter(vetted)
	for _, first := range order {
		out = append(out, reVetGroup{name: vetterName(first), ds: groups[groupKey(first)]})
	}
	byList := map[string]int{}
	for _, d := range imported {
		i, ok := byList[d.List]
		if !ok {
			i = len(out)
			byList[d.List] = i
			out = append(out, reVetGroup{name: "owners of " + d.List + ownersNamed(a, d.List) + ", for records roster import wrote"})
		}
		out[i].ds = append(out[i].ds, d)
	}
	return out
}

// ownerMentions are "@ada", "@bob": the GitHub handles of list's
// owners, none when the file gives none.
func ownerMentions(a *audit.Report, list string) []string {
	var hs []string
	for _, l := range a.Lists {
		if l.ID != list {
			continue
		}
		for _, h := range l.OwnerHandles {
			if isHandle(h) {
				hs = append(hs, "@"+h)
			}
		}
	}
	return hs
}

// ownersNamed is " (@ada, @bob)", or "" when the file gives no handle.
func ownersNamed(a *audit.Report, list string) string {
	if hs := ownerMentions(a, list); len(hs) > 0 {
		return " (" + strings.Join(hs, ", ") + ")"
	}
	return ""
}

// reVetWindow says which records the section holds: those lapsed, and
// those that lapse by the end of the audit's window.
func reVetWindow(a *audit.Report) string {
	if a.Until == "" {
		return "lapsed"
	}
	return "lapsed, or lapsing by " + a.Until
}

func writeByVetter(w io.Writer, a *audit.Report) error {
	groups := reVetGroups(a)
	if len(groups) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nRE-VET, BY VETTER (%s)\n", reVetWindow(a))
	for _, g := range groups {
		fmt.Fprintf(&b, "%s:\n", Line(g.name))
		for _, d := range g.ds {
			fmt.Fprintf(&b, "  %s on %s: %s %s (vetted %s)\n", Reveal(d.Member), Line(d.List), lapseWord(d), d.Expires, d.VettedOn)
		}
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeByVetterMarkdown(b *strings.Builder, a *audit.Report) {
	groups := reVetGroups(a)
	if len(groups) == 0 {
		return
	}
	fmt.Fprintf(b, "\n#### Re-vet, by vetter (%s)\n\n", reVetWindow(a))
	for _, g := range groups {
		fmt.Fprintf(b, "- %s\n", MD(g.name))
		for _, d := range g.ds {
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
// the file gives them (audit.Item.VetterGitHub; an unknown vetter, or a
// handle GitHub would not take, is named, not mentioned). It is "" when
// nothing is due.
func ReminderMarkdown(a *audit.Report, file, auditCmd, rerun string) string {
	ds := DueRecords(a)
	// Members no record admits any more (their vetter left, or was
	// demoted): due now, and their vetter cannot re-vet them, so they
	// go to the owners of the list.
	var unvetted []audit.Item
	for _, it := range a.Items {
		if it.Kind == audit.KindUnvetted && it.Email != "" {
			unvetted = append(unvetted, it)
		}
	}
	if len(ds) == 0 && len(unvetted) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(ReminderMarkerFor(file) + "\n")
	if file == "" {
		file = "members.toml"
	}
	until := a.Until
	if until == "" {
		until = a.Date
	}
	fmt.Fprintf(&b, "Vetting records that lapse by %s or have lapsed, as %s stands on %s. A lapsed record keeps its member on the list, but sync will not add or promote them, and %s fails until they are re-vetted.\n\n", until, Code(file), a.Date, Code(auditCmd))
	// A record whose vetter cannot be mentioned (grandfathered by
	// import, or a vetter the file gives no handle) reminds nobody: it
	// goes to the owners of its list, who re-vet or find who will.
	var mentioned, orphans []Due
	for _, d := range ds {
		if isHandle(d.Handle) {
			mentioned = append(mentioned, d)
		} else {
			orphans = append(orphans, d)
		}
	}
	order, groups := byVetter(mentioned)
	for _, first := range order {
		fmt.Fprintf(&b, "### @%s\n\n", first.Handle)
		for _, d := range groups[groupKey(first)] {
			fmt.Fprintf(&b, "- [ ] %s on %s: %s %s (vetted %s)\n", MD(d.Member), MD(d.List), lapseWord(d), d.Expires, d.VettedOn)
		}
		b.WriteString("\n")
	}
	byList := map[string][]Due{}
	unvettedOn := map[string][]audit.Item{}
	var lists []string
	for _, d := range orphans {
		if _, ok := byList[d.List]; !ok {
			lists = append(lists, d.List)
		}
		byList[d.List] = append(byList[d.List], d)
	}
	for _, it := range unvetted {
		if _, ok := byList[it.List]; !ok && len(unvettedOn[it.List]) == 0 {
			lists = append(lists, it.List)
		}
		unvettedOn[it.List] = append(unvettedOn[it.List], it)
	}
	for _, id := range lists {
		who := strings.Join(ownerMentions(a, id), ", ")
		if who == "" {
			who = "no owner with a GitHub handle in " + MD(file)
		}
		fmt.Fprintf(&b, "### Owners of %s: %s\n\n", MD(id), who)
		if ds := byList[id]; len(ds) > 0 {
			fmt.Fprintf(&b, "Records whose vetter has no GitHub handle in %s:\n\n", MD(file))
			for _, d := range ds {
				fmt.Fprintf(&b, "- [ ] %s: %s %s (vetted by %s on %s)\n", MD(d.Member), lapseWord(d), d.Expires, MD(orSomeone(d.Vetter)), d.VettedOn)
			}
			b.WriteString("\n")
		}
		if its := unvettedOn[id]; len(its) > 0 {
			b.WriteString("On the list with no record that admits them now (their vetter left the list or was demoted, or none was written): re-vet them now:\n\n")
			for _, it := range its {
				fmt.Fprintf(&b, "- [ ] %s: %s\n", MD(it.Email), MD(it.Message))
			}
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "Re-vet with %s. This issue is kept up to date by %s and closed when nothing is due.\n", Code(rerun), Code(auditCmd+" --github-issue"))
	return b.String()
}
