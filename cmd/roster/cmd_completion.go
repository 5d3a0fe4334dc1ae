package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// bashCompletion and zshCompletion are urfave/cli's completion scripts
// for roster: the shell asks roster itself what may come next.
const bashCompletion = `# bash completion for roster; load with:  source <(roster completion bash)
_roster_complete() {
  local cur words cword
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  words=("${COMP_WORDS[@]:0:$COMP_CWORD}")
  local request
  if [[ "$cur" == "-"* ]]; then
    request="${words[*]} ${cur} --generate-bash-completion"
  else
    request="${words[*]} --generate-bash-completion"
  fi
  COMPREPLY=($(compgen -W "$(eval "${request}" 2>/dev/null)" -- "${cur}"))
  return 0
}
complete -o bashdefault -o default -o nospace -F _roster_complete roster
`

const zshCompletion = `#compdef roster
# zsh completion for roster; load with:  source <(roster completion zsh)
_roster() {
  local -a opts
  local cur=${words[-1]}
  if [[ "$cur" == "-"* ]]; then
    opts=("${(@f)$(${words[@]:0:#words[@]-1} ${cur} --generate-bash-completion)}")
  else
    opts=("${(@f)$(${words[@]:0:#words[@]-1} --generate-bash-completion)}")
  fi
  if [[ "${opts[1]}" != "" ]]; then
    _describe 'values' opts
  else
    _files
  fi
}
compdef _roster roster
`

func completionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script (bash, zsh or fish)",
		UsageText: "roster completion bash|zsh|fish",
		Description: `Prints a script that completes roster's commands and flags:

  source <(roster completion bash)                  # in ~/.bashrc
  source <(roster completion zsh)                   # in ~/.zshrc
  roster completion fish > ~/.config/fish/completions/roster.fish`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return fmt.Errorf("completion needs the shell: roster completion bash, zsh or fish")
			}
			switch shell := c.Args().First(); shell {
			case "bash":
				_, err := fmt.Fprint(e.stdout, bashCompletion)
				return err
			case "zsh":
				_, err := fmt.Fprint(e.stdout, zshCompletion)
				return err
			case "fish":
				script, err := c.App.ToFishCompletion()
				if err != nil {
					return err
				}
				_, err = fmt.Fprint(e.stdout, strings.TrimSpace(script)+"\n")
				return err
			default:
				return fmt.Errorf("completion %s: roster completes bash, zsh and fish", shell)
			}
		},
	}
}
