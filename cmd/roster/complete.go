package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/workspace"
)

// completionFlag is what the shell scripts append to ask roster what may
// come next.
const completionFlag = "--generate-bash-completion"

// completionShellVar names, in the environment of the scripts' call, the
// shell that asks: bash inserts a candidate as printed, so roster quotes
// it for bash; zsh's compadd and fish quote what they insert themselves,
// and fish hands over the words before the one completed unquoted.
const completionShellVar = "ROSTER_COMPLETION_SHELL"

func isCompletion(args []string) bool {
	return len(args) > 1 && args[len(args)-1] == completionFlag
}

// complete prints what may come next after the words typed so far: the
// commands, a command's flags, a flag's values (list ids, the formats
// the command offers, vetting methods), or member addresses, from the
// members file. It never runs a command, whatever the words are
// ("roster sync --emulator --" included). The last word is the one being
// completed (the scripts pass it, empty when nothing is typed yet); in
// the form --flag=VALUE, its value is completed, each candidate printed
// whole ("--list=advance-warning"). After a flag whose values roster
// does not know (--file, --out), it prints nothing: the shell completes
// file names. Words are read as the shell will pass them (o\'brien@… is
// o'brien@…), and for bash each candidate is printed quoted as a word of
// its command line, as the commands in roster's hints are.
func complete(e *env, app *cli.App, args []string) {
	words := args[1 : len(args)-1]
	cur := ""
	if n := len(words); n > 0 {
		cur, words = words[n-1], words[:n-1]
	}
	forShell := e.getenv(completionShellVar)
	// word is a word before the one completed, as the command gets it.
	word := func(w string) string {
		if forShell == "fish" {
			return w // commandline -opc has removed its quotes
		}
		return shell.Unquote(w, "")
	}
	var cmd *cli.Command
	var positional, lists []string
	file := ""
	pending := "" // the flag the word being completed is the value of
	help := false // "roster help": a command's name comes next
	dashes := false
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "--" && !dashes {
			dashes = true // what follows are arguments, "-x" too
			continue
		}
		if isFlag(w) && !dashes {
			name, value, hasValue := strings.Cut(strings.TrimLeft(w, "-"), "=")
			name, takes := valueFlag(app, cmd, name)
			if takes && !hasValue {
				if i+1 == len(words) {
					pending = name
					break
				}
				i++
				value = words[i]
			}
			switch name {
			case "file":
				file = fileWord(value, hasValue, forShell == "fish", e.getenv)
			case "list":
				id, _, _ := strings.Cut(word(value), ":")
				lists = append(lists, id)
			}
			continue
		}
		if cmd == nil {
			cmd = findCommand(app, w)
			help = help || cmd == nil && w == "help"
			continue
		}
		positional = append(positional, word(w))
	}
	prefix := ""
	if name, value, ok := strings.Cut(cur, "="); ok && pending == "" && !dashes && isFlag(name) {
		if canonical, takes := valueFlag(app, cmd, strings.TrimLeft(name, "-")); takes {
			pending, prefix, cur = canonical, name+"=", value
		}
	}
	// The word being completed is as typed in every shell (fish's
	// commandline -ct too): o\'b, 'o'\''b and "o'b" all begin o'brien@….
	cur = shell.Unquote(cur, "")
	var out []string
	switch {
	case pending != "":
		out = flagValues(e, cmd, pending, file, lists, positional)
	case help && cmd == nil:
		out = commandNames(app)
	case help:
		// "roster help plan": nothing more.
	case dashes && cmd != nil:
		out = argumentValues(e, cmd, file, lists, positional)
	case dashes:
		// "roster --": no command to give arguments to.
	case cmd == nil && strings.HasPrefix(cur, "-"):
		// urfave/cli adds --help when it runs.
		out = append(flagNames(app.Flags), "--help")
	case cmd == nil:
		out = commandNames(app)
	case strings.HasPrefix(cur, "-"):
		// The global flags may follow the command (roster plan
		// --verbose), all but --version, which runs no command.
		global := slices.DeleteFunc(flagNames(app.Flags), func(n string) bool { return n == "--version" })
		out = append(append(flagNames(cmd.Flags), global...), "--help")
	default:
		out = argumentValues(e, cmd, file, lists, positional)
	}
	sort.Strings(out)
	out = slices.Compact(out)
	for _, c := range out {
		if !strings.HasPrefix(c, cur) {
			continue
		}
		if forShell == "bash" {
			fmt.Fprintln(e.stdout, shell.Quote(prefix+c))
			continue
		}
		fmt.Fprintln(e.stdout, prefix+c)
	}
}

