package main

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	nearestpkg "github.com/roster-dev/roster/internal/nearest"
)

// commandLine is a command line as roster reads it before urfave/cli
// does: which command it runs, its global flags and its command's flags
// (each joined with its value, "--at=VALUE", and written by its first
// name), and the first flag written before the command that roster
// cannot place.
type commandLine struct {
	// args is the command line reordered for urfave/cli (see reorder).
	args []string
	// cmd is the command run, nil when there is none or the word names
	// no command; word is that word as typed ("" when there is none).
	cmd  *cli.Command
	word string
	// global and flags are the global flags (before and after the
	// command) and the command's own flags, joined.
	global, flags []string
	// stray is the first flag before the command that is neither a
	// global flag nor one of the command's, as typed ("--fil").
	stray string
	// bare is a global flag that takes a value written last, with none
	// ("roster validate --log-format"): moved before the command, it
	// would take the command's name as its value.
	bare string
}

// parseLine reads args (args[0] is the program name): it lets flags come
// before or after positional arguments, as people type them and as
// roster's own hints print them ("roster vet EMAIL --by X"), though
// urfave/cli stops reading flags at the first argument. A command's flag
// written before the command (roster --file x.toml validate) moves after
// it, and a global flag written after the command (roster plan
// --verbose) before it; "--" ends the flags so that an argument that
// starts with "-" is never read as a flag. "--" on the command line
// still ends the flags there.
func parseLine(app *cli.App, args []string) commandLine {
	l := commandLine{args: args}
	if len(args) < 2 {
		return l
	}
	for _, a := range args {
		if a == completionFlag {
			return l // completion requests pass through as typed
		}
	}
	globals := globalTable(app)
	// Before the command, a flag that is not global is one of the
	// command's, if some command has it: the table of every command's
	// flags says how many words it spans, before the command is known.
	var early []string
	rest := args[1:]
	for len(rest) > 0 && isFlag(rest[0]) && rest[0] != "--" {
		if _, ok := lookup(globals, rest[0]); ok {
			n := flagWidth(globals, rest)
			l.global = append(l.global, joined(globals, rest[:n])...)
			rest = rest[n:]
			continue
		}
		every := commandFlagTable(app)
		if _, ok := lookup(every, rest[0]); !ok && l.stray == "" {
			l.stray = rest[0]
		}
		n := flagWidth(every, rest)
		early = append(early, rest[:n]...)
		rest = rest[n:]
	}
	if len(rest) > 0 && rest[0] != "--" {
		l.word = rest[0]
		l.cmd = findCommand(app, rest[0])
	}
	if l.cmd == nil || len(l.cmd.Subcommands) > 0 {
		l.args = append(append(append([]string{args[0]}, l.global...), early...), rest...)
		// The global flags after an unknown command still hold for
		// how its refusal is printed (--log-format json).
		if len(rest) > 0 {
			for i := 1; i < len(rest); i++ {
				if rest[i] == "--" {
					break // the rest are arguments
				}
				if _, ok := lookup(globals, rest[i]); ok && isFlag(rest[i]) {
					n := flagWidth(globals, rest[i:])
					l.global = append(l.global, joined(globals, rest[i:i+n])...)
					i += n - 1
				}
			}
		}
		return l
	}
	local := flagTable(l.cmd.Flags)
	for _, a := range early {
		if _, ok := lookup(local, a); !ok && isFlag(a) && l.stray == "" {
			l.stray = a
		}
	}
	var positional []string
	rest = append(early, rest[1:]...)
	for len(rest) > 0 {
		a := rest[0]
		switch {
		case a == "--":
			positional = append(positional, rest[1:]...)
			rest = nil
		case isFlag(a):
			table := local
			if _, ok := lookup(local, a); !ok {
				if takes, ok := lookup(globals, a); ok {
					n := flagWidth(globals, rest)
					if takes && n == 1 && !strings.Contains(a, "=") && l.bare == "" {
						l.bare = a
					}
					l.global = append(l.global, joined(globals, rest[:n])...)
					rest = rest[n:]
					continue
				}
			}
			n := flagWidth(table, rest)
			l.flags = append(l.flags, joined(table, rest[:n])...)
			rest = rest[n:]
		default:
			positional = append(positional, a)
			rest = rest[1:]
		}
	}
	l.args = append(append([]string{args[0]}, l.global...), l.word)
	l.args = append(l.args, l.flags...)
	// --help anywhere asks for the command's help: the library would
	// read an argument after it as a help topic ("No help topic for
	// 'x@example.org'").
	if len(positional) > 0 && !slices.ContainsFunc(l.flags, isHelpFlag) {
		l.args = append(append(l.args, "--"), positional...)
	}
	return l
}

