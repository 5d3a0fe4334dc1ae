package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/urfave/cli/v2"

	nearestpkg "github.com/roster-dev/roster/internal/nearest"
)

// reorder lets flags come before or after positional arguments, as people
// type them and as roster's own hints print them ("roster vet EMAIL --by
// X"): urfave/cli stops reading flags at the first argument. It moves
// every flag of the command (with its value, when it takes one) before
// the arguments, and a global flag written after the command (roster plan
// --verbose) before the command, and ends the flags with "--" so that an
// argument that starts with "-" is never read as a flag. "--" on the
// command line still ends the flags there.
func reorder(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	for _, a := range args {
		if a == "--generate-bash-completion" {
			return args // completion requests pass through as typed
		}
	}
	globals := flagTable(app.Flags)
	out := []string{args[0]}
	var global []string
	rest := args[1:]
	// Global flags before the command.
	for len(rest) > 0 && isFlag(rest[0]) {
		n := flagWidth(globals, rest)
		global = append(global, joined(globals, rest[:n])...)
		rest = rest[n:]
	}
	if len(rest) == 0 {
		return append(out, global...)
	}
	cmd := findCommand(app, rest[0])
	if cmd == nil || len(cmd.Subcommands) > 0 {
		return append(append(out, global...), rest...)
	}
	name, rest := rest[0], rest[1:]
	local := flagTable(cmd.Flags)
	var flags, positional []string
	for len(rest) > 0 {
		a := rest[0]
		switch {
		case a == "--":
			positional = append(positional, rest[1:]...)
			rest = nil
		case isFlag(a):
			table := local
			if _, ok := lookup(local, a); !ok {
				if _, ok := lookup(globals, a); ok {
					n := flagWidth(globals, rest)
					global = append(global, joined(globals, rest[:n])...)
					rest = rest[n:]
					continue
				}
			}
			n := flagWidth(table, rest)
			flags = append(flags, joined(table, rest[:n])...)
			rest = rest[n:]
		default:
			positional = append(positional, a)
			rest = rest[1:]
		}
	}
	out = append(append(out, global...), name)
	out = append(out, flags...)
	if len(positional) > 0 {
		out = append(append(out, "--"), positional...)
	}
	return out
}

// isFlag reports whether an argument is a flag: "-x", "--xy", "--xy=1";
// a lone "-" is an argument (standard input).
func isFlag(a string) bool { return len(a) > 1 && a[0] == '-' }

// flagName is what reorder knows of one name of a flag: whether the flag
// takes a value, and its first name, which every alias is written as.
type flagName struct {
	takes     bool
	canonical string
}

// flagTable maps every name and alias of flags to its flagName.
func flagTable(flags []cli.Flag) map[string]flagName {
	t := map[string]flagName{"help": {canonical: "help"}, "h": {canonical: "help"}}
	for _, f := range flags {
		takes := true
		if d, ok := f.(cli.DocGenerationFlag); ok {
			takes = d.TakesValue()
		}
		names := f.Names()
		for _, n := range names {
			t[n] = flagName{takes: takes, canonical: names[0]}
		}
	}
	return t
}

func lookup(t map[string]flagName, a string) (takes, ok bool) {
	f, ok := t[bareName(a)]
	return f.takes, ok
}

// bareName is a flag argument's name: "list" for "-l", "--list" or
// "--list=x" alike.
func bareName(a string) string {
	name := strings.TrimLeft(a, "-")
	name, _, _ = strings.Cut(name, "=")
	return name
}

// flagWidth is how many arguments the flag at rest[0] spans: two for
// "--at REV", one for "--at=REV", "--dry-run" or an unknown flag (which
// urfave/cli then reports).
func flagWidth(t map[string]flagName, rest []string) int {
	takes, ok := lookup(t, rest[0])
	if ok && takes && !strings.Contains(rest[0], "=") && len(rest) > 1 {
		return 2
	}
	return 1
}

// joined writes a flag and its value as one argument, "--at=VALUE", so
// that a value that starts with "-" stays the value, and writes an alias
// as the flag's first name: urfave/cli refuses "-l a --list b" as two
// forms of one flag, though people mix them ("add --list x -l y").
func joined(t map[string]flagName, fl []string) []string {
	arg := fl[0]
	if f, ok := t[bareName(arg)]; ok && f.canonical != "help" {
		_, value, hasValue := strings.Cut(arg, "=")
		arg = "--" + f.canonical
		if hasValue {
			arg += "=" + value
		}
	}
	if len(fl) == 2 {
		return []string{arg + "=" + fl[1]}
	}
	return []string{arg}
}

func findCommand(app *cli.App, name string) *cli.Command {
	for _, c := range app.Commands {
		if c.Name == name {
			return c
		}
		for _, a := range c.Aliases {
			if a == name {
				return c
			}
		}
	}
	return nil
}

var undefinedFlag = regexp.MustCompile(`flag provided but not defined: -+([^\s]+)`)

// usageError turns urfave/cli's usage error into one line that names the
// nearest flag, instead of the whole help page.
func usageError(c *cli.Context, err error, _ bool) error {
	where := "roster"
	var flags []cli.Flag
	if c.Command != nil && c.Command.Name != "" {
		where += " " + c.Command.Name
		flags = c.Command.Flags
	} else {
		flags = c.App.Flags
	}
	if m := undefinedFlag.FindStringSubmatch(err.Error()); m != nil {
		var names []string
		for _, f := range flags {
			names = append(names, f.Names()...)
		}
		if s := nearest(m[1], names); s != "" {
			return fmt.Errorf("unknown flag --%s; did you mean --%s? (see %s --help)", m[1], s, where)
		}
		return fmt.Errorf("unknown flag --%s (see %s --help)", m[1], where)
	}
	return fmt.Errorf("%w (see %s --help)", err, where)
}

// nearest returns the name within a third of its length in edits (and
// at least two), or "".
func nearest(got string, names []string) string {
	var known []string
	for _, n := range names {
		if len(n) > 1 {
			known = append(known, n)
		}
	}
	return nearestpkg.Word(got, known, max(2, len(got)/3))
}
