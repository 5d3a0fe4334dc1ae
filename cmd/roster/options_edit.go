package main

// The options of the commands that edit members.toml: add, vet, role
// and remove, with their vetting flags and cross-flag rules.

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/workspace"
)

func vettingFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "by", Usage: "who vetted: their GitHub `HANDLE` or email"},
		&cli.StringFlag{Name: "method", Usage: "how, one of the list policy's vetting_methods (`METHOD`)"},
		&cli.StringFlag{Name: "note", Usage: "what was checked (`TEXT`)"},
		&cli.StringFlag{Name: "evidence", Usage: "`TEXT` backing the note: usually a link, but any text, as the file takes it"},
		&cli.StringFlag{Name: "on", Usage: "the `DATE` it happened (YYYY-MM-DD; default today, as UTC counts days)"},
	}
}

// parseVetting reads the vetting flags; nil when none were given.
func (e *env) parseVetting(c *cli.Context) (*workspace.Vetting, error) {
	v := workspace.Vetting{By: strings.TrimSpace(c.String("by")), Method: strings.TrimSpace(c.String("method")), Note: c.String("note"), Evidence: c.String("evidence"), On: e.today()}
	if v.By == "" && v.Method == "" && v.Note == "" && v.Evidence == "" && !c.IsSet("on") {
		return nil, nil
	}
	if v.By == "" || v.Method == "" || strings.TrimSpace(v.Note) == "" {
		// As vet asks: a record without what was checked tells an
		// auditor only that someone said yes.
		return nil, fmt.Errorf("a vetting record needs --by, --method and --note (what was checked)")
	}
	if c.IsSet("on") {
		// A date in the future is the edit's to refuse (workspace), with
		// the other checks of a record.
		on, err := workspace.ParseVettingDay(c.String("on"), e.today())
		if err != nil {
			return nil, err
		}
		v.On = on
	}
	return &v, nil
}

// oneEmail reads the single EMAIL argument and checks it is an address.
func oneEmail(c *cli.Context) (string, error) {
	email := c.Args().First()
	if err := workspace.CheckAddress(email); err != nil {
		return "", err
	}
	return email, nil
}

func parseAdd(e *env, c *cli.Context) (workspace.AddOptions, error) {
	o := workspace.AddOptions{File: e.membersFile(c), Name: c.String("name"), GitHub: c.String("github"), Affiliation: c.String("affiliation")}
	var err error
	if o.Email, err = oneEmail(c); err != nil {
		return o, err
	}
	for _, s := range c.StringSlice("list") {
		lr, err := workspace.ParseListRole(s)
		if err != nil {
			return o, err
		}
		o.Lists = append(o.Lists, lr)
	}
	if len(o.Lists) == 0 {
		return o, fmt.Errorf("add needs at least one --list ID[:role]")
	}
	o.Vetting, err = e.parseVetting(c)
	return o, err
}

func parseVet(e *env, c *cli.Context) (workspace.VetOptions, error) {
	o := workspace.VetOptions{File: e.membersFile(c)}
	var err error
	if o.Email, err = oneEmail(c); err != nil {
		return o, err
	}
	for _, name := range []string{"by", "method", "note"} {
		if strings.TrimSpace(c.String(name)) == "" {
			return o, fmt.Errorf("vet needs --%s (a record says who vetted, how, and what was checked)", name)
		}
	}
	if err := e.placeholders(c, o.File, o.Email); err != nil {
		return o, err
	}
	v, err := e.parseVetting(c)
	if err != nil {
		return o, err
	}
	o.Vetting = *v
	return o, nil
}

// placeholders refuses the words that the printed command for a missing
// record holds where only a person can answer ('roster vet EMAIL --by WHO
// --method METHOD --note TEXT'): run as printed, it says what to write
// in each, with the methods the member's lists accept, instead of
// refusing METHOD as an unknown method. roster never fills in who
// vouched.
func (e *env) placeholders(c *cli.Context, file, email string) error {
	var need []string
	if c.String("by") == "WHO" {
		need = append(need, "WHO with who vetted "+email+" (their GitHub handle, as the file writes it)")
	}
	if c.String("method") == "METHOD" {
		what := "METHOD with how they did"
		if ms := e.suggestions(file).Methods(nil, email); len(ms) > 0 {
			what += " (" + strings.Join(ms, ", ") + ")"
		}
		need = append(need, what)
	}
	if c.String("note") == "TEXT" {
		need = append(need, "TEXT with what was checked")
	}
	if len(need) == 0 {
		return nil
	}
	return fmt.Errorf("replace %s; nothing was written", strings.Join(need, ", "))
}

func parseRole(e *env, c *cli.Context) (workspace.RoleOptions, error) {
	o := workspace.RoleOptions{File: e.membersFile(c)}
	if err := roleInList(c, e.hintContext(c)); err != nil {
		return o, err
	}
	var err error
	if o.Email, err = oneEmail(c); err != nil {
		return o, err
	}
	lists := c.StringSlice("list")
	if len(lists) != 1 {
		return o, fmt.Errorf("role needs exactly one --list ID: roster role EMAIL --list ID ROLE")
	}
	o.List = lists[0]
	o.Role, err = workspace.ParseRole(c.Args().Get(1))
	return o, err
}

func parseRemove(e *env, c *cli.Context) (workspace.RemoveOptions, error) {
	o := workspace.RemoveOptions{File: e.membersFile(c), Lists: c.StringSlice("list")}
	var err error
	o.Email, err = oneEmail(c)
	return o, err
}

func parseFmt(e *env, c *cli.Context) (workspace.FmtOptions, error) {
	return workspace.FmtOptions{File: e.membersFile(c), Check: c.Bool("check")}, nil
}

// roleInList refuses --list ID:ROLE, as add takes it, for role, naming
// the command that was meant: with role's one argument, and with the role
// given as its last argument too, where "no such list" about ID:ROLE
// would send the reader looking for a list.
func roleInList(c *cli.Context, hint workspace.Context) error {
	if c.NArg() != 1 && c.NArg() != 2 {
		return nil
	}
	for _, l := range c.StringSlice("list") {
		id, role, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		if c.NArg() == 1 {
			// The command meant, runnable: a role mistyped in --list is
			// given as the nearest role, with its own correction said.
			fixed, said := role, ""
			if near := workspace.NearestRole(role); near != "" {
				_, err := workspace.ParseRole(role)
				fixed, said = near, fmt.Sprintf(" (%v)", err)
			}
			return fmt.Errorf("roster role takes the role as its last argument, not in --list: %s%s (see roster role --help)", hint.Command("role", c.Args().First(), "--list", id, fixed), said)
		}
		last := c.Args().Get(1)
		if last == role {
			return fmt.Errorf("roster role takes the role as its last argument only, not in --list too: %s (see roster role --help)", hint.Command("role", c.Args().First(), "--list", id, last))
		}
		return fmt.Errorf("roster role takes the role as its last argument only, and --list %s names a second one (%s): %s, or %s (see roster role --help)", l, role,
			hint.Command("role", c.Args().First(), "--list", id, last), hint.Command("role", c.Args().First(), "--list", id, role))
	}
	return nil
}
