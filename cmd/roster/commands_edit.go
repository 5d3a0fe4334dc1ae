package main

import (
	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/workspace"
)

// editCommands are the commands that edit members.toml (add, vet,
// role, remove, import, fmt), in the order --help lists them.
func editCommands(e *env) []spec {
	return []spec{
		{
			name:      "add",
			usage:     "add a person to members.toml, or put someone already in it on more lists",
			usageText: "roster add [--file PATH] --list ID[:role]... [--name NAME] [--github HANDLE] [--affiliation ORG] [--by WHO --method M --note TEXT] EMAIL",
			description: `A new person gets a [[member]] entry at their place in email order, with
every other line of the file kept as it is. Someone already in the file is
put on the lists they are not on yet. With --by and --method a vetting
record is written too, once it is checked against the policies of those
lists: an unknown method or a vetter who may not vet for them is refused,
with the nearest valid value. Afterwards roster says what sync will do;
an edit that leaves validate failing (an entry without the record its
list asks for) is written and exits 1, saying what to fix.

  roster add --name "Ada Example" --github ada-example --affiliation "Example Project" \
    --list security-reports:owner --by amara-okafor --method video-call --note "Call" ada@example.org
  roster add --list advance-warning ada@example.org      # then: ada, in the file now, on one more list

Exit status 0 when written and validate passes, 1 when refused (nothing written) or
when what was written leaves an error validate names.`,
			minArgs: 1, maxArgs: 1, argsHint: "EMAIL",
			flags: append([]cli.Flag{
				fileFlag(),
				&cli.StringFlag{Name: "name", Usage: "the person's `NAME`"},
				&cli.StringFlag{Name: "github", Usage: "GitHub `HANDLE`"},
				&cli.StringFlag{Name: "affiliation", Usage: "employer or project (`ORG`)"},
				listFlag("a list `ID`, optionally with a role (ID:owner); repeatable, role member by default; at least one"),
			}, vettingFlags()...),
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseAdd(e, c)
				if err != nil {
					return err
				}
				return ws.Add(c.Context, o)
			},
		},
		{
			name:      "vet",
			usage:     "record that someone vetted a member",
			usageText: "roster vet [--file PATH] --by WHO --method METHOD --note TEXT [--evidence TEXT] [--on DATE] EMAIL",
			description: `Appends a vetting record under the member, once it is checked against the
policies of the lists the member is on: a method none of them accepts, a
vetter who may vet for none of them, the member themself, or a date in the
future is refused before anything is written, with the nearest valid value.

  roster vet --by amara-okafor --method video-call --note "Checked ID on a call" dana.whitfield@example.org

Exit status 0 when written and validate passes, 1 when refused (nothing written) or
when what was written leaves an error validate names.`,
			minArgs: 1, maxArgs: 1, argsHint: "EMAIL",
			flags: append([]cli.Flag{fileFlag()}, vettingFlags()...),
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseVet(e, c)
				if err != nil {
					return err
				}
				return ws.Vet(c.Context, o)
			},
		},
		{
			name:      "role",
			usage:     "change a member's role on one list",
			usageText: "roster role [--file PATH] --list ID EMAIL owner|manager|member",
			description: `Changes the role of someone already on a list, keeping every other line of
the file. Afterwards roster says what sync will do (a promotion waits for a
qualifying vetting record).

  roster role --list advance-warning dana.whitfield@example.org manager

Exit status 0 when written and validate passes, 1 when refused (nothing written) or
when what was written leaves an error validate names.`,
			minArgs: 2, maxArgs: 2, argsHint: "EMAIL ROLE",
			flags: []cli.Flag{fileFlag(), oneListFlag("the list `ID` (exactly one)")},
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseRole(e, c)
				if err != nil {
					return err
				}
				return ws.Role(c.Context, o)
			},
		},
		{
			name:      "remove",
			usage:     "take a person off lists, or out of members.toml",
			usageText: "roster remove [--file PATH] [--list ID]... EMAIL",
			description: `With --list, takes the member off those lists and keeps the entry (and its
vetting history); a list they are not on is left as it is, with a note,
and exits 0 as add and role do when there is nothing to change. Without,
deletes the whole entry with its vetting records, the comment lines
inside it and those directly above it. An address the file does not
have exits 1. The next sync removes them from the live groups, within
its guards.

  roster remove --list advance-warning dana.whitfield@example.org
  roster remove dana.whitfield@example.org

Exit status 0 when written and validate passes, 1 when refused (nothing written) or
when what was written leaves an error validate names.`,
			minArgs: 1, maxArgs: 1, argsHint: "EMAIL",
			flags: []cli.Flag{fileFlag(), listFlag("only off the list `ID` (repeatable)")},
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseRemove(e, c)
				if err != nil {
					return err
				}
				return ws.Remove(c.Context, o)
			},
		},
		{
			name:      "import",
			usage:     "bring a list's live members into members.toml as grandfathered entries",
			usageText: "roster import --list ID [--from-csv FILE] [--file PATH] [--emulator | --endpoint URL]",
			description: `Reads the list's live members (through its provider, or from a Google
Groups member export with --from-csv) and adds each one missing from the
file, with their live role and a vetting record method = "grandfathered",
by = "import", dated today. Members already in the file get the list
added. Running it again changes nothing.

  roster import --list advance-warning --emulator

Exit status 0 when written (or nothing to import) and validate passes, 1 when the
group cannot be read or the export not parsed (nothing written), or when what
was written leaves an error validate names.`,
			flags: append([]cli.Flag{
				fileFlag(),
				&cli.StringFlag{Name: "from-csv", Usage: "read the members from a Google Groups export `FILE` instead of the live group"},
			}, importLiveFlags()...),
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseImport(e, c)
				if err != nil {
					return err
				}
				return ws.Import(c.Context, o)
			},
		},
		{
			name:      "fmt",
			usage:     "sort and normalise members.toml",
			usageText: "roster fmt [--check] [--file PATH]",
			description: `Sorts lists and policies by id and members by email, writes keys in the
reference order and values quoted one way, and keeps every comment.

  roster fmt
  roster fmt --check      # in CI: exit 1 and show what would change`,
			flags: []cli.Flag{
				fileFlag(),
				&cli.BoolFlag{Name: "check", Usage: "change nothing; exit 1 and show the difference if the file is not formatted"},
			},
			run: func(c *cli.Context, ws *workspace.Workspace) error {
				o, err := parseFmt(e, c)
				if err != nil {
					return err
				}
				return ws.Fmt(c.Context, o)
			},
		},
	}
}
