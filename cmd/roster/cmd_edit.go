package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/atomicfile"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/vetting"
)

// editFunc computes the new text of a members file from the parsed file
// and its bytes, and the parse of that text the edit already verified; it
// returns nil text when there is nothing to change.
type editFunc func(f *members.File, src []byte) ([]byte, *members.File, error)

// editFile is the one path every edit command takes: take the edit lock
// beside the file, read it, refuse a file that does not parse cleanly,
// edit, write atomically unless the file changed on disk meanwhile (an
// editor does not take the lock), release, then print what validate
// still finds, so the author sees what is missing before CI does. An
// edit that reports success is in the file.
func (e *env) editFile(path string, fn editFunc) (bool, error) {
	unlock, err := atomicfile.Lock(e.path(path), 30*time.Second)
	if err != nil {
		return false, err
	}
	defer unlock()
	f, src, err := e.parsedMembers(path, "fix them before editing it with roster (nothing was written)")
	if err != nil {
		return false, err
	}
	out, nf, err := fn(f, src)
	if err != nil {
		return false, err
	}
	if out == nil || bytes.Equal(out, src) {
		return false, nil
	}
	if err := writeMembersFile(e.path(path), src, out); err != nil {
		return false, err
	}
	if findings := policies.Check(nf, e.today()); len(findings) > 0 {
		errs, _ := count(findings)
		if errs > 0 {
			fmt.Fprintf(e.stderr, "roster: written; %s still finds %s (sync refuses to run until %s fixed):\n", path, words.Plural(errs, "error"), words.Pick(errs, "it is", "they are"))
		}
		_ = report.Findings(e.stderr, report.Text, findings)
	}
	return true, nil
}

// writeMembersFile replaces the file with out, atomically, keeping its
// permissions (and a symbolic link a link), and only if it still holds
// what was read: an editor that wrote in between is not overwritten.
func writeMembersFile(path string, read, out []byte) error {
	now, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Equal(now, read) {
		return fmt.Errorf("%s changed on disk while roster was editing it; nothing was written, run the command again", path)
	}
	if err := atomicfile.Write(path, out, 0o644); err != nil {
		return fmt.Errorf("write %s: %w (the old file is intact)", path, err)
	}
	return nil
}

// parseListRole reads --list ID or --list ID:role.
func parseListRole(f *members.File, s string) (members.Membership, error) {
	id, role, hasRole := strings.Cut(s, ":")
	ms := members.Membership{List: id, Role: members.RoleMember}
	if hasRole {
		ms.Role = members.Role(strings.ToLower(role))
	}
	if f.List(id) == nil {
		var known []string
		for _, l := range f.Lists {
			known = append(known, l.ID)
		}
		return ms, fmt.Errorf("--list %s: no such list; lists are %s", id, strings.Join(known, ", "))
	}
	if !ms.Role.Valid() {
		return ms, fmt.Errorf("--list %s: role %q; use owner, manager or member", s, role)
	}
	return ms, nil
}

// vettingFlags are the flags of a vetting record. They are checked in the
// commands rather than marked Required, so that the message can say what
// a record needs.
func vettingFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "by", Usage: "who vetted: their GitHub `HANDLE` or email"},
		&cli.StringFlag{Name: "method", Usage: "how, one of the list policy's vetting_methods (`METHOD`)"},
		&cli.StringFlag{Name: "note", Usage: "what was checked (`TEXT`)"},
		&cli.StringFlag{Name: "evidence", Usage: "a `URL` backing the note"},
		&cli.StringFlag{Name: "on", Usage: "the `DATE` it happened (YYYY-MM-DD; default today)"},
	}
}

// vettingFrom reads the vetting flags into a record; ok is false when
// none were given (add without a record).
func (e *env) vettingFrom(c *cli.Context) (members.Vetting, bool, error) {
	v := members.Vetting{By: strings.TrimSpace(c.String("by")), Method: strings.TrimSpace(c.String("method")), Note: c.String("note"), Evidence: c.String("evidence"), On: e.today()}
	if v.By == "" && v.Method == "" && v.Note == "" && v.Evidence == "" && !c.IsSet("on") {
		return v, false, nil
	}
	if v.By == "" || v.Method == "" {
		return v, false, fmt.Errorf("a vetting record needs --by and --method (and a --note saying what was checked)")
	}
	if c.IsSet("on") {
		on, err := parseDay("on", c.String("on"))
		if err != nil {
			return v, false, err
		}
		if on.After(e.today()) {
			return v, false, fmt.Errorf("--on %s is in the future; write the date the vetting happened", c.String("on"))
		}
		v.On = on
	}
	return v, true, nil
}

func addCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "add",
		Usage:     "add a person to members.toml",
		UsageText: "roster add [--file PATH] --name NAME [--github HANDLE] [--affiliation ORG] --list ID[:role]... [--by WHO --method M --note TEXT] EMAIL",
		Description: `Inserts a [[member]] entry at its place in email order (or at the end if
the file is not sorted), keeping every other line of the file as it is.
Refuses a second entry for the same mailbox. With --by and --method it also
writes the first vetting record; otherwise add one with roster vet.

  roster add --name "Ada Example" --github ada-example --list security-reports:owner ada@example.org`,
		Flags: append([]cli.Flag{
			fileFlag(),
			&cli.StringFlag{Name: "name", Usage: "the person's `NAME`"},
			&cli.StringFlag{Name: "github", Usage: "GitHub `HANDLE`"},
			&cli.StringFlag{Name: "affiliation", Usage: "employer or project (`ORG`)"},
			&cli.StringSliceFlag{Name: "list", Aliases: []string{"l"}, Usage: "a list `ID`, optionally with a role (ID:owner); repeatable, role member by default; at least one"},
		}, vettingFlags()...),
		Action: func(c *cli.Context) error {
			email, err := oneEmail(c)
			if err != nil {
				return err
			}
			if len(c.StringSlice("list")) == 0 {
				return fmt.Errorf("add needs at least one --list ID[:role]")
			}
			v, withVetting, err := e.vettingFrom(c)
			if err != nil {
				return err
			}
			path := e.membersFile(c)
			_, err = e.editFile(path, func(f *members.File, src []byte) ([]byte, *members.File, error) {
				nm := members.Member{Email: email, Name: c.String("name"), GitHub: strings.TrimPrefix(c.String("github"), "@"), Affiliation: c.String("affiliation")}
				for _, s := range c.StringSlice("list") {
					ms, err := parseListRole(f, s)
					if err != nil {
						return nil, nil, err
					}
					nm.Lists = append(nm.Lists, ms)
				}
				if withVetting {
					nm.Vetting = []members.Vetting{v}
				}
				return members.AddMember(f, src, nm)
			})
			if err == nil {
				fmt.Fprintf(e.stderr, "roster: added %s to %s\n", email, path)
			}
			return err
		},
	}
}

// oneEmail reads the single EMAIL argument and checks it is an address.
func oneEmail(c *cli.Context) (string, error) {
	if c.NArg() != 1 {
		return "", fmt.Errorf("%s needs one argument, the member's email (got %d): roster %s [flags] EMAIL", c.Command.Name, c.NArg(), c.Command.Name)
	}
	email := c.Args().First()
	if _, err := members.ParseAddress(email); err != nil {
		return "", err
	}
	return email, nil
}

func vetCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "vet",
		Usage:     "record that someone vetted a member",
		UsageText: "roster vet [--file PATH] --by WHO --method METHOD --note TEXT [--evidence URL] [--on DATE] EMAIL",
		Description: `Appends a [[member.vetting]] record under the member. A vetting record is
a fact, so it is written even when it does not (yet) satisfy a list's
policy; what is still missing is printed, and validate gates the sync.

  roster vet --by grace-example --method video-call --note "Checked ID on a call" ada@example.org`,
		Flags: append([]cli.Flag{fileFlag()}, vettingFlags()...),
		Action: func(c *cli.Context) error {
			email, err := oneEmail(c)
			if err != nil {
				return err
			}
			for _, name := range []string{"by", "method", "note"} {
				if strings.TrimSpace(c.String(name)) == "" {
					return fmt.Errorf("vet needs --%s (a record says who vetted, how, and what was checked)", name)
				}
			}
			v, _, err := e.vettingFrom(c)
			if err != nil {
				return err
			}
			path := e.membersFile(c)
			_, err = e.editFile(path, func(f *members.File, src []byte) ([]byte, *members.File, error) {
				return members.AddVetting(f, src, email, v)
			})
			if err == nil {
				fmt.Fprintf(e.stderr, "roster: recorded %s for %s\n", vetting.Describe(v), email)
			}
			return err
		},
	}
}

func removeCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "remove",
		Usage:     "take a person off lists, or out of members.toml",
		UsageText: "roster remove [--file PATH] [--list ID]... EMAIL",
		Description: `With --list, takes the member off those lists and keeps the entry (and
its vetting history). Without, deletes the whole entry with its vetting
records and the comment lines directly above it. The next sync removes
them from the live groups, within its guards.

  roster remove --list security-reports ada@example.org
  roster remove ada@example.org`,
		Flags: []cli.Flag{
			fileFlag(),
			&cli.StringSliceFlag{Name: "list", Aliases: []string{"l"}, Usage: "only off the list `ID` (repeatable)"},
		},
		Action: func(c *cli.Context) error {
			email, err := oneEmail(c)
			if err != nil {
				return err
			}
			lists := c.StringSlice("list")
			path := e.membersFile(c)
			_, err = e.editFile(path, func(f *members.File, src []byte) ([]byte, *members.File, error) {
				m := f.FindMember(email)
				if m == nil {
					return nil, nil, fmt.Errorf("no member %s in %s", email, path)
				}
				if len(lists) == 0 {
					return members.RemoveMember(f, src, email)
				}
				keep := append([]members.Membership(nil), m.Lists...)
				for _, id := range lists {
					i := slices.IndexFunc(keep, func(ms members.Membership) bool { return ms.List == id })
					if i < 0 {
						return nil, nil, fmt.Errorf("%s is not on list %s", m.Email, id)
					}
					keep = append(keep[:i], keep[i+1:]...)
				}
				return members.SetLists(f, src, email, keep)
			})
			if err == nil {
				what := "the file"
				if len(lists) > 0 {
					what = strings.Join(lists, ", ")
				}
				fmt.Fprintf(e.stderr, "roster: removed %s from %s\n", email, what)
			}
			return err
		},
	}
}

func importCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "import",
		Usage:     "bring a list's live members into members.toml as grandfathered entries",
		UsageText: "roster import --list ID [--from-csv FILE] [--file PATH] [--emulator | --endpoint URL]",
		Description: `Reads the list's live members (through its provider, or from a Google
Groups member export with --from-csv) and adds each one missing from the
file, with their live role and a vetting record method = "grandfathered",
by = "import", dated today. Members already in the file get the list
added. Running it again changes nothing.

Policies accept grandfathered records only where their vetting_methods
name "grandfathered"; re-vet imported people with roster vet.

  roster import --list advance-warning --from-csv export.csv`,
		Flags: append([]cli.Flag{
			fileFlag(),
			&cli.StringFlag{Name: "from-csv", Usage: "read the members from a Google Groups export `FILE` instead of the live group"},
		}, liveFlags()...),
		Action: func(c *cli.Context) error {
			ids := c.StringSlice("list")
			if len(ids) != 1 {
				return fmt.Errorf("import needs exactly one --list ID")
			}
			o, err := e.liveOptions(c, false)
			if err != nil {
				return err
			}
			return runImport(c.Context, e, e.membersFile(c), ids[0], c.String("from-csv"), o)
		},
	}
}