// commandNames are the commands a person may type.
func commandNames(app *cli.App) []string {
	var out []string
	for _, c := range app.Commands {
		if !c.Hidden {
			out = append(out, c.Name)
		}
	}
	return out
}

// valueFlag returns the first name of the flag name (of cmd, or global;
// before the command, of any command) and whether it takes a value.
func valueFlag(app *cli.App, cmd *cli.Command, name string) (string, bool) {
	t := commandFlagTable(app)
	if cmd != nil {
		t = flagTable(cmd.Flags)
	}
	f, ok := t[name]
	if !ok {
		f, ok = globalTable(app)[name]
	}
	return f.canonical, ok && f.takes
}

func flagNames(flags []cli.Flag) []string {
	var out []string
	for _, f := range flags {
		if d, ok := f.(cli.VisibleFlag); ok && !d.IsVisible() {
			continue
		}
		for _, n := range f.Names() {
			if len(n) > 1 {
				out = append(out, "--"+n)
			}
		}
	}
	return out
}

// flagValues offers the values of the flag (by its first name) that fit
// here: list ids (with roles, for add), the formats cmd offers, member
// addresses, the vetting methods of the lists concerned; nothing for a
// flag whose values roster does not know.
func flagValues(e *env, cmd *cli.Command, flag, file string, lists, positional []string) []string {
	switch flag {
	case "format":
		var out []string
		for _, f := range formatsOf(cmd) {
			out = append(out, string(f))
		}
		return out
	case "log-format":
		return []string{"text", "json"}
	}
	s := e.suggestions(file)
	member := ""
	if len(positional) > 0 {
		member = positional[0]
	}
	switch flag {
	case "list":
		return s.Lists(cmd != nil && cmd.Name == "add")
	case "member":
		return s.Members()
	case "by":
		return s.Vetters(lists, member)
	case "method":
		return s.Methods(lists, member)
	}
	return nil
}

// argumentValues offers the command's arguments: the members' addresses
// as EMAIL (for role and remove with --list, those on every list named;
// for add, those not yet on them), a role, a shell; nothing else (the
// shell completes file names itself).
func argumentValues(e *env, cmd *cli.Command, file string, lists, positional []string) []string {
	switch cmd.Name {
	case "vet", "remove", "add", "role":
		if len(positional) == 0 {
			s := e.suggestions(file)
			switch {
			case len(lists) == 0 || cmd.Name == "vet":
				return s.Members()
			case cmd.Name == "add":
				return s.MembersOn(lists, false)
			}
			return s.MembersOn(lists, true)
		}
		if cmd.Name == "role" && len(positional) == 1 {
			return []string{"owner", "manager", "member"}
		}
	case "completion":
		if len(positional) == 0 {
			return []string{"bash", "zsh", "fish"}
		}
	}
	return nil
}

// suggestions reads the members file for completion, quietly: a
// missing or broken file, or one no command would read, completes
// nothing.
func (e *env) suggestions(file string) workspace.Suggestions {
	return e.newWorkspace(workspace.Context{}).Suggest(context.Background(), e.fileNamed(file, file != ""))
}