// repeated finds, among flags (joined, as parseLine writes them), one
// of defs that takes one value given twice with two values ("vet --on
// D1 --on D2"); a list flag (--list) takes many.
func repeated(flags []string, defs []cli.Flag) (name, first, second string, ok bool) {
	single := map[string]string{} // every name -> canonical, of the flags that take one value
	for _, f := range defs {
		if d, isDoc := f.(cli.DocGenerationFlag); !isDoc || !d.TakesValue() {
			continue
		}
		if _, many := f.(*cli.StringSliceFlag); many {
			continue
		}
		for _, n := range f.Names() {
			single[n] = f.Names()[0]
		}
	}
	seen := map[string]string{}
	for _, a := range flags {
		canonical, one := single[bareName(a)]
		if !one {
			continue
		}
		_, v, _ := strings.Cut(a, "=")
		if was, twice := seen[canonical]; twice && was != v {
			return canonical, was, v, true
		}
		seen[canonical] = v
	}
	return "", "", "", false
}

func isHelpFlag(a string) bool { return a == "--help" || a == "-h" || a == "-help" }

// reorder is the command line parseLine hands to urfave/cli.
func reorder(app *cli.App, args []string) []string { return parseLine(app, args).args }

// value returns the value of the last of flags (joined, as parseLine
// writes them) named name, and whether one is.
func value(flags []string, name string) (string, bool) {
	v, found := "", false
	for _, f := range flags {
		n, val, hasValue := strings.Cut(f, "=")
		if n != "--"+name {
			continue
		}
		v, found = val, true
		if !hasValue {
			v = "true"
		}
	}
	return v, found
}

// boolValue reports whether the boolean flag name is on among flags.
func boolValue(flags []string, name string) bool {
	v, ok := value(flags, name)
	if !ok {
		return false
	}
	b, err := strconv.ParseBool(v)
	return err == nil && b
}

// globalTable is flagTable of the global flags, --version included.
func globalTable(app *cli.App) map[string]flagName {
	flags := app.Flags
	if app.Version != "" && !app.HideVersion {
		flags = append(append([]cli.Flag(nil), flags...), cli.VersionFlag)
	}
	return flagTable(flags)
}

