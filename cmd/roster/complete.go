package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/members"
)

// completionFlag is what the shell scripts append to ask roster what may
// come next.
const completionFlag = "--generate-bash-completion"

func isCompletion(args []string) bool {
	return len(args) > 1 && args[len(args)-1] == completionFlag
}

// complete prints what may come next after the words typed so far: the
// commands, a command's flags, a flag's values (list ids and formats),
// or member addresses, from the members file. It never runs a command,
// whatever the words are ("roster sync --emulator --" included). The
// last word is the one being completed (the scripts pass it, empty when
// nothing is typed yet).
func complete(e *env, app *cli.App, args []string) {
	words := args[1 : len(args)-1]
	cur := ""
	if n := len(words); n > 0 {
		cur, words = words[n-1], words[:n-1]
	}
	var cmd *cli.Command
	file := ""
	positional := 0
	for i := 0; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w, "-") && w != "--" {
			name, value, hasValue := strings.Cut(strings.TrimLeft(w, "-"), "=")
			if name == "file" || name == "f" {
				if hasValue {
					file = value
				} else if i+1 < len(words) {
					file = words[i+1]
				}
			}
			if !hasValue && takesValue(app, cmd, name) {
				i++
			}
			continue
		}
		if cmd == nil {
			cmd = findCommand(app, w)
			continue
		}
		positional++
	}
	var out []string
	switch {
	case cmd == nil && strings.HasPrefix(cur, "-"):
		out = flagNames(app.Flags)
	case cmd == nil:
		for _, c := range app.Commands {
			if !c.Hidden {
				out = append(out, c.Name)
			}
		}
	case strings.HasPrefix(cur, "-"):
		out = flagNames(cmd.Flags)
	default:
		out = valuesAfter(e, cmd, words, file, positional)
	}
	sort.Strings(out)
	for _, c := range out {
		if strings.HasPrefix(c, cur) {
			fmt.Fprintln(e.stdout, c)
		}
	}
}

func takesValue(app *cli.App, cmd *cli.Command, name string) bool {
	flags := app.Flags
	if cmd != nil {
		flags = append(append([]cli.Flag(nil), cmd.Flags...), app.Flags...)
	}
	takes, ok := lookup(flagTable(flags), "--"+name)
	return ok && takes
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

// valuesAfter offers the values that fit where the cursor is: after a
// flag that takes list ids or a format, those; as a command's EMAIL
// argument, the members' addresses; nothing else (the shell completes
// file names itself).
func valuesAfter(e *env, cmd *cli.Command, words []string, file string, positional int) []string {
	prev := ""
	if len(words) > 0 {
		prev = strings.TrimLeft(words[len(words)-1], "-")
	}
	f := e.completionFile(file)
	switch prev {
	case "list", "l":
		if f == nil {
			return nil
		}
		var out []string
		for _, l := range f.Lists {
			out = append(out, l.ID)
			if cmd.Name == "add" {
				for _, r := range []string{"owner", "manager", "member"} {
					out = append(out, l.ID+":"+r)
				}
			}
		}
		return out
	case "format":
		return []string{"text", "json", "markdown", "github", "csv"}
	case "member", "by":
		return addresses(f)
	}
	switch cmd.Name {
	case "vet", "remove", "add", "role":
		if positional == 0 {
			return addresses(f)
		}
		if cmd.Name == "role" && positional == 1 {
			return []string{"owner", "manager", "member"}
		}
	case "completion":
		return []string{"bash", "zsh", "fish"}
	}
	return nil
}

func addresses(f *members.File) []string {
	if f == nil {
		return nil
	}
	out := make([]string, 0, len(f.Members))
	for _, m := range f.Members {
		out = append(out, m.Email)
	}
	return out
}

// completionFile reads the members file for completion, quietly: a
// missing or broken file completes nothing.
func (e *env) completionFile(file string) *members.File {
	if file == "" {
		file = e.getenv("ROSTER_FILE")
	}
	if file == "" {
		file = "members.toml"
	}
	if e.workdir != "" && !filepath.IsAbs(file) {
		file = filepath.Join(e.workdir, file)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	f, err := members.Parse(file, data)
	if err != nil {
		return nil
	}
	return f
}

// bashCompletion and zshCompletion ask roster itself what may come next.
const bashCompletion = `# bash completion for roster; load with:  source <(roster completion bash)
_roster_complete() {
  local cur
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  local -a words=("${COMP_WORDS[@]:0:$COMP_CWORD}" "$cur")
  COMPREPLY=($(compgen -W "$("${words[@]}" --generate-bash-completion 2>/dev/null)" -- "${cur}"))
  return 0
}
complete -o bashdefault -o default -o nospace -F _roster_complete roster
`

const zshCompletion = `#compdef roster
# zsh completion for roster; load with:  source <(roster completion zsh)
_roster() {
  local -a opts words_before
  local cur=${words[CURRENT]}
  words_before=("${(@)words[1,CURRENT-1]}" "$cur")
  opts=("${(@f)$("${words_before[@]}" --generate-bash-completion 2>/dev/null)}")
  if [[ "${opts[1]}" != "" ]]; then
    _describe 'values' opts
  else
    _files
  fi
}
compdef _roster roster
`

const fishCompletion = `# fish completion for roster; save as ~/.config/fish/completions/roster.fish
function __roster_complete
    set -l words (commandline -opc) (commandline -ct)
    $words --generate-bash-completion 2>/dev/null
end
complete -c roster -f -a '(__roster_complete)'
`

func completionScript(e *env, shell string) error {
	switch shell {
	case "bash":
		_, err := fmt.Fprint(e.stdout, bashCompletion)
		return err
	case "zsh":
		_, err := fmt.Fprint(e.stdout, zshCompletion)
		return err
	case "fish":
		_, err := fmt.Fprint(e.stdout, fishCompletion)
		return err
	}
	return fmt.Errorf("completion %s: roster completes bash, zsh and fish", shell)
}