func runImport(ctx context.Context, e *env, path, listID, fromCSV string, o liveOptions) error {
	f, _, err := e.parsedMembers(path, "fix them before importing (nothing was written)")
	if err != nil {
		return err
	}
	l := f.List(listID)
	if l == nil {
		_, err := selectLists(f, []string{listID})
		return err
	}
	var live []directory.Member
	source := ""
	if fromCSV != "" {
		raw, err := os.ReadFile(e.path(fromCSV))
		if err != nil {
			return fmt.Errorf("read --from-csv: %w", err)
		}
		if live, err = directory.ParseSnapshot(fromCSV, raw); err != nil {
			return err
		}
		source = "the export " + filepath.Base(fromCSV)
	} else {
		lv, err := e.openLive(ctx, f, path, []*members.List{l}, o)
		if err != nil {
			return err
		}
		live, err = lv.providers[l.ID].Members(ctx, l.Address)
		lv.stop()
		if err != nil {
			return fmt.Errorf("read the live members of %s: %w", l.Address, err)
		}
		source = "the live group"
	}
	var listed map[string]string
	if lv, err := e.listedFor(path)(ctx); err != nil {
		return fmt.Errorf("cannot tell whom members.toml took off %s, so nothing was imported: %w", listID, err)
	} else {
		listed = lv.ByList[listID]
	}
	people, skips := plan.ForImport(f, listID, live, listed)
	for _, s := range skips {
		fmt.Fprintf(e.stderr, "roster: skipped %s: %s\n", s.Email, s.Why)
	}
	today := e.today()
	record := members.Vetting{
		By: vetting.ImportVetter, On: today, Method: vetting.Grandfathered,
		Note: fmt.Sprintf("On %s before roster managed it; imported from %s on %s.", l.Address, source, today.Format(members.DateLayout)),
	}
	added, joined := 0, 0
	// One batch: every new entry and every added list is spliced into
	// the text as read, and the result is parsed and checked once.
	_, err = e.editFile(path, func(f *members.File, src []byte) ([]byte, *members.File, error) {
		batch := members.NewBatch(f, src)
		var err error
		if added, joined, err = batch.Import(listID, people, record); err != nil {
			return nil, nil, err
		}
		return batch.Apply()
	})
	if err != nil {
		return err
	}
	if added+joined == 0 {
		fmt.Fprintf(e.stderr, "roster: nothing to import: every member of %s is in %s\n", l.Address, path)
		return nil
	}
	fmt.Fprintf(e.stderr, "roster: imported %s into %s and added list %s to %s already in the file\n", words.Plural(added, "member"), path, listID, words.Plural(joined, "member"))
	if p := f.PolicyOf(l); p != nil && added > 0 && !p.AllowsMethod(vetting.Grandfathered) {
		fmt.Fprintf(e.stderr, "roster: policy %s does not accept grandfathered records; add \"grandfathered\" to its vetting_methods until they are re-vetted, or vet them now with roster vet\n", p.ID)
	}
	return nil
}

func fmtCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "fmt",
		Usage:     "sort and normalise members.toml",
		UsageText: "roster fmt [--check] [--file PATH]",
		Description: `Sorts lists and policies by id and members by email, writes keys in the
reference order and values quoted and spaced one way, and keeps every
comment with the table or key it describes.

  roster fmt
  roster fmt --check      # in CI: exit 1 and show what would change`,
		Flags: []cli.Flag{
			fileFlag(),
			&cli.BoolFlag{Name: "check", Usage: "change nothing; exit 1 and show the difference if the file is not formatted"},
		},
		Action: func(c *cli.Context) error {
			path := e.membersFile(c)
			if c.Bool("check") {
				f, src, err := e.parsedMembers(path, "fix them before formatting")
				if err != nil {
					return err
				}
				out, _, err := members.Reformat(f, src)
				if err != nil {
					return err
				}
				if bytes.Equal(out, src) {
					return nil
				}
				fmt.Fprint(e.stdout, lineDiff(path, src, out))
				fmt.Fprintf(e.stderr, "roster: %s is not formatted; run roster fmt\n", path)
				return exitError{code: exitFailed}
			}
			changed, err := e.editFile(path, func(f *members.File, src []byte) ([]byte, *members.File, error) {
				return members.Reformat(f, src)
			})
			if err == nil && changed {
				fmt.Fprintf(e.stderr, "roster: formatted %s\n", path)
			}
			return err
		},
	}
}

// lineDiff shows the lines that differ between a and b as one hunk: the
// common head and tail are left out.
func lineDiff(name string, a, b []byte) string {
	al, bl := strings.SplitAfter(string(a), "\n"), strings.SplitAfter(string(b), "\n")
	head := 0
	for head < len(al) && head < len(bl) && al[head] == bl[head] {
		head++
	}
	tail := 0
	for tail < len(al)-head && tail < len(bl)-head && al[len(al)-1-tail] == bl[len(bl)-1-tail] {
		tail++
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s (formatted)\n@@ -%d,%d +%d,%d @@\n", name, name, head+1, len(al)-head-tail, head+1, len(bl)-head-tail)
	for _, l := range al[head : len(al)-tail] {
		sb.WriteString("-" + strings.TrimSuffix(l, "\n") + "\n")
	}
	for _, l := range bl[head : len(bl)-tail] {
		sb.WriteString("+" + strings.TrimSuffix(l, "\n") + "\n")
	}
	return sb.String()
}