// commandFlagTable is flagTable of every command's flags at once: a
// flag's name means the same kind of flag in every command that has it
// (TestFlagNamesAgree), so it says how many words a command's flag
// spans before the command is known.
func commandFlagTable(app *cli.App) map[string]flagName {
	var all []cli.Flag
	for _, c := range app.Commands {
		all = append(all, c.Flags...)
	}
	return flagTable(all)
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
// nearest flag, instead of the whole help page. A command's flags are
// compared with its own and the global ones (roster plan --verbos means
// --verbose); the app's with the global ones.
func usageError(c *cli.Context, err error, _ bool) error {
	where := "roster"
	flags := c.App.Flags
	// urfave/cli runs the app as a command named after it: that is no
	// command of roster's ("roster roster --help" does not run).
	if c.Command != nil && findCommand(c.App, c.Command.Name) != nil {
		where += " " + c.Command.Name
		flags = append([]cli.Flag(nil), c.Command.Flags...)
		for _, f := range c.App.Flags {
			// --version beside a command is refused: never the
			// nearest flag to suggest there.
			if !slices.Contains(f.Names(), "version") {
				flags = append(flags, f)
			}
		}
	}
	if m := undefinedFlag.FindStringSubmatch(err.Error()); m != nil {
		// The flag package names every flag with one dash, whatever was
		// typed: a one-letter flag is written -x, any other --name.
		dash := "--"
		if len([]rune(m[1])) == 1 {
			dash = "-"
		}
		return unknownFlag(dash+m[1], flagNamesOf(flags), where)
	}
	if m := missingValue.FindStringSubmatch(err.Error()); m != nil {
		// The flag package writes -file; the flag is --file.
		return fmt.Errorf("--%s needs a value (see %s --help)", m[1], where)
	}
	if m := invalidValue.FindStringSubmatch(err.Error()); m != nil {
		// The flag package writes -rate and "parse error"; say --rate,
		// and what form the value takes.
		return fmt.Errorf("--%s %q: %s (see %s --help)", m[2], m[1], valueForm(flags, m[2]), where)
	}
	return fmt.Errorf("%w (see %s --help)", err, where)
}

var (
	missingValue = regexp.MustCompile(`^flag needs an argument: -+([^\s]+)$`)
	invalidValue = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^\s:]+): `)
)

// valueForm says what a flag of flags named name takes, for a value it
// could not read.
func valueForm(flags []cli.Flag, name string) string {
	for _, f := range flags {
		if !slices.Contains(f.Names(), name) {
			continue
		}
		switch f.(type) {
		case *cli.DurationFlag:
			return "not a duration; give a number with its unit, like 30s, 5m or 1h"
		case *cli.GenericFlag:
			if _, ok := f.(*cli.GenericFlag).Value.(*durationValue); ok {
				return "not a duration; give a number with its unit, like 30s, 5m or 1h"
			}
		case *cli.IntFlag, *cli.Int64Flag, *cli.UintFlag, *cli.Uint64Flag:
			return "not a whole number"
		case *cli.Float64Flag:
			return "not a number"
		case *cli.BoolFlag:
			return "not true or false"
		}
	}
	return "not a value this flag takes"
}

// unknownFlag is the usage error of a flag that is not one of names, in
// the command line where ("roster plan"), naming the nearest.
func unknownFlag(flag string, names []string, where string) error {
	// Flags other tools have for what roster calls otherwise (kubectl's
	// -o, gh's --json, terraform's -out): named, though no letter of
	// them is close.
	var meant []string
	for _, s := range otherToolsFlags(bareName(flag)) {
		if slices.Contains(names, s) {
			meant = append(meant, "--"+s)
		}
	}
	if len(meant) > 0 {
		return fmt.Errorf("unknown flag %s; did you mean %s? (see %s --help)", flag, strings.Join(meant, " or "), where)
	}
	if s := nearest(bareName(flag), names); s != "" {
		return fmt.Errorf("unknown flag %s; did you mean --%s? (see %s --help)", flag, s, where)
	}
	return fmt.Errorf("unknown flag %s (see %s --help)", flag, where)
}

// otherToolsFlags are roster's flags for a flag of other tools people
// type: the format of the output first, then a file to write.
func otherToolsFlags(name string) []string {
	switch name {
	case "output", "o":
		return []string{"format", "out"}
	case "json", "output-format":
		return []string{"format"}
	case "config", "c":
		return []string{"file"}
	case "dryrun", "dry":
		return []string{"dry-run"}
	case "v":
		return []string{"verbose", "version"}
	}
	return nil
}

func flagNamesOf(flags []cli.Flag) []string {
	var names []string
	for _, f := range flags {
		names = append(names, f.Names()...)
	}
	return names
}

// check refuses, before urfave/cli reads anything, what it would
// misread: a flag before the command that no command has (it would be
// taken for a command word, or swallow the word after it), a command's
// flag before another command, and a word that names no command.
func (l commandLine) check(app *cli.App) error {
	if l.word != "" && boolValue(l.global, "version") {
		// Printing the version and exiting 0 would turn a CI step that
		// meant to validate or sync green without doing either.
		return fmt.Errorf("--version runs no command: run roster --version alone, or drop --version to run %s", l.word)
	}
	if l.bare != "" {
		where := "roster"
		if l.cmd != nil {
			where += " " + l.cmd.Name
		}
		return fmt.Errorf("--%s needs a value (see %s --help)", bareName(l.bare), where)
	}
	if l.cmd != nil {
		if name, a, b, ok := repeated(l.flags, l.cmd.Flags); ok {
			// The library would take the last, silently: which one was
			// meant is the user's to say.
			return fmt.Errorf("--%s is given twice (%s and %s) and takes one value: give it once (see roster %s --help)", name, a, b, l.cmd.Name)
		}
	}
	if name, a, b, ok := repeated(l.global, app.Flags); ok {
		return fmt.Errorf("--%s is given twice (%s and %s) and takes one value: give it once (see roster --help)", name, a, b)
	}
	if l.stray != "" {
		flag, _, _ := strings.Cut(l.stray, "=")
		cmd := l.cmd
		if cmd == nil {
			// The value the stray flag may have taken is no command:
			// the first word that names one is what was meant.
			for _, a := range l.args[1:] {
				if c := findCommand(app, a); c != nil && !isFlag(a) {
					cmd = c
					break
				}
			}
		}
		if cmd == nil {
			var every []cli.Flag
			for _, c := range app.Commands {
				every = append(every, c.Flags...)
			}
			return unknownFlag(flag, flagNamesOf(append(every, app.Flags...)), "roster")
		}
		where := "roster " + cmd.Name
		names := flagNamesOf(append(append([]cli.Flag(nil), cmd.Flags...), app.Flags...))
		if _, ok := lookup(commandFlagTable(app), flag); ok {
			if s := nearest(bareName(flag), names); s != "" && s != bareName(flag) {
				return fmt.Errorf("%s is not a flag of %s; did you mean --%s? (see %s --help)", flag, where, s, where)
			}
			return fmt.Errorf("%s is not a flag of %s (see %s --help)", flag, where, where)
		}
		return unknownFlag(flag, names, where)
	}
	if l.word != "" && l.cmd == nil && l.word != "help" {
		var names []string
		for _, c := range app.Commands {
			if !c.Hidden {
				names = append(names, c.Name)
			}
		}
		if s := nearest(l.word, names); s != "" {
			return fmt.Errorf("unknown command %q; did you mean %q? (see roster --help)", l.word, s)
		}
		if l.word == "version" {
			// gh and kubectl have a version command; roster a flag.
			return fmt.Errorf("unknown command %q; roster --version says which release and commit this is", l.word)
		}
		return fmt.Errorf("unknown command %q (see roster --help)", l.word)
	}
	return nil
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
	// A suggestion keeps at least one letter of what was typed: -x is
	// not a misspelt --at. Case is no edit: SYNC is sync with Caps Lock on.
	lower := strings.ToLower(got)
	if lower != got && slices.Contains(known, lower) {
		return lower
	}
	return nearestpkg.Word(lower, known, min(max(2, len(got)/3), len(got)-1))
}