// bashCompletion, zshCompletion and fishCompletion ask roster itself
// what may come next.
//
// bash splits the words it completes at the characters of
// COMP_WORDBREAKS, ':', '=' and '@' among them by default (bash 5.2):
// "--list aw:ow" reaches COMP_WORDS as "aw" ":" "ow", "--list=a" as
// "--list" "=" "a", and "ada@example.org" as "ada" "@" "example.org".
// The script joins back what the line writes without a space between
// around any of those characters that a word may hold (all of
// COMP_WORDBREAKS but spaces, quotes and the shell's operators; as
// bash-completion's _get_comp_words_by_ref -n =:@ does), asks roster
// about the whole word, and hands bash each candidate less what ends at
// the word's last such character: readline replaces only what follows
// it (as __ltrim_colon_completions does), but for '@' and '$', bash's
// rl_special_prefixes, which readline leaves at the start of the text
// it replaces, so the candidate keeps them ("@example.org" for
// "ada@ex": readline would replace "@ex" with "example.org" and lose
// the '@').
const bashCompletion = `# bash completion for roster; load with:  source <(roster completion bash)
_roster_complete() {
  local line="${COMP_LINE:0:COMP_POINT}" w i n=0 trimmed drop="" seps="${COMP_WORDBREAKS-}"
  local -a words=() found=()
  # The characters bash splits at that a word may hold (: = @).
  seps="${seps//[[:space:]\"\'<>;|&()]/}"
  for ((i = 0; i <= COMP_CWORD; i++)); do
    w="${COMP_WORDS[i]}"
    trimmed="${line#"${line%%[![:space:]]*}"}"
    if ((n > 0)) && [[ -n $seps && ${#trimmed} == "${#line}" && ( ${w:0:1} == ["$seps"] || ${words[n-1]: -1} == ["$seps"] ) ]]; then
      words[n-1]="${words[n-1]}$w"
    else
      words[n]="$w"
      n=$((n + 1))
    fi
    line="${trimmed:${#w}}"
  done
  local cur="${words[n-1]}"
  for ((i = ${#cur} - 1; i >= 0; i--)); do
    w="${cur:i:1}"
    if [[ -n $seps && $w == ["$seps"] ]]; then
      # readline keeps a '@' or '$' break in the text it replaces.
      if [[ $w == [@\$] ]]; then
        drop="${cur:0:i}"
      else
        drop="${cur:0:i+1}"
      fi
      break
    fi
  done
  # roster has matched each candidate with the word as the shell reads
  # it ('chen, "chen and chen alike): none is filtered again here.
  while IFS= read -r w; do
    found+=("${w#"$drop"}")
  done < <(ROSTER_COMPLETION_SHELL=bash "${words[@]}" --generate-bash-completion 2>/dev/null)
  COMPREPLY=("${found[@]}")
  return 0
}
complete -o bashdefault -o default -F _roster_complete roster
`

// zsh's _describe reads "value:description": a ':' in a candidate
// (security-reports:owner) is escaped, or zsh offers "security-reports".
const zshCompletion = `#compdef roster
# zsh completion for roster; load with:  source <(roster completion zsh)
_roster() {
  local -a opts words_before
  local cur=${words[CURRENT]}
  words_before=("${(@)words[1,CURRENT-1]}" "$cur")
  opts=("${(@f)$(ROSTER_COMPLETION_SHELL=zsh "${words_before[@]}" --generate-bash-completion 2>/dev/null)}")
  if [[ "${opts[1]}" != "" ]]; then
    opts=("${(@)opts//:/\\:}")
    _describe 'values' opts
  else
    _files
  fi
}
compdef _roster roster
`

// fish offers file names when roster has nothing to offer (after --file,
// --out).
const fishCompletion = `# fish completion for roster; save as ~/.config/fish/completions/roster.fish
function __roster_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l found (ROSTER_COMPLETION_SHELL=fish $words --generate-bash-completion 2>/dev/null)
    if test (count $found) -gt 0
        printf '%s\n' $found
    else
        __fish_complete_path (commandline -ct)
    end
end
complete -c roster -f -a '(__roster_complete)'
`

func completionScript(e *env, shell string) error {
	scripts := map[string]string{"bash": bashCompletion, "zsh": zshCompletion, "fish": fishCompletion}
	script, ok := scripts[shell]
	if !ok {
		return fmt.Errorf("completion %s: roster completes bash, zsh and fish", shell)
	}
	_, err := io.WriteString(e.stdout, script)
	return err
}

// fileWord is the path a --file value names, as the shell passes it to
// roster: unquoted (fish hands words over unquoted already: a quote
// left is the path's own, it's/members.toml), a leading ~ home in a
// word of its own (never after --file=, which no shell expands, and
// roster reads ./~/…), and a $VARIABLE outside single quotes read from
// the environment (nothing is run).
func fileWord(value string, joined, fish bool, getenv func(string) string) string {
	home := getenv("HOME")
	if joined {
		home = ""
	}
	file := value
	switch {
	case !fish:
		file = shell.Unquote(value, home)
	case home != "" && (value == "~" || strings.HasPrefix(value, "~/")):
		file = home + value[1:]
	}
	if strings.Contains(file, "$") && (fish || !strings.HasPrefix(value, "'")) {
		file = os.Expand(file, getenv)
	}
	return file
}
